"""The figures a practitioner reads under the verdict (issue 17), as plain lines of text: the
primary test with Welch's df, the difference and its 95% CI, Hedges' g; the robustness check
with the Hodges-Lehmann shift; the plan (test, sidedness, rule set); the planned sample size;
capability before and after; and the control-chart signals. Pure formatting of a
:class:`~kaizen.services.metric_statistics.MetricAnalysis`, so it is tested without a window.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from kaizen.domain.capability import SIGMA_SHIFT_NOTE
from kaizen.domain.metric_chart import SHORT_LABELS, SUBGROUPED, grouped, points_text
from kaizen.domain.numbers import format_measure
from kaizen.domain.spc_rules import RULE_SET_LABELS
from kaizen.domain.verdict import TEST_NAMES, WELCH

if TYPE_CHECKING:
    from kaizen.domain.capability import Capability, Index
    from kaizen.domain.verdict import TestLine
    from kaizen.services.metric_statistics import MetricAnalysis

MAX_SIGNALS = 4


def detail_lines(a: MetricAnalysis) -> list[str]:
    lines: list[str] = []
    v = a.verdict
    if v.primary is not None:
        lines.append("Primary: " + _test_text(v.primary, a.unit, v.one_sided))
        if v.hedges_g is not None:
            lines[-1] += f"; Hedges' g {_num(v.hedges_g)}"
    if v.robustness is not None:
        lines.append("Robustness check: " + _test_text(v.robustness, a.unit, v.one_sided))
    plan = a.plan
    rules = RULE_SET_LABELS.get(plan.rule_set, plan.rule_set)
    chart = SHORT_LABELS.get(plan.chart, plan.chart)
    groups = f", subgroups of {plan.subgroup_size}" if plan.subgroup_size > 1 else ""
    lines.append(
        f"Plan: {TEST_NAMES.get(plan.primary_test, plan.primary_test)}, "
        f"{'one-sided' if plan.one_sided else 'two-sided'}, fixed before the after-data; "
        f"chart {chart}{groups}; {rules}"
        f"{', the site default' if plan.rule_set_is_default else ''}")
    if a.planned_n is not None and plan.target_change:
        lines.append(f"Samples per phase to detect a change of {_num(abs(plan.target_change))}"
                     f"{_unit(a.unit)}: {a.planned_n} (80% power)")
    for label, cap in (("before", a.capability_before), ("after", a.capability_after)):
        if cap is not None:
            lines.append(f"Capability {label}: {_capability_text(cap)}")
    if (a.capability_before or a.capability_after) is not None:
        lines.append(f"DPMO from the overall sigma; {SIGMA_SHIFT_NOTE}.")
    elif a.capability_note:
        lines.append(a.capability_note)
    unit = "subgroup" if plan.chart in SUBGROUPED else "point"
    if a.signals:
        groups = grouped(a.signals)
        shown = [f"{g.rule} at {points_text(g.points, unit)}" for g in groups[:MAX_SIGNALS]]
        more = len(groups) - MAX_SIGNALS
        lines.append(f"Signals on the before-limits ({chart}): " + "; ".join(shown)
                     + (f"; {more} more" if more > 0 else ""))
    elif a.chart is not None:
        lines.append(f"No control-chart signal on the before-phase limits ({chart}).")
    elif a.chart_note:
        lines.append(f"Control chart ({chart}): {a.chart_note}")
    return lines


def _test_text(line: TestLine, unit: str, one_sided: bool) -> str:
    symbol = "t" if line.test == WELCH else "W"
    df = f", df {line.df:.1f}" if line.df is not None else ""
    what = "difference" if line.test == WELCH else "Hodges-Lehmann shift"
    return (f"{line.name} {symbol} = {_num(line.statistic)}{df}, {line.p_text}; "
            f"{what} {_num(line.estimate)}{_unit(unit)} ({_interval(line)})")


def _interval(line: TestLine) -> str:
    if math.isinf(line.ci_low):
        return f"95% upper bound {_num(line.ci_high)}"
    if math.isinf(line.ci_high):
        return f"95% lower bound {_num(line.ci_low)}"
    return f"95% CI {_num(line.ci_low)} to {_num(line.ci_high)}"


def _capability_text(c: Capability) -> str:
    parts = []
    for name, index in (("Cp", c.cp), ("Cpk", c.cpk), ("Cpm", c.cpm)):
        if index is not None:
            parts.append(f"{name} {_index(index)}")
    if c.pp is not None:
        parts.append(f"Pp {c.pp:.2f}")
    parts.append(f"Ppk {c.ppk:.2f}")
    outside = c.expected_below_pct + c.expected_above_pct
    observed = c.observed_below_pct + c.observed_above_pct
    parts.append(f"outside {outside:.2f}% expected, {observed:.1f}% seen")
    parts.append(f"DPMO {c.dpmo:,.0f}")
    parts.append(f"sigma level {c.sigma_level:.2f}" if math.isfinite(c.sigma_level)
                 else "sigma level above 6")
    return ", ".join(parts)


def _index(index: Index) -> str:
    return f"{index.value:.2f} ({index.low:.2f}\u2013{index.high:.2f})"


def _num(value: float) -> str:
    return format_measure(value)


def _unit(unit: str) -> str:
    return f" {unit}" if unit else ""
