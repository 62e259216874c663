"""XmR control chart: individuals on top, moving ranges below, limits per phase, split marked.

Limits and signals come from kaizen.domain.control_chart; this module only draws them. Each
phase gets its own centre line and limits because the change is meant to move the process; the
moving range across the split belongs to neither phase and is not drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from kaizen.charts import style
from kaizen.domain.control_chart import (
    XmRLimits,
    moving_range_signals,
    moving_ranges,
    signals,
    xmr_limits,
)
from kaizen.i18n import translate

MIN_POINTS = 2


def xmr_figure(
    values: Sequence[float], n_before: int, *, metric_name: str, unit: str
) -> Figure:
    """The first ``n_before`` values are the before phase, the rest the after phase."""
    data = [float(v) for v in values]
    title = translate("charts.control_chart", "{metric}: control chart (XmR)").format(
        metric=metric_name)
    if len(data) < MIN_POINTS:
        message = (style.NO_DATA if not data else
                   translate("charts.control_chart",
                             "A control chart needs at least 2 measurements"))
        return style.empty_figure(title, message)
    if not 0 <= n_before <= len(data):
        raise ValueError("n_before must be between 0 and the number of values.")

    fig, (ax_x, ax_mr) = style.new_figure(nrows=2, height_ratios=[2.1, 1.0])
    phases = [
        (0, data[:n_before], style.BEFORE, translate("charts.control_chart", "Before")),
        (n_before, data[n_before:], style.AFTER, translate("charts.control_chart", "After")),
    ]
    phases = [p for p in phases if p[1]]
    x_all = list(range(1, len(data) + 1))
    ax_x.plot(x_all, data, color=style.FAINT, linewidth=1.0, zorder=2, label="_path")

    n_signals = 0
    for index, (start, part, colour, label) in enumerate(phases):
        # The last phase labels its lines in the margin on the right; an earlier one inside,
        # above its lines at the left, so that its labels do not fall on the next phase.
        label_right = index == len(phases) - 1
        xs = [start + 1 + i for i in range(len(part))]
        ax_x.scatter(xs, part, s=20, color=colour, zorder=3, label=label)
        if len(part) < MIN_POINTS:
            continue
        limits = xmr_limits(part)
        draw_limits(ax_x, xs[0] - 0.4, xs[-1] + 0.4, colour, limits.centre, limits.ucl,
                    limits.lcl, right=label_right, value=style.format_measure)
        flagged = signals(part, limits)
        n_signals += len(flagged)
        if flagged:
            ax_x.scatter(
                [xs[i] for i in flagged], [part[i] for i in flagged], s=58, facecolors="none",
                edgecolors=style.SIGNAL, linewidths=1.6, zorder=4, label="_signal",
            )
        n_signals += _moving_range_panel(ax_mr, xs, part, limits, colour,
                                         label_right=label_right)

    if 0 < n_before < len(data):
        for ax in (ax_x, ax_mr):
            ax.axvline(n_before + 0.5, color=style.TEXT, linewidth=1.0, linestyle=(0, (4, 3)),
                       zorder=1, label="_split")
        ax_x.annotate(
            translate("charts.control_chart", "change"), xy=(n_before + 0.5, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(4, -2), textcoords="offset points", ha="left", va="top",
            fontsize=style.NOTE_SIZE, color=style.TEXT,
        )

    ax_x.set_ylabel(style.value_label(metric_name, unit, max_chars=26))
    ax_mr.set_ylabel(translate("charts.control_chart", "Moving range"))
    ax_mr.set_xlabel(translate("charts.control_chart", "Measurement, in order"), loc="left")
    ax_mr.set_ylim(bottom=0)
    # Ticks only where there are measurements, not in the margin kept for the limit labels.
    ticks = MaxNLocator(integer=True, nbins=12).tick_values(1, len(data))
    ax_mr.set_xticks([t for t in ticks if 1 <= t <= len(data)])
    ax_x.tick_params(axis="x", labelbottom=False)
    ax_x.set_xlim(0.3, len(data) + 0.7 + len(data) * 0.09)  # room for the limit labels
    control_legend(fig, ax_x, n_signals)

    subtitle = (translate("charts.control_chart",
                          "Limits computed separately before and after the change")
                if len(phases) > 1 else
                translate("charts.control_chart", "Natural process limits from the moving ranges"))
    subtitle += " \u00b7 " + (
        translate("charts.control_chart", "{count} signal (circled)") if n_signals == 1 else
        translate("charts.control_chart", "{count} signals (circled)") if n_signals else
        translate("charts.control_chart", "{count} signals")).format(count=n_signals)
    style.set_titles(fig, ax_x, title, subtitle)
    return fig


def draw_limits(ax: Axes, x0: float, x1: float, colour: str, centre: float, ucl: float,
                lcl: float | None, *, right: bool, value: Callable[[float], str]) -> None:
    """One phase's centre line (in the phase's colour) and dashed limits from ``x0`` to ``x1``,
    each named with its value as ``value`` writes it; ``lcl`` None draws no lower limit. The
    XmR chart here and the plan's chart (:mod:`kaizen.charts.metric_chart`) draw them alike."""
    ax.hlines(centre, x0, x1, colors=colour, linewidth=1.3, zorder=1, label="_centre")
    ax.hlines([ucl] if lcl is None else [ucl, lcl], x0, x1, colors=style.LIMIT, linewidth=1.0,
              linestyles="dashed", zorder=1, label="_limits")
    for name, y in (("UCL", ucl), ("CL", centre), ("LCL", lcl)):
        if y is not None:
            limit_label(ax, f"{name} {value(y)}", x0, x1, y, right=right)


