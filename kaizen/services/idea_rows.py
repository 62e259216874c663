"""A new idea's rows (the idea and its wastes), written on the unit of work's connection.

On SQLite as the SQL text of :mod:`kaizen.db.driver_sql` with the values converted as the
column types convert them (issue 21: an idea's save within 2x of the same statements in plain
sqlite3); elsewhere as Core inserts. Both write the same rows; tests/services/
test_save_statements.py reads them back through the ORM on both databases.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, insert

from kaizen.db.driver_sql import qmark_insert, sqlite_value
from kaizen.db.models import Suggestion, SuggestionWaste
from kaizen.domain.enums import WasteCategory
from kaizen.services.base import table_of

# Every column of a new idea but its id, each given (None where empty), as the Core insert
# has them: a column left out would take its model default instead.
IDEA_COLUMNS = ("title", "problem", "proposal", "submitter_id", "area_id", "expected_savings",
                "implementation_cost", "impact", "effort", "owner_id", "due_date", "status",
                "review_note", "created_at", "updated_at", "reviewed_at", "closed_at",
                "version")
_IDEAS, _WASTES = table_of(Suggestion), table_of(SuggestionWaste)
# Built once: the Core statements, and their SQLite text.
_INSERT_IDEA = insert(_IDEAS)
_INSERT_WASTE = insert(_WASTES)
_SQLITE_IDEA = qmark_insert(_IDEAS, IDEA_COLUMNS)
_SQLITE_WASTE = qmark_insert(_WASTES, ("suggestion_id", "category"))


def insert_idea_rows(conn: Connection, values: Mapping[str, Any],
                     wastes: Iterable[WasteCategory]) -> int:
    """Insert the idea ``values`` (every name of :data:`IDEA_COLUMNS`) and its ``wastes``;
    the new idea's id."""
    wastes = list(wastes)
    if conn.dialect.name == "sqlite":
        idea_id = conn.exec_driver_sql(
            _SQLITE_IDEA, tuple(sqlite_value(values[name]) for name in IDEA_COLUMNS)).lastrowid
        if wastes:
            conn.exec_driver_sql(_SQLITE_WASTE, [(idea_id, w.value) for w in wastes])
        return int(idea_id)
    key = conn.execute(_INSERT_IDEA, {name: values[name] for name in IDEA_COLUMNS}
                       ).inserted_primary_key
    assert key is not None  # a one-row insert always reports its new key
    if wastes:
        conn.execute(_INSERT_WASTE, [{"suggestion_id": key[0], "category": w} for w in wastes])
    return int(key[0])
