"""Revision 0009 (event logs): its three tables come and go, both ways, with their data."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from kaizen.db import migrate
from kaizen.db.engine import Database

TABLES = {"event_logs", "event_log_names", "event_log_events"}


@pytest.fixture
def fresh(empty_db_url: str) -> Database:
    database = Database(empty_db_url)
    yield database
    database.dispose()


def _tables(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def test_0009_up_down_up(fresh: Database) -> None:
    below = ScriptDirectory.from_config(migrate.alembic_config()).get_revision("0009")
    migrate.upgrade(fresh, revision=below.down_revision)
    assert not TABLES & _tables(fresh)
    migrate.upgrade(fresh, revision="0009")
    assert _tables(fresh) >= TABLES
    with fresh.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO event_logs (id, name, source_file, source_format, imported_at, cases, "
            "events, activities, resources, first_ns, last_ns) VALUES (1, 'log', '', 'csv', "
            "'2026-12-07 00:00:00', 1, 1, 1, 0, 1700000000000000000, 1700000000000000000)"))
        conn.execute(text("INSERT INTO event_log_names VALUES (1, 'activity', 0, 'A')"))
        conn.execute(text("INSERT INTO event_log_events VALUES "
                          "(1, 0, 0, 0, 1700000000000000000, -1, -1)"))
        # Two logs cannot share a name.
        with pytest.raises(Exception, match="(?i)unique"), conn.begin_nested():
            conn.execute(text(
                "INSERT INTO event_logs (id, name, source_file, source_format, imported_at, "
                "cases, events, activities, resources, first_ns, last_ns) VALUES (2, 'log', '', "
                "'csv', '2026-12-07 00:00:00', 1, 1, 1, 0, 0, 0)"))
    migrate.downgrade(fresh, below.down_revision)
    assert not TABLES & _tables(fresh)
    migrate.upgrade(fresh, revision="0009")
    assert _tables(fresh) >= TABLES
    with fresh.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM event_log_events")).scalar_one() == 0
