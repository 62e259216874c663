"""The look shared by every chart: palette, sizes, titles, empty state and number formats.

Colours follow the app's calm light theme (teal accent #0f766e, slate text) and stay apart for
colour-blind readers: teal against slate differs in lightness, the accents (vermillion for
signals, sand for avoidance) come from the Okabe-Ito and Tol palettes.

Everything is set on the figure and axes themselves, never through global rcParams or pyplot,
so drawing a chart changes nothing for the rest of the application. (The one process-wide
setting is the app's, not these functions': its chart canvas draws text without font hinting,
see ``screen_text`` in kaizen/ui/charts/chart_widget.py; vector PDFs are not affected.)
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.dates import ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator, ScalarFormatter
from matplotlib.transforms import Bbox, TransformedBbox

from kaizen.charts.bars import drawn_in_runs
from kaizen.charts.layout import MarginLayout, shortening, wrapping
from kaizen.charts.ticks import ChartXAxis, ChartYAxis

# Re-exported: the chart modules write numbers through this module.
from kaizen.domain.months import MONTHS, month_name
from kaizen.domain.numbers import format_measure as format_measure
from kaizen.domain.numbers import format_money as format_money
from kaizen.domain.numbers import format_number
from kaizen.i18n import (
    QT_TRANSLATE_NOOP,
    SOURCE_LANGUAGE,
    current_language,
    locale_name,
    translate,
)

# 800 x 450 px on screen at 100 dpi; the same 8 x 4.5 in fits an A4 page's text width scaled.
FIGSIZE = (8.0, 4.5)
DPI = 100

TEXT = "#101828"
MUTED = "#475467"
FAINT = "#98a2b3"
GRID = "#e4e7ec"
BACKGROUND = "#ffffff"

BEFORE = "#667085"
AFTER = "#0f766e"
SIGNAL = "#d55e00"
LIMIT = "#344054"

TEAL = "#0f766e"
TEAL_LIGHT = "#99c9c4"
SLATE_LIGHT = "#cfd4dc"
LINE_DARK = "#134e4a"

KIND_COLOURS = {
    "hard": "#0f766e",
    "soft": "#6fb8ae",
    "avoidance": "#ddaa33",
}
FORECAST = "#344054"

# Every chart's text, in points at the design size (FIGSIZE): the one place text is sized
# (issue 16). On screen the figure's dpi follows its canvas (display_dpi), so the text keeps
# its share of the chart as the window grows or shrinks, and never goes below MIN_TEXT_PT.
TITLE_SIZE = 13
SUBTITLE_SIZE = 10
LABEL_SIZE = 10
TICK_SIZE = 9
NOTE_SIZE = 9
EMPTY_SIZE = 13
TEXT_SIZES = (TITLE_SIZE, SUBTITLE_SIZE, LABEL_SIZE, TICK_SIZE, NOTE_SIZE, EMPTY_SIZE)
MIN_TEXT_PT = 9.0  # the smallest chart text, in points as the screen shows them
SCREEN_DPI = 96.0  # Qt's logical dpi: a point on screen is 96/72 logical pixels
# The largest dpi a chart is shown at: twice the design, about a 1,600 px wide canvas.
MAX_DISPLAY_DPI = 2 * DPI


def display_dpi(width_px: float, height_px: float | None = None) -> float:
    """The dpi to show a figure designed at FIGSIZE in ``width_px`` x ``height_px`` logical
    pixels: the figure fills the canvas at that dpi, so every text (sized in points) scales with
    the chart. Floored so the smallest text is MIN_TEXT_PT on screen; capped at
    MAX_DISPLAY_DPI."""
    fit = width_px / FIGSIZE[0]
    if height_px is not None and height_px > 0:
        fit = min(fit, height_px / FIGSIZE[1])
    floor = SCREEN_DPI * MIN_TEXT_PT / min(TEXT_SIZES)
    return max(floor, min(MAX_DISPLAY_DPI, fit))


def screen_points(size_pt: float, dpi: float) -> float:
    """A text of ``size_pt`` points drawn at ``dpi``, in points as the screen shows them."""
    return size_pt * dpi / SCREEN_DPI

NO_DATA = QT_TRANSLATE_NOOP("charts.style", "No data yet")  # translated by empty_figure


class ChartFigure(Figure):
    """A chart's figure: every text in it is drawn literally, as typed.

    matplotlib reads text between two ``$`` as TeX math, so a metric called "Price $$" or an
    idea "Save $5 on $3 parts" would stop the chart with a ParseException (or show odd italics).
    Charts use no math, so before each draw (and before the layout measures anything) every
    Text of the figure has math parsing switched off: the one place user text passes through,
    whatever the builder put where. ``text.usetex`` stays off (matplotlib's default; nothing
    here turns it on).
    """

    def draw(self, renderer: Any) -> None:
        literal_text(self)
        super().draw(renderer)


def literal_text(fig: Figure) -> None:
    """Switch math parsing off for every Text in ``fig`` (titles, labels, ticks, legends)."""
    for artist in _texts(fig):
        # Set only when on: setting usetex marks the text (and every parent up to the
        # figure) stale again, a tenth of a millisecond each, for every text at every draw.
        if artist.get_parse_math():
            artist.set_parse_math(False)
        if artist.get_usetex():
            artist.set_usetex(False)


def _texts(artist: Any) -> list[Text]:
    """Every Text under ``artist``, as ``findobj(Text)`` finds them, but not inside a hidden
    axis: asking an axis for its children creates a tick (two lines, two labels) for each of
    its locations, and a twin's hidden x axis would get them only to be thrown away (a tenth
    of a chart's time). A hidden axis draws nothing, so its texts are never parsed; the
    charts' own axes (``literal_labels``, kaizen/charts/ticks.py) give their label and offset
    text only, as each of their ticks is made with math parsing off. Walked with a list, not
    nested generators (each text passed up through every level)."""
    found: list[Text] = []
    pending = [artist]
    while pending:
        for child in pending.pop().get_children():
            if isinstance(child, Axis) and not child.get_visible():
                continue
            if getattr(child, "literal_labels", False):
                # Our axes make their tick labels literal (ticks.py): only the axis' own
                # texts are left, not its ticks (asking for them runs its locator).
                found += [child.label, child.offsetText]
                continue
            if isinstance(child, Text):
                found.append(child)
            pending.append(child)
    return found


class ChartAxes(Axes):
    """The axes of every chart: matplotlib's, with a cheaper data-limit update for bars and
    axes that place and measure their ticks once per pass (:mod:`kaizen.charts.ticks`).

    ``Axes.add_patch`` finds a patch's extent by walking its path as Bézier curves (their
    extrema found with numpy) through a composite transform: about a millisecond per bar, a
    third of a dashboard chart's time (issue 21). An upright rectangle in data coordinates (each
    bar) spans its two corners, which give the same data limits directly.
    """

    def _init_axis(self) -> None:
        # As matplotlib's, with axes that place and measure their ticks once per pass.
        self.xaxis = ChartXAxis(self, clear=False)
        self.spines.bottom.register_axis(self.xaxis)
        self.spines.top.register_axis(self.xaxis)
        self.yaxis = ChartYAxis(self, clear=False)
        self.spines.left.register_axis(self.yaxis)
        self.spines.right.register_axis(self.yaxis)

    _clip_of: tuple[Any, Any] | None = None  # (the Axes' patch, the box clipping to it)
    _drawing = False

    def draw(self, renderer: Any) -> None:
        # Axes.draw draws the children get_children gives: during the draw, runs of bars
        # come as one BarRun each (kaizen/charts/bars.py: the same pixels, one Agg call).
        self._drawing = True
        try:
            super().draw(renderer)
        finally:
            self._drawing = False

    def get_children(self) -> list[Any]:
        children = super().get_children()
        return drawn_in_runs(children) if self._drawing else children

    def add_patch(self, p: Any) -> Any:
        # As Axes.add_patch, where clipping a bar to the Axes made a transformed box of its
        # own for each (Artist.set_clip_path): one box serves every bar, as matplotlib's
        # Artist.update_from shares a clip box between artists.
        if type(p) is not Rectangle or p.get_clip_path() is not None or p.clipbox is not None:
            return super().add_patch(p)
        self._set_artist_props(p)
        clip = self._clip_of
        if clip is None or clip[0] is not self.patch:
            clip = self._clip_of = (self.patch, TransformedBbox(Bbox.unit(),
                                                                self.patch.get_transform()))
        p.clipbox = clip[1]
        p._clippath = None
        p.pchanged()
        p.stale = True
        self._update_patch_limits(p)
        self._children.append(p)
        p._remove_method = self._children.remove
        p._set_in_autoscale(True)
        return p

    def _update_patch_limits(self, patch: Any) -> None:
        if (type(patch) is Rectangle and patch.get_angle() == 0
                and patch.is_transform_set() and Artist.get_transform(patch) is self.transData):
            if not patch.get_width() and not patch.get_height():
                return  # as matplotlib: a bar of no size does not widen the limits
            corners = patch.get_bbox().get_points()  # in data units (units converted)
            self.update_datalim(corners)
            return
        super()._update_patch_limits(patch)


def new_figure(*, nrows: int = 1, height_ratios: list[float] | None = None) -> tuple[
    Figure, list[Axes]
]:
    """A white figure of FIGSIZE, laid out by :func:`layout`, with styled axes stacked
    vertically."""
    fig = ChartFigure(figsize=FIGSIZE, dpi=DPI, facecolor=BACKGROUND, layout=layout())
    if nrows == 1:
        axes = [fig.add_subplot(1, 1, 1, axes_class=ChartAxes)]
    else:
        grid = fig.add_gridspec(nrows, 1, height_ratios=height_ratios)
        axes = [fig.add_subplot(grid[0, 0], axes_class=ChartAxes)]
        axes += [fig.add_subplot(grid[i, 0], sharex=axes[0], axes_class=ChartAxes)
                 for i in range(1, nrows)]
    for ax in axes:
        style_axes(ax)
    return fig, axes


def layout() -> MarginLayout:
    """The layout engine of every chart: margins from one measurement of the labels, not
    matplotlib's constrained layout (two measurements and a solver: a third of a draw)."""
    return MarginLayout(h_pad=0.08, w_pad=0.1, hspace=0.04)


