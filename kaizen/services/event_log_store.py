"""Writing and reading an event log's rows in bulk: the fast paths of each database.

PostgreSQL: events go in and out through ``COPY ... (FORMAT BINARY)`` (psycopg's
``cursor.copy``), the rows packed and unpacked by numpy as big-endian records, with no Python
object per event. SQLite: ``executemany`` in large batches on the unit of work's connection, and
an ordered scan read in batches into preallocated columns. Called by
:class:`kaizen.services.event_logs.EventLogService` inside its unit of work; nothing here
commits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import chain
from typing import Any

import numpy as np
from sqlalchemy import Connection

from kaizen.mining.log import CancelCheck, Cancelled, EventLog

# (case, activity, timestamp, resource, lifecycle), as EventLog.from_columns takes them.
EventColumns = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]

BATCH = 100_000  # events per executemany batch or COPY write
EVENT_COLUMNS = "log_id, seq, case_code, activity_code, ts_ns, resource_code, lifecycle_code"

# PGCOPY binary: signature, flags, header extension length; each row: field count, then
# (length, value) per field; the trailer is a field count of -1.
_PG_HEADER = b"PGCOPY\n\xff\r\n\x00" + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"
_PG_TRAILER = b"\xff\xff"
_PG_ROW = np.dtype([
    ("fields", ">i2"),
    ("l_log", ">i4"), ("log", ">i4"),
    ("l_seq", ">i4"), ("seq", ">i4"),
    ("l_case", ">i4"), ("case", ">i4"),
    ("l_act", ">i4"), ("act", ">i4"),
    ("l_ts", ">i4"), ("ts", ">i8"),
    ("l_res", ">i4"), ("res", ">i4"),
    ("l_life", ">i4"), ("life", ">i2"),
])
# What COPY TO hands back for the five columns read.
_PG_OUT = np.dtype([
    ("fields", ">i2"),
    ("l_case", ">i4"), ("case", ">i4"),
    ("l_act", ">i4"), ("act", ">i4"),
    ("l_ts", ">i4"), ("ts", ">i8"),
    ("l_res", ">i4"), ("res", ">i4"),
    ("l_life", ">i4"), ("life", ">i2"),
])

Written = Callable[[int, int], None]


def write_events(conn: Connection, log_id: int, log: EventLog, *,
                 progress: Written | None = None, cancelled: CancelCheck | None = None) -> None:
    if conn.dialect.name == "postgresql":
        _copy_events(conn, log_id, log, progress, cancelled)
    else:
        _insert_events(conn, log_id, log, progress, cancelled)


def write_names(conn: Connection, log_id: int, rows: Sequence[tuple[str, int, str]]) -> None:
    """The dictionaries: (kind, code, name) rows."""
    if conn.dialect.name == "postgresql":
        cursor = _driver(conn).cursor()
        with cursor.copy("COPY event_log_names (log_id, kind, code, name) FROM STDIN") as copy:
            for kind, code, name in rows:
                copy.write_row((log_id, kind, code, name))
        return
    for start in range(0, len(rows), BATCH):
        conn.exec_driver_sql(
            "INSERT INTO event_log_names (log_id, kind, code, name) VALUES (?, ?, ?, ?)",
            [(log_id, kind, code, name) for kind, code, name in rows[start:start + BATCH]])


def _check(cancelled: CancelCheck | None) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled()


def _insert_events(conn: Connection, log_id: int, log: EventLog, progress: Written | None,
                   cancelled: CancelCheck | None) -> None:
    sql = f"INSERT INTO event_log_events ({EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
    n = log.events
    for start in range(0, n, BATCH):
        _check(cancelled)
        end = min(start + BATCH, n)
        rows = zip([log_id] * (end - start), range(start, end),
                   log.case[start:end].tolist(), log.activity[start:end].tolist(),
                   log.timestamp[start:end].tolist(), log.resource[start:end].tolist(),
                   log.lifecycle[start:end].tolist(), strict=True)
        conn.exec_driver_sql(sql, list(rows))
        if progress is not None:
            progress(end, n)


def _copy_events(conn: Connection, log_id: int, log: EventLog, progress: Written | None,
                 cancelled: CancelCheck | None) -> None:
    n = log.events
    cursor = _driver(conn).cursor()
    with cursor.copy(f"COPY event_log_events ({EVENT_COLUMNS}) FROM STDIN (FORMAT BINARY)") \
            as copy:
        copy.write(_PG_HEADER)
        for start in range(0, n, BATCH):
            _check(cancelled)
            end = min(start + BATCH, n)
            rows = np.empty(end - start, dtype=_PG_ROW)
            rows["fields"] = 7
            for name, size in (("log", 4), ("seq", 4), ("case", 4), ("act", 4), ("ts", 8),
                               ("res", 4), ("life", 2)):
                rows["l_" + name] = size
            rows["log"] = log_id
            rows["seq"] = np.arange(start, end)
            rows["case"] = log.case[start:end]
            rows["act"] = log.activity[start:end]
            rows["ts"] = log.timestamp[start:end]
            rows["res"] = log.resource[start:end]
            rows["life"] = log.lifecycle[start:end]
            copy.write(rows.tobytes())
            if progress is not None:
                progress(end, n)
        copy.write(_PG_TRAILER)


def read_events(conn: Connection, log_id: int, events: int) -> EventColumns:
    """(case, activity, timestamp, resource, lifecycle) columns of a stored log, in order."""
    if conn.dialect.name == "postgresql":
        return _copy_out(conn, log_id, events)
    case = np.empty(events, np.int32)
    activity = np.empty(events, np.int32)
    stamp = np.empty(events, np.int64)
    resource = np.empty(events, np.int32)
    lifecycle = np.empty(events, np.int8)
    cursor = _driver(conn).cursor()
    cursor.execute("SELECT case_code, activity_code, ts_ns, resource_code, lifecycle_code "
                   "FROM event_log_events WHERE log_id = ? ORDER BY seq", (log_id,))
    done = 0
    while rows := cursor.fetchmany(BATCH):
        # The batch's integers flattened into one array (np.fromiter over one chain): half the
        # CPU of np.array on a list of tuples, which inspects every tuple (issue 21).
        block = np.fromiter(chain.from_iterable(rows), dtype=np.int64,
                            count=len(rows) * 5).reshape(-1, 5)
        end = done + len(block)
        case[done:end], activity[done:end], stamp[done:end] = block[:, 0], block[:, 1], \
            block[:, 2]
        resource[done:end], lifecycle[done:end] = block[:, 3], block[:, 4]
        done = end
    cursor.close()
    if done != events:
        raise RuntimeError(f"event log #{log_id}: {done} events stored, {events} expected")
    return case, activity, stamp, resource, lifecycle


def _copy_out(conn: Connection, log_id: int, events: int) -> EventColumns:
    cursor = _driver(conn).cursor()
    data = bytearray()
    query = ("COPY (SELECT case_code, activity_code, ts_ns, resource_code, lifecycle_code "
             f"FROM event_log_events WHERE log_id = {int(log_id)} ORDER BY seq) "
             "TO STDOUT (FORMAT BINARY)")
    with cursor.copy(query) as copy:
        for chunk in copy:
            data += chunk
    body = memoryview(data)[len(_PG_HEADER):len(data) - len(_PG_TRAILER)]
    rows = np.frombuffer(body, dtype=_PG_OUT)
    if len(rows) != events:
        raise RuntimeError(f"event log #{log_id}: {len(rows)} events stored, {events} expected")
    return (rows["case"].astype(np.int32), rows["act"].astype(np.int32),
            rows["ts"].astype(np.int64), rows["res"].astype(np.int32),
            rows["life"].astype(np.int8))


def _driver(conn: Connection) -> Any:
    """The DBAPI connection (sqlite3 or psycopg) under ``conn``, for its bulk paths.

    SQLAlchemy types it as optional: a pool entry whose connection was closed holds none, which
    an open unit of work's connection never is."""
    driver = conn.connection.driver_connection
    if driver is None:
        raise RuntimeError("the database connection is closed")
    return driver
