"""Schema migrations through Alembic: find where a database stands, back it up, upgrade it.

The app calls :func:`prepare_database` at start; ``kaizen db upgrade`` calls :func:`upgrade`.
At start a database already at the head is recognised without importing Alembic (about 0.4 s):
:func:`known_head` reads the revision ids from the files in migrations/versions, and the one row
of ``alembic_version`` is read with a plain query; anything else takes Alembic's full path.
On SQLite, foreign keys are switched off for the duration (batch mode rebuilds tables by copy and
rename, which would otherwise cascade deletes into child tables) and ``foreign_key_check`` must
come back empty before the single migration transaction commits. A SQLite file that is not
Kaizen's (another program's mark or tables, see :mod:`kaizen.db.marking`) is refused before
anything is written to it.
"""

from __future__ import annotations

import enum
import functools
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import DBAPIError

from kaizen.config import ALEMBIC_INI, MIGRATIONS_DIR
from kaizen.db.engine import Database
from kaizen.db.marking import Kind, classify_connection, classify_file
from kaizen.db.wal_worker import sqlite_file
from kaizen.i18n import translate

if TYPE_CHECKING:
    from alembic.config import Config

_REVISION_LINE = re.compile(r'^(revision|down_revision)\b[^=\n]*=\s*(None|"[^"]*"|\'[^\']*\')',
                            re.MULTILINE)


class SchemaState(enum.Enum):
    EMPTY = "empty"  # no tables at all: a new database
    CURRENT = "current"  # at the head revision
    OLDER = "older"  # at a revision this app can upgrade
    NEWER = "newer"  # written by a newer app: open read-only
    UNVERSIONED = "unversioned"  # tables but no alembic_version: not ours, or damaged


@dataclass(frozen=True, slots=True)
class SchemaStatus:
    state: SchemaState
    current: str | None
    head: str


class MigrationError(RuntimeError):
    pass


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "migrations/versions holds no revision"
    return head


