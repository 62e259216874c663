"""The demo plant's process work (issue 16): so Process maps, Process mining and What-if open
on something at first start.

On the generator's timeline and through the same services: the Assembly supervisor maps the
Frame line (current state from the manufacturing-line template, kaizen/templates), keeps two
weekly KPIs on it (lead time and error rate, typed every Monday), raises an idea that carries a
future state of the map (shorter waits before welding and painting) and runs it through PDCA;
once the idea is standardised its effect shows in the KPIs, whose control-chart phase starts at
that change. A what-if scenario (a second welder) is simulated on the current map and its
results recorded, and eight weeks of the line's orders are imported as an event log (a made-up
MES export, walked through the map's steps with a rework loop after inspection).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from kaizen.domain.enums import WasteCategory
from kaizen.domain.kpis import KpiKind, KpiSource
from kaizen.services.suggestions import SuggestionInput

if TYPE_CHECKING:
    from kaizen.demo.generator import DemoBuilder

PROCESS_NAME = "Frame line"
IDEA_TITLE = "Cut the waits before welding and painting on the Frame line"
SCENARIO_NAME = "A second welder"
LOG_NAME = "Frame line orders, MES export"
# Lead time (hours) and error rate (%) of the line each week: before the change, and the share
# of it left once the change is standard.
LEAD_TIME = (26.0, 2.0, 0.72)  # the idea's metric (catalogue: lead time, h) starts there
ERROR_RATE = (4.2, 0.45, 0.8)
# The week of the supplier's bad batch: a point far outside the limits (a control-chart signal).
BAD_WEEK = 23


@dataclass(slots=True)
class ProcessWork:
    builder: DemoBuilder
    supervisor: int = 0
    process_id: int = 0
    current_map: int = 0
    lead_series: int = 0
    error_series: int = 0
    idea_id: int | None = None
    weeks: int = 0
    steps: list[dict[str, Any]] = field(default_factory=list)

    # --- the start ----------------------------------------------------------------------------
    def schedule(self) -> None:
        b = self.builder
        span = b.end - b.start
        # In that order however short the timeline (a one-month demo in the tests).
        b.at(b.start + timedelta(days=3), self._map_the_line)
        b.at(b.start + min(timedelta(days=150), span / 3), self._when_mapped(self._raise_idea))
        b.at(max(b.end - timedelta(days=40), b.start + span / 2),
             self._when_mapped(self._what_if))
        b.at(max(b.end - timedelta(days=9), b.start + span * 0.6),
             self._when_mapped(self._import_orders))

    def _when_mapped(self, step: Callable[[], None]) -> Callable[[], None]:
        return lambda: step() if self.process_id else None

    def _map_the_line(self) -> None:
        b = self.builder
        area = b.line_area("Line A")
        self.supervisor = b.plant.supervisor[area]
        view = b.services.processes.create_from_template(
            self.supervisor, name=PROCESS_NAME, area_id=area, template="manufacturing_line",
            description="Frames cut, welded, inspected, painted and shipped.")
        self.process_id, self.current_map = view.process.id, view.map.id
        self.steps = list(view.document["steps"])
        kpis = b.services.kpis
        self.lead_series = kpis.add_series(self.supervisor, self.process_id,
                                           kind=KpiKind.LEAD_TIME).id
        self.error_series = kpis.add_series(self.supervisor, self.process_id,
                                            kind=KpiKind.ERROR_RATE).id
        b.summary.processes += 1
        b.summary.kpis += 2
        monday = (b.clock.now + timedelta(days=7 - b.clock.now.weekday())).date()
        b.at(datetime.combine(monday, time(8, 0)), self._week)

    # --- the weekly KPIs ----------------------------------------------------------------------
    def _standard(self) -> bool:
        if self.idea_id is None:
            return False
        return self.builder.services.suggestions.get(self.idea_id).status.value == "standardised"

    def _week(self) -> None:
        b = self.builder
        self.weeks += 1
        done = self._standard()
        points = []
        for series, (level, spread, after) in ((self.lead_series, LEAD_TIME),
                                               (self.error_series, ERROR_RATE)):
            mean = level * (after if done else 1.0)
            value = b.rng.gauss(mean, spread * (after if done else 1.0))
            if self.weeks == BAD_WEEK:
                value = mean + 5 * spread
            points.append((series, round(max(value, 0.1), 2)))
        week_end = b.clock.now - timedelta(days=3)  # last week's Friday
        for series, value in points:
            b.services.kpis.add_points(self.supervisor, series,
                                       [(week_end.replace(hour=16, minute=0), value)],
                                       source=KpiSource.TYPED)
        b.later(7, 7, self._week)

    # --- the change the future map carries ----------------------------------------------------
    def _raise_idea(self) -> None:
        b = self.builder
        area = b.line_area("Line A")
        author = b.plant.staff[area][0]
        idea = b.services.suggestions.create(author, SuggestionInput(
            title=IDEA_TITLE,
            problem="Frames wait an hour and a half before welding and two hours before paint; "
                    "the lead time is over a day.",
            proposal="Pull frames to the welders with a two-frame kanban and paint in small "
                     "batches, as the future-state map shows.",
            area_id=area, wastes=[WasteCategory.WAITING], expected_savings=18000.0,
            implementation_cost=2500.0, impact=5, effort=3,
        ))
        b.summary.ideas += 1
        b.claim_title(IDEA_TITLE)
        self.idea_id = idea.id
        future = b.services.processes.copy_to_future(self.supervisor, self.current_map,
                                                     suggestion_id=idea.id)
        doc = dict(future.document)
        doc["steps"] = [dict(step) for step in doc["steps"]]
        for step in doc["steps"]:
            if step["name"] == "Weld":
                step["wait_before"] = 30
            elif step["name"] == "Paint":
                step["wait_before"] = 40
        b.services.processes.save_map(self.supervisor, future.map.id, doc)
        b.later(2, 4, lambda: self._accept(idea.id, area))

    def _accept(self, idea_id: int, area: int) -> None:
        b = self.builder
        b.services.suggestions.start_review(self.supervisor, idea_id)
        due = (b.clock.now + timedelta(days=75)).date()
        b.services.suggestions.accept(self.supervisor, idea_id, owner_id=self.supervisor,
                                      due_date=due)
        cycle = b.services.pdca.current_cycle(idea_id)
        assert cycle is not None
        # Through the generator's own PDCA steps, with a clear effect: the lead time drops.
        b.later(1, 4, lambda: b.plan_cycle(idea_id, cycle.id, area, self.supervisor,
                                           effect=0.3, waste=WasteCategory.TRANSPORT))

    # --- what-if and mining -------------------------------------------------------------------
    def _what_if(self) -> None:
        from kaizen.simulation.runner import RunOptions
        from kaizen.simulation.scenario import compare

        scenarios = self.builder.services.scenarios
        info = scenarios.create(self.supervisor, self.current_map, name=SCENARIO_NAME,
                                changes=[{"change": "add_resources", "step": "Weld",
                                          "count": 1}])
        options = RunOptions(replications=5, seed=1)
        current, changed = scenarios.models(info.id)
        comparison = compare(current, changed, options, workers=1)
        scenarios.record_results(self.supervisor, info.id, comparison, options)
        self.builder.summary.scenarios += 1

    def _import_orders(self) -> None:
        from kaizen.mining.log import EventLog

        b = self.builder
        rng = np.random.default_rng(7)
        names = [s["name"] for s in self.steps]
        roles = sorted({s.get("role") or "Operator" for s in self.steps})
        cases, acts, stamps, who = [], [], [], []
        first = b.clock.now - timedelta(days=63)
        order = 0
        for day in range(56):
            start_day = first + timedelta(days=day)
            if start_day.weekday() >= 5:
                continue
            for _ in range(int(rng.integers(2, 5))):
                at = datetime.combine(start_day.date(), time(7, 0)) + timedelta(
                    minutes=float(rng.uniform(0, 480)))
                path = self._path(rng, names)
                for name in path:
                    step = self.steps[names.index(name)]
                    at += timedelta(minutes=float(rng.exponential(step["wait_before"] or 5)))
                    at += timedelta(minutes=_duration(rng, step["duration"]))
                    cases.append(order)
                    acts.append(names.index(name))
                    stamps.append(_ns(at))
                    who.append(roles.index(step.get("role") or "Operator"))
                order += 1
        log = EventLog.from_columns(
            np.array(cases), np.array(acts), np.array(stamps), np.array(who), None,
            [f"FR-{10400 + i}" for i in range(order)], names, roles)
        b.services.event_logs.import_log(self.supervisor, log, name=LOG_NAME,
                                         source_file="frame_line_orders.csv")
        b.summary.event_logs += 1

    @staticmethod
    def _path(rng: np.random.Generator, names: list[str]) -> list[str]:
        """The steps one order passes: rework and a second inspection for about one in six."""
        path = [n for n in names if n != "Rework weld"]
        if "Rework weld" in names and "Inspect" in path and rng.random() < 0.17:
            at = path.index("Inspect") + 1
            path[at:at] = ["Rework weld", "Inspect"]
        return path


def _duration(rng: np.random.Generator, spec: dict[str, Any]) -> float:
    """Minutes drawn roughly as the map's duration says (the log is an export, not a model)."""
    kind = spec.get("distribution")
    if kind == "triangular":
        return float(rng.triangular(spec["min"], spec["mode"], spec["max"]))
    if kind == "empirical":
        return float(rng.choice(spec["values"]))
    mean = float(spec.get("mean", 1.0))
    if kind == "exponential":
        return float(rng.exponential(mean))
    if kind in ("normal", "lognormal"):
        return max(0.1, float(rng.normal(mean, spec.get("sd", 0.0))))
    return mean


def _ns(at: datetime) -> int:
    return math.floor(at.replace(tzinfo=UTC).timestamp()) * 1_000_000_000
