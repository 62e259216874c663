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
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kaizen.config import Paths
from kaizen.i18n import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from kaizen.db.engine import Database

# What to do about a damaged file, as `kaizen db check` says it (marked; restore_hint() shows it).
RESTORE_HINT = QT_TRANSLATE_NOOP(
    "cli_errors",
    "`kaizen db check` shows what is wrong; `kaizen restore --list` shows the backups and "
    "`kaizen restore` puts the newest good one back (the damaged file is kept aside, never "
    "deleted).")


def restore_hint() -> str:
    """:data:`RESTORE_HINT` in the command line's language."""
    return translate(
        "cli_errors",
        "`kaizen db check` shows what is wrong; `kaizen restore --list` shows the backups and "
        "`kaizen restore` puts the newest good one back (the damaged file is kept aside, never "
        "deleted).")


class CommandRefused(Exception):
    """A command cannot go on: the words for its ``error:`` line (empty when they were printed
    already, as the start checks do) and its exit code."""

    def __init__(self, words: str, code: int = 1) -> None:
        super().__init__(words)
        self.words = words
        self.code = code


def schema_refusal(status: Any) -> str:  # a kaizen.db.migrate.SchemaStatus
    """Why a command cannot use this schema, and the one step that helps (never `db upgrade`
    for a database a newer Kaizen wrote)."""
    from kaizen.db.migrate import SchemaState

    if status.state is SchemaState.NEWER:
        return translate("cli_errors", "this database was written by a newer Kaizen (schema "
                         "revision {current}; this version knows up to {head}). Update Kaizen "
                         "to use it; nothing was changed.").format(current=status.current,
                                                                   head=status.head)
    if status.state is SchemaState.EMPTY:
        return translate("cli_errors", "the database is empty (no Kaizen schema yet): there is "
                         "nothing to report.")
    if status.state is SchemaState.UNVERSIONED:
        return translate("cli_errors", "this is not a Kaizen database (it has tables but no "
                         "Kaizen schema version).")
    return translate("cli_errors", "the database schema is older than this version reads "
                     "(revision {current}, this version needs {head}); run `kaizen db upgrade` "
                     "first (it takes a backup before it changes anything).").format(
        current=status.current, head=status.head)


def open_current(paths: Paths, *, nothing: str,
                 start_checks: Callable[[Paths], bool] | None = None) -> Database:
    """The database for a command, when it exists and has the schema this version reads.

    Refuses (:class:`CommandRefused`) without creating an empty file when there is none yet
    (``nothing`` says what the command therefore did not do), when ``start_checks`` (given by
    commands that write) stop it, or when the schema is another version's. The caller disposes
    of the database."""
    from kaizen.db import migrate
    from kaizen.db.engine import Database

    missing = no_database(paths)
    if missing is not None:
        raise CommandRefused(translate("cli_errors", "there is no database at {path} yet: "
                                       "{nothing}.").format(path=missing, nothing=nothing))
    if start_checks is not None and not start_checks(paths):
        raise CommandRefused("", 2)  # the checks said why
    db = Database(paths.db_url)
    try:
        status = migrate.schema_status(db)
    except BaseException:
        db.dispose()
        raise
    if status.state is not migrate.SchemaState.CURRENT:
        db.dispose()
        raise CommandRefused(schema_refusal(status))
    from kaizen.cli_language import use_site_language

    use_site_language(db)
    return db


def out_folder(out: str) -> Path:
    """A command's ``--out`` file, refused when its folder does not exist."""
    path = Path(out).expanduser().resolve()
    if not path.parent.is_dir():
        raise CommandRefused(translate("cli_errors", "--out: the folder {folder} does not "
                                       "exist.").format(folder=path.parent))
    return path


def write_refusal(exc: OSError, out: Path) -> CommandRefused:
    """A file the command could not write: the disk-full words, or which file and why."""
    from kaizen.db.disk_full import is_disk_full
    from kaizen.domain.errors import DiskFull

    return CommandRefused(DiskFull.DEFAULT if is_disk_full(exc) else translate(
        "cli_errors", "cannot write {file} ({why}); nothing was written.").format(
        file=out, why=exc.strerror or exc))


def failure_words(exc: BaseException) -> tuple[str, int]:
    """The ``error:`` text for ``exc`` and the exit code (2: bad usage or damage, 1: other)."""
    from sqlalchemy.exc import DBAPIError

    from kaizen.db.disk_full import is_disk_full
    from kaizen.db.engine import is_disconnect
    from kaizen.db.url_check import BadDatabaseUrl
    from kaizen.domain.errors import DiskFull, KaizenError

    if isinstance(exc, CommandRefused):
        return exc.words, exc.code
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
            return translate("cli_errors", "the database file is damaged or is not a database "
                             "({problem}). {hint}").format(problem=first, hint=restore_hint()), 2
        if is_disconnect(exc):
            return translate("cli_errors", "cannot reach the database server ({problem}).") \
                .format(problem=first), 1
        return translate("cli_errors", "the database refused the command ({problem}).") \
            .format(problem=first), 1
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror or exc}{where}.", 1
    if os.environ.get("KAIZEN_DEBUG") == "1":
        traceback.print_exception(exc)
    return translate("cli_errors", "Kaizen stopped on an unexpected problem ({kind}: {problem}). "
                     "Run again with KAIZEN_DEBUG=1 to see where, and report it.").format(
        kind=type(exc).__name__, problem=str(exc)[:200]), 70


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
