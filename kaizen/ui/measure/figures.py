"""The Measurements view's figure builders (worker thread): capability, before/after, and the
XmR chart of the latest samples (the fallback when no analysis came with them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from kaizen.services.analytics import MetricSamples
    from kaizen.services.metric_statistics import MetricAnalysis
    from kaizen.ui.measure.stats_panel import MetricStats

XMR_MAX_PER_PHASE = 250  # a control chart of thousands of points is a smear


def build_capability(analysis: MetricAnalysis) -> Figure:
    from kaizen.charts.capability import capability_figure

    plan = analysis.plan
    return capability_figure(analysis.before, analysis.after, metric_name=analysis.name,
                             unit=analysis.unit, lsl=plan.lsl, usl=plan.usl, target=plan.target,
                             capability_before=analysis.capability_before,
                             capability_after=analysis.capability_after)


def build_before_after(stats: MetricStats) -> Figure:
    from kaizen.charts import before_after_figure

    s = stats.samples
    return before_after_figure(s.before, s.after, metric_name=s.name, unit=s.unit,
                               direction=s.direction, comparison=stats.comparison)


def xmr_values(samples: MetricSamples) -> tuple[list[float], int]:
    """The values the control chart shows (the latest XMR_MAX_PER_PHASE of each phase) and
    how many of them are before."""
    before = samples.before[-XMR_MAX_PER_PHASE:]
    after = samples.after[-XMR_MAX_PER_PHASE:]
    return [*before, *after], len(before)


def build_xmr(samples: MetricSamples) -> Figure:
    from kaizen.charts import xmr_figure

    values, n_before = xmr_values(samples)
    return xmr_figure(values, n_before, metric_name=samples.name, unit=samples.unit)
