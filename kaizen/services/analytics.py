"""Aggregates behind the charts: the waste Pareto, savings by month, one idea's ledger, samples.

Every figure is computed by the database with GROUP BY and SUM over indexed columns; Python only
shapes the few grouped rows into the plain data the chart builders of :mod:`kaizen.charts` and the
savings maths of :mod:`kaizen.domain` take. Nothing here loads rows as ORM objects.

Shared with :mod:`kaizen.services.dashboard`:

- :class:`DashboardFilter`: a period of whole days, ``period_start`` and ``period_end`` both
  included (from ``period_start`` 00:00 up to, not including, the midnight after
  ``period_end``), and optionally an area, which means that area and every area below it;
- :func:`waste_costs`: the yearly cost of the observations seen in a period, per waste.

Savings months are the stored "YYYY-MM" column (text that sorts in calendar order), never a date
formatted per row, so a range of months is an index range.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from kaizen.db.models import Area, Measurement, Metric, SavingsEntry, Suggestion, WasteObservation
from kaizen.domain.costs import WEEKS_PER_YEAR
from kaizen.domain.enums import MeasurementPhase, MetricDirection, SavingsKind, WasteCategory
from kaizen.domain.errors import ValidationError
from kaizen.domain.input_domains import check_date, check_id
from kaizen.domain.months import month_key as month_key
from kaizen.domain.months import months_between as months_between
from kaizen.domain.months import shift_month as shift_month
from kaizen.i18n import translate
from kaizen.services.base import Service, get_or_404
from kaizen.services.listing import _area_and_below
from kaizen.services.people import effective_hourly_rates, load_settings

MAX_MONTHS_BACK = 120


# --- the filter shared with the dashboard ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DashboardFilter:
    """A period of whole days (both ends included) and an optional area (with its sub-areas)."""

    period_start: date
    period_end: date
    area_id: int | None = None


@dataclass(frozen=True, slots=True)
class Scope:
    """A checked filter turned into what the queries need."""

    start: date
    end: date
    # None: the whole site; otherwise the area and every area below it.
    area_ids: list[int] | None
    area_id: int | None

    @property
    def lower(self) -> datetime:
        """First instant of the period (included)."""
        return datetime.combine(self.start, time.min)

    @property
    def upper(self) -> datetime:
        """The midnight after the last day (excluded)."""
        return datetime.combine(self.end + timedelta(days=1), time.min)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def with_dates(self, start: date, end: date) -> Scope:
        return Scope(start=start, end=end, area_ids=self.area_ids, area_id=self.area_id)

    def in_area(self, column: Any) -> list[ColumnElement[bool]]:
        return [] if self.area_ids is None else [column.in_(self.area_ids)]

    def joined_in_area(self, column: Any) -> list[ColumnElement[bool]]:
        """The area test on a joined idea's ``area_id``, written so no index can serve it
        (``area_id + 0``): SQLite has no statistics and would otherwise drive the join from
        every idea of the area (all years of them) instead of from the period's rows."""
        return [] if self.area_ids is None else [(column + 0).in_(self.area_ids)]


def check_filter(session: Session, flt: DashboardFilter) -> Scope:
    """Check a filter and read the area tree once; raises ValidationError naming the field."""
    if not isinstance(flt, DashboardFilter):
        raise ValidationError(
            translate("services.analytics", "The dashboard filter is not a DashboardFilter."),
            field="filter",
        )
    start = _day(
        flt.period_start, "period_start", translate("services.analytics", "The start of the period")
    )
    end = _day(
        flt.period_end, "period_end", translate("services.analytics", "The end of the period")
    )
    if end < start:
        raise ValidationError(
            translate("services.analytics", "The period ends before it starts."), field="period_end"
        )
    area_ids = None
    if flt.area_id is not None:
        # An id in the database's range: 2**70 cannot even be bound to the query.
        check_id(flt.area_id, "area_id", translate("services.analytics", "An area"))
        if session.get(Area, flt.area_id) is None:
            raise ValidationError(
                translate("services.analytics", "Area #{area_id} does not exist.").format(
                    area_id=flt.area_id
                ),
                field="area_id",
            )
        area_ids = _area_and_below(session, flt.area_id)
    return Scope(start=start, end=end, area_ids=area_ids, area_id=flt.area_id)


def _day(value: Any, field: str, label: str) -> date:
    # datetime is a date too: keep its day, as the list filters do. Within the app's calendar,
    # so that the day after the period's end, or its months, always exist.
    if value is None:
        raise ValidationError(translate("services.analytics", "Pick a date."), field=field)
    day = check_date(value, field, label, allow_datetime=True)
    assert day is not None
    return day


# --- waste Pareto ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParetoBar:
    """One waste: the yearly cost of its observations in the period, and how many there were."""

    category: WasteCategory
    label: str
    yearly_cost: float
    count: int


