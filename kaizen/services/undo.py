"""Undo the last review decision or PDCA card move, for a short while (issue 16).

A supervisor who clicked Accept on the wrong idea, or dropped a card in the wrong column, can
take it back with Ctrl+Z for :data:`UNDO_SECONDS` seconds. The undo is itself a change made
through a service, with its own audit event; it never edits or removes an audit event. It is
refused (``Conflict``, in words) when:

- the last event on the idea or cycle is not that person's own decision or move (someone else
  acted, or nothing is there to undo);
- the time is up (the clock is the service's, so tests move it instead of waiting);
- the idea or cycle changed since (the caller passes the version it got back from the
  decision or move; any later save bumps it);
- for an accepted idea: its PDCA cycle 1 was already worked on (a plan, an action, a move):
  that work would be lost; and for a move to Done: the decision has been applied and a closed
  cycle is never reopened.

What is restored comes from the decision's own audit event (its "before" fields), so the undo
puts back exactly what the decision changed. Undoing an accept removes the cycle it opened,
which nobody has touched (with its one opening stage record); undoing a send-back removes the
note it added to the comments when nobody has answered it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kaizen.db.models import AuditEvent, Comment, PdcaAction, PdcaCycle, StageChange, Suggestion
from kaizen.domain.enums import PdcaStage, SuggestionStatus
from kaizen.domain.errors import Conflict
from kaizen.domain.permissions import Action, require
from kaizen.i18n import translate
from kaizen.services.base import Service, audit, get_or_404, load_actor, snapshot

UNDO_SECONDS = 30
REVIEW_ACTIONS = {"start_review": "starting the review", "accept": "the accept",  # i18n: no
                  "reject": "the rejection", "send_back": "the send-back"}  # i18n: no


def _undone_action(action: str) -> str:
    """REVIEW_ACTIONS' words for people (built at call time, in the language of the work)."""
    return {"start_review": translate("services.undo", "starting the review"),
            "accept": translate("services.undo", "the accept"),
            "reject": translate("services.undo", "the rejection"),
            "send_back": translate("services.undo", "the send-back")}[action]
# The suggestion fields a review decision changes (its audit event keeps those it changed).
_RESTORE: dict[str, Callable[[Any], Any]] = {
    "status": SuggestionStatus,
    "review_note": str,
    "owner_id": lambda v: v,
    "due_date": lambda v: None if v is None else date.fromisoformat(v),
}
_CYCLE_FIELDS = ["stage", "stage_entered_at", "closed_at"]


@dataclass(frozen=True, slots=True)
class Undone:
    """What an undo put back: for an idea, its status now; for a cycle, its stage now."""

    entity: str  # "suggestion" or "pdca_cycle"
    entity_id: int
    version: int
    message: str  # "Undone: idea #12 is under review again."


