"""Which SQLite files are Kaizen's: the ``application_id`` mark, and refusing everything else.

SQLite keeps a 32-bit "application id" in every file's header (``PRAGMA application_id``, offset
68), so a program can tell its own files from others' (SQLite's ``magic.txt`` lists the ones in
use: Fossil, GeoPackage, MBTiles...). Kaizen's is :data:`APPLICATION_ID`, ``0x4B5A454E``, the
ASCII letters "KZEN"; revision 0006 writes it, so every database created or upgraded since
carries it, and so do its backups (the backup API copies the header).

:func:`classify` tells what a file is before Kaizen writes to it or restores it:
- ``KAIZEN``: marked with Kaizen's number;
- ``OLD_KAIZEN``: unmarked, but made by an older Kaizen (an ``alembic_version`` row and Kaizen's
  core tables); it gets marked when it is upgraded;
- ``EMPTY``: no tables (an empty version table aside) and no other mark: a new database, fine
  to initialise;
- ``UNREADABLE``: not a SQLite file at all, or a damaged one (the health checks deal with it);
- ``FOREIGN``: anything else. ``kaizen db upgrade`` (and the app's start, and ``db copy``)
  refuse to write their tables into it, and ``kaizen restore`` refuses to put it in place,
  with :attr:`FileKind.why` saying what the file is not.
"""

from __future__ import annotations

import enum
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kaizen.db.uri import file_uri
from kaizen.i18n import translate

APPLICATION_ID = 0x4B5A454E  # "KZEN"

# Tables every Kaizen schema since revision 0001 has; with alembic_version they make an unmarked
# file an older Kaizen database.
CORE_TABLES = frozenset({"alembic_version", "people", "areas", "suggestions", "audit_events",
                         "attachments"})


# Left behind by a downgrade to nothing (Alembic's empty version table) or by SQLite itself.
_BOOKKEEPING = frozenset({"alembic_version", "sqlite_sequence"})


class Kind(enum.Enum):
    KAIZEN = "kaizen"
    OLD_KAIZEN = "old kaizen"
    EMPTY = "empty"
    FOREIGN = "foreign"
    UNREADABLE = "unreadable"  # not a SQLite file, or a damaged one: the health checks' case


@dataclass(frozen=True, slots=True)
class FileKind:
    kind: Kind
    why: str = ""  # for FOREIGN: what the file is not, in words

    @property
    def is_kaizen(self) -> bool:
        return self.kind in (Kind.KAIZEN, Kind.OLD_KAIZEN)


def classify_connection(conn: Any, name: str) -> FileKind:
    """What the open SQLite database on the DB-API connection ``conn`` is; ``name`` (the file)
    is used in the words only."""
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    tables = {str(row[0]) for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    if app_id == APPLICATION_ID:
        return FileKind(Kind.KAIZEN)
    if app_id != 0:
        return FileKind(Kind.FOREIGN, translate(
            "db.marking",
            "{name} is not a Kaizen database: another program marked it as its own (SQLite "
            "application id 0x{found:08X}; Kaizen's is 0x{ours:08X})",
        ).format(name=name, found=app_id & 0xFFFFFFFF, ours=APPLICATION_ID))
    if not tables - _BOOKKEEPING:
        return FileKind(Kind.EMPTY)
    if tables >= CORE_TABLES and _has_version(conn):
        return FileKind(Kind.OLD_KAIZEN)
    shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
    return FileKind(Kind.FOREIGN, translate(
        "db.marking",
        "{name} is not a Kaizen database: it holds another program's tables ({shown}) and "
        "neither Kaizen's mark nor Kaizen's schema",
    ).format(name=name, shown=shown))


def _has_version(conn: Any) -> bool:
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone() is not None
    except sqlite3.Error:
        return False


def classify_file(path: Path) -> FileKind:
    """What the SQLite file at ``path`` is; opened read-only, never changed (no journal mode
    switched). A missing or zero-byte file is EMPTY; one SQLite cannot read is UNREADABLE (not
    SQLite at all, or damaged: the health checks say which and what to do)."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return FileKind(Kind.EMPTY)
    try:
        with closing(sqlite3.connect(file_uri(path.resolve(), mode="ro"), uri=True)) as conn:
            return classify_connection(conn, path.name)
    except sqlite3.DatabaseError as exc:
        return FileKind(Kind.UNREADABLE, translate(
            "db.marking", "{name} is not a readable SQLite file ({exc})").format(
                name=path.name, exc=exc))
