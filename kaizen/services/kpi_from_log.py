"""KPI series derived from a stored event log (issue 19, "KPIs"): weekly or monthly lead time,
throughput, rework rate or case count of a process, as points of one of its KPI series.

One unit of work: the log is read, the points computed (:func:`kaizen.mining.kpi_series
.kpi_points`), the series found by name or created, and the points written with the source
``event_log``, all audited together. Deriving again replaces the points the event log gave
before at the same period times, so re-running after a new import does not double them.
``actor_id=None`` is the command line (the site's operator), as for the event logs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select

from kaizen.db.models import KpiPoint, KpiSeries, Person, Process
from kaizen.domain.enums import MetricDirection
from kaizen.domain.errors import ValidationError
from kaizen.domain.kpis import KpiKind, KpiSource
from kaizen.domain.permissions import Action, require
from kaizen.i18n import translate
from kaizen.mining.kpi_series import check_choice, kpi_points
from kaizen.services.base import (
    MAX_NAME,
    Service,
    audit,
    clean_text,
    get_or_404,
    load_actor,
    table_of,
)
from kaizen.services.event_logs import load_log

# measure -> (kind, default series name, unit, better direction)
SERIES: dict[str, tuple[KpiKind, str, str, MetricDirection]] = {
    "lead_time": (KpiKind.LEAD_TIME, "Lead time", "hour", MetricDirection.LOWER_IS_BETTER),
    "throughput": (KpiKind.THROUGHPUT, "Throughput", "cases/day",
                   MetricDirection.HIGHER_IS_BETTER),
    "rework_rate": (KpiKind.CUSTOM, "Rework rate", "%", MetricDirection.LOWER_IS_BETTER),
    "cases": (KpiKind.CUSTOM, "Cases completed", "cases", MetricDirection.HIGHER_IS_BETTER),
}


@dataclass(frozen=True, slots=True)
class DerivedKpi:
    series_id: int
    series_name: str
    unit: str
    created: bool        # the series was new
    points: int          # written
    replaced: int        # earlier event-log points at the same times, removed


class KpiFromLogService(Service):
    def derive(self, actor_id: int | None, process_id: int, log_name: str, *,
               measure: str = "lead_time", period: str = "month",
               series_name: str | None = None) -> DerivedKpi:
        """Points of ``measure`` per ``period`` (week or month) from the log, written to the
        process's series ``series_name`` (default: the measure's name, created if missing)."""
        check_choice(measure, period)
        kind, default_name, unit, direction = SERIES[measure]
        name = clean_text(
            series_name if series_name is not None else default_name,
            "series",
            translate("services.kpi_from_log", "The KPI's name"),
            max_len=MAX_NAME,
            required=True,
        )
        if process_id is None or isinstance(process_id, bool) or not isinstance(process_id, int):
            raise ValidationError(
                translate("services.kpi_from_log", "Pick the process the KPI belongs to."),
                field="process",
            )
        with self._db.write() as s:
            actor: Person | None = None
            if actor_id is not None:
                actor = load_actor(s, actor_id)
                require(actor.role, Action.RECORD_MEASUREMENT)
            process = get_or_404(
                s, Process, process_id, translate("services.kpi_from_log", "Process")
            )
            log = load_log(s, log_name)
            points = kpi_points(log, measure, period)
            if not points:
                raise ValidationError(
                    translate(
                        "services.kpi_from_log", "The log '{log_name}' holds no case."
                    ).format(log_name=log_name),
                    field="log",
                )
            series = s.scalars(select(KpiSeries).where(
                KpiSeries.process_id == process.id,
                func.lower(KpiSeries.name) == name.casefold())).first()
            created = series is None
            now = self._clock()
            if series is None:
                if actor is not None:
                    require(actor.role, Action.MAP_PROCESS)
                series = KpiSeries(process_id=process.id, kind=kind, name=name, unit=unit,
                                   direction=direction, created_at=now)
                s.add(series)
                s.flush()
                audit(s, actor_id=actor.id if actor else None, at=now, entity="kpi_series",
                      entity_id=series.id, action="create",
                      after={"process_id": process.id, "kind": kind.value, "name": name,
                             "unit": unit, "direction": direction.value})
            elif series.unit != unit:
                raise ValidationError(
                    translate(
                        "services.kpi_from_log",
                        "The KPI {name!r} is kept in {kept}; the log gives {unit}: "
                        "pick another series name.",
                    ).format(
                        name=series.name,
                        unit=unit,
                        kept=series.unit or translate("services.kpi_from_log", "no unit"),
                    ),
                    field="series",
                )
            # Stored as the KPI service stores times: naive, in local time.
            times = [p.at.astimezone().replace(tzinfo=None) for p in points]
            earlier = (KpiPoint.series_id == series.id,
                       KpiPoint.source == KpiSource.EVENT_LOG, KpiPoint.at.in_(times))
            replaced = s.scalar(select(func.count(KpiPoint.id)).where(*earlier)) or 0
            s.execute(delete(KpiPoint).where(*earlier))
            s.execute(insert(table_of(KpiPoint)).values(
                series_id=series.id, source=KpiSource.EVENT_LOG,
                person_id=actor.id if actor else None),
                [{"at": at, "value": p.value} for at, p in zip(times, points, strict=True)])
            after: dict[str, Any] = {
                "source": KpiSource.EVENT_LOG.value, "log": log_name, "measure": measure,
                "period": period, "count": len(points), "replaced": replaced,
                "from": min(times).isoformat(), "to": max(times).isoformat()}
            audit(s, actor_id=actor.id if actor else None, at=now, entity="kpi_series",
                  entity_id=series.id, action="add_points", after=after)
            return DerivedKpi(series.id, series.name, series.unit or "", created, len(points),
                              replaced)

