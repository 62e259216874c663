"""Shewhart charts for subgroups and rates: X-bar/R, X-bar/S, p and u, plus phases.

The individuals chart (I-MR) stays in :mod:`kaizen.domain.control_chart` with Wheeler's
2.66 / 3.267; these are its siblings, with the limits of Montgomery, Introduction to Statistical
Quality Control (ch. 6 and 7), the NIST/SEMATECH e-Handbook (6.3.2, 6.3.3) and R's qcc:

- X-bar/R: centre x-double-bar, limits +/- A2 R-bar; R chart R-bar, D3 R-bar, D4 R-bar.
- X-bar/S: centre x-double-bar, limits +/- A3 s-bar; S chart s-bar, B3 s-bar, B4 s-bar.
- p: p-bar = total defectives / total inspected; limits p-bar +/- 3 sqrt(p-bar (1 - p-bar) / n_i)
  per sample (so they step with the sample size), clipped to [0, 1].
- u: u-bar = total defects / total units; limits u-bar +/- 3 sqrt(u-bar / n_i), clipped at 0.

Every chart is a :class:`Chart`: one point per subgroup with its own centre and limits (constant
for X-bar, stepping for p and u), which is what the rule checks in :mod:`kaizen.domain.spc_rules`
read. Phases (:func:`phased`): limits recomputed for each phase, or the first (baseline) phase's
limits frozen and carried forward so the later phases are judged against the old process.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kaizen.domain import spc_constants as k
from kaizen.i18n import translate

PHASE_MODES = ("recompute", "frozen")


@dataclass(frozen=True)
class Chart:
    """Points with their centre line and 3-sigma limits (one entry per point)."""

    kind: str
    points: tuple[float, ...]
    centre: tuple[float, ...]
    ucl: tuple[float, ...]
    lcl: tuple[float, ...]
    sigma: tuple[float, ...]  # one sigma of the plotted statistic at each point (for zones)


@dataclass(frozen=True)
class ChartPair:
    """A location chart (X-bar) and its spread chart (R or S) over the same subgroups."""

    location: Chart
    spread: Chart
    sigma_within: float


def xbar_r(subgroups: Sequence[Sequence[float]]) -> ChartPair:
    """X-bar and R charts of equal-size subgroups (2 to 25 values each, at least 2 subgroups)."""
    groups, n = _groups(subgroups)
    means = [sum(g) / n for g in groups]
    ranges = [max(g) - min(g) for g in groups]
    centre = sum(means) / len(means)
    r_bar = sum(ranges) / len(ranges)
    half = k.a2(n) * r_bar
    sigma_x = half / 3
    location = _constant("xbar", means, centre, centre + half, centre - half, sigma_x)
    spread = _constant("R", ranges, r_bar, k.d4_factor(n) * r_bar, k.d3_factor(n) * r_bar,
                       k.d3(n) * r_bar / k.d2(n))
    return ChartPair(location, spread, r_bar / k.d2(n))


def xbar_s(subgroups: Sequence[Sequence[float]]) -> ChartPair:
    """X-bar and S charts of equal-size subgroups (2 to 25 values each, at least 2 subgroups)."""
    groups, n = _groups(subgroups)
    means = [sum(g) / n for g in groups]
    sds = [math.sqrt(sum((v - m) ** 2 for v in g) / (n - 1)) for g, m in zip(groups, means,
                                                                                 strict=True)]
    centre = sum(means) / len(means)
    s_bar = sum(sds) / len(sds)
    half = k.a3(n) * s_bar
    c4 = k.c4(n)
    location = _constant("xbar", means, centre, centre + half, centre - half, half / 3)
    spread = _constant("S", sds, s_bar, k.b4(n) * s_bar, k.b3(n) * s_bar,
                       s_bar * math.sqrt(1 - c4 * c4) / c4)
    return ChartPair(location, spread, s_bar / c4)


def p_chart(defectives: Sequence[int], sizes: Sequence[int]) -> Chart:
    """p chart of defectives out of sample sizes (limits per sample size)."""
    counts, ns = _counts(defectives, sizes, "defectives")
    if any(c > n for c, n in zip(counts, ns, strict=True)):
        raise ValueError("defectives: " + translate(
            "domain.spc", "a sample cannot have more defectives than its size."))
    p_bar = sum(counts) / sum(ns)
    sig = [math.sqrt(p_bar * (1 - p_bar) / n) for n in ns]
    return Chart(
        "p", tuple(c / n for c, n in zip(counts, ns, strict=True)), (p_bar,) * len(ns),
        tuple(min(1.0, p_bar + 3 * s) for s in sig), tuple(max(0.0, p_bar - 3 * s) for s in sig),
        tuple(sig),
    )


def u_chart(defects: Sequence[int], units: Sequence[float]) -> Chart:
    """u chart of defects per unit (units may be fractional, e.g. square metres / 50)."""
    counts, ns = _counts(defects, units, "defects")
    u_bar = sum(counts) / sum(ns)
    sig = [math.sqrt(u_bar / n) for n in ns]
    return Chart(
        "u", tuple(c / n for c, n in zip(counts, ns, strict=True)), (u_bar,) * len(ns),
        tuple(u_bar + 3 * s for s in sig), tuple(max(0.0, u_bar - 3 * s) for s in sig),
        tuple(sig),
    )


def individuals(values: Sequence[float]) -> Chart:
    """The I chart of :mod:`control_chart` (Wheeler's 2.66 MR-bar) as a :class:`Chart`."""
    from kaizen.domain.control_chart import xmr_limits

    lim = xmr_limits(values)
    return _constant("I", [float(v) for v in values], lim.centre, lim.ucl, lim.lcl, lim.sigma)


def phased(
    builder: Callable[[Sequence[Any]], Chart],
    phases: Sequence[Sequence[Any]],
    *,
    mode: str = "recompute",
) -> list[Chart]:
    """One chart per phase. ``recompute``: each phase's own limits. ``frozen``: the first
    phase's centre, limits and sigma carried to the later phases (their points plotted against
    them), so a shift after a change shows as signals instead of being absorbed.

    ``builder`` takes one phase's data (values, subgroups, or (counts, sizes) for p/u through a
    small lambda) and returns its chart.
    """
    if mode not in PHASE_MODES:
        raise ValueError(f"mode must be one of {', '.join(PHASE_MODES)}.")
    if not phases:
        raise ValueError("phases: at least one phase is needed.")
    charts = [builder(p) for p in phases]
    if mode == "recompute":
        return charts
    base = charts[0]
    frozen = [base]
    for chart in charts[1:]:
        if base.kind in ("p", "u"):
            raise ValueError("Frozen limits for p and u charts depend on each sample's size: "
                             "use recompute, or freeze p-bar through p_chart_from_baseline.")
        m = len(chart.points)
        frozen.append(Chart(chart.kind, chart.points, (base.centre[0],) * m,
                            (base.ucl[0],) * m, (base.lcl[0],) * m, (base.sigma[0],) * m))
    return frozen


def p_chart_from_baseline(
    p_bar: float, defectives: Sequence[int], sizes: Sequence[int]
) -> Chart:
    """A p chart of new samples against a frozen baseline p-bar (limits per sample size)."""
    counts, ns = _counts(defectives, sizes, "defectives")
    sig = [math.sqrt(p_bar * (1 - p_bar) / n) for n in ns]
    return Chart(
        "p", tuple(c / n for c, n in zip(counts, ns, strict=True)), (p_bar,) * len(ns),
        tuple(min(1.0, p_bar + 3 * s) for s in sig), tuple(max(0.0, p_bar - 3 * s) for s in sig),
        tuple(sig),
    )


def _constant(kind: str, points: Sequence[float], centre: float, ucl: float, lcl: float,
              sigma: float) -> Chart:
    m = len(points)
    return Chart(kind, tuple(points), (centre,) * m, (ucl,) * m, (lcl,) * m, (sigma,) * m)


def _groups(subgroups: Sequence[Sequence[float]]) -> tuple[list[list[float]], int]:
    groups = [[float(v) for v in g] for g in subgroups]
    if len(groups) < 2:
        raise ValueError("subgroups: " + translate(
            "domain.spc", "at least two subgroups are needed."))
    sizes = {len(g) for g in groups}
    if len(sizes) != 1:
        raise ValueError("subgroups: " + translate(
            "domain.spc", "every subgroup must have the same size."))
    n = sizes.pop()
    if not 2 <= n <= k.MAX_N:
        raise ValueError("subgroups: " + translate(
            "domain.spc", "the subgroup size must be between 2 and {largest}.").format(
                largest=k.MAX_N))
    if not all(math.isfinite(v) for g in groups for v in g):
        raise ValueError("subgroups: " + translate("domain.spc", "values must be finite numbers."))
    return groups, n


def _counts(counts: Sequence[int], sizes: Sequence[float], name: str
            ) -> tuple[list[int], list[float]]:
    c = [int(v) for v in counts]
    n = [float(v) for v in sizes]
    if len(c) != len(n) or len(c) < 2:
        raise ValueError(name + ": " + translate(
            "domain.spc", "give one count per sample, at least two samples."))
    if any(v < 0 for v in c):
        raise ValueError(name + ": " + translate("domain.spc", "counts cannot be negative."))
    if any(not (s > 0 and math.isfinite(s)) for s in n):
        raise ValueError("sizes: " + translate("domain.spc", "every sample size must be positive."))
    return c, n
