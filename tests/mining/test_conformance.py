"""Conformance on hand-made maps: token counts, fitness and the deviations named.

Source for the token counts and the fitness formula ½(1 − m/c) + ½(1 − r/p): A. Rozinat and
W. van der Aalst, "Conformance checking of processes based on monitoring real behavior",
Information Systems 33(1), 2008, § 4; the case-level fitness (every directly-follows pair
allowed) is issue 19's definition. The running-example cases are van der Aalst's, *Process
Mining* (2nd ed., 2016), table 1.1.
"""

from __future__ import annotations

import math

import numpy as np

from kaizen.mining.conformance import END, START, MapStructure, check
from kaizen.mining.log import EventLog
from tests.mining.reference import LOGS

LINE = MapStructure(("a", "b", "c", "d"), frozenset(
    {(START, "a"), ("a", "b"), ("b", "c"), ("c", "d"), ("d", END)}))


def log_of(*traces: tuple[str, ...]) -> EventLog:
    names = sorted({a for t in traces for a in t})
    case, act, ts = [], [], []
    for i, trace in enumerate(traces):
        for j, activity in enumerate(trace):
            case.append(i)
            act.append(names.index(activity))
            ts.append(j * 1_000_000_000)
    return EventLog.from_columns(np.array(case), np.array(act), np.array(ts), None, None,
                                 [f"case {i + 1}" for i in range(len(traces))], names)


def test_a_fitting_case_has_fitness_one() -> None:
    found = check(log_of(("a", "b", "c", "d")), LINE)
    assert (found.fitting_cases, found.replay_fitting_cases) == (1, 1)
    assert found.log_fitness == 1.0 and found.fitness == 1.0
    assert found.deviating == () and found.disallowed == ()


def test_a_skipped_step_costs_one_missing_and_one_remaining_token() -> None:
    # start: p=1. a: c1 p2. c: b's place empty, m=1, c2 p3. d: c3 p4. to the sink: c4 p5,
    # final token c5. a's token remains: r=1. Fitness ½(1 − 1/5) + ½(1 − 1/5) = 0.8.
    found = check(log_of(("a", "c", "d")), LINE)
    assert math.isclose(found.log_fitness, 0.8)
    assert math.isclose(found.average_fitness, 0.8)
    assert found.fitting_cases == 0
    (case,) = found.deviating
    assert case.case == "case 1" and not case.fits
    assert [(d.kind, d.steps) for d in case.deviations] == [("skipped", ("b",))]
    assert found.skipped == (("b", 1),)
    assert [(e.source, e.target, e.count) for e in found.disallowed] == [("a", "c", 1)]


def test_swapped_steps_are_the_wrong_order() -> None:
    found = check(log_of(("a", "c", "b", "d"), ("a", "b", "c", "d")), LINE)
    assert found.fitting_cases == 1 and found.fitness == 0.5
    kinds = {d.kind for d in found.deviating[0].deviations}
    assert kinds == {"wrong order"}
    assert found.skipped == ()
    assert ("c", "b", 1) in [(e.source, e.target, e.count) for e in found.wrong_order]


def test_an_activity_not_in_the_map_is_extra_and_passed_over_by_the_replay() -> None:
    found = check(log_of(("a", "x", "b", "c", "d"), ("a", "b", "c")), LINE)
    assert found.extra == (("x", 1),)
    # The strict fit counts x against the case; the token replay (as pm4py) passes over it.
    assert found.fitting_cases == 0 and found.replay_fitting_cases == 1
    ended_early = found.deviating[1]
    assert ended_early.case == "case 2"
    assert [(d.kind, d.steps) for d in ended_early.deviations] == [("skipped", ("d",))]
    assert found.unseen_steps == ()


def test_unseen_steps_and_an_empty_log() -> None:
    found = check(log_of(("a", "b")), MapStructure(
        ("a", "b", "z"), frozenset({(START, "a"), ("a", "b"), ("b", END), ("a", "z"),
                                    ("z", END)})))
    assert found.unseen_steps == ("z",) and found.fitting_cases == 1
    empty = log_of()
    assert check(empty, LINE).cases == 0


def test_running_example_on_a_sequential_map() -> None:
    """Table 1.1's six cases on register → examine → check ticket → decide → pay | reject |
    reinitiate (→ examine): cases 1, 3 and 6 examine before checking; 2, 4 and 5 check first."""
    from kaizen.mining.xes_reader import read_xes

    flows = {(START, "register request"), ("register request", "examine casually"),
             ("register request", "examine thoroughly"), ("examine casually", "check ticket"),
             ("examine thoroughly", "check ticket"), ("check ticket", "decide"),
             ("decide", "pay compensation"), ("decide", "reject request"),
             ("decide", "reinitiate request"), ("reinitiate request", "examine casually"),
             ("reinitiate request", "examine thoroughly"), ("pay compensation", END),
             ("reject request", END)}
    steps = tuple(sorted({a for f in flows for a in f} - {START, END}))
    found = check(read_xes(LOGS / "running-example.xes"), MapStructure(steps, frozenset(flows)))
    assert found.cases == 6
    assert sorted(c.case for c in found.deviating) == ["2", "4", "5"]
    assert found.fitting_cases == 3 and found.skipped == ()
    assert all(d.kind == "wrong order" for c in found.deviating for d in c.deviations)
