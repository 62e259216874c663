"""Revision 0012 (a metric's chart kind and p/u sample size): up from 0011 with a metric already
there (it gets "automatic" and no sample size), down again keeping it, and up once more, on
SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from kaizen.db import migrate
from kaizen.db.engine import Database

COLUMNS = {"chart_kind", "sample_size"}


@pytest.fixture
def empty_db(empty_db_url: str) -> Database:
    database = Database(empty_db_url)
    yield database
    database.dispose()


def _columns(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return {c["name"] for c in inspect(conn).get_columns("metrics")}


def test_0012_up_down_up(empty_db: Database) -> None:
    migrate.upgrade(empty_db, revision="0011")
    assert not COLUMNS & _columns(empty_db)
    with empty_db.engine.begin() as conn:
        conn.execute(text("INSERT INTO areas (name, kind, active) VALUES ('Site', 'site', true)"))
        conn.execute(text(
            "INSERT INTO people (name, role, active, pin_failures, created_at, version)"
            " VALUES ('Sam', 'supervisor', true, 0, '2026-01-01 00:00:00', 1)"))
        conn.execute(text(
            "INSERT INTO suggestions (title, problem, proposal, submitter_id, area_id, status,"
            " impact, effort, expected_savings, implementation_cost, review_note, created_at,"
            " updated_at, version) VALUES ('Idea', 'p', 'c', 1, 1, 'accepted', 3, 2, 0,"
            " 0, '', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)"))
        conn.execute(text(
            "INSERT INTO metrics (suggestion_id, name, unit, direction, created_at)"
            " VALUES (1, 'Defect rate', '%', 'lower', '2026-01-01 00:00:00')"))
    migrate.upgrade(empty_db, revision="0012")
    assert _columns(empty_db) >= COLUMNS
    with empty_db.engine.connect() as conn:
        assert conn.execute(text("SELECT chart_kind, sample_size FROM metrics")).one() == (
            None, None)
    migrate.downgrade(empty_db, "0011")
    assert not COLUMNS & _columns(empty_db)
    with empty_db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM metrics")).scalar() == 1
    migrate.upgrade(empty_db, revision="0012")
    assert _columns(empty_db) >= COLUMNS
