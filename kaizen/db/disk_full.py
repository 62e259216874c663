"""Recognising a full disk, wherever it shows up: the one place that maps it to words.

SQLite reports it as SQLITE_FULL ("database or disk is full"; also when ``max_page_count`` is
reached), PostgreSQL as SQLSTATE 53100 (disk_full), and file writes as OSError ENOSPC or EDQUOT
(a quota). :func:`is_disk_full` looks through a SQLAlchemy error to the driver's and along the
chain of causes; :func:`as_disk_full` turns any of them into
:class:`~kaizen.domain.errors.DiskFull`, whose message the GUI and the command line show.
"""

from __future__ import annotations

import errno
import sqlite3

from kaizen.domain.errors import DiskFull

_FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
_PG_DISK_FULL = "53100"


def _one_is_full(exc: BaseException) -> bool:
    if isinstance(exc, DiskFull):
        return True
    if isinstance(exc, sqlite3.Error):
        code: int | None = getattr(exc, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF == sqlite3.SQLITE_FULL
        return "database or disk is full" in str(exc)
    if isinstance(exc, OSError):
        return exc.errno in _FULL_ERRNOS
    return getattr(exc, "sqlstate", None) == _PG_DISK_FULL


def is_disk_full(exc: BaseException) -> bool:
    """True when ``exc`` (or the driver error inside it, or one of its causes) is a full disk."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _one_is_full(current):
            return True
        orig = getattr(current, "orig", None)  # SQLAlchemy's DBAPIError wraps the driver's
        if isinstance(orig, BaseException) and _one_is_full(orig):
            return True
        current = current.__cause__ or current.__context__
    return False


def as_disk_full(exc: BaseException) -> DiskFull | None:
    """A :class:`DiskFull` to raise in place of ``exc``, or None when ``exc`` is something else."""
    if isinstance(exc, DiskFull):
        return exc
    return DiskFull() if is_disk_full(exc) else None
