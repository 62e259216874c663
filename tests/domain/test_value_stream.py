"""Value-stream figures (kaizen/domain/value_stream.py, rules in docs/process-model.md).

Sources: the published worked example is the "basic value stream with no rework" scenario of an
MIT-licensed value-stream mapping tool's rework specification tests (process times 10, 20, 30,
waits 5 and 10: lead time 75; value-added ratio 60 / 75 = 0.8), and its "different wait times"
scenario (2, 3, 4, 3 with waits 1, 2, 1: lead time 16). Expected visits of rework loops are the
fundamental matrix of an absorbing Markov chain (Kemeny and Snell, Finite Markov Chains, ch. 3);
each case below is worked by hand in its comments.
"""

from __future__ import annotations

from typing import Any

import pytest

from kaizen.domain.process_model import parse_model
from kaizen.domain.value_stream import main_path, value_stream


def step(name: str, mean: float, *, wait: float = 0, value: str = "value-adding",
         resources: int = 1, pct: float = 100, **extra: Any) -> dict[str, Any]:
    doc = {"name": name, "value": value, "resources": resources, "wait_before": wait,
           "pct_complete_accurate": pct, "duration": {"distribution": "fixed", "mean": mean}}
    if value == "waste":
        doc["waste"] = "defects"
    doc.update(extra)
    return doc


def flow(source: str, target: str, p: float | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"from": source, "to": target}
    if p is not None:
        out["probability"] = p
    return out


def line(*steps: dict[str, Any], demand: dict[str, float] | None = None,
         extra_flows: list[dict[str, Any]] | None = None,
         replace: dict[str, list[dict[str, Any]]] | None = None) -> Any:
    """A straight line of ``steps``; ``replace[name]`` gives that step's own flows out."""
    names = [s["name"] for s in steps]
    flows = [flow("start", names[0])]
    for here, nxt in zip(names, [*names[1:], "end"], strict=True):
        flows += (replace or {}).get(here, [flow(here, nxt)])
    doc: dict[str, Any] = {"name": "test", "time_unit": "minute", "steps": list(steps),
                           "flows": flows + (extra_flows or [])}
    if demand is not None:
        doc["demand"] = demand
    return parse_model(doc)


def test_published_example_lead_time_75_and_va_ratio_08() -> None:
    vs = value_stream(line(step("Step 1", 10), step("Step 2", 20, wait=5),
                           step("Step 3", 30, wait=10)))
    assert vs.lead_time == pytest.approx(75)
    assert vs.process_time == pytest.approx(60)
    assert vs.value_added_time == pytest.approx(60)
    assert vs.va_ratio == pytest.approx(0.8)
    assert vs.wait_time == pytest.approx(15)
    assert vs.main_path == ("Step 1", "Step 2", "Step 3")
    assert vs.bottleneck == "Step 3"
    assert vs.takt is None and vs.meets_demand is None


def test_published_different_waits_lead_time_16() -> None:
    vs = value_stream(line(step("A", 2), step("B", 3, wait=1), step("C", 4, wait=2),
                           step("D", 3, wait=1)))
    assert vs.lead_time == pytest.approx(16)
    assert vs.va_ratio == pytest.approx(12 / 16)


def test_only_value_adding_steps_count_as_value_added_time() -> None:
    vs = value_stream(line(step("Pick", 4), step("Walk", 6, value="necessary"),
                           step("Recount", 2, value="waste")))
    # Lead 12, value-added 4 (Pick only).
    assert vs.value_added_time == pytest.approx(4)
    assert vs.va_ratio == pytest.approx(4 / 12)


def test_rework_step_is_weighted_by_its_expected_visits() -> None:
    # Assemble 10 -> Inspect 2 (wait 3) -> end 0.8 | Rework 5 (wait 1) 0.2 -> Inspect.
    # Inspect is visited v with v = 1 + 0.2 v, so v = 1.25; Rework 0.2 x 1.25 = 0.25 times.
    # Lead = 10 + 1.25 x (3 + 2) + 0.25 x (1 + 5) = 17.75; process = 10 + 2.5 + 1.25 = 13.75.
    model = line(step("Assemble", 10), step("Inspect", 2, wait=3, value="necessary"),
                 step("Rework", 5, wait=1, value="waste"),
                 replace={"Inspect": [flow("Inspect", "end", 0.8), flow("Inspect", "Rework", 0.2)],
                          "Rework": [flow("Rework", "Inspect")]})
    vs = value_stream(model)
    assert vs.main_path == ("Assemble", "Inspect")
    visits = {f.name: f.visits for f in vs.steps}
    assert visits == pytest.approx({"Assemble": 1, "Inspect": 1.25, "Rework": 0.25})
    assert vs.lead_time == pytest.approx(17.75)
    assert vs.process_time == pytest.approx(13.75)
    assert vs.value_added_time == pytest.approx(10)
    assert vs.va_ratio == pytest.approx(10 / 17.75)


