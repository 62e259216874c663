"""KPI series of a process and their points over time, with control limits per phase and the
signals the dashboard shows ("improvement not holding", "new bottleneck").

**Phases.** A phase starts where a change on the process completed: an idea linked to one of the
process's steps, or carrying one of its future-state maps, that ended ``standardised`` (at its
``closed_at``). Points before the first such change are phase 0.

**Limits.** XmR limits (kaizen/domain/control_chart.py, Wheeler's natural process limits) are
computed per phase from its first :data:`BASELINE_POINTS` points and then held for the rest of
the phase, as Wheeler advises ("Understanding Variation", ch. 5: limits from the first 20 or so
values, revised only when the process is known to have changed), so a drift within the phase
shows as a signal instead of widening the limits. Signals: a point outside the limits, or a run
of 8 on one side of the centre line.

**Improvement not holding**: the newest phase started with a change, and one of its points signals
on the worse side of its centre (above it when lower is better). **New bottleneck**: the current
state's bottleneck is not the step it was when the last change on the process completed (each
saved version's bottleneck is kept in its audit event, see kaizen/services/processes.py).

Supervisors and admins record points (``Action.RECORD_MEASUREMENT``) and add series
(``Action.MAP_PROCESS``); anyone may read.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    Connection,
    DateTime,
    String,
    bindparam,
    func,
    insert,
    select,
    type_coerce,
    union,
)
from sqlalchemy.orm import Session

from kaizen.db.models import (
    AuditEvent,
    KpiPoint,
    KpiSeries,
    Process,
    ProcessMap,
    ProcessStep,
    ProcessStepLink,
    Suggestion,
)
from kaizen.domain import control_chart
from kaizen.domain.enums import MetricDirection, SuggestionStatus
from kaizen.domain.errors import ValidationError
from kaizen.domain.kpis import DEFAULTS, KpiKind, KpiSource, MapKind
from kaizen.domain.numbers import format_number
from kaizen.domain.permissions import Action, require
from kaizen.domain.process_model import loads
from kaizen.domain.value_stream import value_stream
from kaizen.i18n import translate
from kaizen.services.base import (
    MAX_NAME,
    Service,
    audit,
    clean_text,
    connection_of,
    driver_rows,
    get_or_404,
    is_record_id,
    load_actor,
    not_found,
    table_of,
)
from kaizen.services.kpi_import import parse_kpi_points
from kaizen.services.listing import _area_and_below
from kaizen.services.processes import check_version

BASELINE_POINTS = 20
MAX_POINTS = 100_000
MAX_UNIT = 40
NOT_HOLDING = "improvement not holding"
NEW_BOTTLENECK = "new bottleneck"


@dataclass(frozen=True, slots=True)
class SeriesInfo:
    id: int
    process_id: int
    kind: KpiKind
    name: str
    unit: str
    direction: MetricDirection
    points: int
    last_value: float | None
    last_at: datetime | None
    version: int


@dataclass(frozen=True, slots=True)
class ProcessChange:
    """A completed change on the process: where a phase starts."""

    suggestion_id: int
    title: str
    completed_at: datetime


@dataclass(frozen=True, slots=True)
class KpiPhase:
    start: datetime | None  # None: from the first point
    change: ProcessChange | None  # the change that started it (None for phase 0)
    first: int  # index of its first point in KpiChart.points
    end: int  # one past its last point
    limits: control_chart.XmRLimits | None  # None with fewer than 2 points
    signals: tuple[int, ...]  # indices into KpiChart.points
    worse: tuple[int, ...]  # the signals on the worse side of the centre


@dataclass(frozen=True, slots=True)
class KpiChart:
    """One series over time with its phases: what the KPI chart and the report draw."""

    series: SeriesInfo
    process_name: str
    times: tuple[datetime, ...]
    values: tuple[float, ...]
    phases: tuple[KpiPhase, ...]


@dataclass(frozen=True, slots=True)
class KpiSummary:
    """One KPI in the monthly report."""

    chart: KpiChart
    level: float | None  # centre line of the newest phase with limits
    level_before: float | None  # centre line of the phase before it (None: no change yet)
    status: str  # "holding", NOT_HOLDING, "signal", "no change yet", "too few points"

    @property
    def status_label(self) -> str:
        """The status in words for people (``status`` is the key the reports compare)."""
        return status_label(self.status)

    @property
    def improvement(self) -> float | None:
        """The relative change of the level, positive when better (None without a before)."""
        if self.level is None or not self.level_before:
            return None
        change = (self.level - self.level_before) / abs(self.level_before)
        lower = self.chart.series.direction is MetricDirection.LOWER_IS_BETTER
        return -change if lower else change


@dataclass(frozen=True, slots=True)
class ProcessSignal:
    process_id: int
    process_name: str
    kind: str  # NOT_HOLDING or NEW_BOTTLENECK
    message: str
    series_id: int | None  # the series to open (None for a new bottleneck)
    since: datetime | None


@dataclass(frozen=True, slots=True)
class ProcessKpis:
    """The KPI tab of a process map: its series and its signals, read together."""

    series: list[SeriesInfo]
    signals: list[ProcessSignal]


class KpiService(Service):
    def add_series(self, actor_id: int, process_id: int, *, kind: KpiKind | str,
                   name: str | None = None, unit: str | None = None,
                   direction: MetricDirection | str | None = None) -> SeriesInfo:
        """A new series; a standard kind fills in its label, unit and direction when not given,
        a custom one needs all three."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MAP_PROCESS)
            _process(s, process_id)
            kind = _kind(kind)
            default_unit, default_direction = DEFAULTS.get(kind, (None, None))
            if kind is KpiKind.CUSTOM and (not name or unit is None or direction is None):
                raise ValidationError(
                    translate(
                        "services.kpis",
                        "A custom KPI needs a name, a unit and which direction is better.",
                    ),
                    field="name" if not name else ("unit" if unit is None else "direction"),
                )
            label = clean_text(
                name if name is not None else kind.label,
                "name",
                translate("services.kpis", "The KPI's name"),
                max_len=MAX_NAME,
                required=True,
            )
            if s.scalars(select(KpiSeries.id).where(
                    KpiSeries.process_id == process_id,
                    func.lower(KpiSeries.name) == label.casefold())).first() is not None:
                raise ValidationError(
                    translate(
                        "services.kpis", "This process already has a KPI called {label!r}."
                    ).format(label=label),
                    field="name",
                )
            series = KpiSeries(
                process_id=process_id,
                kind=kind,
                name=label,
                unit=clean_text(
                    unit if unit is not None else default_unit,
                    "unit",
                    translate("services.kpis", "The unit"),
                    max_len=MAX_UNIT,
                ),
                direction=_direction(direction if direction is not None else default_direction),
                created_at=self._clock(),
            )
            s.add(series)
            s.flush()
            audit(s, actor_id=actor.id, at=series.created_at, entity="kpi_series",
                  entity_id=series.id, action="create",
                  after={"process_id": process_id, "kind": kind.value, "name": series.name,
                         "unit": series.unit, "direction": series.direction.value})
            return _info(s, series)

    def delete_series(self, actor_id: int, series_id: int,
                      expected_version: int | None = None) -> None:
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MAP_PROCESS)
            series = get_or_404(s, KpiSeries, series_id, translate("services.kpis", "KPI"))
            check_version(
                expected_version,
                series,
                "kpi_series",
                translate("services.kpis", "The KPI {name!r}").format(name=series.name),
            )
            audit(s, actor_id=actor.id, at=self._clock(), entity="kpi_series",
                  entity_id=series.id, action="delete",
                  before={"process_id": series.process_id, "name": series.name})
            s.delete(series)

    def list_series(self, process_id: int) -> list[SeriesInfo]:
        with self._db.read() as s:
            return series_infos(s, _process(s, process_id))

    def process_kpis(self, process_id: int) -> ProcessKpis:
        """The process map's KPI tab in one read (issue 15): the process's series and its
        signals, from the same moment."""
        with self._db.read() as s:
            process = _process(s, process_id)
            return ProcessKpis(series=series_infos(s, process),
                               signals=process_signals_in(s, [process]))

    def add_points(self, actor_id: int, series_id: int,
                   points: Sequence[tuple[datetime, float]],
                   source: KpiSource | str = KpiSource.TYPED) -> int:
        """Store points in one go, all or nothing; returns how many."""
        with self._db.write() as s:
            return self._store(s, actor_id, series_id, _check_points(points), _source(source))

    def paste_points(self, actor_id: int, series_id: int, text: str) -> int:
        """Two pasted columns (time, value), as copied from a spreadsheet."""
        if not isinstance(text, str):
            raise ValidationError(
                translate(
                    "services.kpis", "Paste the points as text: a time and a value per line."
                ),
                field="text",
            )
        points = parse_kpi_points(text, field="text")
        with self._db.write() as s:
            return self._store(s, actor_id, series_id, _check_points(points), KpiSource.PASTED)

    def import_csv(self, actor_id: int, series_id: int, source: Path | bytes | str) -> int:
        """A CSV file of ``at,value`` rows (see kaizen/services/kpi_import.py)."""
        points = parse_kpi_points(source)
        with self._db.write() as s:
            return self._store(s, actor_id, series_id, _check_points(points), KpiSource.CSV)

    def changes(self, process_id: int) -> list[ProcessChange]:
        """The completed changes on a process, oldest first: where its phases start."""
        with self._db.read() as s:
            _process(s, process_id)
            return _changes(s, process_id)

    def chart(self, series_id: int, until: datetime | None = None) -> KpiChart:
        """The series in time order, cut into phases with their limits and signals; ``until``
        leaves out points and changes after that time (a report on a past month)."""
        # Core on a plain connection: the series and its process's name in one row, no ORM
        # Session or identity map (issue 21: the chart's read within 2x of plain sqlite3).
        with self._db.read_connection() as conn:
            series = (conn.execute(_SERIES, {"series_id": series_id}).first()
                      if is_record_id(series_id) else None)
            if series is None:
                raise not_found(translate("services.kpis", "KPI"), series_id)
            return _chart(conn, series, until, process_name=series.process_name)

    def summaries(self, area_id: int | None = None,
                  until: datetime | None = None) -> list[KpiSummary]:
        """Every KPI of the processes in an area and below (None: all), as the monthly report
        lists them: the level of the newest phase against the phase before, and its status."""
        with self._db.read() as s:
            query = (select(KpiSeries).join(Process, Process.id == KpiSeries.process_id)
                     .order_by(func.lower(Process.name), KpiSeries.id))
            if area_id is not None:
                query = query.where(Process.area_id.in_(_area_and_below(s, area_id)))
            return [_summary(_chart(s, series, until)) for series in s.scalars(query)]

    def process_signals(self, process_id: int | None = None) -> list[ProcessSignal]:
        """The dashboard's check, for one process or all: improvements not holding and new
        bottlenecks, by process name."""
        with self._db.read() as s:
            if process_id is not None:
                return process_signals_in(s, [_process(s, process_id)])
            return process_signals_in(
                s, s.scalars(select(Process).order_by(func.lower(Process.name))).all())

    def _store(self, s: Session, actor_id: int, series_id: int,
               points: list[tuple[datetime, float]], source: KpiSource) -> int:
        actor = load_actor(s, actor_id)
        require(actor.role, Action.RECORD_MEASUREMENT)
        series = get_or_404(s, KpiSeries, series_id, translate("services.kpis", "KPI"))
        s.execute(insert(table_of(KpiPoint)).values(series_id=series.id, source=source,
                                                    person_id=actor.id),
                  [{"at": at, "value": value} for at, value in points])
        audit(s, actor_id=actor.id, at=self._clock(), entity="kpi_series", entity_id=series.id,
              action="add_points",
              after={"source": source.value, "count": len(points),
                     "from": min(p[0] for p in points).isoformat(),
                     "to": max(p[0] for p in points).isoformat()})
        return len(points)


