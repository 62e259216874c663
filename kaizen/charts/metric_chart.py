"""A metric's control chart as the plan names it (I-MR, X-bar/R, X-bar/S, p or u), drawn from
:class:`kaizen.domain.metric_chart.MetricChart`: the location chart on top, its spread chart
(moving range, R or S) below when it has one, each phase with its centre line and limits (its
own, or the before phase's carried forward), the change marked, and every point of a signal
circled with its rule written beside it. Pure data -> Figure, shared by the app and reports.

Issue 16: in the Measurements view the chart is 414 x 239 px at 1280x720, so nothing is placed
by a guess of the room: the last phase's limits are named as tick labels of a right-hand axis
(the layout keeps the margin they need, where labels beside the lines ran off the figure), the
y labels give way to their short forms (the unit, "MR") when longer than their panel is tall,
the legend has a line of its own at the foot, and labels inside a panel (a rule beside its
point, an earlier phase's limit) are written towards the inside of the panel.
"""

from __future__ import annotations

import math
import textwrap
from collections import defaultdict
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Bbox

from kaizen.charts import style
from kaizen.charts.control_chart import control_legend, limit_label
from kaizen.charts.layout import FOOTER, MarginLayout, shortening
from kaizen.domain.metric_chart import FROZEN, SHORT_LABELS, MetricChart, Panel
from kaizen.domain.numbers import format_number
from kaizen.domain.spc_rules import RULE_SET_LABELS, Signal
from kaizen.i18n import QT_TRANSLATE_NOOP, translate

# A spread axis' label on a panel too short for the words (marked only, as above).
_SPREAD_SHORT = {"MR": QT_TRANSLATE_NOOP("charts.metric_chart", "MR"),
                 "R": QT_TRANSLATE_NOOP("charts.metric_chart", "R"),
                 "S": QT_TRANSLATE_NOOP("charts.metric_chart", "S")}

# Marked only: shown with translate("charts.metric_chart", ...).
_SPREAD_LABELS = {"MR": QT_TRANSLATE_NOOP("charts.metric_chart", "Moving range"),
                  "R": QT_TRANSLATE_NOOP("charts.metric_chart", "Range"),
                  "S": QT_TRANSLATE_NOOP("charts.metric_chart", "Std. deviation")}


