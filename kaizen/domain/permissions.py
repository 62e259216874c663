"""Who may do what. The services ask these functions before every change."""

from __future__ import annotations

from enum import StrEnum

from kaizen.domain.enums import Role, SuggestionStatus
from kaizen.domain.errors import PermissionDenied
from kaizen.i18n import QT_TRANSLATE_NOOP, translate


class Action(StrEnum):
    """What a role may do; the value is the English words (marked: :attr:`label` translates)."""

    CREATE_SUGGESTION = QT_TRANSLATE_NOOP("domain.permissions", "create a suggestion")
    CREATE_OBSERVATION = QT_TRANSLATE_NOOP("domain.permissions", "log a waste observation")
    COMMENT = QT_TRANSLATE_NOOP("domain.permissions", "comment on a suggestion")
    REVIEW_SUGGESTION = QT_TRANSLATE_NOOP("domain.permissions", "review suggestions")
    MOVE_PDCA = QT_TRANSLATE_NOOP("domain.permissions", "move PDCA stages")
    RECORD_MEASUREMENT = QT_TRANSLATE_NOOP("domain.permissions", "record measurements")
    RECORD_SAVINGS = QT_TRANSLATE_NOOP("domain.permissions", "record savings")
    VALIDATE_SAVINGS = QT_TRANSLATE_NOOP("domain.permissions", "validate savings")
    MANAGE_PEOPLE = QT_TRANSLATE_NOOP("domain.permissions", "manage people")
    MANAGE_AREAS = QT_TRANSLATE_NOOP("domain.permissions", "manage areas")
    MANAGE_SETTINGS = QT_TRANSLATE_NOOP("domain.permissions", "change settings")
    MAP_PROCESS = QT_TRANSLATE_NOOP("domain.permissions", "map processes")
    DELETE_PROCESS = QT_TRANSLATE_NOOP("domain.permissions", "delete processes")
    MANAGE_EVENT_LOGS = QT_TRANSLATE_NOOP("domain.permissions", "import and delete event logs")

    @property
    def label(self) -> str:
        """The words of the action in the language of the work ("record savings")."""
        return translate("domain.permissions", text=self.value)


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
        refusals = {
            Role.STAFF: translate("domain.permissions", "A staff may not {action}."),
            Role.SUPERVISOR: translate("domain.permissions", "A supervisor may not {action}."),
            Role.ADMIN: translate("domain.permissions", "A admin may not {action}."),
        }
        raise PermissionDenied(refusals[role].format(action=action.label))


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
        raise PermissionDenied(translate(
            "domain.permissions", "This idea is {status} and can no longer be edited."
        ).format(status=status.label.lower()))
    if actor_id != submitter_id:
        raise PermissionDenied(translate("domain.permissions",
                                         "Staff can only edit their own ideas."))
    raise PermissionDenied(translate(
        "domain.permissions",
        "This idea is already being reviewed; ask a supervisor to change it."))


def can_edit_observation(role: Role, actor_id: int, observer_id: int, linked: bool) -> bool:
    """Staff edit their own observations until one leads to an idea; supervisors edit any."""
    if role is Role.STAFF:
        return actor_id == observer_id and not linked
    return True
