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
from kaizen.domain.numbers import format_measure, format_number
from kaizen.domain.spc_rules import RULE_SET_LABELS
from kaizen.domain.verdict import TEST_NAMES, WELCH
from kaizen.i18n import translate

if TYPE_CHECKING:
    from kaizen.domain.capability import Capability, Index
    from kaizen.domain.verdict import TestLine
    from kaizen.services.metric_statistics import MetricAnalysis

MAX_SIGNALS = 4


def detail_lines(a: MetricAnalysis) -> list[str]:
    lines: list[str] = []
    v = a.verdict
    if v.primary is not None:
        lines.append(translate("ui.measure.stats_details", "Primary: {test}").format(
            test=_test_text(v.primary, a.unit, v.one_sided)))
        if v.hedges_g is not None:
            lines[-1] += translate("ui.measure.stats_details",
                                   "; Hedges' g {g}").format(g=_num(v.hedges_g))
    if v.robustness is not None:
        lines.append(translate("ui.measure.stats_details", "Robustness check: {test}").format(
            test=_test_text(v.robustness, a.unit, v.one_sided)))
    plan = a.plan
    rules = (translate("domain.spc_rules", RULE_SET_LABELS[plan.rule_set])
             if plan.rule_set in RULE_SET_LABELS else plan.rule_set)
    chart = (translate("domain.metric_chart", SHORT_LABELS[plan.chart])
             if plan.chart in SHORT_LABELS else plan.chart)
    test = (translate("domain.verdict", TEST_NAMES[plan.primary_test])
            if plan.primary_test in TEST_NAMES else plan.primary_test)
    groups = (translate("ui.measure.stats_details",
                        ", subgroups of {size}").format(size=plan.subgroup_size)
              if plan.subgroup_size > 1 else "")
    sided = (translate("ui.measure.stats_details", "one-sided") if plan.one_sided
             else translate("ui.measure.stats_details", "two-sided"))
    lines.append(translate(
        "ui.measure.stats_details",
        "Plan: {test}, {sided}, fixed before the after-data; chart {chart}{groups}; "
        "{rules}{default}").format(
        test=test, sided=sided, chart=chart, groups=groups, rules=rules,
        default=translate("ui.measure.stats_details",
                          ", the site default") if plan.rule_set_is_default else ""))
    if a.planned_n is not None and plan.target_change:
        lines.append(translate(
            "ui.measure.stats_details",
            "Samples per phase to detect a change of {change}: {n} (80% power)").format(
            change=_num(abs(plan.target_change)) + _unit(a.unit), n=a.planned_n))
    if a.capability_before is not None:
        lines.append(translate("ui.measure.stats_details", "Capability before: {figures}").format(
            figures=_capability_text(a.capability_before)))
    if a.capability_after is not None:
        lines.append(translate("ui.measure.stats_details", "Capability after: {figures}").format(
            figures=_capability_text(a.capability_after)))
    if (a.capability_before or a.capability_after) is not None:
        lines.append(translate("ui.measure.stats_details",
                               "DPMO from the overall sigma; {note}.").format(
            note=translate("domain.capability", SIGMA_SHIFT_NOTE)))
    elif a.capability_note:
        lines.append(a.capability_note)
    unit = "subgroup" if plan.chart in SUBGROUPED else "point"  # points_text's English word
    if a.signals:
        groups = grouped(a.signals)
        shown = [translate("ui.measure.stats_details", "{rule} at {points}").format(
            rule=g.rule, points=points_text(g.points, unit)) for g in groups[:MAX_SIGNALS]]
        more = len(groups) - MAX_SIGNALS
        lines.append(translate("ui.measure.stats_details",
                               "Signals on the before-limits ({chart}): ").format(chart=chart)
                     + "; ".join(shown)
                     + (translate("ui.measure.stats_details",
                                  "; {count} more").format(count=more) if more > 0 else ""))
    elif a.chart is not None:
        lines.append(translate("ui.measure.stats_details",
                               "No control-chart signal on the before-phase limits ({chart}).")
                     .format(chart=chart))
    elif a.chart_note:
        lines.append(translate("ui.measure.stats_details",
                               "Control chart ({chart}): {note}").format(chart=chart,
                                                                    note=a.chart_note))
    return lines


def _test_text(line: TestLine, unit: str, one_sided: bool) -> str:
    symbol = "t" if line.test == WELCH else "W"
    df = f", df {format_number(line.df, 1)}" if line.df is not None else ""
    said = (translate("ui.measure.stats_details",
                      "{name} {symbol} = {statistic}{df}, {p}; difference {estimate} ({interval})")
            if line.test == WELCH else
            translate("ui.measure.stats_details",
                      "{name} {symbol} = {statistic}{df}, {p}; Hodges-Lehmann shift "
                           "{estimate} ({interval})"))
    return said.format(name=line.name, symbol=symbol, statistic=_num(line.statistic), df=df,
                       p=line.p_text, estimate=_num(line.estimate) + _unit(unit),
                       interval=_interval(line))


def _interval(line: TestLine) -> str:
    if math.isinf(line.ci_low):
        return translate("ui.measure.stats_details",
                         "95% upper bound {value}").format(value=_num(line.ci_high))
    if math.isinf(line.ci_high):
        return translate("ui.measure.stats_details",
                         "95% lower bound {value}").format(value=_num(line.ci_low))
    return translate("ui.measure.stats_details", "95% CI {low} to {high}").format(
        low=_num(line.ci_low), high=_num(line.ci_high))


def _capability_text(c: Capability) -> str:
    parts = []
    for name, index in (("Cp", c.cp), ("Cpk", c.cpk), ("Cpm", c.cpm)):
        if index is not None:
            parts.append(f"{name} {_index(index)}")
    if c.pp is not None:
        parts.append(f"Pp {format_number(c.pp, 2)}")
    parts.append(f"Ppk {format_number(c.ppk, 2)}")
    outside = c.expected_below_pct + c.expected_above_pct
    observed = c.observed_below_pct + c.observed_above_pct
    parts.append(translate("ui.measure.stats_details",
                           "outside {expected}% expected, {seen}% seen").format(
        expected=format_number(outside, 2), seen=format_number(observed, 1)))
    parts.append(f"DPMO {format_number(c.dpmo)}")
    parts.append(translate("ui.measure.stats_details",
                           "sigma level {level}").format(level=format_number(c.sigma_level, 2))
                 if math.isfinite(c.sigma_level) else translate("ui.measure.stats_details",
                                                                "sigma level above 6"))
    return ", ".join(parts)


def _index(index: Index) -> str:
    return (f"{format_number(index.value, 2)} "
            f"({format_number(index.low, 2)}\u2013{format_number(index.high, 2)})")


def _num(value: float) -> str:
    return format_measure(value)


def _unit(unit: str) -> str:
    return f" {unit}" if unit else ""
