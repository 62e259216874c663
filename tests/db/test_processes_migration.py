"""Revision 0008 (processes, maps, steps, links, KPI series and points): up from 0005, down again
with the rows it holds, and up once more, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from migration_cycle import all_or_none, insert, tables, up_down_up
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from kaizen.db import migrate
from kaizen.db.engine import Database

NEW_TABLES = {"processes", "process_maps", "process_steps", "process_step_links", "kpi_series",
              "kpi_points"}


def _has_processes(db: Database) -> bool:
    return all_or_none(NEW_TABLES, tables(db))


def _one_current_state_per_process(db: Database) -> None:
    with db.engine.begin() as conn:
        insert(conn, "areas", "processes", "process_maps")
    # One current state per process: a second is refused by the partial unique index.
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO process_maps (process_id, kind, name, document, created_at, updated_at,"
            " version) VALUES (1, 'current', 'P2', '{}', '2026-01-01 00:00:00',"
            " '2026-01-01 00:00:00', 1)"))


def _the_rest_of_0005_stays(db: Database) -> None:
    assert migrate.schema_status(db).state is not migrate.SchemaState.EMPTY


def test_0008_up_down_up(fresh: Database) -> None:
    up_down_up(fresh, "0008", _has_processes, start="0005",
               upgraded=_one_current_state_per_process, downgraded=_the_rest_of_0005_stays)
    with fresh.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM processes")).scalar() == 0
