"""A one-pass margin layout for the charts: what constrained layout does for our simple grids,
at a fraction of its cost.

Matplotlib's constrained layout measures every Axes' decorations (tick labels, axis labels,
titles) twice per draw and solves a general grid of constraints; with the text shaping of
matplotlib 3.11 that was 30 to 150 ms of a chart's 100 to 300 ms. Our figures are a single
gridspec (one Axes, an Axes with its twin, or panels stacked under a shared x axis) under a
figure title, so the margins follow from one measurement: each Axes' tight box against its own
position gives how far its decorations reach out on every side; the grid is then placed so that
the largest reach on each side fits inside the figure (or the ``rect`` given, as the PDF preview
does), with ``w_pad``/``h_pad`` inches around it, and the rows are spaced by what the row above
hangs below it plus what the row below holds above it.

Only the Axes' own decorations are measured, not the artists drawn inside it (see
:func:`_decorations`). The measurement is made at the Axes' current place. Locators with a fixed
number of bins (all our value axes but the control chart's) give the same labels wherever the
Axes is; an automatic one may add or drop a tick when the Axes grows, which moves its widest
label by a character at most, so the layout keeps ``slack`` points spare on each side. The
text metrics it measures stay in the renderer's cache for the draw that follows.

Text that depends on the room the canvas gives (issue 16: a chart is 433 px wide on the
dashboard at 1280 px, 1,200 px on a large What-if page) is fitted here, at each draw, as the
room is only known then: texts marked with :func:`wrapping` are wrapped by words to their
width (a subtitle to the figure's, a panel's heading to its column's) before the rows are
placed once more; a figure's ``HEADER`` texts are stacked under its title and its ``FOOTER``
legends at its foot; a y label marked with :func:`shortening` gives way to its short form when
it is longer than its Axes is tall.
"""

from __future__ import annotations

import textwrap
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import LayoutEngine
from matplotlib.text import Text
from matplotlib.transforms import Bbox


