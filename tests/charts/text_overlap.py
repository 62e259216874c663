"""What a figure's drawn texts do to each other (issue 16): pairs whose boxes cross and texts
running past the figure's edge, measured by the renderer after a draw
(``Text.get_window_extent``), at the size and dpi a canvas shows the chart at."""

from __future__ import annotations

from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from kaizen.charts.style import display_dpi

TOLERANCE = 1.0  # px: antialiasing and rounding


def drawn_on_screen(fig: Figure, width: int, height: int) -> Any:
    """Draw ``fig`` as a canvas of ``width`` x ``height`` logical px shows it (the app's dpi
    rule); returns the renderer."""
    dpi = display_dpi(width, height)
    fig.set_dpi(dpi)
    fig.set_size_inches(width / dpi, height / dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def problems_on_screen(fig: Figure, width: int, height: int, hinting: str) -> list[str]:
    """:func:`text_problems` of ``fig`` drawn as a canvas shows it, with the fonts' hinting
    the app uses ("no_hinting", kaizen/ui/charts/chart_widget.py ``screen_text``) or
    matplotlib's ("default", a PDF or a PNG written outside the app): text widths differ."""
    with matplotlib.rc_context({"text.hinting": hinting}):
        return text_problems(fig, drawn_on_screen(fig, width, height))


def drawn_texts(fig: Figure) -> list[Text]:
    """Every text the draw showed: the figure's, the legends', and per Axes its titles, axis
    labels, texts and the tick labels of the ticks in view (not the spare ones an axis keeps)."""
    found: list[Text] = [*fig.texts]
    if fig._suptitle is not None:
        found.append(fig._suptitle)
    for legend in fig.legends:
        found += legend.get_texts()
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        found += [ax.title, ax._left_title, ax._right_title, *ax.texts]
        if ax.get_legend() is not None:
            found += ax.get_legend().get_texts()
        if not ax.axison:
            continue
        for axis in (ax.xaxis, ax.yaxis):
            if not axis.get_visible():
                continue
            found += [axis.label, axis.offsetText]
            for tick in axis._update_ticks():
                found += [tick.label1, tick.label2]
    seen: set[int] = set()
    texts = []
    for text in found:
        if id(text) in seen or not text.get_visible() or not text.get_text().strip():
            continue
        seen.add(id(text))
        texts.append(text)
    return texts


def text_problems(fig: Figure, renderer: Any) -> list[str]:
    """One line per pair of drawn texts that overlap and per text outside the figure."""
    boxes = [(t, t.get_window_extent(renderer)) for t in drawn_texts(fig)]
    width, height = fig.bbox.width, fig.bbox.height
    found = []
    for text, box in boxes:
        if (box.x0 < -TOLERANCE or box.y0 < -TOLERANCE or box.x1 > width + TOLERANCE
                or box.y1 > height + TOLERANCE):
            found.append(f"{text.get_text()!r} runs past the figure ({box.bounds}, "
                         f"figure {width:.0f} x {height:.0f})")
    for i, (first, a) in enumerate(boxes):
        for second, b in boxes[i + 1:]:
            if (a.x0 < b.x1 - TOLERANCE and b.x0 < a.x1 - TOLERANCE
                    and a.y0 < b.y1 - TOLERANCE and b.y0 < a.y1 - TOLERANCE):
                found.append(f"{first.get_text()!r} overlaps {second.get_text()!r}")
    return found
