"""The screen charts' text cache (issue 21): the same pixels as matplotlib's own Agg drawing,
each string rasterised once per process."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PySide6.QtCore import QSize

from kaizen.charts import cumulative_savings_figure, pareto_figure
from kaizen.ui.charts import text_cache
from kaizen.ui.charts.chart_widget import prerender, screen_text

CATEGORIES = [("Waiting", 512_000.0), ("Motion", 301_000.0), ("Defects", 220_000.0),
              ("Over-processing", 60_000.0)]


def _pareto():
    return pareto_figure(CATEGORIES, currency="EUR")


def _savings():
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    return cumulative_savings_figure(months, {"Hard": [1000.0] * 12, "Soft": [500.0] * 12},
                                     [1200.0] * 12, currency="EUR")


def _pixels(build, cached: bool) -> np.ndarray:
    """The chart at 460 x 300 through the cache (prerender) or through matplotlib's Agg."""
    screen_text()
    fig = build()
    rendered = prerender(fig, QSize(460, 300), 1.0)
    assert rendered is not None
    if cached:
        return np.asarray(rendered.renderer.buffer_rgba()).copy()
    plain = FigureCanvasAgg(fig)  # same figure, same size and dpi, matplotlib's own renderer
    plain.draw()
    return np.asarray(plain.buffer_rgba()).copy()


def test_cached_text_draws_what_matplotlib_draws(qapp):
    # Reference: matplotlib's RendererAgg on the same figure. Text lands on whole pixels here
    # (under half a pixel from matplotlib's place), so only glyph edges may differ.
    for build in (_pareto, _savings):
        text_cache.clear()
        ours, theirs = _pixels(build, True), _pixels(build, False)
        assert ours.shape == theirs.shape
        differs = (np.abs(ours.astype(int) - theirs.astype(int)).max(axis=2) > 40).mean()
        # Glyph edges only: 4% at most (3.3% for the Pareto since chart text is at least 9 pt
        # on screen, issue 16: bigger letters, more edge pixels); a wrong glyph or place is more.
        assert differs < 0.04, f"{build.__name__}: {differs:.1%} of the pixels differ"
        # Text was drawn at all: the chart is not blank where the title is.
        title_band = ours[5:25, 5:200, :3]
        assert (title_band < 100).any()


def test_each_string_is_rasterised_once(qapp):
    text_cache.clear()
    _pixels(_pareto, True)
    first = dict(text_cache.stats)
    assert first["mask_misses"] > 10 and first["metric_misses"] > 10
    _pixels(_pareto, True)
    second = dict(text_cache.stats)
    assert second["mask_misses"] == first["mask_misses"]  # nothing new to rasterise
    assert second["metric_misses"] == first["metric_misses"]
    assert second["mask_hits"] > first["mask_hits"]
    # The font's line height: read once per font and size, not for every text.
    assert 0 < first["height_misses"] < first["height_hits"]
    assert second["height_misses"] == first["height_misses"]


def test_cached_line_height_is_matplotlibs(qapp):
    """The cached line height lays text out exactly where matplotlib's own reading of the
    font's tables does: every text's box the same, to the pixel's millionth."""
    from matplotlib.text import Text

    screen_text()
    fig = _pareto()
    rendered = prerender(fig, QSize(460, 300), 1.0)
    assert rendered is not None
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
    assert len(texts) > 10
    ours = [t.get_window_extent(rendered.renderer).bounds for t in texts]
    plain = FigureCanvasAgg(fig)
    plain.draw()
    theirs = [t.get_window_extent(plain.get_renderer()).bounds for t in texts]
    assert ours == [pytest.approx(b, abs=1e-6) for b in theirs]


def test_a_redraw_from_the_cache_gives_the_same_pixels(qapp):
    text_cache.clear()
    cold = _pixels(_savings, True)
    warm = _pixels(_savings, True)
    assert np.array_equal(cold, warm)