def metric_chart_figure(chart: MetricChart, *, metric_name: str, unit: str) -> Figure:
    """The figure of ``chart`` (one point per value, or per subgroup)."""
    title = translate("charts.metric_chart", "{metric}: control chart ({kind})").format(
        metric=metric_name, kind=translate("domain.metric_chart", text=SHORT_LABELS[chart.kind]))
    loc = chart.location
    n = len(loc.chart.points)
    if chart.spread is not None:
        fig, (ax, ax_spread) = style.new_figure(nrows=2, height_ratios=[2.1, 1.0])
    else:
        fig, (ax,) = style.new_figure()
        ax_spread = None
    engine = _ControlLayout()
    engine._params.update(style.layout()._params)  # the charts' own pads
    fig.set_layout_engine(engine)
    split = chart.n_before if 0 < chart.n_before < n else None
    named = [(ax, _panel(ax, loc, split, chart.signals, points=True))]
    if ax_spread is not None and chart.spread is not None:
        named.append((ax_spread, _panel(ax_spread, chart.spread, split, chart.spread_signals,
                                        points=False)))
        name = chart.spread.name
        ax_spread.set_ylabel(translate("charts.metric_chart", text=_SPREAD_LABELS.get(name, name)))
        shortening(ax_spread.yaxis.label,
                   translate("charts.metric_chart", text=_SPREAD_SHORT.get(name, name)))
        ax_spread.set_ylim(bottom=0)
        ax.tick_params(axis="x", labelbottom=False)
    bottom = ax_spread if ax_spread is not None else ax
    bottom.set_xlabel(translate("charts.metric_chart", "Subgroup, in order")
                      if chart.subgroup_size > 1
                      else translate("charts.metric_chart", "Measurement, in order"), loc="left")
    ticks = MaxNLocator(integer=True, nbins=12).tick_values(1, n)
    bottom.set_xticks([t for t in ticks if 1 <= t <= n])
    for axis in (ax, ax_spread):
        if axis is not None:
            axis.set_xlim(0.3, n + 0.7)
    ax.set_ylabel(style.value_label(metric_name, unit, max_chars=26))
    shortening(ax.yaxis.label, unit or textwrap.shorten(metric_name, 12, placeholder="\u2026"))
    if split is not None:
        for axis in (ax, ax_spread):
            if axis is not None:
                axis.axvline(split + 0.5, color=style.TEXT, linewidth=1.0,
                             linestyle=(0, (4, 3)), zorder=1, label="_split")
        setattr(ax, _CHANGE, ax.annotate(
            translate("charts.metric_chart", "change"), xy=(split + 0.5, 1.0),
            xycoords=("data", "axes fraction"), xytext=(4, -2), textcoords="offset points",
            ha="left", va="top", fontsize=style.NOTE_SIZE, color=style.TEXT))
    for axis, limits in named:
        # As many value ticks as the panel's height holds, down to one: the automatic
        # locator's least of two ran into each other on a 20 px spread panel.
        axis.yaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10],
                                                 min_n_ticks=1))
        _limit_axis(axis, limits)  # after every limit of the panel is set
    count = len(chart.signals) + len(chart.spread_signals)
    control_legend(fig, ax, count)
    # On a line of its own at the foot: beside the x label it met it on a narrow chart.
    legend = fig.legends[-1]
    legend.set_loc("lower center")
    legend.borderpad, legend.borderaxespad = 0.1, 0.0  # the chart's height is scarce
    setattr(fig, FOOTER, [legend])
    style.set_titles(fig, ax, title, subtitle(chart))
    return fig


# Set on a panel: its earlier phases' limit names, inside it; on its right axis: the names.
_INSIDE, _NAMES = "_kaizen_inside_names", "_kaizen_limit_names"
_RULES = "_kaizen_rule_names"  # on a panel: its rules' names, beside their points
_CHANGE = "_kaizen_change_name"  # on the top panel: the split's name
# Which names give way first on a panel too short for them all: the centre line's.
_PRIORITY = ("UCL", "LCL", "CL")


class _ControlLayout(MarginLayout):
    """The charts' layout, then the limits' names that the placed panels are too short to
    hold apart (a 239 px chart, limits close together) left out, the centre line's first."""

    def execute(self, fig: Figure) -> None:
        super().execute(fig)
        renderer: Any = fig._get_renderer()  # type: ignore[attr-defined]
        for ax in fig.axes:
            names = getattr(ax, _NAMES, None)
            if names is not None:
                _thin_right(ax, names)
            inside = getattr(ax, _INSIDE, None)
            if inside is not None:
                change = getattr(ax, _CHANGE, None)  # the split's name stays
                kept = _thin(ax, sorted(inside, key=lambda t: _ranked(t.get_text())),
                             [change.get_window_extent(renderer)] if change else [], renderer)
                # Rules on crowded signals: the first of those on one spot (all circled,
                # and every one listed beside the chart).
                rules = getattr(ax, _RULES, [])
                _flip_inside(ax, rules, renderer)
                _thin(ax, rules, kept, renderer)


def _ranked(text: str) -> int:
    return _PRIORITY.index(text.split()[0]) if text.split()[0] in _PRIORITY else 0


def _thin_right(right: Axes, names: list[tuple[str, float]]) -> None:
    """Tick labels of the right axis at least a line apart, inside the panel."""
    box = right.get_window_extent()
    line = style.NOTE_SIZE * right.figure.dpi / 72 * 1.15
    kept: list[tuple[str, float]] = []
    for text, y in sorted(names, key=lambda name: _ranked(name[0])):
        at = right.transData.transform((0, y))[1]
        if not box.y0 - line / 2 <= at <= box.y1 + line / 2:
            continue
        if all(abs(at - right.transData.transform((0, other))[1]) >= line
               for _t, other in kept):
            kept.append((text, y))
    right.set_yticks([y for _text, y in kept], [text for text, _y in kept])


