"""Revision 0012 (badge numbers): the column and its unique index come and go, both ways."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from kaizen.db import migrate
from kaizen.db.engine import Database


@pytest.fixture
def fresh(empty_db_url: str) -> Database:
    database = Database(empty_db_url)
    yield database
    database.dispose()


def _columns(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return {c["name"] for c in inspect(conn).get_columns("people")}


def test_0012_up_down_up(fresh: Database) -> None:
    migrate.upgrade(fresh, revision="0012")
    assert "badge_number" not in _columns(fresh)
    with fresh.engine.begin() as conn:
        conn.execute(text("INSERT INTO people (name, role, active, pin_failures, created_at, "
                          "version) VALUES ('Ann', 'staff', true, 0, '2026-12-07 00:00:00', 1)"))
    migrate.upgrade(fresh, revision="0013")
    assert "badge_number" in _columns(fresh)
    insert = ("INSERT INTO people (name, role, active, pin_failures, created_at, version, "
              "badge_number) VALUES ('{}', 'staff', true, 0, '2026-12-07 00:00:00', 1, {})")
    with fresh.engine.begin() as conn:
        # The person from before has none; several may have none; a number is taken once.
        assert conn.execute(text("SELECT badge_number FROM people")).scalar_one() is None
        conn.execute(text(insert.format("Bob", "NULL")))
        conn.execute(text(insert.format("Cem", "'4711'")))
        with pytest.raises(Exception, match="(?i)unique|duplicate"), conn.begin_nested():
            conn.execute(text(insert.format("Dan", "'4711'")))
    migrate.downgrade(fresh, "0012")
    assert "badge_number" not in _columns(fresh)
    with fresh.engine.connect() as conn:  # the people themselves stay
        assert conn.execute(text("SELECT count(*) FROM people")).scalar_one() == 3
    migrate.upgrade(fresh, revision="0013")
    assert "badge_number" in _columns(fresh)
