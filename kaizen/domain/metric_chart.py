"""A metric's control chart over its before and after measurements, in the kind its plan names.

Measurements are single numbers in time order; the plan says how to chart them:

- ``imr``: each value a point (Wheeler's 2.66 / 3.267, :mod:`kaizen.domain.control_chart`),
  with the moving-range chart below (the range across the change belongs to neither phase);
- ``xbar_r`` / ``xbar_s``: consecutive values of a phase form subgroups of the plan's subgroup
  size (an incomplete last subgroup of a phase is left out and said so), with the R or S chart;
- ``p``: each value is one sample's share of defective items (a percentage when the metric's
  unit is %), counted over ``sample_size`` items: the p chart's p-bar is the mean share, its
  limits p-bar +/- 3 sqrt(p-bar (1 - p-bar) / n), clipped to [0, 1];
- ``u``: each value is defects per unit counted over ``sample_size`` units: u-bar +/- 3
  sqrt(u-bar / n), clipped at 0.

Automatic (``None``) is I-MR for single values and X-bar/R for subgroups. Limits and formulas are
those of :mod:`kaizen.domain.spc` (Montgomery; NIST/SEMATECH; R's qcc).

Phases: ``recompute`` gives the before and the after phase limits of their own (a phase too
short for its own limits is judged on the before limits, and a note says so); ``frozen`` carries
the before-phase's limits forward, so a lasting change after it shows up as signals. The rules
of the chosen set (:mod:`kaizen.domain.spc_rules`) run on each phase against its own limits, or
on the whole series against the frozen ones; the spread chart is checked for points beyond its
limits only (the run rules are defined for the location chart).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from kaizen.domain import spc, spc_rules
from kaizen.domain.control_chart import D4, moving_ranges
from kaizen.domain.spc import Chart
from kaizen.domain.spc_rules import Signal
from kaizen.i18n import QT_TRANSLATE_NOOP, translate

IMR, XBAR_R, XBAR_S, P, U = "imr", "xbar_r", "xbar_s", "p", "u"
CHART_KINDS = (IMR, XBAR_R, XBAR_S, P, U)
# The label tables are marked only: shown with translate("domain.metric_chart", ...) where read.
CHART_KIND_LABELS = {
    IMR: QT_TRANSLATE_NOOP("domain.metric_chart", "Individuals and moving range (I-MR)"),
    XBAR_R: QT_TRANSLATE_NOOP("domain.metric_chart", "X-bar and range (X-bar/R)"),
    XBAR_S: QT_TRANSLATE_NOOP("domain.metric_chart", "X-bar and standard deviation (X-bar/S)"),
    P: QT_TRANSLATE_NOOP("domain.metric_chart", "Share defective (p chart)"),
    U: QT_TRANSLATE_NOOP("domain.metric_chart", "Defects per unit (u chart)"),
}
SHORT_LABELS = {IMR: "I-MR", XBAR_R: "X-bar/R", XBAR_S: "X-bar/S",
                P: QT_TRANSLATE_NOOP("domain.metric_chart", "p chart"),
                U: QT_TRANSLATE_NOOP("domain.metric_chart", "u chart")}
# The note on values that do not fill a last subgroup, by (phase, just one value left).
_LEFT_OUT = {
    ("before", True): QT_TRANSLATE_NOOP("domain.metric_chart", "The last {left} before value "
                                        "does not fill a subgroup of {size} and is left out."),
    ("before", False): QT_TRANSLATE_NOOP("domain.metric_chart", "The last {left} before values "
                                         "do not fill a subgroup of {size} and are left out."),
    ("after", True): QT_TRANSLATE_NOOP("domain.metric_chart", "The last {left} after value does "
                                       "not fill a subgroup of {size} and is left out."),
    ("after", False): QT_TRANSLATE_NOOP("domain.metric_chart", "The last {left} after values do "
                                        "not fill a subgroup of {size} and are left out."),
}
RECOMPUTE, FROZEN = spc.PHASE_MODES
PHASE_MODE_LABELS = {
    RECOMPUTE: QT_TRANSLATE_NOOP("domain.metric_chart", "Limits per phase"),
    FROZEN: QT_TRANSLATE_NOOP("domain.metric_chart", "Before limits carried forward"),
}
SUBGROUPED = (XBAR_R, XBAR_S)
RATES = (P, U)


@dataclass(frozen=True)
class Panel:
    """One plotted chart: the points at 1-based positions ``xs`` on the shared axis."""

    name: str  # "I", "X-bar", "MR", "R", "S", "p", "u"
    chart: Chart
    xs: tuple[int, ...]


@dataclass(frozen=True)
class MetricChart:
    kind: str
    mode: str
    location: Panel
    spread: Panel | None
    n_before: int  # points of the location chart in the before phase
    subgroup_size: int
    rule_set: str
    signals: tuple[Signal, ...]  # on the location chart, indices into its points
    spread_signals: tuple[Signal, ...]  # beyond the spread chart's limits, indices into it
    notes: tuple[str, ...]

    @property
    def signal_points(self) -> set[int]:
        return {i for s in self.signals for i in s.points}


def effective_kind(kind: str | None, subgroup_size: int) -> str:
    """The chart drawn for a plan's kind (None = automatic)."""
    if kind is None:
        return XBAR_R if subgroup_size > 1 else IMR
    if kind not in CHART_KINDS:
        raise ValueError(f"kind: must be one of {', '.join(CHART_KINDS)}.")
    return kind


