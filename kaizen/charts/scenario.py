"""Scenario comparison chart: one panel per figure (throughput, lead time, ...), a bar per
option (the current state first) with its 95% confidence interval, and under each scenario's
bar whether its difference from the current state is real (the paired interval excludes 0).

Pure data in (plain dataclasses, no simulation objects), a matplotlib Figure out, like every
builder in kaizen/charts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure

from kaizen.charts import style
from kaizen.i18n import translate

# The current state in slate, each scenario in a colour of the app's palette.
_COLOURS = (style.BEFORE, style.AFTER, "#b45309", "#6d28d9")


@dataclass(frozen=True)
class Bar:
    option: str  # "Current state", "More acute beds", ...
    mean: float | None
    low: float | None = None
    high: float | None = None
    # Scenarios only: the paired difference from the current state is real (True), not shown
    # (False) or could not be told (None: fewer than two replications).
    real: bool | None = None


@dataclass(frozen=True)
class Panel:
    figure: str  # "Throughput"
    unit: str  # "patients/day"
    bars: tuple[Bar, ...]
    better: str = "lower"  # which way is better, for the note: "higher" or "lower"


def comparison_figure(title: str, panels: Sequence[Panel], subtitle: str | None = None) -> Figure:
    """Panels side by side under the title; the options' legend at the foot."""
    if not panels or not any(b.mean is not None for p in panels for b in p.bars):
        return style.empty_figure(title)
    # Fixed margins (fractions of the figure): the title, subtitle, panel titles, verdicts and
    # legend are all figure-level text the shared layout engine does not measure.
    fig = Figure(figsize=style.FIGSIZE, dpi=style.DPI, facecolor=style.BACKGROUND)
    fig.subplots_adjust(left=0.055, right=0.99, top=0.76, bottom=0.16, wspace=0.38)
    grid = fig.add_gridspec(1, len(panels))
    axes = [fig.add_subplot(grid[0, i]) for i in range(len(panels))]
    for ax, panel in zip(axes, panels, strict=True):
        style.style_axes(ax)
        _draw_panel(ax, panel)
    fig.text(0.01, 0.975, title, ha="left", va="top", fontsize=style.TITLE_SIZE,
             fontweight="bold", color=style.TEXT)
    if subtitle:
        fig.text(0.01, 0.915, subtitle, ha="left", va="top", fontsize=style.SUBTITLE_SIZE,
                 color=style.MUTED, wrap=True)
    # One legend for all panels, from the first panel's bars (one per option, in order).
    options = [b.option for b in panels[0].bars]
    fig.legend(axes[0].patches[:len(options)], options, loc="lower center", ncol=len(options),
               frameon=False, fontsize=style.LABEL_SIZE, labelcolor=style.MUTED,
               bbox_to_anchor=(0.5, 0.0))
    return fig


def _draw_panel(ax, panel: Panel) -> None:  # noqa: ANN001 - matplotlib Axes
    xs = list(range(len(panel.bars)))
    means = [b.mean or 0.0 for b in panel.bars]
    colours = [_COLOURS[i % len(_COLOURS)] for i in xs]
    ax.bar(xs, means, width=0.68, color=[c + "cc" for c in colours], edgecolor=colours)
    for x, bar in zip(xs, panel.bars, strict=True):
        if bar.mean is None:
            continue
        if bar.low is not None and bar.high is not None:
            ax.errorbar([x], [bar.mean], yerr=[[bar.mean - bar.low], [bar.high - bar.mean]],
                        fmt="none", ecolor=style.TEXT, elinewidth=1.0, capsize=3)
        top = bar.high if bar.high is not None else bar.mean
        ax.text(x, top, f" {style.format_number(bar.mean, 1)}", ha="center", va="bottom",
                fontsize=style.NOTE_SIZE, color=style.TEXT)
        if x > 0:
            verdict = {True: translate("charts.scenario", "real"),
                       False: translate("charts.scenario", "not shown"), None: "-"}[bar.real]
            colour = style.AFTER if bar.real else style.FAINT
            ax.text(x, -0.02, verdict, ha="center", va="top", fontsize=style.NOTE_SIZE,
                    color=colour, transform=ax.get_xaxis_transform())
    ax.set_xticks([])
    ax.set_xlim(-0.6, len(xs) - 0.4)
    ax.set_ylim(0, max((b.high or b.mean or 0.0) for b in panel.bars) * 1.18 or 1.0)
    heading = (translate("charts.scenario", "{figure}\n{unit}, higher is better")
               if panel.better == "higher"
               else translate("charts.scenario", "{figure}\n{unit}, lower is better"))
    ax.set_title(heading.format(figure=panel.figure, unit=panel.unit), loc="center",
                 fontsize=style.LABEL_SIZE, color=style.TEXT, pad=8)
