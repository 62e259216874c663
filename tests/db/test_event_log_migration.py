"""Revision 0009 (event logs): its three tables come and go, both ways, with their data."""

from __future__ import annotations

import pytest
from migration_cycle import all_or_none, tables, up_down_up
from sqlalchemy import text

from kaizen.db.engine import Database

TABLES = {"event_logs", "event_log_names", "event_log_events"}


def _has_logs(db: Database) -> bool:
    return all_or_none(TABLES, tables(db))


def _one_log_and_a_name_taken_once(db: Database) -> None:
    with db.engine.begin() as conn:
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


def test_0009_up_down_up(fresh: Database) -> None:
    up_down_up(fresh, "0009", _has_logs, upgraded=_one_log_and_a_name_taken_once)
    with fresh.engine.connect() as conn:  # the downgrade took the rows with the tables
        assert conn.execute(text("SELECT count(*) FROM event_log_events")).scalar_one() == 0