class MarginLayout(LayoutEngine):
    """Place one gridspec's Axes so their decorations fit the figure; see the module notes.

    ``h_pad``/``w_pad`` are inches kept around the decorations, ``hspace``/``wspace`` the least
    gap between rows/columns as a fraction of the figure, ``rect`` (left, bottom, width,
    height in figure fractions) the part of the figure to lay out in. The same keywords as
    :class:`matplotlib.layout_engine.ConstrainedLayoutEngine`, so code that tunes one (the PDF
    preview sets ``rect``) works with the other.
    """

    _adjust_compatible = True
    _colorbar_gridspec = True

    def __init__(self, *, h_pad: float = 0.04, w_pad: float = 0.04, hspace: float = 0.02,
                 wspace: float = 0.02, rect: tuple[float, float, float, float] = (0, 0, 1, 1),
                 slack: float = 1.5, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._params = {"h_pad": h_pad, "w_pad": w_pad, "hspace": hspace, "wspace": wspace,
                        "rect": tuple(rect), "slack": slack}

    def set(self, *, h_pad: float | None = None, w_pad: float | None = None,
            hspace: float | None = None, wspace: float | None = None,
            rect: tuple[float, float, float, float] | None = None,
            slack: float | None = None) -> None:
        given = {"h_pad": h_pad, "w_pad": w_pad, "hspace": hspace, "wspace": wspace,
                 "rect": tuple(rect) if rect is not None else None, "slack": slack}
        self._params.update({k: v for k, v in given.items() if v is not None})

    def execute(self, fig: Figure) -> None:
        axes = [ax for ax in fig.axes if ax.get_subplotspec() is not None and ax.get_visible()]
        if not axes:
            return
        grid = axes[0].get_subplotspec().get_topmost_subplotspec().get_gridspec()
        nrows, ncols = grid.get_geometry()
        renderer = fig._get_renderer()
        fig_w, fig_h = fig.bbox.width, fig.bbox.height
        p = self._params
        left, bottom, width, height = p["rect"]
        right, top = left + width, bottom + height
        w_pad = p["w_pad"] * fig.dpi / fig_w
        h_pad = p["h_pad"] * fig.dpi / fig_h
        slack_x = p["slack"] * fig.dpi / 72 / fig_w
        slack_y = p["slack"] * fig.dpi / 72 / fig_h

        title = fig._suptitle
        if title is not None and title.get_in_layout() and title.get_visible():
            if getattr(title, "_autopos", False):
                title.set_y(top - h_pad)
            top -= title.get_window_extent(renderer).height / fig_h + 2 * h_pad
        # Texts stacked under the title (a subtitle), each wrapped to the figure's width.
        for text in getattr(fig, HEADER, ()):
            if not (text.get_visible() and text.get_text()):
                continue
            wrap_text(text, (right - text.get_position()[0]) * fig_w - 2 * p["w_pad"] * fig.dpi,
                      renderer)
            text.set_y(top)
            top -= text.get_window_extent(renderer).height / fig_h + 2 * h_pad
        # Artists at the foot (a legend for every panel), bottom up.
        for legend in getattr(fig, FOOTER, ()):
            legend.set_bbox_to_anchor((0.5, bottom + h_pad), transform=fig.transFigure)
            bottom += legend.get_window_extent(renderer).height / fig_h + h_pad

        # Each Axes' decorations are measured once; its titles again after wrapping.
        ours = [ax for ax in axes
                if ax.get_subplotspec().get_topmost_subplotspec().get_gridspec() is grid]
        decorations = {ax: _decorations(ax, renderer) for ax in ours}
        titles = {ax: _titles(ax, renderer) for ax in ours}

        def place() -> tuple[float, float, float, float, float, float, float, float]:
            # How far each row's and column's decorations reach beyond its Axes, in fractions.
            above, below = [0.0] * nrows, [0.0] * nrows
            before, after = [0.0] * ncols, [0.0] * ncols
            for ax in ours:  # the others (an inset, a second grid) are left where they are
                spec = ax.get_subplotspec().get_topmost_subplotspec()
                box = ax.get_position(original=True)
                tight = Bbox.union([decorations[ax], *titles[ax]]).transformed(
                    fig.transFigure.inverted())
                rows, cols = spec.rowspan, spec.colspan
                above[rows.start] = max(above[rows.start], tight.y1 - box.y1)
                below[rows.stop - 1] = max(below[rows.stop - 1], box.y0 - tight.y0)
                before[cols.start] = max(before[cols.start], box.x0 - tight.x0)
                after[cols.stop - 1] = max(after[cols.stop - 1], tight.x1 - box.x1)

            g_left = left + w_pad + before[0] + slack_x
            g_right = right - w_pad - after[-1] - slack_x
            g_top = top - h_pad - above[0] - slack_y
            g_bottom = bottom + h_pad + below[-1] + slack_y
            row_gap = max([p["hspace"]] + [below[i] + above[i + 1] + 2 * h_pad + slack_y
                                           for i in range(nrows - 1)])
            col_gap = max([p["wspace"]] + [after[i] + before[i + 1] + 2 * w_pad + slack_x
                                           for i in range(ncols - 1)])
            # Never inverted, however little room: a tiny canvas shows a squeezed chart.
            g_right = max(g_right, g_left + 0.05)
            g_top = max(g_top, g_bottom + 0.05)
            # GridSpec gaps are fractions of the average cell, not of the figure.
            cell_h = (g_top - g_bottom - (nrows - 1) * row_gap) / nrows
            cell_w = (g_right - g_left - (ncols - 1) * col_gap) / ncols
            return g_left, g_right, g_top, g_bottom, row_gap, col_gap, cell_h, cell_w

        g_left, g_right, g_top, g_bottom, row_gap, col_gap, cell_h, cell_w = place()
        # Titles marked for wrapping take the width the placed grid gives them (a centred one
        # its column's, a left one the rest of the figure); wrapped lines change the height
        # they need above their Axes, so the grid is placed once more.
        wrapped = False
        for ax in ours:
            spec = ax.get_subplotspec()
            x0 = g_left + spec.colspan.start * (cell_w + col_gap)
            width = cell_w * len(spec.colspan) + col_gap * (len(spec.colspan) - 1)
            changed = wrap_text(ax.title, width * fig_w, renderer)
            changed |= wrap_text(ax._left_title, (right - x0) * fig_w - p["w_pad"] * fig.dpi,
                                 renderer)
            if changed:
                titles[ax] = _titles(ax, renderer)
                wrapped = True
        if wrapped:
            g_left, g_right, g_top, g_bottom, row_gap, col_gap, cell_h, cell_w = place()
        grid.update(
            left=g_left, right=g_right, bottom=g_bottom, top=g_top,
            hspace=row_gap / cell_h if nrows > 1 and cell_h > 0 else 0.0,
            wspace=col_gap / cell_w if ncols > 1 and cell_w > 0 else 0.0,
        )
        # GridSpec.update moves the Axes of pyplot's figures only; ours are placed here, as
        # constrained layout places them.
        for ax in axes:
            spec = ax.get_subplotspec()
            if spec.get_topmost_subplotspec().get_gridspec() is grid:
                ax._set_position(spec.get_position(fig))
        # A value axis' label longer than its Axes is tall gives way to its short form (the
        # German "Kumulierte Einsparungen (EUR)" ran off a 240 px dashboard chart, issue 16).
        for ax in axes:
            label = ax.yaxis.label
            if getattr(label, _SHORT, None) is None:
                continue
            label.set_text(getattr(label, _LONG))  # the canvas may have grown since
            if label.get_window_extent(renderer).height > ax.get_position().height * fig_h:
                label.set_text(getattr(label, _SHORT))


# Attributes a chart sets on its figure: texts stacked under the title, artists at the foot.
HEADER = "kaizen_header"
FOOTER = "kaizen_footer"
# Set on a Text (by :func:`wrapping`): its text as written, wrapped by the layout at each draw.
_WRAP = "_kaizen_wrap"


def wrapping(text: Text) -> Text:
    """Mark ``text`` to be wrapped by the layout to the width it is given at each draw: the
    figure's width on screen is only known then (a small canvas, a long German subtitle)."""
    setattr(text, _WRAP, text.get_text())
    return text


_SHORT, _LONG = "_kaizen_short", "_kaizen_long"


def shortening(label: Text, short: str) -> Text:
    """Let a y axis' ``label`` be shown as ``short`` when it is longer than its Axes is tall."""
    setattr(label, _LONG, label.get_text())
    setattr(label, _SHORT, short)
    return label


def wrap_text(text: Text, width_px: float, renderer: Any) -> bool:
    """Re-wrap a marked ``text`` by words to ``width_px``; True when its lines changed."""
    source = getattr(text, _WRAP, None)
    if source is None or not text.get_visible():
        return False
    props = text.get_fontproperties()

    def width(line: str) -> float:
        return renderer.get_text_width_height_descent(line, props, ismath=False)[0]

    lines = []
    for paragraph in source.split("\n"):
        whole = width(paragraph)
        if whole <= width_px:
            lines.append(paragraph)
            continue
        # Lines of about as many characters as fit, fewer until each does: two or three
        # measurements where measuring word by word took one a word.
        chars = max(1, int(len(paragraph) * width_px / whole))
        while True:
            parts = textwrap.wrap(paragraph, chars, break_long_words=False) or [paragraph]
            if chars == 1 or all(width(part) <= width_px for part in parts):
                break
            chars -= 1
        lines += parts
    wrapped = "\n".join(lines)
    if wrapped == text.get_text():
        return False
    text.set_text(wrapped)
    return True


def _decorations(ax: Axes, renderer: Any) -> Bbox:
    """The box of ``ax`` with its axes' ticks and labels, in pixels.

    What ``Axes.get_tightbbox(for_layout_only=True)`` measures, less the artists inside the
    Axes (bars, lines, notes, the legend): ours stay within the data limits or the axes box, and
    measuring each of them was a quarter of the layout's time. As there, an axis label counts
    by its middle along the axis it runs with, so a long one does not widen the margins.
    """
    boxes = [ax.get_window_extent(renderer)]
    if ax.axison:
        for axis in (ax.xaxis, ax.yaxis):
            if axis.get_visible():
                box = axis.get_tightbbox(renderer, for_layout_only=True)
                if box is not None and box.width >= 0 and box.height >= 0:
                    boxes.append(box)
    return Bbox.union(boxes)


def _titles(ax: Axes, renderer: Any) -> list[Bbox]:
    """The boxes of the titles of ``ax``, each by its middle across (as for an axis label)."""
    boxes = []
    for title in (ax.title, ax._left_title, ax._right_title):
        if title.get_visible() and title.get_text():
            box = title.get_window_extent(renderer)
            middle = (box.x0 + box.x1) / 2
            boxes.append(Bbox([[middle - 0.5, box.y0], [middle + 0.5, box.y1]]))
    return boxes