def limit_label(ax: Axes, text: str, x0: float, x1: float, y: float, *, right: bool) -> None:
    """Write a limit's name and value ("UCL 16.2") on its line: beside the right end of the
    line, or on a white patch above its left end (a later phase's line, drawn over the plot)."""
    if right:
        ax.annotate(text, xy=(x1, y), xytext=(3, 0), textcoords="offset points", ha="left",
                    va="center", fontsize=style.NOTE_SIZE, color=style.MUTED)
    else:
        ax.annotate(text, xy=(x0, y), xytext=(2, 1.5), textcoords="offset points", ha="left",
                    va="bottom", fontsize=style.NOTE_SIZE, color=style.MUTED,
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": "white",
                          "edgecolor": "none", "alpha": 0.8})


def _moving_range_panel(
    ax: Axes, xs: list[int], part: list[float], limits: XmRLimits, colour: str, *,
    label_right: bool,
) -> int:
    """Draw one phase's moving ranges; return how many are signals (above the mR limit)."""
    ranges = moving_ranges(part)
    mr_xs = xs[1:]
    ax.plot(mr_xs, ranges, color=style.FAINT, linewidth=0.9, zorder=2, label="_mr_path")
    ax.scatter(mr_xs, ranges, s=14, color=colour, zorder=3, label="_mr_points")
    x0, x1 = xs[0] - 0.4, xs[-1] + 0.4
    ax.hlines(limits.mr_bar, x0, x1, colors=colour, linewidth=1.2, zorder=1, label="_mr_bar")
    ax.hlines(limits.mr_ucl, x0, x1, colors=style.LIMIT, linewidth=1.0, linestyles="dashed",
              zorder=1, label="_mr_ucl")
    limit_label(ax, f"UCL {style.format_measure(limits.mr_ucl)}", x0, x1, limits.mr_ucl,
                right=label_right)
    flagged = moving_range_signals(part, limits)
    if flagged:
        ax.scatter(
            [xs[i] for i in flagged], [ranges[i - 1] for i in flagged], s=44,
            facecolors="none", edgecolors=style.SIGNAL, linewidths=1.5, zorder=4,
            label="_mr_signal",
        )
    return len(flagged)


def control_legend(fig: Figure, ax: Axes, n_signals: int) -> None:
    """The legend of a control chart (shared with :mod:`kaizen.charts.metric_chart`): the
    points named on ``ax``, the limits' dashed line, and a signal's circle when there are any.
    On the x label's line, right-aligned (the label moves left): inside the plot it would cover
    the upper limit, and in the title line it would meet long metric names."""
    fig.legend(
        handles=_legend_handles(ax, n_signals), loc="lower right",
        bbox_to_anchor=(0.995, 0.0), ncol=4, frameon=False, fontsize=style.NOTE_SIZE,
        handletextpad=0.3, columnspacing=1.2, borderaxespad=0.3,
    )


def _legend_handles(ax: Axes, n_signals: int) -> list:
    from matplotlib.lines import Line2D

    handles = [h for h in ax.collections if not str(h.get_label()).startswith("_")]
    handles.append(Line2D([], [], color=style.LIMIT, linestyle="dashed", linewidth=1.0,
                          label=translate("charts.control_chart", "limits")))
    if n_signals:
        handles.append(Line2D([], [], marker="o", markerfacecolor="none", linestyle="none",
                              markeredgecolor=style.SIGNAL, markeredgewidth=1.6, markersize=7,
                              label=translate("charts.control_chart", "signal")))
    return handles
