"""Who may do what: the role table and the edit rules for ideas and observations."""

from __future__ import annotations

import pytest

from kaizen.domain.enums import Role, SuggestionStatus
from kaizen.domain.errors import PermissionDenied
from kaizen.domain.permissions import (
    Action,
    can,
    can_edit_observation,
    can_edit_suggestion,
    require,
    require_edit_suggestion,
)

STAFF_MAY = {Action.CREATE_SUGGESTION, Action.CREATE_OBSERVATION, Action.COMMENT}
SUPERVISOR_MAY = STAFF_MAY | {
    Action.REVIEW_SUGGESTION, Action.MOVE_PDCA, Action.RECORD_MEASUREMENT,
    Action.RECORD_SAVINGS, Action.VALIDATE_SAVINGS, Action.MAP_PROCESS,
    Action.MANAGE_EVENT_LOGS,
}


@pytest.mark.parametrize("action", list(Action))
def test_role_table(action):
    assert can(Role.STAFF, action) == (action in STAFF_MAY)
    assert can(Role.SUPERVISOR, action) == (action in SUPERVISOR_MAY)
    assert can(Role.ADMIN, action)


def test_require_names_role_and_action():
    require(Role.SUPERVISOR, Action.REVIEW_SUGGESTION)
    with pytest.raises(PermissionDenied, match="A staff may not review suggestions"):
        require(Role.STAFF, Action.REVIEW_SUGGESTION)
    with pytest.raises(PermissionDenied, match="manage people"):
        require(Role.SUPERVISOR, Action.MANAGE_PEOPLE)


def test_staff_edit_own_idea_only_while_submitted():
    assert can_edit_suggestion(Role.STAFF, 1, 1, SuggestionStatus.SUBMITTED)
    assert not can_edit_suggestion(Role.STAFF, 2, 1, SuggestionStatus.SUBMITTED)
    assert not can_edit_suggestion(Role.STAFF, 1, 1, SuggestionStatus.UNDER_REVIEW)
    assert not can_edit_suggestion(Role.STAFF, 1, 1, SuggestionStatus.ACCEPTED)


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
def test_supervisors_edit_any_open_idea(role):
    for status in SuggestionStatus:
        assert can_edit_suggestion(role, 2, 1, status) == (not status.is_closed)


@pytest.mark.parametrize(
    ("role", "actor", "status", "message"),
    [
        (Role.STAFF, 2, SuggestionStatus.SUBMITTED, "own ideas"),
        (Role.STAFF, 1, SuggestionStatus.UNDER_REVIEW, "being reviewed"),
        (Role.SUPERVISOR, 2, SuggestionStatus.REJECTED, "rejected"),
        (Role.ADMIN, 1, SuggestionStatus.STANDARDISED, "standardised"),
    ],
)
def test_require_edit_suggestion_says_why(role, actor, status, message):
    with pytest.raises(PermissionDenied, match=message):
        require_edit_suggestion(role, actor, 1, status)


def test_require_edit_suggestion_passes_when_allowed():
    require_edit_suggestion(Role.STAFF, 1, 1, SuggestionStatus.SUBMITTED)
    require_edit_suggestion(Role.SUPERVISOR, 3, 1, SuggestionStatus.ACCEPTED)


def test_observation_edit_rules():
    assert can_edit_observation(Role.STAFF, 1, 1, linked=False)
    assert not can_edit_observation(Role.STAFF, 1, 1, linked=True)
    assert not can_edit_observation(Role.STAFF, 2, 1, linked=False)
    assert can_edit_observation(Role.SUPERVISOR, 2, 1, linked=True)
    assert can_edit_observation(Role.ADMIN, 2, 1, linked=True)
