"""A metric's control chart (kaizen.domain.metric_chart) against published charts.

Sources:
- Piston rings, Montgomery, Introduction to Statistical Quality Control, Example 6.1 and
  Table 6.4; R qcc ``qcc(diameter[1:25,], type="xbar", newdata=diameter[26:40,])``: phase-I
  centre 74.00118, LCL 73.98805, UCL 74.0143 carried to samples 26 to 40, of which the means of
  37, 38 and 39 lie above the UCL; R chart centre 0.02276.
- Orange juice cans, Montgomery Example 7.1 (qcc ``orangejuice``): samples 1 to 30 of 50 cans,
  p-bar 0.2313333, UCL 0.4102391, LCL 0.05242755, samples 15 and 23 above the UCL; after the
  adjustment, samples 31 to 54 on limits of their own: p-bar 0.1108, UCL 0.2440, LCL 0.
- Circuit boards, Montgomery Example 7.3 (qcc ``circuit``, c chart = u chart of one unit):
  c-bar 19.84615, UCL 33.21086, LCL 6.481447; samples 6 and 20 outside.
- XmR constants 2.66 and 3.267 (Wheeler, Understanding Variation; NIST e-Handbook 6.3.2.2).
"""

from __future__ import annotations

import pytest

from kaizen.domain.metric_chart import (
    FROZEN,
    IMR,
    RECOMPUTE,
    XBAR_R,
    XBAR_S,
    P,
    U,
    effective_kind,
    metric_chart,
    signal_lines,
)
from tests.domain.pistonrings import PR

PR_26_40 = [
    (74.012, 74.015, 74.030, 73.986, 74.000), (73.995, 74.010, 73.990, 74.015, 74.001),
    (73.987, 73.999, 73.985, 74.000, 73.990), (74.008, 74.010, 74.003, 73.991, 74.006),
    (74.003, 74.000, 74.001, 73.986, 73.997), (73.994, 74.003, 74.015, 74.020, 74.004),
    (74.008, 74.002, 74.018, 73.995, 74.005), (74.001, 74.004, 73.990, 73.996, 73.998),
    (74.015, 74.000, 74.016, 74.025, 74.000), (74.030, 74.005, 74.000, 74.016, 74.012),
    (74.001, 73.990, 73.995, 74.010, 74.024), (74.015, 74.020, 74.024, 74.005, 74.019),
    (74.035, 74.010, 74.012, 74.015, 74.026), (74.017, 74.013, 74.036, 74.025, 74.026),
    (74.010, 74.005, 74.029, 74.000, 74.020)]
JUICE = (12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15,
         9, 12, 7, 13, 9, 6)
JUICE_31_54 = (9, 6, 12, 5, 6, 4, 6, 3, 7, 6, 2, 4, 3, 6, 5, 4, 8, 5, 6, 7, 5, 6, 3, 5)
CIRCUIT = (21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16, 19, 10, 17, 13, 22, 18, 39, 30,
           24, 16, 19, 17, 15)


def _flat(groups) -> list[float]:
    return [v for g in groups for v in g]


def _beyond(chart) -> list[int]:
    return [i + 1 for s in chart.signals if s.rule in ("WE1", "N1") for i in s.points]


def test_xbar_r_frozen_phase_one_limits_flag_samples_37_to_39():
    chart = metric_chart(_flat(PR), _flat(PR_26_40), kind=XBAR_R, subgroup_size=5,
                         mode=FROZEN)
    loc = chart.location.chart
    assert chart.n_before == 25 and len(loc.points) == 40
    assert loc.centre == pytest.approx((74.00118,) * 40, abs=5e-6)
    assert loc.ucl[39] == pytest.approx(74.0143, abs=5e-5)
    assert loc.lcl[30] == pytest.approx(73.98805, abs=5e-6)
    assert chart.spread is not None and chart.spread.chart.centre[35] == pytest.approx(
        0.02276, abs=5e-6)
    assert _beyond(chart) == [37, 38, 39]
    lines = signal_lines(chart)
    assert "WE1: 1 point beyond the 3-sigma limits, 3 times (subgroups 37\u201339)" in lines
    assert ("WE2: 2 of 3 points beyond 2 sigma on the same side (subgroups 34\u201335, "
            "37\u201340)") in lines


def test_xbar_r_per_phase_limits_absorb_the_shift():
    frozen = metric_chart(_flat(PR), _flat(PR_26_40), kind=XBAR_R, subgroup_size=5,
                          mode=FROZEN)
    own = metric_chart(_flat(PR), _flat(PR_26_40), kind=XBAR_R, subgroup_size=5,
                       mode=RECOMPUTE)
    means = own.location.chart.points[25:]
    assert own.location.chart.centre[30] == pytest.approx(sum(means) / 15)
    assert own.location.chart.centre[0] == pytest.approx(74.00118, abs=5e-6)
    assert len(_beyond(own)) < len(_beyond(frozen))


def test_xbar_s_uses_the_s_chart():
    chart = metric_chart(_flat(PR), [], kind=XBAR_S, subgroup_size=5)
    assert chart.spread is not None and chart.spread.name == "S"
    assert chart.spread.chart.centre[0] == pytest.approx(0.009240037, rel=1e-6)


