"""INSERT statements as SQLite's own SQL text, for the few writes every save makes.

An idea's save is four statements (kaizen/services/suggestions.py). Through a Core ``insert()``
each costs SQLAlchemy's compiled-cache lookup and its bind processing of every column (18 for
an idea) on top of the statement: measured 0.23 ms for the idea and its waste against 0.16 ms
through ``Connection.exec_driver_sql`` with the same SQL and values, and 0.12 ms in plain
sqlite3 (issue 21: the save within 2x of plain sqlite3). ``exec_driver_sql`` still runs on the
unit of work's connection and transaction, fires the engine's statement events and raises
SQLAlchemy's errors; what it leaves out, the value conversion, is done here the way the column
types do it on SQLite (:func:`sqlite_value`).

PostgreSQL keeps the Core statements (its driver has its own parameter style and types).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table


def qmark_insert(table: Table, columns: Sequence[str]) -> str:
    """``INSERT INTO table (columns) VALUES (?, ...)``, the columns checked against the table."""
    unknown = [name for name in columns if name not in table.c]
    if unknown:
        raise ValueError(f"{table.name} has no column {', '.join(unknown)}")
    return (f"INSERT INTO {table.name} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})")


def sqlite_value(value: Any) -> Any:
    """``value`` as SQLAlchemy's types store it on SQLite: a time as
    ``YYYY-MM-DD HH:MM:SS.ffffff`` (the DateTime type's storage format), a date as
    ``YYYY-MM-DD``, an enum as its value (the models' ``values_callable``), the rest as is."""
    if isinstance(value, datetime):
        # The type writes the wall-clock fields and drops any zone; so does this.
        return value.replace(tzinfo=None).isoformat(" ", "microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def json_text(value: Any) -> str:
    """A JSON column's value as stored: ``None`` too becomes the JSON ``null`` (the JSON type's
    ``none_as_null`` is off), as SQLAlchemy's default serializer writes it."""
    return json.dumps(value)

