"""The audit trail as a hash chain: every event carries SHA-256(previous hash + its own content).

Triggers already refuse UPDATE, DELETE and rewriting an existing id (revision 0006), but whoever
can edit the file (or drop the triggers) could still rewrite history. Like a transparency log,
each row's ``row_hash`` commits to its content and to the whole trail before it, so any change,
insertion or removal inside the trail breaks the chain at that row, and ``kaizen db check``
names it (:func:`verify_chain`). What a chain cannot show is the newest events cut off the end;
the check prints the head hash and count so an admin can note them down.

The chain (format 1):
- ``row_hash = sha256(prev_hash + "\\n" + canonical(row))`` as 64 lowercase hex digits; the
  first event's ``prev_hash`` is :data:`GENESIS` (64 zeros).
- ``canonical(row)``: JSON of ``id, at, person_id, entity, entity_id, action, before, after``,
  keys sorted, no spaces, ASCII only; ``at`` as ``YYYY-MM-DDTHH:MM:SS.ffffff`` (no zone);
  ``before``/``after`` as the JSON the column stores and returns.
- Rows follow each other by ascending ``id``; a new event takes ``id = head id + 1`` on SQLite
  and the next value of the id sequence on PostgreSQL (gaps left by rolled-back saves are fine:
  the chain links rows by order, not by id arithmetic).

Appends are serialised so two writers never chain onto the same head: on SQLite the write
transaction already holds the database's write lock (``BEGIN IMMEDIATE``); on PostgreSQL the
append first takes a transaction-scoped advisory lock (:data:`PG_LOCK_KEY`), held until commit,
and reads the head after it (READ COMMITTED: the statement sees every earlier commit).
Revision 0006 holds a copy of :func:`canonical` to hash the rows that were already there.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, inspect, select, text

from kaizen.db.driver_sql import json_text, qmark_insert, sqlite_value
from kaizen.db.models import AuditEvent
from kaizen.domain.numbers import format_number
from kaizen.i18n import translate

GENESIS = "0" * 64
# pg_advisory_xact_lock key of the chain's head: "KZEN" and 0x0006 (the revision that added it).
PG_LOCK_KEY = 0x4B5A454E_0006
FIELDS = ("id", "at", "person_id", "entity", "entity_id", "action", "before", "after")

_INSERT = insert(AuditEvent)
_SQLITE_INSERT = qmark_insert(AuditEvent.__table__, (*FIELDS, "row_hash"))  # type: ignore[arg-type]
_HEAD = text("SELECT id, row_hash FROM audit_events ORDER BY id DESC LIMIT 1")
_PG_HEAD = text(
    "SELECT h.id, h.row_hash, nextval(pg_get_serial_sequence('audit_events', 'id')) "
    "FROM (SELECT 1) AS one LEFT JOIN LATERAL "
    "(SELECT id, row_hash FROM audit_events ORDER BY id DESC LIMIT 1) AS h ON true")


def _json_value(value: Any) -> Any:
    """``value`` as the JSON column gives it back (tuples become lists, keys become text)."""
    return None if value is None else json.loads(json.dumps(value))


def _parsed(value: Any) -> Any:
    return value


def _time_value(value: Any) -> str:
    if isinstance(value, str):  # the raw column text (SQLite stores "YYYY-MM-DD HH:MM:SS.ffffff")
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        raise TypeError(f"'at' is not a time: {value!r}")
    return value.isoformat(timespec="microseconds")


def canonical(row: Mapping[str, Any], *, parsed: bool = False) -> bytes:
    """The bytes a row's hash covers (see the module's docstring). ``parsed``: ``before`` and
    ``after`` were read back from the JSON column already (no round trip needed)."""
    json_value = _parsed if parsed else _json_value
    data = {
        "id": row["id"], "at": _time_value(row["at"]), "person_id": row["person_id"],
        "entity": row["entity"], "entity_id": row["entity_id"], "action": row["action"],
        "before": json_value(row["before"]), "after": json_value(row["after"]),
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True
                      ).encode("ascii")


def chain_hash(prev_hash: str, row: Mapping[str, Any], *, parsed: bool = False) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n"
                          + canonical(row, parsed=parsed)).hexdigest()


def next_event(head: tuple[int, str] | None, values: Mapping[str, Any], *,
               row_id: int | None = None) -> dict[str, Any]:
    """The row to insert after ``head`` (its id and hash, or None for an empty trail), with the
    id ``row_id`` when given (above the head's), else the one after the head's."""
    row = dict(values)
    row["id"] = row_id if row_id is not None else 1 if head is None else head[0] + 1
    row["row_hash"] = chain_hash(GENESIS if head is None else head[1], row)
    return row


def _naive(at: datetime) -> datetime:
    # Both databases store the time without a zone; an aware time becomes local wall time, as
    # it would be written, so the hash covers what is read back.
    return at if at.tzinfo is None else at.astimezone().replace(tzinfo=None)


# The chain's head as a one-row subquery (empty trail: no row), for a caller that reads it with
# its own first statement on SQLite and hands it to append() (one statement fewer; issue 21).
HEAD_ROW = (select(AuditEvent.id.label("head_id"), AuditEvent.row_hash.label("head_hash"))
            .order_by(AuditEvent.id.desc()).limit(1).subquery("head"))
# append()'s ``head`` when the caller did not read it.
UNREAD: Any = object()


def append(conn: Connection, *, at: datetime, person_id: int | None, entity: str,
           entity_id: int, action: str, before: dict[str, Any] | None,
           after: dict[str, Any] | None, head: Any = UNREAD) -> None:
    """Append one event at the head of the chain, inside the caller's write transaction.

    ``head``: on SQLite, the head (id and hash, or None for an empty trail) the caller already
    read in this write transaction (:data:`HEAD_ROW`) with no event appended since; the write
    lock, held from ``BEGIN IMMEDIATE``, keeps it the head. PostgreSQL always reads it here,
    after the advisory lock that orders appends."""
    row_id = None
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
        head = conn.execute(_PG_HEAD).first()
        assert head is not None
        # The id comes from the table's sequence (drawn under the lock, so ids grow in chain
        # order), which keeps it right for any writer that leaves the id to the server.
        row_id = max(int(head[2]), int(head[0] or 0) + 1)
        if row_id != head[2]:
            conn.execute(text("SELECT setval(pg_get_serial_sequence('audit_events', 'id'), "
                              ":id)"), {"id": row_id})
        head = None if head[0] is None else head
    elif head is UNREAD:
        head = conn.execute(_HEAD).first()
    row = next_event(None if head is None else (int(head[0]), str(head[1])), {
        "at": _naive(at), "person_id": person_id, "entity": entity, "entity_id": entity_id,
        "action": action, "before": before, "after": after,
    }, row_id=row_id)
    if conn.dialect.name == "sqlite":
        # SQLite's own SQL text, the values as the column types store them: every save ends
        # here, and Core's bind processing of the nine columns cost more than the insert
        # (kaizen/db/driver_sql.py; issue 21).
        conn.exec_driver_sql(_SQLITE_INSERT, (
            row["id"], sqlite_value(row["at"]), row["person_id"], row["entity"],
            row["entity_id"], row["action"], json_text(row["before"]), json_text(row["after"]),
            row["row_hash"]))
    else:
        conn.execute(_INSERT, row)


@dataclass(frozen=True, slots=True)
class ChainReport:
    """What :func:`verify_chain` found: ``broken_at`` is the id of the first bad event."""

    chained: bool  # False: the schema has no chain yet (before revision 0006)
    events: int = 0
    head: str = GENESIS
    broken_at: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.chained and self.broken_at is None

    def describe(self) -> str:
        """One line for ``kaizen db check``."""
        if not self.chained:
            return translate("db.audit_chain",
                             "not hash-chained yet (`kaizen db upgrade` adds the chain)")
        if self.broken_at is None:
            return translate(
                "db.audit_chain",
                "hash chain intact over {events} events (head {head}; note it to notice events "
                "cut off the end later)",
            ).format(events=format_number(self.events), head=self.head[:16])
        return translate(
            "db.audit_chain",
            "HASH CHAIN BROKEN at event #{event}: {problem}. That event or one before it was "
            "changed, inserted or removed outside Kaizen",
        ).format(event=self.broken_at, problem=self.problem)


def _raw_rows(conn: Connection, batch: int) -> Iterator[Any]:
    # Raw column values (no type processing), so one unreadable value is reported with its row.
    query = text("SELECT id, at, person_id, entity, entity_id, action, before, after, row_hash "
                 "FROM audit_events ORDER BY id")
    result = conn.execution_options(yield_per=batch).execute(query)
    for row in result:
        yield row._mapping


def _stored(row: Mapping[str, Any], sqlite: bool) -> Mapping[str, Any]:
    """A raw row as the typed columns read it: SQLite gives the JSON columns' text (the
    PostgreSQL driver parses them itself)."""
    if not sqlite:
        return row
    values = dict(row)
    for name in ("before", "after"):
        if values[name] is not None:
            values[name] = json.loads(values[name])
    return values


def verify_chain(conn: Connection, *, batch: int = 5_000) -> ChainReport:
    """Walk the whole trail in id order and recompute every hash; stop at the first break."""
    columns = {c["name"] for c in inspect(conn).get_columns("audit_events")}
    if "row_hash" not in columns:
        return ChainReport(chained=False)
    prev, count = GENESIS, 0
    sqlite = conn.dialect.name == "sqlite"
    for row in _raw_rows(conn, batch):
        try:
            expected = chain_hash(prev, _stored(row, sqlite), parsed=True)
        except (TypeError, ValueError) as exc:
            return ChainReport(True, count, prev, row["id"], translate(
                "db.audit_chain", "its content cannot be read ({exc})").format(exc=exc))
        if row["row_hash"] != expected:
            return ChainReport(True, count, prev, row["id"], translate(
                "db.audit_chain",
                "its stored hash does not match its content and the event before"))
        prev, count = expected, count + 1
    return ChainReport(True, count, prev)
