"""What-if scenarios (issue 20): stored, simulated, attached to an idea as its forecast, and
checked against the process's real KPIs after the change.

A scenario is a copy of a process map with its list of changes (kaizen/simulation/scenario.py)
and its last results (the paired comparison with the map). The simulation itself runs outside
any session: :meth:`ScenarioService.models` reads both models, the caller runs
:func:`kaizen.simulation.compare` (the GUI in a worker), and :meth:`record_results` stores it.

Forecast (:func:`forecast_from`): the lead time saved per case (current minus scenario, the
paired mean), in hours, times the cases a year (the scenario's throughput over 365 days) gives
hours a year; at the hourly rate of the process's area that is money a year, written as the
idea's expected savings (audited). :meth:`forecast_check` sets the process's lead-time KPI (its
mean before the idea was standardised and since) against that forecast.

Supervisors and admins work with scenarios (``Action.MAP_PROCESS``); anyone may read them.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kaizen.db.models import KpiSeries, Process, ProcessMap, Scenario, Suggestion
from kaizen.domain.enums import SuggestionStatus
from kaizen.domain.errors import Conflict, ValidationError
from kaizen.domain.kpis import KpiKind
from kaizen.domain.permissions import Action, require
from kaizen.domain.process_model import ProcessModel, loads, model_to_dict
from kaizen.i18n import translate
from kaizen.services.base import MAX_NAME, Service, audit, clean_text, get_or_404, load_actor
from kaizen.services.event_logs import EventLogInfo, log_infos
from kaizen.services.kpis import _chart
from kaizen.services.people import effective_hourly_rate, load_settings
from kaizen.services.processes import MapInfo, check_version, map_infos, process_infos
from kaizen.services.suggestions import SuggestionInfo, recent_infos
from kaizen.simulation.calendar import hour_length
from kaizen.simulation.change_doc import change_from_dict, change_to_dict, describe
from kaizen.simulation.runner import RunOptions
from kaizen.simulation.scenario import Change, Comparison, apply_changes

HOURS_PER_YEAR = 24.0 * 365.0
# How many of the newest ideas the What-if page offers to attach a forecast to.
WHAT_IF_IDEAS = 200
# KPI units the forecast can be converted into (a KPI's unit is free text).
_UNIT_HOURS = {"second": 1 / 3600, "s": 1 / 3600, "sec": 1 / 3600, "seconds": 1 / 3600,
               "minute": 1 / 60, "min": 1 / 60, "minutes": 1 / 60, "mins": 1 / 60,
               "hour": 1.0, "h": 1.0, "hours": 1.0, "hr": 1.0, "hrs": 1.0,
               "day": 24.0, "days": 24.0, "d": 24.0, "week": 168.0, "weeks": 168.0}


@dataclass(frozen=True, slots=True)
class ScenarioInfo:
    id: int
    map_id: int
    map_name: str
    process_id: int
    process_name: str
    name: str
    changes: tuple[dict[str, Any], ...]
    descriptions: tuple[str, ...]
    results: dict[str, Any] | None  # see _results_doc
    run_at: datetime | None
    suggestion_id: int | None
    forecast_hours: float | None
    forecast_amount: float | None
    version: int


@dataclass(frozen=True, slots=True)
class WhatIfScreen:
    """What the What-if page's pickers offer, from one moment: every process's maps (by
    process name, each process's current state first), the newest ideas (newest first) and
    the stored event logs (by name)."""

    maps: list[MapInfo]
    ideas: list[SuggestionInfo]
    logs: list[EventLogInfo]


@dataclass(frozen=True, slots=True)
class WhatIfMap:
    """What the What-if page shows for the map picked: its model and its scenarios (by name),
    from one moment."""

    model: ProcessModel
    scenarios: list[ScenarioInfo]


@dataclass(frozen=True, slots=True)
class Forecast:
    """Hours and money a year a scenario forecasts for an idea."""

    lead_time_saved: float  # per case, in the model's time unit
    time_unit: str
    real: bool | None  # the paired interval of the lead-time difference excludes 0
    cases_per_year: float
    hours_per_year: float
    hourly_rate: float
    amount_per_year: float
    currency: str


@dataclass(frozen=True, slots=True)
class ForecastCheck:
    """The forecast beside what the process's lead-time KPI shows since the change."""

    scenario: ScenarioInfo
    suggestion_title: str | None
    time_unit: str
    forecast_current: float | None  # simulated lead time of the map
    forecast_scenario: float | None  # simulated lead time of the scenario
    kpi_name: str | None  # None: the process has no lead-time KPI
    kpi_unit: str | None
    level_before: float | None  # the KPI's mean before the idea was standardised
    level_now: float | None  # and its mean since
    status: str  # "compared", or why there is nothing to compare yet
    forecast_in_kpi_unit: float | None  # the scenario's lead time in the KPI's unit
    saved_forecast: float | None  # in the KPI's unit
    saved_real: float | None  # level_before - level_now, in the KPI's unit
    changed_at: datetime | None  # when the idea was standardised


def forecast_from(results: Mapping[str, Any], hourly_rate: float, currency: str) -> Forecast:
    """The forecast a scenario's stored results give (see the module docstring)."""
    unit = results["time_unit"]
    lead = results["comparison"]["lead_time"]
    saved = -float(lead["difference"]["mean"])
    if not math.isfinite(saved) or saved <= 0:
        raise ValidationError(
            translate(
                "services.scenarios",
                "The scenario does not shorten the lead time, so it forecasts no savings.",
            ),
            field="scenario",
        )
    throughput = float(results["comparison"]["throughput"]["scenario"]["mean"])
    per_hour = hour_length(unit)  # model units in an hour
    cases = throughput * per_hour * HOURS_PER_YEAR
    hours = saved / per_hour * cases
    return Forecast(lead_time_saved=saved, time_unit=unit, real=lead["real"],
                    cases_per_year=cases, hours_per_year=hours, hourly_rate=hourly_rate,
                    amount_per_year=round(hours * hourly_rate, 2), currency=currency)


class ScenarioService(Service):
    def create(self, actor_id: int, map_id: int, *, name: str,
               changes: Sequence[Change | Mapping[str, Any]]) -> ScenarioInfo:
        """A scenario of a map: its changes are applied at once, so a scenario that breaks the
        model is refused in the parser's words and nothing is stored."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MAP_PROCESS)
            pmap = get_or_404(s, ProcessMap, map_id, translate("services.scenarios", "Map"))
            label = clean_text(
                name,
                "name",
                translate("services.scenarios", "The scenario's name"),
                max_len=MAX_NAME,
                required=True,
            )
            if s.scalar(select(func.count(Scenario.id)).where(
                    Scenario.map_id == pmap.id, func.lower(Scenario.name) == label.casefold())):
                raise Conflict(
                    translate(
                        "services.scenarios", "The map already has a scenario called {label!r}."
                    ).format(label=label)
                )
            parsed, model = _applied(pmap, changes, label)
            now = self._clock()
            row = Scenario(map_id=pmap.id, name=label, changes=_changes_text(parsed),
                           document=_doc_text(model), created_by_id=actor.id,
                           created_at=now, updated_at=now)
            s.add(row)
            s.flush()
            audit(s, actor_id=actor.id, at=now, entity="scenario", entity_id=row.id,
                  action="create", after=_fields(row))
            return _info(s, row)

    def update_changes(self, actor_id: int, scenario_id: int,
                       changes: Sequence[Change | Mapping[str, Any]], *,
                       expected_version: int | None = None) -> ScenarioInfo:
        """New changes; the old results no longer describe the scenario and are cleared."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MAP_PROCESS)
            row = get_or_404(s, Scenario, scenario_id, translate("services.scenarios", "Scenario"))
            check_version(
                expected_version,
                row,
                "scenario",
                translate("services.scenarios", "The scenario {name!r}").format(name=row.name),
            )
            pmap = get_or_404(s, ProcessMap, row.map_id, translate("services.scenarios", "Map"))
            parsed, model = _applied(pmap, changes, row.name)
            before = _fields(row)
            text = _changes_text(parsed)
            if text != row.changes:
                row.changes, row.document = text, _doc_text(model)
                row.results, row.run_at = None, None
                row.updated_at = self._clock()
                audit(s, actor_id=actor.id, at=row.updated_at, entity="scenario",
                      entity_id=row.id, action="update", before=before, after=_fields(row))
                s.flush()
            return _info(s, row)

    def delete(self, actor_id: int, scenario_id: int) -> None:
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MAP_PROCESS)
            row = get_or_404(s, Scenario, scenario_id, translate("services.scenarios", "Scenario"))
            audit(s, actor_id=actor.id, at=self._clock(), entity="scenario", entity_id=row.id,
                  action="delete", before=_fields(row))
            s.delete(row)

    def what_if_screen(self) -> WhatIfScreen:
        """The What-if page's data in one read (issue 15): the maps to simulate, the ideas to
        attach a forecast to, the logs to calibrate from."""
        with self._db.read() as s:
            return WhatIfScreen(
                maps=[m for p in process_infos(s) for m in map_infos(s, p.id)],
                ideas=recent_infos(s, WHAT_IF_IDEAS), logs=log_infos(s))

    def what_if_map(self, map_id: int) -> WhatIfMap:
        """The What-if page's read of the map picked (issue 15): the model and its scenarios."""
        with self._db.read() as s:
            pmap = get_or_404(s, ProcessMap, map_id, translate("services.scenarios", "Map"))
            return WhatIfMap(model=loads(pmap.document), scenarios=_scenario_infos(s, map_id))

    def list_for_map(self, map_id: int) -> list[ScenarioInfo]:
        with self._db.read() as s:
            get_or_404(s, ProcessMap, map_id, translate("services.scenarios", "Map"))
            return _scenario_infos(s, map_id)

    def get(self, scenario_id: int) -> ScenarioInfo:
        with self._db.read() as s:
            return _info(
                s, get_or_404(s, Scenario, scenario_id, translate("services.scenarios", "Scenario"))
            )

    def models(self, scenario_id: int) -> tuple[ProcessModel, ProcessModel]:
        """The map as it is now and the scenario (its changes applied to it), to simulate."""
        with self._db.read() as s:
            row = get_or_404(s, Scenario, scenario_id, translate("services.scenarios", "Scenario"))
            pmap = get_or_404(s, ProcessMap, row.map_id, translate("services.scenarios", "Map"))
            _, model = _applied(pmap, json.loads(row.changes), row.name)
            return loads(pmap.document), model

    def record_results(self, actor_id: int, scenario_id: int, comparison: Comparison,
                       options: RunOptions) -> ScenarioInfo:
        """Store a finished comparison as the scenario's last results."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MAP_PROCESS)
            row = get_or_404(s, Scenario, scenario_id, translate("services.scenarios", "Scenario"))
            before = _fields(row)
            row.results = json.dumps(_results_doc(comparison, options), allow_nan=False)
            row.run_at = row.updated_at = self._clock()
            audit(s, actor_id=actor.id, at=row.run_at, entity="scenario", entity_id=row.id,
                  action="simulate", before=before, after=_fields(row))
            s.flush()
            return _info(s, row)

    def attach_forecast(self, actor_id: int, scenario_id: int,
                        suggestion_id: int) -> Forecast:
        """The scenario's forecast becomes the idea's expected savings (a year's worth)."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MAP_PROCESS)
            row = get_or_404(s, Scenario, scenario_id, translate("services.scenarios", "Scenario"))
            idea = get_or_404(s, Suggestion, suggestion_id, translate("services.scenarios", "Idea"))
            if row.results is None:
                raise ValidationError(
                    translate(
                        "services.scenarios", "Run the scenario before attaching it as a forecast."
                    ),
                    field="scenario",
                )
            # A scenario's map and the map's process are foreign keys: both rows exist.
            process = s.get_one(Process, s.get_one(ProcessMap, row.map_id).process_id)
            forecast = forecast_from(json.loads(row.results),
                                     effective_hourly_rate(s, process.area_id),
                                     load_settings(s).currency)
            now = self._clock()
            old = {"expected_savings": idea.expected_savings}
            idea.expected_savings = forecast.amount_per_year
            idea.updated_at = now
            audit(s, actor_id=actor.id, at=now, entity="suggestion", entity_id=idea.id,
                  action="forecast", before=old,
                  after={"expected_savings": idea.expected_savings})
            before = _fields(row)
            row.suggestion_id = idea.id
            row.forecast_hours = round(forecast.hours_per_year, 2)
            row.forecast_amount = forecast.amount_per_year
            row.updated_at = now
            audit(s, actor_id=actor.id, at=now, entity="scenario", entity_id=row.id,
                  action="attach_forecast", before=before, after=_fields(row))
            s.flush()
            return forecast

    def forecast_check(self, scenario_id: int) -> ForecastCheck:
        """The forecast against the process's lead-time KPI, before and since the change."""
        with self._db.read() as s:
            row = get_or_404(s, Scenario, scenario_id, translate("services.scenarios", "Scenario"))
            info = _info(s, row)
            results = info.results
            unit = results["time_unit"] if results else loads(row.document).time_unit
            lead = results["comparison"]["lead_time"] if results else None
            current = lead["current"]["mean"] if lead else None
            forecast = lead["scenario"]["mean"] if lead else None
            idea = None if row.suggestion_id is None else s.get(Suggestion, row.suggestion_id)
            series = s.scalars(select(KpiSeries).where(
                KpiSeries.process_id == info.process_id, KpiSeries.kind == KpiKind.LEAD_TIME)
                .order_by(KpiSeries.id)).first()
            factor = None if series is None else _factor(unit, series.unit)
            in_kpi = None if factor is None or forecast is None else forecast * factor
            saved = (None if factor is None or forecast is None or current is None
                     else (current - forecast) * factor)
            level_before = level_now = None
            if series is None:
                status = translate("services.scenarios",
                                   "The process has no lead-time KPI to check.")
            elif idea is None:
                status = translate("services.scenarios", "Attach the scenario to an idea first.")
            elif idea.status is not SuggestionStatus.STANDARDISED or idea.closed_at is None:
                status = translate("services.scenarios",
                                   "The change is not made yet (its idea is not standardised).")
            else:
                chart = _chart(s, series)
                before = [v for at, v in zip(chart.times, chart.values, strict=True)
                          if at < idea.closed_at]
                since = [v for at, v in zip(chart.times, chart.values, strict=True)
                         if at >= idea.closed_at]
                level_before = statistics.fmean(before) if before else None
                level_now = statistics.fmean(since) if since else None
                status = ("compared" if before and since else
                          translate("services.scenarios",
                                    "The KPI needs points before and after the change."))
            real = (None if level_before is None or level_now is None
                    else level_before - level_now)
            return ForecastCheck(
                scenario=info, suggestion_title=idea.title if idea else None, time_unit=unit,
                forecast_current=current, forecast_scenario=forecast,
                kpi_name=series.name if series else None,
                kpi_unit=series.unit if series else None, level_before=level_before,
                level_now=level_now, status=status, forecast_in_kpi_unit=in_kpi,
                saved_forecast=saved, saved_real=real, changed_at=idea.closed_at
                if idea is not None and level_now is not None else None)


def _factor(model_unit: str, kpi_unit: str) -> float | None:
    """Model time units -> KPI units, when the KPI's unit is a time unit we know."""
    target = _UNIT_HOURS.get(kpi_unit.strip().casefold())
    if target is None:
        return None
    return (1.0 / hour_length(model_unit)) / target


def _applied(pmap: ProcessMap, changes: Any, name: str) -> tuple[tuple[Change, ...],
                                                                 ProcessModel]:
    if isinstance(changes, str | bytes) or not isinstance(changes, Sequence):
        raise ValidationError(
            translate("services.scenarios", "The changes are a list."), field="changes"
        )
    parsed = tuple(c if not isinstance(c, Mapping) else change_from_dict(dict(c), i)
                   for i, c in enumerate(changes))
    return parsed, apply_changes(loads(pmap.document), parsed, name=name)


def _changes_text(changes: Sequence[Change]) -> str:
    return json.dumps([change_to_dict(c) for c in changes], ensure_ascii=False)


def _doc_text(model: ProcessModel) -> str:
    return json.dumps(model_to_dict(model), ensure_ascii=False, separators=(",", ":"))


def _results_doc(comparison: Comparison, options: RunOptions) -> dict[str, Any]:
    current = comparison.current
    return {
        "time_unit": current.time_unit,
        "options": {"replications": current.replications, "horizon": current.horizon,
                    "warmup": current.warmup, "seed": current.seed},
        "comparison": _finite(comparison.to_dict()),
        "warnings": list(current.warnings),
        "scenario_warnings": list(comparison.scenario.warnings),
    }


def _finite(value: Any) -> Any:
    """NaN (a figure with no cases) becomes null: JSON has no NaN."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _fields(row: Scenario) -> dict[str, Any]:
    return {"name": row.name, "map_id": row.map_id, "changes": json.loads(row.changes),
            "run_at": row.run_at.isoformat() if row.run_at else None,
            "suggestion_id": row.suggestion_id, "forecast_hours": row.forecast_hours,
            "forecast_amount": row.forecast_amount}


def _info(s: Session, row: Scenario) -> ScenarioInfo:
    pmap = s.get_one(ProcessMap, row.map_id)  # a scenario's map is a foreign key
    changes = tuple(json.loads(row.changes))
    return ScenarioInfo(
        id=row.id, map_id=row.map_id, map_name=pmap.name, process_id=pmap.process_id,
        process_name=pmap.process.name, name=row.name, changes=changes,
        descriptions=tuple(describe(change_from_dict(c, i)) for i, c in enumerate(changes)),
        results=json.loads(row.results) if row.results else None, run_at=row.run_at,
        suggestion_id=row.suggestion_id, forecast_hours=row.forecast_hours,
        forecast_amount=row.forecast_amount, version=row.version)


def _scenario_infos(s: Session, map_id: int) -> list[ScenarioInfo]:
    """A map's scenarios by name, inside the caller's session."""
    rows = s.scalars(select(Scenario).where(Scenario.map_id == map_id)
                     .order_by(func.lower(Scenario.name), Scenario.id))
    return [_info(s, row) for row in rows]
