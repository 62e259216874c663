"""What every service shares: the unit-of-work database, the clock, the acting person, the audit.

A service method is one user action: it opens ``db.write()`` (or ``db.read()``), loads the acting
person from the database (the role is never taken from the UI), checks the rules, writes an audit
event for every change and returns plain dataclasses.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from kaizen.db.engine import Database
from kaizen.db.models import AuditEvent, Person
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


def load_actor(session: Session, actor_id: int) -> Person:
    person = session.get(Person, actor_id)
    if person is None or not person.active:
        raise PermissionDenied("Pick an active person as who is working before making changes.")
    return person


def get_or_404(session: Session, model: type[Any], record_id: int, what: str) -> Any:
    record = session.get(model, record_id)
    if record is None:
        raise NotFound(f"{what} #{record_id} does not exist (it may have been removed).")
    return record


def snapshot(record: Any, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The column values of an ORM object as JSON-ready data, for the audit trail."""
    mapper = inspect(record).mapper
    names = list(fields) if fields is not None else [c.key for c in mapper.column_attrs]
    return {name: _jsonable(getattr(record, name)) for name in names}


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
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
    """Append one audit event. Only changed fields are kept when both sides are given."""
    if before is not None and after is not None:
        changed = [k for k in after if before.get(k) != after.get(k)]
        before = {k: before.get(k) for k in changed}
        after = {k: after[k] for k in changed}
    session.add(
        AuditEvent(
            at=at,
            person_id=actor_id,
            entity=entity,
            entity_id=entity_id,
            action=action,
            before=before,
            after=after,
        )
    )


def clean_text(value: str | None, field: str, label: str, *, max_len: int = MAX_TEXT,
               required: bool = False) -> str:
    """Strip a text field and check its length; raise ValidationError naming the field."""
    text = (value or "").strip()
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
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValidationError(f"{label} must be a finite number.", field)
    if number < minimum:
        raise ValidationError(f"{label} cannot be below {minimum:g}.", field)
    if number > maximum:
        raise ValidationError(f"{label} cannot be above {maximum:g}.", field)
    return number
