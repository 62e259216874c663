"""The monthly report as plain data: every number the PDF, the XLSX and the CSV show, read once.

:func:`build_monthly_report` asks the services (dashboard figures, analytics, the report's own
queries in :mod:`kaizen.services.report_queries`) and returns a :class:`MonthlyReport`. The
writers only lay it out: they never compute a figure, so the three formats always agree.

What each section holds:

- **summary**: the dashboard's figures (see :mod:`kaizen.services.dashboard` for their
  definitions) for the month, the previous month and the year to date, with the change against
  the previous month (in percentage points for shares); the overdue actions and stalled cards
  are snapshots at the end of each month, so they have no year-to-date value;
- **savings**: validated actual savings per month and kind, and the forecast, from January to
  the month, with their running totals (the last running total of the actuals is the summary's
  validated savings for the year to date);
- **pareto**: the yearly cost of the waste observed in the month, per waste, costliest first;
- **changes**: the ideas closed in the month as standardised or abandoned, each with every
  metric's before/after summary and the verdict of :func:`kaizen.domain.statistics.compare`,
  one per metric and PDCA cycle, labelled with the cycle (issue 16);
- **board**: the cards open at the end of the month per stage, the stalled ones listed, and the
  changes closed in the month (the Done lane);
- **contributors** (the ten who submitted most in the month) and **participation** by area: an
  area counts the areas below it and the people whose home area it is, so the site's row leaves
  out people without a home area, whom the summary's participation (the dashboard's) counts;
- **ledger**: the savings entries of the year to date, forecasts and unvalidated ones flagged;
- **recognition**: who to thank for the ideas standardised in the month (submitter and owner),
  with their validated savings, per person and area (:mod:`kaizen.services.recognition`); None
  when the site setting turns it off;
- **kpis**: every KPI of the processes in scope, with points and changes up to the month's end
  (:meth:`kaizen.services.kpis.KpiService.summaries`): its level now against before the last
  change, and whether the improvement holds. The PDF gains a KPI page when there is any.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Literal

from kaizen.domain.enums import MetricDirection, PdcaStage, SavingsKind, SuggestionStatus
from kaizen.domain.errors import ValidationError
from kaizen.domain.months import last_month as last_month
from kaizen.domain.months import month_bounds as month_bounds
from kaizen.domain.months import month_label, shift_month
from kaizen.domain.savings_math import cumulative
from kaizen.domain.statistics import Comparison, PhaseStats, describe_many
from kaizen.domain.verdict_compat import comparison_of
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.reports.capability_data import CapabilityResult, capability_results
from kaizen.services.analytics import DashboardFilter
from kaizen.services.report_queries import (
    OPEN_STAGES,
    BoardItem,
    ChangeRow,
    LedgerRow,
    MonthRows,
    ReportQueryService,
)
from kaizen.services.savings import check_month

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.base import Clock
    from kaizen.services.dashboard import DashboardFigures, PeriodFigures
    from kaizen.services.kpis import KpiSummary
    from kaizen.services.people import AreaInfo
    from kaizen.services.recognition import Recognition

Progress = Callable[[int, int], None]
Kind = Literal["count", "rate", "money", "days", "per_year"]

ALL_AREAS = QT_TRANSLATE_NOOP("reports.data", "All areas")  # translated where the report is read
STEPS = 7


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One figure: ``month``, ``previous`` (the month before) and ``ytd`` (None where the figure
    is not defined); ``change`` is month minus previous when both exist."""

    key: str
    label: str
    kind: Kind
    month: float | None
    previous: float | None
    ytd: float | None
    snapshot: bool = False

    @property
    def change(self) -> float | None:
        if self.month is None or self.previous is None:
            return None
        return self.month - self.previous


@dataclass(frozen=True, slots=True)
class SavingsMonth:
    month: str  # "YYYY-MM"
    by_kind: dict[SavingsKind, float]
    actual: float
    forecast: float
    cumulative_actual: float
    cumulative_forecast: float


@dataclass(frozen=True, slots=True)
class ParetoRow:
    label: str
    count: int
    yearly_cost: float
    share: float  # of the month's total, 0 to 1
    cumulative_share: float


@dataclass(frozen=True, slots=True)
class MetricResult:
    name: str
    unit: str
    direction: MetricDirection
    before: PhaseStats
    after: PhaseStats
    comparison: Comparison
    before_values: list[float] = field(repr=False, default_factory=list)
    after_values: list[float] = field(repr=False, default_factory=list)
    cycle: int = 1  # the PDCA cycle it measured; one result per metric and cycle

    @property
    def label(self) -> str:
        """"Search time · cycle 2": the metric named with its cycle."""
        return translate("reports.data", "{name} \u00b7 cycle {cycle}").format(
            name=self.name, cycle=self.cycle)


