"""Case durations of an event log: a histogram in days with the median and the mean marked.

A case's duration is its last timestamp minus its first (as pm4py and the mining engine define
it, see :func:`kaizen.mining.discovery.case_durations_s`); the figure takes those seconds.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from kaizen.charts import style
from kaizen.i18n import translate

DAY_S = 86400.0
MAX_BINS = 40


def case_duration_figure(durations_s: Sequence[float] | np.ndarray) -> Figure:
    title = translate("charts.case_durations", "How long cases take")
    values = np.asarray(durations_s, dtype=np.float64)
    if values.size == 0:
        return style.empty_figure(title)
    days = values / DAY_S
    fig, (ax,) = style.new_figure()
    bins = int(min(MAX_BINS, max(5, np.sqrt(values.size))))
    ax.hist(days, bins=bins, color=style.TEAL_LIGHT, edgecolor=style.TEAL, linewidth=0.6,
            zorder=2)
    median, mean = float(np.median(days)), float(days.mean())
    ax.axvline(median, color=style.TEAL, linewidth=1.6, zorder=3,
               label=translate("charts.case_durations", "median"))
    ax.axvline(mean, color=style.SIGNAL, linewidth=1.4, linestyle=(0, (4, 2)), zorder=3,
               label=translate("charts.case_durations", "mean"))
    # "best": the legend never sits on the bars.
    ax.legend(frameon=True, facecolor="white", edgecolor="none", fontsize=style.NOTE_SIZE,
              loc="best")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # whole cases
    ax.set_xlabel(translate("charts.case_durations", "Case duration (days)"), color=style.MUTED,
                  fontsize=style.LABEL_SIZE)
    ax.set_ylabel(translate("charts.case_durations", "Cases"), color=style.MUTED,
                  fontsize=style.LABEL_SIZE)
    style.style_axes(ax)
    subtitle = translate(
        "charts.case_durations",
        "{count} cases \u00b7 median {median} days \u00b7 mean {mean} days").format(
        count=style.format_number(values.size), median=style.format_number(median, 1),
        mean=style.format_number(mean, 1))
    style.set_titles(fig, ax, title, subtitle)
    return fig
