"""Who has a SQLite database open: one presence file per process, held under an OS lock.

Issue 14: ``kaizen restore`` renamed the live file aside while another Kaizen process had it open;
that process kept writing into the renamed file and 85 of 129 acknowledged saves were missing
from the restored database. As LibreOffice (``.~lock.NAME#``) and GnuCash (``NAME.LCK``) do,
every process that opens the database says so in a file beside it::

    /data/.kaizen.db.open/pc-3-1234-5f2a.json   {"pid": 1234, "host": "pc-3", "user": "ana",
                                                  "started": "2026-12-07T10:02:11",
                                                  "program": "kaizen gui"}

and holds an exclusive ``flock`` on that file for as long as it lives. The OS drops the lock when
the process ends however it ends (a crash, a kill, a power cut), so an entry whose lock can be
taken is stale: its process is gone, and the entry is removed. Restore refuses while any other
entry is live, naming the process(es) (:func:`others`, :func:`exclusive`).

A ``gate`` file in the same folder orders the two: a process registers under a shared lock on it,
a restore checks and swaps the file under an exclusive one, so no process can open the database
between the check and the swap. Entries of this very process (the app restoring its own file
after closing its connections) do not count.

One entry per process and file, counted: a process may hold several
:class:`kaizen.db.engine.Database` objects on one file. Without ``fcntl`` (Windows) the entries
are written but never judged stale (``msvcrt`` byte locks play the part).
"""

from __future__ import annotations

import atexit
import getpass
import json
import logging
import os
import secrets
import socket
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kaizen.i18n import translate

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    # The stubs type the name as the module; None is how the code below knows it is missing.
    fcntl = None  # type: ignore[assignment]

_log = logging.getLogger(__name__)
ENTRY_SUFFIX = ".json"
GATE_NAME = "gate"


@dataclass(frozen=True, slots=True)
class Holder:
    """Another process that has the database open."""

    pid: int
    host: str
    user: str
    started: str
    program: str

    def describe(self) -> str:
        """"process 1234 of ana on pc-3 (kaizen gui), open since 2026-12-07 10:02"."""
        since = self.started.replace("T", " ")[:16]
        return translate(
            "db.presence", "process {pid} of {user} on {host} ({program}), open since {since}"
        ).format(pid=self.pid, user=self.user or translate("db.presence", "someone"),
                 host=self.host or translate("db.presence", "this computer"),
                 program=self.program or "Kaizen", since=since)


def folder_for(db_file: Path) -> Path:
    """The presence folder of a database file: hidden, beside it, never renamed with it."""
    db_file = Path(db_file)
    return db_file.with_name(f".{db_file.name}.open")


# --- locks -------------------------------------------------------------------------------------