@dataclass(frozen=True, slots=True)
class CompletedChange:
    suggestion_id: int
    title: str
    area_name: str
    owner_name: str | None
    submitter_name: str
    outcome: SuggestionStatus  # standardised or abandoned
    created_at: datetime
    closed_at: datetime
    cycles: int
    implementation_cost: float
    validated_savings: float  # to date, all months
    metrics: list[MetricResult]

    @property
    def days_to_done(self) -> float:
        return (self.closed_at - self.created_at).total_seconds() / 86400.0


@dataclass(frozen=True, slots=True)
class BoardAtMonthEnd:
    moment: datetime  # the midnight after the month, or now for a month not over yet
    stale_after_days: int
    counts: dict[PdcaStage, int]  # open stages, then DONE: closed in the month
    stalled_counts: dict[PdcaStage, int]
    stalled: list[BoardItem]  # longest waiting first

    @property
    def open_total(self) -> int:
        return sum(self.counts[stage] for stage in OPEN_STAGES)


@dataclass(frozen=True, slots=True)
class Contributor:
    name: str
    home_area: str | None
    ideas: int
    implemented: int
    ideas_ytd: int


@dataclass(frozen=True, slots=True)
class AreaParticipation:
    area_id: int
    name: str
    path: str
    depth: int
    active_people: int
    participants: int
    ideas: int

    @property
    def share(self) -> float | None:
        return None if self.active_people == 0 else self.participants / self.active_people


@dataclass(frozen=True, slots=True)
class MonthlyReport:
    month: str  # "YYYY-MM"
    start: date
    end: date
    site_name: str
    currency: str
    area_id: int | None
    area_name: str  # the area's place in the tree, or "All areas"
    generated_at: datetime
    summary: list[SummaryRow]
    savings: list[SavingsMonth]
    pareto: list[ParetoRow]
    changes: list[CompletedChange]
    board: BoardAtMonthEnd
    contributors: list[Contributor]
    participation: list[AreaParticipation]
    ledger: list[LedgerRow]
    kpis: list[KpiSummary] = field(default_factory=list)
    # Issue 17: metrics of the month's changes with spec limits (see .capability_data).
    capability: list[CapabilityResult] = field(default_factory=list)
    # The "thank you" section (issue 22): None when the site turned recognition off.
    recognition: Recognition | None = None

    @property
    def month_label(self) -> str:
        return month_label(self.month, long=True)

    @property
    def title(self) -> str:
        return translate("reports.data", "Improvement report {month}").format(
            month=self.month_label)

    def figure(self, key: str) -> SummaryRow:
        for row in self.summary:
            if row.key == key:
                return row
        raise KeyError(key)

    @property
    def pareto_total(self) -> float:
        return sum(row.yearly_cost for row in self.pareto)

    def file_stem(self) -> str:
        """"kaizen-report-2026-10" or "kaizen-report-2026-10-assembly": a name for the file."""
        return file_stem(self.month, None if self.area_id is None else self.area_name)


def file_stem(month: str, area_name: str | None = None) -> str:
    """The file name (without suffix) of a month's report, for the whole site or an area (its
    own name, the last part of its path, in lower case with dashes)."""
    stem = f"kaizen-report-{month}"
    if area_name:
        name = area_name.rsplit("/", 1)[-1].strip().lower()
        slug = "".join(ch if ch.isalnum() else "-" for ch in name).strip("-")
        while "--" in slug:
            slug = slug.replace("--", "-")
        stem += f"-{slug or 'area'}"
    return stem


