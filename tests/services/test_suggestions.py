"""SuggestionService: capture and edit ideas, review them, assign them, discuss them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kaizen.db.models import AuditEvent, Comment, PdcaCycle, StageChange, Suggestion
from kaizen.domain.enums import PdcaStage, SuggestionStatus, WasteCategory
from kaizen.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError

from .factories import audit_events, count, idea


def _unchanged(db):
    return (count(db, Suggestion), count(db, AuditEvent), count(db, Comment),
            count(db, PdcaCycle))


# --- create and read -----------------------------------------------------------------------------


def test_create_returns_the_idea(site, db, clock):
    created = site.suggestions.create(
        site.staff_id, idea(site, wastes=["waiting", WasteCategory.MOTION, "motion"])
    )
    assert created.status is SuggestionStatus.SUBMITTED
    assert (created.submitter_name, created.area_name) == ("Stan Staff", "Line 1")
    # Deduplicated and in the enum's order.
    assert created.wastes == [WasteCategory.MOTION, WasteCategory.WAITING]
    assert created.created_at == created.updated_at == clock.now
    assert (created.current_cycle_id, created.current_stage, created.owner_id) == (None, None, None)
    assert site.suggestions.get(created.id) == created
    [event] = audit_events(db, "suggestion")
    assert (event.action, event.person_id, event.before) == ("create", site.staff_id, None)
    assert event.after["title"] == created.title
    assert event.after["wastes"] == ["motion", "waiting"]


def test_no_waste_needed_and_text_is_trimmed(site):
    created = site.suggestions.create(site.staff_id, idea(site, wastes=[], title="  Tidy  "))
    assert created.wastes == [] and created.title == "Tidy"


def test_get_unknown(site):
    with pytest.raises(NotFound):
        site.suggestions.get(12345)


def test_list_recent_newest_first(site, clock):
    ids = []
    for n in range(3):
        ids.append(site.suggestions.create(site.staff_id, idea(site, title=f"Idea {n}")).id)
        clock.advance(hours=1)
    site.suggestions.accept(site.supervisor_id, ids[0])
    recent = site.suggestions.list_recent()
    assert [s.id for s in recent] == ids[::-1]
    assert recent[-1].current_stage is PdcaStage.PLAN
    assert [s.id for s in site.suggestions.list_recent(limit=2)] == ids[:0:-1]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"problem": "x" * 100_000}, "problem"),
        ({"proposal": "x" * 20_001}, "proposal"),
        ({"area_id": 999}, "area_id"),
        ({"area_id": None}, "area_id"),
        ({"impact": 0}, "impact"),
        ({"impact": 6}, "impact"),
        ({"effort": 2.5}, "effort"),
        ({"effort": True}, "effort"),
        ({"expected_savings": -1.0}, "expected_savings"),
        ({"expected_savings": float("nan")}, "expected_savings"),
        ({"implementation_cost": float("inf")}, "implementation_cost"),
        ({"implementation_cost": "ten"}, "implementation_cost"),
        ({"wastes": ["laziness"]}, "wastes"),
    ],
)
def test_create_validates_and_leaves_nothing_behind(site, db, changes, field):
    before = _unchanged(db)
    with pytest.raises(ValidationError) as error:
        site.suggestions.create(site.staff_id, idea(site, **changes))
    assert error.value.field == field
    assert _unchanged(db) == before


def test_create_in_retired_area_refused(site, db):
    site.people.set_area_active(site.admin_id, site.line_id, False)
    with pytest.raises(ValidationError) as error:
        site.suggestions.create(site.staff_id, idea(site))
    assert error.value.field == "area_id"


def test_inactive_person_cannot_create(site, db):
    site.people.set_active(site.admin_id, site.staff_id, False)
    before = _unchanged(db)
    with pytest.raises(PermissionDenied):
        site.suggestions.create(site.staff_id, idea(site))
    assert _unchanged(db) == before


# --- update --------------------------------------------------------------------------------------


def test_submitter_updates_own_idea(site, db, clock):
    created = site.suggestions.create(site.staff_id, idea(site))
    clock.advance(hours=2)
    updated = site.suggestions.update(
        site.staff_id, created.id,
        idea(site, title="Tape on the table", wastes=[WasteCategory.TRANSPORT], impact=4),
        expected_version=created.version,
    )
    assert updated.title == "Tape on the table"
    assert updated.wastes == [WasteCategory.TRANSPORT]
    assert updated.version == created.version + 1 and updated.updated_at == clock.now
    event = audit_events(db, "suggestion")[-1]
    assert event.action == "update"
    assert event.before == {"title": created.title, "impact": 3, "wastes": ["motion"]}
    assert event.after == {"title": "Tape on the table", "impact": 4, "wastes": ["transport"]}


def test_update_without_changes_writes_nothing(site, db):
    created = site.suggestions.create(site.staff_id, idea(site))
    events = count(db, AuditEvent)
    same = site.suggestions.update(site.staff_id, created.id, idea(site))
    assert same.version == created.version and count(db, AuditEvent) == events


def test_update_version_conflict(site, db):
    created = site.suggestions.create(site.staff_id, idea(site))
    site.suggestions.update(site.staff_id, created.id, idea(site, title="First"),
                            expected_version=created.version)
    before = _unchanged(db)
    with pytest.raises(Conflict, match="version"):
        site.suggestions.update(site.staff_id, created.id, idea(site, title="Second"),
                                expected_version=created.version)
    assert site.suggestions.get(created.id).title == "First"
    assert _unchanged(db) == before


def test_staff_cannot_edit_someone_elses_idea(site, db):
    created = site.suggestions.create(site.staff_id, idea(site))
    before = _unchanged(db)
    with pytest.raises(PermissionDenied, match="own"):
        site.suggestions.update(site.other_staff_id, created.id, idea(site, title="Mine now"))
    assert _unchanged(db) == before


def test_staff_cannot_edit_once_in_review_but_supervisor_can(site):
    created = site.suggestions.create(site.staff_id, idea(site))
    site.suggestions.start_review(site.supervisor_id, created.id)
    with pytest.raises(PermissionDenied, match="review"):
        site.suggestions.update(site.staff_id, created.id, idea(site, title="Late change"))
    changed = site.suggestions.update(site.supervisor_id, created.id, idea(site, title="Clearer"))
    assert changed.title == "Clearer"


def test_update_validates(site, db):
    created = site.suggestions.create(site.staff_id, idea(site))
    before = _unchanged(db)
    with pytest.raises(ValidationError) as error:
        site.suggestions.update(site.staff_id, created.id, idea(site, title=""))
    assert error.value.field == "title"
    assert _unchanged(db) == before
    assert site.suggestions.get(created.id).title == created.title


def test_update_keeps_a_retired_area(site):
    created = site.suggestions.create(site.staff_id, idea(site))
    site.people.set_area_active(site.admin_id, site.line_id, False)
    assert site.suggestions.update(site.staff_id, created.id, idea(site, title="Kept")).area_id \
        == site.line_id


# --- review --------------------------------------------------------------------------------------


def test_review_then_accept_opens_cycle_one(site, db, clock):
    created = site.suggestions.create(site.staff_id, idea(site))
    reviewing = site.suggestions.start_review(site.supervisor_id, created.id,
                                              expected_version=created.version)
    assert reviewing.status is SuggestionStatus.UNDER_REVIEW
    due = date(2026, 12, 1)
    accepted = site.suggestions.accept(site.supervisor_id, created.id,
                                       owner_id=site.staff_id, due_date=due)
    assert accepted.status is SuggestionStatus.ACCEPTED
    assert (accepted.owner_id, accepted.owner_name, accepted.due_date) == (
        site.staff_id, "Stan Staff", due)
    assert accepted.current_stage is PdcaStage.PLAN and accepted.current_cycle_id is not None
    with db.read() as s:
        cycle = s.get(PdcaCycle, accepted.current_cycle_id)
        assert cycle.number == 1 and cycle.suggestion_id == created.id
        assert s.get(Suggestion, created.id).reviewed_at == clock.now
        assert count(db, StageChange) == 1
    actions = [e.action for e in audit_events(db, "suggestion")]
    assert actions == ["create", "start_review", "accept"]
    accept_event = audit_events(db, "suggestion")[-1]
    assert accept_event.before["status"] == "under_review"
    assert accept_event.after["status"] == "accepted"
    assert [e.action for e in audit_events(db, "pdca_cycle")] == ["open"]


def test_accept_directly_from_submitted(site):
    created = site.suggestions.create(site.staff_id, idea(site))
    assert site.suggestions.accept(site.admin_id, created.id).status is SuggestionStatus.ACCEPTED


def test_reject_needs_a_reason(site, db, clock):
    created = site.suggestions.create(site.staff_id, idea(site))
    before = _unchanged(db)
    with pytest.raises(ValidationError) as error:
        site.suggestions.reject(site.supervisor_id, created.id, "  ")
    assert error.value.field == "reason"
    assert _unchanged(db) == before
    rejected = site.suggestions.reject(site.supervisor_id, created.id, "Already planned.")
    assert rejected.status is SuggestionStatus.REJECTED
    assert rejected.review_note == "Already planned."
    with db.read() as s:
        assert s.get(Suggestion, created.id).closed_at == clock.now


def test_send_back_adds_note_and_comment(site, db):
    created = site.suggestions.create(site.staff_id, idea(site))
    site.suggestions.start_review(site.supervisor_id, created.id)
    with pytest.raises(ValidationError) as error:
        site.suggestions.send_back(site.supervisor_id, created.id, "")
    assert error.value.field == "note"
    back = site.suggestions.send_back(site.supervisor_id, created.id, "Add the walking distance.")
    assert back.status is SuggestionStatus.SUBMITTED
    assert back.review_note == "Add the walking distance."
    [comment] = site.suggestions.list_comments(created.id)
    assert (comment.author_id, comment.body) == (site.supervisor_id, "Add the walking distance.")
    # Back with the submitter, who may edit it again.
    edited = site.suggestions.update(site.staff_id, created.id, idea(site, title="8 m"))
    assert edited.title == "8 m"


@pytest.mark.parametrize("action", ["start_review", "accept", "reject", "send_back", "assign"])
def test_staff_cannot_review(site, db, action):
    created = site.suggestions.create(site.staff_id, idea(site))
    calls = {
        "start_review": lambda: site.suggestions.start_review(site.staff_id, created.id),
        "accept": lambda: site.suggestions.accept(site.staff_id, created.id),
        "reject": lambda: site.suggestions.reject(site.staff_id, created.id, "No"),
        "send_back": lambda: site.suggestions.send_back(site.staff_id, created.id, "More"),
        "assign": lambda: site.suggestions.assign(site.staff_id, created.id,
                                                  owner_id=site.staff_id, due_date=None),
    }
    before = _unchanged(db)
    with pytest.raises(PermissionDenied):
        calls[action]()
    assert _unchanged(db) == before
    assert site.suggestions.get(created.id).status is SuggestionStatus.SUBMITTED


def test_invalid_transitions_name_the_status(site, db):
    created = site.suggestions.create(site.staff_id, idea(site))
    site.suggestions.start_review(site.supervisor_id, created.id)
    with pytest.raises(Conflict, match="under review"):
        site.suggestions.start_review(site.supervisor_id, created.id)
    site.suggestions.reject(site.supervisor_id, created.id, "No budget.")
    before = _unchanged(db)
    for call in (
        lambda: site.suggestions.accept(site.supervisor_id, created.id),
        lambda: site.suggestions.reject(site.supervisor_id, created.id, "Again"),
        lambda: site.suggestions.send_back(site.supervisor_id, created.id, "Again"),
        lambda: site.suggestions.start_review(site.supervisor_id, created.id),
        lambda: site.suggestions.assign(site.supervisor_id, created.id, owner_id=None,
                                        due_date=None),
    ):
        with pytest.raises(Conflict, match="rejected"):
            call()
    assert _unchanged(db) == before


def test_accept_twice_is_a_conflict_and_opens_one_cycle(site, db):
    created = site.suggestions.create(site.staff_id, idea(site))
    site.suggestions.accept(site.supervisor_id, created.id)
    with pytest.raises(Conflict, match="accepted"):
        site.suggestions.accept(site.supervisor_id, created.id)
    assert count(db, PdcaCycle) == 1


def test_review_version_conflict(site, db):
    created = site.suggestions.create(site.staff_id, idea(site))
    site.suggestions.update(site.staff_id, created.id, idea(site, title="Changed"))
    with pytest.raises(Conflict, match="version"):
        site.suggestions.accept(site.supervisor_id, created.id, expected_version=created.version)
    assert count(db, PdcaCycle) == 0


def test_accept_validates_owner_and_due_date(site, db):
    created = site.suggestions.create(site.staff_id, idea(site))
    before = _unchanged(db)
    with pytest.raises(ValidationError) as error:
        site.suggestions.accept(site.supervisor_id, created.id, owner_id=999)
    assert error.value.field == "owner_id"
    with pytest.raises(ValidationError) as error:
        site.suggestions.accept(site.supervisor_id, created.id, due_date=date(2020, 1, 1))
    assert error.value.field == "due_date"
    assert _unchanged(db) == before
    assert site.suggestions.get(created.id).status is SuggestionStatus.SUBMITTED


def test_assign_owner_and_due_date(site, db, clock):
    created = site.suggestions.create(site.staff_id, idea(site))
    site.suggestions.accept(site.supervisor_id, created.id)
    assigned = site.suggestions.assign(site.supervisor_id, created.id,
                                       owner_id=site.other_staff_id, due_date=date(2026, 11, 30))
    assert (assigned.owner_name, assigned.due_date) == ("Olga Other", date(2026, 11, 30))
    event = audit_events(db, "suggestion")[-1]
    assert (event.action, event.before, event.after) == (
        "assign", {"owner_id": None, "due_date": None},
        {"owner_id": site.other_staff_id, "due_date": "2026-11-30"},
    )
    # An overdue date may be kept while the owner changes.
    clock.advance(days=60)
    again = site.suggestions.assign(site.supervisor_id, created.id, owner_id=site.staff_id,
                                    due_date=date(2026, 11, 30))
    assert again.owner_id == site.staff_id
    unassigned = site.suggestions.assign(site.supervisor_id, created.id, owner_id=None,
                                         due_date=None)
    assert (unassigned.owner_id, unassigned.owner_name, unassigned.due_date) == (None, None, None)


# --- comments ------------------------------------------------------------------------------------


def test_comments_thread(site, db, clock):
    created = site.suggestions.create(site.staff_id, idea(site))
    first = site.suggestions.add_comment(site.supervisor_id, created.id, " How far is it? ")
    clock.advance(minutes=5)
    reply = site.suggestions.add_comment(site.staff_id, created.id, "About 8 m.",
                                         parent_id=first.id)
    assert first.body == "How far is it?" and first.author_name == "Sam Supervisor"
    assert reply.parent_id == first.id
    assert site.suggestions.list_comments(created.id) == [first, reply]
    event = audit_events(db, "comment")[-1]
    assert event.action == "create" and event.after["body"] == "About 8 m."


def test_comment_validation(site, db):
    created = site.suggestions.create(site.staff_id, idea(site))
    other = site.suggestions.create(site.staff_id, idea(site, title="Other"))
    elsewhere = site.suggestions.add_comment(site.staff_id, other.id, "Hello")
    before = _unchanged(db)
    for body, parent, field in (
        ("", None, "body"),
        ("x" * 4001, None, "body"),
        ("Reply", elsewhere.id, "parent_id"),
        ("Reply", 999, "parent_id"),
    ):
        with pytest.raises(ValidationError) as error:
            site.suggestions.add_comment(site.staff_id, created.id, body, parent_id=parent)
        assert error.value.field == field
    assert _unchanged(db) == before
    with pytest.raises(NotFound):
        site.suggestions.add_comment(site.staff_id, 999, "Hi")
    with pytest.raises(NotFound):
        site.suggestions.list_comments(999)


def test_input_is_immutable(site):
    data = idea(site)
    with pytest.raises(AttributeError):
        data.title = "x"  # type: ignore[misc]
    assert replace(data, title="y").title == "y"
