"""Bars drawn in one call (kaizen/charts/bars.py, issue 21): a run of plain bars goes to Agg as
one path collection, with the pixels each bar draws alone. Every chart is drawn both ways and
each pixel compared; bars a collection would draw differently (an edge, alpha, hatching) still
draw themselves."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from kaizen.charts import bars, style
from tests.charts.test_chart_ticks import CHARTS, _pixels


@pytest.fixture
def runs(monkeypatch) -> list[int]:
    """The length of each BarRun drawn."""
    drawn: list[int] = []
    original = bars.BarRun.draw

    def draw(self, renderer):
        drawn.append(len(self.bars))
        original(self, renderer)

    monkeypatch.setattr(bars.BarRun, "draw", draw)
    return drawn


@pytest.mark.parametrize("name", sorted(CHARTS))
@pytest.mark.parametrize(("size", "dpi"), [((460, 300), 70.0), ((1200, 600), 130.0),
                                           ((433, 240), 96.0)])
def test_bars_in_one_call_draw_what_each_bar_draws(monkeypatch, runs, name, size, dpi):
    ours = _pixels(CHARTS[name], size, dpi)
    monkeypatch.setattr(style, "drawn_in_runs", lambda artists: artists)
    theirs = _pixels(CHARTS[name], size, dpi)
    assert np.array_equal(ours, theirs), f"{name}: {(ours != theirs).any(axis=2).mean():.3%}"


def test_the_savings_bars_are_one_run(runs):
    _pixels(CHARTS["savings"])
    assert runs == [36, 36]  # three kinds of twelve months, in one run at each of two draws


def _bar_figure(**bar_kw):
    def build():
        fig, (ax,) = style.new_figure()
        ax.bar(range(6), [3, 5, 2, 6, 4, 1], color=["#0f766e", "#cfd4dc"] * 3, **bar_kw)
        ax.bar(range(6), [1, 1, 1, 1, 1, 1], bottom=[3, 5, 2, 6, 4, 1], color="#ddaa33")
        return fig
    return build


@pytest.mark.parametrize("bar_kw", [{}, {"edgecolor": "black", "linewidth": 1.5},
                                    {"alpha": 0.5}, {"hatch": "//"}])
def test_bars_a_collection_would_draw_otherwise_draw_themselves(monkeypatch, runs, bar_kw):
    build = _bar_figure(**bar_kw)
    ours = _pixels(build)
    # Each of two draws: all twelve in one run, or only the plain second row when styled.
    assert runs == ([12, 12] if not bar_kw else [6, 6])
    monkeypatch.setattr(style, "drawn_in_runs", lambda artists: artists)
    assert np.array_equal(ours, _pixels(build))


def test_the_bars_stay_the_axes_own():
    fig = CHARTS["savings"]()
    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    assert len(ax.patches) == 36 and not any(isinstance(c, bars.BarRun)
                                             for c in ax.get_children())
