"""The process model document: the issue's example parses, round-trips, and bad maps are refused
in words naming the step or flow at fault (docs/process-model.md)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from kaizen.domain.process_model import ModelError, dumps, loads, parse_model

# The example document written in issue 18.
EXAMPLE: dict[str, Any] = {
    "name": "Order handling, current state", "time_unit": "minute",
    "demand": {"units": 120, "available_time": 480},
    "arrivals": {"distribution": "exponential", "mean": 4.0},
    "steps": [
        {"name": "Check credit", "value": "necessary", "resources": 2,
         "duration": {"distribution": "triangular", "min": 2, "mode": 3, "max": 8},
         "wait_before": 25, "pct_complete_accurate": 92, "role": "Clerk", "inputs": "order",
         "outputs": "approved order", "waste": None}],
    "flows": [{"from": "start", "to": "Check credit"},
              {"from": "Check credit", "to": "end", "probability": 1.0}],
}


def _rework() -> dict[str, Any]:
    doc = copy.deepcopy(EXAMPLE)
    doc["steps"].append({"name": "Fix order", "value": "waste", "waste": "defects",
                         "duration": {"distribution": "exponential", "mean": 5}})
    doc["flows"][1]["probability"] = 0.9
    doc["flows"] += [{"from": "Check credit", "to": "Fix order", "probability": 0.1},
                     {"from": "Fix order", "to": "Check credit"}]
    return doc


def test_the_issue_example_parses_and_round_trips() -> None:
    model = parse_model(EXAMPLE)
    step = model.step("Check credit")
    assert step.resources == 2 and step.wait_before == 25 and step.pct_complete_accurate == 92
    assert step.duration.expected == pytest.approx((2 + 3 + 8) / 3)
    assert model.demand is not None and model.demand.units == 120
    assert model.arrivals is not None and model.arrivals.expected == 4.0
    assert loads(dumps(model)) == model


def test_rework_loops_and_every_distribution_are_accepted() -> None:
    doc = _rework()
    kinds = [{"distribution": "fixed", "mean": 0}, {"distribution": "normal", "mean": 3, "sd": 1},
             {"distribution": "lognormal", "mean": 3, "sd": 1},
             {"distribution": "empirical", "values": [1, 2, 4]}]
    for kind in kinds:
        doc["steps"][1]["duration"] = kind
        model = parse_model(doc)
        assert [f.target for f in model.outgoing("Check credit")] == ["end", "Fix order"]
    assert model.step("Fix order").duration.expected == pytest.approx(7 / 3)


@pytest.mark.parametrize(("change", "field", "words"), [
    (lambda d: d["steps"][0].update(name="end"), "steps[0].name", "reserved"),
    (lambda d: d["steps"][1].update(waste=None), "steps[1].waste", "Lean category"),
    (lambda d: d["steps"][0].update(waste="motion"), "steps[0].waste", "only a waste step"),
    (lambda d: d["steps"][0].update(resources=0), "steps[0].resources", "Check credit"),
    (lambda d: d["steps"][0].update(resources=True), "steps[0].resources", "whole number"),
    (lambda d: d["steps"][0]["duration"].pop("max"), "steps[0].duration.max", "needs 'max'"),
    (lambda d: d["steps"][0]["duration"].update(mode=9), "steps[0].duration.mode", "min <= mode"),
    (lambda d: d["steps"][0].update(wait_before=-1), "steps[0].wait_before", "at least 0"),
    (lambda d: d["steps"][0].update(pct_complete_accurate=120),
     "steps[0].pct_complete_accurate", "at most 100"),
    (lambda d: d["steps"][1].update(name="Check credit"), "steps[1].name", "named twice"),
    (lambda d: d["flows"][2].update(probability=0.2), "flows[1].probability", "sum to 1.1"),
    (lambda d: d["flows"][3].update(to="Nowhere"), "flows[3].to", '"Nowhere"'),
    (lambda d: d["flows"].pop(3), "steps[1]", "no flow out"),
    (lambda d: d["flows"][3].update(to="Fix order"), "steps[1]", "no way on to end"),
    (lambda d: d.update(time_unit="fortnight"), "time_unit", "time_unit"),
    (lambda d: d["arrivals"].update(mean=0), "arrivals.mean", "more than 0"),
    (lambda d: d["demand"].update(units="many"), "demand.units", "number"),
])
def test_bad_maps_are_refused_naming_the_step_or_flow(change: Any, field: str,
                                                       words: str) -> None:
    doc = _rework()
    change(doc)
    with pytest.raises(ModelError) as refused:
        parse_model(doc)
    assert refused.value.field == field
    assert words in refused.value.message


def test_a_step_that_cannot_be_reached_is_named() -> None:
    doc = _rework()
    doc["flows"] = [f for f in doc["flows"] if f["to"] != "Fix order"]
    doc["flows"][1].pop("probability")
    with pytest.raises(ModelError, match='"Fix order" cannot be reached'):
        parse_model(doc)


def test_bad_json_says_where() -> None:
    text = json.dumps(EXAMPLE)[:-3]
    with pytest.raises(ModelError, match="line 1, column"):
        loads(text)