def _flip_inside(ax: Axes, rules: list[Annotation], renderer: Any) -> None:
    """A rule's name above its point, or under it where above would leave the panel (it
    ran into the subtitle)."""
    top = ax.get_window_extent(renderer).y1
    for text in rules:
        dx = text.xyann[0]
        text.xyann = (dx, 7)
        text.set_verticalalignment("bottom")
        if text.get_window_extent(renderer).y1 > top + 1:
            text.xyann = (dx, -7)
            text.set_verticalalignment("top")


def _thin(ax: Axes, texts: list[Text], kept: list[Bbox], renderer: Any) -> list[Bbox]:
    """Show ``texts`` in order where each overlaps none kept and stays inside the panel;
    return the boxes kept."""
    box = ax.get_window_extent(renderer)
    kept = list(kept)
    for text in texts:
        text.set_visible(True)  # the canvas may have grown since
        extent = text.get_window_extent(renderer)
        fits = box.y0 - 1 <= extent.y0 and extent.y1 <= box.y1 + 1
        if fits and not any(extent.overlaps(other) for other in kept):
            kept.append(extent)
        else:
            text.set_visible(False)
    return kept


def _limit_axis(ax: Axes, limits: list[tuple[str, float]]) -> None:
    """Name the last phase's lines on a right-hand axis of ``ax``: tick labels, so the layout
    gives them the margin they need whatever the chart's width."""
    right = ax.twinx()
    setattr(right, _NAMES, limits)
    right.set_ylim(ax.get_ylim())
    ax.callbacks.connect("ylim_changed", lambda a: right.set_ylim(a.get_ylim()))
    right.set_yticks([y for _text, y in limits], [text for text, _y in limits])
    right.tick_params(axis="y", length=0, pad=3, labelsize=style.NOTE_SIZE,
                      labelcolor=style.MUTED)
    for spine in right.spines.values():
        spine.set_visible(False)
    right.grid(False)


def subtitle(chart: MetricChart) -> str:
    """What the chart shows, in one line: grouping, limits, rules and the signal count."""
    parts = []
    if chart.subgroup_size > 1:
        parts.append(translate("charts.metric_chart", "subgroups of {size}").format(
            size=chart.subgroup_size))
    if 0 < chart.n_before < len(chart.location.chart.points):
        parts.append(translate("charts.metric_chart", "before limits carried forward")
                     if chart.mode == FROZEN
                     else translate("charts.metric_chart", "limits per phase"))
    rule_set = RULE_SET_LABELS[chart.rule_set].split(" (")[0]  # "Nelson": a name
    parts.append(translate("charts.metric_chart", "{rule_set} rules").format(rule_set=rule_set))
    count = len(chart.signals) + len(chart.spread_signals)
    parts.append((translate("charts.metric_chart", "{count} signal (circled)") if count == 1 else
                  translate("charts.metric_chart", "{count} signals (circled)") if count else
                  translate("charts.metric_chart", "{count} signals")).format(count=count))
    text = " \u00b7 ".join(parts)
    return text[:1].upper() + text[1:]


def _phases(panel: Panel, split: int | None) -> list[tuple[list[int], str, str]]:
    """(indices, colour, label) of the before and after points of a panel."""
    edge = split if split is not None else len(panel.xs) + 10**9
    before = [i for i, x in enumerate(panel.xs) if x <= edge]
    after = [i for i, x in enumerate(panel.xs) if x > edge]
    return [(idx, colour, label) for idx, colour, label in (
        (before, style.BEFORE, translate("charts.metric_chart", "Before")),
        (after, style.AFTER, translate("charts.metric_chart", "After"))) if idx]


