"""The chart card's worker-side drawing: pixels at the card's size, text as the GUI draws it."""

from __future__ import annotations

import matplotlib
from PySide6.QtCore import QSize

from kaizen.charts import pareto_figure
from kaizen.ui.charts.chart_widget import chart_dpi, prerender


def test_prerender_lays_out_and_renders_at_the_card_size(qapp):
    fig = pareto_figure([("Waiting", 5_000.0), ("Overproduction", 3_000.0)], currency="EUR")
    rendered = prerender(fig, QSize(460, 300), 1.0)
    assert rendered is not None
    assert rendered.base_dpi == chart_dpi(460, 300)
    assert (rendered.renderer.width, rendered.renderer.height) == (460, 300)
    # The text setting every chart of the app is drawn with, worker and GUI thread alike.
    assert matplotlib.rcParams["text.hinting"] == "no_hinting"
    # Laid out: the plot moved off matplotlib's default margins to fit its labels.
    ax = fig.axes[0]
    assert ax.get_position().x0 != 0.125
    assert prerender(fig, QSize(40, 300), 1.0) is None
