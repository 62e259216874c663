"""The batched statistics of the monthly report against one scipy call per metric.

:func:`welch_tests` runs every Welch test as one vectorised scipy call, :func:`compare_many`
batches the Shapiro-Wilk and Mann-Whitney calls and :func:`describe_many` the summaries; each
must give what the per-metric calls give (:func:`scipy.stats.ttest_ind`, :func:`compare`,
:func:`describe`), on hand-built samples that include the edge cases: samples of one and two
values, no spread at all, ties, and mixed sizes in one batch.
"""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from kaizen.domain.enums import MetricDirection
from kaizen.domain.statistics import (
    MANN_WHITNEY,
    NOT_ENOUGH_DATA,
    WELCH,
    compare,
    compare_many,
    describe,
    describe_many,
    welch_tests,
)

LOWER = MetricDirection.LOWER_IS_BETTER
HIGHER = MetricDirection.HIGHER_IS_BETTER

PAIRS: list[tuple[list[float], list[float]]] = [
    # Wikipedia, Welch's t-test, example 1.
    ([27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4],
     [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]),
    ([11, 9, 10, 11, 10, 12, 9, 11, 12, 9], [11, 13, 10, 13, 12, 9, 11, 12, 12, 11]),
    ([1.0, 2.0], [3.0, 5.0, 4.0]),  # two values
    ([1.0, 2.0], [7.5, 8.0]),
    ([4.0, 4.0, 4.0], [5.0, 6.0, 7.0]),  # no spread before
    ([4.0, 4.0, 4.0], [6.0, 6.0]),  # no spread on either side, different means: t infinite
    ([4.0, 4.0, 4.0], [4.0, 4.0]),  # no spread and the same mean: t undefined
    ([3.0], [1.0, 2.0, 3.0]),  # one value: no variance
    ([1e9 + 1, 1e9 + 2, 1e9 + 4], [1e9 + 3, 1e9 + 5, 1e9 + 8, 1e9 + 9]),
    ([-2.5, -1.0, 0.5, 3.25, -0.75], [0.1, 0.2, 0.15, 0.3]),
]


def test_welch_tests_equal_one_ttest_ind_per_pair():
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # scipy on the flat samples
        expected = [stats.ttest_ind(b, a, equal_var=False) for b, a in PAIRS]
    t_values, p_values = welch_tests(PAIRS)
    assert len(t_values) == len(p_values) == len(PAIRS)
    for (b, a), want, t, p in zip(PAIRS, expected, t_values, p_values, strict=True):
        # Equal up to the last bits: scipy squares the standard deviation back.
        assert t == pytest.approx(float(want.statistic), rel=1e-12, nan_ok=True), (b, a)
        assert p == pytest.approx(float(want.pvalue), rel=1e-12, nan_ok=True), (b, a)
    # The edge cases behave as scipy's: infinite t and p = 0 for two flat samples apart,
    # NaN for identical flat samples and for a sample of one.
    assert np.isinf(t_values[5]) and p_values[5] == 0.0
    assert np.isnan(t_values[6]) and np.isnan(p_values[6])
    assert np.isnan(t_values[7]) and np.isnan(p_values[7])


def test_welch_tests_one_pair_and_none():
    t, p = welch_tests([PAIRS[0]])
    want = stats.ttest_ind(*PAIRS[0], equal_var=False)
    assert (t.shape, p.shape) == ((1,), (1,))
    assert t[0] == pytest.approx(float(want.statistic), rel=1e-12)
    assert p[0] == pytest.approx(float(want.pvalue), rel=1e-12)
    t, p = welch_tests([])
    assert t.size == p.size == 0


def test_welch_tests_refuses_an_empty_sample_and_non_finite_values():
    with pytest.raises(ValueError):
        welch_tests([([], [1.0, 2.0])])
    with pytest.raises(ValueError):
        welch_tests([([1.0, float("nan")], [1.0, 2.0])])


def _samples() -> list[tuple[list[float], list[float], MetricDirection, str | None]]:
    rng = np.random.default_rng(8)
    out: list[tuple[list[float], list[float], MetricDirection, str | None]] = []
    for index, n in enumerate((50, 50, 50, 12, 9, 8, 30, 50, 7, 2)):
        before = list(rng.normal(20.0, 2.0, n))
        after = list(rng.normal(19.0 if index % 2 else 21.0, 2.5, n + index % 3))
        out.append((before, after, LOWER if index % 2 else HIGHER, f"Metric {index}"))
    out.append((list(rng.exponential(1.0, 40)), list(rng.exponential(2.0, 40)), LOWER, "Skewed"))
    out.append(([5.0] * 10, [4.0] * 9 + [3.0], LOWER, "Flat before"))
    out.append(([1.0, 2.0], [3.0, 4.0, 5.0], LOWER, "Too few"))
    out.append(([], [], HIGHER, None))
    return out


