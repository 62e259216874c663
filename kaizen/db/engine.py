"""The engine and the session factories, with the SQLite settings from the data-safety design.

Every SQLite connection gets foreign keys on, WAL, a busy timeout and ``synchronous=NORMAL``.
Write sessions start with ``BEGIN IMMEDIATE`` so a read-then-write never fails half way with
"database is locked"; read sessions start with a plain deferred ``BEGIN`` so they never block a
writer.

Taking the write lock is retried a few times (:data:`WRITE_ATTEMPTS`), each try waiting up to the
busy timeout: SQLite returns "busy" without waiting in a few WAL corner cases, and another Kaizen
window or the command line may hold the lock for a moment. When it stays taken, the unit of work
raises :class:`DatabaseBusy`, a typed error the UI shows in words; no raw "database is locked"
reaches the user, and nothing of the refused unit of work is written.

On a database server (PostgreSQL), a unit of work that fails because the server went away (its
connection was cut, the server shut down, or it refuses connections) raises
:class:`~kaizen.domain.errors.Unavailable` instead of the driver's error, so a form can say so and
offer to try again. Two saves of one record at the very same moment (each checked the version
before the other wrote) end with the ORM's ``StaleDataError`` for the second: it becomes a
:class:`~kaizen.domain.errors.Conflict` too. Pooled connections are pinged before use
(``pool_pre_ping``), and a disconnect invalidates the whole pool, so the next try opens a fresh
connection.

Checkpoints and full-text merging run outside the saves, in the background worker of
:mod:`kaizen.db.wal_worker`; a commit only tells it (and, in a long burst of saves, runs the one
RESTART checkpoint the worker could not get the lock for). ``wal_autocheckpoint`` is raised to
:data:`WAL_AUTOCHECKPOINT_PAGES` as a backstop only.

A Database on a SQLite file says so beside the file (:mod:`kaizen.db.presence`), so a restore in
another process refuses while it is open (issue 14). Should the file be replaced all the same,
each write, once it holds the write lock, compares the file its connection opened (device and
inode, noted at connect) with the file now at that name; another file means a commit would land
in the renamed one and be lost, so every write from then on raises :class:`DatabaseReplaced`.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from kaizen.db import presence
from kaizen.db.disk_full import is_disk_full
from kaizen.db.wal_worker import CHECKPOINT_DELAY, WalWorker, sqlite_file
from kaizen.domain.errors import Conflict, DiskFull, KaizenError, Unavailable
from kaizen.i18n import translate

BUSY_TIMEOUT_MS = 10_000
# Tries at taking the write lock, and the pauses between them (seconds): a short pause lets a
# writer that just finished hand the lock on before we ask again.
WRITE_ATTEMPTS = 3
_RETRY_PAUSES = (0.05, 0.2)
_BEGIN_OPTION = "kaizen_sqlite_begin"
# The commit that grows the log past this many pages (of 4 KiB: 40 MiB) checkpoints by itself,
# should the background checkpoints be held back (a long read pins the log) or not run at all.
WAL_AUTOCHECKPOINT_PAGES = 10_000


class DatabaseBusy(Conflict):
    """The write lock stayed taken by another program for longer than Kaizen waits."""


class DatabaseReplaced(KaizenError):
    """The database file was replaced (renamed, restored, deleted) by another program while this
    one had it open: its connections still point at the old file, so nothing more is written."""

    @staticmethod
    def message_for(path: object) -> str:
        """The refusal in the language of the work (built at call time)."""
        return translate(
            "db.engine",
            "The database file {path} was replaced by another program (a restore, or a copy "
            "put in its place) while Kaizen had it open. Nothing was saved, and Kaizen saves "
            "nothing more into the old file. Close Kaizen and start it again to work on the "
            "database that is there now.",
        ).format(path=path)


_log = logging.getLogger(__name__)
# Where a pooled SQLite connection keeps the identity (device, inode) of the file it opened.
_FILE_ID = "kaizen_file_id"


def file_id(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    """(device, inode) of a file, or None when there is no file at that name."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (stat.st_dev, stat.st_ino)


def is_busy_error(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" / "database is busy" (SQLITE_BUSY, SQLITE_LOCKED)."""
    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, sqlite3.OperationalError):
        return False
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    text = str(orig).lower()
    return "locked" in text or "busy" in text


def changed_meanwhile() -> str:
    """The refusal of a save that lost a race, in the language of the work."""
    return translate("db.engine", "Someone else saved this record at the same moment; nothing "
                     "of yours was saved. Reload it and make your change again.")


# The English words of changed_meanwhile() (the source language; the tests compare with it).
CHANGED_MEANWHILE = ("Someone else saved this record at the same moment; nothing of yours was "
                     "saved. Reload it and make your change again.")

