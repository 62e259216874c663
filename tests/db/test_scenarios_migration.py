"""Revision 0011 (scenarios): the table comes and goes, both ways, with its constraints."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from kaizen.db import migrate
from kaizen.db.engine import Database


@pytest.fixture
def fresh(empty_db_url: str) -> Database:
    database = Database(empty_db_url)
    yield database
    database.dispose()


def _tables(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def test_0011_up_down_up(fresh: Database) -> None:
    below = ScriptDirectory.from_config(migrate.alembic_config()).get_revision("0011")
    migrate.upgrade(fresh, revision=below.down_revision)
    assert "scenarios" not in _tables(fresh)
    migrate.upgrade(fresh, revision="0011")
    assert "scenarios" in _tables(fresh)
    with fresh.engine.begin() as conn:
        conn.execute(text("INSERT INTO areas (name, kind, active) VALUES ('Site', 'site', true)"))
        conn.execute(text(
            "INSERT INTO processes (name, area_id, description, created_at, updated_at, "
            "version) VALUES ('P', 1, '', '2026-12-07 00:00:00', '2026-12-07 00:00:00', 1)"))
        conn.execute(text(
            "INSERT INTO process_maps (process_id, kind, name, document, created_at, "
            "updated_at, version) VALUES (1, 'current', 'P', '{}', '2026-12-07 00:00:00', "
            "'2026-12-07 00:00:00', 1)"))
        insert = ("INSERT INTO scenarios (id, map_id, name, changes, document, created_at, "
                  "updated_at, version, forecast_amount) VALUES ({}, 1, '{}', '[]', '{{}}', "
                  "'2026-12-07 00:00:00', '2026-12-07 00:00:00', 1, {})")
        conn.execute(text(insert.format(1, "More beds", 10.0)))
        with pytest.raises(Exception, match="(?i)unique"), conn.begin_nested():
            conn.execute(text(insert.format(2, "More beds", "NULL")))
        with pytest.raises(Exception, match="(?i)check|constraint"), conn.begin_nested():
            conn.execute(text(insert.format(3, "Negative", -1.0)))
        # Deleting the map deletes its scenarios.
        conn.execute(text("DELETE FROM process_maps WHERE id = 1"))
        assert conn.execute(text("SELECT count(*) FROM scenarios")).scalar_one() == 0
    migrate.downgrade(fresh, below.down_revision)
    assert "scenarios" not in _tables(fresh)
    migrate.upgrade(fresh, revision="0011")
    assert "scenarios" in _tables(fresh)