def test_compare_many_equals_compare_per_metric():
    samples = _samples()
    batch = compare_many(samples)
    assert len(batch) == len(samples)
    for (before, after, direction, name), got in zip(samples, batch, strict=True):
        one = compare(before, after, direction, metric_name=name)
        assert got == one
    tests = [c.test_name for c in batch]
    # The batch holds every path: Welch, Mann-Whitney (non-normal, small, flat) and none.
    assert tests.count(WELCH) >= 5
    assert tests.count(MANN_WHITNEY) >= 3
    assert batch[-1].verdict == batch[-2].verdict == NOT_ENOUGH_DATA


def test_compare_many_welch_matches_a_direct_scipy_call():
    samples = _samples()
    for (before, after, _direction, _name), got in zip(samples, compare_many(samples),
                                                       strict=True):
        if got.test_name != WELCH:
            continue
        want = stats.ttest_ind(before, after, equal_var=False)
        assert got.statistic == pytest.approx(float(want.statistic), rel=1e-12)
        assert got.p_value == pytest.approx(float(want.pvalue), rel=1e-12)


def test_compare_many_shapiro_batch_decides_as_one_call_per_sample():
    # Same size, one normal sample and one far from normal: the 2-D Shapiro-Wilk call must
    # judge each row on its own.
    # The normal quantiles are as normal as 30 values get; their cubes are not.
    normal = list(10.0 + stats.norm.ppf((np.arange(30) + 0.5) / 30))
    skewed = [(x - 10.0) ** 3 for x in normal]
    assert stats.shapiro(normal).pvalue >= 0.05 > stats.shapiro(skewed).pvalue
    after = [x - 1.0 for x in normal]
    results = compare_many([(normal, after, LOWER, "A"), (skewed, after, LOWER, "B")])
    assert [r.test_name for r in results] == [WELCH, MANN_WHITNEY]


def test_compare_many_of_nothing():
    assert compare_many([]) == []


def test_describe_many_equals_describe_per_sample():
    rng = np.random.default_rng(21)
    samples: list[list[float]] = [
        [], [3.5], [1.0, 2.0], [4.0, 4.0, 4.0], [2, 4, 4, 4, 5, 5, 7, 9],
        list(rng.normal(100.0, 15.0, 50)), list(rng.normal(100.0, 15.0, 50)), [],
        list(rng.exponential(3.0, 51)), list(rng.normal(0.0, 1e-9, 7)), [2.0, 1.0],
    ]
    got = describe_many(samples)
    # Exactly the same numbers, not only close: each row is reduced as a lone sample is.
    assert got == [describe(values) for values in samples]
    assert describe_many([]) == []
    with pytest.raises(ValueError):
        describe_many([[1.0, 2.0], [float("inf")]])


def test_mann_whitney_batch_equals_one_call_per_pair():
    # Rows of one shape above 8 values share a call; small samples with and without ties
    # (where scipy picks the exact or the normal p-value per call) go alone.
    rng = np.random.default_rng(5)
    samples = []
    for index in range(6):
        before = list(np.round(rng.exponential(2.0, 12) ** 3, 1))  # skewed, rounded: ties
        after = list(rng.exponential(1.0 + index, 12) ** 3)
        samples.append((before, after, LOWER, f"Skewed {index}"))
    samples.append(([1.0, 2.0, 3.0, 4.0, 5.0], [6.0, 7.0, 8.0, 9.0, 10.0], LOWER, "Small"))
    samples.append(([1.0, 2.0, 2.0, 4.0, 5.0], [2.0, 7.0, 8.0, 9.0, 10.0], LOWER, "Small ties"))
    results = compare_many(samples)
    assert [r.test_name for r in results] == [MANN_WHITNEY] * len(samples)
    for (before, after, _direction, _name), got in zip(samples, results, strict=True):
        want = stats.mannwhitneyu(before, after, alternative="two-sided")
        assert got.statistic == float(want.statistic)
        assert got.p_value == float(want.pvalue)


def test_importing_the_statistics_and_analytics_leaves_scipy_out():
    # scipy.stats takes a quarter of a second to import: the app imports these modules at
    # start-up, and only the functions that test import it.
    code = ("import sys, kaizen.domain.statistics, kaizen.services.analytics, kaizen.reports.data;"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "[]"
