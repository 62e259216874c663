"""Build a small site for service tests: one site, a department and a line, and three people.

Everything goes through the services, as the app does, so the tests see real audit rows too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from kaizen.db.engine import Database
from kaizen.db.models import AuditEvent
from kaizen.domain.enums import AreaKind, Role, WasteCategory
from kaizen.services.observations import ObservationInput, ObservationService
from kaizen.services.pdca import CycleInfo, PdcaService
from kaizen.services.people import PeopleService
from kaizen.services.suggestions import SuggestionInput, SuggestionService

ADMIN_PIN = "1234"
SUPERVISOR_PIN = "2468"


@dataclass
class Site:
    db: Database
    people: PeopleService
    suggestions: SuggestionService
    observations: ObservationService
    admin_id: int
    supervisor_id: int
    staff_id: int
    other_staff_id: int
    site_id: int
    department_id: int
    line_id: int


def make_site(db: Database, clock: Callable[[], datetime]) -> Site:
    people = PeopleService(db, clock)
    admin = people.bootstrap(site_name="Plant 1", admin_name="Ada Admin", admin_pin=ADMIN_PIN)
    assert admin.home_area_id is not None
    department = people.create_area(
        admin.id, name="Assembly", kind=AreaKind.DEPARTMENT, parent_id=admin.home_area_id,
        hourly_rate=30.0,
    )
    line = people.create_area(
        admin.id, name="Line 1", kind=AreaKind.LINE, parent_id=department.id
    )
    supervisor = people.create_person(
        admin.id, name="Sam Supervisor", role=Role.SUPERVISOR, home_area_id=department.id,
        pin=SUPERVISOR_PIN,
    )
    staff = people.create_person(admin.id, name="Stan Staff", role=Role.STAFF,
                                 home_area_id=line.id)
    other = people.create_person(admin.id, name="Olga Other", role=Role.STAFF,
                                 home_area_id=line.id)
    return Site(
        db=db, people=people, suggestions=SuggestionService(db, clock),
        observations=ObservationService(db, clock), admin_id=admin.id,
        supervisor_id=supervisor.id, staff_id=staff.id, other_staff_id=other.id,
        site_id=admin.home_area_id, department_id=department.id, line_id=line.id,
    )


def idea(site: Site, **changes: Any) -> SuggestionInput:
    values: dict[str, Any] = {
        "title": "Move the tape dispenser next to the packing table",
        "problem": "Packers walk 8 m to fetch tape.",
        "proposal": "Mount a dispenser on the table.",
        "area_id": site.line_id,
        "wastes": [WasteCategory.MOTION],
        "expected_savings": 1200.0,
        "implementation_cost": 40.0,
        "impact": 3,
        "effort": 2,
    }
    values.update(changes)
    return SuggestionInput(**values)


def accepted_cycle(site: Site, pdca: PdcaService, **changes: Any) -> CycleInfo:
    """An idea (:func:`idea` with ``changes``) accepted by the supervisor as owner: its first
    PDCA cycle, in Plan."""
    made = site.suggestions.create(site.staff_id, idea(site, **changes))
    site.suggestions.accept(site.supervisor_id, made.id, owner_id=site.supervisor_id)
    cycle = pdca.current_cycle(made.id)
    assert cycle is not None
    return cycle


def observation(site: Site, **changes: Any) -> ObservationInput:
    values: dict[str, Any] = {
        "category": WasteCategory.WAITING,
        "area_id": site.line_id,
        "description": "Operators wait for the forklift\nIt is often at the other dock.",
        "minutes_per_occurrence": 6.0,
        "occurrences_per_week": 10.0,
    }
    values.update(changes)
    return ObservationInput(**values)


def count(db: Database, model: type[Any]) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def audit_events(db: Database, entity: str | None = None) -> list[AuditEvent]:
    with db.read() as s:
        query = select(AuditEvent).order_by(AuditEvent.id)
        if entity is not None:
            query = query.where(AuditEvent.entity == entity)
        events = list(s.scalars(query))
        # Detach with their loaded values: the read session expires what it loaded on close.
        s.expunge_all()
        return events