class UndoService(Service):
    """Undo a person's own last review decision or card move; see the module docstring."""

    def undo_review(self, actor_id: int, suggestion_id: int, *,
                    expected_version: int) -> Undone:
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.REVIEW_SUGGESTION)
            idea: Suggestion = get_or_404(
                s, Suggestion, suggestion_id, translate("services.undo", "Idea")
            )
            event = self._last_own_event(s, "suggestion", suggestion_id, actor.id,
                                         set(REVIEW_ACTIONS),
                                         translate("services.undo", "idea #{id}").format(
                                             id=suggestion_id))
            self._check_fresh(
                idea.version,
                expected_version,
                translate("services.undo", "Idea #{suggestion_id}").format(
                    suggestion_id=suggestion_id
                ),
            )
            now = self._clock()
            if event.action == "accept":
                self._remove_opened_cycle(s, idea, actor.id, now)
            if event.action == "send_back":
                self._remove_send_back_note(s, idea.id, event)
            before = snapshot(idea, list(_RESTORE))
            for field, value in (event.before or {}).items():
                if field in _RESTORE:
                    setattr(idea, field, _RESTORE[field](value))
            if event.action in ("accept", "reject"):
                # Neither is set before a first accept or reject (an idea is decided once).
                idea.reviewed_at = None
                idea.closed_at = None
            idea.updated_at = now
            s.flush()
            audit(s, actor_id=actor.id, at=now, entity="suggestion", entity_id=idea.id,
                  action=f"undo_{event.action}", before=before,
                  after=snapshot(idea, list(_RESTORE)))
            return Undone("suggestion", idea.id, idea.version,
                          translate("services.undo", "Undone {action}: idea #{id} is {status} "
                                    "again.").format(
                              action=_undone_action(event.action),
                              id=idea.id, status=idea.status.label.lower()))

    def undo_move(self, actor_id: int, cycle_id: int, *, expected_version: int) -> Undone:
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MOVE_PDCA)
            cycle: PdcaCycle = get_or_404(
                s, PdcaCycle, cycle_id, translate("services.undo", "PDCA cycle")
            )
            event = self._last_own_event(s, "pdca_cycle", cycle_id, actor.id, {"move"},
                                         translate("services.undo", "cycle {number}").format(
                                             number=cycle.number))
            self._check_fresh(
                cycle.version,
                expected_version,
                translate("services.undo", "Cycle {number}").format(number=cycle.number),
            )
            if cycle.stage is PdcaStage.DONE:
                raise Conflict(
                    translate(
                        "services.undo",
                        "Cycle {number} is closed and its decision applied: a closed "
                        "cycle is never reopened. Start a new cycle instead.",
                    ).format(number=cycle.number)
                )
            previous = (event.before or {}).get("stage")
            if previous is None:
                raise Conflict(
                    translate(
                        "services.undo", "There is no move of cycle {number} to undo."
                    ).format(number=cycle.number)
                )
            now = self._clock()
            back_to = PdcaStage(previous)
            before = snapshot(cycle, _CYCLE_FIELDS)
            current = cycle.stage
            cycle.stage = back_to
            entered = (event.before or {}).get("stage_entered_at")
            cycle.stage_entered_at = datetime.fromisoformat(entered) if entered else now
            s.add(StageChange(cycle_id=cycle.id, from_stage=current, to_stage=back_to,
                              person_id=actor.id, at=now,
                              note=translate("services.undo", "Undo of the move to {stage}.")
                              .format(stage=current.label)))
            s.flush()
            audit(s, actor_id=actor.id, at=now, entity="pdca_cycle", entity_id=cycle.id,
                  action="undo_move", before=before, after=snapshot(cycle, _CYCLE_FIELDS))
            return Undone("pdca_cycle", cycle.id, cycle.version,
                          translate("services.undo", "Undone: cycle {number} of idea #{id} is "
                                    "back in {stage}.").format(
                              number=cycle.number, id=cycle.suggestion_id, stage=back_to.label))

    # -- checks ---------------------------------------------------------------------------
    def _last_own_event(self, s: Session, entity: str, entity_id: int, actor_id: int,
                        actions: set[str], what: str) -> AuditEvent:
        event = s.scalar(select(AuditEvent).where(
            AuditEvent.entity == entity, AuditEvent.entity_id == entity_id,
        ).order_by(AuditEvent.id.desc()).limit(1))
        if event is None or event.action not in actions or event.person_id != actor_id:
            raise Conflict(
                translate(
                    "services.undo",
                    "There is nothing of yours to undo on {what}: the last "
                    "change there was not your decision or move.",
                ).format(what=what)
            )
        if self._clock() - event.at > timedelta(seconds=UNDO_SECONDS):
            raise Conflict(
                translate(
                    "services.undo",
                    "Too late to undo on {what}: an undo is possible for "
                    "{undo_seconds} seconds. Change it back by hand instead.",
                ).format(what=what, undo_seconds=UNDO_SECONDS)
            )
        return event

    @staticmethod
    def _check_fresh(version: int, expected: Any, what: str) -> None:
        if expected != version:
            raise Conflict(
                translate(
                    "services.undo",
                    "{what} changed since (version {version}, not {expected}): "
                    "nothing was undone. Reload it and change it back by hand.",
                ).format(what=what, version=version, expected=expected)
            )

    @staticmethod
    def _remove_opened_cycle(s: Session, idea: Suggestion, actor_id: int, now: datetime) -> None:
        cycles = list(s.scalars(select(PdcaCycle).where(PdcaCycle.suggestion_id == idea.id)))
        if len(cycles) != 1:
            raise Conflict(
                translate(
                    "services.undo",
                    "Idea #{id} already has more than one PDCA cycle: nothing was undone.",
                ).format(id=idea.id)
            )
        cycle = cycles[0]
        actions = s.scalar(select(func.count(PdcaAction.id))
                           .where(PdcaAction.cycle_id == cycle.id))
        moves = s.scalar(select(func.count(StageChange.id))
                         .where(StageChange.cycle_id == cycle.id))
        if cycle.version != 1 or actions or moves != 1 or cycle.stage is not PdcaStage.PLAN:
            raise Conflict(
                translate(
                    "services.undo",
                    "Cycle {number} of idea #{id} was already worked on: undoing "
                    "the accept would lose that work, so nothing was undone.",
                ).format(number=cycle.number, id=idea.id)
            )
        cycle_id = cycle.id
        before = snapshot(cycle, ["suggestion_id", "number", "stage"])
        s.execute(delete(StageChange).where(StageChange.cycle_id == cycle_id))
        s.delete(cycle)
        s.flush()
        audit(s, actor_id=actor_id, at=now, entity="pdca_cycle", entity_id=cycle_id,
              action="undo_open", before=before)

    @staticmethod
    def _remove_send_back_note(s: Session, suggestion_id: int, event: AuditEvent) -> None:
        note = s.scalar(select(Comment).where(
            Comment.suggestion_id == suggestion_id, Comment.author_id == event.person_id,
            Comment.created_at == event.at, Comment.parent_id.is_(None),
        ).order_by(Comment.id.desc()).limit(1))
        if note is None:
            return
        replies = s.scalar(select(func.count(Comment.id)).where(Comment.parent_id == note.id))
        if not replies:
            removed = snapshot(note, ["suggestion_id", "author_id", "body"])
            note_id = note.id
            s.delete(note)
            s.flush()
            audit(s, actor_id=event.person_id, at=event.at, entity="comment",
                  entity_id=note_id, action="undo_send_back", before=removed)
