"""PDCA rules without a database: the stage gates, backward moves, stage ages and lead times.

The service gathers a :class:`CycleFacts` from the database and asks :func:`gate_problems`
whether a move may happen; every refusal is a sentence naming what is missing, so the person at
the board knows what to fill in. Stage ages and lead times are computed from the append-only
stage-change records, never stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from kaizen.domain.enums import ActDecision, PdcaStage
from kaizen.i18n import translate

AgeBand = Literal["fresh", "ageing", "stale"]


@dataclass(frozen=True, slots=True)
class CycleFacts:
    """What the gates look at, read from one cycle and its suggestion's measurements."""

    stage: PdcaStage
    problem_statement: str = ""
    target_metric: str = ""
    target_to: float | None = None
    countermeasure: str = ""
    actions_total: int = 0
    actions_done: int = 0
    # Metrics of the suggestion that have at least one "before" and one "after" measurement.
    metrics_with_before_and_after: int = 0
    act_decision: ActDecision | None = None


def is_backward(current: PdcaStage, target: PdcaStage) -> bool:
    """True when the move goes back to an earlier stage (allowed, but it needs a note)."""
    return target.order < current.order


def next_stage(stage: PdcaStage) -> PdcaStage | None:
    """The one stage a cycle may move forward to, or None after Done."""
    stages = list(PdcaStage)
    index = stages.index(stage)
    return stages[index + 1] if index + 1 < len(stages) else None


def plan_gaps(facts: CycleFacts) -> list[tuple[str, str]]:
    """What the Plan → Do gate still needs, as (field name, sentence) pairs for a form."""
    gaps: list[tuple[str, str]] = []
    if not facts.problem_statement.strip():
        gaps.append(("problem_statement", translate("domain.pdca", "Write the problem statement.")))
    if not facts.target_metric.strip():
        gaps.append(("target_metric", translate("domain.pdca", "Name the target metric.")))
    if facts.target_to is None:
        gaps.append(("target_to", translate("domain.pdca", "Give the target value to reach.")))
    if not facts.countermeasure.strip():
        gaps.append(("countermeasure", translate("domain.pdca", "Describe the countermeasure.")))
    return gaps


def plan_problems(facts: CycleFacts) -> list[str]:
    """The sentences of :func:`plan_gaps`: what a plan needs before the cycle moves to Do."""
    return [sentence for _field, sentence in plan_gaps(facts)]


def gate_problems(current: PdcaStage, target: PdcaStage, facts: CycleFacts) -> list[str]:
    """Why the move from ``current`` to ``target`` is refused; an empty list means it may go.

    Forward moves go one stage at a time and must pass the gate of the stage they leave. Backward
    moves pass no gate (the caller still asks for a note, see :func:`is_backward`). A Done cycle
    is final: its decision has already changed the suggestion, so it is never reopened; a new
    cycle is the way to try again.
    """
    if current is PdcaStage.DONE:
        return [translate(
            "domain.pdca", "This cycle is closed; start a new cycle instead of reopening it.")]
    if target is current:
        return [translate("domain.pdca", "The cycle is already in {stage}.").format(
            stage=current.label)]
    if is_backward(current, target):
        return []
    step = next_stage(current)
    if target is not step:
        assert step is not None  # only Done has no next stage, handled above
        return [translate(
            "domain.pdca", "Move one stage at a time: after {current} comes {next}, not {target}."
        ).format(current=current.label, next=step.label, target=target.label)]
    if current is PdcaStage.PLAN:
        return plan_problems(facts)
    if current is PdcaStage.DO:
        if facts.actions_total == 0:
            return [translate("domain.pdca", "Add at least one action to carry out.")]
        open_actions = facts.actions_total - facts.actions_done
        if open_actions > 0:
            sentence = (
                translate("domain.pdca", "Finish the actions: {open} of {total} is not done yet.")
                if open_actions == 1 else
                translate("domain.pdca", "Finish the actions: {open} of {total} are not done yet.")
            )
            return [sentence.format(open=open_actions, total=facts.actions_total)]
        return []
    if current is PdcaStage.CHECK:
        if facts.metrics_with_before_and_after == 0:
            return [translate(
                "domain.pdca", "Record before and after measurements for at least one metric.")]
        return []
    # current is Act, target is Done.
    if facts.act_decision is None:
        return [translate("domain.pdca", "Choose a decision: adopt, adapt or abandon.")]
    return []


def stage_durations(
    changes: Iterable[tuple[PdcaStage, datetime]], now: datetime
) -> dict[PdcaStage, timedelta]:
    """Total time spent in each stage, summed over every visit (a cycle may go back and forth).

    ``changes`` are ``(to_stage, at)`` records. The stage entered last counts up to ``now``,
    except Done: time after closing is not time spent working. Stages never visited are absent.
    """
    ordered = sorted(changes, key=lambda change: change[1])
    durations: dict[PdcaStage, timedelta] = {}
    for index, (stage, entered) in enumerate(ordered):
        if index + 1 < len(ordered):
            left = ordered[index + 1][1]
        elif stage is PdcaStage.DONE:
            continue
        else:
            left = now
        # max(): a clock set back must not produce negative ages.
        spent = max(left - entered, timedelta(0))
        durations[stage] = durations.get(stage, timedelta(0)) + spent
    return durations


def days_in_stage(entered_at: datetime, now: datetime) -> int:
    """Whole days since the stage was entered (0 on the first day, never negative)."""
    return max((now - entered_at).days, 0)


def lead_time(changes: Iterable[tuple[PdcaStage, datetime]]) -> timedelta | None:
    """Time from first entering Plan to first reaching Done after it, or None while still open."""
    ordered = sorted(changes, key=lambda change: change[1])
    started = next((at for stage, at in ordered if stage is PdcaStage.PLAN), None)
    if started is None:
        return None
    finished = next(
        (at for stage, at in ordered if stage is PdcaStage.DONE and at >= started), None
    )
    if finished is None:
        return None
    return finished - started


def age_band(days: float, ageing_after: float, stale_after: float) -> AgeBand:
    """Colour band of a card on the board.

    A card is "ageing" from ``ageing_after`` days on and "stale" from ``stale_after`` days on
    (thresholds are inclusive, so "ageing after 7 days" turns on day 7).
    """
    if ageing_after > stale_after:
        raise ValueError("ageing_after must not be greater than stale_after")
    if days >= stale_after:
        return "stale"
    if days >= ageing_after:
        return "ageing"
    return "fresh"
