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

Checkpoints: SQLite copies the write-ahead log into the database file ("checkpoint", with the
disk syncs of ``synchronous=NORMAL``) on the commit that grows the log past
``wal_autocheckpoint`` pages; with the default of 1000 that fell on every 30th idea saved and
stalled it for 20 to 800 ms. Here the commit path never checkpoints in normal use: a background
thread (:class:`_Checkpointer`) runs a PASSIVE checkpoint on its own connection shortly after
writes (:data:`CHECKPOINT_DELAY` seconds after the first commit not yet copied), and
``wal_autocheckpoint`` is raised to :data:`WAL_AUTOCHECKPOINT_PAGES` as a backstop only. A
checkpoint changes nothing about what a commit guarantees (WAL content survives an application
crash either way); it bounds how much a power cut could take back, which is now at most the
commits of the last fraction of a second instead of the last thousand pages. When saves pause,
the same worker also merges the full-text index's small segments in short steps (see
:mod:`kaizen.db.search`), never on a database open read-only or while its file is replaced.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from kaizen.db import search
from kaizen.domain.errors import Conflict, Unavailable

BUSY_TIMEOUT_MS = 10_000
# Tries at taking the write lock, and the pauses between them (seconds): a short pause lets a
# writer that just finished hand the lock on before we ask again.
WRITE_ATTEMPTS = 3
_RETRY_PAUSES = (0.05, 0.2)
_BEGIN_OPTION = "kaizen_sqlite_begin"
# Seconds from a commit to the background checkpoint that copies it into the database file:
# commits made meanwhile share it, so a burst of saves costs one checkpoint.
CHECKPOINT_DELAY = 0.25
# Passes of one checkpoint: see _Checkpointer._passes.
CHECKPOINT_PASSES = 2
# A log this long after the passes (of 4 KiB: 16 MiB) means saves came in without a pause, so
# the log could never start over: a RESTART checkpoint copies the little the passes left and
# starts it over. The background thread tries it at once; when a save holds the lock, the next
# save runs it right after its commit (5-50 ms, once in some 500 saves of a long burst). Without
# it a long burst of saves ran into the backstop below, whose commit stalled for one to two
# seconds.
RESTART_PAGES = 4_000
RESTART_WAIT_S = 0.2
# At most this many full-text merge steps (kaizen.db.search.merge_step) per pause in the saves.
MERGE_STEPS = 64
# The commit that grows the log past this many pages (of 4 KiB: 40 MiB) checkpoints by itself,
# should the background checkpoints be held back (a long read pins the log) or not run at all.
WAL_AUTOCHECKPOINT_PAGES = 10_000

_log = logging.getLogger(__name__)


class DatabaseBusy(Conflict):
    """The write lock stayed taken by another program for longer than Kaizen waits."""


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
        return create_engine(url, pool_pre_ping=True, **kwargs)
    engine = create_engine(
        url, connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
        **kwargs,
    )
    event.listen(engine, "connect", partial(_sqlite_on_connect, busy_timeout_ms=busy_timeout_ms))
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any, *,
                       busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    # Take transaction control away from the sqlite3 module so our BEGIN is the one that runs.
    dbapi_connection.isolation_level = None
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
    mode = conn.get_execution_options().get(_BEGIN_OPTION, "IMMEDIATE")
    conn.exec_driver_sql(f"BEGIN {mode}")


def _rollback_quietly(session: Session) -> None:
    # After a disconnect the rollback itself may fail; the error that matters is the first one.
    try:
        session.rollback()
    except DBAPIError:
        session.invalidate()


def _close_quietly(session: Session) -> None:
    try:
        session.close()
    except DBAPIError:
        session.invalidate()


def _sqlite_file(engine: Engine) -> str | None:
    """The file of a SQLite engine, or None for an in-memory database."""
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return name


