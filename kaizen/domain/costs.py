"""Money and time derived from what people typed: never stored twice."""

from __future__ import annotations

WEEKS_PER_YEAR = 52


def observation_yearly_cost(
    minutes_per_occurrence: float,
    occurrences_per_week: float,
    hourly_rate: float,
    cost_per_occurrence: float | None = None,
) -> float:
    """Yearly cost of a waste: time priced at the hourly rate plus any direct cost, every time."""
    per_occurrence = minutes_per_occurrence / 60.0 * hourly_rate + (cost_per_occurrence or 0.0)
    return per_occurrence * occurrences_per_week * WEEKS_PER_YEAR


def observation_yearly_hours(minutes_per_occurrence: float, occurrences_per_week: float) -> float:
    return minutes_per_occurrence * occurrences_per_week * WEEKS_PER_YEAR / 60.0