def _process(s: Session, process_id: int) -> Process:
    return get_or_404(s, Process, process_id, translate("services.kpis", "Process"))


def _series_of(s: Session, process: Process) -> Iterable[KpiSeries]:
    return s.scalars(select(KpiSeries).where(KpiSeries.process_id == process.id)
                     .order_by(KpiSeries.id))


def series_infos(s: Session, process: Process) -> list[SeriesInfo]:
    """A process's KPI series in the order they were added, inside the caller's session."""
    return [_info(s, r) for r in _series_of(s, process)]


def process_signals_in(s: Session, processes: Iterable[Process]) -> list[ProcessSignal]:
    """The signals of ``processes`` (in their order), inside the caller's session: each
    series whose improvement is not holding, then a new bottleneck."""
    found: list[ProcessSignal] = []
    for process in processes:
        for series in _series_of(s, process):
            signal = _not_holding(_chart(s, series, process_name=process.name), process)
            if signal is not None:
                found.append(signal)
        moved = _new_bottleneck(s, process)
        if moved is not None:
            found.append(moved)
    return found


# The chart's series row with its process's name: one statement, built once.
_SERIES = (select(KpiSeries.id, KpiSeries.process_id, KpiSeries.kind, KpiSeries.name,
                  KpiSeries.unit, KpiSeries.direction, KpiSeries.version,
                  Process.name.label("process_name"))
           .join(Process, Process.id == KpiSeries.process_id)
           .where(KpiSeries.id == bindparam("series_id")))