def build_monthly_report(services: Services, month: str, area_id: int | None = None, *,
                         progress: Progress | None = None,
                         clock: Clock | None = None) -> MonthlyReport:
    """Read everything the report shows for ``month`` ("YYYY-MM") and the area (None: all).

    Raises ValidationError with field "month" or "area_id" for a bad month or area.
    """
    month = check_month(month, "month")
    clock = clock or _clock_of(services)
    report_progress = progress or (lambda _done, _total: None)
    start, end = month_bounds(month)
    previous_start, previous_end = month_bounds(shift_month(month, -1))
    flt = DashboardFilter(start, end, area_id)

    report_progress(0, STEPS)
    settings = services.people.settings()
    areas = services.people.list_areas(include_inactive=True)
    area_name = translate("reports.data", "All areas")
    if area_id is not None:
        found = next((a for a in areas if a.id == area_id), None)
        if found is None or isinstance(area_id, bool):
            raise ValidationError(translate(
                "reports.data", "Area #{number} does not exist.").format(
                number=area_id), field="area_id")
        area_name = found.path
    report_progress(1, STEPS)

    current = services.dashboard.figures(flt)
    report_progress(2, STEPS)
    previous = services.dashboard.figures(DashboardFilter(previous_start, previous_end, area_id))
    report_progress(3, STEPS)

    series = services.analytics.savings_by_month(flt, months_back=end.month, validated_only=True)
    bars = services.analytics.waste_pareto(flt)
    report_progress(4, STEPS)

    rows = ReportQueryService(services.db, clock).month_rows(flt)
    report_progress(5, STEPS)
    changes = _changes(rows.changes)
    report_progress(6, STEPS)

    report = MonthlyReport(
        month=month, start=start, end=end, site_name=settings.site_name,
        currency=settings.currency, area_id=area_id, area_name=area_name,
        generated_at=clock(),
        summary=_summary(current, previous),
        savings=_savings(series.months, series.actual, series.forecast),
        pareto=_pareto([(bar.label, bar.count, bar.yearly_cost) for bar in bars]),
        changes=changes,
        board=_board(rows),
        contributors=[
            Contributor(name=c.name, home_area=c.home_area_name, ideas=c.ideas,
                        implemented=c.implemented, ideas_ytd=c.ideas_ytd)
            for c in rows.contributors
        ],
        participation=_participation(rows, areas, area_id),
        ledger=rows.ledger,
        kpis=services.kpis.summaries(area_id, until=datetime.combine(end, time.max)),
        capability=capability_results(services, rows.changes),
        recognition=_recognition(services, flt),
    )
    report_progress(STEPS, STEPS)
    return report


def _recognition(services: Services, flt: DashboardFilter) -> Recognition | None:
    thanks = services.recognition.read(flt)
    return thanks if thanks.enabled else None


def _clock_of(services: Services) -> Clock:
    # Services does not expose its clock; every service holds the same one.
    clock = getattr(services, "clock", None)
    return clock if callable(clock) else services.dashboard._clock


# --- sections -----------------------------------------------------------------------------------


def _summary(current: DashboardFigures, previous: DashboardFigures) -> list[SummaryRow]:
    def period_row(key: str, label: str, kind: Kind) -> SummaryRow:
        def value(figures: PeriodFigures) -> float | None:
            number = getattr(figures, key).value
            return None if number is None else float(number)

        return SummaryRow(key=key, label=label, kind=kind, month=value(current.period),
                          previous=value(previous.period), ytd=value(current.year_to_date))

    def snapshot_row(key: str, label: str) -> SummaryRow:
        return SummaryRow(key=key, label=label, kind="count",
                          month=_number(getattr(current, key).value),
                          previous=_number(getattr(previous, key).value), ytd=None,
                          snapshot=True)

    return [
        period_row("ideas_submitted", translate("reports.data", "Ideas submitted"), "count"),
        SummaryRow(key="active_people", label=translate(
            "reports.data", "Active people"), kind="count",
                   month=float(current.period.active_people),
                   previous=float(previous.period.active_people),
                   ytd=float(current.year_to_date.active_people), snapshot=True),
        period_row("ideas_per_person_year", translate(
            "reports.data", "Ideas per person per year"), "per_year"),
        period_row("participation", translate("reports.data", "Participation"), "rate"),
        period_row("implementation_rate", translate("reports.data", "Implementation rate"), "rate"),
        period_row("median_days_to_done", translate("reports.data", "Median days to done"), "days"),
        period_row("validated_savings", translate("reports.data", "Validated savings"), "money"),
        snapshot_row("overdue_actions", translate("reports.data", "Overdue actions at month end")),
        snapshot_row("stalled_cards", translate("reports.data", "Stalled cards at month end")),
    ]


def _number(value: float | None) -> float | None:
    return None if value is None else float(value)


def _savings(months: list[str], actual: dict[SavingsKind, list[float]],
             forecast: list[float]) -> list[SavingsMonth]:
    totals = [sum(actual[kind][i] for kind in SavingsKind) for i in range(len(months))]
    running = cumulative(totals)
    running_forecast = cumulative(forecast)
    return [
        SavingsMonth(month=month, by_kind={kind: actual[kind][i] for kind in SavingsKind},
                     actual=totals[i], forecast=forecast[i], cumulative_actual=running[i],
                     cumulative_forecast=running_forecast[i])
        for i, month in enumerate(months)
    ]


