"""Revision 0010 (metric statistics plan, savings proof override): up from 0009 with a metric
and a savings entry already there, down again keeping them, and up once more, on SQLite and
PostgreSQL."""

from __future__ import annotations

from migration_cycle import all_or_none, columns, count, insert, up_down_up
from sqlalchemy import text

from kaizen.db.engine import Database

METRIC_COLUMNS = {"lsl", "usl", "target", "target_change", "primary_test", "one_sided",
                  "subgroup_size", "rule_set"}


def _has_plan(db: Database) -> bool:
    plan = all_or_none(METRIC_COLUMNS, columns(db, "metrics"))
    assert plan == ("proof_override" in columns(db, "savings_entries"))
    return plan


def _a_metric_and_a_savings_entry(db: Database) -> None:
    with db.engine.begin() as conn:
        insert(conn, "areas", "people", "suggestions", "metrics")
        conn.execute(text(
            "INSERT INTO savings_entries (suggestion_id, month, amount, kind, is_forecast, note,"
            " created_by_id, created_at) VALUES (1, '2026-01', 100, 'hard', false, '', 1,"
            " '2026-01-01 00:00:00')"))


def _the_metric_gets_the_defaults(db: Database) -> None:
    with db.engine.connect() as conn:
        row = conn.execute(text(
            "SELECT primary_test, one_sided, subgroup_size, rule_set, lsl FROM metrics")).one()
    # The existing metric gets the defaults: Welch, two-sided, single values, site rule set.
    assert (row[0], bool(row[1]), row[2], row[3], row[4]) == ("welch", False, 1, None, None)


def _both_rows_stay(db: Database) -> None:
    assert (count(db, "metrics"), count(db, "savings_entries")) == (1, 1)


def test_0010_up_down_up(fresh: Database) -> None:
    up_down_up(fresh, "0010", _has_plan, seed=_a_metric_and_a_savings_entry,
               upgraded=_the_metric_gets_the_defaults, downgraded=_both_rows_stay)
