"""Revision 0008 (processes, maps, steps, links, KPI series and points): up from 0005, down again
with the rows it holds, and up once more, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from kaizen.db import migrate
from kaizen.db.engine import Database

NEW_TABLES = {"processes", "process_maps", "process_steps", "process_step_links", "kpi_series",
              "kpi_points"}


@pytest.fixture
def empty_db(empty_db_url: str) -> Database:
    database = Database(empty_db_url)
    yield database
    database.dispose()


def _tables(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def test_0008_up_down_up(empty_db: Database) -> None:
    migrate.upgrade(empty_db, revision="0005")
    assert not NEW_TABLES & _tables(empty_db)
    migrate.upgrade(empty_db, revision="0008")
    assert _tables(empty_db) >= NEW_TABLES
    with empty_db.engine.begin() as conn:
        conn.execute(text("INSERT INTO areas (name, kind, active) VALUES ('Site', 'site', true)"))
        conn.execute(text(
            "INSERT INTO processes (name, area_id, description, created_at, updated_at, version)"
            " VALUES ('P', 1, '', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)"))
        conn.execute(text(
            "INSERT INTO process_maps (process_id, kind, name, document, created_at, updated_at,"
            " version) VALUES (1, 'current', 'P', '{}', '2026-01-01 00:00:00',"
            " '2026-01-01 00:00:00', 1)"))
        # One current state per process: a second is refused by the partial unique index.
    with pytest.raises(IntegrityError), empty_db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO process_maps (process_id, kind, name, document, created_at, updated_at,"
            " version) VALUES (1, 'current', 'P2', '{}', '2026-01-01 00:00:00',"
            " '2026-01-01 00:00:00', 1)"))
    migrate.downgrade(empty_db, "0005")
    assert not NEW_TABLES & _tables(empty_db)
    assert migrate.schema_status(empty_db).state is not migrate.SchemaState.EMPTY
    migrate.upgrade(empty_db, revision="0008")
    assert _tables(empty_db) >= NEW_TABLES
    with empty_db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM processes")).scalar() == 0
