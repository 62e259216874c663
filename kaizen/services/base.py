"""What every service shares: the unit-of-work database, the clock, the acting person, the audit.

A service method is one user action: it opens ``db.write()`` (or ``db.read()``), loads the acting
person from the database (the role is never taken from the UI), checks the rules, writes an audit
event for every change and returns plain dataclasses.

The checks of the input values (:func:`clean_text`, :func:`clean_line`, :func:`check_number`,
:func:`is_record_id`) live with every other input domain in :mod:`kaizen.domain.input_domains`;
they are re-exported here, where the services have always imported them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, Table, bindparam, inspect, select
from sqlalchemy.orm import Session

from kaizen.db import audit_chain
from kaizen.db.engine import Database
from kaizen.db.models import Person
from kaizen.domain.enums import Role
from kaizen.domain.errors import NotFound, PermissionDenied
from kaizen.domain.input_domains import (
    MAX_NAME,
    check_id,
    check_number,
    clean_line,
    clean_text,
    is_record_id,
)
from kaizen.i18n import translate

__all__ = ["MAX_NAME", "check_number", "clean_line", "clean_text", "is_record_id"]

Clock = Callable[[], datetime]
_Record = TypeVar("_Record")  # an ORM model class's instances

MAX_TITLE = 200
MAX_TEXT = 20_000


def system_clock() -> datetime:
    # Local wall-clock time without a zone: a site works in one time zone and its months are local.
    return datetime.now().replace(microsecond=0)


class Service:
    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self._db = db
        self._clock = clock


def get_if_id(session: Session, model: type[_Record], record_id: Any) -> _Record | None:
    """``session.get`` for a value that may not be an id at all (then None, like a gone row)."""
    return session.get(model, record_id) if is_record_id(record_id) else None


def load_actor(session: Session, actor_id: int) -> Person:
    person = get_if_id(session, Person, actor_id)
    if person is None or not person.active:
        raise PermissionDenied(
            translate(
                "services.base", "Pick an active person as who is working before making changes."
            )
        )
    return person


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is working, for a unit of work that needs only their id, name and role."""

    id: int
    name: str
    role: Role


# Built once: the columns :func:`load_acting` reads (a tenth of the cost of loading a Person).
_ACTOR = select(Person.id, Person.name, Person.role, Person.active).where(
    Person.id == bindparam("actor_id"))


def connection_of(unit: Session | Connection) -> Connection:
    """The connection of a unit of work: a :meth:`Database.write_connection`'s itself, or a
    session's (Core statements run on either, in the same transaction)."""
    return unit if isinstance(unit, Connection) else unit.connection()


def driver_rows(conn: Connection, statement: Any, params: dict[str, Any]) -> list[Any]:
    """``conn.execute(statement, params).all()`` as the driver's own row tuples: executed
    through SQLAlchemy (its compiled cache, its events, its errors), fetched without a Row
    object per row. Only for reads of thousands of rows whose columns the types do not convert
    (plain numbers, text, the driver's own datetimes): a KPI series of ten years spent a
    quarter of its read building Rows (issue 21)."""
    result = conn.execute(statement, params)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def load_acting(unit: Session | Connection, actor_id: int) -> Actor:
    """:func:`load_actor`'s check and refusal, reading the three columns as a Core row: for
    the saves that never change the person (issue 21: an idea's save within 2x of plain
    sqlite3)."""
    row = (connection_of(unit).execute(_ACTOR, {"actor_id": actor_id}).first()
           if is_record_id(actor_id) else None)
    return acting_from(row)


def acting_from(row: Any) -> Actor:
    """The Actor of a row (id, name, role, active) read by the caller, or :func:`load_actor`'s
    refusal when there is none or the person is not active."""
    if row is None or row[0] is None or not row[3]:
        raise PermissionDenied(
            translate(
                "services.base", "Pick an active person as who is working before making changes."
            )
        )
    return Actor(row[0], row[1], row[2])


def table_of(model: type[Any]) -> Table:
    """The Core table of an ORM model, for a bulk insert that skips the ORM's per-row work.

    Every model of :mod:`kaizen.db.models` is mapped to one Table; the declarative base only
    promises a FromClause (a model may map a join), hence the cast."""
    return cast(Table, model.__table__)


def check_idea_id(suggestion_id: Any) -> None:
    """The idea a list is asked for (``suggestion_id``): required, and picked by its number."""
    check_id(suggestion_id, "suggestion_id", translate("services.base", "An idea"), required=True)


def get_or_404(session: Session, model: type[_Record], record_id: int, what: str) -> _Record:
    record = get_if_id(session, model, record_id)
    if record is None:
        raise not_found(what, record_id)
    return record


def not_found(what: str, record_id: Any) -> NotFound:
    """The refusal of :func:`get_or_404`, for a read that looked the record up itself."""
    shown = record_id if is_record_id(record_id) else repr(record_id)[:40]
    return NotFound(
        translate(
            "services.base", "{what} #{shown} does not exist (it may have been removed)."
        ).format(what=what, shown=shown)
    )


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
    session: Session | Connection,
    *,
    actor_id: int | None,
    at: datetime,
    entity: str,
    entity_id: int,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    head: Any = audit_chain.UNREAD,
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
    audit_chain.append(connection_of(session), at=at, person_id=actor_id, entity=entity,
                       entity_id=entity_id, action=action, before=before, after=after,
                       head=head)
