"""The verdict's decisions and words (issue 17).

Data with published figures: R's ``t.test(1:10, y = c(7:20, 200))`` (the ``?t.test`` example
with one extreme value) prints Welch p-value = 0.1245; the rank test on the same data is far
below 0.05 (checked here against scipy's ``mannwhitneyu``), which is the issue's case of a rank
test claiming an improvement the t-test does not support. R's ``power.t.test`` gives the sample
sizes (tests/domain/test_power.py checks those).
"""

from __future__ import annotations

import pytest
from scipy import stats

from kaizen.domain.enums import MetricDirection
from kaizen.domain.verdict import (
    DISAGREE,
    IMPROVED,
    MANN_WHITNEY,
    NO_CHANGE,
    TOO_FEW,
    WORSE,
    format_p_value,
    judge,
    plan_sample_size,
)

LOWER = MetricDirection.LOWER_IS_BETTER
HIGHER = MetricDirection.HIGHER_IS_BETTER
BEFORE = [10, 11, 12, 10.5, 11.5, 12.2, 10.1, 11.1]
AFTER = [8, 9, 8.5, 9.1, 8.7, 9.5, 8.2, 8.9]


def test_extreme_value_makes_the_tests_disagree_and_no_improvement_is_claimed():
    before, after = [*range(7, 21), 200], list(range(1, 11))
    assert stats.mannwhitneyu(after, before).pvalue < 0.001
    v = judge(before, after, LOWER)
    assert v.status == DISAGREE
    assert v.primary.name == "Welch's t-test" and v.primary.p_value == pytest.approx(0.1245,
                                                                                     abs=5e-5)
    assert v.robustness.significant
    assert "Real improvement" not in v.text and "disagree" in v.text
    assert "extreme value" in v.text
    assert "p = 0.12" in v.text and "p = 0.0002" in v.text


def test_primary_can_be_mann_whitney_when_the_metric_says_so():
    v = judge([*range(7, 21), 200], list(range(1, 11)), LOWER, primary=MANN_WHITNEY)
    assert v.primary.test == MANN_WHITNEY and v.status == DISAGREE


def test_three_against_three_is_too_few_with_the_number_needed():
    v = judge([10, 11, 12], [8, 9, 8.5], LOWER)
    assert v.status == TOO_FEW
    assert v.text.startswith("Too few samples to tell: 3 before and 3 after.")
    assert v.samples_needed is not None and v.samples_needed > 3
    assert "per phase are needed" in v.text and "may be chance" not in v.text


def test_too_few_uses_the_target_change_and_power_t_test():
    before = [10, 11, 12, 10.5, 11.5]
    v = judge(before, [10.2, 11.1, 11.8, 10.4, 11.3], LOWER, target_change=1)
    expected = plan_sample_size(before, 1)
    assert v.status == TOO_FEW and v.samples_needed == expected
    assert f"About {expected} per phase" in v.text


def test_clear_improvement_reports_difference_ci_df_and_effect_size():
    v = judge(BEFORE, AFTER, LOWER, metric_name="Cycle time", unit="min")
    assert v.status == IMPROVED
    assert v.text.startswith("Real improvement: cycle time fell")
    assert "95% CI" in v.text and "df = " in v.text and "Mann-Whitney test agrees" in v.text
    assert v.primary.df == pytest.approx(stats.ttest_ind(AFTER, BEFORE, equal_var=False).df)
    assert v.hedges_g < -2  # a large effect, in the better direction for lower-is-better


def test_one_sided_is_said_in_the_text():
    v = judge(BEFORE, AFTER, LOWER, one_sided=True)
    assert v.status == IMPROVED and "one-sided" in v.text and "upper bound" in v.text
    two = judge(BEFORE, AFTER, LOWER)
    assert v.primary.p_value == pytest.approx(two.primary.p_value / 2)


def test_worse_in_the_better_direction_is_called_worse():
    assert judge(BEFORE, AFTER, HIGHER).status == WORSE


def test_no_clear_change():
    v = judge(BEFORE * 5, [*BEFORE[:1], 11.5, *BEFORE[2:]] * 5, LOWER)
    assert v.status == NO_CHANGE and v.text.startswith("No clear change")


@pytest.mark.parametrize(("p", "text"), [
    (0.0, "p < 0.0001"), (4e-11, "p < 0.0001"), (0.00004, "p < 0.0001"),
    (0.00012, "p = 0.0001"), (0.0496, "p = 0.0496"), (0.41, "p = 0.41"),
])
def test_p_is_never_zero(p, text):
    assert format_p_value(p) == text


def test_plan_before_the_after_phase():
    # sd of the before-data is 0.7906; power.t.test(delta = 1, sd = 0.7906) gives n = 10.8.
    assert plan_sample_size([10, 11, 12, 10.5, 11.5], 1) == 11
    assert plan_sample_size([5, 5, 5], 1) is None
