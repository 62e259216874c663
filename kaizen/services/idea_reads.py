"""An idea's save reads its area and the person working (issue 21: built once, in as few
statements as the save can have). Split from :mod:`kaizen.services.suggestions` (one job per
file, under 40 kB); the refusal keeps that module's translation context."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, literal, select
from sqlalchemy.orm import Session

from kaizen.db import audit_chain
from kaizen.db.models import Area, Person
from kaizen.domain.errors import ValidationError
from kaizen.i18n import translate
from kaizen.services.base import Actor, acting_from, connection_of, get_if_id, is_record_id


def check_area(session: Session, area_id: Any, field_name: str = "area_id") -> Area:
    """The active area ``area_id``, or a ValidationError on ``field_name``."""
    area = get_if_id(session, Area, area_id)
    if area is None or not area.active:
        raise ValidationError(
            translate("services.suggestions", "Pick an active area."), field=field_name
        )
    return area


# The columns an idea's area check needs, built once; a Core read of them costs a tenth of
# loading the Area object (issue 21: the save within 2x of the same statements in plain sqlite3).
_AREA_ROW = select(Area.id, Area.name, Area.active).where(Area.id == bindparam("area_id"))


def _active_area(unit: Session | Connection, area_id: Any,
                 field_name: str = "area_id") -> tuple[int, str]:
    """The id and name of the active area ``area_id``, or the same refusal as :func:`check_area`."""
    row = (connection_of(unit).execute(_AREA_ROW, {"area_id": area_id}).first()
           if is_record_id(area_id) else None)
    return _area_of(row, field_name)


def _area_of(row: Any, field_name: str = "area_id") -> tuple[int, str]:
    """The id and name from an area row (id, name, active), or the refusal of a missing or
    retired area."""
    if row is None or row[0] is None or not row[2]:
        raise ValidationError(
            translate("services.suggestions", "Pick an active area."), field=field_name
        )
    return row[0], row[1]


# A new idea's reads in one statement: the person working and the idea's area, each joined by
# its id to a one-row source so that either may be missing, and on SQLite the audit trail's
# head too (the write lock is held already; PostgreSQL reads it after its advisory lock). Each
# statement fewer is a twentieth of the save's CPU (issue 21).
_ACTOR_AND_AREA = (
    select(Person.id, Person.name, Person.role, Person.active, Area.id, Area.name, Area.active)
    .select_from(select(literal(1).label("one")).subquery("one"))
    .outerjoin(Person, Person.id == bindparam("actor_id"))
    .outerjoin(Area, Area.id == bindparam("area_id"))
)
_ACTOR_AREA_AND_HEAD = _ACTOR_AND_AREA.add_columns(
    audit_chain.HEAD_ROW.c.head_id, audit_chain.HEAD_ROW.c.head_hash,
).outerjoin(audit_chain.HEAD_ROW, literal(True))


def _acting_and_area(conn: Connection, actor_id: Any,
                     area_id: Any) -> tuple[Actor, tuple[Any, Any, Any], Any]:
    """The person working (refused as :func:`load_acting` refuses), the idea's area row (id,
    name, active; checked later, in the order of the form's checks) and the audit trail's head
    for :func:`kaizen.db.audit_chain.append` (on PostgreSQL: not read here)."""
    with_head = conn.dialect.name == "sqlite"
    row = conn.execute(_ACTOR_AREA_AND_HEAD if with_head else _ACTOR_AND_AREA, {
        "actor_id": actor_id if is_record_id(actor_id) else None,
        "area_id": area_id if is_record_id(area_id) else None,
    }).one()
    head = (None if row[7] is None else (int(row[7]), str(row[8]))) if with_head \
        else audit_chain.UNREAD
    return acting_from(row[:4]), (row[4], row[5], row[6]), head
