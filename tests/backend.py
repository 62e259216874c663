"""Raw SQL on a test database of either backend (SQLite file or PostgreSQL), for tests that check
what was stored without going through the services."""

from __future__ import annotations

from typing import Any

from kaizen.db.engine import Database


def run_sql(target: Database | str, statement: str, *args: Any) -> list[tuple[Any, ...]]:
    """Run one statement written with ``?`` placeholders, committed; the rows it returns as plain
    tuples (none for statements that return none). ``target``: a Database or a URL."""
    db = Database(target) if isinstance(target, str) else target
    try:
        if db.engine.dialect.paramstyle != "qmark":
            statement = statement.replace("%", "%%").replace("?", "%s")
        with db.engine.begin() as conn:
            result = conn.exec_driver_sql(statement, tuple(args))
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        if db is not target:
            db.dispose()
