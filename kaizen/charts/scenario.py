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
from kaizen.charts.layout import FOOTER, HEADER, wrapping
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
    """Panels side by side under the title; the options' legend at the foot.

    Every text is placed by the charts' layout (kaizen/charts/layout.py), not at fixed
    fractions: the subtitle stacked under the title and the panel headings wrapped to the
    room the canvas has, the verdicts as tick labels, the legend at the foot. At 1280x720 the
    chart is about 570 x 240 px with its text at least 9 pt, and fixed fractions drew the
    title, the subtitle and the headings over each other (issue 16).
    """
    if not panels or not any(b.mean is not None for p in panels for b in p.bars):
        return style.empty_figure(title)
    fig = style.ChartFigure(figsize=style.FIGSIZE, dpi=style.DPI, facecolor=style.BACKGROUND,
                            layout=style.layout())
    fig.get_layout_engine().set(wspace=0.03)
    grid = fig.add_gridspec(1, len(panels))
    axes = [fig.add_subplot(grid[0, i]) for i in range(len(panels))]
    for ax, panel in zip(axes, panels, strict=True):
        style.style_axes(ax)
        _draw_panel(ax, panel)
    fig.suptitle(title, x=0.01, ha="left", fontsize=style.TITLE_SIZE, fontweight="bold",
                 color=style.TEXT)
    header = []
    if subtitle:
        header.append(wrapping(fig.text(0.01, 0.9, subtitle, ha="left", va="top",
                                        fontsize=style.SUBTITLE_SIZE, color=style.MUTED)))
    setattr(fig, HEADER, header)
    # One legend for all panels, from the first panel's bars (one per option, in order).
    options = [b.option for b in panels[0].bars]
    legend = fig.legend(axes[0].patches[:len(options)], options, loc="lower center",
                        ncol=len(options), frameon=False, fontsize=style.LABEL_SIZE,
                        labelcolor=style.MUTED, bbox_to_anchor=(0.5, 0.0))
    setattr(fig, FOOTER, [legend])
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
    # Each scenario's verdict under its bar, as its tick label: the layout makes room for it.
    verdicts = [""] + [{True: translate("charts.scenario", "real"),
                        False: translate("charts.scenario", "not shown"),
                        None: "-"}[bar.real] for bar in panel.bars[1:]]
    ax.set_xticks(xs, verdicts)
    ax.tick_params(axis="x", length=0, labelsize=style.NOTE_SIZE)
    for label, bar in zip(ax.get_xticklabels()[1:], panel.bars[1:], strict=True):
        label.set_color(style.AFTER if bar.real else style.FAINT)
    ax.set_xlim(-0.6, len(xs) - 0.4)
    # Room above the highest bar for its value, on the shortest panel the UI shows (1280x720).
    ax.set_ylim(0, max((b.high or b.mean or 0.0) for b in panel.bars) * 1.3 or 1.0)
    # Which way is better as an arrow: the words took two more lines in a panel a quarter of a
    # 570 px chart wide (1280x720), and left the bars no room (issue 16). No break inside it.
    heading = (translate("charts.scenario", "{figure}\n{unit}, \u2191\u00a0better")
               if panel.better == "higher"
               else translate("charts.scenario", "{figure}\n{unit}, \u2193\u00a0better"))
    ax.set_title(heading.format(figure=panel.figure, unit=panel.unit), loc="center",
                 fontsize=style.LABEL_SIZE, color=style.TEXT, pad=8)
    wrapping(ax.title)  # to its panel's width at each draw
