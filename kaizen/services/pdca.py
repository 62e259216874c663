"""PDCA cycles: opening a cycle, editing its stages, moving it through the gates.

Who may do what (the service enforces it, whatever the UI shows):

- Supervisors and admins (``Action.MOVE_PDCA``) move stages and edit everything in a cycle: the
  plan, the actions, the check result and the Act decision. Whoever may move a cycle owns its
  content, so one permission covers both.
- Staff may only tick (or untick) the Do actions they own; everything else is refused.

Workflow rules beyond the gates in :mod:`kaizen.domain.pdca`:

- Cycles of a suggestion that is no longer ``accepted`` are read-only, and so is a Done cycle.
- Actions are added and ticked while the cycle is in Plan or Do; after that the Do gate has been
  passed on them and they are frozen (move back to Do to change them).
- The check result is written in Check or Act; the decision is taken in Act.
- The plan may be edited in any open stage, but once past Plan it cannot be emptied of what the
  Plan → Do gate asked for.
- The decision needs a reason: ``adopt`` needs ``standard_change`` (what standard changed) and
  ``abandon`` needs ``share_note`` (why, and what others can learn). ``adapt`` needs nothing
  more; the learning carried into the next cycle is ``share_note``, else the check result.
- Moving Act → Done applies the decision: adopt standardises the suggestion, abandon abandons it,
  adapt closes this cycle and opens the next one in Plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypedDict

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from kaizen.db.models import (
    AuditEvent,
    Measurement,
    Metric,
    PdcaAction,
    PdcaCycle,
    Person,
    StageChange,
    Suggestion,
)
from kaizen.domain.enums import (
    ActDecision,
    MeasurementPhase,
    MetricDirection,
    PdcaStage,
    SuggestionStatus,
)
from kaizen.domain.errors import Conflict, PermissionDenied, ValidationError
from kaizen.domain.input_domains import check_date
from kaizen.domain.pdca import CycleFacts, gate_problems, is_backward, plan_gaps
from kaizen.domain.permissions import Action, can, require
from kaizen.i18n import translate
from kaizen.services.base import (
    Service,
    audit,
    check_number,
    clean_line,
    clean_text,
    get_if_id,
    get_or_404,
    load_actor,
    snapshot,
)

MAX_WHYS = 5
MAX_WHY_TEXT = 1_000
# Target values may be negative (a temperature, a balance); only their size is bounded.
_TARGET_LIMIT = 1e12

_PLAN_FIELDS = (
    "problem_statement",
    "why_chain",
    "root_cause",
    "target_metric",
    "target_from",
    "target_to",
    "target_by",
    "countermeasure",
)


class _PlanValues(TypedDict):
    """The checked plan fields of :meth:`PdcaService.update_plan`, by column name."""

    problem_statement: str
    why_chain: list[str]
    root_cause: str
    target_metric: str
    target_from: float | None
    target_to: float | None
    target_by: date | None
    countermeasure: str


_ACT_FIELDS = ("act_decision", "standard_change", "share_note")
_ACTION_FIELDS = ("cycle_id", "text", "owner_id", "due_date", "done_at")
_OPEN_FOR_ACTIONS = (PdcaStage.PLAN, PdcaStage.DO)


def open_cycle(session: Session, suggestion_id: int, actor_id: int, at: datetime,
               note: str = "") -> PdcaCycle:
    """Start the next PDCA cycle of a suggestion in Plan, with its first stage-change record.

    Used when a suggestion is accepted (cycle 1) and when an Act decision is "adapt" (cycle n+1).
    Work is typed once (issue 16): cycle 1's plan starts with the idea's "what is wrong now" as
    its problem statement and "what to change" as its countermeasure. (An adapted cycle gets the
    previous cycle's problem and root cause from the Act step, and a new countermeasure.)
    """
    last = session.scalar(
        select(func.max(PdcaCycle.number)).where(PdcaCycle.suggestion_id == suggestion_id)
    )
    idea = session.get(Suggestion, suggestion_id) if last is None else None
    problem = idea.problem if idea is not None else ""
    change = idea.proposal if idea is not None else ""
    cycle = PdcaCycle(
        suggestion_id=suggestion_id,
        number=(last or 0) + 1,
        stage=PdcaStage.PLAN,
        stage_entered_at=at,
        started_at=at,
        why_chain=[],
        problem_statement=problem,
        countermeasure=change,
    )
    session.add(cycle)
    session.flush()
    session.add(
        StageChange(
            cycle_id=cycle.id, from_stage=None, to_stage=PdcaStage.PLAN, person_id=actor_id,
            at=at, note=note,
        )
    )
    audit(session, actor_id=actor_id, at=at, entity="pdca_cycle", entity_id=cycle.id,
          action="open", after=snapshot(cycle, ["suggestion_id", "number", "stage",
                                                 "problem_statement", "countermeasure"]))
    return cycle


def target_metric_of(session: Session, cycle: PdcaCycle) -> Metric | None:
    """The Measurements metric a cycle's plan targets: the idea's metric of that name (case and
    spaces aside), the oldest if several. The plan's target name is the link, so no metric
    needs a cycle column."""
    if not cycle.target_metric.strip():
        return None
    name, _unit = split_unit(cycle.target_metric)
    wanted = {_key(cycle.target_metric), _key(name)}
    for metric in session.scalars(select(Metric).where(
            Metric.suggestion_id == cycle.suggestion_id).order_by(Metric.id)):
        if _key(metric.name) in wanted:
            return metric
    return None


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


_NAME_WITH_UNIT = re.compile(r"(.+?)\s*\(([^()]{1,40})\)")


def split_unit(target: str) -> tuple[str, str]:
    """A plan's target "Search time (min)" as the metric "Search time" in "min"; a name without
    a unit in brackets stays whole, without a unit."""
    text = " ".join(target.split())
    found = _NAME_WITH_UNIT.fullmatch(text)
    if found is None:
        return text, ""
    return found.group(1), found.group(2).strip()


def _ensure_target_metric(session: Session, cycle: PdcaCycle, actor_id: int,
                          at: datetime) -> None:
    """Work is typed once (issue 16): a plan saved with a target metric creates that metric in
    Measurements, its better direction read from the target (down from the start: lower is
    better). Audited as the metric's "add"; an existing metric of that name is left as it is."""
    if not cycle.target_metric or target_metric_of(session, cycle) is not None:
        return
    start, goal = cycle.target_from, cycle.target_to
    direction = (MetricDirection.HIGHER_IS_BETTER
                 if start is not None and goal is not None and goal > start
                 else MetricDirection.LOWER_IS_BETTER)
    name, unit = split_unit(cycle.target_metric)
    metric = Metric(suggestion_id=cycle.suggestion_id, name=name, unit=unit,
                    direction=direction, created_at=at)
    session.add(metric)
    session.flush()
    audit(session, actor_id=actor_id, at=at, entity="metric", entity_id=metric.id,
          action="add", after=snapshot(metric, ["suggestion_id", "name", "unit", "direction"])
          | {"from_plan_of_cycle": cycle.id})


@dataclass(frozen=True, slots=True)
class ActionInfo:
    id: int
    text: str
    owner_id: int | None
    owner_name: str | None
    due_date: date | None
    done_at: datetime | None
    overdue: bool


@dataclass(frozen=True, slots=True)
class StageChangeInfo:
    id: int
    from_stage: PdcaStage | None
    to_stage: PdcaStage
    person_id: int
    person_name: str
    at: datetime
    note: str


@dataclass(frozen=True, slots=True)
class CycleInfo:
    id: int
    suggestion_id: int
    suggestion_title: str
    number: int
    stage: PdcaStage
    stage_entered_at: datetime
    problem_statement: str
    why_chain: list[str]
    root_cause: str
    target_metric: str
    target_from: float | None
    target_to: float | None
    target_by: date | None
    countermeasure: str
    check_result: str
    act_decision: ActDecision | None
    standard_change: str
    share_note: str
    started_at: datetime
    closed_at: datetime | None
    version: int
    actions: list[ActionInfo]
    history: list[StageChangeInfo]
    # The Measurements metric the plan targets (see target_metric_of), for the Check tab's link.
    target_metric_id: int | None = None


class PdcaService(Service):
    """Read, edit and move PDCA cycles; see the module docstring for who may do what."""

    # ----------------------------------------------------------------------------- reading

    def get_cycle(self, cycle_id: int) -> CycleInfo:
        with self._db.read() as s:
            cycle = get_or_404(s, PdcaCycle, cycle_id, translate("services.pdca", "PDCA cycle"))
            return self._info(s, cycle)

    def current_cycle(self, suggestion_id: int) -> CycleInfo | None:
        """The suggestion's latest cycle (highest number), or None before it was accepted."""
        with self._db.read() as s:
            get_or_404(s, Suggestion, suggestion_id, translate("services.pdca", "Idea"))
            cycle = s.scalar(
                select(PdcaCycle)
                .where(PdcaCycle.suggestion_id == suggestion_id)
                .order_by(PdcaCycle.number.desc())
                .limit(1)
            )
            return None if cycle is None else self._info(s, cycle)

    # ----------------------------------------------------------------------------- editing

    def update_plan(
        self,
        actor_id: int,
        cycle_id: int,
        *,
        problem_statement: str,
        why_chain: list[str],
        root_cause: str,
        target_metric: str,
        target_from: float | None,
        target_to: float | None,
        target_by: date | None,
        countermeasure: str,
        expected_version: int | None = None,
    ) -> CycleInfo:
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MOVE_PDCA)
            cycle = self._open_cycle_for_change(s, cycle_id, expected_version)
            values: _PlanValues = {
                "problem_statement": clean_text(
                    problem_statement,
                    "problem_statement",
                    translate("services.pdca", "The problem statement"),
                ),
                "why_chain": _clean_whys(why_chain),
                "root_cause": clean_text(
                    root_cause, "root_cause", translate("services.pdca", "The root cause")
                ),
                "target_metric": clean_line(
                    target_metric,
                    "target_metric",
                    translate("services.pdca", "The target metric"),
                    required=False,
                ),
                "target_from": _check_target(
                    target_from, "target_from", translate("services.pdca", "The starting value")
                ),
                "target_to": _check_target(
                    target_to, "target_to", translate("services.pdca", "The target value")
                ),
                "target_by": _check_date(
                    target_by, "target_by", translate("services.pdca", "The target date")
                ),
                "countermeasure": clean_text(
                    countermeasure,
                    "countermeasure",
                    translate("services.pdca", "The countermeasure"),
                ),
            }
            if cycle.stage is not PdcaStage.PLAN:
                # The Do gate was passed on this plan: it may be refined, not emptied.
                gaps = plan_gaps(
                    CycleFacts(
                        stage=cycle.stage,
                        problem_statement=values["problem_statement"],
                        target_metric=values["target_metric"],
                        target_to=values["target_to"],
                        countermeasure=values["countermeasure"],
                    )
                )
                if gaps:
                    field, sentence = gaps[0]
                    raise ValidationError(
                        translate(
                            "services.pdca",
                            "The cycle is past Plan, so the plan must stay complete. {sentence}",
                        ).format(sentence=sentence),
                        field=field,
                    )
            before = snapshot(cycle, _PLAN_FIELDS)
            for name, value in values.items():
                setattr(cycle, name, value)
            s.flush()
            audit(s, actor_id=actor.id, at=self._clock(), entity="pdca_cycle",
                  entity_id=cycle.id, action="update_plan", before=before,
                  after=snapshot(cycle, _PLAN_FIELDS))
            _ensure_target_metric(s, cycle, actor.id, self._clock())
            return self._info(s, cycle)

    def add_action(
        self,
        actor_id: int,
        cycle_id: int,
        *,
        text: str,
        owner_id: int | None = None,
        due_date: date | None = None,
    ) -> ActionInfo:
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MOVE_PDCA)
            cycle = self._open_cycle_for_change(s, cycle_id, None)
            _require_stage_for_actions(cycle)
            body = clean_text(text, "text", translate("services.pdca", "The action"), required=True)
            if owner_id is not None:
                owner = get_if_id(s, Person, owner_id)
                if owner is None or not owner.active:
                    raise ValidationError(
                        translate("services.pdca", "Pick an active person as the owner."),
                        field="owner_id",
                    )
            action = PdcaAction(
                cycle_id=cycle.id,
                text=body,
                owner_id=owner_id,
                due_date=_check_date(
                    due_date, "due_date", translate("services.pdca", "The due date")
                ),
            )
            s.add(action)
            s.flush()
            audit(s, actor_id=actor.id, at=self._clock(), entity="pdca_action",
                  entity_id=action.id, action="add", after=snapshot(action, _ACTION_FIELDS))
            return self._action_infos(s, cycle.id, only_id=action.id)[0]

    def set_action_done(self, actor_id: int, action_id: int, done: bool) -> ActionInfo:
        """Tick or untick an action; staff may do this for the actions they own, nothing else."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            action = get_or_404(s, PdcaAction, action_id, translate("services.pdca", "Action"))
            if not can(actor.role, Action.MOVE_PDCA) and action.owner_id != actor.id:
                raise PermissionDenied(
                    translate("services.pdca", "Staff can only tick the actions they own.")
                )
            cycle = self._open_cycle_for_change(s, action.cycle_id, None)
            _require_stage_for_actions(cycle)
            before = snapshot(action, ["done_at"])
            if done and action.done_at is None:
                action.done_at = self._clock()
            elif not done:
                action.done_at = None
            s.flush()
            if before != snapshot(action, ["done_at"]):
                audit(s, actor_id=actor.id, at=self._clock(), entity="pdca_action",
                      entity_id=action.id, action="done" if done else "undone", before=before,
                      after=snapshot(action, ["done_at"]))
            return self._action_infos(s, cycle.id, only_id=action.id)[0]

    def record_check(
        self, actor_id: int, cycle_id: int, result: str, *, expected_version: int | None = None
    ) -> CycleInfo:
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MOVE_PDCA)
            cycle = self._open_cycle_for_change(s, cycle_id, expected_version)
            if cycle.stage not in (PdcaStage.CHECK, PdcaStage.ACT):
                raise Conflict(
                    translate(
                        "services.pdca",
                        "The check result is written in Check or Act; this cycle is in {label}.",
                    ).format(label=cycle.stage.label)
                )
            before = snapshot(cycle, ["check_result"])
            cycle.check_result = clean_text(
                result,
                "check_result",
                translate("services.pdca", "The check result"),
                required=True,
            )
            s.flush()
            audit(s, actor_id=actor.id, at=self._clock(), entity="pdca_cycle",
                  entity_id=cycle.id, action="record_check", before=before,
                  after=snapshot(cycle, ["check_result"]))
            return self._info(s, cycle)

    def decide(
        self,
        actor_id: int,
        cycle_id: int,
        *,
        decision: ActDecision,
        standard_change: str = "",
        share_note: str = "",
        expected_version: int | None = None,
    ) -> CycleInfo:
        """Record the Act decision; it takes effect when the cycle moves to Done."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MOVE_PDCA)
            cycle = self._open_cycle_for_change(s, cycle_id, expected_version)
            if cycle.stage is not PdcaStage.ACT:
                raise Conflict(
                    translate(
                        "services.pdca", "The decision is taken in Act; this cycle is in {label}."
                    ).format(label=cycle.stage.label)
                )
            try:
                choice = ActDecision(decision)
            except ValueError:
                raise ValidationError(
                    translate("services.pdca", "Choose adopt, adapt or abandon."), field="decision"
                ) from None
            standard = clean_text(
                standard_change,
                "standard_change",
                translate("services.pdca", "The standard change"),
            )
            note = clean_text(
                share_note, "share_note", translate("services.pdca", "The note to share")
            )
            if choice is ActDecision.ADOPT and not standard:
                raise ValidationError(
                    translate(
                        "services.pdca",
                        "To adopt, describe the standard that changed (work "
                        "instruction, layout, checklist...).",
                    ),
                    field="standard_change",
                )
            if choice is ActDecision.ABANDON and not note:
                raise ValidationError(
                    translate(
                        "services.pdca", "To abandon, say why and what others can learn from it."
                    ),
                    field="share_note",
                )
            before = snapshot(cycle, _ACT_FIELDS)
            cycle.act_decision = choice
            cycle.standard_change = standard
            cycle.share_note = note
            s.flush()
            audit(s, actor_id=actor.id, at=self._clock(), entity="pdca_cycle",
                  entity_id=cycle.id, action="decide", before=before,
                  after=snapshot(cycle, _ACT_FIELDS))
            return self._info(s, cycle)

    # ----------------------------------------------------------------------------- moving

    def move(
        self,
        actor_id: int,
        cycle_id: int,
        to_stage: PdcaStage,
        *,
        note: str = "",
        expected_version: int | None = None,
    ) -> CycleInfo:
        """Move a cycle one stage forward through its gate, or back any number with a note.

        Returns the moved cycle; when an "adapt" decision closes it, the next cycle can be read
        with :meth:`current_cycle`.
        """
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MOVE_PDCA)
            try:
                target = PdcaStage(to_stage)
            except ValueError:
                raise ValidationError(
                    translate("services.pdca", "Pick a PDCA stage."), field="to_stage"
                ) from None
            cycle = self._open_cycle_for_change(s, cycle_id, expected_version,
                                                allow_done=True)
            current = cycle.stage
            problems = gate_problems(current, target, self._facts(s, cycle))
            if problems:
                raise Conflict(
                    translate("services.pdca", "Cycle {number} cannot move from {current} to "
                              "{target}:").format(number=cycle.number, current=current.label,
                                                  target=target.label)
                    + "\n" + "\n".join(f"- {p}" for p in problems)
                )
            text = clean_text(note, "note", translate("services.pdca", "The note"))
            if is_backward(current, target) and not text:
                raise ValidationError(
                    translate(
                        "services.pdca", "Say why the cycle goes back from {current} to {target}."
                    ).format(current=current.label, target=target.label),
                    field="note",
                )
            now = self._clock()
            before = snapshot(cycle, ["stage", "stage_entered_at", "closed_at"])
            cycle.stage = target
            cycle.stage_entered_at = now
            if target is PdcaStage.DONE:
                cycle.closed_at = now
            s.add(StageChange(cycle_id=cycle.id, from_stage=current, to_stage=target,
                              person_id=actor.id, at=now, note=text))
            s.flush()
            audit(s, actor_id=actor.id, at=now, entity="pdca_cycle", entity_id=cycle.id,
                  action="move", before=before,
                  after=snapshot(cycle, ["stage", "stage_entered_at", "closed_at"]))
            if target is PdcaStage.DONE:
                self._apply_decision(s, actor.id, cycle, now)
            return self._info(s, cycle)

    def _apply_decision(self, s: Session, actor_id: int, cycle: PdcaCycle, now: datetime) -> None:
        decision = cycle.act_decision
        if decision is ActDecision.ADAPT:
            learning = cycle.share_note or cycle.check_result
            note = translate("services.pdca", "Adapted from cycle {number}.").format(
                number=cycle.number)
            if learning:
                note += translate("services.pdca", " Learning: {learning}").format(
                    learning=learning)
            nxt = open_cycle(s, cycle.suggestion_id, actor_id, now, note=note)
            # Carry what is still true: the problem and its cause. Target and countermeasure
            # are what the new cycle rethinks.
            nxt.problem_statement = cycle.problem_statement
            nxt.root_cause = cycle.root_cause
            nxt.why_chain = list(cycle.why_chain or [])
            s.flush()
            return
        suggestion = s.get_one(Suggestion, cycle.suggestion_id)
        before = snapshot(suggestion, ["status", "closed_at"])
        suggestion.status = (
            SuggestionStatus.STANDARDISED if decision is ActDecision.ADOPT
            else SuggestionStatus.ABANDONED
        )
        suggestion.closed_at = now
        suggestion.updated_at = now
        s.flush()
        audit(s, actor_id=actor_id, at=now, entity="suggestion", entity_id=suggestion.id,
              action="standardise" if decision is ActDecision.ADOPT else "abandon",
              before=before, after=snapshot(suggestion, ["status", "closed_at"]))

    # ----------------------------------------------------------------------------- helpers

    def _open_cycle_for_change(
        self, s: Session, cycle_id: int, expected_version: int | None, *, allow_done: bool = False
    ) -> PdcaCycle:
        """Load a cycle that may still change: fresh version, open suggestion, not Done."""
        cycle: PdcaCycle = get_or_404(
            s, PdcaCycle, cycle_id, translate("services.pdca", "PDCA cycle")
        )
        if expected_version is not None and cycle.version != expected_version:
            raise Conflict(_changed_by_message(s, cycle))
        suggestion = s.get_one(Suggestion, cycle.suggestion_id)
        if suggestion.status is not SuggestionStatus.ACCEPTED:
            raise Conflict(
                translate(
                    "services.pdca", "This idea is {status}; its PDCA cycles can no longer change."
                ).format(status=suggestion.status.label.lower())
            )
        # move() lets Done through so the gate can say why a closed cycle does not reopen.
        if cycle.stage is PdcaStage.DONE and not allow_done:
            raise Conflict(
                translate(
                    "services.pdca", "Cycle {number} is closed and can no longer change."
                ).format(number=cycle.number)
            )
        return cycle

    def _facts(self, s: Session, cycle: PdcaCycle) -> CycleFacts:
        total, done = s.execute(
            select(
                func.count(PdcaAction.id),
                func.count(PdcaAction.done_at),
            ).where(PdcaAction.cycle_id == cycle.id)
        ).one()
        return CycleFacts(
            stage=cycle.stage,
            problem_statement=cycle.problem_statement,
            target_metric=cycle.target_metric,
            target_to=cycle.target_to,
            countermeasure=cycle.countermeasure,
            actions_total=total,
            actions_done=done,
            metrics_with_before_and_after=_metrics_with_before_and_after(
                s, cycle.suggestion_id
            ),
            act_decision=cycle.act_decision,
        )

    def info_in(self, s: Session, cycle_id: int) -> CycleInfo:
        """The cycle as :class:`CycleInfo`, read in the caller's transaction (a screen's one
        read that puts several records together, e.g. ``BoardService.cycle_detail``)."""
        return self._info(
            s, get_or_404(s, PdcaCycle, cycle_id, translate("services.pdca", "PDCA cycle"))
        )

    def _info(self, s: Session, cycle: PdcaCycle) -> CycleInfo:
        title = s.scalar(select(Suggestion.title).where(Suggestion.id == cycle.suggestion_id))
        history = [
            StageChangeInfo(
                id=change.id,
                from_stage=change.from_stage,
                to_stage=change.to_stage,
                person_id=change.person_id,
                person_name=name,
                at=change.at,
                note=change.note,
            )
            for change, name in s.execute(
                select(StageChange, Person.name)
                .join(Person, Person.id == StageChange.person_id)
                .where(StageChange.cycle_id == cycle.id)
                .order_by(StageChange.at, StageChange.id)
            )
        ]
        return CycleInfo(
            id=cycle.id,
            suggestion_id=cycle.suggestion_id,
            suggestion_title=title or "",
            number=cycle.number,
            stage=cycle.stage,
            stage_entered_at=cycle.stage_entered_at,
            problem_statement=cycle.problem_statement,
            why_chain=list(cycle.why_chain or []),
            root_cause=cycle.root_cause,
            target_metric=cycle.target_metric,
            target_from=cycle.target_from,
            target_to=cycle.target_to,
            target_by=cycle.target_by,
            countermeasure=cycle.countermeasure,
            check_result=cycle.check_result,
            act_decision=cycle.act_decision,
            standard_change=cycle.standard_change,
            share_note=cycle.share_note,
            started_at=cycle.started_at,
            closed_at=cycle.closed_at,
            target_metric_id=(m.id if (m := target_metric_of(s, cycle)) else None),
            version=cycle.version,
            actions=self._action_infos(s, cycle.id),
            history=history,
        )

    def _action_infos(
        self, s: Session, cycle_id: int, only_id: int | None = None
    ) -> list[ActionInfo]:
        today = self._clock().date()
        query = (
            select(PdcaAction, Person.name)
            .outerjoin(Person, Person.id == PdcaAction.owner_id)
            .where(PdcaAction.cycle_id == cycle_id)
            .order_by(PdcaAction.id)
        )
        if only_id is not None:
            query = query.where(PdcaAction.id == only_id)
        return [
            ActionInfo(
                id=action.id,
                text=action.text,
                owner_id=action.owner_id,
                owner_name=name,
                due_date=action.due_date,
                done_at=action.done_at,
                overdue=(
                    action.done_at is None
                    and action.due_date is not None
                    and action.due_date < today
                ),
            )
            for action, name in s.execute(query)
        ]


