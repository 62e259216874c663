"""XmR limits checked against two published textbook examples; signal rules on hand-made data.

References (numbers copied from the sources):
- NIST/SEMATECH e-Handbook of Statistical Methods, section 6.3.2.2 "Individuals Control Charts":
  flow rate of the first 10 batches; Xbar = 50.81, MRbar = 1.8778, UCL = 55.8041,
  LCL = 45.8159 (they use 3 / 1.128 = 2.6596; we use Wheeler's 2.66, a 0.001 difference here).
- Montgomery & Runger, "Applied Statistics and Probability for Engineers", 3rd ed., Example 16-2,
  Table 16-3: 20 hourly concentration readings; x-bar = 99.1, mr-bar = 2.59, UCL = 105.99,
  LCL = 92.21, and the moving-range chart's UCL = 3.267 x 2.59 = 8.46 (the book rounds its
  averages to these digits, hence the tolerances).
"""

from __future__ import annotations

import pytest

from kaizen.domain.control_chart import (
    D4,
    E2,
    XmRLimits,
    moving_range_signals,
    moving_ranges,
    signals,
    xmr_limits,
    xmr_split,
)

NIST_FLOW_RATE = [49.6, 47.6, 49.9, 51.3, 47.8, 51.2, 52.6, 52.4, 53.6, 52.1]
NIST_MR = [2.0, 2.3, 1.4, 3.5, 3.4, 1.4, 0.2, 1.2, 1.5]

MONTGOMERY_CONCENTRATION = [
    102.0, 94.8, 98.3, 98.4, 102.0, 98.5, 99.0, 97.7, 100.0, 98.1,
    101.3, 98.7, 101.1, 98.4, 97.0, 96.7, 100.3, 101.4, 97.2, 101.0,
]


def test_constants_are_wheelers():
    assert E2 == 2.66
    assert D4 == 3.267
    assert pytest.approx(3 / 1.128, abs=0.001) == E2


def test_nist_individuals_chart():
    assert moving_ranges(NIST_FLOW_RATE) == pytest.approx(NIST_MR)
    lim = xmr_limits(NIST_FLOW_RATE)
    assert lim.centre == pytest.approx(50.81, abs=1e-9)
    assert lim.mr_bar == pytest.approx(1.8778, abs=1e-4)
    assert lim.ucl == pytest.approx(55.8041, abs=0.002)
    assert lim.lcl == pytest.approx(45.8159, abs=0.002)
    assert lim.mr_ucl == pytest.approx(3.267 * 1.8778, abs=1e-3)
    # "the process is in control, since none of the plotted points fall outside" the limits.
    assert signals(NIST_FLOW_RATE, lim, run_length=None) == []
    assert moving_range_signals(NIST_FLOW_RATE, lim) == []


def test_montgomery_concentration_chart():
    lim = xmr_limits(MONTGOMERY_CONCENTRATION)
    assert lim.centre == pytest.approx(99.1, abs=0.01)
    assert lim.mr_bar == pytest.approx(2.59, abs=0.005)
    assert lim.ucl == pytest.approx(105.99, abs=0.02)
    assert lim.lcl == pytest.approx(92.21, abs=0.02)
    assert lim.mr_ucl == pytest.approx(8.46, abs=0.01)
    assert lim.sigma == pytest.approx(2.59 / 1.128, abs=0.005)
    # The book: "There is no indication of an out-of-control condition."
    assert signals(MONTGOMERY_CONCENTRATION, lim) == []
    assert moving_range_signals(MONTGOMERY_CONCENTRATION, lim) == []


def test_points_outside_limits_are_signals():
    lim = XmRLimits(centre=10.0, ucl=13.0, lcl=7.0, mr_bar=1.0, mr_ucl=3.267)
    values = [10, 11, 13.5, 9, 6.9, 10, 13.0, 7.0]
    # 13.5 above and 6.9 below; points exactly on a limit are not outside it.
    assert signals(values, lim) == [2, 4]


def test_run_of_eight_on_one_side_is_a_signal():
    lim = XmRLimits(centre=10.0, ucl=13.0, lcl=7.0, mr_bar=1.0, mr_ucl=3.267)
    seven_above = [11] * 7 + [9]
    assert signals(seven_above, lim) == []
    eight_below = [11, 9, 9, 9, 9, 9, 9, 9, 9, 11]
    assert signals(eight_below, lim) == [1, 2, 3, 4, 5, 6, 7, 8]
    # A point on the centre line breaks the run.
    broken = [9, 9, 9, 9, 10, 9, 9, 9, 9]
    assert signals(broken, lim) == []
    # A run at the very end counts too, and the rule can be switched off.
    tail = [11] + [9] * 8
    assert signals(tail, lim) == list(range(1, 9))
    assert signals(tail, lim, run_length=None) == []


def test_moving_range_signal():
    lim = XmRLimits(centre=10.0, ucl=13.0, lcl=7.0, mr_bar=1.0, mr_ucl=3.267)
    # Ranges 1, 4, 0.5: only the jump into index 2 is above 3.267.
    assert moving_range_signals([10, 11, 7, 7.5], lim) == [2]


def test_split_computes_each_phase_on_its_own():
    before = NIST_FLOW_RATE
    after = MONTGOMERY_CONCENTRATION
    lim_before, lim_after = xmr_split(before, after)
    assert lim_before == xmr_limits(before)
    assert lim_after == xmr_limits(after)
    # Limits over both phases would include the jump between them; the split does not.
    assert lim_before.ucl == pytest.approx(55.8041, abs=0.002)
    assert xmr_split([1.0], [1.0, 2.0]) == (None, xmr_limits([1.0, 2.0]))


def test_too_few_values():
    with pytest.raises(ValueError):
        xmr_limits([3.0])
    assert moving_ranges([]) == []