def metric_chart(
    before: Sequence[float], after: Sequence[float], *, kind: str | None = None,
    subgroup_size: int = 1, sample_size: float | None = None, percent: bool = False,
    mode: str = RECOMPUTE, rule_set: str = spc_rules.WESTERN_ELECTRIC,
) -> MetricChart:
    """The chart of the two phases; ValueError (naming what is missing) when it cannot be drawn.

    ``percent``: p-chart values are percentages (the metric's unit is %), plotted as such."""
    kind = effective_kind(kind, subgroup_size)
    if mode not in spc.PHASE_MODES:
        raise ValueError(f"mode: must be one of {', '.join(spc.PHASE_MODES)}.")
    if rule_set not in spc_rules.RULE_SETS:
        raise ValueError(f"rule_set: must be one of {', '.join(spc_rules.RULE_SETS)}.")
    phases = [[float(v) for v in before], [float(v) for v in after]]
    notes: list[str] = []
    size = subgroup_size if kind in SUBGROUPED else 1
    if kind in SUBGROUPED:
        if size < 2:
            raise ValueError("subgroup_size: " + translate(
                "domain.metric_chart", "X-bar charts need subgroups of 2 or more values."))
        for name, values in zip(("before", "after"), phases, strict=True):
            left = len(values) % size
            if left:
                note = translate("domain.metric_chart", _LEFT_OUT[name, left == 1])
                notes.append(note.format(left=left, size=size))
                del values[len(values) - left:]
    scale = 100.0 if kind == P and percent else 1.0
    if kind in RATES:
        if sample_size is None or not (sample_size > 0 and math.isfinite(sample_size)):
            raise ValueError("sample_size: " + translate(
                "domain.metric_chart",
                "a p or u chart needs the number of items or units each measurement was counted "
                "over."))
        rates = [v / scale for p_ in phases for v in p_]
        if kind == P and any(not 0 <= r <= 1 for r in rates):
            top = "100 %" if percent else "1"
            raise ValueError("values: " + translate(
                "domain.metric_chart",
                "a p chart reads each measurement as a share defective between 0 and "
                "{top}.").format(top=top))
        if kind == U and any(r < 0 for r in rates):
            raise ValueError("values: " + translate(
                "domain.metric_chart",
                "a u chart reads each measurement as defects per unit, never below 0."))
        phases = [[v / scale for v in p_] for p_ in phases]
    points_per_phase = [len(p_) // size for p_ in phases]
    minimum = 2
    if points_per_phase[0] < minimum:
        needed = minimum * size
        sentence = (translate("domain.metric_chart", "the chart needs at least {needed} before "
                              "values ({minimum} subgroups).") if size > 1 else
                    translate("domain.metric_chart", "the chart needs at least {needed} before "
                              "values ({minimum} points)."))
        raise ValueError("before: " + sentence.format(needed=needed, minimum=minimum))

    def build(values: list[float]) -> tuple[Chart, Chart | None]:
        return _build(kind, values, size, sample_size)

    base_loc, base_spread = build(phases[0])
    charts = [(base_loc, base_spread)]
    after_points = points_per_phase[1]
    if after_points:
        if mode == RECOMPUTE and after_points >= minimum:
            charts.append(build(phases[1]))
        else:
            if mode == RECOMPUTE:
                notes.append(translate(
                    "domain.metric_chart",
                    "The after phase has too few points for limits of its own; it is "
                    "shown against the before limits."))
            charts.append(_carried(kind, base_loc, base_spread, phases[1], size, sample_size))
    loc_points, spread_points = _join([c[0] for c in charts]), None
    signals: list[Signal] = []
    if mode == FROZEN or len(charts) == 1 or (mode == RECOMPUTE and after_points < minimum):
        signals = spc_rules.check(loc_points, rule_set)
    else:
        offset = 0
        for loc, _spread in charts:
            for s in spc_rules.check(loc, rule_set):
                signals.append(Signal(s.rule, s.description,
                                      tuple(i + offset for i in s.points)))
            offset += len(loc.points)
        signals.sort(key=lambda s: (s.rule, s.points))
    spread_panel = None
    spread_signals: list[Signal] = []
    if base_spread is not None:
        spreads = [c[1] for c in charts if c[1] is not None]
        spread_points = _join(spreads)
        xs = _spread_xs(kind, [len(c[0].points) for c in charts])
        spread_panel = Panel(_SPREAD_NAMES[kind], spread_points, xs)
        beyond = [i for i, (x, hi, lo) in enumerate(zip(spread_points.points, spread_points.ucl,
                                                        spread_points.lcl, strict=True))
                  if x > hi or x < lo]
        spread_signals = [Signal(_SPREAD_NAMES[kind], _BEYOND_ITS_LIMITS, (i,))
                          for i in beyond]
    if scale != 1.0:
        loc_points = _scaled(loc_points, scale)
    location = Panel(_LOCATION_NAMES[kind], loc_points,
                     tuple(range(1, len(loc_points.points) + 1)))
    return MetricChart(kind, mode, location, spread_panel, points_per_phase[0], size, rule_set,
                       tuple(signals), tuple(spread_signals), tuple(notes))


_LOCATION_NAMES = {IMR: "I", XBAR_R: "X-bar", XBAR_S: "X-bar", P: "p", U: "u"}
_SPREAD_NAMES = {IMR: "MR", XBAR_R: "R", XBAR_S: "S"}
# A signal's words stay English in the data (marked in the rules' context, shown translated).
_BEYOND_ITS_LIMITS = QT_TRANSLATE_NOOP("domain.spc_rules", "1 point beyond its limits")


def _build(kind: str, values: list[float], size: int, sample_size: float | None
           ) -> tuple[Chart, Chart | None]:
    if kind == IMR:
        loc = spc.individuals(values)
        mr = moving_ranges(values)
        mr_bar = sum(mr) / len(mr)
        spread = Chart("MR", tuple(mr), (mr_bar,) * len(mr), (D4 * mr_bar,) * len(mr),
                       (0.0,) * len(mr), (0.0,) * len(mr))
        return loc, spread
    if kind in SUBGROUPED:
        groups = [values[i:i + size] for i in range(0, len(values), size)]
        pair = spc.xbar_r(groups) if kind == XBAR_R else spc.xbar_s(groups)
        return pair.location, pair.spread
    n = float(sample_size or 1)
    centre = sum(values) / len(values)  # equal sample sizes: the mean rate is the pooled one
    return _rate_chart(kind, values, centre, n), None


def _rate_chart(kind: str, rates: list[float], centre: float, n: float) -> Chart:
    sigma = math.sqrt(centre * (1 - centre) / n) if kind == P else math.sqrt(centre / n)
    m = len(rates)
    upper = centre + 3 * sigma
    return Chart(kind, tuple(rates), (centre,) * m, (min(1.0, upper) if kind == P else upper,) * m,
                 (max(0.0, centre - 3 * sigma),) * m, (sigma,) * m)


def _carried(kind: str, loc: Chart, spread: Chart | None, values: list[float], size: int,
             sample_size: float | None) -> tuple[Chart, Chart | None]:
    """The after phase's points against the before phase's centre and limits."""
    if kind in RATES:
        return _rate_chart(kind, values, loc.centre[0], float(sample_size or 1)), None
    if kind == IMR:
        points = values
        spread_points = moving_ranges(values)
    else:
        groups = [values[i:i + size] for i in range(0, len(values), size)]
        points = [sum(g) / size for g in groups]
        spread_points = ([max(g) - min(g) for g in groups] if kind == XBAR_R
                         else [_sd(g) for g in groups])
    carried_loc = _constant_like(loc, points)
    carried_spread = _constant_like(spread, spread_points) if spread is not None else None
    return carried_loc, carried_spread


def _constant_like(chart: Chart, points: Sequence[float]) -> Chart:
    m = len(points)
    return Chart(chart.kind, tuple(points), (chart.centre[0],) * m, (chart.ucl[0],) * m,
                 (chart.lcl[0],) * m, (chart.sigma[0],) * m)


def _sd(values: Sequence[float]) -> float:
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))


