"""A metric's statistics plan and everything the Measurements view, the reports and the savings
check read from it: the verdict, the planned sample size, capability before and after, the
control chart with its signals, and whether the improvement is proven.

The plan (spec limits, target, primary test, one-sided, hoped-for change, subgroup size, chart
kind and, for p and u charts, the items or units counted per measurement, rule set) is recorded
through :meth:`MetricStatisticsService.set_plan` (or with a new metric, :func:`apply_plan`),
audited. The primary test and its sidedness are refused once after-data exist: choosing them
after seeing the data is what issue 17 forbids. The rule set falls back to the site default
(setting ``spc_rule_set``).

"Savings follow proof" (:func:`proof_for_suggestion`): a suggestion's improvement is proven
when one of its metrics has a significant primary test in the better direction that the
robustness check does not contradict, or a sustained shift under the chosen rules in the
after-phase, on the better side of the before-phase's frozen limits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kaizen.db.models import Measurement, Metric
from kaizen.domain.capability import Capability, capability, check_specs
from kaizen.domain.enums import MeasurementPhase, MetricDirection
from kaizen.domain.errors import Conflict, ValidationError
from kaizen.domain.metric_chart import MetricChart
from kaizen.domain.permissions import Action, require
from kaizen.domain.spc import Chart
from kaizen.domain.spc_rules import RULE_SETS, Signal
from kaizen.domain.verdict import IMPROVED, PRIMARY_TESTS, Verdict
from kaizen.i18n import translate
from kaizen.services.base import Service, audit, get_or_404, load_actor, snapshot

_KEEP: Any = object()
PLAN_FIELDS = ("lsl", "usl", "target", "target_change", "primary_test", "one_sided",
               "subgroup_size", "rule_set", "chart_kind", "sample_size")
MAX_SUBGROUP = 25


@dataclass(frozen=True, slots=True)
class StatisticsPlan:
    metric_id: int
    lsl: float | None
    usl: float | None
    target: float | None
    target_change: float | None
    primary_test: str
    one_sided: bool
    subgroup_size: int
    rule_set: str  # the effective rule set
    rule_set_is_default: bool
    chart_kind: str | None = None  # None: automatic (I-MR, or X-bar/R for subgroups)
    sample_size: float | None = None  # items (p) or units (u) per measurement

    @property
    def chart(self) -> str:
        """The chart drawn (the automatic choice resolved)."""
        from kaizen.domain.metric_chart import effective_kind

        return effective_kind(self.chart_kind, self.subgroup_size)


@dataclass(frozen=True)
class MetricAnalysis:
    """One metric's statistics, read in one transaction (see the module docstring)."""

    metric_id: int
    name: str
    unit: str
    direction: MetricDirection
    plan: StatisticsPlan
    before: list[float]
    after: list[float]
    verdict: Verdict
    planned_n: int | None
    capability_before: Capability | None
    capability_after: Capability | None
    capability_note: str | None
    chart: Chart | None  # the plan's chart, before and after on the before-phase's frozen limits
    signals: list[Signal]
    sustained_shift: bool
    proven: bool
    proof_text: str
    chart_note: str | None = None  # why the plan's chart cannot be drawn, or what it left out


