"""Rows the PDCA, measurement and savings tests need, written straight through the ORM.

These tests must not depend on the people or suggestions services (written elsewhere), so the
world is built here: an area, people of each role, an accepted suggestion with its first cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from kaizen.db.engine import Database
from kaizen.db.models import Area, AuditEvent, Base, PdcaCycle, Person, Suggestion
from kaizen.domain.enums import AreaKind, PdcaStage, Role, SuggestionStatus
from kaizen.services.pdca import open_cycle


@dataclass(frozen=True)
class World:
    area_id: int
    admin_id: int
    supervisor_id: int
    staff_id: int
    other_staff_id: int
    suggestion_id: int
    cycle_id: int


def make_person(db: Database, name: str, role: Role, at: datetime, area_id: int | None = None,
                active: bool = True) -> int:
    with db.write() as s:
        person = Person(name=name, role=role, home_area_id=area_id, active=active, created_at=at)
        s.add(person)
        s.flush()
        return person.id


def make_suggestion(db: Database, *, submitter_id: int, area_id: int, at: datetime,
                    title: str = "Shadow board for the press tools",
                    status: SuggestionStatus = SuggestionStatus.ACCEPTED,
                    with_cycle: bool = True) -> tuple[int, int | None]:
    """A suggestion in ``status``; when accepted (and asked), its cycle 1 opened in Plan."""
    with db.write() as s:
        suggestion = Suggestion(
            title=title,
            problem="Operators search 5 minutes for the right die.",
            proposal="A shadow board beside each press.",
            submitter_id=submitter_id,
            area_id=area_id,
            status=status,
            created_at=at,
            updated_at=at,
        )
        s.add(suggestion)
        s.flush()
        cycle_id = None
        if with_cycle:
            cycle_id = open_cycle(s, suggestion.id, submitter_id, at, note="Accepted").id
        return suggestion.id, cycle_id


def make_world(db: Database, at: datetime) -> World:
    with db.write() as s:
        area = Area(name="Press shop", kind=AreaKind.DEPARTMENT)
        s.add(area)
        s.flush()
        area_id = area.id
    admin = make_person(db, "Ada Admin", Role.ADMIN, at, area_id)
    supervisor = make_person(db, "Sam Supervisor", Role.SUPERVISOR, at, area_id)
    staff = make_person(db, "Stan Staff", Role.STAFF, at, area_id)
    other = make_person(db, "Olga Other", Role.STAFF, at, area_id)
    suggestion_id, cycle_id = make_suggestion(
        db, submitter_id=supervisor, area_id=area_id, at=at
    )
    assert cycle_id is not None
    return World(area_id, admin, supervisor, staff, other, suggestion_id, cycle_id)


def row_counts(db: Database) -> dict[str, int]:
    """Rows in every table (audit events included): equal before and after means untouched."""
    with db.read() as s:
        return {
            table.name: s.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def audit_count(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count(AuditEvent.id))) or 0


def reach_check(db: Database, cycle_id: int) -> None:
    """Put a cycle in Check straight through the ORM: savings are validated only from there."""
    with db.write() as s:
        cycle = s.get(PdcaCycle, cycle_id)
        assert cycle is not None
        cycle.stage = PdcaStage.CHECK
