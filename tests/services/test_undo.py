"""Undo of the last review decision or card move (issue 16), over a real database: what each
undo puts back, its audit event, and its refusals (someone else's change, a later change by
version, after 30 s on the injected clock, a worked-on cycle, a closed cycle, staff)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kaizen.db.models import AuditEvent, Comment, PdcaCycle, StageChange
from kaizen.domain.enums import PdcaStage, SuggestionStatus
from kaizen.domain.errors import Conflict, PermissionDenied
from kaizen.services import Services
from kaizen.services.undo import UNDO_SECONDS
from services.factories import idea, make_site


@pytest.fixture
def world(db, clock):
    site = make_site(db, clock)
    services = Services.create(db, clock)
    created = services.suggestions.create(site.staff_id, idea(site))
    return site, services, created.id


def events(db, entity: str, entity_id: int) -> list[str]:
    with db.read() as s:
        return list(s.scalars(select(AuditEvent.action).where(
            AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
            .order_by(AuditEvent.id)))


def test_undo_of_an_accept_puts_the_idea_back_and_removes_its_untouched_cycle(
        db, clock, world) -> None:
    site, services, idea_id = world
    before = services.suggestions.start_review(site.supervisor_id, idea_id)
    accepted = services.suggestions.accept(site.supervisor_id, idea_id,
                                           owner_id=site.other_staff_id)
    cycle_id = services.pdca.current_cycle(idea_id).id
    clock.advance(seconds=UNDO_SECONDS - 1)
    undone = services.undo.undo_review(site.supervisor_id, idea_id,
                                       expected_version=accepted.version)
    assert undone.message == f"Undone the accept: idea #{idea_id} is under review again."
    after = services.suggestions.get(idea_id)
    assert after.status is SuggestionStatus.UNDER_REVIEW
    assert after.owner_id == before.owner_id is None
    assert after.current_cycle_id is None and services.pdca.current_cycle(idea_id) is None
    with db.read() as s:
        assert s.get(PdcaCycle, cycle_id) is None
        assert s.scalar(select(func.count(StageChange.id))
                        .where(StageChange.cycle_id == cycle_id)) == 0
    assert events(db, "suggestion", idea_id)[-2:] == ["accept", "undo_accept"]
    assert events(db, "pdca_cycle", cycle_id) == ["open", "undo_open"]
    # Accepting again works as the first time: cycle 1.
    again = services.suggestions.accept(site.supervisor_id, idea_id)
    assert again.status is SuggestionStatus.ACCEPTED
    assert services.pdca.current_cycle(idea_id).number == 1


def test_undo_of_a_reject_and_of_a_send_back(db, clock, world) -> None:
    site, services, idea_id = world
    rejected = services.suggestions.reject(site.supervisor_id, idea_id, "Not now.")
    services.undo.undo_review(site.supervisor_id, idea_id, expected_version=rejected.version)
    info = services.suggestions.get(idea_id)
    assert info.status is SuggestionStatus.SUBMITTED and info.review_note == ""
    with db.read() as s:
        from kaizen.db.models import Suggestion
        row = s.get(Suggestion, idea_id)
        assert row.closed_at is None and row.reviewed_at is None

    clock.advance(seconds=5)
    started = services.suggestions.start_review(site.supervisor_id, idea_id)
    sent = services.suggestions.send_back(site.supervisor_id, idea_id, "Add a photo please.")
    assert started.status is SuggestionStatus.UNDER_REVIEW
    services.undo.undo_review(site.supervisor_id, idea_id, expected_version=sent.version)
    assert services.suggestions.get(idea_id).status is SuggestionStatus.UNDER_REVIEW
    with db.read() as s:
        assert s.scalar(select(func.count(Comment.id))
                        .where(Comment.suggestion_id == idea_id)) == 0
    assert events(db, "suggestion", idea_id)[-1] == "undo_send_back"


def test_undo_is_refused_late_after_a_change_or_for_someone_else(db, clock, world) -> None:
    site, services, idea_id = world
    accepted = services.suggestions.accept(site.supervisor_id, idea_id)
    clock.advance(seconds=UNDO_SECONDS + 1)
    with pytest.raises(Conflict, match="Too late to undo"):
        services.undo.undo_review(site.supervisor_id, idea_id,
                                  expected_version=accepted.version)
    # The admin cannot undo the supervisor's decision; staff cannot undo at all.
    other = services.suggestions.create(site.staff_id, idea(site, title="Second idea"))
    decided = services.suggestions.reject(site.supervisor_id, other.id, "Duplicate.")
    with pytest.raises(Conflict, match="nothing of yours to undo"):
        services.undo.undo_review(site.admin_id, other.id, expected_version=decided.version)
    with pytest.raises(PermissionDenied):
        services.undo.undo_review(site.staff_id, other.id, expected_version=decided.version)
    # A stale version: the idea changed since (another decision's copy).
    with pytest.raises(Conflict, match="changed since"):
        services.undo.undo_review(site.supervisor_id, other.id,
                                  expected_version=decided.version - 1)
    assert services.suggestions.get(other.id).status is SuggestionStatus.REJECTED
    assert events(db, "suggestion", other.id)[-1] == "reject"  # nothing written


def test_undo_of_an_accept_whose_cycle_was_worked_on_is_refused(db, clock, world) -> None:
    site, services, idea_id = world
    accepted = services.suggestions.accept(site.supervisor_id, idea_id)
    cycle = services.pdca.current_cycle(idea_id)
    services.pdca.add_action(site.supervisor_id, cycle.id, text="Buy the dispenser")
    with pytest.raises(Conflict, match="already worked on"):
        services.undo.undo_review(site.supervisor_id, idea_id,
                                  expected_version=accepted.version)
    assert services.suggestions.get(idea_id).status is SuggestionStatus.ACCEPTED


def test_undo_of_a_card_move(db, clock, world) -> None:
    site, services, idea_id = world
    services.suggestions.accept(site.supervisor_id, idea_id)
    cycle = services.pdca.current_cycle(idea_id)
    services.pdca.update_plan(
        site.supervisor_id, cycle.id, problem_statement="Walking.", why_chain=[],
        root_cause="Far.", target_metric="Walk (m)", target_from=8.0, target_to=1.0,
        target_by=None, countermeasure="Dispenser.")
    planned = services.pdca.get_cycle(cycle.id)
    clock.advance(minutes=5)
    moved = services.pdca.move(site.supervisor_id, cycle.id, PdcaStage.DO)
    clock.advance(seconds=10)
    undone = services.undo.undo_move(site.supervisor_id, cycle.id,
                                     expected_version=moved.version)
    back = services.pdca.get_cycle(cycle.id)
    assert back.stage is PdcaStage.PLAN and undone.version == back.version
    assert back.stage_entered_at == planned.stage_entered_at  # its time in Plan runs on
    assert [(h.from_stage, h.to_stage) for h in back.history][-2:] == [
        (PdcaStage.PLAN, PdcaStage.DO), (PdcaStage.DO, PdcaStage.PLAN)]
    assert events(db, "pdca_cycle", cycle.id)[-2:] == ["move", "undo_move"]
    # Undone once: the last event is the undo, not a move, so a second undo is refused.
    with pytest.raises(Conflict, match="nothing of yours to undo"):
        services.undo.undo_move(site.supervisor_id, cycle.id, expected_version=back.version)