class MetricStatisticsService(Service):
    def plan(self, metric_id: int) -> StatisticsPlan:
        with self._db.read() as s:
            return _plan(
                s,
                get_or_404(s, Metric, metric_id, translate("services.metric_statistics", "Metric")),
            )

    def set_plan(
        self,
        actor_id: int,
        metric_id: int,
        *,
        lsl: float | None = _KEEP,
        usl: float | None = _KEEP,
        target: float | None = _KEEP,
        target_change: float | None = _KEEP,
        primary_test: str = _KEEP,
        one_sided: bool = _KEEP,
        subgroup_size: int = _KEEP,
        rule_set: str | None = _KEEP,
        chart_kind: str | None = _KEEP,
        sample_size: float | None = _KEEP,
    ) -> StatisticsPlan:
        """Change some of the plan (arguments left out stay as they are); audited."""
        changes = {k: v for k, v in (
            ("lsl", lsl), ("usl", usl), ("target", target), ("target_change", target_change),
            ("primary_test", primary_test), ("one_sided", one_sided),
            ("subgroup_size", subgroup_size), ("rule_set", rule_set),
            ("chart_kind", chart_kind), ("sample_size", sample_size)) if v is not _KEEP}
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.RECORD_MEASUREMENT)
            metric: Metric = get_or_404(
                s, Metric, metric_id, translate("services.metric_statistics", "Metric")
            )
            apply_plan(s, actor.id, metric, changes, self._clock())
            return _plan(s, metric)

    def plans(self, metric_ids: list[int]) -> dict[int, StatisticsPlan]:
        """The plans of several metrics in one read (the monthly report's capability section);
        ids that do not exist are left out."""
        if not metric_ids:
            return {}
        with self._db.read() as s:
            from kaizen.services.people import load_settings

            default = load_settings(s).spc_rule_set  # read once for all of them
            metrics = s.scalars(select(Metric).where(Metric.id.in_(set(metric_ids))))
            return {m.id: _plan(s, m, default) for m in metrics}

    def analysis(self, metric_id: int) -> MetricAnalysis:
        """The metric's verdict, capability, chart and proof (one read; numbers computed after
        the transaction, so the database is not held while scipy works)."""
        with self._db.read() as s:
            metric: Metric = get_or_404(
                s, Metric, metric_id, translate("services.metric_statistics", "Metric")
            )
            plan = _plan(s, metric)
            before, after = _values(s, metric_id)
            name, unit, direction = metric.name, metric.unit, MetricDirection(metric.direction)
        return analyse(metric_id, name, unit, direction, plan, before, after)