def test_p_chart_in_percent_before_and_after_the_adjustment():
    before = [100 * c / 50 for c in JUICE]
    after = [100 * c / 50 for c in JUICE_31_54]
    chart = metric_chart(before, after, kind=P, sample_size=50, percent=True)
    loc = chart.location.chart
    assert loc.centre[0] == pytest.approx(23.13333, abs=5e-5)
    assert loc.ucl[0] == pytest.approx(41.02391, abs=5e-5)
    assert loc.lcl[0] == pytest.approx(5.242755, abs=5e-6)
    assert loc.centre[30] == pytest.approx(11.08, abs=5e-3)
    assert loc.ucl[30] == pytest.approx(24.40, abs=5e-3)
    assert loc.lcl[30] == 0
    assert [i for i in _beyond(chart) if i <= 30] == [15, 23]


def test_u_chart_of_one_unit_is_the_circuit_board_c_chart():
    chart = metric_chart(list(CIRCUIT), [], kind=U, sample_size=1)
    loc = chart.location.chart
    assert loc.centre[0] == pytest.approx(19.84615, abs=5e-6)
    assert loc.ucl[0] == pytest.approx(33.21086, abs=5e-6)
    assert loc.lcl[0] == pytest.approx(6.481447, abs=5e-6)
    assert _beyond(chart) == [6, 20]
    assert chart.spread is None


def test_imr_keeps_wheelers_constants_and_drops_the_range_across_the_change():
    before = [10.0, 12.0, 11.0, 13.0, 12.0]
    after = [8.0, 9.0, 8.5]
    chart = metric_chart(before, after)
    assert chart.kind == IMR
    mr = chart.spread
    assert mr is not None and len(mr.chart.points) == 4 + 2
    assert mr.xs == (2, 3, 4, 5, 7, 8)
    mr_bar = (2 + 1 + 2 + 1) / 4
    assert mr.chart.ucl[0] == pytest.approx(3.267 * mr_bar)
    assert chart.location.chart.ucl[0] == pytest.approx(11.6 + 2.66 * mr_bar)


def test_automatic_kind_and_incomplete_subgroups():
    assert effective_kind(None, 1) == IMR
    assert effective_kind(None, 4) == XBAR_R
    chart = metric_chart(_flat(PR[:4]) + [74.0, 74.01], [], subgroup_size=5)
    assert chart.kind == XBAR_R and chart.n_before == 4
    assert chart.notes == ("The last 2 before values do not fill a subgroup of 5 and are left "
                           "out.",)


def test_a_short_after_phase_is_judged_on_the_before_limits():
    chart = metric_chart([10.0, 11.0, 10.5, 10.2], [8.0], mode=RECOMPUTE)
    assert chart.location.chart.ucl[4] == chart.location.chart.ucl[0]
    assert "too few points" in chart.notes[0]


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"kind": P, "sample_size": None}, "sample_size"),
    ({"kind": P, "sample_size": 50}, "share defective between 0 and 1"),
    ({"kind": U, "sample_size": 0}, "sample_size"),
    ({"kind": XBAR_R, "subgroup_size": 1}, "subgroup_size"),
    ({"kind": "pareto"}, "kind"),
    ({"mode": "sometimes"}, "mode"),
])
def test_what_cannot_be_charted_is_named(kwargs, words):
    with pytest.raises(ValueError, match=words):
        metric_chart([1.0, 2.0, 3.0, 4.0], [2.0, 3.0], **kwargs)


def test_too_few_before_values():
    with pytest.raises(ValueError, match="at least 10 before values"):
        metric_chart([1.0] * 9, [], kind=XBAR_R, subgroup_size=5)


def test_single_point_signals_of_a_rule_are_one_finding():
    from kaizen.domain.metric_chart import grouped
    from kaizen.domain.spc_rules import Signal

    signals = [Signal("WE1", "beyond", (36,)), Signal("WE1", "beyond", (37,)),
               Signal("WE2", "2 of 3", (33, 34, 36)), Signal("WE1", "beyond", (38,))]
    groups = grouped(signals)
    assert [(g.rule, g.points, g.count) for g in groups] == [
        ("WE1", (36, 37, 38), 3), ("WE2", (33, 34, 36), 1)]


def test_p_chart_frozen_limits_show_the_adjustment_as_a_sustained_shift():
    """Montgomery Example 7.1: after the adjustment (samples 31-54) the fraction defective
    fell; judged against the phase-I p-bar 0.2313 (UCL 0.4102) the new samples run below the
    centre line, the sustained shift "savings follow proof" accepts."""
    from kaizen.domain.spc_rules import sustained_shift

    chart = metric_chart([c / 50 for c in JUICE], [c / 50 for c in JUICE_31_54], kind=P,
                         sample_size=50, mode=FROZEN)
    loc = chart.location.chart
    assert loc.centre[40] == pytest.approx(0.2313333, abs=5e-7)
    assert loc.ucl[40] == pytest.approx(0.4102391, abs=5e-7)
    assert any(s.rule == "WE4" and min(s.points) >= 30 for s in chart.signals)
    assert sustained_shift(loc, list(chart.signals), chart.n_before, -1)
    assert not sustained_shift(loc, list(chart.signals), chart.n_before, +1)