def _chart(unit: Session | Connection, series: Any, until: datetime | None = None,
           process_name: str | None = None) -> KpiChart:
    """``series``: a KpiSeries or a row with its columns; ``process_name`` when already read."""
    conn = connection_of(unit)
    # On SQLite the times come as their stored text and are parsed in one C call per point
    # (datetime.fromisoformat reads SQLAlchemy's "YYYY-MM-DD HH:MM:SS.ffffff"): a fifth of the
    # read of a ten-year daily series went into the DateTime type's row processing (issue 21).
    as_text = conn.dialect.name == "sqlite"
    # Core, and the driver's (time, value) tuples as they come: neither the ORM's row loading
    # nor a Row per point (most of the read of a ten-year daily series; issue 21). Neither
    # column needs its type's conversion: the time is parsed below, the value is a float.
    rows = driver_rows(conn, _points_query(as_text, until is not None),
                       {"series_id": series.id, "until": until})
    # Columns in C (zip, map) rather than a generator per row: 3,650 rows a ten-year series.
    raw_times, raw_values = ((tuple(column) for column in zip(*rows, strict=True)) if rows
                             else ((), ()))
    times: tuple[datetime, ...] = (tuple(map(datetime.fromisoformat, raw_times)) if as_text
                                   else raw_times)
    values = tuple(map(float, raw_values))
    changes = [c for c in _changes(conn, series.process_id)
               if until is None or c.completed_at <= until]
    starts: list[tuple[datetime | None, ProcessChange | None]] = [(None, None)]
    starts += [(c.completed_at, c) for c in changes]
    phases = []
    for i, (start, change) in enumerate(starts):
        end_time = starts[i + 1][0] if i + 1 < len(starts) else None
        first = 0 if start is None else _bisect(times, start)
        end = len(times) if end_time is None else _bisect(times, end_time)
        phases.append(_phase(values, first, end, start, change, series.direction))
    # Phases with no points before the first change say nothing; phase 0 stays for its start.
    kept = tuple(p for p in phases if p.end > p.first or p.change is None)
    # The whole series was read: its count and last point are the rows' (no second query).
    info = _info(conn, series,
                 None if until is not None else (len(times), rows[-1] if rows else None))
    if process_name is None:
        process_name = series_process_name(conn, series)
    return KpiChart(series=info, process_name=process_name,
                    times=times, values=values, phases=kept)


