"""Revision 0013 (badge numbers): the column and its unique index come and go, both ways."""

from __future__ import annotations

import pytest
from migration_cycle import columns, up_down_up
from sqlalchemy import text

from kaizen.db.engine import Database


def _has_badges(db: Database) -> bool:
    return "badge_number" in columns(db, "people")


def _people(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO people (name, role, active, pin_failures, created_at, "
                          "version) VALUES ('Ann', 'staff', true, 0, '2026-12-07 00:00:00', 1)"))


def _numbers_taken_once(db: Database) -> None:
    insert = ("INSERT INTO people (name, role, active, pin_failures, created_at, version, "
              "badge_number) VALUES ('{}', 'staff', true, 0, '2026-12-07 00:00:00', 1, {})")
    with db.engine.begin() as conn:
        # The person from before has none; several may have none; a number is taken once.
        assert conn.execute(text("SELECT badge_number FROM people")).scalar_one() is None
        conn.execute(text(insert.format("Bob", "NULL")))
        conn.execute(text(insert.format("Cem", "'4711'")))
        with pytest.raises(Exception, match="(?i)unique|duplicate"), conn.begin_nested():
            conn.execute(text(insert.format("Dan", "'4711'")))


def _people_stay(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM people")).scalar_one() == 3


def test_0013_up_down_up(fresh: Database) -> None:
    up_down_up(fresh, "0013", _has_badges, seed=_people, upgraded=_numbers_taken_once,
               downgraded=_people_stay)
