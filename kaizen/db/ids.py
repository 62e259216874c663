"""Id sequences after rows were inserted with their ids given (bulk loads).

SQLite hands out ``max(id) + 1`` by itself; PostgreSQL's serial columns draw from a sequence that
knows nothing of ids inserted explicitly, so the next row saved through the app would collide
with a loaded one unless the sequence is set past them.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Table, text


def advance_id_sequences(connection: Connection, tables: Iterable[Table]) -> None:
    """Set the ``id`` sequence of each table past its largest id (no-op but on PostgreSQL)."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        if "id" not in table.c or not table.c.id.autoincrement or not table.c.id.primary_key:
            continue
        # Names are the models' own table names, never user input.
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"coalesce(max(id), 1), max(id) IS NOT NULL) FROM {table.name}"
        ))
