"""The audit trail as a hash chain, appends only at its end, and Kaizen's mark on SQLite files.

- ``audit_events.row_hash``: SHA-256 over the previous row's hash and a canonical form of the
  row (format 1 of kaizen/db/audit_chain.py, copied below as :func:`_canonical` so this revision
  keeps hashing the same way whatever later code does). The rows already there are hashed here,
  in id order, with the append-only guard lifted for that one UPDATE inside this transaction.
- A guard against rewriting: an INSERT must carry an id above every id already there and a
  64-character hash. ``INSERT OR REPLACE`` with an existing id (whose implicit delete fires no
  DELETE trigger) and ``INSERT ... ON CONFLICT DO UPDATE`` are refused before any conflict
  handling starts. SQLite: a BEFORE INSERT trigger; PostgreSQL: a row-level BEFORE INSERT
  trigger raising an integrity error, like the append-only guard of revision 0004.
- SQLite: ``PRAGMA application_id`` set to Kaizen's number (kaizen/db/marking.py), so Kaizen
  recognises its own files and refuses other programs' (0 again on the way down).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 02:00:00
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPLICATION_ID = 0x4B5A454E  # "KZEN": kaizen.db.marking.APPLICATION_ID at this revision
GENESIS = "0" * 64
_GUARD_MESSAGE = "audit_events is append-only"
_REWRITE_MESSAGE = ("audit_events is append-only: a new event needs the next id and its chain "
                    "hash")
_SQLITE_GUARDS = {
    "audit_events_no_update": f"BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, "
                              f"'{_GUARD_MESSAGE}'); END",
    "audit_events_no_delete": f"BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, "
                              f"'{_GUARD_MESSAGE}'); END",
}
# NEW.id is -1 in a BEFORE INSERT trigger when the id is left to SQLite: refused too, since an
# event's id is part of its hash.
_SQLITE_APPEND_GUARD = (
    "CREATE TRIGGER audit_events_append_at_end BEFORE INSERT ON audit_events "
    "WHEN NEW.id <= (SELECT coalesce(max(id), 0) FROM audit_events) "
    "OR NEW.row_hash IS NULL OR length(NEW.row_hash) != 64 "
    f"BEGIN SELECT RAISE(ABORT, '{_REWRITE_MESSAGE}'); END"
)
_PG_APPEND_GUARD = (
    "CREATE FUNCTION audit_events_append_at_end() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF NEW.id IS NULL OR NEW.id <= (SELECT coalesce(max(id), 0) FROM audit_events) "
    "OR NEW.row_hash IS NULL OR length(NEW.row_hash) <> 64 THEN "
    f"RAISE EXCEPTION '{_REWRITE_MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; "
    "END IF; RETURN NEW; END $$"
)


def _canonical(row: dict[str, Any]) -> bytes:
    at = row["at"]
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    data = {
        "id": row["id"], "at": at.isoformat(timespec="microseconds"),
        "person_id": row["person_id"], "entity": row["entity"], "entity_id": row["entity_id"],
        "action": row["action"],
        "before": None if row["before"] is None else json.loads(json.dumps(row["before"])),
        "after": None if row["after"] is None else json.loads(json.dumps(row["after"])),
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True
                      ).encode("ascii")


def _hash_existing_rows(sqlite: bool) -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT id, at, person_id, entity, entity_id, action, before, after "
        "FROM audit_events ORDER BY id")).mappings().all()
    prev = GENESIS
    hashes = []
    for raw in rows:
        row = dict(raw)
        if sqlite:  # the raw JSON text; PostgreSQL's driver parses it
            for name in ("before", "after"):
                if row[name] is not None:
                    row[name] = json.loads(row[name])
        prev = hashlib.sha256(prev.encode("ascii") + b"\n" + _canonical(row)).hexdigest()
        hashes.append({"id": row["id"], "h": prev})
    if hashes:
        conn.execute(sa.text("UPDATE audit_events SET row_hash = :h WHERE id = :id"), hashes)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for name in _SQLITE_GUARDS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
    op.add_column("audit_events", sa.Column("row_hash", sa.String(length=64), nullable=True))
    _hash_existing_rows(sqlite)
    if sqlite:
        # The table is rebuilt to make the column NOT NULL; its triggers go with the old table.
        with op.batch_alter_table("audit_events", recreate="always") as batch_op:
            batch_op.alter_column("row_hash", existing_type=sa.String(length=64),
                                  nullable=False)
        for name, body in _SQLITE_GUARDS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
        op.execute(_SQLITE_APPEND_GUARD)
        op.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    else:
        op.alter_column("audit_events", "row_hash", nullable=False)
        op.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")
        op.execute(_PG_APPEND_GUARD)
        op.execute("CREATE TRIGGER audit_events_append_at_end BEFORE INSERT ON audit_events "
                   "FOR EACH ROW EXECUTE FUNCTION audit_events_append_at_end()")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_at_end")
        for name in _SQLITE_GUARDS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        with op.batch_alter_table("audit_events", recreate="always") as batch_op:
            batch_op.drop_column("row_hash")
        for name, body in _SQLITE_GUARDS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
        op.execute("PRAGMA application_id = 0")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_at_end ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_at_end()")
        op.drop_column("audit_events", "row_hash")
