"""A metric's control chart as the plan names it (I-MR, X-bar/R, X-bar/S, p or u), drawn from
:class:`kaizen.domain.metric_chart.MetricChart`: the location chart on top, its spread chart
(moving range, R or S) below when it has one, each phase with its centre line and limits (its
own, or the before phase's carried forward), the change marked, and every point of a signal
circled with its rule written beside it. Pure data -> Figure, shared by the app and reports.
"""

from __future__ import annotations

import math
from collections import defaultdict

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from kaizen.charts import style
from kaizen.charts.control_chart import control_legend, draw_limits
from kaizen.domain.metric_chart import FROZEN, SHORT_LABELS, MetricChart, Panel
from kaizen.domain.spc_rules import RULE_SET_LABELS, Signal
from kaizen.i18n import QT_TRANSLATE_NOOP, translate

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
    split = chart.n_before if 0 < chart.n_before < n else None
    _panel(ax, loc, split, chart.signals, points=True)
    if ax_spread is not None and chart.spread is not None:
        _panel(ax_spread, chart.spread, split, chart.spread_signals, points=False)
        ax_spread.set_ylabel(translate("charts.metric_chart", text=_SPREAD_LABELS.get(
            chart.spread.name, chart.spread.name)))
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
            axis.set_xlim(0.3, n + 0.7 + n * 0.1)  # room on the right for the limit labels
    ax.set_ylabel(style.value_label(metric_name, unit, max_chars=26))
    if split is not None:
        for axis in (ax, ax_spread):
            if axis is not None:
                axis.axvline(split + 0.5, color=style.TEXT, linewidth=1.0,
                             linestyle=(0, (4, 3)), zorder=1, label="_split")
        ax.annotate(translate("charts.metric_chart", "change"), xy=(split + 0.5, 1.0),
                    xycoords=("data", "axes fraction"),
                    xytext=(4, -2), textcoords="offset points", ha="left", va="top",
                    fontsize=style.NOTE_SIZE, color=style.TEXT)
    count = len(chart.signals) + len(chart.spread_signals)
    control_legend(fig, ax, count)
    style.set_titles(fig, ax, title, subtitle(chart))
    return fig


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
           points: bool) -> None:
    c = panel.chart
    xs = list(panel.xs)
    phases = _phases(panel, split)
    for idx, _colour, _label in phases:
        ax.plot([xs[i] for i in idx], [c.points[i] for i in idx], color=style.FAINT,
                linewidth=1.0 if points else 0.9, zorder=2, label="_path")
    for number, (idx, colour, label) in enumerate(phases):
        ax.scatter([xs[i] for i in idx], [c.points[i] for i in idx], s=20 if points else 14,
                   color=colour, zorder=3, label=label if points else "_" + label)
        first = idx[0]
        decimals = _decimals(c.ucl[first] - c.lcl[first])
        # A spread panel's lower limit at zero is the axis itself: neither drawn nor named.
        lcl = c.lcl[first] if c.lcl[first] > 0 or points else None
        draw_limits(ax, xs[idx[0]] - 0.4, xs[idx[-1]] + 0.4, colour, c.centre[first],
                    c.ucl[first], lcl, right=number == len(phases) - 1,
                    value=lambda y, d=decimals: style.format_number(y, d))
    flagged = sorted({i for s in signals for i in s.points})
    if flagged:
        ax.scatter([xs[i] for i in flagged], [c.points[i] for i in flagged],
                   s=58 if points else 44, facecolors="none", edgecolors=style.SIGNAL,
                   linewidths=1.6, zorder=4, label="_signal")
    if points:
        # Each signal's rule beside its last point (rules ending on one point share a label).
        tags: dict[int, list[str]] = defaultdict(list)
        for s in signals:
            if s.rule not in tags[s.points[-1]]:
                tags[s.points[-1]].append(s.rule)
        for i, rules in tags.items():
            ax.annotate(" ".join(rules), xy=(xs[i], c.points[i]), xytext=(0, 7),
                        textcoords="offset points", ha="center", va="bottom",
                        fontsize=style.NOTE_SIZE,
                        color=style.SIGNAL, label="_rule")


def _decimals(span: float) -> int:
    """Enough decimals that the limits 3 sigma apart read as different numbers (74.0143 and
    73.9881, not 74.0 and 74.0)."""
    if not span > 0 or not math.isfinite(span):
        return 2
    return min(6, max(0, 2 - math.floor(math.log10(span))))
