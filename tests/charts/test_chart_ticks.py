"""The charts' x and y axes (kaizen/charts/ticks.py, issue 21): ticks placed and measured once per
pass, made only when asked for, not copied from the first tick. They must draw exactly what
matplotlib's own XAxis/YAxis draw: each chart is drawn twice, with our axes and with
matplotlib's (``ChartAxes._init_axis`` swapped back to ``Axes._init_axis``), and every pixel
compared. The reference is matplotlib itself (Axis.draw, Axis.get_tightbbox, Axis._copy_tick_props
in matplotlib 3.11's axis.py)."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg

from kaizen.charts import (
    before_after_figure,
    cumulative_savings_figure,
    pareto_figure,
    style,
    xmr_figure,
)
from kaizen.charts.ticks import OncePerPass
from kaizen.domain.enums import MetricDirection

BEFORE = [14.1, 15.3, 13.8, 16.0, 15.1, 14.7, 15.5, 14.9]
AFTER = [11.2, 12.0, 10.9, 11.8, 12.4, 11.5]
WASTES = [("Waiting", 512_000.0), ("Motion", 301_000.0), ("Defects", 220_000.0),
          ("Overproduction", 90_000.0), ("Over-processing", 60_000.0), ("Inventory", 40_000.0),
          ("Transport", 20_000.0), ("Unused talent", 9_000.0)]

CHARTS = {
    "pareto": lambda: pareto_figure(WASTES, currency="EUR"),
    "pareto_slanted": lambda: pareto_figure(
        WASTES + [(f"Other {i}", 1_000.0 * i) for i in range(1, 5)], currency="EUR"),
    "savings": lambda: cumulative_savings_figure(
        [f"2026-{m:02d}" for m in range(1, 13)],
        {"Hard": [1000.0 * i for i in range(12)], "Soft": [400.0] * 12,
         "Avoidance": [0.0] * 12}, [1500.0] * 12, currency="EUR"),
    "before_after": lambda: before_after_figure(
        BEFORE, AFTER, metric_name="Cycle time", unit="min",
        direction=MetricDirection.LOWER_IS_BETTER),
    "xmr": lambda: xmr_figure(BEFORE + AFTER, len(BEFORE), metric_name="Cycle time",
                              unit="min"),
}


def _pixels(build, size=(460, 300), dpi=70.0) -> np.ndarray:
    fig = build()
    fig.set_dpi(dpi)
    fig.set_size_inches(size[0] / dpi, size[1] / dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    canvas.draw()  # a redraw too: each pass starts afresh
    return np.asarray(canvas.buffer_rgba()).copy()


@pytest.mark.parametrize("name", sorted(CHARTS))
@pytest.mark.parametrize(("size", "dpi"), [((460, 300), 70.0), ((1200, 600), 130.0)])
def test_our_axes_draw_what_matplotlibs_draw(monkeypatch, name, size, dpi):
    ours = _pixels(CHARTS[name], size, dpi)
    fig = CHARTS[name]()
    assert all(isinstance(axis, OncePerPass) for ax in fig.axes
               for axis in (ax.xaxis, ax.yaxis))
    monkeypatch.setattr(style.ChartAxes, "_init_axis", Axes._init_axis)
    theirs = _pixels(CHARTS[name], size, dpi)
    assert not isinstance(CHARTS[name]().axes[0].xaxis, OncePerPass)  # the swap took
    assert ours.shape == theirs.shape
    assert np.array_equal(ours, theirs), f"{name}: {(ours != theirs).any(axis=2).mean():.3%}"


def test_ticks_are_made_only_when_asked_for():
    fig = CHARTS["pareto"]()
    FigureCanvasAgg(fig).draw()
    ax, twin = fig.axes
    # The twin's hidden x axis draws nothing, so it never made a tick.
    assert "majorTicks" not in vars(twin.xaxis) and "minorTicks" not in vars(twin.xaxis)
    # One tick per category, each with its label.
    assert [t.label1.get_text() for t in ax.xaxis.majorTicks][:2] == ["Waiting", "Motion"]
    assert len(ax.xaxis.majorTicks) == len(WASTES)


def test_a_pass_does_not_outlive_its_call():
    fig = CHARTS["savings"]()
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    ax = fig.axes[0]
    assert ax.yaxis._pass is None and ax.xaxis._pass is None
    # The axis moved since: the next measurement sees the new ticks, not the last pass's.
    before = [t.label1.get_text() for t in ax.yaxis._update_ticks()]
    ax.set_ylim(0, 10)
    after = [t.label1.get_text() for t in ax.yaxis._update_ticks()]
    assert before != after and after[-1] == "10"


def test_bars_are_clipped_as_matplotlib_clips_them():
    """ChartAxes.add_patch gives every bar one shared clip box; bars running past the Axes
    (above the y limit, left of the x limit) must be cut exactly where matplotlib's own
    Axes.add_patch (Artist.set_clip_path per patch) cuts them."""
    from matplotlib.figure import Figure

    def drawn(axes_class) -> np.ndarray:
        fig = Figure(figsize=(4, 3), dpi=80)
        ax = fig.add_subplot(1, 1, 1, axes_class=axes_class)
        bars = ax.bar([0, 1, 2, 3], [5.0, 12.0, 3.0, 20.0], width=0.9, color="#0f766e")
        ax.bar([0, 1, 2, 3], [2.0, 2.0, 9.0, 2.0], bottom=[5.0, 12.0, 3.0, 20.0])
        ax.set_ylim(0, 10)
        ax.set_xlim(0.2, 2.6)
        assert all(bar.clipbox is not None for bar in bars)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        return np.asarray(canvas.buffer_rgba()).copy()

    ours, theirs = drawn(style.ChartAxes), drawn(Axes)
    assert np.array_equal(ours, theirs)
    # Bars past the limits were really drawn and cut: the top row of the Axes is coloured.
    assert (ours[30:40, :, :3] != 255).any()


def test_each_axis_makes_one_tick_and_copies_the_rest(monkeypatch):
    """A tick is made once per axis and kind (Tick.__init__: three Line2D, two Text) and the
    others copied from it; a minor tick is never made only because a spine read the list."""
    from matplotlib.axis import Tick

    made: list[str] = []
    original = Tick.__init__

    def counting(self, *args, **kwargs):
        made.append(type(self).__name__)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Tick, "__init__", counting)
    fig = CHARTS["savings"]()
    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    assert len(ax.xaxis.majorTicks) == 12 and len(ax.yaxis.majorTicks) > 3
    assert sorted(made) == ["ChartXTick", "ChartYTick"]
    assert ax.xaxis.minorTicks == [] and ax.yaxis.minorTicks == []


def test_copied_ticks_are_their_own():
    """A copied tick shares nothing that is changed in place: one tick's label or line set by
    hand leaves the others as they were, and tick settings given later reach every tick, the
    ones made after them too."""
    fig = CHARTS["savings"]()
    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    first, second = ax.yaxis.majorTicks[:2]
    assert first.label1 is not second.label1
    size = second.label1.get_fontsize()
    first.label1.set_fontsize(size + 5)
    first.label1.set_color("red")
    first.gridline.set_color("blue")
    assert second.label1.get_fontsize() == size
    assert second.label1.get_color() != "red" and second.gridline.get_color() != "blue"
    called = []
    second.label1.add_callback(lambda artist: called.append(artist))
    first.label1.set_text("changed")
    assert called == [] and second.label1.get_text() != "changed"

    ax.tick_params(axis="y", labelsize=15, labelcolor="green")
    made_later = ax.yaxis.get_major_ticks(len(ax.yaxis.majorTicks) + 2)[-1]
    for tick in (first, second, made_later):
        assert tick.label1.get_fontsize() == 15 and tick.label1.get_color() == "green"
    # The later keywords made a new model: the ticks made before were not its copies.
    assert made_later.label1._fontproperties is not first.label1._fontproperties


def test_a_reset_axis_makes_its_ticks_afresh(monkeypatch):
    """A spine moved after a draw (reset_ticks) places the new ticks where matplotlib's own
    axis places them: they are made afresh, not copied from the model made before."""
    def moved():
        fig = CHARTS["savings"]()
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        fig.axes[0].spines["left"].set_position(("outward", 12))
        canvas.draw()
        return np.asarray(canvas.buffer_rgba()).copy()

    ours = moved()
    monkeypatch.setattr(style.ChartAxes, "_init_axis", Axes._init_axis)
    assert np.array_equal(ours, moved())