@functools.cache
def known_head(versions_dir: Path = MIGRATIONS_DIR / "versions") -> str | None:
    """The head revision read from the revision files as text (no Alembic import): the one
    revision no other file names as its ``down_revision``. None when the files do not give a
    single plain answer (a merge, a branch, a line written another way): then ask Alembic."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in versions_dir.glob("*.py"):
        found = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        revision, parent = found.get("revision"), found.get("down_revision")
        if revision is None or revision == "None" or parent is None:
            return None
        revisions.add(revision.strip("\"'"))
        if parent != "None":
            parents.add(parent.strip("\"'"))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stored_revisions(db: Database) -> list[str] | None:
    """The rows of ``alembic_version``, read with one plain query; None when it cannot be read
    (no such table: a new or a foreign database)."""
    try:
        with db.engine.connect() as conn:
            return [str(row[0]) for row in
                    conn.exec_driver_sql("SELECT version_num FROM alembic_version")]
    except DBAPIError:
        return None


def _at_known_head(db: Database) -> str | None:
    """The head revision when the database is certainly at it, else None (nothing learnt)."""
    head = known_head()
    if head is None:
        return None
    return head if _stored_revisions(db) == [head] else None


def schema_status(db: Database) -> SchemaStatus:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = head_revision()
    script = ScriptDirectory.from_config(alembic_config())
    with db.engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        tables = set(inspect(conn).get_table_names())
    if current is None:
        state = SchemaState.UNVERSIONED if tables - {"alembic_version"} else SchemaState.EMPTY
    elif current == head:
        state = SchemaState.CURRENT
    else:
        try:
            script.get_revision(current)
            state = SchemaState.OLDER
        except Exception:  # alembic raises several kinds for an unknown revision
            state = SchemaState.NEWER
    return SchemaStatus(state=state, current=current, head=head)


def _sqlite_driver(conn: Connection) -> sqlite3.Connection:
    # SQLAlchemy types the driver connection as optional (a closed pool entry); an open
    # connection to a SQLite engine always holds the sqlite3 one.
    return cast(sqlite3.Connection, conn.connection.driver_connection)


def _run(db: Database, fn_name: str, revision: str) -> None:
    from alembic import command

    fn = getattr(command, fn_name)
    with db.engine.connect() as conn:
        if db.is_sqlite:
            # Must run outside any transaction (SQLite ignores it inside one), so on the raw
            # driver connection, which is in autocommit mode (see engine.py).
            _sqlite_driver(conn).execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                fn(alembic_config(conn), revision)
                if db.is_sqlite:
                    broken = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                    if broken:
                        raise MigrationError(
                            translate(
                                "db.migrate",
                                "The migration would leave {count} broken references; "
                                "nothing was changed.",
                            ).format(count=len(broken))
                        )
        finally:
            if db.is_sqlite:
                _sqlite_driver(conn).execute("PRAGMA foreign_keys=ON")


def refuse_foreign_file(db: Database) -> None:
    """MigrationError when ``db`` is a SQLite file of another program (nothing is written)."""
    if not db.is_sqlite:
        return
    path = sqlite_file(db.engine)
    if path is not None:  # read-only: an engine's connection would switch the file to WAL
        found = classify_file(Path(path))
    else:
        with db.engine.connect() as conn:
            found = classify_connection(conn.connection.driver_connection,
                                        translate("db.migrate", "the database"))
    if found.kind is Kind.FOREIGN:
        raise MigrationError(
            translate(
                "db.migrate",
                "{why}. Nothing was written to it; give Kaizen its own file "
                "(a new one is created when none exists).",
            ).format(why=found.why)
        )


def upgrade(db: Database, backup_dir: Path | None = None, revision: str = "head") -> Path | None:
    """Upgrade to ``revision`` in one transaction, after a verified backup when there is data.

    Returns the backup file made, if any. Another program's SQLite file is refused first.
    """
    refuse_foreign_file(db)
    status = schema_status(db)
    if status.state is SchemaState.NEWER:
        raise MigrationError(
            translate(
                "db.migrate",
                "This database is at revision {current}, newer than this app "
                "knows ({head}). Update Kaizen to open it for writing.",
            ).format(current=status.current, head=status.head)
        )
    if status.state is SchemaState.CURRENT and revision == "head":
        return None
    backup = None
    if status.state is SchemaState.OLDER and backup_dir is not None and db.is_sqlite:
        # Here, not at the top: the start imports this module and rarely upgrades.
        from kaizen.db.backup import BackupError, backup_sqlite

        try:
            backup = backup_sqlite(db, backup_dir, reason=f"pre-upgrade-{status.current}")
        except BackupError as exc:
            raise MigrationError(
                translate("db.migrate", "No upgrade without a good backup: {exc}").format(exc=exc)
            ) from exc
    _run(db, "upgrade", revision)
    return backup


def downgrade(db: Database, revision: str) -> None:
    _run(db, "downgrade", revision)


def _from_template(db: Database) -> str | None:
    """A new, empty SQLite file filled from :mod:`kaizen.db.empty_template` (no Alembic, no
    revisions run); the head revision when it was, else None (not SQLite, not empty, or no
    template at the head the revision files name: the migrations run instead)."""
    from kaizen.db import empty_template

    head = known_head()
    if not db.is_sqlite or head is None:
        return None
    data = empty_template.template_bytes()
    if data is None or empty_template.template_revision(data) != head:
        return None
    with db.engine.connect() as conn:
        driver = _sqlite_driver(conn)
        if not empty_template.is_empty(driver):
            return None
        empty_template.copy_into(data, driver)
    # Checked as any start checks a file: Kaizen's mark, and the head in alembic_version.
    refuse_foreign_file(db)
    return _at_known_head(db)


def prepare_database(db: Database, backup_dir: Path | None) -> SchemaStatus:
    """What the app does at start: upgrade what it can, open newer schemas read-only; another
    program's SQLite file is refused before anything opens it for writing."""
    refuse_foreign_file(db)
    head = _at_known_head(db)
    if head is not None:  # the usual start: nothing to do, and no Alembic import for it
        return SchemaStatus(state=SchemaState.CURRENT, current=head, head=head)
    db.wait_for_write_gate()  # what follows may write: the file's check first
    head = _from_template(db)
    if head is not None:  # a new SQLite file: the migrated empty template copied in
        return SchemaStatus(state=SchemaState.CURRENT, current=head, head=head)
    status = schema_status(db)
    if status.state is SchemaState.NEWER:
        db.read_only = True
        return status
    if status.state is SchemaState.UNVERSIONED:
        raise MigrationError(
            translate(
                "db.migrate",
                "This database has tables but no Kaizen schema version; it was not made by Kaizen.",
            )
        )
    upgrade(db, backup_dir)
    return schema_status(db)
