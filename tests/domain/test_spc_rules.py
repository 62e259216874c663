"""Western Electric and Nelson rules, each exercised at its published definition.

Sources: Western Electric, Statistical Quality Control Handbook (1956), and Nelson, "The
Shewhart Control Chart: Tests for Special Causes", J. Quality Technology 16(4), 1984. The
series are built on a chart with centre 0 and sigma 1 so each test states the rule's words:
a series one point short of a rule must not fire, the full series must.
Published data: the orange juice p chart (Montgomery Example 7.1) has samples 15 and 23 above
the UCL (test 1).
"""

from __future__ import annotations

import pytest

from kaizen.domain.spc import Chart, p_chart
from kaizen.domain.spc_rules import NELSON, WESTERN_ELECTRIC, check, sustained_shift


def unit_chart(points):
    m = len(points)
    return Chart("I", tuple(points), (0.0,) * m, (3.0,) * m, (-3.0,) * m, (1.0,) * m)


def rules(points, rule_set):
    return {(s.rule, s.points) for s in check(unit_chart(points), rule_set)}


QUIET = [0.3, -0.4, 0.2, -0.1, 0.5, -0.3]


def test_rule_1_beyond_three_sigma():
    assert ("WE1", (2,)) in rules([0.1, -0.2, 3.2, 0.1], WESTERN_ELECTRIC)
    assert ("N1", (1,)) in rules([0.1, -3.1, 0.1], NELSON)


def test_two_of_three_beyond_two_sigma_same_side():
    assert ("WE2", (1, 3)) in rules([0.1, 2.2, 0.3, 2.5, -0.2], WESTERN_ELECTRIC)
    assert not {r for r, _ in rules([0.1, 2.2, -0.3, -2.5, -0.2], WESTERN_ELECTRIC)} & {"WE2"}


def test_four_of_five_beyond_one_sigma():
    assert ("WE3", (0, 1, 3, 4)) in rules([1.2, 1.5, 0.2, 1.1, 1.3], WESTERN_ELECTRIC)
    assert "N6" in {r for r, _ in rules([1.2, 1.5, 0.2, 1.1, 1.3], NELSON)}


def test_runs_on_one_side_eight_for_we_nine_for_nelson():
    eight = [0.5] * 8
    assert ("WE4", tuple(range(8))) in rules(eight, WESTERN_ELECTRIC)
    assert "N2" not in {r for r, _ in rules(eight, NELSON)}
    assert ("N2", tuple(range(9))) in rules([0.5] * 9, NELSON)
    assert "WE4" not in {r for r, _ in rules([0.5] * 7 + [0.0] + [0.5], WESTERN_ELECTRIC)}


def test_nelson_trend_of_six():
    assert ("N3", tuple(range(6))) in rules([-1.0, -0.6, -0.2, 0.2, 0.6, 1.0], NELSON)
    assert "N3" not in {r for r, _ in rules([-1.0, -0.6, -0.2, 0.2, 0.6], NELSON)}


def test_nelson_fourteen_alternating():
    zigzag = [0.5 if i % 2 else -0.5 for i in range(14)]
    assert ("N4", tuple(range(14))) in rules(zigzag, NELSON)
    assert "N4" not in {r for r, _ in rules(zigzag[:13], NELSON)}


def test_nelson_fifteen_within_one_sigma():
    hugging = [0.1 if i % 3 else -0.1 for i in range(15)]
    assert ("N7", tuple(range(15))) in rules(hugging, NELSON)
    assert "N7" not in {r for r, _ in rules(hugging[:14], NELSON)}


def test_nelson_eight_beyond_one_sigma_either_side():
    mixture = [1.5, -1.5] * 4
    assert ("N8", tuple(range(8))) in rules(mixture, NELSON)
    assert "N8" not in {r for r, _ in rules(mixture[:7], NELSON)}


def test_quiet_series_has_no_signal():
    assert check(unit_chart(QUIET), NELSON) == []
    assert check(unit_chart(QUIET), WESTERN_ELECTRIC) == []


def test_orange_juice_samples_15_and_23():
    juice = (12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24,
             15, 9, 12, 7, 13, 9, 6)
    signals = check(p_chart(juice, [50] * 30), WESTERN_ELECTRIC)
    assert [s.points for s in signals if s.rule == "WE1"] == [(14,), (22,)]


def test_sustained_shift_needs_a_run_in_the_after_phase_on_the_better_side():
    before_then_low = [0.2, -0.3, 0.1, -0.2] + [-1.2] * 9
    chart = unit_chart(before_then_low)
    signals = check(chart, WESTERN_ELECTRIC)
    assert sustained_shift(chart, signals, after_start=4, better_side=-1)
    assert not sustained_shift(chart, signals, after_start=4, better_side=1)
    spike = unit_chart([0.1, 3.5, -0.2])
    assert not sustained_shift(spike, check(spike, WESTERN_ELECTRIC), 1, 1)


def test_unknown_rule_set():
    with pytest.raises(ValueError, match="rule_set"):
        check(unit_chart(QUIET), "acme")
