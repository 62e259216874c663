"""The monthly report's capability section (issue 17): for each completed change's metric that
has spec limits, Cp, Cpk, Pp, Ppk, DPMO and the sigma level before and after the change.

Read with the rest of the report (:func:`kaizen.reports.data.build_monthly_report` passes the
month's changes with their samples); the plans come from
``MetricStatisticsService.plans`` in one read, the figures from the same function the
Measurements view uses (:func:`kaizen.services.metric_statistics.capability_of`), so the report
and the screen agree. The writers lay them out: :mod:`.pdf_capability`, the XLSX "Capability"
sheet and the CSV ``capability.csv``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kaizen.domain.capability import Capability
from kaizen.i18n import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.report_queries import ChangeRow

# Marked only: the report translates them where it writes them (translate(..., text=NOTE)).
SIGMA_SHIFT_NOTE = QT_TRANSLATE_NOOP(
    "reports.capability_data", "Sigma level: the expected DPMO read as a short-term sigma with "
    "the usual 1.5-sigma shift (a DPMO of 3.4 is 6 sigma).")
SIGMA_BASIS_NOTE = QT_TRANSLATE_NOOP(
    "reports.capability_data", "Cp and Cpk use the within-subgroup sigma (R-bar/d2 for "
    "subgroups, the moving range for single values); Pp and Ppk the overall standard "
    "deviation.")


@dataclass(frozen=True, slots=True)
class CapabilityResult:
    suggestion_id: int
    metric_id: int
    title: str
    metric: str
    unit: str
    lsl: float | None
    usl: float | None
    target: float | None
    subgroup_size: int
    before: Capability | None
    after: Capability | None
    note: str | None  # why a phase has no figures (too few values, no spread)
    before_values: list[float] = field(repr=False, default_factory=list)
    after_values: list[float] = field(repr=False, default_factory=list)

    @property
    def specs_text(self) -> str:
        """"LSL 2, USL 8, target 5": the spec limits and the target there are."""
        return ", ".join(part for part in (self.limits_text, self.target_text) if part)

    @property
    def limits_text(self) -> str:
        return ", ".join(f"{name} {value:g}" for name, value in (
            ("LSL", self.lsl), ("USL", self.usl)) if value is not None)

    @property
    def target_text(self) -> str:
        """"target 5" in the language of the work; empty without a target."""
        if self.target is None:
            return ""
        return translate("reports.capability_data", "target {value}").format(
            value=f"{self.target:g}")


def capability_results(services: Services, changes: Sequence[ChangeRow]
                       ) -> list[CapabilityResult]:
    """One result per metric with spec limits, in the order of the changes (each metric once)."""
    from kaizen.services.metric_statistics import capability_of

    seen: set[int] = set()
    metrics = []
    for change in changes:
        for metric in change.metrics:
            if metric.metric_id not in seen:
                seen.add(metric.metric_id)
                metrics.append((change, metric))
    plans = services.statistics.plans([m.metric_id for _c, m in metrics])
    out: list[CapabilityResult] = []
    for change, metric in metrics:
        plan = plans.get(metric.metric_id)
        if plan is None or (plan.lsl is None and plan.usl is None):
            continue
        before, why_before = capability_of(metric.before, plan)
        after, why_after = capability_of(metric.after, plan)
        out.append(CapabilityResult(
            suggestion_id=change.suggestion_id, metric_id=metric.metric_id,
            title=change.title, metric=metric.name,
            unit=metric.unit, lsl=plan.lsl, usl=plan.usl, target=plan.target,
            subgroup_size=plan.subgroup_size, before=before, after=after,
            note=why_before or why_after, before_values=list(metric.before),
            after_values=list(metric.after)))
    return out


def figures(cap: Capability | None) -> list[float | None]:
    """Cp, Cpk, Pp, Ppk, DPMO and sigma level of one phase (None where there is none)."""
    if cap is None:
        return [None] * 6
    return [cap.cp.value if cap.cp else None, cap.cpk.value, cap.pp, cap.ppk, cap.dpmo,
            cap.sigma_level]


FIGURE_NAMES = ("Cp", "Cpk", "Pp", "Ppk", "DPMO", "Sigma level")


# The capability table of the XLSX sheet and the CSV file: one row per metric, the same columns.
TABLE_HEADER = ["idea_id", "title", "metric", "unit", "lsl", "usl", "target", "subgroup_size",
                *(f"{phase}_{name}" for phase in ("before", "after") for name in (
                    "n", "cp", "cpk", "pp", "ppk", "dpmo", "sigma_level")),
                "note"]


def table_rows(results: Sequence[CapabilityResult]) -> list[list[object]]:
    """The rows under :data:`TABLE_HEADER` (numbers as numbers, None where there is none)."""
    rows: list[list[object]] = []
    for r in results:
        row: list[object] = [r.suggestion_id, r.title, r.metric, r.unit, r.lsl, r.usl,
                             r.target, r.subgroup_size]
        for cap in (r.before, r.after):
            row += [cap.n if cap else None, *figures(cap)]
        rows.append([*row, r.note or ""])
    return rows
