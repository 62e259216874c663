"""Before/after statistics checked against published worked examples and scipy on fixed data.

References (numbers copied from the sources, never from this code):
- Welch's t-test: Wikipedia, "Welch's t-test", Examples, example 1 (A1, A2 below):
  t = -2.46, df = 25.0, p = 0.021. And R's `t.test(ts1, ts2)` (Welch by default) as printed in
  a published answer: t = -1.8325, df = 17.9, p-value = 0.08356.
- Mann-Whitney U: Wikipedia, "Mann-Whitney U test", "Illustration of calculation methods":
  six tortoises and six hares finish T H H H H H T T T T T H, so U_T = 11 and U_H = 25.
- Two-proportion z-test: Illowsky & Dean, "Collaborative Statistics" / OpenStax "Introductory
  Statistics", section 10.3 example: medication A 20 of 200, medication B 12 of 200, pooled
  p_c = 0.08, two-sided p-value = 0.1404.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from kaizen.domain.enums import MetricDirection
from kaizen.domain.statistics import (
    FISHER_EXACT,
    MANN_WHITNEY,
    NOT_ENOUGH_DATA,
    TWO_PROPORTION_Z,
    WELCH,
    compare,
    compare_proportions,
    describe,
    format_p,
    improvement_pct,
)

LOWER = MetricDirection.LOWER_IS_BETTER
HIGHER = MetricDirection.HIGHER_IS_BETTER

# Wikipedia, Welch's t-test, example 1.
A1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
A2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]

# R t.test example (Welch Two Sample t-test).
TS1 = [11, 9, 10, 11, 10, 12, 9, 11, 12, 9]
TS2 = [11, 13, 10, 13, 12, 9, 11, 12, 12, 11]


# --- describe -------------------------------------------------------------------------------


def test_describe_by_hand():
    # 2, 4, 4, 4, 5, 5, 7, 9: mean 40/8 = 5, median (4+5)/2 = 4.5,
    # squared deviations 9+1+1+1+0+0+4+16 = 32, sample variance 32/7, std sqrt(32/7).
    s = describe([2, 4, 4, 4, 5, 5, 7, 9])
    assert s.n == 8
    assert s.mean == pytest.approx(5.0)
    assert s.median == pytest.approx(4.5)
    assert s.std == pytest.approx(math.sqrt(32 / 7))
    assert (s.minimum, s.maximum) == (2.0, 9.0)


def test_describe_small_and_empty():
    assert describe([]).n == 0
    assert describe([]).mean is None
    one = describe([3.5])
    assert (one.n, one.mean, one.median, one.std) == (1, 3.5, 3.5, None)


def test_describe_refuses_non_finite():
    with pytest.raises(ValueError):
        describe([1.0, float("nan")])
    with pytest.raises(ValueError):
        describe([1.0, float("inf")])


# --- improvement % --------------------------------------------------------------------------


def test_improvement_positive_in_the_better_direction():
    # Cycle time 10 -> 8: 2/10 = 20% better when lower is better, 20% worse when higher is.
    assert improvement_pct(10, 8, LOWER) == pytest.approx(20.0)
    assert improvement_pct(10, 8, HIGHER) == pytest.approx(-20.0)
    # Throughput 50 -> 60: 10/50 = 20% better.
    assert improvement_pct(50, 60, HIGHER) == pytest.approx(20.0)
    assert improvement_pct(50, 60, "lower") == pytest.approx(-20.0)


def test_improvement_none_for_zero_baseline_and_zero_for_no_change():
    assert improvement_pct(0, 5, HIGHER) is None
    assert improvement_pct(7, 7, LOWER) == 0.0
    assert str(improvement_pct(7, 7, LOWER)) == "0.0"  # not "-0.0"


def test_improvement_of_a_negative_baseline_keeps_its_sign_meaning():
    # A margin of -10 rising to -5 is better when higher is better: +50%.
    assert improvement_pct(-10, -5, HIGHER) == pytest.approx(50.0)


# --- Welch ----------------------------------------------------------------------------------


def test_welch_matches_the_published_wikipedia_example():
    r = stats.ttest_ind(A1, A2, equal_var=False)
    assert r.statistic == pytest.approx(-2.46, abs=0.005)
    assert r.df == pytest.approx(25.0, abs=0.05)
    assert r.pvalue == pytest.approx(0.021, abs=0.0005)
    # Both samples pass Shapiro-Wilk and have n >= 8, so compare() picks Welch and reports the
    # same numbers (before = A1, after = A2: t has the sign of before minus after).
    c = compare(A1, A2, HIGHER, metric_name="Throughput")
    assert c.test_name == WELCH
    assert c.statistic == pytest.approx(-2.46, abs=0.005)
    assert c.p_value == pytest.approx(0.021, abs=0.0005)
    assert c.significant and c.improved
    # Means 20.82 -> 22.9867: (22.9867 - 20.82) / 20.82 = 10.41 %.
    assert c.improvement_pct == pytest.approx(10.41, abs=0.01)
    assert c.verdict == "Real improvement: throughput rose 10.4% (Welch's t-test, p = 0.021)"


def test_welch_matches_r_t_test_output():
    c = compare(TS1, TS2, LOWER, metric_name="Cycle time")
    assert c.test_name == WELCH
    r = stats.ttest_ind(TS1, TS2, equal_var=False)
    assert r.df == pytest.approx(17.9, abs=0.05)
    assert c.statistic == pytest.approx(-1.8325, abs=5e-5)
    assert c.p_value == pytest.approx(0.08356, abs=5e-6)
    assert not c.significant and not c.improved
    assert c.verdict == "No clear change (p = 0.084): the difference may be chance"


def test_welch_equals_scipy_on_fixed_data():
    rng = np.random.default_rng(7)
    before = rng.normal(12.0, 1.5, 30).round(2)
    after = rng.normal(10.0, 1.0, 25).round(2)
    c = compare(before, after, LOWER, metric_name="Cycle time")
    expected = stats.ttest_ind(before, after, equal_var=False)
    assert c.test_name == WELCH
    assert c.statistic == pytest.approx(float(expected.statistic), rel=1e-12)
    assert c.p_value == pytest.approx(float(expected.pvalue), rel=1e-9)
    assert c.improved
    assert c.verdict.startswith("Real improvement: cycle time fell ")
    assert "(Welch's t-test, p < 0.001)" in c.verdict


def test_worse_result_says_so():
    c = compare(A2, A1, HIGHER, metric_name="OEE")
    assert c.significant and not c.improved
    assert c.improvement_pct < 0
    assert c.verdict.startswith("Got worse: OEE fell 9.4% (Welch's t-test")


# --- Mann-Whitney ---------------------------------------------------------------------------


def test_mann_whitney_u_matches_the_tortoise_and_hare_example():
    # Finishing position as the time taken: T H H H H H T T T T T H.
    tortoises = [1, 7, 8, 9, 10, 11]
    hares = [2, 3, 4, 5, 6, 12]
    # scipy's U for x counts the pairs with x above y: hares slower than tortoises = U_T = 11.
    assert stats.mannwhitneyu(hares, tortoises).statistic == 11
    assert stats.mannwhitneyu(tortoises, hares).statistic == 25
    # n = 6 is below the Welch threshold, so compare() uses Mann-Whitney with the same U.
    c = compare(tortoises, hares, LOWER, metric_name="Race time")
    assert c.test_name == MANN_WHITNEY
    assert c.statistic == 25
    assert not c.significant  # the source: "does not confirm the greater speed of tortoises"


def test_small_samples_use_mann_whitney_and_equal_scipy():
    before = [14.1, 15.3, 13.8, 16.0, 15.1, 14.7]
    after = [11.2, 12.0, 10.9, 11.8, 12.4, 11.5]
    c = compare(before, after, LOWER, metric_name="Changeover time")
    expected = stats.mannwhitneyu(before, after, alternative="two-sided")
    assert c.test_name == MANN_WHITNEY
    assert c.statistic == expected.statistic == 36  # every before above every after
    assert c.p_value == pytest.approx(float(expected.pvalue))
    # Exact two-sided p for complete separation of 6 and 6: 2 / C(12, 6) = 2 / 924.
    assert c.p_value == pytest.approx(2 / 924)
    assert c.improved
    # Medians 14.9 -> 11.65: 3.25 / 14.9 = 21.8 %.
    assert c.improvement_pct == pytest.approx(21.81, abs=0.01)
    assert c.verdict == (
        "Real improvement: median changeover time fell 21.8% (Mann-Whitney U test, p = 0.002)"
    )


def test_far_from_normal_data_uses_mann_whitney():
    # Strongly skewed before phase: Shapiro-Wilk rejects normality, so no t-test.
    before = [5, 5, 5, 6, 5, 6, 5, 5, 30, 45, 5, 6]
    after = [4, 4, 5, 4, 4, 3, 4, 4, 5, 4, 4, 4]
    assert stats.shapiro(before).pvalue < 0.05
    c = compare(before, after, LOWER)
    assert c.test_name == MANN_WHITNEY
    assert c.p_value == pytest.approx(
        float(stats.mannwhitneyu(before, after, alternative="two-sided").pvalue)
    )
    assert c.improved
    assert c.verdict.startswith("Real improvement: the median fell ")


def test_constant_phases_use_mann_whitney():
    c = compare([5.0] * 10, [4.0] * 10, LOWER, metric_name="Changeover time")
    assert c.test_name == MANN_WHITNEY and c.improved
    same = compare([5.0] * 10, [5.0] * 10, LOWER)
    assert not same.significant
    assert same.verdict.startswith("No clear change")


def test_not_enough_data():
    for before, after in (([1, 2], [1, 2, 3]), ([1, 2, 3], []), ([], [])):
        c = compare(before, after, LOWER)
        assert c.test_name is None and c.p_value is None
        assert not c.significant and not c.improved
        assert c.verdict == NOT_ENOUGH_DATA
    assert NOT_ENOUGH_DATA == (
        "Not enough data: at least 3 measurements before and after are needed"
    )


def test_alpha_decides_significance():
    assert compare(TS1, TS2, LOWER, alpha=0.10).significant
    assert not compare(TS1, TS2, LOWER, alpha=0.05).significant


# --- proportions ----------------------------------------------------------------------------


def test_two_proportion_z_matches_the_textbook_example():
    c = compare_proportions(20, 200, 12, 200, LOWER, metric_name="Share still with hives")
    assert c.test_name == TWO_PROPORTION_Z
    assert c.p_value == pytest.approx(0.1404, abs=5e-5)
    # z by hand: (0.10 - 0.06) / sqrt(0.08 * 0.92 * (1/200 + 1/200)) = 0.04 / 0.027129 = 1.4744.
    assert c.statistic == pytest.approx(1.4744, abs=1e-4)
    assert not c.significant
    assert c.improvement_pct == pytest.approx(40.0)  # 10% -> 6% is 40% fewer


def test_two_proportion_z_significant_improvement_reads_well():
    c = compare_proportions(40, 200, 12, 200, LOWER, metric_name="Defect rate")
    # z = (0.20 - 0.06) / sqrt(0.13 * 0.87 * 0.01) = 0.14 / 0.033630 = 4.163.
    assert c.statistic == pytest.approx(4.163, abs=1e-3)
    assert c.improved
    assert c.verdict == (
        "Real improvement: defect rate fell 70.0% "
        "(from 20.0% to 6.0%; two-proportion z-test, p < 0.001)"
    )


def test_rates_from_zero_one_outcomes():
    before = [1] * 40 + [0] * 160
    after = [1] * 12 + [0] * 188
    c = compare(before, after, LOWER, kind="rate", metric_name="Defect rate")
    assert c == compare_proportions(40, 200, 12, 200, LOWER, metric_name="Defect rate")
    with pytest.raises(ValueError):
        compare([0, 1, 2], [0, 1, 1], LOWER, kind="rate")


def test_small_counts_use_fisher_exact():
    c = compare_proportions(4, 20, 0, 20, LOWER)
    assert c.test_name == FISHER_EXACT
    assert c.p_value == pytest.approx(
        float(stats.fisher_exact([[4, 16], [0, 20]]).pvalue)
    )
    assert c.statistic is None  # the odds ratio is infinite with a zero cell


def test_proportions_refuse_impossible_counts():
    with pytest.raises(ValueError):
        compare_proportions(5, 4, 1, 10, LOWER)
    assert compare_proportions(1, 2, 1, 10, LOWER).verdict == NOT_ENOUGH_DATA


# --- formatting -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (0.41, "p = 0.41"),
        (0.021, "p = 0.021"),
        (0.003, "p = 0.003"),
        (0.0004, "p < 0.001"),
        (1.0, "p = 1.00"),
        (0.0496, "p = 0.0496"),  # never rounded up onto alpha
    ],
)
def test_format_p(p, text):
    assert format_p(p) == text