class _Checkpointer:
    """Runs SQLite's WAL checkpoint in a background thread, shortly after commits.

    One worker thread at a time waits :data:`CHECKPOINT_DELAY` seconds after a commit, then
    opens its own connection (``mode=rw``: a file removed meanwhile is never created again) and
    runs PASSIVE checkpoints, which take no lock a save needs: saves go on while it copies. It
    ends when no commit came in while it waited. When no save came in during the checkpoint
    either, it does the full-text index's segment merging in short steps
    (:func:`kaizen.db.search.merge_step`), so that saves find little of it left to do. A
    checkpoint that fails (the file is busy or gone) is only logged; the next commit starts
    another worker.
    """

    def __init__(self, path: str, delay: float = CHECKPOINT_DELAY,
                 may_write: Callable[[], bool] = lambda: True) -> None:
        self._uri = f"file:{quote(path)}?mode=rw"
        self._delay = delay
        self._may_write = may_write
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._worker: threading.Thread | None = None
        self._dirty = False
        self._restart_wanted = False

    def committed(self) -> None:
        """A commit was made: have it copied into the database file soon."""
        with self._lock:
            self._dirty = True
            if self._worker is not None or self._stop.is_set():
                return
            worker = threading.Thread(target=self._work, name="kaizen-checkpoint", daemon=True)
            self._worker = worker
        worker.start()

    def _work(self) -> None:
        while not self._stop.wait(self._delay):
            with self._lock:
                if not self._dirty:
                    self._worker = None
                    return
                self._dirty = False
            try:
                # A file not in WAL mode is being loaded in bulk (bench/suite.py): leave it be.
                if self._passes() and self._merge_steps():
                    self._passes()
            except sqlite3.Error as exc:
                _log.info("Background checkpoint skipped: %s", exc)
        with self._lock:
            self._worker = None

    def _passes(self) -> bool:
        # A pass copies the log as it was when the pass began; commits made during it stay
        # behind, and SQLite starts the log over only once all of it is copied. A second pass
        # copies what came in meanwhile (little), so an idle moment after it finds it all done.
        # False when the file is not in WAL mode (SQLite reports a log of -1 pages).
        seen = -1
        for _ in range(CHECKPOINT_PASSES):
            busy, log, _copied = self.checkpoint()
            if log < 0 and not busy:
                return False
            if busy or log == seen or self._stop.is_set():
                break
            seen = log
        if max(seen, log) >= RESTART_PAGES and not self._stop.is_set():
            busy, _log, _copied = self.checkpoint("RESTART")
            self._restart_wanted = bool(busy)
        return True

    def after_commit(self) -> None:
        """In the thread that just committed (its lock released): the RESTART checkpoint the
        background thread could not get the lock for, if one is wanted (see RESTART_PAGES)."""
        if not self._restart_wanted or self._stop.is_set():
            return
        self._restart_wanted = False
        try:
            self.checkpoint("RESTART", wait_s=RESTART_WAIT_S)
        except sqlite3.Error as exc:
            _log.info("Checkpoint after a commit skipped: %s", exc)

    def _merge_steps(self) -> bool:
        """While no save comes in, short steps of full-text segment merging (each its own write
        transaction that never waits for the lock); True when any step merged something."""
        merged = False
        connection: sqlite3.Connection | None = None
        try:
            for _ in range(MERGE_STEPS):
                if self._dirty or self._stop.is_set() or not self._may_write():
                    break
                if connection is None:
                    connection = self._connect()
                    connection.execute("PRAGMA synchronous=NORMAL")
                try:
                    connection.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError:
                    break  # a save holds the lock: it has the right of way
                try:
                    worked = search.merge_step(connection)
                    connection.execute("COMMIT")
                except BaseException:
                    connection.execute("ROLLBACK")
                    raise
                merged = merged or worked
                if not worked:
                    break
        finally:
            if connection is not None:
                connection.close()
        return merged

    def _connect(self, wait_s: float = 0) -> sqlite3.Connection:
        return sqlite3.connect(self._uri, uri=True, timeout=wait_s, isolation_level=None,
                               check_same_thread=False)

    def checkpoint(self, mode: str = "PASSIVE", *, wait_s: float = 0) -> tuple[int, int, int]:
        """One checkpoint now (PASSIVE: never waits; RESTART: waits up to ``wait_s`` for the
        save in progress, and holds saves off while it finishes): (busy, log pages, copied)."""
        if mode not in ("PASSIVE", "RESTART"):
            raise ValueError(f"unknown checkpoint mode {mode!r}")
        connection = self._connect(wait_s)
        try:
            busy, log, copied = connection.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
            return busy, log, copied
        finally:
            connection.close()

    def close(self) -> None:
        """Stop a waiting worker and wait for a running checkpoint; none starts afterwards."""
        self._stop.set()
        with self._lock:
            worker = self._worker
        if worker is not None and worker is not threading.current_thread():
            worker.join()

    def reopen(self) -> None:
        with self._lock:
            self._stop.clear()


