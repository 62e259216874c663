"""Audit rows for tests: chained ones written by hand, and the services on schemas before 0006.

Tests that fill a database at an old revision (before the hash chain of revision 0006) through
the services use :func:`follow_the_schema`: the audit writer then appends an unchained row when
the table has no ``row_hash`` column yet, as Kaizen did at that revision; the migration hashes
those rows later. The app itself never writes to an old schema (it upgrades first).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Connection, insert, inspect

from kaizen.db import audit_chain
from kaizen.db.models import AuditEvent


def follow_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    real = audit_chain.append

    def append(conn: Connection, **values: Any) -> None:
        columns = {c["name"] for c in inspect(conn).get_columns("audit_events")}
        if "row_hash" in columns:
            real(conn, **values)
            return
        conn.execute(insert(AuditEvent.__table__).values(**values))

    monkeypatch.setattr(audit_chain, "append", append)


def append_with_sqlite3(conn: sqlite3.Connection, *, at: str = "2026-01-01 00:00:00",
                        entity: str = "suggestion", entity_id: int = 1,
                        action: str = "create", after: dict[str, Any] | None = None) -> int:
    """Append a properly chained event through a plain sqlite3 connection (as another program
    following the rules would); returns its id."""
    head = conn.execute("SELECT id, row_hash FROM audit_events ORDER BY id DESC LIMIT 1"
                        ).fetchone()
    row = audit_chain.next_event(None if head is None else (head[0], head[1]), {
        "at": datetime.fromisoformat(at), "person_id": None, "entity": entity,
        "entity_id": entity_id, "action": action, "before": None, "after": after})
    conn.execute(
        "INSERT INTO audit_events (id, at, person_id, entity, entity_id, action, before, after, "
        "row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (row["id"], f"{row['at']:%Y-%m-%d %H:%M:%S.%f}", None, entity, entity_id, action,
         None, None if after is None else json.dumps(after), row["row_hash"]))
    return int(row["id"])
