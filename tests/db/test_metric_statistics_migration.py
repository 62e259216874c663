"""Revision 0010 (metric statistics plan, savings proof override): up from 0009 with a metric
and a savings entry already there, down again keeping them, and up once more, on SQLite and
PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from kaizen.db import migrate
from kaizen.db.engine import Database

METRIC_COLUMNS = {"lsl", "usl", "target", "target_change", "primary_test", "one_sided",
                  "subgroup_size", "rule_set"}


@pytest.fixture
def empty_db(empty_db_url: str) -> Database:
    database = Database(empty_db_url)
    yield database
    database.dispose()


def _columns(db: Database, table: str) -> set[str]:
    with db.engine.connect() as conn:
        return {c["name"] for c in inspect(conn).get_columns(table)}


def _seed(db: Database) -> None:
    with db.engine.begin() as conn:
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
            " VALUES (1, 'Cycle time', 'min', 'lower', '2026-01-01 00:00:00')"))
        conn.execute(text(
            "INSERT INTO savings_entries (suggestion_id, month, amount, kind, is_forecast, note,"
            " created_by_id, created_at) VALUES (1, '2026-01', 100, 'hard', false, '', 1,"
            " '2026-01-01 00:00:00')"))


def test_0010_up_down_up(empty_db: Database) -> None:
    migrate.upgrade(empty_db, revision="0009")
    assert not METRIC_COLUMNS & _columns(empty_db, "metrics")
    _seed(empty_db)
    migrate.upgrade(empty_db, revision="0010")
    assert _columns(empty_db, "metrics") >= METRIC_COLUMNS
    assert "proof_override" in _columns(empty_db, "savings_entries")
    with empty_db.engine.connect() as conn:
        row = conn.execute(text(
            "SELECT primary_test, one_sided, subgroup_size, rule_set, lsl FROM metrics")).one()
    # The existing metric gets the defaults: Welch, two-sided, single values, site rule set.
    assert (row[0], bool(row[1]), row[2], row[3], row[4]) == ("welch", False, 1, None, None)
    migrate.downgrade(empty_db, "0009")
    assert not METRIC_COLUMNS & _columns(empty_db, "metrics")
    assert "proof_override" not in _columns(empty_db, "savings_entries")
    with empty_db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM metrics")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM savings_entries")).scalar() == 1
    migrate.upgrade(empty_db, revision="0010")
    assert _columns(empty_db, "metrics") >= METRIC_COLUMNS
