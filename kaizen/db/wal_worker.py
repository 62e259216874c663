"""Background work on a SQLite file: WAL checkpoints and full-text merging, off the save path.

SQLite copies the write-ahead log into the database file ("checkpoint", with the disk syncs of
``synchronous=NORMAL``) on the commit that grows the log past ``wal_autocheckpoint`` pages; with
the default of 1000 that fell on every 30th idea saved and stalled it for 20 to 800 ms (issue 8).
Here the commit path never checkpoints in normal use: :class:`WalWorker` runs a PASSIVE
checkpoint on its own connection shortly after writes (:data:`CHECKPOINT_DELAY` seconds after the
first commit not yet copied), and the engine raises ``wal_autocheckpoint`` as a backstop only. A
checkpoint changes nothing about what a commit guarantees (WAL content survives an application
crash either way); it bounds how much a power cut could take back, which is now at most the
commits of the last fraction of a second instead of the last thousand pages. When saves pause,
the same worker also merges the full-text index's small segments in short steps (see
:mod:`kaizen.db.search`), never on a database open read-only or while its file is replaced.
:class:`kaizen.db.engine.Database` owns one per SQLite file.

When the work runs is one choice, what it does another: :meth:`WalWorker.run_round` is one round
(checkpoint passes, then merging), the same code whichever thread calls it. The app's thread calls
it :data:`CHECKPOINT_DELAY` seconds after a commit. Built with ``delay=None`` the worker starts no
thread and a round runs only when its caller asks, so a test decides exactly what a round sees
(a save in progress, a database made read-only, a restore window) instead of racing a timer.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable

from sqlalchemy import Engine

from kaizen.db import search
from kaizen.db.uri import file_uri

# Seconds from a commit to the background checkpoint that copies it into the database file:
# commits made meanwhile share it, so a burst of saves costs one checkpoint.
CHECKPOINT_DELAY = 0.25
# Passes of one checkpoint: see WalWorker._passes.
CHECKPOINT_PASSES = 2
# A log this long after the passes (of 4 KiB: 16 MiB) means saves came in without a pause, so
# the log could never start over: a RESTART checkpoint copies the little the passes left and
# starts it over. The background thread tries it at once; when a save holds the lock, the next
# save runs it right after its commit (5-50 ms, once in some 500 saves of a long burst). Without
# it a long burst of saves ran into the engine's backstop (``wal_autocheckpoint``), whose commit
# stalled for one to two seconds.
RESTART_PAGES = 4_000
RESTART_WAIT_S = 0.2
# At most this many full-text merge steps (kaizen.db.search.merge_step) per pause in the saves.
MERGE_STEPS = 64
_log = logging.getLogger(__name__)


def sqlite_file(engine: Engine) -> str | None:
    """The file of a SQLite engine, or None for an in-memory database."""
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return name


class WalWorker:
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

    def __init__(self, path: str, delay: float | None = CHECKPOINT_DELAY,
                 may_write: Callable[[], bool] = lambda: True) -> None:
        self._uri = file_uri(path, mode="rw")
        # None: no background thread; rounds run when run_round is called (tests, tools).
        self._delay = delay
        self._may_write = may_write
        self._lock = threading.Lock()
        # Notified (under _lock) when the background thread ends: wait_idle waits for it.
        self._idle = threading.Condition(self._lock)
        self._stop = threading.Event()
        self._worker: threading.Thread | None = None
        self._dirty = False
        self._restart_wanted = False

    def committed(self) -> None:
        """A commit was made: have it copied into the database file soon."""
        with self._lock:
            self._dirty = True
            if self._worker is not None or self._stop.is_set() or self._delay is None:
                return
            worker = threading.Thread(target=self._work, args=(self._delay,),
                                      name="kaizen-checkpoint", daemon=True)
            self._worker = worker
        worker.start()

    def _work(self, delay: float) -> None:
        while True:
            stopped = self._stop.wait(delay)
            # Taking the commits and ending are one step under the lock: a commit that comes in
            # after it starts a new thread, and never finds this one about to end.
            with self._lock:
                if stopped or not self._dirty:
                    self._worker = None
                    self._idle.notify_all()
                    return
                self._dirty = False
            self._round()

    def run_round(self) -> bool:
        """One round of the background work now, in the calling thread: the checkpoint passes,
        then full-text merging while no save comes in. False, doing nothing, when no commit came
        in since the last round or the worker is closed (a restore window, a disposed database).
        """
        with self._lock:
            if not self._dirty or self._stop.is_set():
                return False
            self._dirty = False
        self._round()
        return True

    def _round(self) -> None:
        try:
            # A file not in WAL mode is being loaded in bulk (bench/suite.py): leave it be.
            if self._passes() and self._merge_steps():
                self._passes()
        except sqlite3.Error as exc:
            _log.info("Background checkpoint skipped: %s", exc)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until no background thread runs (it ends once a delay passes without a commit);
        False when ``timeout`` seconds passed first."""
        with self._idle:
            return self._idle.wait_for(lambda: self._worker is None, timeout)

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