# SQLSTATEs of a server that went away or will not take connections: class 08 (connection
# exception), admin/crash shutdown, "cannot connect now" (starting up or shutting down).
_GONE_STATES = ("57P01", "57P02", "57P03")


def is_disconnect(exc: BaseException) -> bool:
    """True when a database server error means "the server could not be reached"."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    if isinstance(orig, sqlite3.Error):
        return False
    state = getattr(orig, "sqlstate", None)
    if state is not None:
        return state.startswith("08") or state in _GONE_STATES
    # No SQLSTATE: the driver failed before the server answered (refused, closed, DNS).
    return isinstance(exc, OperationalError) or type(orig).__name__ == "InterfaceError"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS, **kwargs: Any) -> Engine:
    if not is_sqlite(url):
        engine = create_engine(url, pool_pre_ping=True, **kwargs)
        if engine.dialect.name == "postgresql":
            # The models' partial indexes name their PostgreSQL condition now that the dialect
            # is loaded (see kaizen.db.base.partial_index).
            from kaizen.db.base import add_postgresql_conditions

            add_postgresql_conditions()
        return engine
    engine = create_engine(
        url, connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
        **kwargs,
    )
    event.listen(engine, "connect", partial(_sqlite_on_connect, busy_timeout_ms=busy_timeout_ms,
                                            path=sqlite_file(engine)))
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, record: Any, *,
                       busy_timeout_ms: int = BUSY_TIMEOUT_MS, path: str | None = None) -> None:
    # Take transaction control away from the sqlite3 module so our BEGIN is the one that runs.
    dbapi_connection.isolation_level = None
    if path is not None:
        # The file this connection opened (sqlite3.connect opens it at once): a write later
        # compares it with the file at that name now (see Database._check_same_file).
        record.info[_FILE_ID] = file_id(path)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode: durable against application crashes, a commit costs no fsync.
        cursor.execute("PRAGMA synchronous=NORMAL")
        # A backstop only: the Database's background checkpoints keep the log short.
        cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
    finally:
        cursor.close()


def _sqlite_on_begin(conn: Any) -> None:
    statement = _BEGINS[conn.get_execution_options().get(_BEGIN_OPTION, "IMMEDIATE")]
    # On the driver's connection itself: every unit of work begins here, and SQLAlchemy's
    # execution path (cursor, events, result) cost more than the BEGIN (issue 21). Its errors
    # are raised as SQLAlchemy's, as that path would, so a busy lock is still retried.
    try:
        conn.connection.driver_connection.execute(statement)
    except sqlite3.Error as exc:
        raise DBAPIError.instance(statement, (), exc, sqlite3.Error,
                                  dialect=conn.dialect) from exc


_BEGINS = {mode: f"BEGIN {mode}" for mode in ("DEFERRED", "IMMEDIATE", "EXCLUSIVE")}


def _rollback_quietly(unit: Session | Connection) -> None:
    # After a disconnect the rollback itself may fail; the error that matters is the first one.
    try:
        unit.rollback()
    except DBAPIError:
        unit.invalidate()


def _close_quietly(unit: Session | Connection) -> None:
    try:
        unit.close()
    except DBAPIError:
        unit.invalidate()


def _retry_pause(attempt: int) -> None:
    """Wait before write-lock attempt ``attempt + 1``: a little longer each time, up to a cap."""
    time.sleep(_RETRY_PAUSES[min(attempt, len(_RETRY_PAUSES) - 1)])


class Database:
    """One database: its engine and the two session factories the services use."""

    def __init__(self, url: str, engine: Engine | None = None, *,
                 busy_timeout_ms: int = BUSY_TIMEOUT_MS,
                 checkpoint_delay: float | None = CHECKPOINT_DELAY) -> None:
        self.url = url
        self.busy_timeout_ms = busy_timeout_ms
        self.engine = engine or make_engine(url, busy_timeout_ms=busy_timeout_ms)
        path = sqlite_file(self.engine) if self.is_sqlite else None
        self._wal_worker = None if path is None else WalWorker(
            path, checkpoint_delay, may_write=self._may_maintain)
        self.read_only = False
        # Set while the file is being replaced (a restore): every unit of work is refused.
        self._maintenance: str | None = None
        self._path = path
        # Set once the file turned out replaced under this process: every write is refused.
        self._replaced = False
        # Called before the first write (see hold_writes_until): the start's file check.
        self._write_gate: Callable[[], None] | None = None
        self._leave: Callable[[], None] | None = None
        if path is not None:
            try:
                # Other processes see that this one has the file open (restore refuses).
                self._leave = presence.register(Path(path))
            except OSError as exc:
                _log.warning("Cannot mark %s as open by this process: %s", path, exc)  # i18n: no
            else:
                weakref.finalize(self, self._leave)
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        read_bind = self.engine.execution_options(**{_BEGIN_OPTION: "DEFERRED"})
        self._read_bind = read_bind
        self._read = sessionmaker(read_bind, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @property
    def wal_worker(self) -> WalWorker | None:
        """The background checkpoint worker of a SQLite file (None on a server or in memory).

        ``checkpoint_delay=None`` makes it run only when asked (:meth:`WalWorker.run_round`).
        """
        return self._wal_worker

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work that changes data: commits at the end, rolls back on any error.

        The write lock is taken before the body runs (``BEGIN IMMEDIATE``), with retries; a lock
        that stays taken raises :class:`DatabaseBusy` and the body never runs.
        """
        self._refuse_writes()
        session = self._write()
        with self._unit_of_work(session, partial(self._lock_and_check, session)):
            yield session

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """:meth:`write` for a unit of work of Core statements only: the same write lock (with
        its retries), the same check of the file, the same errors in words and the same commit,
        on a plain Connection. Without the ORM Session around it, an idea's save costs a
        quarter less CPU (issue 21: within 2x of the same statements in plain sqlite3)."""
        self._refuse_writes()
        conn = self._connect_for_write()
        with self._unit_of_work(conn, lambda: self._check_file_of(conn.connection.info)):
            yield conn

    @contextmanager
    def _unit_of_work(self, unit: Session | Connection, prepare: Callable[[], None]
                      ) -> Iterator[None]:
        """What :meth:`write` and :meth:`write_connection` share around their body: ``prepare``
        (take the lock, check the file), then the commit, the rollback on any error, the errors
        in words, the close, and the WAL worker told of the commit."""
        committing = False
        try:
            prepare()
            yield
            committing = True
            unit.commit()
        except DBAPIError as exc:
            _rollback_quietly(unit)
            self._raise_in_words(exc, committing)
        except StaleDataError as exc:
            # Two saves of one record at the same moment (both checked its version before
            # either wrote): the version counter lets one through and stops the other here.
            # (Only the ORM Session raises it; Core statements never do.)
            _rollback_quietly(unit)
            raise Conflict(changed_meanwhile()) from exc
        except BaseException:
            _rollback_quietly(unit)
            raise
        finally:
            _close_quietly(unit)
        if self._wal_worker is not None:
            self._wal_worker.after_commit()
            self._wal_worker.committed()

    def _lock_and_check(self, session: Session) -> None:
        """The write lock for ``session`` (retried), then the check that the file is the same."""
        self._take_write_lock(session)
        self._check_same_file(session)

    def _connect_for_write(self) -> Connection:
        """A connection inside its write transaction (``BEGIN IMMEDIATE`` on SQLite, retried as
        :meth:`_take_write_lock` does)."""
        for attempt in range(WRITE_ATTEMPTS):
            try:
                conn = self.engine.connect()
            except DBAPIError as exc:  # the server away before anything began: in words
                self._raise_in_words(exc, False)
            try:
                conn.begin()  # the "begin" event runs BEGIN IMMEDIATE on SQLite
                return conn
            except DBAPIError as exc:
                _close_quietly(conn)
                if (not isinstance(exc, OperationalError) or not is_busy_error(exc)
                        or attempt == WRITE_ATTEMPTS - 1):
                    self._raise_in_words(exc, False)
                _retry_pause(attempt)
            except BaseException:
                _close_quietly(conn)
                raise
        raise AssertionError("unreachable: the last attempt returns or raises")

    def hold_writes_until(self, gate: Callable[[], None]) -> None:
        """Every write (a unit of work, a migration, the WAL worker's merges) first waits for
        ``gate()``, until it returns once; while it raises, each write raises it.

        The app's start reads the dashboard while SQLite's ``quick_check`` still runs over the
        file (issue 21): the gate is that check, so a damaged file is still caught before
        anything is written to it."""
        self._write_gate = gate

    def wait_for_write_gate(self) -> None:
        """Pass the gate of :meth:`hold_writes_until` (waiting for it), or raise its error."""
        gate = self._write_gate
        if gate is not None:
            gate()
            self._write_gate = None

    def _refuse_writes(self) -> None:
        """A write refused before it starts: maintenance, a read-only or a replaced file."""
        self.wait_for_write_gate()
        self._refuse_during_maintenance()
        if self.read_only:
            raise Conflict(
                translate(
                    "db.engine",
                    "This database was written by a newer version of Kaizen and is open read-only.",
                )
            )
        if self._replaced:
            raise self._replaced_error()

    def _raise_in_words(self, exc: DBAPIError, committing: bool) -> NoReturn:
        """Raise a write's driver error ``exc`` (being handled) in words when it is one we know
        (busy, disk full, server gone), else as it is."""
        if is_busy_error(exc):
            raise self._busy() from exc
        if is_disk_full(exc):  # the driver's "database or disk is full", in words
            raise DiskFull() from exc
        if not self.is_sqlite and is_disconnect(exc):
            raise (Unavailable(Unavailable.AT_COMMIT, during_commit=True) if committing
                   else Unavailable()) from exc
        raise exc

    def _take_write_lock(self, session: Session) -> None:
        if not self.is_sqlite:
            return
        for attempt in range(WRITE_ATTEMPTS):
            try:
                session.connection()  # runs BEGIN IMMEDIATE, waiting up to the busy timeout
                return
            except OperationalError as exc:
                session.rollback()
                if not is_busy_error(exc) or attempt == WRITE_ATTEMPTS - 1:
                    raise
                _retry_pause(attempt)

    def _check_same_file(self, session: Session) -> None:
        """With the write lock held: is the file at the database's name still the one this
        connection writes into? A restore by another program (which takes the write lock of
        the old file across its rename) or a file copied into place makes it another file; a
        commit now would land in the renamed file and be lost, so it is refused, for good."""
        self._check_file_of(session.connection().connection.info)

    def _check_file_of(self, info: dict[Any, Any]) -> None:
        """:meth:`_check_same_file` for the pooled connection whose ``info`` is given."""
        if self._path is None:
            return
        opened = info.get(_FILE_ID)
        if opened is not None and file_id(self._path) != opened:
            self._replaced = True
            _log.error("%s was replaced while open; writes stop", self._path)
            raise self._replaced_error()

    def _replaced_error(self) -> DatabaseReplaced:
        return DatabaseReplaced(DatabaseReplaced.message_for(self._path))

    def _busy(self) -> DatabaseBusy:
        seconds = self.busy_timeout_ms / 1000
        return DatabaseBusy(
            translate(
                "db.engine",
                "The database is busy: another Kaizen window or program kept "
                "it locked for over {seconds:g} seconds ({write_attempts} "
                "tries). Nothing was saved; try again in a moment.",
            ).format(seconds=seconds, write_attempts=WRITE_ATTEMPTS)
        )

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work; anything written in it is rolled back."""
        self._refuse_during_maintenance()
        session = self._read()
        with self._reading(session):
            yield session

    @contextmanager
    def read_connection(self) -> Iterator[Connection]:
        """:meth:`read` on a plain Core connection, for a read made of Core statements only
        (the board's cards): the same deferred transaction and errors, without the ORM
        Session's set-up (issue 21)."""
        self._refuse_during_maintenance()
        try:
            conn = self._read_bind.connect()
        except DBAPIError as exc:  # the server away before the read began: in words
            self._raise_unreachable(exc)
        with self._reading(conn):
            conn.begin()
            yield conn

    @contextmanager
    def _reading(self, unit: Session | Connection) -> Iterator[None]:
        """What :meth:`read` and :meth:`read_connection` share around their body: a lost server
        in words, and the rollback and close at the end whatever happened."""
        try:
            yield
        except DBAPIError as exc:
            self._raise_unreachable(exc)
        finally:
            _rollback_quietly(unit)
            _close_quietly(unit)

    def _raise_unreachable(self, exc: DBAPIError) -> NoReturn:
        """Raise a read's driver error ``exc`` (being handled): a lost server in words, else
        as it is."""
        if not self.is_sqlite and is_disconnect(exc):
            raise Unavailable(
                translate("db.engine", "Cannot reach the database server.")
            ) from exc
        raise exc

    @contextmanager
    def maintenance(self, what: str) -> Iterator[None]:
        """Close every pooled connection and refuse units of work until the block ends, so the
        file can be replaced underneath (``what`` says why, in the refusal)."""
        self._maintenance = what
        if self._wal_worker is not None:
            self._wal_worker.close()
        try:
            self.engine.dispose()
            yield
        finally:
            self.engine.dispose()
            # New connections open the file now in place (this process replaced it itself).
            self._replaced = False
            self._maintenance = None
            if self._wal_worker is not None:
                self._wal_worker.reopen()

    def _may_maintain(self) -> bool:
        """Whether the background worker may write (full-text merges): never to a database
        opened read-only, nor while the file is being replaced."""
        return (not self.read_only and self._maintenance is None and not self._replaced
                and self._write_gate is None)

    def _refuse_during_maintenance(self) -> None:
        if self._maintenance is not None:
            raise DatabaseBusy(
                translate(
                    "db.engine",
                    "The database is closed while {maintenance}; try again in a moment.",
                ).format(maintenance=self._maintenance)
            )

    def dispose(self) -> None:
        # The last connection to close checkpoints the whole log: no background one is needed.
        if self._wal_worker is not None:
            self._wal_worker.close()
        self.engine.dispose()
        if self._wal_worker is not None:
            self._wal_worker.reopen()
