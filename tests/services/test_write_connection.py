"""Database.write_connection: the write unit of work on a Core connection (issue 21: an idea's
save without the ORM session) keeps every rule of Database.write: all or nothing, refused on a
read-only database before anything runs, the audit trail still chained, and an idea saved
through it reads back as the one saved through the session.

Sources: SQLAlchemy 2.x "Working with Transactions and the DBAPI" (a Connection's ``begin`` /
``commit`` / ``rollback``); the project's data-safety design (shared/design.md: one unit of
work per user action, audit event for every change).
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from kaizen.db.audit_chain import verify_chain
from kaizen.db.engine import Database
from kaizen.db.models import AuditEvent, Suggestion, SuggestionWaste
from kaizen.domain.errors import Conflict, PermissionDenied, ValidationError
from kaizen.services.suggestions import _snapshot
from services.factories import audit_events, count, idea, make_site


def test_what_the_block_wrote_is_committed(db: Database) -> None:
    with db.write_connection() as conn:
        conn.execute(text("INSERT INTO settings (key, value) VALUES ('k', 'v')"))
    with db.read() as s:
        assert s.execute(text("SELECT value FROM settings WHERE key = 'k'")).scalar() == "v"


def test_an_error_in_the_block_writes_nothing(db: Database) -> None:
    with pytest.raises(ValidationError), db.write_connection() as conn:
        conn.execute(text("INSERT INTO settings (key, value) VALUES ('k', 'v')"))
        raise ValidationError("refused half way", field="x")
    with db.read() as s:
        assert s.execute(text("SELECT count(*) FROM settings WHERE key = 'k'")).scalar() == 0


def test_a_read_only_database_refuses_before_the_block_runs(db: Database) -> None:
    db.read_only = True
    ran = False
    with pytest.raises(Conflict), db.write_connection():
        ran = True
    assert not ran


def test_an_idea_saved_on_the_connection_is_the_one_the_session_saves(db: Database,
                                                                       clock) -> None:
    site = make_site(db, clock)
    events_before = count(db, AuditEvent)
    quick = site.suggestions.create(site.staff_id, idea(site, title="Shadow board"))
    # Saves in a row each chain onto the head the one before left (read with the person).
    for n in range(3):
        site.suggestions.create(site.staff_id, idea(site, title=f"Label the bins {n}"))
    assert count(db, Suggestion) == 4 and count(db, SuggestionWaste) == 4 * len(quick.wastes)
    assert count(db, AuditEvent) == events_before + 4
    assert site.suggestions.get(quick.id) == quick  # what create returned is what was stored
    # The audit event holds the new idea's fields as the stored row gives them.
    event = audit_events(db, "suggestion")[0]
    with db.read() as s:
        assert event.after == _snapshot(s.get_one(Suggestion, quick.id))
        assert list(event.after) == list(_snapshot(s.get_one(Suggestion, quick.id)))
    with db.read() as s:
        report = verify_chain(s.connection())
    assert report.ok, report


def test_the_quick_save_keeps_the_refusals(db: Database, clock) -> None:
    site = make_site(db, clock)
    with pytest.raises(PermissionDenied):
        site.suggestions.create(987654, idea(site))
    with pytest.raises(PermissionDenied):
        site.suggestions.create("3; DROP TABLE people", idea(site))  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as refused:
        site.suggestions.create(site.staff_id, idea(site, area_id=987654))
    assert refused.value.field == "area_id"
    assert count(db, Suggestion) == 0


def test_a_read_connection_keeps_nothing_it_wrote(db: Database) -> None:
    """Database.read_connection (the board's reads) is Database.read on a Core connection:
    anything written in it is rolled back."""
    with db.read_connection() as conn:
        conn.execute(text("INSERT INTO settings (key, value) VALUES ('k', 'v')"))
        assert conn.execute(text("SELECT count(*) FROM settings WHERE key = 'k'")).scalar() == 1
    with db.read() as s:
        assert s.execute(text("SELECT count(*) FROM settings WHERE key = 'k'")).scalar() == 0
