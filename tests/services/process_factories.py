"""Helpers for the process and KPI service tests: a small map, and an idea driven through its
PDCA cycle to standardised (a completed change, where a KPI phase starts)."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from kaizen.domain.enums import ActDecision, MeasurementPhase, MetricDirection, PdcaStage
from kaizen.services.measurements import MeasurementService
from kaizen.services.pdca import PdcaService

from .factories import Site, accepted_cycle

# Receive 2 -> Pick 5 (wait 10) -> Pack 3 (wait 4) -> Check 1 -> end 0.9 | back to Pack 0.1.
MAP: dict[str, Any] = {
    "name": "Order picking", "time_unit": "minute",
    "demand": {"units": 100, "available_time": 480},
    "steps": [
        {"name": "Receive", "value": "necessary", "duration": {"distribution": "fixed",
                                                               "mean": 2}},
        {"name": "Pick", "value": "value-adding", "wait_before": 10,
         "duration": {"distribution": "fixed", "mean": 5}},
        {"name": "Pack", "value": "value-adding", "wait_before": 4,
         "duration": {"distribution": "fixed", "mean": 3}},
        {"name": "Check", "value": "necessary", "duration": {"distribution": "fixed", "mean": 1}},
    ],
    "flows": [
        {"from": "start", "to": "Receive"}, {"from": "Receive", "to": "Pick"},
        {"from": "Pick", "to": "Pack"}, {"from": "Pack", "to": "Check"},
        {"from": "Check", "to": "end", "probability": 0.9},
        {"from": "Check", "to": "Pack", "probability": 0.1},
    ],
}


def a_map(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(MAP)
    doc.update(changes)
    return doc


def standardise(site: Site, pdca: PdcaService, measures: MeasurementService,
                **idea_changes: Any) -> int:
    """An idea accepted, planned, done, checked and adopted: standardised at the clock's time.
    Returns its id."""
    cycle = accepted_cycle(site, pdca, **idea_changes)
    who = site.supervisor_id
    pdca.update_plan(who, cycle.id, problem_statement="Picking is slow.",
                     why_chain=["Far shelves."], root_cause="Layout.",
                     target_metric="Pick time", target_from=5.0, target_to=3.0,
                     target_by=date(2027, 12, 31), countermeasure="Move the fast movers.")
    action = pdca.add_action(who, cycle.id, text="Move the shelves")
    pdca.move(who, cycle.id, PdcaStage.DO)
    pdca.set_action_done(who, action.id, True)
    pdca.move(who, cycle.id, PdcaStage.CHECK)
    metric = measures.add_metric(who, cycle.suggestion_id, name="Pick time", unit="min",
                                 direction=MetricDirection.LOWER_IS_BETTER)
    measures.add_measurements(who, metric.id, MeasurementPhase.BEFORE, [5, 6, 5])
    measures.add_measurements(who, metric.id, MeasurementPhase.AFTER, [3, 3, 2])
    pdca.move(who, cycle.id, PdcaStage.ACT)
    pdca.decide(who, cycle.id, decision=ActDecision.ADOPT, standard_change="New layout.")
    pdca.move(who, cycle.id, PdcaStage.DONE)
    return cycle.suggestion_id


# van der Aalst's running example (*Process Mining*, 2nd ed., table 1.1) drawn as a sequential
# map: examine (casually or thoroughly) before checking the ticket, then decide.
STEPS = ["register request", "examine casually", "examine thoroughly", "check ticket",
         "decide", "pay compensation", "reject request", "reinitiate request"]
FLOWS = [("start", "register request"), ("register request", "examine casually"),
         ("register request", "examine thoroughly"), ("examine casually", "check ticket"),
         ("examine thoroughly", "check ticket"), ("check ticket", "decide"),
         ("decide", "pay compensation"), ("decide", "reject request"),
         ("decide", "reinitiate request"), ("reinitiate request", "examine casually"),
         ("reinitiate request", "examine thoroughly"), ("pay compensation", "end"),
         ("reject request", "end")]


def compensation_map() -> dict:
    out: dict[str, dict[str, float]] = {}
    for a, b in FLOWS:
        out.setdefault(a, {})[b] = 0.0
    flows = []
    for a, targets in out.items():
        for b in targets:
            flow = {"from": a, "to": b}
            if len(targets) > 1:
                flow["probability"] = 1 / len(targets)
            flows.append(flow)
    return {"name": "Compensation requests", "time_unit": "minute",
            "steps": [{"name": s, "value": "necessary",
                       "duration": {"distribution": "fixed", "mean": 1}} for s in STEPS],
            "flows": flows}
