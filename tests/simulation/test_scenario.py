"""Scenarios: each change applied to a copy of the model (the original untouched, a broken
result refused in words), and the comparison with common random numbers and paired
replications: a real improvement is called real, no change is exactly zero, and pairing narrows
the interval of a difference."""

from __future__ import annotations

import math

import pytest

from kaizen.domain.errors import ValidationError
from kaizen.domain.process_model import ModelError
from kaizen.simulation import RunOptions
from kaizen.simulation.scenario import (
    AddResources,
    AddStep,
    RemoveStep,
    Reroute,
    ScaleDemand,
    ScaleDuration,
    Scenario,
    SetDuration,
    apply_changes,
    compare,
)

from .models import exponential, line, step

OPTIONS = RunOptions(replications=5, horizon=1_500, warmup=150, seed=11)


def _model():  # noqa: ANN202 - Intake -> Repair (rework 20%) -> Test -> end
    return line(
        [step("Intake", exponential(0.5)), step("Repair", exponential(1.6), resources=2),
         step("Test", {"distribution": "triangular", "min": 0.2, "mode": 0.5, "max": 0.8})],
        exponential(1.0),
        flows=[{"from": "start", "to": "Intake"}, {"from": "Intake", "to": "Repair"},
               {"from": "Repair", "to": "Test"},
               {"from": "Test", "to": "Repair", "probability": 0.2},
               {"from": "Test", "to": "end", "probability": 0.8}])


def _chances(model, source: str) -> dict[str, float]:  # noqa: ANN001
    return {f.target: f.chance for f in model.outgoing(source)}


def test_each_change_makes_a_new_model_and_leaves_the_current_one() -> None:
    current = _model()
    before = current.to_dict()
    more = apply_changes(current, [AddResources("Repair", 1)])
    assert more.step("Repair").resources == 3
    faster = apply_changes(current, [ScaleDuration("Test", 0.5)])
    assert (faster.step("Test").duration.min, faster.step("Test").duration.max) == (0.1, 0.4)
    busier = apply_changes(current, [ScaleDemand(1.25)])
    assert busier.arrivals is not None and busier.arrivals.mean == pytest.approx(0.8)
    fixed = apply_changes(current, [SetDuration("Intake", {"distribution": "fixed",
                                                           "mean": 0.3})])
    assert fixed.step("Intake").duration.kind == "fixed"
    assert current.to_dict() == before


def test_removing_a_step_passes_its_flows_on_with_multiplied_chances() -> None:
    # Without Test: Repair led to Test (1.0), Test to Repair (0.2) and end (0.8), so Repair now
    # leads to itself with 0.2 and to end with 0.8.
    removed = apply_changes(_model(), [RemoveStep("Test")])
    assert [s.name for s in removed.steps] == ["Intake", "Repair"]
    assert _chances(removed, "Repair") == pytest.approx({"Repair": 0.2, "end": 0.8})
    # Without Intake: start leads straight to Repair.
    assert _chances(apply_changes(_model(), [RemoveStep("Intake")]), "start") == {"Repair": 1.0}


def test_a_new_step_is_added_and_reached_by_rerouting() -> None:
    shortcut = Scenario("Quick fix for simple jobs", (
        AddStep({"name": "Quick fix", "value": "value-adding",
                 "duration": {"distribution": "exponential", "mean": 0.4}}),
        Reroute("Intake", {"Repair": 0.7, "Quick fix": 0.3}),
        Reroute("Quick fix", {"end": 1.0}),
    ))
    model = shortcut.apply(_model())
    assert model.name == "Quick fix for simple jobs"
    assert _chances(model, "Intake") == {"Repair": 0.7, "Quick fix": 0.3}


@pytest.mark.parametrize("change", [
    AddResources("Painting", 1), ScaleDuration("Test", 0), ScaleDemand(-1),
])
def test_a_change_naming_nothing_or_nonsense_is_refused(change) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError) as caught:
        apply_changes(_model(), [change])
    assert caught.value.field == "changes[0]"


def test_a_scenario_that_breaks_the_model_is_refused_in_the_parsers_words() -> None:
    with pytest.raises(ModelError, match="Quick fix"):
        apply_changes(_model(), [AddStep({"name": "Quick fix", "value": "waste",
                                          "waste": "defects",
                                          "duration": {"distribution": "fixed", "mean": 1}})])


def test_the_same_model_differs_by_exactly_nothing() -> None:
    # Common random numbers: the twin replications are identical, every difference is 0.
    result = compare(_model(), _model(), OPTIONS)
    for difference in result.differences:
        assert difference.difference.mean in (0.0, None)
        assert difference.real in (False, None)


def test_more_repair_capacity_shortens_lead_time_for_real() -> None:
    # Repair at 95%: rate 1 x 1.25 visits (rework) x 1.52 / 2 resources; a third repairer
    # brings it to 63%, so the lead time falls a lot.
    current = apply_changes(_model(), [ScaleDuration("Repair", 0.95)])
    better = apply_changes(current, [AddResources("Repair", 1)])
    result = compare(current, better, OPTIONS)
    lead = result.figure("lead_time")
    assert lead.real is True and lead.difference.high is not None
    assert lead.difference.high < 0
    assert result.figure("Repair: wait").real is True
    # Intake is upstream of the change and draws the same numbers: no difference at all.
    assert result.figure("Intake: wait").difference.mean == 0.0
    # Throughput is set by the demand in both (1 a time unit): the change barely moves it.
    assert abs(result.figure("throughput").difference.mean) < 0.05
    # Pairing: the paired interval is narrower than the two independent ones would give.
    unpaired = math.hypot(lead.current.half_width, lead.scenario.half_width)
    assert lead.difference.half_width < unpaired


def test_a_change_is_described_with_the_right_number() -> None:
    """One resource is singular, more are plural, a negative count takes them away."""
    from kaizen.simulation.change_doc import describe
    from kaizen.simulation.scenario import AddResources

    assert describe(AddResources("Weld", 1)) == "Add 1 resource to Weld"
    assert describe(AddResources("Weld", 2)) == "Add 2 resources to Weld"
    assert describe(AddResources("Weld", -1)) == "Take 1 resource from Weld"
    assert describe(AddResources("Weld", -3)) == "Take 3 resources from Weld"
