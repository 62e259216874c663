"""Savings sums checked against results worked out by hand."""

from __future__ import annotations

import pytest

from kaizen.domain.enums import MetricDirection
from kaizen.domain.savings_math import (
    cumulative,
    estimate_yearly_savings,
    payback_month,
    roi,
)

LOWER = MetricDirection.LOWER_IS_BETTER
HIGHER = MetricDirection.HIGHER_IS_BETTER


def test_cumulative():
    assert cumulative([100, 250.5, -50, 0]) == [100.0, 350.5, 300.5, 300.5]
    assert cumulative([]) == []


def test_roi_is_net_gain_over_cost():
    # 12,000 saved for a 4,000 outlay: (12,000 - 4,000) / 4,000 = 2.0, i.e. 200 %.
    assert roi(12_000, 4_000) == pytest.approx(2.0)
    # Not yet paid back: 1,000 of 4,000 gives -0.75.
    assert roi(1_000, 4_000) == pytest.approx(-0.75)
    assert roi(5_000, 0) is None
    assert roi(5_000, -10) is None


def test_payback_month_is_the_first_month_the_total_reaches_the_cost():
    months = [("2026-01", 300.0), ("2026-02", 300.0), ("2026-03", 400.0), ("2026-04", 500.0)]
    # Running totals 300, 600, 1,000, 1,500: 1,000 is reached in March, exactly.
    assert payback_month(months, 1_000) == "2026-03"
    assert payback_month(months, 1_000.01) == "2026-04"
    assert payback_month(months, 1_500.01) is None
    assert payback_month([], 100) is None


def test_payback_sorts_and_sums_months_and_counts_corrections():
    entries = [
        ("2026-03", 400.0),
        ("2026-01", 300.0),
        ("2026-02", 500.0),
        ("2026-02", -200.0),  # a correction in February
    ]
    # Per month 300, 300, 400: totals 300, 600, 1,000.
    assert payback_month(entries, 1_000) == "2026-03"
    # Across a year boundary, text order is calendar order.
    assert payback_month([("2026-01", 50.0), ("2025-12", 60.0)], 100) == "2026-01"
    with pytest.raises(ValueError):
        payback_month([("2026-13", 1.0)], 1)


def test_estimate_for_lower_is_better():
    # Cycle time 12 -> 9 min, 10,000 parts a year, 0.75 a minute: 3 x 10,000 x 0.75 = 22,500.
    assert estimate_yearly_savings(12, 9, LOWER, 10_000, 0.75) == pytest.approx(22_500.0)


def test_estimate_for_higher_is_better():
    # Throughput 40 -> 46 parts/h over 2,000 h at a margin of 1.5 a part: 6 x 2,000 x 1.5 = 18,000.
    assert estimate_yearly_savings(40, 46, HIGHER, 2_000, 1.5) == pytest.approx(18_000.0)


def test_estimate_is_never_negative_money():
    assert estimate_yearly_savings(9, 12, LOWER, 10_000, 0.75) == 0.0
    assert estimate_yearly_savings(46, 40, HIGHER, 2_000, 1.5) == 0.0
    assert estimate_yearly_savings(10, 10, LOWER, 10_000, 0.75) == 0.0
    with pytest.raises(ValueError):
        estimate_yearly_savings(12, 9, LOWER, -1, 0.75)
