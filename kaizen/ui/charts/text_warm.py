"""The dashboard charts' fixed text prepared before their first draw ever (issue 21).

The first dashboard chart of an install finds no kept text cache (:mod:`text_store`): each of its
30 or so strings is shaped twice (measured, then laid out for its mask) and rasterised, which
made that one chart 40-60% dearer than any later one. Most of those strings do not depend on
the data: the titles, the axis labels, the legend, the month names and years, the waste
categories in the language of the work, the percent ticks. :func:`warm_dashboard_text` draws
the dashboard's two charts from sample data off screen, at the size and pixel ratio of the
card, so those strings are in the cache (and in its kept file) when the real charts come; only
the strings of the data (amounts, totals) are then drawn afresh.

Meant for the first start, while the demo plant loads behind the "Loading…" page (a worker,
never the GUI thread); a start that finds the kept file does not need it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize

from kaizen.domain.enums import SavingsKind, WasteCategory
from kaizen.domain.months import month_key, months_between, shift_month

# Sample amounts: the shape of a year of a site's savings and of its wastes' yearly cost.
_MONTHLY = {SavingsKind.HARD: 24_000.0, SavingsKind.SOFT: 12_000.0,
            SavingsKind.AVOIDANCE: 4_000.0}
_FORECAST = 45_000.0
_MONTHS = 13  # the savings chart's year and the month before it (dashboard_cards.chart_months)


def sample_savings(today: date, currency: str) -> tuple[list[str], dict[SavingsKind, list[float]],
                                                        list[float], str]:
    """Months up to ``today``'s, an amount of each kind a month and a forecast, in the
    currency the dashboard draws in: what :func:`kaizen.charts.cumulative_savings_figure`
    takes."""
    last = month_key(today)
    months = months_between(shift_month(last, -(_MONTHS - 1)), last)
    actual = {kind: [amount] * _MONTHS for kind, amount in _MONTHLY.items()}
    return months, actual, [_FORECAST] * _MONTHS, currency


def sample_pareto(currency: str) -> tuple[list[tuple[str, float]], str]:
    """Every waste category with a cost, in the language of the work (as the analytics
    service labels them)."""
    costs = [(category.label, 100_000.0 * (7 - i)) for i, category in enumerate(WasteCategory)]
    return costs, currency


def warm_dashboard_text(size: QSize, ratio: float, currency: str,
                        today: date | None = None) -> None:
    """Draw the dashboard's two charts from sample data at ``size`` logical pixels and
    ``ratio`` (worker thread), so their fixed strings are in the text cache and its kept
    file. Nothing is shown; the figures are dropped."""
    from kaizen.charts import cumulative_savings_figure, pareto_figure
    from kaizen.ui.charts.chart_widget import prerender

    months, actual, forecast, money = sample_savings(today or date.today(), currency)
    prerender(cumulative_savings_figure(months, actual, forecast, currency=money), size, ratio)
    costs, money = sample_pareto(currency)
    prerender(pareto_figure(costs, currency=money), size, ratio)