def _panel(ax: Axes, panel: Panel, split: int | None, signals: tuple[Signal, ...], *,
           points: bool) -> list[tuple[str, float]]:
    """Draw one panel; return the last phase's limit labels and heights (for the right axis)."""
    c = panel.chart
    xs = list(panel.xs)
    phases = _phases(panel, split)
    for idx, _colour, _label in phases:
        ax.plot([xs[i] for i in idx], [c.points[i] for i in idx], color=style.FAINT,
                linewidth=1.0 if points else 0.9, zorder=2, label="_path")
    named: list[tuple[str, float]] = []
    inside: list[Text] = []
    for number, (idx, colour, label) in enumerate(phases):
        ax.scatter([xs[i] for i in idx], [c.points[i] for i in idx], s=20 if points else 14,
                   color=colour, zorder=3, label=label if points else "_" + label)
        first = idx[0]
        decimals = _decimals(c.ucl[first] - c.lcl[first])
        # A spread panel's lower limit at zero is the axis itself: neither drawn nor named.
        lcl = c.lcl[first] if c.lcl[first] > 0 or points else None
        x0, x1 = xs[idx[0]] - 0.4, xs[idx[-1]] + 0.4
        ax.hlines(c.centre[first], x0, x1, colors=colour, linewidth=1.3, zorder=1,
                  label="_centre")
        ax.hlines([c.ucl[first]] if lcl is None else [c.ucl[first], lcl], x0, x1,
                  colors=style.LIMIT, linewidth=1.0, linestyles="dashed", zorder=1,
                  label="_limits")
        lines = [(f"{name} {format_number(y, decimals)}", y)
                 for name, y in (("UCL", c.ucl[first]), ("CL", c.centre[first]), ("LCL", lcl))
                 if y is not None]
        if number == len(phases) - 1:
            named = lines
            continue
        # An earlier phase's names on its lines' left end, inside the panel: the upper
        # limit's under its line, so that it stays under the subtitle.
        for text, y in lines:
            if text.startswith("UCL"):
                inside.append(ax.annotate(
                    text, xy=(x0, y), xytext=(2, -1.5), textcoords="offset points",
                    ha="left", va="top", fontsize=style.NOTE_SIZE, color=style.MUTED,
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": "white",
                          "edgecolor": "none", "alpha": 0.8}))
            else:
                limit_label(ax, text, x0, x1, y, right=False)
                inside.append(ax.texts[-1])
    flagged = sorted({i for s in signals for i in s.points})
    if flagged:
        ax.scatter([xs[i] for i in flagged], [c.points[i] for i in flagged],
                   s=58 if points else 44, facecolors="none", edgecolors=style.SIGNAL,
                   linewidths=1.6, zorder=4, label="_signal")
    if points:
        # Each signal's rule beside its last point (rules ending on one point share a label).
        tags: dict[int, list[str]] = defaultdict(list)
        rule_names: list[Annotation] = []
        for s in signals:
            if s.rule not in tags[s.points[-1]]:
                tags[s.points[-1]].append(s.rule)
        # Above its point, left of the last one (beside the limits' names); the
        # layout moves it under the point where above it would leave the panel.
        for i, rules in sorted(tags.items()):
            end = xs[i] == max(xs)  # centred, it would run past the panel's right side
            rule_names.append(ax.annotate(
                " ".join(rules), xy=(xs[i], c.points[i]),
                xytext=(-5 if end else 0, 7), textcoords="offset points",
                ha="right" if end else "center", va="bottom",
                fontsize=style.NOTE_SIZE, color=style.SIGNAL, label="_rule"))
        setattr(ax, _RULES, rule_names)
    setattr(ax, _INSIDE, inside)
    return named


def _decimals(span: float) -> int:
    """Enough decimals that the limits 3 sigma apart read as different numbers (74.0143 and
    73.9881, not 74.0 and 74.0)."""
    if not span > 0 or not math.isfinite(span):
        return 2
    return min(6, max(0, 2 - math.floor(math.log10(span))))
