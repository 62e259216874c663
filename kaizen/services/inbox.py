"""The inbox: what waits for the person working, in one read (issue 22).

Five kinds of work, each only for those whose role lets them do it (kaizen.domain.permissions):

- **ideas to review** (reviewers): ideas submitted or under review;
- **my overdue actions**: open Do actions I own whose due date has passed;
- **cards waiting on me**: open PDCA cycles of ideas I own that have been in their stage for
  the site's "ageing" days (Site settings, as the board marks them);
- **savings to validate** (validators): actual savings entries nobody has validated yet;
- **KPI signals on my processes** (those who map processes): an improvement not holding, or a
  new bottleneck (the dashboard's check, :mod:`kaizen.services.kpis`), on the processes of my
  home area and the areas below it (every process when I have no home area).

:meth:`InboxService.inbox` counts the items of each kind (exactly up to :data:`COUNT_CAP`,
then "1,000+") and lists the oldest :data:`ITEMS_PER_KIND` of each, in one read transaction;
each item carries the ids that open its record. bench/inbox.py times it on the benchmark set
against the same statements in plain sqlite3 (the target: under 50 ms on the large set).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Date,
    DateTime,
    FromClause,
    Integer,
    ScalarSelect,
    Select,
    bindparam,
    func,
    literal_column,
    select,
)
from sqlalchemy.orm import Session

from kaizen.db.models import (
    Area,
    KpiSeries,
    PdcaAction,
    PdcaCycle,
    Person,
    Process,
    SavingsEntry,
    Suggestion,
)
from kaizen.domain.enums import SavingsKind, SuggestionStatus
from kaizen.domain.months import months_between
from kaizen.domain.numbers import format_money, format_number
from kaizen.domain.permissions import Action, can
from kaizen.i18n import translate
from kaizen.services.base import Service, load_actor, table_of
from kaizen.services.kpis import _chart, _new_bottleneck, _not_holding
from kaizen.services.listing import _area_and_below
from kaizen.services.people import load_settings

ITEMS_PER_KIND = 50
# Counted exactly up to here; beyond it a kind shows "1,000+". Counting every one of 51,000
# ideas waiting for review took most of the inbox's time on the large benchmark set, and
# nobody works through a queue by its exact length past a thousand.
COUNT_CAP = 1000
_TO_REVIEW = (SuggestionStatus.SUBMITTED, SuggestionStatus.UNDER_REVIEW)


class InboxKind(enum.StrEnum):
    REVIEW = "review"
    OVERDUE_ACTION = "overdue_action"
    WAITING_CARD = "waiting_card"
    SAVINGS = "savings"
    KPI_SIGNAL = "kpi_signal"

    @property
    def label(self) -> str:
        return {
            InboxKind.REVIEW: translate("services.inbox", "Ideas to review"),
            InboxKind.OVERDUE_ACTION: translate("services.inbox", "My overdue actions"),
            InboxKind.WAITING_CARD: translate("services.inbox", "Cards waiting on me"),
            InboxKind.SAVINGS: translate("services.inbox", "Savings to validate"),
            InboxKind.KPI_SIGNAL: translate("services.inbox", "KPI signals on my processes"),
        }[self]


@dataclass(frozen=True, slots=True)
class InboxItem:
    """One thing that waits; the ids say which record opens it."""

    kind: InboxKind
    title: str
    detail: str
    suggestion_id: int | None = None
    cycle_id: int | None = None
    savings_id: int | None = None
    process_id: int | None = None
    series_id: int | None = None


@dataclass(frozen=True, slots=True)
class Inbox:
    person_id: int
    # Every kind the person's role has, with how many items wait (more than listed, maybe).
    counts: dict[InboxKind, int] = field(default_factory=dict)
    items: tuple[InboxItem, ...] = ()

    @property
    def total(self) -> int:
        """Everything waiting (at most :data:`COUNT_CAP` + 1 per kind; see :attr:`capped`)."""
        return sum(self.counts.values())

    @property
    def capped(self) -> bool:
        """True when some kind holds more than :data:`COUNT_CAP` items (counted no further)."""
        return any(count > COUNT_CAP for count in self.counts.values())

    def count_text(self, kind: InboxKind | None = None) -> str:
        """ "12", or "1,000+" past the cap (a kind's count, or the total with None)."""
        if kind is None:
            total = format_number(self.total)
            return f"{total}+" if self.capped else total
        count = self.counts.get(kind, 0)
        return f"{format_number(COUNT_CAP)}+" if count > COUNT_CAP else format_number(count)

    def of(self, kind: InboxKind) -> list[InboxItem]:
        return [item for item in self.items if item.kind is kind]


# Core statements, built once with their parameters bound at each call: building and compiling
# the ORM statements cost more than the database's work (bench/inbox.py).
_SUG, _ACT, _CYC = table_of(Suggestion), table_of(PdcaAction), table_of(PdcaCycle)
_SAV, _AREA = table_of(SavingsEntry), table_of(Area)
_ME: BindParameter[int] = bindparam("me", type_=Integer)
_TODAY: BindParameter[date] = bindparam("today", type_=Date)
_AGED: BindParameter[datetime] = bindparam("aged", type_=DateTime)
_OVERDUE = (_ACT.c.owner_id == _ME, _ACT.c.done_at.is_(None), _ACT.c.due_date < _TODAY,
            _CYC.c.closed_at.is_(None))
_WAITING = (_SUG.c.owner_id == _ME, _CYC.c.closed_at.is_(None),
            _CYC.c.stage_entered_at <= _AGED)
# Unvalidated actuals, written as seeks into the (month, kind, is_forecast, validated_at, ...)
# index: every month from the first entry's to the last one's, every kind. The plain
# "validated_at IS NULL" scanned the whole index (26 ms over 114,000 entries; this, under 1 ms).
_MONTHS: BindParameter[list[str]] = bindparam("months", expanding=True)
_UNVALIDATED = (_SAV.c.month.in_(_MONTHS), _SAV.c.kind.in_(list(SavingsKind)),
                _SAV.c.is_forecast.is_(False), _SAV.c.validated_at.is_(None))
# Two scalar subqueries: SQLite reads a lone min() or max() from the index's end, not both.
_MONTH_BOUNDS = select(select(func.min(_SAV.c.month)).scalar_subquery(),
                       select(func.max(_SAV.c.month)).scalar_subquery())
_ACTIONS_OF_CYCLES = _ACT.join(_CYC, _CYC.c.id == _ACT.c.cycle_id)
_CYCLES_OF_IDEAS = _CYC.join(_SUG, _SUG.c.id == _CYC.c.suggestion_id)


def _count(table: FromClause, *where: ColumnElement[bool]) -> ScalarSelect[int]:
    """How many rows match, counted up to COUNT_CAP + 1 (the LIMIT stops the index walk)."""
    matching: Select[int] = select(literal_column("1", Integer)).select_from(
        table).where(*where)
    return (select(func.count()).select_from(matching.limit(COUNT_CAP + 1).subquery())
            .scalar_subquery())


# Every count in one statement: submitted, under review, overdue, waiting, unvalidated.
_COUNTS = select(
    *(_count(_SUG, _SUG.c.status == status) for status in _TO_REVIEW),
    _count(_ACTIONS_OF_CYCLES, *_OVERDUE), _count(_CYCLES_OF_IDEAS, *_WAITING),
    _count(_SAV, *_UNVALIDATED))
# Per status, in the (status, created_at) index's order: one IN over both statuses made
# SQLite sort every waiting idea for the first 50 (30 ms on 6,000 of them).
_REVIEW_ROWS = [
    select(_SUG.c.id, _SUG.c.title, _SUG.c.status, _SUG.c.created_at, _AREA.c.name)
    .join_from(_SUG, _AREA, _AREA.c.id == _SUG.c.area_id).where(_SUG.c.status == status)
    .order_by(_SUG.c.created_at, _SUG.c.id).limit(ITEMS_PER_KIND) for status in _TO_REVIEW]
_OVERDUE_ROWS = (
    select(_ACT.c.text, _ACT.c.due_date, _CYC.c.id, _CYC.c.suggestion_id, _SUG.c.title)
    .select_from(_ACTIONS_OF_CYCLES.join(_SUG, _SUG.c.id == _CYC.c.suggestion_id))
    .where(*_OVERDUE).order_by(_ACT.c.due_date, _ACT.c.id).limit(ITEMS_PER_KIND))
_WAITING_ROWS = (
    select(_CYC.c.id, _CYC.c.number, _CYC.c.stage, _CYC.c.stage_entered_at, _SUG.c.id,
           _SUG.c.title)
    .select_from(_CYCLES_OF_IDEAS).where(*_WAITING)
    .order_by(_CYC.c.stage_entered_at, _CYC.c.id).limit(ITEMS_PER_KIND))
_SAVINGS_ROWS = (
    select(_SAV.c.id, _SAV.c.month, _SAV.c.amount, _SAV.c.kind, _SUG.c.id, _SUG.c.title)
    .join_from(_SAV, _SUG, _SUG.c.id == _SAV.c.suggestion_id).where(*_UNVALIDATED)
    .order_by(_SAV.c.month, _SAV.c.id).limit(ITEMS_PER_KIND))


class InboxService(Service):
    def inbox(self, person_id: int) -> Inbox:
        """What waits for ``person_id`` now (PermissionDenied for an unknown or retired one)."""
        with self._db.read() as s:
            me = load_actor(s, person_id)
            now = self._clock()
            settings = load_settings(s)
            conn = s.connection()
            first, last = conn.execute(_MONTH_BOUNDS).one()
            params = {"me": me.id, "today": now.date(),
                      "aged": now - timedelta(days=settings.ageing_after_days),
                      "months": months_between(first, last) if first and last else []}
            submitted, reviewing, overdue, waiting, savings = (
                int(value or 0) for value in conn.execute(_COUNTS, params).one())
            counts: dict[InboxKind, int] = {}
            items: list[InboxItem] = []
            if can(me.role, Action.REVIEW_SUGGESTION):
                counts[InboxKind.REVIEW] = min(submitted + reviewing, COUNT_CAP + 1)
                items += _review_items(conn)
            counts[InboxKind.OVERDUE_ACTION] = overdue
            if overdue:
                items += _overdue_items(conn, params, now.date())
            counts[InboxKind.WAITING_CARD] = waiting
            if waiting:
                items += _waiting_items(conn, params, now)
            if can(me.role, Action.VALIDATE_SAVINGS):
                counts[InboxKind.SAVINGS] = savings
                if savings:
                    items += _savings_items(conn, params, settings.currency)
            if can(me.role, Action.MAP_PROCESS):
                counts[InboxKind.KPI_SIGNAL], found = _kpi_signals(s, me)
                items += found
            return Inbox(person_id=me.id, counts=counts, items=tuple(items))


def _review_items(conn: Connection) -> list[InboxItem]:
    rows = [row for query in _REVIEW_ROWS for row in conn.execute(query)]
    rows.sort(key=lambda row: (row[3], row[0]))
    return [InboxItem(InboxKind.REVIEW, f"#{idea_id} {title}",
                      translate("services.inbox", "{status} since {created:%Y-%m-%d} · {area}")
                      .format(status=status.label, created=created, area=area),
                      suggestion_id=idea_id)
            for idea_id, title, status, created, area in rows[:ITEMS_PER_KIND]]


def _overdue_items(conn: Connection, params: dict[str, object],
                   today: date) -> list[InboxItem]:
    items = []
    for text, due, cycle_id, idea_id, title in conn.execute(_OVERDUE_ROWS, params):
        late = (today - due).days
        items.append(InboxItem(
            InboxKind.OVERDUE_ACTION, _one_line(text),
            (translate("services.inbox",
                       "Due {due:%Y-%m-%d}, {late} day late · #{idea_id} {title}")
             if late == 1 else
             translate("services.inbox",
                       "Due {due:%Y-%m-%d}, {late} days late · #{idea_id} {title}")
             ).format(due=due, late=late, idea_id=idea_id, title=title),
            suggestion_id=idea_id, cycle_id=cycle_id))
    return items


def _waiting_items(conn: Connection, params: dict[str, object],
                   now: datetime) -> list[InboxItem]:
    return [InboxItem(InboxKind.WAITING_CARD, f"#{idea_id} {title}",
                      translate("services.inbox", "In {stage} for {days} days (cycle {number})")
                      .format(stage=stage.label, days=(now - entered).days, number=number),
                      suggestion_id=idea_id, cycle_id=cycle_id)
            for cycle_id, number, stage, entered, idea_id, title
            in conn.execute(_WAITING_ROWS, params)]


def _savings_items(conn: Connection, params: dict[str, object],
                   currency: str) -> list[InboxItem]:
    return [InboxItem(InboxKind.SAVINGS, f"#{idea_id} {title}",
                      translate("services.inbox",
                                "{month}: {amount} {kind} savings, not yet validated")
                      .format(month=month, amount=format_money(amount, currency),
                              kind=kind.label.lower()),
                      suggestion_id=idea_id, savings_id=entry_id)
            for entry_id, month, amount, kind, idea_id, title
            in conn.execute(_SAVINGS_ROWS, params)]


def _kpi_signals(s: Session, me: Person) -> tuple[int, list[InboxItem]]:
    query = select(Process).order_by(func.lower(Process.name), Process.id)
    if me.home_area_id is not None:
        query = query.where(Process.area_id.in_(_area_and_below(s, me.home_area_id)))
    items: list[InboxItem] = []
    for process in s.scalars(query):
        signals = [_not_holding(_chart(s, series), process) for series in s.scalars(
            select(KpiSeries).where(KpiSeries.process_id == process.id).order_by(KpiSeries.id))]
        signals.append(_new_bottleneck(s, process))
        items.extend(
            InboxItem(InboxKind.KPI_SIGNAL, process.name, signal.message,
                      process_id=process.id, series_id=signal.series_id)
            for signal in signals if signal is not None)
    return len(items), items[:ITEMS_PER_KIND]


def _one_line(text: str, limit: int = 120) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
