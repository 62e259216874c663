"""The PDCA gates, backward moves, stage ages and lead times, with fixed datetimes."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from kaizen.domain.enums import ActDecision, PdcaStage
from kaizen.domain.pdca import (
    CycleFacts,
    age_band,
    days_in_stage,
    gate_problems,
    is_backward,
    lead_time,
    next_stage,
    plan_gaps,
    stage_durations,
)

P, D, C, A, X = PdcaStage.PLAN, PdcaStage.DO, PdcaStage.CHECK, PdcaStage.ACT, PdcaStage.DONE
T0 = datetime(2026, 3, 2, 8, 0)

FULL_PLAN = CycleFacts(
    stage=P,
    problem_statement="Dies are hard to find.",
    target_metric="Search time",
    target_to=1.0,
    countermeasure="Shadow board.",
)


def test_plan_to_do_lists_everything_missing() -> None:
    problems = gate_problems(P, D, CycleFacts(stage=P))
    assert problems == [
        "Write the problem statement.",
        "Name the target metric.",
        "Give the target value to reach.",
        "Describe the countermeasure.",
    ]


def test_plan_to_do_blank_text_counts_as_missing() -> None:
    facts = CycleFacts(stage=P, problem_statement="  ", target_metric="Search time",
                       target_to=0.0, countermeasure="\n")
    assert gate_problems(P, D, facts) == [
        "Write the problem statement.",
        "Describe the countermeasure.",
    ]
    # A target of 0 is a value, not a missing one.
    assert [field for field, _ in plan_gaps(facts)] == ["problem_statement", "countermeasure"]


def test_plan_to_do_passes_with_a_full_plan() -> None:
    assert gate_problems(P, D, FULL_PLAN) == []


def test_do_to_check_needs_an_action() -> None:
    assert gate_problems(D, C, CycleFacts(stage=D)) == ["Add at least one action to carry out."]


@pytest.mark.parametrize(
    ("total", "done", "expected"),
    [
        (3, 1, ["Finish the actions: 2 of 3 are not done yet."]),
        (2, 1, ["Finish the actions: 1 of 2 is not done yet."]),
        (2, 2, []),
    ],
)
def test_do_to_check_needs_every_action_done(total: int, done: int, expected: list[str]) -> None:
    facts = CycleFacts(stage=D, actions_total=total, actions_done=done)
    assert gate_problems(D, C, facts) == expected


def test_check_to_act_needs_before_and_after_data() -> None:
    assert gate_problems(C, A, CycleFacts(stage=C)) == [
        "Record before and after measurements for at least one metric."
    ]
    assert gate_problems(C, A, CycleFacts(stage=C, metrics_with_before_and_after=1)) == []


def test_act_to_done_needs_a_decision() -> None:
    assert gate_problems(A, X, CycleFacts(stage=A)) == [
        "Choose a decision: adopt, adapt or abandon."
    ]
    assert gate_problems(A, X, CycleFacts(stage=A, act_decision=ActDecision.ADAPT)) == []


@pytest.mark.parametrize(("current", "target"), [(P, C), (P, X), (D, A), (C, X)])
def test_skipping_a_stage_is_refused(current: PdcaStage, target: PdcaStage) -> None:
    problems = gate_problems(current, target, FULL_PLAN)
    assert len(problems) == 1
    assert problems[0].startswith("Move one stage at a time")
    assert next_stage(current).label in problems[0]  # type: ignore[union-attr]


def test_staying_in_the_same_stage_is_refused() -> None:
    assert gate_problems(D, D, CycleFacts(stage=D)) == ["The cycle is already in Do."]


@pytest.mark.parametrize(("current", "target"), [(D, P), (C, P), (A, P), (A, D), (C, D)])
def test_backward_moves_pass_no_gate(current: PdcaStage, target: PdcaStage) -> None:
    assert is_backward(current, target)
    assert gate_problems(current, target, CycleFacts(stage=current)) == []


def test_forward_and_same_moves_are_not_backward() -> None:
    assert not is_backward(P, D)
    assert not is_backward(D, D)
    assert not is_backward(P, X)


def test_done_is_final() -> None:
    for target in (P, D, C, A, X):
        assert gate_problems(X, target, CycleFacts(stage=X)) == [
            "This cycle is closed; start a new cycle instead of reopening it."
        ]


def test_next_stage() -> None:
    assert [next_stage(s) for s in (P, D, C, A, X)] == [D, C, A, X, None]


def test_stage_durations_sum_repeated_visits_and_count_the_open_stage_to_now() -> None:
    changes = [
        (P, T0),
        (D, T0 + timedelta(days=2)),
        (C, T0 + timedelta(days=5)),
        (D, T0 + timedelta(days=6)),  # back to Do
        (C, T0 + timedelta(days=9)),
    ]
    now = T0 + timedelta(days=10, hours=12)
    assert stage_durations(changes, now) == {
        P: timedelta(days=2),
        D: timedelta(days=6),
        C: timedelta(days=2, hours=12),
    }


def test_stage_durations_sort_their_input_and_stop_at_done() -> None:
    changes = [
        (X, T0 + timedelta(days=4)),
        (P, T0),
        (A, T0 + timedelta(days=3)),
        (D, T0 + timedelta(days=1)),
        (C, T0 + timedelta(days=2)),
    ]
    durations = stage_durations(changes, T0 + timedelta(days=40))
    assert durations == {P: timedelta(days=1), D: timedelta(days=1), C: timedelta(days=1),
                         A: timedelta(days=1)}
    assert X not in durations


def test_stage_durations_never_negative_and_empty_without_changes() -> None:
    assert stage_durations([(P, T0)], T0 - timedelta(hours=1)) == {P: timedelta(0)}
    assert stage_durations([], T0) == {}


def test_days_in_stage_counts_whole_days() -> None:
    assert days_in_stage(T0, T0) == 0
    assert days_in_stage(T0, T0 + timedelta(hours=23, minutes=59)) == 0
    assert days_in_stage(T0, T0 + timedelta(days=1)) == 1
    assert days_in_stage(T0, T0 + timedelta(days=9, hours=5)) == 9
    assert days_in_stage(T0, T0 - timedelta(days=3)) == 0


def test_lead_time_from_first_plan_to_done() -> None:
    changes = [
        (P, T0),
        (D, T0 + timedelta(days=3)),
        (P, T0 + timedelta(days=4)),
        (D, T0 + timedelta(days=5)),
        (C, T0 + timedelta(days=8)),
        (A, T0 + timedelta(days=9)),
        (X, T0 + timedelta(days=12, hours=6)),
    ]
    assert lead_time(changes) == timedelta(days=12, hours=6)


def test_lead_time_is_none_while_open_or_never_planned() -> None:
    assert lead_time([(P, T0), (D, T0 + timedelta(days=1))]) is None
    assert lead_time([]) is None
    assert lead_time([(X, T0)]) is None


@pytest.mark.parametrize(
    ("days", "band"),
    [(0, "fresh"), (6, "fresh"), (7, "ageing"), (13.9, "ageing"), (14, "stale"), (90, "stale")],
)
def test_age_band_thresholds_are_inclusive(days: float, band: str) -> None:
    assert age_band(days, ageing_after=7, stale_after=14) == band


def test_age_band_rejects_crossed_thresholds() -> None:
    with pytest.raises(ValueError):
        age_band(3, ageing_after=10, stale_after=5)
    assert age_band(5, ageing_after=5, stale_after=5) == "stale"


def test_cycle_facts_are_frozen() -> None:
    with pytest.raises(AttributeError):
        FULL_PLAN.stage = D  # type: ignore[misc]
