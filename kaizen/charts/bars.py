"""Bars drawn in one call: a run of plain rectangles (``Axes.bar``'s) as one path collection.

Each bar of an Axes is a Rectangle drawn on its own: a graphics context set up property by
property, its transform composed, then Agg's ``draw_path``; the savings chart's 39 bars were a
seventh of its CPU (issue 21). :func:`drawn_in_runs` gives an Axes' children to draw with each
run of neighbouring bars (in drawing order) that look alike in all but their colour replaced by
one :class:`BarRun`, which hands them to Agg's ``draw_path_collection`` with the very paths,
transforms, colours and clip each would have drawn with: the same pixels (the bars stay the
Axes' own artists, for the legend, the data limits and whoever reads ``ax.patches``).

A bar with anything a collection draws differently is left to draw itself: a visible edge (its
stroke would snap by its width), hatching, alpha, path effects, a sketch, a filter, a clip
path, rasterisation, a url or gid.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.patches import Rectangle
from matplotlib.transforms import IdentityTransform

MIN_RUN = 3  # fewer bars than this draw themselves: a collection's set-up costs as much


def _plain(bar: Any) -> bool:
    """True for a bar a collection draws exactly as it draws itself."""
    return (type(bar) is Rectangle and bar.get_visible() and bar._edgecolor[3] == 0
            and not bar._hatch and bar._alpha is None and not bar.get_path_effects()
            and bar.get_sketch_params() is None and bar.get_agg_filter() is None
            and bar._clippath is None and not bar.get_rasterized()
            and bar.get_url() is None and bar.get_gid() is None and bar.get_snap() is None
            and bar.get_angle() == 0)


def _alike(a: Any, b: Any) -> bool:
    return (a.zorder == b.zorder and a.clipbox is b.clipbox and a._clipon == b._clipon
            and a._antialiased == b._antialiased)


class BarRun(Artist):
    """Neighbouring plain bars of one Axes, drawn with one ``draw_path_collection``."""

    def __init__(self, bars: list[Any]) -> None:
        super().__init__()
        self.bars = bars
        self.zorder = bars[0].zorder

    def draw(self, renderer: Any) -> None:
        paths, matrices = [], []
        for bar in self.bars:
            # What Patch.draw hands draw_path: the path and the affine part of its transform.
            transform = bar.get_transform()
            paths.append(transform.transform_path_non_affine(bar.get_path()))
            matrices.append(transform.get_affine().get_matrix())
        first = self.bars[0]
        gc = renderer.new_gc()
        gc.set_linewidth(0)  # every edge is invisible (_plain): Patch.draw strokes nothing
        gc.set_antialiased(first._antialiased)
        first._set_gc_clip(gc)
        gc.set_snap(None)
        faces = np.array([bar._facecolor for bar in self.bars])
        faces[faces[:, 3] == 0] = 0  # a fully transparent face: Patch.draw fills nothing
        renderer.draw_path_collection(
            gc, IdentityTransform(), paths, np.array(matrices), np.zeros((0, 2)),
            IdentityTransform(), faces, np.zeros((0, 4)), [0.0], [(0, None)],
            [first._antialiased], [None], "screen")
        gc.restore()
        for bar in self.bars:
            bar.stale = False
        self.stale = False


def drawn_in_runs(artists: list[Any]) -> list[Any]:
    """``artists`` (an Axes' children to draw, sorted by zorder) with each run of at least
    MIN_RUN neighbouring plain, alike bars replaced by one BarRun in its place."""
    out: list[Any] = []
    run: list[Any] = []

    def close() -> None:
        if len(run) >= MIN_RUN:
            out.append(BarRun(list(run)))
        else:
            out.extend(run)
        run.clear()

    for artist in artists:
        if _plain(artist) and (not run or _alike(run[0], artist)):
            run.append(artist)
            continue
        close()
        if _plain(artist):
            run.append(artist)
        else:
            out.append(artist)
    close()
    return out