@lru_cache(maxsize=4)
def _points_query(as_text: bool, until: bool) -> Any:
    """A series' points in time order, built once per shape: the time as stored text or as the
    DateTime type's value, cut at a bound ``until`` or not."""
    at = type_coerce(KpiPoint.at, String) if as_text else KpiPoint.at
    query = select(at, KpiPoint.value).where(KpiPoint.series_id == bindparam("series_id"))
    if until:
        query = query.where(KpiPoint.at <= bindparam("until", type_=DateTime))
    return query.order_by(KpiPoint.at, KpiPoint.id)


def status_label(status: str) -> str:
    """A KPI status (or a signal's kind) in words, in the language of the work: what the
    reports show where they showed ``status.capitalize()`` (the same words in English)."""
    return {
        "holding": translate("services.kpis", "Holding"),
        NOT_HOLDING: translate("services.kpis", "Improvement not holding"),
        NEW_BOTTLENECK: translate("services.kpis", "New bottleneck"),
        "signal": translate("services.kpis", "Signal"),
        "no change yet": translate("services.kpis", "No change yet"),
        "too few points": translate("services.kpis", "Too few points"),
    }.get(status, status.capitalize())


def _summary(chart: KpiChart) -> KpiSummary:
    with_limits = [(p, p.limits) for p in chart.phases if p.limits is not None]
    if not with_limits:
        return KpiSummary(chart=chart, level=None, level_before=None, status="too few points")
    last, last_limits = with_limits[-1]
    before = with_limits[-2][1].centre if len(with_limits) > 1 else None
    if last.change is None:
        status = "signal" if last.worse else "no change yet"
    else:
        status = NOT_HOLDING if last.worse else "holding"
    return KpiSummary(chart=chart, level=last_limits.centre, level_before=before, status=status)