def yearly_cost_sql(session: Session, area_ids: Sequence[int] | None = None,
                    default_rate: float | None = None) -> Any:
    """The yearly cost of one observation as SQL, with the arithmetic of
    :func:`kaizen.domain.costs.observation_yearly_cost`: (minutes / 60 x the area's effective
    hourly rate + cost per occurrence) x occurrences per week x 52.

    The rate is a CASE with one branch per distinct rate (not per area); areas at the site default
    need none. ``area_ids`` limits the branches to the areas the query can meet;
    ``default_rate`` saves reading the settings again when the caller has them.
    """
    o = WasteObservation
    default = (load_settings(session).default_hourly_rate if default_rate is None
               else default_rate)
    wanted = None if area_ids is None else set(area_ids)
    by_rate: dict[float, list[int]] = {}
    for area_id, rate in sorted(effective_hourly_rates(session).items()):
        if rate != default and (wanted is None or area_id in wanted):
            by_rate.setdefault(rate, []).append(area_id)
    rate_sql: Any = (
        case(*((o.area_id.in_(ids), rate) for rate, ids in by_rate.items()), else_=default)
        if by_rate else default
    )
    per_occurrence = o.minutes_per_occurrence / 60.0 * rate_sql + func.coalesce(
        o.cost_per_occurrence, 0.0
    )
    return per_occurrence * o.occurrences_per_week * WEEKS_PER_YEAR


def waste_costs(session: Session, scope: Scope, cost: Any = None) -> list[ParetoBar]:
    """Observations seen in the period, per waste, costliest first (ties by the waste's order);
    wastes with no observation are left out. ``cost`` is :func:`yearly_cost_sql` when the
    caller already built it for this scope's areas."""
    o = WasteObservation
    if cost is None:
        cost = yearly_cost_sql(session, scope.area_ids)
    query = (
        select(o.category, func.sum(cost), func.count(o.id))
        .where(o.observed_at >= scope.lower, o.observed_at < scope.upper,
               *scope.in_area(o.area_id))
        .group_by(o.category)
    )
    order = {category: index for index, category in enumerate(WasteCategory)}
    bars = [
        ParetoBar(category=category, label=category.label, yearly_cost=float(cost or 0.0),
                  count=int(number))
        for category, cost, number in session.execute(query)
    ]
    return sorted(bars, key=lambda bar: (-bar.yearly_cost, order[bar.category]))


# --- savings -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SavingsSeries:
    """Savings per month (amounts of each month, not running totals), oldest month first.

    ``actual[kind][i]`` is the sum of the actual entries of that kind for ``months[i]``
    (corrections included, as they net into the month they correct); with ``validated_only``
    only validated actuals count. ``forecast[i]`` is the forecast of all kinds for that month.
    """

    months: list[str]
    actual: dict[SavingsKind, list[float]]
    forecast: list[float]
    validated_only: bool


@dataclass(frozen=True, slots=True)
class SuggestionSavings:
    """One idea's ledger summed up, for ROI and payback (the domain computes those).

    ``monthly`` holds the actual amounts per month (validated or not), ``monthly_validated`` the
    validated ones and ``monthly_forecast`` the forecasts, each as (month, amount), oldest first,
    months without entries left out.
    """

    suggestion_id: int
    total_actual: float
    total_validated: float
    total_forecast: float
    one_off_cost: float
    monthly: list[tuple[str, float]]
    monthly_validated: list[tuple[str, float]]
    monthly_forecast: list[tuple[str, float]]


def savings_sum(session: Session, scope: Scope, first_month: str, last_month: str) -> float:
    """Validated actual savings of the months ``first_month`` to ``last_month``."""
    e = SavingsEntry
    query = select(func.sum(e.amount)).where(
        e.month.between(first_month, last_month),
        e.is_forecast.is_(False),
        e.validated_at.is_not(None),
    )
    if scope.area_ids is not None:
        query = query.join(Suggestion, Suggestion.id == e.suggestion_id).where(
            *scope.joined_in_area(Suggestion.area_id)
        )
    return float(session.scalar(query) or 0.0)


# --- measurements --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MetricSamples:
    """A metric's samples per phase in the order they were measured, with their times."""

    metric_id: int
    suggestion_id: int
    name: str
    unit: str
    direction: MetricDirection
    before: list[float]
    after: list[float]
    before_times: list[datetime]
    after_times: list[datetime]


# --- the service ---------------------------------------------------------------------------------


