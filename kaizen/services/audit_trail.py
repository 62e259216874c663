"""The audit trail of one record, read from the append-only audit events: who changed what,
when, with each field's value before and after. Shared by the screens' reads (the card dialog,
the idea and observation dialogs) and by ``BoardService.audit_trail``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from kaizen.db.models import AuditEvent, PdcaAction, Person
from kaizen.domain.errors import ValidationError
from kaizen.i18n import translate


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    person_name: str | None
    entity: str
    entity_id: int
    action: str
    # (field, before, after) for every field the event recorded, in the event's order.
    changes: list[tuple[str, Any, Any]]


def audit_entries(s: Session, entity: str, entity_id: int) -> list[AuditEntry]:
    """Audit events of one record, oldest first; a PDCA cycle's include its actions'."""
    if not isinstance(entity, str) or not entity:
        raise ValidationError(
            translate("services.audit_trail", "Name the kind of record."), field="entity"
        )
    if isinstance(entity_id, bool) or not isinstance(entity_id, int):
        raise ValidationError(
            translate("services.audit_trail", "A record is picked by its number."),
            field="entity_id",
        )
    which = and_(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
    if entity == "pdca_cycle":
        actions = select(PdcaAction.id).where(PdcaAction.cycle_id == entity_id)
        which = or_(
            which,
            and_(AuditEvent.entity == "pdca_action", AuditEvent.entity_id.in_(actions)),
        )
    query = (
        select(AuditEvent, Person.name)
        .outerjoin(Person, Person.id == AuditEvent.person_id)
        .where(which)
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return [
        AuditEntry(
            id=event.id,
            at=event.at,
            person_name=name,
            entity=event.entity,
            entity_id=event.entity_id,
            action=event.action,
            changes=_changes(event.before, event.after),
        )
        for event, name in s.execute(query)
    ]


def _changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[
    tuple[str, Any, Any]
]:
    before = before or {}
    after = after or {}
    names = list(after) + [name for name in before if name not in after]
    return [(name, before.get(name), after.get(name)) for name in names]
