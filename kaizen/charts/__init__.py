"""Pure chart builders: data in, matplotlib Figure out; shared by the app and the reports.

No pyplot and no Qt here: the figures are plain ``matplotlib.figure.Figure`` objects that the UI
puts on a FigureCanvasQTAgg and the reports render to PDF or PNG. Importing this package loads
matplotlib, so the app imports it only when it draws its first chart.
"""

from kaizen.charts.before_after import before_after_figure
from kaizen.charts.control_chart import xmr_figure
from kaizen.charts.kpi import kpi_figure
from kaizen.charts.pareto import pareto_figure
from kaizen.charts.savings import cumulative_savings_figure

__all__ = [
    "before_after_figure",
    "cumulative_savings_figure",
    "kpi_figure",
    "pareto_figure",
    "xmr_figure",
]
