"""Revision 0014 (the board's indexes): both come and go, both ways, and the board's statements
use them (issue 21: the board read with its best plan).

Sources: SQLite "The Query Planner" and "Partial Indexes" (a partial index serves a query whose
WHERE clause contains the index's condition as written; EXPLAIN QUERY PLAN names the index
used); PostgreSQL "Partial Indexes" (chapter 11.8).
"""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from kaizen.db import migrate
from kaizen.db.engine import Database
from tests.migration_cycle import up_down_up

INDEXES = {"ix_pdca_cycles_open", "ix_pdca_cycles_version"}


def _indexes(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return {str(i["name"]) for i in inspect(conn).get_indexes("pdca_cycles")}


def _both_or_none(db: Database) -> bool:
    """Whether the two indexes are there; one without the other fails the test."""
    found = INDEXES & _indexes(db)
    assert found in (set(), INDEXES), found
    return bool(found)


def test_0014_up_down_up(fresh: Database) -> None:
    up_down_up(fresh, "0014", _both_or_none)


# The planner's statistics of the bench's ten-year set of a large site (``ANALYZE`` there):
# 22,140 cycles of which 2,331 open, 202,016 ideas. An empty test file has none, and the plan
# SQLite picks depends on them; SQLite lets a program set them by hand ("The SQLite Query
# Optimizer Overview", manual control of query plans using the SQLITE_STAT tables).
LARGE_SITE = (
    ("pdca_cycles", "ix_pdca_cycles_version", "22140 4428"),
    ("pdca_cycles", "ix_pdca_cycles_open", "2331 583"),
    ("pdca_cycles", "ix_pdca_cycles_stage_entered", "22140 4428 1"),
    ("pdca_cycles", "ix_pdca_cycles_closed_at", "22140 2"),
    ("pdca_cycles", "sqlite_autoindex_pdca_cycles_1", "22140 1 1"),
    ("pdca_actions", "ix_pdca_actions_owner_id", "3302 83"),
    ("pdca_actions", "ix_pdca_actions_due_date", "3302 36"),
    ("pdca_actions", "ix_pdca_actions_cycle_id", "3302 3"),
    ("stage_changes", "ix_stage_changes_cycle_id", "104075 5"),
    ("stage_changes", "ix_stage_changes_at", "104075 1"),
    ("suggestions", "ix_suggestions_status_closed", "202016 33670 11 1"),
    ("suggestions", "ix_suggestions_status", "202016 33670"),
    ("suggestions", "ix_suggestions_status_created", "202016 33670 1"),
    ("suggestions", "ix_suggestions_area_id", "202016 15540"),
    ("suggestions", "ix_suggestions_owner_id", "202016 4928"),
)


@pytest.mark.sqlite_only(reason="SQLite's EXPLAIN QUERY PLAN and statistics tables "
                                "(PostgreSQL's planner has its own)")
def test_the_board_reads_the_open_cycles_and_the_versions_through_the_indexes(
        fresh: Database) -> None:
    from bench.search import captured
    from kaizen.services import Services
    from kaizen.services.board import BoardFilter

    migrate.upgrade(fresh)
    with fresh.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")  # makes sqlite_stat1
        conn.exec_driver_sql("DELETE FROM sqlite_stat1")
        for table, index, stat in LARGE_SITE:
            conn.exec_driver_sql("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)",
                                 (table, index, stat))
    fresh.engine.dispose()  # new connections load the statistics
    services = Services.create(fresh)
    with captured(fresh) as statements:
        services.board.cards(BoardFilter())
    plans = []
    with fresh.engine.connect() as conn:
        for sql, params in statements:
            plans.append(" | ".join(str(row[3]) for row in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + sql, params)))
    token, cards = plans
    assert "COVERING INDEX ix_pdca_cycles_version" in token, token
    assert "INDEX ix_pdca_cycles_open" in cards, cards
    assert "INDEX ix_pdca_cycles_closed_at" in cards, cards
    assert "SCAN pdca_cycles |" not in cards + " |", cards  # no cycle read without an index