def _join(charts: Sequence[Chart]) -> Chart:
    first = charts[0]
    return Chart(first.kind, *(tuple(v for c in charts for v in getattr(c, field))
                               for field in ("points", "centre", "ucl", "lcl", "sigma")))


def _spread_xs(kind: str, lengths: Sequence[int]) -> tuple[int, ...]:
    """Positions of the spread points: a moving range sits at its later value; R and S at
    their subgroup."""
    xs: list[int] = []
    start = 1
    for length in lengths:
        xs.extend(range(start + 1 if kind == IMR else start, start + length))
        start += length
    return tuple(xs)


def _scaled(chart: Chart, scale: float) -> Chart:
    def times(values: tuple[float, ...]) -> tuple[float, ...]:
        return tuple(v * scale for v in values)

    return Chart(chart.kind, times(chart.points), times(chart.centre), times(chart.ucl),
                 times(chart.lcl), times(chart.sigma))


@dataclass(frozen=True)
class SignalGroup:
    """Signals as a person reads them: one rule's single-point signals together."""

    rule: str
    description: str
    points: tuple[int, ...]
    count: int  # how many signals the group holds


def grouped(signals: Sequence[Signal]) -> list[SignalGroup]:
    """``signals`` in their order, a rule's single-point signals merged into one group at the
    place of the first (ten points beyond the limits are one finding with ten points)."""
    singles: dict[str, list[Signal]] = {}
    for s in signals:
        if len(s.points) == 1:
            singles.setdefault(s.rule, []).append(s)
    out: list[SignalGroup] = []
    written: set[str] = set()
    for s in signals:
        if len(s.points) == 1:
            if s.rule in written:
                continue
            written.add(s.rule)
            group = singles[s.rule]
            out.append(SignalGroup(s.rule, s.description,
                                   tuple(g.points[0] for g in group), len(group)))
        else:
            out.append(SignalGroup(s.rule, s.description, s.points, 1))
    return out


