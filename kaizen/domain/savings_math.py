"""Money from the savings ledger and the measurements: running totals, ROI, payback, estimates.

Months are "YYYY-MM" strings, which sort as text in calendar order. Amounts are in the site
currency; negative amounts are corrections and count like any other entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kaizen.domain.enums import MetricDirection
from kaizen.domain.months import is_month
from kaizen.i18n import translate


def cumulative(series: Iterable[float]) -> list[float]:
    """Running totals: [a, a+b, a+b+c, ...]."""
    totals: list[float] = []
    running = 0.0
    for amount in series:
        running += float(amount)
        totals.append(running)
    return totals


def roi(total_savings: float, one_off_cost: float) -> float | None:
    """Return on investment as a fraction: (savings - cost) / cost, so 1.5 means 150 %.

    None when there is no cost to return on (0 or less): "infinite ROI" helps nobody decide.
    """
    if one_off_cost <= 0:
        return None
    return (total_savings - one_off_cost) / one_off_cost


def payback_month(
    monthly_savings: Sequence[tuple[str, float]], one_off_cost: float
) -> str | None:
    """The first month in which cumulative savings reach the one-off cost, or None if never.

    Months may come in any order and more than once (several entries in a month); they are
    summed per month and taken in calendar order.
    """
    per_month: dict[str, float] = {}
    for month, amount in monthly_savings:
        if not is_month(month):
            raise ValueError(translate(
                "domain.savings_math", "A month is written YYYY-MM, got {month!r}.").format(
                    month=month))
        per_month[month] = per_month.get(month, 0.0) + float(amount)
    months = sorted(per_month)
    for month, total in zip(months, cumulative(per_month[m] for m in months), strict=True):
        if total >= one_off_cost:
            return month
    return None


def estimate_yearly_savings(
    before_mean: float,
    after_mean: float,
    direction: MetricDirection,
    yearly_volume: float,
    unit_cost: float,
) -> float:
    """The better-by amount per unit times the yearly volume times the cost of one metric unit.

    E.g. cycle time 12 -> 9 min, 10,000 parts a year, 0.75 per minute: 3 x 10,000 x 0.75 =
    22,500 a year. A result that got worse (or did not move) estimates 0, never negative money:
    the UI says why.
    """
    if yearly_volume < 0 or unit_cost < 0:
        raise ValueError(translate(
            "domain.savings_math", "The yearly volume and the unit cost cannot be negative."))
    gain = before_mean - after_mean
    if MetricDirection(direction) is MetricDirection.HIGHER_IS_BETTER:
        gain = -gain
    return max(0.0, gain * yearly_volume * unit_cost)
