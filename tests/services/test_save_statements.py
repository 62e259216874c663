"""Saving an idea sends only the statements it needs (issue 8: save_idea under 5 ms).

The person and the area are read once, in one statement (to check them); the idea, its wastes
and its audit event are inserted; nothing is read back. A lazy load of a row the unit of work
already read, or a query for the PDCA cycle of an idea that cannot have one yet, would show up
here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from kaizen.domain.enums import WasteCategory

from .factories import audit_events, idea


@contextmanager
def statements(db) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_creating_an_idea_reads_the_person_and_the_area_once_and_nothing_back(site) -> None:
    site.suggestions.create(site.staff_id, idea(site))  # warm the caches
    data = idea(site, wastes=[WasteCategory.MOTION, WasteCategory.WAITING])
    with statements(site.db) as seen:
        info = site.suggestions.create(site.staff_id, data)
    selects = [s for s in seen if s.startswith("SELECT")]
    inserts = [s.split(" (")[0] for s in seen if s.startswith("INSERT")]
    # The person and the area in one statement (issue 21), each joined by its id; and the
    # audit trail's chain head, which the new event's hash builds on (kaizen/db/audit_chain.py):
    # on SQLite in that same statement (the write lock is held from BEGIN IMMEDIATE), on
    # PostgreSQL on its own after the advisory lock that orders appends.
    assert selects[0].startswith("SELECT people.") and " areas.name" in selects[0]
    assert "JOIN people ON" in selects[0] and "JOIN areas ON" in selects[0]
    if site.db.engine.dialect.name == "postgresql":
        assert len(selects) == 3, selects
        assert selects[1] == "SELECT pg_advisory_xact_lock(%(key)s)"
        assert "FROM audit_events ORDER BY id DESC LIMIT 1" in selects[2]
    else:
        assert len(selects) == 1, selects
        assert "FROM audit_events ORDER BY audit_events.id DESC" in selects[0]
    assert inserts == ["INSERT INTO suggestions", "INSERT INTO suggestion_wastes",
                       "INSERT INTO audit_events"]
    # The info still carries the names and no cycle.
    assert info.submitter_name == "Stan Staff"
    assert info.area_name == "Line 1"
    assert set(info.wastes) == {WasteCategory.WAITING, WasteCategory.MOTION}
    assert info.current_cycle_id is None and info.current_stage is None
    assert audit_events(site.db, "suggestion")[-1].entity_id == info.id
    assert site.suggestions.get(info.id) == info
