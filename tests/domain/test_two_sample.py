"""Welch's t, Hedges' g and the Mann-Whitney test against R's printed output.

Sources (raw data and printed results):
- R, ``?t.test`` examples: ``t.test(extra ~ group, data = sleep)`` prints t = -1.8608,
  df = 17.776, p-value = 0.07939, 95 percent CI -3.3654832 0.2054832; ``t.test(1:10, y = c(7:20))``
  prints t = -5.4349, df = 21.982, p-value = 1.855e-05; ``t.test(1:10, y = c(7:20, 200))``
  prints t = -1.6329, df = 14.165, p-value = 0.1245.
- R, ``?wilcox.test`` examples (Hollander & Wolfe 1973, p. 69f, permeability data):
  ``wilcox.test(x, y, alternative = "g")`` prints W = 35, p-value = 0.1272 (exact);
  with ``exact = FALSE, correct = FALSE`` p-value = 0.1103.
- R, ``wilcox.test(extra ~ group, data = sleep)``: W = 25.5, p-value = 0.06933 (ties: normal
  approximation with continuity correction).
- Hedges & Olkin (1985): g = d * (1 - 3 / (4 (n1 + n2) - 9)); Hodges-Lehmann shift = median of
  all pairwise differences (Hollander & Wolfe, section 4.2), computed here by hand.
"""

from __future__ import annotations

import math
import statistics

import pytest

from kaizen.domain.two_sample import hedges_g, mann_whitney, min_rank_p, welch_test

SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
HW_X = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46]
HW_Y = [1.15, 0.88, 0.90, 0.74, 1.21]


def test_welch_sleep_matches_r():
    r = welch_test(SLEEP_1, SLEEP_2)
    assert r.t == pytest.approx(-1.8608, abs=5e-5)
    assert r.df == pytest.approx(17.776, abs=5e-4)
    assert r.p_value == pytest.approx(0.07939, abs=5e-6)
    assert r.ci_low == pytest.approx(-3.3654832, abs=5e-8)
    assert r.ci_high == pytest.approx(0.2054832, abs=5e-8)
    assert r.difference == pytest.approx(0.75 - 2.33)


def test_welch_help_examples_including_an_extreme_value():
    r = welch_test(list(range(1, 11)), list(range(7, 21)))
    assert (r.t, r.df) == (pytest.approx(-5.4349, abs=5e-5), pytest.approx(21.982, abs=5e-4))
    assert r.p_value == pytest.approx(1.855e-05, rel=5e-4)
    r = welch_test(list(range(1, 11)), [*range(7, 21), 200])
    assert (r.t, r.df) == (pytest.approx(-1.6329, abs=5e-5), pytest.approx(14.165, abs=5e-4))
    assert r.p_value == pytest.approx(0.1245, abs=5e-5)


def test_welch_one_sided_halves_the_p_value_and_opens_the_interval():
    two = welch_test(SLEEP_1, SLEEP_2)
    less = welch_test(SLEEP_1, SLEEP_2, alternative="less")
    greater = welch_test(SLEEP_1, SLEEP_2, alternative="greater")
    assert less.p_value == pytest.approx(two.p_value / 2)
    assert greater.p_value == pytest.approx(1 - two.p_value / 2)
    assert less.ci_low == -math.inf and less.ci_high < two.ci_high
    assert greater.ci_high == math.inf and greater.ci_low > two.ci_low


def test_hedges_g_by_hand():
    n1 = n2 = 10
    pooled = math.sqrt((9 * statistics.variance(SLEEP_1) + 9 * statistics.variance(SLEEP_2)) / 18)
    d = (statistics.fmean(SLEEP_1) - statistics.fmean(SLEEP_2)) / pooled
    assert hedges_g(SLEEP_1, SLEEP_2) == pytest.approx(d * (1 - 3 / (4 * (n1 + n2) - 9)))


def test_mann_whitney_exact_matches_r():
    r = mann_whitney(HW_X, HW_Y, alternative="greater")
    assert r.exact and r.w == 35
    assert r.p_value == pytest.approx(0.1272, abs=5e-5)


def test_mann_whitney_normal_without_correction_matches_r():
    r = mann_whitney(HW_X, HW_Y, alternative="greater", exact=False, correct=False)
    assert not r.exact and r.w == 35
    assert r.p_value == pytest.approx(0.1103, abs=5e-5)


def test_mann_whitney_with_ties_matches_r():
    r = mann_whitney(SLEEP_1, SLEEP_2)
    assert not r.exact and r.w == 25.5
    assert r.p_value == pytest.approx(0.06933, abs=5e-6)


def test_hodges_lehmann_shift_is_the_median_of_pairwise_differences():
    r = mann_whitney(HW_X, HW_Y)
    diffs = sorted(x - y for x in HW_X for y in HW_Y)
    assert r.shift == pytest.approx(statistics.median(diffs))
    # The exact interval is bounded by order statistics of those differences.
    assert r.ci_low in diffs and r.ci_high in diffs and r.ci_low < r.shift < r.ci_high


def test_exact_p_of_complete_separation():
    # 3 against 4 values, fully separated: W = 0; exact two-sided p = 2 / C(7, 3) = 2 / 35.
    r = mann_whitney([1.1, 2.2, 3.3], [4.4, 5.5, 6.6, 7.7])
    assert r.w == 0 and r.exact
    assert r.p_value == pytest.approx(2 / 35)
    assert min_rank_p(3, 3) == pytest.approx(0.1)  # 3 against 3 cannot reach 0.05


@pytest.mark.parametrize("bad", [{"alternative": "up"}, {"conf_level": 1.5}])
def test_bad_arguments_are_refused(bad):
    with pytest.raises(ValueError):
        welch_test(SLEEP_1, SLEEP_2, **bad)
    with pytest.raises(ValueError):
        mann_whitney(SLEEP_1, SLEEP_2, **bad)
