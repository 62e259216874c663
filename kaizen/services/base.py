"""What every service shares: the unit-of-work database, the clock, the acting person, the audit.

A service method is one user action: it opens ``db.write()`` (or ``db.read()``), loads the acting
person from the database (the role is never taken from the UI), checks the rules, writes an audit
event for every change and returns plain dataclasses.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from kaizen.db import audit_chain
from kaizen.db.engine import Database
from kaizen.db.models import Person
from kaizen.domain.errors import NotFound, PermissionDenied, ValidationError

Clock = Callable[[], datetime]

MAX_TITLE = 200
MAX_TEXT = 20_000
MAX_NAME = 120


def system_clock() -> datetime:
    # Local wall-clock time without a zone: a site works in one time zone and its months are local.
    return datetime.now().replace(microsecond=0)


class Service:
    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self._db = db
        self._clock = clock


# SQLite's INTEGER (and PostgreSQL's BIGINT) range: a larger Python int cannot even be bound.
_ID_RANGE = range(-(2**63), 2**63)


def is_record_id(value: Any) -> bool:
    """True when ``value`` can be a row id: an int (not a bool) in the database's range."""
    return isinstance(value, int) and not isinstance(value, bool) and value in _ID_RANGE


def get_if_id(session: Session, model: type[Any], record_id: Any) -> Any:
    """``session.get`` for a value that may not be an id at all (then None, like a gone row)."""
    return session.get(model, record_id) if is_record_id(record_id) else None


def load_actor(session: Session, actor_id: int) -> Person:
    person = get_if_id(session, Person, actor_id)
    if person is None or not person.active:
        raise PermissionDenied("Pick an active person as who is working before making changes.")
    return person


def get_or_404(session: Session, model: type[Any], record_id: int, what: str) -> Any:
    record = get_if_id(session, model, record_id)
    if record is None:
        shown = record_id if is_record_id(record_id) else repr(record_id)[:40]
        raise NotFound(f"{what} #{shown} does not exist (it may have been removed).")
    return record


def snapshot(record: Any, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The column values of an ORM object as JSON-ready data, for the audit trail."""
    mapper = inspect(record).mapper
    names = list(fields) if fields is not None else [c.key for c in mapper.column_attrs]
    return {name: jsonable(getattr(record, name)) for name in names}


def jsonable(value: Any) -> Any:
    """``value`` as JSON-ready data: enums by value, dates and times in ISO form."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def audit(
    session: Session,
    *,
    actor_id: int | None,
    at: datetime,
    entity: str,
    entity_id: int,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Append one audit event. Only changed fields are kept when both sides are given.

    The row is inserted at once with a Core statement, at the head of the trail's hash chain
    (:func:`kaizen.db.audit_chain.append`): the event refers to a row already written and
    nothing reads it back, so it needs no place in the ORM's unit of work, whose flush of one
    object costs more than the insert itself.
    """
    if before is not None and after is not None:
        changed = [k for k in after if before.get(k) != after.get(k)]
        before = {k: before.get(k) for k in changed}
        after = {k: after[k] for k in changed}
    audit_chain.append(session.connection(), at=at, person_id=actor_id, entity=entity,
                       entity_id=entity_id, action=action, before=before, after=after)


# Control characters nobody types on purpose (they come from pasted binary or broken files); NUL
# would also cut the text short for SQLite's length() in the CHECK constraints. Tab, line feed
# and carriage return stay.
_INVISIBLE_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str | None, field: str, label: str, *, max_len: int = MAX_TEXT,
               required: bool = False) -> str:
    """Strip a text field and check its length; raise ValidationError naming the field.

    Control characters other than tab and line breaks are removed; text that cannot be stored
    as UTF-8 (lone surrogates) is refused.
    """
    if value is not None and not isinstance(value, str):
        raise ValidationError(f"{label} must be text.", field)
    text = _INVISIBLE_CONTROLS.sub("", value or "").strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(f"{label} holds characters that cannot be stored.", field) from None
    if required and not text:
        raise ValidationError(f"{label} is required.", field)
    if len(text) > max_len:
        raise ValidationError(
            f"{label} is too long ({len(text):,} characters; at most {max_len:,}).", field
        )
    return text


def check_number(value: float | int | None, field: str, label: str, *, minimum: float = 0.0,
                 maximum: float = 1e12, required: bool = True) -> float | None:
    if value is None:
        if required:
            raise ValidationError(f"{label} is required.", field)
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(f"{label} must be a number.", field)
    try:
        number = float(value)
    except OverflowError:  # an int beyond any float
        raise ValidationError(f"{label} cannot be above {maximum:g}.", field) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValidationError(f"{label} must be a finite number.", field)
    if number < minimum:
        raise ValidationError(f"{label} cannot be below {minimum:g}.", field)
    if number > maximum:
        raise ValidationError(f"{label} cannot be above {maximum:g}.", field)
    return number
