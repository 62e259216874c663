"""A new SQLite database from a pre-migrated empty template, not from 14 migrations (issue 16).

A first start used to import Alembic and run every revision on the new file: about 1.5 s of a
busy machine's first five seconds. Alembic's own shortcut (``metadata.create_all`` and
``stamp head``) would leave out what the revisions add by hand (FTS5 tables and their triggers,
partial indexes, the audit chain's guards, the ``application_id`` mark), so instead the package
ships :data:`TEMPLATE`: an empty database migrated to the head once, gzipped (~20 kB). A new
file gets its pages copied in with SQLite's backup API, through the engine's own connection, so
it is the migrated database page for page (header, marks and ``alembic_version`` included).

``tests/db/test_empty_template.py`` migrates a fresh file through all revisions and compares it
with the template (every statement of ``sqlite_master``, every row, ``application_id``,
``user_version``): a new revision without a new template fails there. Write it again with

    python3 scripts/make_empty_template.py

At run time a template that is not at the head the revision files name is not used (the
migrations run as before), and PostgreSQL always takes the migrations.
"""

from __future__ import annotations

import gzip
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

TEMPLATE = Path(__file__).with_name("empty_template.sqlite.gz")


def template_bytes(path: Path = TEMPLATE) -> bytes | None:
    """The template's pages, or None when it is not shipped (a checkout without it)."""
    try:
        return gzip.decompress(path.read_bytes())
    except (OSError, EOFError):
        return None


def template_revision(data: bytes) -> str | None:
    """The template's ``alembic_version`` row."""
    with closing(_in_memory(data)) as conn:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def _in_memory(data: bytes) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.deserialize(data)
    return conn


def is_empty(conn: sqlite3.Connection) -> bool:
    """No table, index, trigger or view at all, and no application mark: a new file."""
    objects = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    mark = conn.execute("PRAGMA application_id").fetchone()[0]
    return bool(objects == 0 and mark == 0)


def copy_into(data: bytes, target: sqlite3.Connection) -> None:
    """Every page of the template into ``target`` (an empty database), in one step."""
    with closing(_in_memory(data)) as source:
        source.backup(target)


def write_template(source: Path, path: Path = TEMPLATE) -> int:
    """Write ``source`` (a database just migrated to the head, nothing else in it) as the
    template: in rollback-journal mode (an image that loads in memory), gzipped reproducibly (no
    file name or time in the gzip header). Not vacuumed: VACUUM would reorder ``sqlite_master``
    (and with it the order triggers were made in). Returns the bytes written."""
    with closing(sqlite3.connect(source)) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
        data: Any = conn.serialize()
    packed = gzip.compress(bytes(data), compresslevel=9, mtime=0)
    path.write_bytes(packed)
    return len(packed)
