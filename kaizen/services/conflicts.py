"""Who changed a record last, and when: the words of a version conflict.

Two people editing the same record: the second save is refused (the version counter moved on)
with the name of the person who saved in between and the time, read from the audit trail, so the
message says "changed by NAME at TIME" rather than only "by someone else".
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from kaizen.db.models import AuditEvent, Person
from kaizen.i18n import translate


class _Record(Protocol):
    """An ORM object with an integer primary key named ``id`` (every Kaizen model)."""

    @property
    def id(self) -> int: ...


def changed_by(session: Session | None, entity: str, entity_id: int) -> str:
    """"changed by NAME at YYYY-MM-DD HH:MM; " for the newest audit event of the record, or
    "" when it has none."""
    if session is None:
        return ""
    last = session.execute(
        select(AuditEvent.at, Person.name)
        .outerjoin(Person, Person.id == AuditEvent.person_id)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(1)
    ).first()
    if last is None:
        return ""
    at, name = last
    return translate("services.conflicts", "changed by {name} at {at:%Y-%m-%d %H:%M}; ").format(
        name=name or translate("services.conflicts", "someone"), at=at)


def changed_by_of(record: _Record, entity: str) -> str:
    """:func:`changed_by` for an ORM object loaded in a session."""
    return changed_by(object_session(record), entity, record.id)
