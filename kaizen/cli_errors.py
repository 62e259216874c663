"""What the command line says when a command cannot go on: words, never a traceback.

:func:`failure_words` turns any exception that escapes a command into one ``error:`` line and an
exit code: a full disk (:mod:`kaizen.db.disk_full`, the same words the GUI shows), a refused
database URL, a typed Kaizen error, a damaged SQLite file, a database server out of reach, a
file the command cannot write. Anything else is a bug: it is named in one line, and
``KAIZEN_DEBUG=1`` prints the traceback for the report.
"""

from __future__ import annotations

import os
import sqlite3
import traceback
from pathlib import Path

from kaizen.config import Paths

# What to do about a damaged file, as `kaizen db check` says it.
RESTORE_HINT = ("`kaizen db check` shows what is wrong; `kaizen restore --list` shows the "
                "backups and `kaizen restore` puts the newest good one back (the damaged file is "
                "kept aside, never deleted).")


def failure_words(exc: BaseException) -> tuple[str, int]:
    """The ``error:`` text for ``exc`` and the exit code (2: bad usage or damage, 1: other)."""
    from sqlalchemy.exc import DBAPIError

    from kaizen.db.disk_full import is_disk_full
    from kaizen.db.engine import is_disconnect
    from kaizen.db.url_check import BadDatabaseUrl
    from kaizen.domain.errors import DiskFull, KaizenError

    if is_disk_full(exc):
        return DiskFull.DEFAULT, 1
    if isinstance(exc, BadDatabaseUrl):
        return exc.message, 2
    if isinstance(exc, KaizenError):
        return exc.message, 1
    if isinstance(exc, DBAPIError):
        orig = exc.orig
        first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
        if isinstance(orig, sqlite3.DatabaseError) and _is_damage(orig):
            return f"the database file is damaged or is not a database ({first}). " \
                   f"{RESTORE_HINT}", 2
        if is_disconnect(exc):
            return f"cannot reach the database server ({first}).", 1
        return f"the database refused the command ({first}).", 1
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror or exc}{where}.", 1
    if os.environ.get("KAIZEN_DEBUG") == "1":
        traceback.print_exception(exc)
    return (f"Kaizen stopped on an unexpected problem ({type(exc).__name__}: "
            f"{str(exc)[:200]}). Run again with KAIZEN_DEBUG=1 to see where, and report it."), 70


def _is_damage(orig: sqlite3.DatabaseError) -> bool:
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    text = str(orig).lower()
    return "malformed" in text or "not a database" in text


def no_database(paths: Paths) -> Path | None:
    """The SQLite file the URL names when it does not exist yet (commands that only read, or
    back it up, must say so rather than create an empty one); None otherwise."""
    path = paths.sqlite_file
    if path is None or path.exists():
        return None
    return path


def damaged_file(paths: Paths) -> str | None:
    """Why the SQLite file cannot be read (SQLite's quick check, read-only), or None."""
    from kaizen.db.backup import check_sqlite_file

    path = paths.sqlite_file
    if path is None or not path.exists():
        return None
    health = check_sqlite_file(path, full=False)
    return None if health.ok else "; ".join(health.problems)