class Database:
    """One database: its engine and the two session factories the services use."""

    def __init__(self, url: str, engine: Engine | None = None, *,
                 busy_timeout_ms: int = BUSY_TIMEOUT_MS,
                 checkpoint_delay: float = CHECKPOINT_DELAY) -> None:
        self.url = url
        self.busy_timeout_ms = busy_timeout_ms
        self.engine = engine or make_engine(url, busy_timeout_ms=busy_timeout_ms)
        path = _sqlite_file(self.engine) if self.is_sqlite else None
        self._checkpointer = None if path is None else _Checkpointer(
            path, checkpoint_delay, may_write=self._may_maintain)
        self.read_only = False
        # Set while the file is being replaced (a restore): every unit of work is refused.
        self._maintenance: str | None = None
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        read_bind = self.engine.execution_options(**{_BEGIN_OPTION: "DEFERRED"})
        self._read = sessionmaker(read_bind, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work that changes data: commits at the end, rolls back on any error.

        The write lock is taken before the body runs (``BEGIN IMMEDIATE``), with retries; a lock
        that stays taken raises :class:`DatabaseBusy` and the body never runs.
        """
        self._refuse_during_maintenance()
        if self.read_only:
            raise Conflict(
                "This database was written by a newer version of Kaizen and is open read-only."
            )
        session = self._write()
        committing = False
        try:
            self._take_write_lock(session)
            yield session
            committing = True
            session.commit()
        except DBAPIError as exc:
            _rollback_quietly(session)
            if is_busy_error(exc):
                raise self._busy() from exc
            if not self.is_sqlite and is_disconnect(exc):
                raise (Unavailable(Unavailable.AT_COMMIT, during_commit=True) if committing
                       else Unavailable()) from exc
            raise
        except StaleDataError as exc:
            # Two saves of one record at the same moment (both checked its version before
            # either wrote): the version counter lets one through and stops the other here.
            _rollback_quietly(session)
            raise Conflict(CHANGED_MEANWHILE) from exc
        except BaseException:
            _rollback_quietly(session)
            raise
        finally:
            _close_quietly(session)
        if self._checkpointer is not None:
            self._checkpointer.after_commit()
            self._checkpointer.committed()

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
                time.sleep(_RETRY_PAUSES[min(attempt, len(_RETRY_PAUSES) - 1)])

    def _busy(self) -> DatabaseBusy:
        seconds = self.busy_timeout_ms / 1000
        return DatabaseBusy(
            "The database is busy: another Kaizen window or program kept it locked for over "
            f"{seconds:g} seconds ({WRITE_ATTEMPTS} tries). Nothing was saved; try again in a "
            "moment."
        )

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work; anything written in it is rolled back."""
        self._refuse_during_maintenance()
        session = self._read()
        try:
            yield session
        except DBAPIError as exc:
            if not self.is_sqlite and is_disconnect(exc):
                raise Unavailable("Cannot reach the database server.") from exc
            raise
        finally:
            _rollback_quietly(session)
            _close_quietly(session)

    @contextmanager
    def maintenance(self, what: str) -> Iterator[None]:
        """Close every pooled connection and refuse units of work until the block ends, so the
        file can be replaced underneath (``what`` says why, in the refusal)."""
        self._maintenance = what
        if self._checkpointer is not None:
            self._checkpointer.close()
        try:
            self.engine.dispose()
            yield
        finally:
            self.engine.dispose()
            self._maintenance = None
            if self._checkpointer is not None:
                self._checkpointer.reopen()

    def _may_maintain(self) -> bool:
        """Whether the background worker may write (full-text merges): never to a database
        opened read-only, nor while the file is being replaced."""
        return not self.read_only and self._maintenance is None

    def _refuse_during_maintenance(self) -> None:
        if self._maintenance is not None:
            raise DatabaseBusy(f"The database is closed while {self._maintenance}; "
                               "try again in a moment.")

    def dispose(self) -> None:
        # The last connection to close checkpoints the whole log: no background one is needed.
        if self._checkpointer is not None:
            self._checkpointer.close()
        self.engine.dispose()
        if self._checkpointer is not None:
            self._checkpointer.reopen()
