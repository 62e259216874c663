"""Capability chart: before and after side by side, each a histogram of the measurements with
the spec limits, the target and the fitted normal curve (mean and within sigma, the curve the
Cp/Cpk figures assume), its Cpk in the corner."""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.figure import Figure

from kaizen.charts import style
from kaizen.domain.capability import Capability
from kaizen.i18n import translate

_BINS_MAX = 20


def capability_figure(
    before: Sequence[float],
    after: Sequence[float],
    *,
    metric_name: str,
    unit: str,
    lsl: float | None,
    usl: float | None,
    target: float | None,
    capability_before: Capability | None,
    capability_after: Capability | None,
) -> Figure:
    fig = Figure(figsize=style.FIGSIZE, dpi=style.DPI, facecolor=style.BACKGROUND,
                 layout=style.layout())
    axes = [fig.add_subplot(1, 2, 1)]
    axes.append(fig.add_subplot(1, 2, 2, sharex=axes[0]))
    values = [float(v) for v in (*before, *after)]
    ends = [v for v in (*values, lsl, usl, target) if v is not None]
    low, high = (min(ends), max(ends)) if ends else (0.0, 1.0)
    pad = (high - low) * 0.08 or 1.0
    low, high = low - pad, high + pad
    for ax, data, cap, label, colour in (
        (axes[0], before, capability_before, translate("charts.capability", "Before"),
         style.BEFORE),
        (axes[1], after, capability_after, translate("charts.capability", "After"),
         style.AFTER),
    ):
        style.style_axes(ax)
        data = [float(v) for v in data]
        if data:
            # Bins over the phase's own range (not the axis, which also spans the specs):
            # about sqrt(n) of them, so ten values still show their shape.
            bins = max(5, min(_BINS_MAX, int(math.sqrt(len(data))) + 1))
            span = (min(data), max(data)) if max(data) > min(data) else (data[0] - 0.5,
                                                                         data[0] + 0.5)
            ax.hist(data, bins=bins, range=span, density=True, color=colour, alpha=0.45,
                    edgecolor="white")
        if cap is not None:
            xs = [low + (high - low) * i / 200 for i in range(201)]
            sigma = cap.sigma_within
            ys = [math.exp(-0.5 * ((x - cap.mean) / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))
                  for x in xs]
            ax.plot(xs, ys, color=style.LINE_DARK, linewidth=1.4)
            ax.text(0.98, 0.96, f"Cpk {style.format_number(cap.cpk.value, 2)}",
                    transform=ax.transAxes, ha="right",
                    va="top", fontsize=style.LABEL_SIZE, color=style.TEXT, fontweight="bold")
        for value, name in ((lsl, "LSL"), (usl, "USL")):
            if value is not None:
                ax.axvline(value, color=style.SIGNAL, linewidth=1.2, linestyle="--")
                ax.text(value, 1.0, name, transform=ax.get_xaxis_transform(), ha="center",
                        va="bottom", fontsize=style.NOTE_SIZE, color=style.SIGNAL)
        if target is not None:
            ax.axvline(target, color=style.LIMIT, linewidth=1.0, linestyle=":")
        ax.set_xlim(low, high)
        ax.set_yticks([])
        ax.set_xlabel(translate("charts.capability", "{phase} ({count} values)").format(
            phase=label, count=style.format_number(len(data))) + (f" · {unit}" if unit else ""))
    fig.suptitle(translate("charts.capability", "Capability of {metric}").format(
        metric=metric_name), x=0.01, ha="left", fontsize=style.TITLE_SIZE,
                 fontweight="bold", color=style.TEXT)
    return fig
