"""A process KPI over time: its points by date, control limits per phase, the changes that started
each phase, and the signals marked.

Pure: it draws what :class:`kaizen.services.kpis.KpiChart` holds (the phases, limits and signals
are computed there, from kaizen.domain.control_chart); any object with the same attributes will
do, so this module imports no service. Used by the app's KPI view and the monthly report.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from matplotlib.dates import AutoDateLocator, date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from kaizen.charts import style
from kaizen.domain.months import format_day
from kaizen.i18n import QT_TRANSLATE_NOOP, translate

MIN_POINTS = 2
# Phase colours: before any change slate, then teal; later phases alternate so neighbours differ.
_PHASE_COLOURS = (style.BEFORE, style.AFTER, style.LINE_DARK)
# The subtitle by (one change, one signal): marked here, translated where drawn.
_SUBTITLES = {
    (True, True): QT_TRANSLATE_NOOP("charts.kpi", "{first} to {last} \u00b7 XmR limits per phase "
                                    "\u00b7 {changes} change \u00b7 {signals} signal"),
    (True, False): QT_TRANSLATE_NOOP("charts.kpi", "{first} to {last} \u00b7 XmR limits per phase "
                                     "\u00b7 {changes} change \u00b7 {signals} signals"),
    (False, True): QT_TRANSLATE_NOOP("charts.kpi", "{first} to {last} \u00b7 XmR limits per phase "
                                     "\u00b7 {changes} changes \u00b7 {signals} signal"),
    (False, False): QT_TRANSLATE_NOOP("charts.kpi", "{first} to {last} \u00b7 XmR limits per "
                                      "phase \u00b7 {changes} changes \u00b7 {signals} signals"),
}


class _Phase(Protocol):
    first: int
    end: int
    limits: Any
    signals: tuple[int, ...]
    worse: tuple[int, ...]
    change: Any  # .title, .completed_at; None before the first change
    start: datetime | None


class _Series(Protocol):
    name: str
    unit: str


class KpiChartData(Protocol):
    series: _Series
    times: Sequence[datetime]
    values: Sequence[float]
    phases: Sequence[_Phase]


def kpi_figure(chart: KpiChartData, *, max_change_labels: int = 6) -> Figure:
    name, unit = chart.series.name, chart.series.unit
    title = translate("charts.kpi", "{name} over time").format(name=name)
    if len(chart.values) < MIN_POINTS:
        message = (style.NO_DATA if not chart.values
                   else translate("charts.kpi", "A KPI chart needs at least 2 points"))
        return style.empty_figure(title, message)
    fig, (ax,) = style.new_figure()
    xs = date2num(list(chart.times))
    ax.plot(xs, chart.values, color=style.FAINT, linewidth=1.0, zorder=2)
    n_signals = n_worse = 0
    span = (xs[-1] - xs[0]) or 1.0
    for index, phase in enumerate(chart.phases):
        colour = _PHASE_COLOURS[0] if index == 0 else _PHASE_COLOURS[2 - index % 2]
        part = list(range(phase.first, phase.end))
        if part:
            ax.scatter([xs[i] for i in part], [chart.values[i] for i in part], s=16,
                       color=colour, zorder=3)
        if phase.limits is not None and part:
            x0 = xs[part[0]] - span * 0.005
            x1 = xs[part[-1]] + span * 0.005
            ax.hlines(phase.limits.centre, x0, x1, colors=colour, linewidth=1.3, zorder=1)
            ax.hlines([phase.limits.ucl, phase.limits.lcl], x0, x1, colors=style.LIMIT,
                      linewidth=1.0, linestyles="dashed", zorder=1)
        flagged = list(phase.signals)
        n_signals += len(flagged)
        n_worse += len(phase.worse)
        if flagged:
            ax.scatter([xs[i] for i in flagged], [chart.values[i] for i in flagged], s=54,
                       facecolors="none", edgecolors=style.SIGNAL, linewidths=1.5, zorder=4)
        if phase.change is not None and phase.start is not None:
            at = date2num(phase.start)
            ax.axvline(at, color=style.TEXT, linewidth=1.0, linestyle=(0, (4, 3)), zorder=1)
            if index <= max_change_labels:
                # Right of the line, or left of it in the right half (it would run off).
                right_half = at > xs[0] + span / 2
                ax.annotate(_short(phase.change.title), xy=(at, 1.0),
                            xycoords=("data", "axes fraction"),
                            xytext=(-3 if right_half else 3, -2), textcoords="offset points",
                            ha="right" if right_half else "left", va="top",
                            fontsize=style.NOTE_SIZE, color=style.TEXT,
                            bbox={"boxstyle": "square,pad=0.1", "facecolor": "white",
                                  "edgecolor": "none", "alpha": 0.85})
    locator = AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    # No offset text ("2026-Apr") in the corner, where the legend is: the range is the x label.
    ax.xaxis.set_major_formatter(style.ConciseDates(locator, show_offset=False))
    ax.set_xlim(xs[0] - span * 0.02, xs[-1] + span * 0.02)
    ax.set_ylabel(style.value_label(name, unit, max_chars=26))
    handles = [
        Line2D([], [], marker="o", linestyle="none", color=_PHASE_COLOURS[0], markersize=5,
               label=translate("charts.kpi", "before any change") if len(chart.phases) > 1
               else translate("charts.kpi", "points")),
        Line2D([], [], color=style.LIMIT, linestyle="dashed", linewidth=1.0,
               label=translate("charts.kpi", "limits")),
    ]
    if len(chart.phases) > 1:
        handles.insert(1, Line2D([], [], marker="o", linestyle="none", color=_PHASE_COLOURS[1],
                                 markersize=5, label=translate("charts.kpi", "after a change")))
    if n_signals:
        handles.append(Line2D([], [], marker="o", markerfacecolor="none", linestyle="none",
                              markeredgecolor=style.SIGNAL, markeredgewidth=1.5, markersize=7,
                              label=translate("charts.kpi", "signal")))
    # On the x label's line, right of it: the label reserves the line in the layout, and the
    # legend hangs from the axes by a distance in points (ticks and their labels, about 16 pt),
    # so it stays on that line at any figure size (the report draws the chart narrower).
    ax.set_xlabel(translate("charts.kpi", "Date"), loc="left")
    ax.legend(handles=handles, loc="upper right", bbox_to_anchor=(1.0, 0.0), ncol=4,
              frameon=False, fontsize=style.NOTE_SIZE, handletextpad=0.3, columnspacing=1.0,
              borderaxespad=16 / style.NOTE_SIZE)
    # Short enough for one line at the report's narrower width; the dates carry the year the
    # tick labels leave out.
    changes = len(chart.phases) - 1
    first, last = chart.times[0], chart.times[-1]
    subtitle = translate("charts.kpi", _SUBTITLES[changes == 1, n_signals == 1]).format(
        first=format_day(first), last=format_day(last), changes=changes, signals=n_signals)
    if n_worse:
        subtitle += translate("charts.kpi", " ({count} worse)").format(count=n_worse)
    style.set_titles(fig, ax, title, subtitle)
    return fig


def _short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"

