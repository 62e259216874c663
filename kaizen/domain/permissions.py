"""Who may do what. The services ask these functions before every change."""

from __future__ import annotations

from enum import StrEnum

from kaizen.domain.enums import Role, SuggestionStatus
from kaizen.domain.errors import PermissionDenied


class Action(StrEnum):
    CREATE_SUGGESTION = "create a suggestion"
    CREATE_OBSERVATION = "log a waste observation"
    COMMENT = "comment on a suggestion"
    REVIEW_SUGGESTION = "review suggestions"
    MOVE_PDCA = "move PDCA stages"
    RECORD_MEASUREMENT = "record measurements"
    RECORD_SAVINGS = "record savings"
    VALIDATE_SAVINGS = "validate savings"
    MANAGE_PEOPLE = "manage people"
    MANAGE_AREAS = "manage areas"
    MANAGE_SETTINGS = "change settings"
    MAP_PROCESS = "map processes"
    DELETE_PROCESS = "delete processes"
    MANAGE_EVENT_LOGS = "import and delete event logs"


_STAFF = frozenset({Action.CREATE_SUGGESTION, Action.CREATE_OBSERVATION, Action.COMMENT})
_SUPERVISOR = _STAFF | {
    Action.REVIEW_SUGGESTION,
    Action.MOVE_PDCA,
    Action.RECORD_MEASUREMENT,
    Action.RECORD_SAVINGS,
    Action.VALIDATE_SAVINGS,
    Action.MAP_PROCESS,
    Action.MANAGE_EVENT_LOGS,
}
_ADMIN = _SUPERVISOR | {Action.MANAGE_PEOPLE, Action.MANAGE_AREAS, Action.MANAGE_SETTINGS,
                        Action.DELETE_PROCESS}

_ALLOWED: dict[Role, frozenset[Action]] = {
    Role.STAFF: _STAFF,
    Role.SUPERVISOR: frozenset(_SUPERVISOR),
    Role.ADMIN: frozenset(_ADMIN),
}


def can(role: Role, action: Action) -> bool:
    return action in _ALLOWED[role]


def require(role: Role, action: Action) -> None:
    if not can(role, action):
        raise PermissionDenied(f"A {role.label.lower()} may not {action.value}.")


def can_edit_suggestion(
    role: Role, actor_id: int, submitter_id: int, status: SuggestionStatus
) -> bool:
    """Staff edit their own ideas until review starts; supervisors and admins edit open ones."""
    if status.is_closed:
        return False
    if role is Role.STAFF:
        return actor_id == submitter_id and status is SuggestionStatus.SUBMITTED
    return True


def require_edit_suggestion(
    role: Role, actor_id: int, submitter_id: int, status: SuggestionStatus
) -> None:
    if can_edit_suggestion(role, actor_id, submitter_id, status):
        return
    if status.is_closed:
        raise PermissionDenied(f"This idea is {status.label.lower()} and can no longer be edited.")
    if actor_id != submitter_id:
        raise PermissionDenied("Staff can only edit their own ideas.")
    raise PermissionDenied("This idea is already being reviewed; ask a supervisor to change it.")


def can_edit_observation(role: Role, actor_id: int, observer_id: int, linked: bool) -> bool:
    """Staff edit their own observations until one leads to an idea; supervisors edit any."""
    if role is Role.STAFF:
        return actor_id == observer_id and not linked
    return True