def signal_lines(chart: MetricChart) -> list[str]:
    """One plain line per signal: the rule, its words and the points (1-based, as plotted).
    Single-point signals of one rule share a line ("…, 3 times (subgroups 37–39)")."""
    unit = "subgroup" if chart.subgroup_size > 1 else "point"
    lines = []
    for g in grouped(chart.signals):
        where = points_text(g.points, unit)
        words = translate("domain.spc_rules", text=g.description)
        line = (translate("domain.metric_chart", "{rule}: {description}, {count} times ({where})")
                if g.count > 1 else translate(
                    "domain.metric_chart", "{rule}: {description} ({where})"))
        lines.append(line.format(rule=g.rule, description=words, count=g.count, where=where))
    for s in chart.spread_signals:
        # A spread point is numbered by where it is plotted (a moving range at its later value).
        xs = tuple(chart.spread.xs[i] - 1 for i in s.points) if chart.spread else s.points
        lines.append(translate(
            "domain.metric_chart", "{rule} chart: {description} ({where})").format(
            rule=s.rule, description=s.shown_description, where=points_text(xs, unit)))
    return lines


def points_text(points: Sequence[int], unit: str) -> str:
    """"points 3, 7\u20139" from 0-based indices."""
    numbers = [p + 1 for p in points]
    if len(numbers) == 1:
        one = {"point": translate("domain.metric_chart", "point {number}"),
               "subgroup": translate("domain.metric_chart", "subgroup {number}")}
        return one.get(unit, unit + " {number}").format(number=numbers[0])
    runs: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(f"{start}\u2013{prev}" if prev > start else str(start))
        if n is not None:
            start = prev = n
    many = {"point": translate("domain.metric_chart", "points {numbers}"),
            "subgroup": translate("domain.metric_chart", "subgroups {numbers}")}
    return many.get(unit, unit + "s {numbers}").format(numbers=", ".join(runs))