def _lock(fd: int, *, exclusive: bool, wait: bool) -> bool:
    """Lock an open file; False when ``wait`` is off and another holds a conflicting lock."""
    if fcntl is None:  # pragma: no cover - Windows: byte-range locks, exclusive only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    flags = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
    try:
        fcntl.flock(fd, flags if wait else flags | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def _gate(folder: Path, *, exclusive: bool) -> Iterator[None]:
    fd = os.open(folder / GATE_NAME, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        _lock(fd, exclusive=exclusive, wait=True)
        yield
    finally:
        os.close(fd)  # closing drops the lock


# --- this process's entries --------------------------------------------------------------------


@dataclass(slots=True)
class _Entry:
    path: Path
    fd: int
    count: int
    pid: int  # a forked child inherits the table, but the entries stay its parent's


_entries: dict[Path, _Entry] = {}
_entries_lock = threading.Lock()
# Releases not applied yet. A release comes from a garbage-collected Database (weakref.finalize),
# which may run inside any allocation, also on a thread that holds _entries_lock already: it
# never waits for the lock, it queues (deque.append is atomic) and applies what it can.
_pending: deque[Path] = deque()


def _identity() -> dict[str, object]:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment: the entry is still worth writing
        user = ""
    program = " ".join([Path(sys.argv[0]).name if sys.argv else "python", *sys.argv[1:3]])
    return {"pid": os.getpid(), "host": socket.gethostname(), "user": user,
            "started": datetime.now().isoformat(timespec="seconds"), "program": program[:120]}


def register(db_file: Path) -> Callable[[], None]:
    """Say that this process has ``db_file`` open; returns the function that takes it back.

    Raises OSError when the folder cannot be written (the caller decides whether that matters).
    """
    folder = folder_for(db_file)
    folder.mkdir(exist_ok=True)
    key = folder.resolve()
    with _entries_lock:
        _apply_releases()
        entry = _entries.get(key)
        if entry is not None and entry.pid == os.getpid():
            entry.count += 1
            return _releaser(key)
        identity = _identity()
        name = f"{identity['host']}-{identity['pid']}-{secrets.token_hex(4)}{ENTRY_SUFFIX}"
        path = folder / name
        with _gate(folder, exclusive=False):
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                _lock(fd, exclusive=True, wait=True)
                os.write(fd, json.dumps(identity).encode())
            except BaseException:
                os.close(fd)
                path.unlink(missing_ok=True)
                raise
        _entries[key] = _Entry(path=path, fd=fd, count=1, pid=os.getpid())
    return _releaser(key)


def _releaser(key: Path) -> Callable[[], None]:
    done: list[bool] = []

    def release() -> None:
        if done:
            return
        done.append(True)
        _pending.append(key)
        if _entries_lock.acquire(blocking=False):
            try:
                _apply_releases()
            finally:
                _entries_lock.release()

    return release


def _apply_releases() -> None:
    """With _entries_lock held: count down the queued releases, drop entries nobody holds."""
    while _pending:
        try:
            key = _pending.popleft()
        except IndexError:
            return
        entry = _entries.get(key)
        if entry is None or entry.pid != os.getpid():
            continue
        entry.count -= 1
        if entry.count <= 0:
            del _entries[key]
            _drop(entry)


def _drop(entry: _Entry) -> None:
    # Unlink while still holding the lock, then close: nobody sees a stale half-state.
    if entry.pid == os.getpid():
        with suppress(OSError):
            entry.path.unlink()
    with suppress(OSError):
        os.close(entry.fd)


@atexit.register
def _release_all() -> None:
    with _entries_lock:
        _pending.clear()
        for entry in _entries.values():
            _drop(entry)
        _entries.clear()


def _own_paths() -> set[Path]:
    with _entries_lock:
        _apply_releases()
        return {entry.path.resolve() for entry in _entries.values()
                if entry.pid == os.getpid()}


# --- the others --------------------------------------------------------------------------------


def _live_holder(path: Path) -> Holder | None:
    """The holder of one entry, or None after removing it when its process is gone."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return None
    try:
        if fcntl is not None and _lock(fd, exclusive=True, wait=False):
            # Nobody holds it: the process that wrote it has ended. Remove it under our lock.
            path.unlink(missing_ok=True)
            return None
        raw = os.read(fd, 4096)
    finally:
        os.close(fd)
    try:
        data = json.loads(raw.decode("utf-8", "replace"))
        return Holder(pid=int(data.get("pid", 0)), host=str(data.get("host", "")),
                      user=str(data.get("user", "")), started=str(data.get("started", "")),
                      program=str(data.get("program", "")))
    except (ValueError, AttributeError):
        return Holder(pid=0, host="", user="", started="", program=path.name)


def _others_in(folder: Path) -> list[Holder]:
    own = _own_paths()
    found = []
    for path in sorted(folder.glob(f"*{ENTRY_SUFFIX}")):
        if path.resolve() in own:
            continue
        holder = _live_holder(path)
        if holder is not None:
            found.append(holder)
    return found


def others(db_file: Path) -> list[Holder]:
    """The other processes that have ``db_file`` open now (stale entries are removed)."""
    folder = folder_for(db_file)
    if not folder.is_dir():
        return []
    with _gate(folder, exclusive=True):
        return _others_in(folder)


@contextmanager
def exclusive(db_file: Path) -> Iterator[list[Holder]]:
    """Hold the gate: no process can register (open the database) until the block ends. Yields
    the processes that have it open now; the caller goes on only when that list is empty."""
    folder = folder_for(db_file)
    folder.mkdir(exist_ok=True)
    with _gate(folder, exclusive=True):
        yield _others_in(folder)


def describe(holders: list[Holder]) -> str:
    """The holders in one sentence part: "process 1234 of ana on pc-3 (...); process ..."."""
    return "; ".join(holder.describe() for holder in holders)