_PROCESS_NAME = select(Process.name).where(Process.id == bindparam("process_id"))


def series_process_name(unit: Session | Connection, series: Any) -> str:
    return connection_of(unit).execute(
        _PROCESS_NAME, {"process_id": series.process_id}).scalar() or ""


def _bisect(times: Sequence[datetime], at: datetime) -> int:
    """Index of the first point at or after ``at``."""
    low, high = 0, len(times)
    while low < high:
        mid = (low + high) // 2
        if times[mid] < at:
            low = mid + 1
        else:
            high = mid
    return low


def _phase(values: Sequence[float], first: int, end: int, start: datetime | None,
           change: ProcessChange | None, direction: MetricDirection) -> KpiPhase:
    part = values[first:end]
    baseline = part[:BASELINE_POINTS]
    if len(baseline) < 2:
        return KpiPhase(start=start, change=change, first=first, end=end, limits=None,
                        signals=(), worse=())
    limits = control_chart.xmr_limits(baseline)
    flagged = [first + i for i in control_chart.signals(part, limits)]
    lower_better = direction is MetricDirection.LOWER_IS_BETTER
    worse = [i for i in flagged
             if (values[i] > limits.centre if lower_better else values[i] < limits.centre)]
    return KpiPhase(start=start, change=change, first=first, end=end, limits=limits,
                    signals=tuple(flagged), worse=tuple(worse))


def _not_holding(chart: KpiChart, process: Process) -> ProcessSignal | None:
    last = chart.phases[-1]
    if last.change is None or not last.worse:
        return None
    since = chart.times[last.worse[0]]
    return ProcessSignal(
        process_id=process.id, process_name=process.name, kind=NOT_HOLDING,
        message=translate(
            "services.kpis",
            "{process}: {series} is drifting back since {since:%Y-%m-%d} after {change!r} "
            "({count} point(s) on the worse side of the new level).",
        ).format(process=process.name, series=chart.series.name, since=since,
                 change=last.change.title, count=len(last.worse)),
        series_id=chart.series.id, since=since,
    )


def _new_bottleneck(s: Session, process: Process) -> ProcessSignal | None:
    changes = _changes(s, process.id)
    if not changes:
        return None
    last = changes[-1]
    current = s.scalars(select(ProcessMap).where(
        ProcessMap.process_id == process.id, ProcessMap.kind == MapKind.CURRENT)).first()
    if current is None:
        return None
    # The newest save at or before the change that recorded a bottleneck (an update keeps only
    # the fields that changed; the map's creation records them all).
    was = None
    for after in s.scalars(
        select(AuditEvent.after).where(
            AuditEvent.entity == "process_map", AuditEvent.entity_id == current.id,
            AuditEvent.at <= last.completed_at)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    ):
        if after and "bottleneck" in after:
            was = after["bottleneck"]
            break
    now = value_stream(loads(current.document)).bottleneck
    if was is None or was == now:
        return None
    return ProcessSignal(
        process_id=process.id, process_name=process.name, kind=NEW_BOTTLENECK,
        message=translate(
            "services.kpis",
            "{process}: the bottleneck is now {now!r}; it was {was!r} when {change!r} was "
            "completed on {completed:%Y-%m-%d}.",
        ).format(process=process.name, now=now, was=was, change=last.title,
                 completed=last.completed_at),
        series_id=None, since=last.completed_at,
    )


def _changes_query() -> Any:
    """Ideas linked to a process's steps or carrying one of its maps, standardised: built once
    (the process is a bound parameter); building it cost more than running it (issue 21)."""
    process_id: Any = bindparam("process_id")
    by_link = (select(ProcessStepLink.suggestion_id.label("sid"))
               .join(ProcessStep, ProcessStep.id == ProcessStepLink.step_id)
               .join(ProcessMap, ProcessMap.id == ProcessStep.map_id)
               .where(ProcessMap.process_id == process_id,
                      ProcessStepLink.suggestion_id.is_not(None)))
    by_map = (select(ProcessMap.suggestion_id.label("sid"))
              .where(ProcessMap.process_id == process_id, ProcessMap.suggestion_id.is_not(None)))
    ids = union(by_link, by_map).subquery()
    return (select(Suggestion.id, Suggestion.title, Suggestion.closed_at)
            .where(Suggestion.id.in_(select(ids.c.sid)),
                   Suggestion.status == SuggestionStatus.STANDARDISED,
                   Suggestion.closed_at.is_not(None))
            .order_by(Suggestion.closed_at, Suggestion.id))


