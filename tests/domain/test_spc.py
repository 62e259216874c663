"""X-bar/R, X-bar/S, p and u charts against published limits.

Sources:
- Piston rings (Montgomery Example 6.1; R qcc): ``qcc(diameter[1:25,], type="xbar")`` prints
  centre 74.00118, LCL 73.98805, UCL 74.0143; type "R": centre 0.02276, UCL 0.04812533;
  type "S": centre 0.009240037, std.dev 0.009829977, UCL 0.019302416 (as checked in the mistat
  port's comparison with R).
- Orange juice cans (Montgomery Example 7.1; qcc ``orangejuice``; NIST e-Handbook 6.3.3.2):
  30 samples of 50, p-bar = 0.2313333, UCL 0.4102391, LCL 0.05242755; samples 15 and 23 fall
  above the UCL.
- Wafer defects (NIST/SEMATECH e-Handbook 6.3.3.1, c chart): c-bar 16, UCL 28, LCL 4; a u chart
  with one unit per sample is that c chart.
- Constants: Montgomery Appendix VI for n = 5: A2 0.577, D3 0, D4 2.114, A3 1.427, B3 0,
  B4 2.089, c4 0.9400, d2 2.326.
"""

from __future__ import annotations

import pytest

from kaizen.domain import spc_constants as k
from kaizen.domain.spc import (
    individuals,
    p_chart,
    p_chart_from_baseline,
    phased,
    u_chart,
    xbar_r,
    xbar_s,
)
from tests.domain.pistonrings import PR

JUICE = (12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15,
         9, 12, 7, 13, 9, 6)
WAFERS = (16, 14, 28, 16, 12, 20, 10, 12, 10, 17, 19, 17, 14, 16, 15, 13, 14, 16, 11, 20, 11,
          19, 16, 31, 13)


def test_constants_for_five():
    assert round(k.a2(5), 3) == 0.577
    assert k.d3_factor(5) == 0
    assert round(k.d4_factor(5), 3) == 2.114
    assert round(k.a3(5), 3) == 1.427
    assert k.b3(5) == 0
    assert round(k.b4(5), 3) == 2.089
    assert round(k.c4(5), 4) == 0.9400
    assert k.d2(5) == 2.326


def test_xbar_r_matches_qcc():
    pair = xbar_r(PR)
    assert pair.location.centre[0] == pytest.approx(74.00118, abs=5e-6)
    assert pair.location.lcl[0] == pytest.approx(73.98805, abs=5e-6)
    assert pair.location.ucl[0] == pytest.approx(74.0143, abs=5e-5)
    assert pair.spread.centre[0] == pytest.approx(0.02276, abs=5e-6)
    # qcc integrates d3 to full precision; the printed tables' d3 = 0.864 gives 0.048123.
    assert pair.spread.ucl[0] == pytest.approx(0.04812533, rel=1e-4)
    assert pair.spread.lcl[0] == 0


def test_xbar_s_matches_qcc():
    pair = xbar_s(PR)
    assert pair.spread.centre[0] == pytest.approx(0.009240037, rel=1e-6)
    assert pair.sigma_within == pytest.approx(0.009829977, rel=1e-6)
    assert pair.spread.ucl[0] == pytest.approx(0.019302416, rel=1e-6)


def test_p_chart_orange_juice():
    chart = p_chart(JUICE, [50] * 30)
    assert chart.centre[0] == pytest.approx(0.2313333, abs=5e-7)
    assert chart.ucl[0] == pytest.approx(0.4102391, abs=5e-7)
    assert chart.lcl[0] == pytest.approx(0.05242755, abs=5e-8)
    above = [i + 1 for i, (x, u) in enumerate(zip(chart.points, chart.ucl, strict=True)) if x > u]
    assert above == [15, 23]


def test_p_chart_limits_step_with_the_sample_size():
    chart = p_chart([5, 5], [50, 200])
    assert chart.ucl[0] > chart.ucl[1]


def test_u_chart_with_unit_samples_is_the_nist_c_chart():
    chart = u_chart(WAFERS, [1] * 25)
    assert (chart.centre[0], chart.ucl[0], chart.lcl[0]) == (16.0, 28.0, 4.0)


def test_phases_recomputed_or_frozen():
    before = [10.0, 11.0, 10.5, 10.2, 10.8, 10.4]
    after = [8.0, 8.4, 8.1, 8.3, 7.9, 8.2]
    own = phased(individuals, [before, after], mode="recompute")
    frozen = phased(individuals, [before, after], mode="frozen")
    assert own[1].centre[0] == pytest.approx(sum(after) / 6)
    assert frozen[1].centre[0] == pytest.approx(sum(before) / 6)
    assert frozen[1].ucl == (frozen[0].ucl[0],) * 6
    base = p_chart(JUICE, [50] * 30)
    carried = p_chart_from_baseline(base.centre[0], [3, 2], [50, 50])
    assert carried.ucl[0] == pytest.approx(base.ucl[0])


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="same size"):
        xbar_r([[1, 2], [1, 2, 3]])
    with pytest.raises(ValueError, match="defectives"):
        p_chart([60, 1], [50, 50])
    with pytest.raises(ValueError, match="mode"):
        phased(individuals, [[1, 2]], mode="sometimes")
