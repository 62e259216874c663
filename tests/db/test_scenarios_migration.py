"""Revision 0011 (scenarios): the table comes and goes, both ways, with its constraints."""

from __future__ import annotations

import pytest
from migration_cycle import insert, tables, up_down_up
from sqlalchemy import text

from kaizen.db.engine import Database


def _has_scenarios(db: Database) -> bool:
    return "scenarios" in tables(db)


def _names_unique_amounts_not_negative_and_gone_with_the_map(db: Database) -> None:
    with db.engine.begin() as conn:
        insert(conn, "areas", "processes", "process_maps")
        scenario = ("INSERT INTO scenarios (id, map_id, name, changes, document, created_at, "
                    "updated_at, version, forecast_amount) VALUES ({}, 1, '{}', '[]', '{{}}', "
                    "'2026-12-07 00:00:00', '2026-12-07 00:00:00', 1, {})")
        conn.execute(text(scenario.format(1, "More beds", 10.0)))
        with pytest.raises(Exception, match="(?i)unique"), conn.begin_nested():
            conn.execute(text(scenario.format(2, "More beds", "NULL")))
        with pytest.raises(Exception, match="(?i)check|constraint"), conn.begin_nested():
            conn.execute(text(scenario.format(3, "Negative", -1.0)))
        # Deleting the map deletes its scenarios.
        conn.execute(text("DELETE FROM process_maps WHERE id = 1"))
        assert conn.execute(text("SELECT count(*) FROM scenarios")).scalar_one() == 0


def test_0011_up_down_up(fresh: Database) -> None:
    up_down_up(fresh, "0011", _has_scenarios,
               upgraded=_names_unique_amounts_not_negative_and_gone_with_the_map)
