"""Before/after chart of one metric: a box per phase with every measurement shown over it.

The points are spread sideways by a fixed golden-ratio sequence, not random jitter, so the same
data always draws the same picture (in the app, in the report and in tests).
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from kaizen.charts import style
from kaizen.domain.enums import MetricDirection
from kaizen.domain.statistics import Comparison, describe, improvement_pct
from kaizen.i18n import translate

_GOLDEN = 0.6180339887498949
_JITTER_WIDTH = 0.28
_BOX_WIDTH = 0.42


def jitter_offsets(n: int, width: float = _JITTER_WIDTH) -> list[float]:
    """n sideways offsets in (-width/2, width/2), evenly spread, the same every time."""
    return [((i * _GOLDEN + 0.5) % 1.0 - 0.5) * width for i in range(n)]


def before_after_figure(
    before: Sequence[float],
    after: Sequence[float],
    *,
    metric_name: str,
    unit: str,
    direction: MetricDirection,
    comparison: Comparison | None = None,
) -> Figure:
    """Box plot and strip of points per phase, means marked, improvement and verdict on top."""
    direction = MetricDirection(direction)
    before = [float(v) for v in before]
    after = [float(v) for v in after]
    if not before and not after:
        return style.empty_figure(translate("charts.before_after", "{metric}: before and after")
                                  .format(metric=metric_name))

    fig, (ax,) = style.new_figure()
    phases = [(translate("charts.before_after", "Before"), before, style.BEFORE),
              (translate("charts.before_after", "After"), after, style.AFTER)]
    positions = [1, 2]
    for pos, (_label, values, colour) in zip(positions, phases, strict=True):
        if not values:
            ax.text(
                pos, 0.5, translate("charts.before_after", "no measurements yet"), ha="center",
                va="center",
                fontsize=style.NOTE_SIZE, color=style.FAINT,
                transform=ax.get_xaxis_transform(),
            )
            continue
        ax.boxplot(
            [values],
            positions=[pos],
            widths=_BOX_WIDTH,
            showfliers=False,  # every point is drawn by the strip; no second marker for outliers
            patch_artist=True,
            boxprops={"facecolor": colour + "22", "edgecolor": colour, "linewidth": 1.2},
            medianprops={"color": colour, "linewidth": 2.0},
            whiskerprops={"color": colour, "linewidth": 1.0},
            capprops={"color": colour, "linewidth": 1.0},
        )
        xs = [pos + dx for dx in jitter_offsets(len(values))]
        ax.scatter(
            xs, values, s=22, color=colour, alpha=0.75, edgecolors="white", linewidths=0.5,
            zorder=3, label=f"_{_label} points",
        )
        mean = sum(values) / len(values)
        ax.plot(
            [pos], [mean], marker="D", markersize=8, color="white", markeredgecolor=style.TEXT,
            markeredgewidth=1.4, linestyle="none", zorder=4, label="_mean",
        )
        ax.annotate(
            translate("charts.before_after", "mean {value}").format(
                value=style.format_measure(mean)),
            xy=(pos + _BOX_WIDTH / 2, mean), xytext=(6, 0), textcoords="offset points",
            va="center", ha="left", fontsize=style.NOTE_SIZE, color=style.TEXT,
        )

    ax.set_xticks(
        positions,
        [f"{label}\n(n = {len(values)})" for label, values, _c in phases],
    )
    ax.tick_params(axis="x", length=0, labelsize=style.LABEL_SIZE, labelcolor=style.TEXT)
    ax.set_xlim(0.4, 2.75)
    ax.set_ylabel(style.value_label(metric_name, unit, max_chars=42))
    style.corner_note(fig, translate("charts.before_after", "\u2193 lower is better")
                      if direction is MetricDirection.LOWER_IS_BETTER
                      else translate("charts.before_after", "\u2191 higher is better"))

    style.set_titles(fig, ax, _title(metric_name, before, after, direction, comparison),
                     _subtitle(before, after, unit, comparison))
    return fig


def _title(
    metric_name: str,
    before: list[float],
    after: list[float],
    direction: MetricDirection,
    comparison: Comparison | None,
) -> str:
    plain = translate("charts.before_after", "{metric}: before and after").format(
        metric=metric_name)
    if not (before and after) or (comparison is not None and comparison.test_name is None):
        return plain
    if comparison is not None and not comparison.significant:
        # The observed change is in the subtitle; the headline must not claim it.
        return translate("charts.before_after", "{metric}: no clear change").format(
            metric=metric_name)
    pct = comparison.improvement_pct if comparison is not None else None
    if pct is None:
        pct = improvement_pct(describe(before).mean, describe(after).mean, direction)
    if pct is None:
        return plain
    if round(pct, 1) == 0:
        return translate("charts.before_after", "{metric}: no change").format(metric=metric_name)
    sentence = (translate("charts.before_after", "{metric}: {percent}% better") if pct > 0
                else translate("charts.before_after", "{metric}: {percent}% worse"))
    return sentence.format(metric=metric_name, percent=style.format_number(abs(pct), 1))


def _subtitle(
    before: list[float], after: list[float], unit: str, comparison: Comparison | None
) -> str:
    if not (before and after):
        return translate("charts.before_after",
                         "Measure both before and after the change to compare them")
    b, a = describe(before).mean, describe(after).mean
    means = translate("charts.before_after", "mean {before} \u2192 {after}").format(
        before=style.format_measure(b), after=style.format_measure(a))
    means += f" {unit}" if unit else ""
    if comparison is None:
        return means[0].upper() + means[1:]
    if comparison.significant:
        return comparison.verdict
    return f"{comparison.verdict} \u00b7 {means}"