_CHANGES = _changes_query()


def _changes(unit: Session | Connection, process_id: int) -> list[ProcessChange]:
    """Ideas linked to the process's steps or carrying one of its maps, standardised."""
    rows = connection_of(unit).execute(_CHANGES, {"process_id": process_id}).all()
    # closed_at is nullable in the table; the query keeps only the rows that have one.
    return [ProcessChange(suggestion_id=r[0], title=r[1], completed_at=cast(datetime, r[2]))
            for r in rows]


def _info(unit: Session | Connection, series: Any,
          known: tuple[int, Any] | None = None) -> SeriesInfo:
    """The series' info; ``known``: its point count and last (time, value) row when the caller
    has just read every point (in time order), so nothing more is read."""
    last_value: float | None = None
    last_at: datetime | None = None
    if known is not None:
        count, last_row = known
        if last_row is not None:
            last_value = float(last_row[1])
            last_at = (datetime.fromisoformat(last_row[0]) if isinstance(last_row[0], str)
                       else last_row[0])
    else:
        conn = connection_of(unit)
        count = conn.scalar(select(func.count(KpiPoint.id)).where(
            KpiPoint.series_id == series.id)) or 0
        last = conn.execute(select(KpiPoint.value, KpiPoint.at)
                         .where(KpiPoint.series_id == series.id)
                         .order_by(KpiPoint.at.desc(), KpiPoint.id.desc()).limit(1)).first()
        if last is not None:
            last_value, last_at = float(last[0]), last[1]
    return SeriesInfo(
        id=series.id, process_id=series.process_id, kind=series.kind, name=series.name,
        unit=series.unit, direction=series.direction, points=count,
        last_value=last_value, last_at=last_at, version=series.version,
    )


def _kind(value: KpiKind | str) -> KpiKind:
    try:
        return KpiKind(value)
    except ValueError:
        kinds = ", ".join(k.value for k in KpiKind)
        raise ValidationError(
            translate("services.kpis", "The KPI kind must be one of {kinds}.").format(kinds=kinds),
            field="kind",
        ) from None


def _direction(value: MetricDirection | str | None) -> MetricDirection:
    if value is not None:
        with suppress(ValueError):
            return MetricDirection(value)
    raise ValidationError(
        translate("services.kpis", "Say whether lower or higher is better."), field="direction"
    )


def _source(value: KpiSource | str) -> KpiSource:
    try:
        return KpiSource(value)
    except ValueError:
        raise ValidationError(
            translate("services.kpis", "Unknown source of KPI points."), field="source"
        ) from None


def _check_points(points: Sequence[tuple[datetime, float]]) -> list[tuple[datetime, float]]:
    if isinstance(points, str | bytes) or not isinstance(points, Sequence) or not points:
        raise ValidationError(
            translate("services.kpis", "Enter at least one KPI point (a time and a value)."),
            field="points",
        )
    if len(points) > MAX_POINTS:
        raise ValidationError(
            translate(
                "services.kpis", "At most {max_points} points at a time ({count} given)."
            ).format(max_points=format_number(MAX_POINTS), count=format_number(len(points))),
            field="points",
        )
    out = []
    for n, point in enumerate(points, start=1):
        if not isinstance(point, tuple | list) or len(point) != 2:
            raise ValidationError(
                translate("services.kpis", "Point {n} is not a time and a value.").format(n=n),
                field="points",
            )
        at, value = point
        if not isinstance(at, datetime):
            raise ValidationError(
                translate("services.kpis", "Point {n}: the time must be a date and time.").format(
                    n=n
                ),
                field="points",
            )
        if at.tzinfo is not None:
            at = at.astimezone().replace(tzinfo=None)
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not math.isfinite(float(value)):
            raise ValidationError(
                translate("services.kpis", "Point {n}: the value must be a finite number.").format(
                    n=n
                ),
                field="points",
            )
        out.append((at, float(value)))
    return out