def _metrics_with_before_and_after(s: Session, suggestion_id: int) -> int:
    """How many of the suggestion's metrics have both before and after measurements (in SQL)."""
    per_metric = (
        select(
            Measurement.metric_id,
            func.sum(case((Measurement.phase == MeasurementPhase.BEFORE, 1), else_=0)).label(
                "before_n"
            ),
            func.sum(case((Measurement.phase == MeasurementPhase.AFTER, 1), else_=0)).label(
                "after_n"
            ),
        )
        .join(Metric, Metric.id == Measurement.metric_id)
        .where(Metric.suggestion_id == suggestion_id)
        .group_by(Measurement.metric_id)
        .subquery()
    )
    count = s.scalar(
        select(func.count())
        .select_from(per_metric)
        .where(per_metric.c.before_n > 0, per_metric.c.after_n > 0)
    )
    return int(count or 0)


def _changed_by_message(s: Session, cycle: PdcaCycle) -> str:
    last = s.execute(
        select(AuditEvent.at, Person.name)
        .outerjoin(Person, Person.id == AuditEvent.person_id)
        .where(AuditEvent.entity == "pdca_cycle", AuditEvent.entity_id == cycle.id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(1)
    ).first()
    if last is None:
        return translate("services.pdca", "Cycle {number} was changed by someone else; reload "
                         "it and try again.").format(number=cycle.number)
    at, name = last
    return translate(
        "services.pdca",
        "Cycle {number} was changed by {name} at {at:%Y-%m-%d %H:%M}; reload it and try again.",
    ).format(number=cycle.number, name=name or translate("services.pdca", "someone else"), at=at)


def _clean_whys(why_chain: list[str] | None) -> list[str]:
    if why_chain is not None and not isinstance(why_chain, list | tuple):
        raise ValidationError(
            translate("services.pdca", "The whys are a list of short texts."), field="why_chain"
        )
    # Blank rows of the five-whys form are dropped, so an empty form saves as an empty chain.
    whys = [
        clean_text(why, "why_chain", translate("services.pdca", "Each why"), max_len=MAX_WHY_TEXT)
        for why in (why_chain or [])
    ]
    whys = [why for why in whys if why]
    if len(whys) > MAX_WHYS:
        raise ValidationError(
            translate("services.pdca", "Ask at most {max_whys} whys ({count} given).").format(
                max_whys=MAX_WHYS, count=len(whys)
            ),
            field="why_chain",
        )
    return whys


def _check_target(value: float | None, field: str, label: str) -> float | None:
    """A plan's optional start or target value, of any sign but bounded in size."""
    return check_number(
        value, field, label, minimum=-_TARGET_LIMIT, maximum=_TARGET_LIMIT, required=False
    )


def _check_date(value: date | None, field: str, label: str) -> date | None:
    # datetime is a subclass of date; a time of day here would be stored and compared wrongly.
    return check_date(value, field, label)


def _require_stage_for_actions(cycle: PdcaCycle) -> None:
    if cycle.stage not in _OPEN_FOR_ACTIONS:
        raise Conflict(
            translate(
                "services.pdca",
                "Actions change in Plan or Do; this cycle is in {label}. "
                "Move it back to Do to change its actions.",
            ).format(label=cycle.stage.label)
        )
