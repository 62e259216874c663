"""Charts inside the app: the widget that shows a :mod:`kaizen.charts` figure on a card.

Importing this package does not import matplotlib: the widget loads it in the background worker
that builds its first figure, so the app starts without it.
"""

from kaizen.ui.charts.chart_widget import ChartWidget, chart_dpi

__all__ = ["ChartWidget", "chart_dpi"]
