"""One verdict everywhere: the panel, the PDF, the XLSX and the CSV show the words of
:func:`kaizen.domain.verdict.judge` for measured values. This adapter puts them in the
:class:`kaizen.domain.statistics.Comparison` shape the charts and reports already read, so those
need no second code path; 0/1 outcomes (rates) keep the proportion tests of
:mod:`kaizen.domain.statistics`.
"""

from __future__ import annotations

from collections.abc import Sequence

from kaizen.domain.enums import MetricDirection
from kaizen.domain.statistics import Comparison, compare
from kaizen.domain.verdict import IMPROVED, WORSE, Verdict, judge


def is_rate(before: Sequence[float], after: Sequence[float]) -> bool:
    """0/1 outcomes in both phases: compared as proportions."""
    values = [*before, *after]
    return bool(before) and bool(after) and all(v in (0.0, 1.0) for v in values)


def comparison_of(
    before: Sequence[float], after: Sequence[float], direction: MetricDirection, *,
    name: str | None = None, unit: str = "", primary: str = "welch", one_sided: bool = False,
    target_change: float | None = None,
) -> tuple[Comparison, Verdict | None]:
    """The comparison a report row or the panel shows, and the verdict behind it (None for
    rates)."""
    if is_rate(before, after):
        return compare(before, after, direction, kind="rate", metric_name=name), None
    v = judge(before, after, direction, primary=primary, one_sided=one_sided,
              metric_name=name, unit=unit, target_change=target_change)
    line = v.primary
    return Comparison(
        test_name=line.name if line else None,
        statistic=line.statistic if line else None,
        p_value=line.p_value if line else None,
        significant=v.status in (IMPROVED, WORSE),
        improved=v.status == IMPROVED,
        improvement_pct=v.improvement_pct,
        verdict=v.text,
    ), v
