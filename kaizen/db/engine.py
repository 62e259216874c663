"""The engine and the session factories, with the SQLite settings from the data-safety design.

Every SQLite connection gets foreign keys on, WAL, a busy timeout and ``synchronous=NORMAL``.
Write sessions start with ``BEGIN IMMEDIATE`` so a read-then-write never fails half way with
"database is locked"; read sessions start with a plain deferred ``BEGIN`` so they never block a
writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from kaizen.domain.errors import Conflict

BUSY_TIMEOUT_MS = 10_000
_BEGIN_OPTION = "kaizen_sqlite_begin"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, **kwargs: Any) -> Engine:
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True, **kwargs)
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}, **kwargs
    )
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from the sqlite3 module so our BEGIN is the one that runs.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode: durable against application crashes, a commit costs no fsync.
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _sqlite_on_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get(_BEGIN_OPTION, "IMMEDIATE")
    conn.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """One database: its engine and the two session factories the services use."""

    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine or make_engine(url)
        self.read_only = False
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        read_bind = self.engine.execution_options(**{_BEGIN_OPTION: "DEFERRED"})
        self._read = sessionmaker(read_bind, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work that changes data: commits at the end, rolls back on any error."""
        if self.read_only:
            raise Conflict(
                "This database was written by a newer version of Kaizen and is open read-only."
            )
        with self._write.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work; anything written in it is rolled back."""
        session = self._read()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