def apply_plan(s: Session, actor_id: int, metric: Metric, changes: dict[str, Any],
               at: Any) -> None:
    """Validate ``changes`` to the metric's plan and record them, audited (inside the caller's
    unit of work: :meth:`MetricStatisticsService.set_plan`, or adding a metric with its plan)."""
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        name = sorted(unknown)[0]
        raise ValidationError(
            translate(
                "services.metric_statistics", "There is no plan field called {name!r}."
            ).format(name=name),
            field=name,
        )
    metric_id = metric.id
    lsl, usl, target, target_change = (changes.get(k, _KEEP) for k in (
        "lsl", "usl", "target", "target_change"))
    primary_test, one_sided, subgroup_size, rule_set, chart_kind, sample_size = (
        changes.get(k, _KEEP) for k in ("primary_test", "one_sided", "subgroup_size",
                                        "rule_set", "chart_kind", "sample_size"))
    before = snapshot(metric, PLAN_FIELDS)
    new = dict(before)
    for key, value in (("lsl", lsl), ("usl", usl), ("target", target),
                       ("target_change", target_change)):
        if value is not _KEEP:
            new[key] = _optional_number(value, key)
    if primary_test is not _KEEP:
        if primary_test not in PRIMARY_TESTS:
            raise ValidationError(
                translate(
                    "services.metric_statistics", "Pick Welch's t-test or the Mann-Whitney test."
                ),
                field="primary_test",
            )
        new["primary_test"] = primary_test
    if one_sided is not _KEEP:
        if not isinstance(one_sided, bool):
            raise ValidationError(
                translate("services.metric_statistics", "Say whether the test is one-sided."),
                field="one_sided",
            )
        new["one_sided"] = one_sided
    if subgroup_size is not _KEEP:
        if (isinstance(subgroup_size, bool) or not isinstance(subgroup_size, int)
                or not 1 <= subgroup_size <= MAX_SUBGROUP):
            raise ValidationError(
                translate(
                    "services.metric_statistics",
                    "The subgroup size is a whole number from 1 to {max_subgroup}.",
                ).format(max_subgroup=MAX_SUBGROUP),
                field="subgroup_size",
            )
        new["subgroup_size"] = subgroup_size
    if rule_set is not _KEEP:
        if rule_set is not None and rule_set not in RULE_SETS:
            raise ValidationError(
                translate("services.metric_statistics", "Pick Western Electric or Nelson rules."),
                field="rule_set",
            )
        new["rule_set"] = rule_set
    if chart_kind is not _KEEP:
        from kaizen.domain.metric_chart import CHART_KINDS

        if chart_kind is not None and chart_kind not in CHART_KINDS:
            raise ValidationError(
                translate(
                    "services.metric_statistics",
                    "Pick I-MR, X-bar/R, X-bar/S, a p or a u chart, or automatic.",
                ),
                field="chart_kind",
            )
        new["chart_kind"] = chart_kind
    if sample_size is not _KEEP:
        size = _optional_number(sample_size, "sample_size")
        if size is not None and size <= 0:
            raise ValidationError(
                translate(
                    "services.metric_statistics",
                    "The items or units counted per measurement must be above 0.",
                ),
                field="sample_size",
            )
        new["sample_size"] = size
    if new["chart_kind"] in ("p", "u") and new["sample_size"] is None:
        raise ValidationError(
            translate(
                "services.metric_statistics",
                "A p or u chart needs how many items or units each measurement counted.",
            ),
            field="sample_size",
        )
    if new["chart_kind"] in ("xbar_r", "xbar_s") and new["subgroup_size"] < 2:
        raise ValidationError(
            translate(
                "services.metric_statistics", "X-bar charts need subgroups of 2 or more values."
            ),
            field="subgroup_size",
        )
    try:
        if any(new[k] is not None for k in ("lsl", "usl", "target")):
            check_specs(new["lsl"], new["usl"], new["target"])
    except ValueError as error:
        field = str(error).split(":", 1)[0]
        raise ValidationError(str(error).split(": ", 1)[-1].capitalize(),
                              field=field) from None
    if new["target_change"] is not None and new["target_change"] == 0:
        raise ValidationError(
            translate("services.metric_statistics", "The hoped-for change cannot be 0."),
            field="target_change",
        )
    locked = {k for k in ("primary_test", "one_sided") if new[k] != before[k]}
    if locked:
        after_n = s.scalar(select(func.count()).select_from(Measurement).where(
            Measurement.metric_id == metric_id,
            Measurement.phase == MeasurementPhase.AFTER))
        if after_n:
            message = (
                translate(
                    "services.metric_statistics",
                    "The primary test and whether it is one-sided are fixed before the "
                    "after-data exist; this metric already has {after_n} after-measurement.",
                )
                if after_n == 1
                else translate(
                    "services.metric_statistics",
                    "The primary test and whether it is one-sided are fixed before the "
                    "after-data exist; this metric already has {after_n} "
                    "after-measurements.",
                )
            )
            raise Conflict(message.format(after_n=after_n))
    if new == before:
        return
    for key, value in new.items():
        setattr(metric, key, value)
    s.flush()
    audit(s, actor_id=actor_id, at=at, entity="metric", entity_id=metric.id,
          action="set_statistics_plan",
          before={k: before[k] for k in PLAN_FIELDS if before[k] != new[k]},
          after={k: new[k] for k in PLAN_FIELDS if before[k] != new[k]})


def proof_for_suggestion(session: Session, suggestion_id: int) -> tuple[bool, str]:
    """Whether any metric of the suggestion proves an improvement, and the words saying so."""
    metrics = list(session.scalars(
        select(Metric).where(Metric.suggestion_id == suggestion_id).order_by(Metric.id)))
    if not metrics:
        return False, translate("services.metric_statistics",
                                "The idea has no metric with before and after measurements.")
    texts = []
    for metric in metrics:
        before, after = _values(session, metric.id)
        result = analyse(metric.id, metric.name, metric.unit, MetricDirection(metric.direction),
                         _plan(session, metric), before, after)
        if result.proven:
            return True, result.proof_text
        texts.append(f"{metric.name}: {result.proof_text}")
    return False, " ".join(texts)