class LocalNumbers(ScalarFormatter):
    """matplotlib's own tick numbers, with the decimal sign of the language of the work
    ("27,5" in German); a chart that wants other ticks sets its own formatter after this."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return _local_digits(super().__call__(x, pos))

    def get_offset(self) -> str:
        return _local_digits(super().get_offset())


def _local_digits(text: str) -> str:
    if current_language() == SOURCE_LANGUAGE:
        return text
    from babel.numbers import get_decimal_symbol

    return text.replace(".", get_decimal_symbol(locale_name()))


def style_axes(ax: Axes, *, grid_axis: str = "y") -> None:
    ax.xaxis.set_major_formatter(LocalNumbers())
    ax.yaxis.set_major_formatter(LocalNumbers())
    ax.set_facecolor(BACKGROUND)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(FAINT)
        ax.spines[side].set_linewidth(0.8)
    ax.tick_params(colors=MUTED, labelsize=TICK_SIZE, length=3, width=0.8)
    ax.grid(True, axis=grid_axis, color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.xaxis.label.set_color(MUTED)
    ax.yaxis.label.set_color(MUTED)
    ax.xaxis.label.set_size(LABEL_SIZE)
    ax.yaxis.label.set_size(LABEL_SIZE)


def set_titles(fig: Figure, ax: Axes, title: str, subtitle: str | None = None) -> None:
    """Bold title on the figure, a muted subtitle over the top axes, both left-aligned."""
    fig.suptitle(title, x=0.01, ha="left", fontsize=TITLE_SIZE, fontweight="bold", color=TEXT)
    if subtitle:
        # y given: matplotlib otherwise searches every Axes' tick labels for a free place
        # above them on each draw (a fifth of a draw); none of ours has labels on top.
        ax.set_title(subtitle, loc="left", fontsize=SUBTITLE_SIZE, color=MUTED, pad=8, y=1.0)
        # Wrapped by the layout to the room the chart has on screen, not to a count of
        # characters: a German subtitle ran past a 433 px dashboard chart (issue 16).
        wrapping(ax._left_title)


# Where a category word too long for its line is hyphenated: after one of these prefixes, when
# the rest is a word of its own ("Over-" / "production"); other long words stay whole (a cut
# in the middle of a word reads worse than a label a little wide).
_PREFIXES = ("over", "under", "inter", "counter", "trans", "multi", "non", "pre", "re")


def wrap_label(label: str, width: int) -> str:
    """A category label on lines of at most about ``width`` characters, for a tick label: by
    words, at hyphens, and after a prefix such as "Over" in a word longer than the line, so
    neighbouring labels do not run into each other."""
    lines: list[str] = []
    for line in textwrap.wrap(label, width, break_long_words=False) or [label]:
        if len(line) <= width or " " in line:
            lines.append(line)
            continue
        cut = next((len(p) for p in _PREFIXES
                    if line.lower().startswith(p) and len(line) - len(p) >= 4), None)
        lines += [line] if cut is None else [line[:cut] + "-", line[cut:]]
    return "\n".join(lines)


def value_label(metric_name: str, unit: str, max_chars: int) -> str:
    """"Cycle time (min)" for a value axis; just the unit when the name would not fit along
    the axis (the title names the metric anyway)."""
    full = f"{metric_name} ({unit})" if unit else metric_name
    if len(full) <= max_chars:
        return full
    return unit or textwrap.shorten(metric_name, max_chars, placeholder="\u2026")


def corner_note(fig: Figure, text: str) -> None:
    """A short note at the right end of the title line (e.g. which direction is better)."""
    fig.text(0.99, 0.975, text, ha="right", va="top", fontsize=SUBTITLE_SIZE, color=MUTED)


def empty_figure(title: str, message: str = NO_DATA) -> Figure:
    """The figure a chart shows before there is anything to draw (``message`` translated here
    when it is a marked constant such as :data:`NO_DATA`)."""
    message = translate("charts.style", text=message)
    fig = ChartFigure(figsize=FIGSIZE, dpi=DPI, facecolor=BACKGROUND, layout=layout())
    ax = fig.add_subplot(1, 1, 1)
    ax.set_axis_off()
    fig.suptitle(title, x=0.01, ha="left", fontsize=TITLE_SIZE, fontweight="bold", color=TEXT)
    ax.text(
        0.5, 0.5, message, ha="center", va="center", fontsize=EMPTY_SIZE, color=FAINT,
        transform=ax.transAxes,
    )
    return fig


class ConciseDates(ConciseDateFormatter):
    """matplotlib's concise date ticks with the month names of the language of the work
    (matplotlib writes them with strftime, always in English): "Mär" on a German chart."""

    def format_ticks(self, values: Any) -> list[str]:
        return [_MONTH_WORD.sub(_local_month, label) for label in super().format_ticks(values)]

    def get_offset(self) -> str:
        return _MONTH_WORD.sub(_local_month, super().get_offset())


_MONTH_WORD = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")


def _local_month(match: re.Match[str]) -> str:
    return month_name(MONTHS.index(match.group(1)) + 1)


def thousands_axis(axis, *, decimals: int = 0) -> None:
    """Tick labels with thousand separators on an x or y axis."""
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: format_number(v, decimals)))


def money_axis(ax: Axes, currency: str, label: str) -> None:
    """A money y axis: round steps, thousand separators, the currency in the label."""
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    thousands_axis(ax.yaxis)
    ax.set_ylabel(f"{label} ({currency})")
    shortening(ax.yaxis.label, currency)  # just "EUR" on a chart too short for the words


def percent_axis(axis) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f}%"))