class AnalyticsService(Service):
    """Read-only aggregates for the charts and the savings maths; anyone may read them."""

    def waste_pareto(self, filter: DashboardFilter) -> list[ParetoBar]:
        """Yearly cost per waste of the observations seen in the period (and area), costliest
        first; wastes without observations are left out."""
        with self._db.read() as s:
            return waste_costs(s, check_filter(s, filter))

    def savings_by_month(self, filter: DashboardFilter, months_back: int = 12, *,
                         validated_only: bool = False) -> SavingsSeries:
        """The ``months_back`` months up to and including the month of ``period_end``.

        ``period_start`` is not used: the chart always shows whole months back from the end.
        """
        if isinstance(months_back, bool) or not isinstance(months_back, int) or not (
            1 <= months_back <= MAX_MONTHS_BACK
        ):
            raise ValidationError(
                translate(
                    "services.analytics", "Show between 1 and {max_months_back} months."
                ).format(max_months_back=MAX_MONTHS_BACK),
                field="months_back",
            )
        with self._db.read() as s:
            scope = check_filter(s, filter)
            last = month_key(scope.end)
            first = shift_month(last, -(months_back - 1))
            e = SavingsEntry
            query = (
                select(e.month, e.kind, e.is_forecast, func.sum(e.amount))
                .where(e.month.between(first, last))
                .group_by(e.month, e.kind, e.is_forecast)
            )
            if validated_only:
                query = query.where(e.is_forecast.is_(True) | e.validated_at.is_not(None))
            if scope.area_ids is not None:
                query = query.join(Suggestion, Suggestion.id == e.suggestion_id).where(
                    *scope.joined_in_area(Suggestion.area_id)
                )
            rows = s.execute(query).all()
        months = months_between(first, last)
        position = {month: index for index, month in enumerate(months)}
        actual = {kind: [0.0] * len(months) for kind in SavingsKind}
        forecast = [0.0] * len(months)
        for month, kind, is_forecast, total in rows:
            if is_forecast:
                forecast[position[month]] += float(total)
            else:
                actual[kind][position[month]] += float(total)
        return SavingsSeries(months=months, actual=actual, forecast=forecast,
                             validated_only=validated_only)

    def suggestion_savings(self, suggestion_id: int) -> SuggestionSavings:
        with self._db.read() as s:
            return read_suggestion_savings(s, suggestion_id)

    def metric_samples(self, metric_id: int) -> MetricSamples:
        m = Measurement
        with self._db.read() as s:
            metric: Metric = get_or_404(
                s, Metric, metric_id, translate("services.analytics", "Metric")
            )
            # The (metric_id, phase, measured_at) index gives this order without a sort step.
            rows = s.execute(
                select(m.phase, m.value, m.measured_at)
                .where(m.metric_id == metric_id)
                .order_by(m.phase, m.measured_at, m.id)
            ).all()
            info = (metric.id, metric.suggestion_id, metric.name, metric.unit, metric.direction)
        values: dict[MeasurementPhase, list[float]] = {p: [] for p in MeasurementPhase}
        times: dict[MeasurementPhase, list[datetime]] = {p: [] for p in MeasurementPhase}
        for phase, value, measured_at in rows:
            values[phase].append(float(value))
            times[phase].append(measured_at)
        return MetricSamples(
            metric_id=info[0], suggestion_id=info[1], name=info[2], unit=info[3],
            direction=info[4],
            before=values[MeasurementPhase.BEFORE], after=values[MeasurementPhase.AFTER],
            before_times=times[MeasurementPhase.BEFORE], after_times=times[MeasurementPhase.AFTER],
        )


def read_suggestion_savings(s: Session, suggestion_id: int) -> SuggestionSavings:
    """One idea's ledger summed up, read in the caller's transaction."""
    e = SavingsEntry
    validated = e.validated_at.is_not(None)
    idea: Suggestion = get_or_404(
        s, Suggestion, suggestion_id, translate("services.analytics", "Idea")
    )
    cost = float(idea.implementation_cost or 0.0)
    rows = s.execute(
        select(e.month, e.is_forecast, validated, func.sum(e.amount))
        .where(e.suggestion_id == suggestion_id)
        .group_by(e.month, e.is_forecast, validated)
        .order_by(e.month)
    ).all()
    actual: dict[str, float] = {}
    checked: dict[str, float] = {}
    forecast: dict[str, float] = {}
    for month, is_forecast, is_validated, total in rows:
        if is_forecast:
            forecast[month] = forecast.get(month, 0.0) + float(total)
            continue
        actual[month] = actual.get(month, 0.0) + float(total)
        if is_validated:
            checked[month] = checked.get(month, 0.0) + float(total)
    return SuggestionSavings(
        suggestion_id=suggestion_id,
        total_actual=sum(actual.values()),
        total_validated=sum(checked.values()),
        total_forecast=sum(forecast.values()),
        one_off_cost=cost,
        monthly=sorted(actual.items()),
        monthly_validated=sorted(checked.items()),
        monthly_forecast=sorted(forecast.items()),
    )
