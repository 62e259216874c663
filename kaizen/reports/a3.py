"""An A3 report of one change (one PDCA cycle): the page Lean coaches hand around, from the data.

:func:`build_a3` reads the cycle's detail (``BoardService.cycle_detail``, one read) and each of
its idea's metrics' statistics (``MetricStatisticsService.analysis``: the samples and the
verdict), and puts them in the A3's sections, in the A3's order (Shook, *Managing to Learn*,
2008): background, current condition, root cause (the 5 whys), countermeasures, the plan,
results (the before/after chart and the verdict) and follow-up. Nothing is typed for it: an
empty section says what is still to be filled in. :mod:`kaizen.reports.a3_pdf` lays it out on
one landscape page; the app's "A3 report…" button and ``kaizen a3 CYCLE_ID --out FILE.pdf`` both
call :func:`export_a3`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kaizen.domain.enums import MetricDirection
from kaizen.domain.months import format_day
from kaizen.domain.numbers import format_money, format_number
from kaizen.i18n import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from kaizen.services import Services

NOT_YET = QT_TRANSLATE_NOOP("reports.a3", "Not filled in yet.")  # see not_yet()


def not_yet() -> str:
    """What an A3 box says before its field is filled, in the language of the work."""
    return translate("reports.a3", "Not filled in yet.")


@dataclass(frozen=True, slots=True)
class A3Action:
    text: str
    owner: str
    due: date | None
    done: bool


@dataclass(frozen=True, slots=True)
class A3Result:
    """One metric's before/after samples and verdict."""

    name: str
    unit: str
    direction: MetricDirection
    before: list[float]
    after: list[float]
    verdict: str
    improvement_pct: float | None


@dataclass(frozen=True, slots=True)
class A3Report:
    """Everything the A3 page shows, as plain text and numbers."""

    title: str  # "#12 Shadow board at the press, cycle 1"
    idea_id: int
    cycle_number: int
    stage: str
    area: str
    owner: str
    submitter: str
    printed: date
    background: list[str]
    current_condition: list[str]
    whys: list[str]
    root_cause: str
    countermeasures: list[str]
    actions: list[A3Action]
    target: str
    results: list[A3Result]
    check_result: str
    follow_up: list[str]

    def file_stem(self) -> str:
        return f"kaizen-a3-idea-{self.idea_id}-cycle-{self.cycle_number}"


def build_a3(services: Services, cycle_id: int, today: date | None = None) -> A3Report:
    """The A3 of PDCA cycle ``cycle_id`` (NotFound for an unknown one)."""
    detail = services.board.cycle_detail(cycle_id)
    cycle, idea = detail.cycle, detail.suggestion
    currency = services.people.settings().currency
    results = []
    for metric in detail.metrics:
        analysis = services.statistics.analysis(metric.id)
        results.append(A3Result(
            name=analysis.name, unit=analysis.unit, direction=analysis.direction,
            before=list(analysis.before), after=list(analysis.after),
            verdict=analysis.verdict.text, improvement_pct=analysis.verdict.improvement_pct))

    wastes = ", ".join(w.label for w in idea.wastes) or translate("reports.a3", "none named")
    background = [idea.problem or not_yet(), translate(
        "reports.a3", "Area: {area}. Wastes attacked: {wastes}. Suggested by {person} on "
        "{day}.").format(area=idea.area_name, wastes=wastes, person=idea.submitter_name,
                         day=format_day(idea.created_at))]
    if idea.expected_savings:
        background.append(translate("reports.a3", "Expected savings: {amount} a year.").format(
            amount=format_money(idea.expected_savings, currency)))
    target = _target(cycle.target_metric, cycle.target_from, cycle.target_to, cycle.target_by)
    current = [cycle.problem_statement or not_yet()]
    for result in results:
        if result.before:
            mean = sum(result.before) / len(result.before)
            current.append(translate(
                "reports.a3", "{metric}: {mean} {unit} on average before the change (n = {n})."
            ).format(metric=result.name, mean=format_number(mean, 2), unit=result.unit,
                     n=len(result.before)))
    countermeasures = [cycle.countermeasure or not_yet()]
    if idea.proposal and idea.proposal != cycle.countermeasure:
        countermeasures.append(translate("reports.a3", "As first suggested: {proposal}").format(
            proposal=idea.proposal))
    follow_up = [translate("reports.a3", "Stage: {stage}. Idea status: {status}.").format(
        stage=cycle.stage.label, status=idea.status.label)]
    if cycle.act_decision is not None:
        follow_up.append(translate("reports.a3", "Decision: {decision}.").format(
            decision=cycle.act_decision.label))
    if cycle.standard_change:
        follow_up.append(translate("reports.a3", "Standard changed: {change}").format(
            change=cycle.standard_change))
    if cycle.share_note:
        follow_up.append(translate("reports.a3", "Shared with: {note}").format(
            note=cycle.share_note))
    if cycle.act_decision is None:
        follow_up.append(translate(
            "reports.a3", "Next: check the results, then adopt, adapt or abandon the change."))
    return A3Report(
        title=f"#{idea.id} {idea.title}",
        idea_id=idea.id, cycle_number=cycle.number, stage=cycle.stage.label,
        area=idea.area_name, owner=idea.owner_name or translate("reports.a3", "no owner yet"),
        submitter=idea.submitter_name, printed=today or date.today(),
        background=background, current_condition=current,
        whys=[w for w in cycle.why_chain if w.strip()], root_cause=cycle.root_cause,
        countermeasures=countermeasures,
        actions=[A3Action(a.text, a.owner_name or "", a.due_date, a.done_at is not None)
                 for a in cycle.actions],
        target=target, results=results, check_result=cycle.check_result,
        follow_up=follow_up,
    )


def _target(metric: str, start: float | None, end: float | None, by: date | None) -> str:
    if not metric:
        return translate("reports.a3", "No target set yet.")
    # One whole sentence per shape (from-to, to, none; with a date or not).
    if start is not None and end is not None:
        text = (translate("reports.a3", "Target: {metric} from {start} to {end} by {day}.")
                if by is not None else
                translate("reports.a3", "Target: {metric} from {start} to {end}."))
    elif end is not None:
        text = (translate("reports.a3", "Target: {metric} to {end} by {day}.") if by is not None
                else translate("reports.a3", "Target: {metric} to {end}."))
    else:
        text = (translate("reports.a3", "Target: {metric} by {day}.") if by is not None
                else translate("reports.a3", "Target: {metric}."))
    return text.format(metric=metric, start=format_number(start or 0, 2),
                       end=format_number(end or 0, 2), day=format_day(by) if by else "")


def export_a3(services: Services, cycle_id: int, path: Path | str, *,
              today: date | None = None,
              progress: Callable[[int, int], None] | None = None) -> Path:
    """Read the cycle's A3 and write it as a one-page PDF to ``path``."""
    from kaizen.reports.a3_pdf import write_a3_pdf

    report = build_a3(services, cycle_id, today)
    if progress is not None:
        progress(1, 2)
    written = write_a3_pdf(report, path)
    if progress is not None:
        progress(2, 2)
    return written
