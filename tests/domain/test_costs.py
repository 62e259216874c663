"""Yearly cost and hours of a waste observation, checked against sums done by hand."""

from __future__ import annotations

import pytest

from kaizen.domain.costs import (
    WEEKS_PER_YEAR,
    observation_yearly_cost,
    observation_yearly_hours,
)


def test_time_priced_at_the_hourly_rate():
    # 6 min x 10 a week x 52 weeks = 3,120 min = 52 h; at 30/h that is 1,560.
    assert observation_yearly_cost(6, 10, 30) == pytest.approx(1_560.0)
    assert observation_yearly_hours(6, 10) == pytest.approx(52.0)


def test_direct_cost_is_added_every_time():
    # (0.1 h x 30 + 2.50) x 10 x 52 = 5.50 x 520 = 2,860.
    assert observation_yearly_cost(6, 10, 30, 2.5) == pytest.approx(2_860.0)
    # A cost with no time lost still counts: 4 x 3 x 52 = 624.
    assert observation_yearly_cost(0, 3, 30, 4.0) == pytest.approx(624.0)


def test_none_cost_is_zero_and_zero_frequency_costs_nothing():
    assert observation_yearly_cost(6, 10, 30, None) == observation_yearly_cost(6, 10, 30)
    assert observation_yearly_cost(30, 0, 50, 10) == 0.0
    assert observation_yearly_hours(0, 100) == 0.0


def test_a_year_has_52_weeks():
    assert WEEKS_PER_YEAR == 52
    assert observation_yearly_hours(60, 1) == pytest.approx(52.0)