def analyse(
    metric_id: int, name: str, unit: str, direction: MetricDirection, plan: StatisticsPlan,
    before: list[float], after: list[float],
) -> MetricAnalysis:
    """The figures of :class:`MetricAnalysis` from plain data (no session)."""
    from kaizen.domain import spc_rules
    from kaizen.domain.verdict import judge, plan_sample_size

    verdict = judge(before, after, direction, primary=plan.primary_test,
                    one_sided=plan.one_sided, metric_name=name, unit=unit,
                    target_change=plan.target_change)
    planned = (plan_sample_size(before, plan.target_change, one_sided=plan.one_sided)
               if plan.target_change else None)
    cap_before = cap_after = None
    note = None
    if plan.lsl is not None or plan.usl is not None:
        cap_before, why_b = capability_of(before, plan)
        cap_after, why_a = capability_of(after, plan)
        note = why_b or why_a
    chart: Chart | None = None
    signals: list[Signal] = []
    shift = False
    control, chart_note = control_chart(plan, unit, before, after, frozen=True)
    if control is not None and len(control.location.chart.points) > control.n_before:
        # The proof reads the plan's chart with the before limits frozen: a lasting change
        # after it shows as a run on the better side.
        chart = control.location.chart
        signals = list(control.signals)
        better = -1 if direction is MetricDirection.LOWER_IS_BETTER else 1
        shift = spc_rules.sustained_shift(chart, signals, control.n_before, better)
    if verdict.status == IMPROVED:
        proven, proof = True, translate("services.metric_statistics",
                                        "the primary test shows a significant improvement.")
    elif shift:
        proven, proof = True, translate(
            "services.metric_statistics",
            "the control chart shows a sustained shift in the better direction after the change.")
    else:
        proven, proof = False, translate(
            "services.metric_statistics",
            "no proof yet: the primary test is not significant in the better direction and the "
            "chart shows no sustained shift.")
    return MetricAnalysis(metric_id, name, unit, direction, plan, before, after, verdict,
                          planned, cap_before, cap_after, note, chart, signals, shift, proven,
                          proof, chart_note)


def control_chart(plan: StatisticsPlan, unit: str, before: list[float], after: list[float], *,
                  frozen: bool) -> tuple[MetricChart | None, str | None]:
    """The plan's control chart of the two phases (before limits frozen, or per phase), or
    None and the words saying why it cannot be drawn; a drawn chart may carry notes too."""
    from kaizen.domain.metric_chart import FROZEN, RECOMPUTE, metric_chart

    try:
        chart = metric_chart(before, after, kind=plan.chart_kind,
                             subgroup_size=plan.subgroup_size, sample_size=plan.sample_size,
                             percent=unit.strip() == "%", mode=FROZEN if frozen else RECOMPUTE,
                             rule_set=plan.rule_set)
    except ValueError as error:
        text = str(error).split(": ", 1)[-1]
        return None, text[:1].upper() + text[1:]
    return chart, " ".join(chart.notes) or None


def capability_of(values: list[float], plan: StatisticsPlan) -> tuple[Capability | None,
                                                                      str | None]:
    """One phase's capability under the plan's specs and subgroups, or None and why not."""
    size = plan.subgroup_size
    usable = values[: len(values) - len(values) % size] if size > 1 else values
    needed = 2 * size if size > 1 else 2
    if len(usable) < needed:
        return None, translate("services.metric_statistics",
                               "Capability needs at least {needed} values per phase."
                               ).format(needed=needed)
    try:
        return capability(usable, lsl=plan.lsl, usl=plan.usl, target=plan.target,
                          subgroup_size=size), None
    except ValueError as error:
        return None, str(error).split(": ", 1)[-1]


def _plan(session: Session, metric: Metric, default: str | None = None) -> StatisticsPlan:
    from kaizen.services.people import load_settings

    if default is None:
        default = load_settings(session).spc_rule_set
    return StatisticsPlan(
        metric_id=metric.id, lsl=metric.lsl, usl=metric.usl, target=metric.target,
        target_change=metric.target_change, primary_test=metric.primary_test or "welch",
        one_sided=bool(metric.one_sided), subgroup_size=metric.subgroup_size or 1,
        rule_set=metric.rule_set or default, rule_set_is_default=metric.rule_set is None,
        chart_kind=metric.chart_kind, sample_size=metric.sample_size,
    )


def _values(session: Session, metric_id: int) -> tuple[list[float], list[float]]:
    rows = session.execute(
        select(Measurement.phase, Measurement.value)
        .where(Measurement.metric_id == metric_id)
        .order_by(Measurement.measured_at, Measurement.id))
    before: list[float] = []
    after: list[float] = []
    for phase, value in rows:
        (before if phase == MeasurementPhase.BEFORE else after).append(float(value))
    return before, after


def _optional_number(value: Any, field: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError(
            translate("services.metric_statistics", "Enter a number, or leave it empty."),
            field=field,
        )
    return float(value)
