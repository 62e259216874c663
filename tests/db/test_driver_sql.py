"""SQLite's own SQL text for an idea's rows and the audit event (kaizen/db/driver_sql.py,
kaizen/services/idea_rows.py; issue 21) writes exactly what the Core inserts write.

Source: SQLAlchemy's SQLite dialect documentation ("Date and Time Types": DATETIME is stored as
``YYYY-MM-DD HH:MM:SS.ffffff``, DATE as ``YYYY-MM-DD``) and the JSON type (``none_as_null``
off: Python None is stored as JSON ``null``). Each value is compared with what the column's own
type makes of it, and whole rows inserted both ways are compared column by column as stored.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from services.factories import make_site
from sqlalchemy import Connection, insert, select, text
from sqlalchemy.dialects import sqlite

from kaizen.db.audit_chain import append, verify_chain
from kaizen.db.driver_sql import json_text, qmark_insert, sqlite_value
from kaizen.db.engine import Database
from kaizen.db.models import AuditEvent, Suggestion
from kaizen.domain.enums import SuggestionStatus, WasteCategory
from kaizen.services.idea_rows import IDEA_COLUMNS, insert_idea_rows

DIALECT = sqlite.dialect()


def _stored_by_type(column, value):
    process = column.type.dialect_impl(DIALECT).bind_processor(DIALECT)
    return value if process is None else process(value)


@pytest.mark.parametrize("value", [
    datetime(2026, 12, 7, 15, 4, 5, 123456), datetime(2026, 1, 1), datetime(999, 3, 4, 5, 6, 7),
])
def test_a_time_is_stored_as_the_datetime_type_stores_it(value) -> None:
    column = Suggestion.__table__.c.created_at
    assert sqlite_value(value) == _stored_by_type(column, value)
    aware = value.replace(tzinfo=timezone(timedelta(hours=2)))
    assert sqlite_value(aware) == _stored_by_type(column, aware)


def test_a_date_an_enum_and_json_are_stored_as_their_types_store_them() -> None:
    table = Suggestion.__table__
    day = date(2027, 2, 28)
    assert sqlite_value(day) == _stored_by_type(table.c.due_date, day)
    for status in SuggestionStatus:
        assert sqlite_value(status) == _stored_by_type(table.c.status, status)
    audit = AuditEvent.__table__
    for value in (None, {"a": [1, 2.5, None], "b": "é"}, []):
        assert json_text(value) == _stored_by_type(audit.c.after, value)
    assert [sqlite_value(v) for v in (3, 2.5, "x", None)] == [3, 2.5, "x", None]


def test_an_unknown_column_is_refused() -> None:
    with pytest.raises(ValueError, match="no column colour"):
        qmark_insert(Suggestion.__table__, ("title", "colour"))


def _row(conn: Connection, table: str, row_id: int) -> dict[str, tuple[str, object]]:
    names = [r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({table})")]
    values = conn.exec_driver_sql(
        f"SELECT {', '.join(f'typeof({n}), {n}' for n in names)} FROM {table} WHERE id = ?",
        (row_id,)).one()
    return {n: (values[2 * i], values[2 * i + 1]) for i, n in enumerate(names)}


@pytest.mark.sqlite_only("SQLite's own SQL text; PostgreSQL keeps the Core inserts")
def test_an_idea_written_as_sqlite_text_is_the_core_inserts_row(db: Database, clock) -> None:
    site = make_site(db, clock)
    at = datetime(2026, 12, 7, 9, 30, 0, 250)
    values = {"title": "Label the torque tools", "problem": "Mixed up.", "proposal": "Board.",
              "submitter_id": site.staff_id, "area_id": site.line_id,
              "expected_savings": 1200.0, "implementation_cost": 150.5, "impact": 3,
              "effort": 2, "owner_id": site.supervisor_id, "due_date": date(2027, 1, 31),
              "status": SuggestionStatus.SUBMITTED, "review_note": "", "created_at": at,
              "updated_at": at, "reviewed_at": None, "closed_at": None, "version": 1}
    assert set(values) == set(IDEA_COLUMNS)
    with db.write_connection() as conn:
        fast = insert_idea_rows(conn, values, [WasteCategory.MOTION, WasteCategory.WAITING])
        core = conn.execute(insert(Suggestion.__table__), values).inserted_primary_key[0]
        ours, theirs = _row(conn, "suggestions", fast), _row(conn, "suggestions", core)
        assert ours.pop("id") != theirs.pop("id")
        assert ours == theirs
        wastes = conn.execute(text(
            "SELECT typeof(category), category FROM suggestion_wastes WHERE suggestion_id = :i "
            "ORDER BY category"), {"i": fast}).all()
        assert [tuple(w) for w in wastes] == [("text", "motion"), ("text", "waiting")]


@pytest.mark.sqlite_only("SQLite's own SQL text; PostgreSQL keeps the Core insert")
def test_an_audit_event_written_as_sqlite_text_chains_and_reads_back(db: Database,
                                                                     clock) -> None:
    make_site(db, clock)
    at = datetime(2026, 12, 7, 9, 30, 0, 999999)
    with db.write_connection() as conn:
        append(conn, at=at, person_id=None, entity="suggestion", entity_id=7, action="update",
               before={"title": "Old"}, after={"title": "Néw", "wastes": ["motion"]})
        append(conn, at=at, person_id=None, entity="suggestion", entity_id=7, action="create",
               before=None, after=None)
    with db.read() as s:
        last_two = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(2)).all()
        assert [(e.at, e.before, e.after) for e in reversed(last_two)] == [
            (at, {"title": "Old"}, {"title": "Néw", "wastes": ["motion"]}), (at, None, None)]
        report = verify_chain(s.connection())
    assert report.ok, report.describe()