def test_a_value_adding_step_done_again_adds_no_more_value() -> None:
    # Cut 4 -> Weld 6 -> Test 1 -> end 0.5 | back to Weld 0.5: Weld and Test visited 2 times.
    # Lead = 4 + 2 x 6 + 2 x 1 = 18; value added = 4 + 1 x 6 = 10 (the second weld is rework).
    model = line(step("Cut", 4), step("Weld", 6), step("Test", 1, value="necessary"),
                 replace={"Test": [flow("Test", "end", 0.5), flow("Test", "Weld", 0.5)]})
    vs = value_stream(model)
    assert vs.lead_time == pytest.approx(18)
    assert vs.value_added_time == pytest.approx(10)
    assert {f.name: f.visits for f in vs.steps} == pytest.approx(
        {"Cut": 1, "Weld": 2, "Test": 2})


def test_most_likely_loop_back_is_rework_not_the_main_path() -> None:
    # Test -> Fix 0.6 | end 0.4; Fix -> Test. Test: v = 1 + 0.6 v -> 2.5; Fix 1.5.
    model = line(step("Test", 2), step("Fix", 3, value="waste"),
                 replace={"Test": [flow("Test", "Fix", 0.6), flow("Test", "end", 0.4)],
                          "Fix": [flow("Fix", "Test")]})
    vs = value_stream(model)
    assert vs.main_path == ("Test",)
    assert {f.name: f.visits for f in vs.steps} == pytest.approx({"Test": 2.5, "Fix": 1.5})
    assert vs.lead_time == pytest.approx(2.5 * 2 + 1.5 * 3)


def test_branch_takes_the_most_likely_flow_and_leaves_the_other_out() -> None:
    # Receive 1 -> Fast 2 (0.7) | Slow 12 (0.3) -> Ship 3. Main path: Receive, Fast, Ship = 6.
    model = line(step("Receive", 1), step("Fast", 2), step("Slow", 12), step("Ship", 3),
                 replace={"Receive": [flow("Receive", "Fast", 0.7),
                                      flow("Receive", "Slow", 0.3)],
                          "Fast": [flow("Fast", "Ship")], "Slow": [flow("Slow", "Ship")]})
    vs = value_stream(model)
    assert vs.main_path == ("Receive", "Fast", "Ship")
    assert vs.lead_time == pytest.approx(6)
    assert not {f.name: f for f in vs.steps}["Slow"].counted
    # The bottleneck weighs every branch: Slow carries 0.3 x 12 = 3.6 per unit, Ship 3.
    assert vs.bottleneck == "Slow"
    assert {f.name: f.load for f in vs.steps}["Slow"] == pytest.approx(3.6)


def test_equal_branches_take_the_flow_written_first() -> None:
    model = line(step("A", 1), step("B", 2), step("C", 3),
                 replace={"A": [flow("A", "C", 0.5), flow("A", "B", 0.5)],
                          "B": [flow("B", "end")], "C": [flow("C", "end")]})
    assert main_path(model) == ["A", "C"]


def test_main_path_never_walks_into_a_dead_end() -> None:
    # A -> B 0.7 | end 0.3, B -> A only: B is the likelier flow, but from B the only way on is
    # back over the path, so the main path is A alone and B is A's rework loop.
    # A: v = 1 + 0.7 v -> 1 / 0.3; B = 0.7 / 0.3.
    model = line(step("A", 1), step("B", 2),
                 replace={"A": [flow("A", "B", 0.7), flow("A", "end", 0.3)],
                          "B": [flow("B", "A")]})
    vs = value_stream(model)
    assert vs.main_path == ("A",)
    assert {f.name: f.visits for f in vs.steps} == pytest.approx({"A": 1 / 0.3, "B": 0.7 / 0.3})


def test_rolled_complete_accurate_is_the_product_along_the_main_path() -> None:
    vs = value_stream(line(step("A", 1, pct=90), step("B", 1, pct=80), step("C", 1)))
    assert vs.rolled_complete_accurate == pytest.approx(0.72)


def test_takt_bottleneck_and_capacity_against_demand() -> None:
    # 120 units in 480 minutes: takt 4. Loads: Cut 3 / 1 = 3, Paint 10 / 4 = 2.5.
    # The bottleneck Cut finishes 480 / 3 = 160 units: 160 / 120 = 1.33 of demand.
    model = line(step("Cut", 3), step("Paint", 10, resources=4),
                 demand={"units": 120, "available_time": 480})
    vs = value_stream(model)
    assert vs.takt == pytest.approx(4)
    assert vs.bottleneck == "Cut" and vs.bottleneck_load == pytest.approx(3)
    assert vs.capacity == pytest.approx(160)
    assert vs.capacity_ratio == pytest.approx(160 / 120)
    assert vs.meets_demand is True
    slow = line(step("Cut", 5), step("Paint", 10, resources=4),
                demand={"units": 120, "available_time": 480})
    assert value_stream(slow).meets_demand is False  # 480 / 5 = 96 < 120


def test_issue_example_summary_has_the_cli_keys() -> None:
    # Issue 18's document: one necessary step, triangular 2/3/8 (mean 13/3), wait 25, 92 %.
    from tests.domain.test_process_model import EXAMPLE

    summary = value_stream(parse_model(EXAMPLE)).summary()
    assert summary == pytest.approx({
        "lead_time": 25 + 13 / 3, "process_time": 13 / 3, "value_added_time": 0.0,
        "va_ratio": 0.0, "rolled_complete_accurate": 0.92, "takt": 4.0,
        "bottleneck": "Check credit"})