def _pareto(bars: list[tuple[str, int, float]]) -> list[ParetoRow]:
    total = sum(cost for _label, _count, cost in bars)
    rows: list[ParetoRow] = []
    running = 0.0
    for label, count, cost in bars:
        running += cost
        rows.append(ParetoRow(
            label=label, count=count, yearly_cost=cost,
            share=cost / total if total > 0 else 0.0,
            cumulative_share=running / total if total > 0 else 0.0,
        ))
    return rows


def _changes(rows: list[ChangeRow]) -> list[CompletedChange]:
    """Every completed change with its metrics' summaries and verdicts; the summaries and the
    tests of all the metrics run as batches (:func:`kaizen.domain.statistics.describe_many`,
    :func:`kaizen.domain.statistics.compare_many`)."""
    metrics = [metric for row in rows for metric in row.metrics]
    # The verdict of the metric's plan (issue 17), the words the Measurements panel shows.
    comparisons = iter([
        comparison_of(metric.before, metric.after, metric.direction, name=metric.name,
                      unit=metric.unit, primary=metric.primary_test,
                      one_sided=metric.one_sided, target_change=metric.target_change)[0]
        for metric in metrics
    ])
    summaries = iter(describe_many([
        values for metric in metrics for values in (metric.before, metric.after)
    ]))
    return [
        CompletedChange(
            suggestion_id=row.suggestion_id, title=row.title, area_name=row.area_name,
            owner_name=row.owner_name, submitter_name=row.submitter_name, outcome=row.status,
            created_at=row.created_at, closed_at=row.closed_at, cycles=row.cycles,
            implementation_cost=row.implementation_cost,
            validated_savings=row.validated_savings,
            metrics=[
                MetricResult(
                    name=metric.name, unit=metric.unit, direction=metric.direction,
                    before=next(summaries), after=next(summaries),
                    comparison=next(comparisons),
                    before_values=metric.before, after_values=metric.after,
                    cycle=metric.cycle,
                )
                for metric in row.metrics
            ],
        )
        for row in rows
    ]


def _board(rows: MonthRows) -> BoardAtMonthEnd:
    board = rows.board
    counts = dict.fromkeys(OPEN_STAGES, 0)
    stalled_counts = dict.fromkeys(OPEN_STAGES, 0)
    stalled: list[BoardItem] = []
    for card in board.open_cards:
        counts[card.stage] += 1
        if card.days_in_stage >= board.stale_after_days:
            stalled_counts[card.stage] += 1
            stalled.append(card)
    counts[PdcaStage.DONE] = board.done_in_month
    stalled_counts[PdcaStage.DONE] = 0
    return BoardAtMonthEnd(moment=board.moment, stale_after_days=board.stale_after_days,
                           counts=counts, stalled_counts=stalled_counts, stalled=stalled)


def _participation(rows: MonthRows, areas: list[AreaInfo],
                   area_id: int | None) -> list[AreaParticipation]:
    """Every area of the scope in tree order, each counting the areas below it; inactive areas
    only when something happened in them."""
    data = rows.participation
    children: dict[int | None, list[int]] = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area.id)

    totals: dict[int, tuple[int, int, int]] = {}

    def total(node: int, seen: frozenset[int] = frozenset()) -> tuple[int, int, int]:
        if node in totals:
            return totals[node]
        people, active, ideas = (data.people.get(node, 0), data.participants.get(node, 0),
                                 data.ideas.get(node, 0))
        for child in children.get(node, []):
            if child in seen:  # a loop in a damaged tree
                continue
            p, a, i = total(child, seen | {node})
            people, active, ideas = people + p, active + a, ideas + i
        totals[node] = (people, active, ideas)
        return totals[node]

    scope = None if area_id is None else set(rows.area_ids or [])
    base_depth = next((a.depth for a in areas if a.id == area_id), 0)
    out: list[AreaParticipation] = []
    for area in areas:
        if scope is not None and area.id not in scope:
            continue
        people, active, ideas = total(area.id)
        if not area.active and not (people or ideas):
            continue
        out.append(AreaParticipation(
            area_id=area.id, name=area.name, path=area.path, depth=area.depth - base_depth,
            active_people=people, participants=active, ideas=ideas,
        ))
    return out

