"""The dashboard's figures for a period and for the year to date, each with the list behind it.

One read unit of work, a handful of aggregate queries (COUNT, SUM, GROUP BY, an ordered median),
nothing loaded as ORM objects. Every figure is defined here once, and tests/services/
test_dashboard.py checks each against a data set built by hand.

The period is whole days, both ends included (see :class:`DashboardFilter`). The year to date is
1 January of ``period_end``'s year to ``period_end``. With an area, "in the area" means the area
or any area below it: an idea by its area, an observation by its area, a savings entry by its
idea's area, an action or a card by its idea's area, a person by their home area.

Definitions:

- **ideas submitted**: ideas created in the period.
- **active people**: people whose active flag is set now (the flag has no history), in the area
  by their home area; the whole site counts everyone active, with or without a home area.
- **ideas per person per year**: ideas submitted ÷ active people × 365 ÷ days in the period.
  None with no active people.
- **participation**: active people (as above) who submitted at least one idea in the period,
  wherever the idea was, ÷ active people; a share from 0 to 1. None with no active people.
- **implementation rate**: ideas standardised ÷ ideas decided, where decided means closed in the
  period as standardised, abandoned or rejected (their ``closed_at``); a share from 0 to 1. None
  when nothing was decided. Ideas still accepted and running are not counted either way.
- **median days to done**: the median of ``closed_at - created_at`` in days (with the fraction)
  of the ideas closed as standardised in the period; with an even number, the mean of the two
  middle ones. None when none was standardised.
- **validated savings**: the sum of validated actual entries (forecasts never count) whose month
  touches the period: from the month of ``period_start`` to the month of ``period_end``.
  Validated corrections count, as they net into the month they correct.
- **top wastes**: the three wastes whose observations seen in the period cost the most per year
  (:func:`kaizen.services.analytics.waste_costs`), with that cost and the count.

Two figures are a snapshot "as of" a moment rather than a sum over the period, and are the same
for the period and the year to date: the moment is the clock's now when ``period_end`` is today
or later, else the midnight after ``period_end`` (the board as it stood when the period ended).

- **overdue actions**: Do actions not done at that moment whose due date is before its day
  (``due_date < as_of``, as the PDCA view flags them), on cycles open at that moment.
- **stalled cards**: cycles open at that moment that had spent ``stale_after_days`` (site
  setting) or more whole days in their stage, the board's "stale" band
  (:func:`kaizen.domain.pdca.age_band`, inclusive). The stage a cycle was in at the moment comes
  from the stage-change history, so a past period is judged as it stood.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from kaizen.db.models import PdcaAction, PdcaCycle, Person, StageChange, Suggestion
from kaizen.domain.enums import SuggestionStatus, WasteCategory
from kaizen.services.analytics import (
    DashboardFilter,
    ParetoBar,
    Scope,
    check_filter,
    month_key,
    savings_sum,
    waste_costs,
    yearly_cost_sql,
)
from kaizen.services.base import Service
from kaizen.services.listing import IdeaFilter, ObservationFilter
from kaizen.services.people import AreaInfo, area_infos
from kaizen.services.site_settings import SiteSettings, load_settings

if TYPE_CHECKING:
    # The board's module (and through it the ideas' and photos') is imported only when a
    # figure opens the board: not at start, where the dashboard is the first screen.
    from kaizen.services.board import BoardFilter

__all__ = [
    "DashboardFigures",
    "DashboardFilter",
    "DashboardScreen",
    "DashboardService",
    "Drilldown",
    "Figure",
    "PeriodFigures",
    "TopWaste",
]

DAYS_PER_YEAR = 365
TOP_WASTES = 3
DECIDED = (SuggestionStatus.STANDARDISED, SuggestionStatus.ABANDONED, SuggestionStatus.REJECTED)

DrillTarget = Literal["ideas", "observations", "board", "savings"]
# Which date of the rows the range of a drilldown applies to.
DateField = Literal["created", "closed", "observed", "month", "due"]


@dataclass(frozen=True, slots=True)
class Drilldown:
    """The list behind a figure, as the view that shows it needs it.

    ``target`` names the view; ``date_from``/``date_to`` are whole days, both included, applied
    to ``date_field`` of the rows. For savings, ``month_from``/``month_to`` ("YYYY-MM", both
    included) are the months. ``as_of`` is the day an overdue or stalled snapshot was taken.
    """

    target: DrillTarget
    area_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    date_field: DateField = "created"
    statuses: tuple[SuggestionStatus, ...] = ()
    categories: tuple[WasteCategory, ...] = ()
    month_from: str | None = None
    month_to: str | None = None
    validated_only: bool = False
    only_overdue: bool = False
    only_stalled: bool = False
    stale_after_days: int | None = None
    as_of: date | None = None

    def idea_filter(self) -> IdeaFilter | None:
        """The ideas-list filter showing exactly these ideas, or None for another target."""
        if self.target != "ideas":
            return None
        if self.date_field == "closed":
            return IdeaFilter(area_id=self.area_id, statuses=self.statuses,
                              closed_from=self.date_from, closed_to=self.date_to)
        return IdeaFilter(area_id=self.area_id, statuses=self.statuses,
                          date_from=self.date_from, date_to=self.date_to)

    def board_filter(self) -> BoardFilter | None:
        """The board filter showing these cards (the board shows them as they are now)."""
        if self.target != "board":
            return None
        from kaizen.services.board import BoardFilter

        return BoardFilter(area_id=self.area_id, overdue_only=self.only_overdue,
                           stalled_only=self.only_stalled)

    def observation_filter(self) -> ObservationFilter | None:
        """The waste-walk filter showing exactly these observations, or None."""
        if self.target != "observations":
            return None
        return ObservationFilter(area_id=self.area_id, categories=self.categories,
                                 date_from=self.date_from, date_to=self.date_to)


@dataclass(frozen=True, slots=True)
class Figure:
    """One number on the dashboard. ``value`` is None when it is not defined (nothing to divide
    by, nothing to take the median of); rates are shares from 0 to 1, with the counts they come
    from in ``numerator`` and ``denominator``."""

    value: float | None
    drilldown: Drilldown
    numerator: float | None = None
    denominator: float | None = None


@dataclass(frozen=True, slots=True)
class TopWaste:
    category: WasteCategory
    label: str
    yearly_cost: float
    count: int
    drilldown: Drilldown


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    """The figures summed over one range of days (the period, or the year to date)."""

    start: date
    end: date
    active_people: int
    ideas_submitted: Figure
    ideas_per_person_year: Figure
    participation: Figure
    implementation_rate: Figure
    median_days_to_done: Figure
    validated_savings: Figure
    top_wastes: tuple[TopWaste, ...]


@dataclass(frozen=True, slots=True)
class DashboardFigures:
    filter: DashboardFilter
    period: PeriodFigures
    year_to_date: PeriodFigures
    # The day the snapshot figures were taken (today, or the end of a past period).
    as_of: date
    overdue_actions: Figure
    stalled_cards: Figure
    stale_after_days: int
    currency: str


@dataclass(frozen=True, slots=True)
class DashboardScreen:
    """All the Dashboard page shows above its charts, read together: the figures, the areas for
    its area picker (tree order, active only), the site's name and its currency (the charts,
    drawn later in their own tasks, take it from here rather than reading the settings again)."""

    figures: DashboardFigures
    areas: list[AreaInfo]
    site_name: str
    currency: str


class DashboardService(Service):
    """Read-only figures for the dashboard; anyone may read them."""

    def figures(self, filter: DashboardFilter) -> DashboardFigures:
        now = self._clock()
        with self._db.read() as s:
            return _figures(s, filter, load_settings(s), now)

    def screen(self, filter: DashboardFilter) -> DashboardScreen:
        """The Dashboard page's one read (one transaction): :meth:`figures`, the areas and the
        settings it shows, so the cards, the picker and the subtitle agree with each other."""
        now = self._clock()
        with self._db.read() as s:
            settings = load_settings(s)
            figures = _figures(s, filter, settings, now)
            areas = area_infos(s)
        return DashboardScreen(figures, areas, settings.site_name, settings.currency)


def _figures(s: Session, filter: DashboardFilter, settings: SiteSettings,
             now: datetime) -> DashboardFigures:
    scope = check_filter(s, filter)
    people = _active_people(s, scope)
    # Built once: it reads the area tree and the rates.
    cost = yearly_cost_sql(s, scope.area_ids, settings.default_hourly_rate)
    period = _period_figures(s, scope, people, cost)
    year = scope.with_dates(date(scope.end.year, 1, 1), scope.end)
    # A period that is exactly the year to date is counted once.
    ytd = period if year.start == scope.start else _period_figures(s, year, people, cost)
    moment = now if scope.end >= now.date() else _midnight_after(scope.end)
    as_of = moment.date() if moment is now else scope.end
    overdue = _overdue_actions(s, scope, as_of, moment)
    stalled = _stalled_cards(s, scope, moment, settings.stale_after_days)
    board = Drilldown(target="board", area_id=scope.area_id, as_of=as_of)
    return DashboardFigures(
        filter=filter,
        period=period,
        year_to_date=ytd,
        as_of=as_of,
        overdue_actions=Figure(overdue, replace(board, only_overdue=True)),
        stalled_cards=Figure(
            stalled,
            replace(board, only_stalled=True, stale_after_days=settings.stale_after_days),
        ),
        stale_after_days=settings.stale_after_days,
        currency=settings.currency,
    )


def _midnight_after(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min)


# --- the figures of a range of days ------------------------------------------------------------


def _period_figures(s: Session, scope: Scope, people: int, cost: Any) -> PeriodFigures:
    ideas = Drilldown(target="ideas", area_id=scope.area_id, date_from=scope.start,
                      date_to=scope.end, date_field="created")
    submitted = _ideas_submitted(s, scope)
    participants = _participants(s, scope)
    standardised, decided = _decisions(s, scope)
    months = (month_key(scope.start), month_key(scope.end))
    return PeriodFigures(
        start=scope.start,
        end=scope.end,
        active_people=people,
        ideas_submitted=Figure(submitted, ideas),
        ideas_per_person_year=Figure(
            None if people == 0 else submitted / people * DAYS_PER_YEAR / scope.days,
            ideas, numerator=float(submitted), denominator=float(people),
        ),
        participation=Figure(
            None if people == 0 else participants / people, ideas,
            numerator=float(participants), denominator=float(people),
        ),
        implementation_rate=Figure(
            None if decided == 0 else standardised / decided,
            replace(ideas, date_field="closed", statuses=DECIDED),
            numerator=float(standardised), denominator=float(decided),
        ),
        median_days_to_done=Figure(
            _median_days_to_done(s, scope, standardised),
            replace(ideas, date_field="closed", statuses=(SuggestionStatus.STANDARDISED,)),
        ),
        validated_savings=Figure(
            savings_sum(s, scope, *months),
            Drilldown(target="savings", area_id=scope.area_id, month_from=months[0],
                      month_to=months[1], date_field="month", validated_only=True),
        ),
        top_wastes=tuple(
            _top_waste(bar, scope) for bar in waste_costs(s, scope, cost)[:TOP_WASTES]
        ),
    )


def _top_waste(bar: ParetoBar, scope: Scope) -> TopWaste:
    return TopWaste(
        category=bar.category, label=bar.label, yearly_cost=bar.yearly_cost, count=bar.count,
        drilldown=Drilldown(target="observations", area_id=scope.area_id, date_from=scope.start,
                            date_to=scope.end, date_field="observed",
                            categories=(bar.category,)),
    )


def _created_in(scope: Scope) -> list[Any]:
    s = Suggestion
    return [s.created_at >= scope.lower, s.created_at < scope.upper]


def _closed_in(scope: Scope) -> list[Any]:
    s = Suggestion
    return [s.closed_at >= scope.lower, s.closed_at < scope.upper]


def _ideas_submitted(s: Session, scope: Scope) -> int:
    query = select(func.count(Suggestion.id)).where(
        *_created_in(scope), *scope.in_area(Suggestion.area_id)
    )
    return int(s.scalar(query) or 0)


def _people_where(scope: Scope) -> list[Any]:
    return [Person.active.is_(True), *scope.in_area(Person.home_area_id)]


def _active_people(s: Session, scope: Scope) -> int:
    return int(s.scalar(select(func.count(Person.id)).where(*_people_where(scope))) or 0)


def _participants(s: Session, scope: Scope) -> int:
    # One index seek per person on (submitter_id, created_at): a site has hundreds of people
    # and tens of thousands of ideas a year.
    submitted = exists().where(Suggestion.submitter_id == Person.id, *_created_in(scope))
    query = select(func.count(Person.id)).where(*_people_where(scope), submitted)
    return int(s.scalar(query) or 0)


def _decisions(s: Session, scope: Scope) -> tuple[int, int]:
    """(standardised, decided) among the ideas closed in the period."""
    query = (
        select(Suggestion.status, func.count(Suggestion.id))
        .where(Suggestion.status.in_(DECIDED), *_closed_in(scope),
               *scope.in_area(Suggestion.area_id))
        .group_by(Suggestion.status)
    )
    counts = {status: int(n) for status, n in s.execute(query)}
    return counts.get(SuggestionStatus.STANDARDISED, 0), sum(counts.values())


def _days_between(dialect: str, start: Any, end: Any) -> Any:
    if dialect == "sqlite":
        return func.julianday(end) - func.julianday(start)
    # PostgreSQL (and others with EXTRACT over an interval).
    return func.extract("epoch", end - start) / 86400.0


def _median_days_to_done(s: Session, scope: Scope, n: int) -> float | None:
    """The median in SQL: of the ``n`` ideas standardised in the period (counted by
    :func:`_decisions` in the same read), read the middle one or two in duration order."""
    done = [Suggestion.status == SuggestionStatus.STANDARDISED, *_closed_in(scope),
            *scope.in_area(Suggestion.area_id)]
    if n == 0:
        return None
    days = _days_between(s.get_bind().dialect.name, Suggestion.created_at, Suggestion.closed_at)
    middle = [
        float(v) for v in s.scalars(
            select(days).where(*done).order_by(days).limit(2 - n % 2).offset((n - 1) // 2)
        )
    ]
    return sum(middle) / len(middle)


# --- snapshots -------------------------------------------------------------------------------


def _open_at(moment: datetime) -> list[Any]:
    c = PdcaCycle
    return [c.started_at <= moment, or_(c.closed_at.is_(None), c.closed_at > moment)]


def _overdue_actions(s: Session, scope: Scope, as_of: date, moment: datetime) -> int:
    a = PdcaAction
    query = (
        select(func.count(a.id))
        .join(PdcaCycle, PdcaCycle.id == a.cycle_id)
        .where(a.due_date < as_of, or_(a.done_at.is_(None), a.done_at > moment),
               *_open_at(moment))
    )
    if scope.area_ids is not None:
        query = query.join(Suggestion, Suggestion.id == PdcaCycle.suggestion_id).where(
            *scope.joined_in_area(Suggestion.area_id)
        )
    return int(s.scalar(query) or 0)


def _stalled_cards(s: Session, scope: Scope, moment: datetime, stale_after_days: int) -> int:
    c = PdcaCycle
    # When the cycle entered the stage it was in at ``moment``: its last move up to then. Every
    # cycle opens with a move into Plan; started_at covers a history that lacks it.
    entered = func.coalesce(
        select(func.max(StageChange.at))
        .where(StageChange.cycle_id == c.id, StageChange.at <= moment)
        .scalar_subquery(),
        c.started_at,
    )
    query = select(func.count(c.id)).where(
        *_open_at(moment), entered <= moment - timedelta(days=stale_after_days)
    )
    if scope.area_ids is not None:
        query = query.join(Suggestion, Suggestion.id == c.suggestion_id).where(
            *scope.joined_in_area(Suggestion.area_id)
        )
    return int(s.scalar(query) or 0)
