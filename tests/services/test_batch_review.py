"""Batch review: a supervisor acts on a multi-selection; each idea is its own unit of work."""

from __future__ import annotations

from datetime import date

import pytest

from kaizen.db.models import AuditEvent, Comment, PdcaCycle, Suggestion
from kaizen.domain.enums import SuggestionStatus
from kaizen.domain.errors import PermissionDenied, ValidationError
from kaizen.services.suggestions import BatchOutcome, ReviewAction

from .factories import count, idea


@pytest.fixture
def three(site):
    return [site.suggestions.create(site.staff_id, idea(site, title=f"Idea {n}")).id
            for n in range(3)]


def _status(site, suggestion_id):
    return site.suggestions.get(suggestion_id).status


def _unchanged(db):
    return (count(db, Suggestion), count(db, AuditEvent), count(db, Comment),
            count(db, PdcaCycle))


def test_accept_many_with_owner_and_due_date(site, three, db):
    outcomes = site.suggestions.review_many(
        site.supervisor_id, three, ReviewAction.ACCEPT, owner_id=site.staff_id,
        due_date=date(2026, 12, 15))
    # Each done outcome carries the idea's version after the decision (what an undo checks).
    assert outcomes == [BatchOutcome(i, True, f"Idea #{i} accepted.",
                                     site.suggestions.get(i).version) for i in three]
    for suggestion_id in three:
        info = site.suggestions.get(suggestion_id)
        assert (info.status, info.owner_id, info.due_date) == (
            SuggestionStatus.ACCEPTED, site.staff_id, date(2026, 12, 15))
        assert info.current_cycle_id is not None  # PDCA cycle 1 opened, as one by one
    assert count(db, PdcaCycle) == 3


def test_one_refusal_leaves_the_others_done(site, three, db):
    site.suggestions.reject(site.supervisor_id, three[1], "Out of scope.")
    outcomes = site.suggestions.review_many(site.supervisor_id, [three[0], three[1], 404,
                                                                 three[2], three[0]],
                                            ReviewAction.ACCEPT)
    assert [(o.id, o.ok) for o in outcomes] == [
        (three[0], True), (three[1], False), (404, False), (three[2], True)]
    assert "rejected" in outcomes[1].message
    assert "#404" in outcomes[2].message
    assert _status(site, three[0]) is SuggestionStatus.ACCEPTED
    assert _status(site, three[1]) is SuggestionStatus.REJECTED
    assert _status(site, three[2]) is SuggestionStatus.ACCEPTED


def test_reject_and_send_back_many_need_a_reason(site, three, db):
    before = _unchanged(db)
    for action in (ReviewAction.REJECT, ReviewAction.SEND_BACK):
        with pytest.raises(ValidationError) as err:
            site.suggestions.review_many(site.supervisor_id, three, action,
                                         reason_or_note="   ")
        assert err.value.field == "reason_or_note"
    assert _unchanged(db) == before
    outcomes = site.suggestions.review_many(site.supervisor_id, three[:2], ReviewAction.REJECT,
                                            reason_or_note="Duplicate of #1.")
    assert all(o.ok for o in outcomes)
    assert site.suggestions.get(three[0]).review_note == "Duplicate of #1."
    outcomes = site.suggestions.review_many(site.supervisor_id, three, ReviewAction.SEND_BACK,
                                            reason_or_note="Add a photo please.")
    assert [o.ok for o in outcomes] == [False, False, True]
    assert site.suggestions.list_comments(three[2])[0].body == "Add a photo please."


def test_start_review_many(site, three):
    outcomes = site.suggestions.review_many(site.supervisor_id, three, "start_review")
    assert [o.message for o in outcomes] == [f"Idea #{i} taken into review." for i in three]
    assert {_status(site, i) for i in three} == {SuggestionStatus.UNDER_REVIEW}
    again = site.suggestions.review_many(site.supervisor_id, three, ReviewAction.START_REVIEW)
    assert not any(o.ok for o in again)


def test_staff_are_refused_up_front(site, three, db):
    before = _unchanged(db)
    for action in ReviewAction:
        with pytest.raises(PermissionDenied):
            site.suggestions.review_many(site.staff_id, three, action, reason_or_note="x")
    assert _unchanged(db) == before
    with pytest.raises(PermissionDenied):
        site.suggestions.review_many(99_999, three, ReviewAction.ACCEPT)


def test_bad_arguments_are_refused_up_front(site, three, db):
    before = _unchanged(db)
    with pytest.raises(ValidationError) as err:
        site.suggestions.review_many(site.supervisor_id, three, ReviewAction.ACCEPT,
                                     owner_id=99_999)
    assert err.value.field == "owner_id"
    with pytest.raises(ValidationError) as err:
        site.suggestions.review_many(site.supervisor_id, three, ReviewAction.ACCEPT,
                                     due_date=date(2020, 1, 1))
    assert err.value.field == "due_date"
    with pytest.raises(ValidationError) as err:
        site.suggestions.review_many(site.supervisor_id, three, "approve")
    assert err.value.field == "action"
    assert _unchanged(db) == before


def test_an_empty_selection_does_nothing(site):
    assert site.suggestions.review_many(site.supervisor_id, [], ReviewAction.ACCEPT) == []
