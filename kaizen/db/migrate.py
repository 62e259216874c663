"""Schema migrations through Alembic: find where a database stands, back it up, upgrade it.

The app calls :func:`prepare_database` at start; ``kaizen db upgrade`` calls :func:`upgrade`.
On SQLite, foreign keys are switched off for the duration (batch mode rebuilds tables by copy and
rename, which would otherwise cascade deletes into child tables) and ``foreign_key_check`` must
come back empty before the single migration transaction commits.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

from kaizen.config import MIGRATIONS_DIR, REPO_ROOT
from kaizen.db.backup import BackupError, backup_sqlite
from kaizen.db.engine import Database


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
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "migrations/versions holds no revision"
    return head


def schema_status(db: Database) -> SchemaStatus:
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


def _run(db: Database, fn_name: str, revision: str) -> None:
    fn = getattr(command, fn_name)
    with db.engine.connect() as conn:
        if db.is_sqlite:
            # Must run outside any transaction (SQLite ignores it inside one), so on the raw
            # driver connection, which is in autocommit mode (see engine.py).
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                fn(alembic_config(conn), revision)
                if db.is_sqlite:
                    broken = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                    if broken:
                        raise MigrationError(
                            f"The migration would leave {len(broken)} broken references; "
                            "nothing was changed."
                        )
        finally:
            if db.is_sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def upgrade(db: Database, backup_dir: Path | None = None, revision: str = "head") -> Path | None:
    """Upgrade to ``revision`` in one transaction, after a verified backup when there is data.

    Returns the backup file made, if any.
    """
    status = schema_status(db)
    if status.state is SchemaState.NEWER:
        raise MigrationError(
            f"This database is at revision {status.current}, newer than this app knows "
            f"({status.head}). Update Kaizen to open it for writing."
        )
    if status.state is SchemaState.CURRENT and revision == "head":
        return None
    backup = None
    if status.state is SchemaState.OLDER and backup_dir is not None and db.is_sqlite:
        try:
            backup = backup_sqlite(db, backup_dir, reason=f"pre-upgrade-{status.current}")
        except BackupError as exc:
            raise MigrationError(f"No upgrade without a good backup: {exc}") from exc
    _run(db, "upgrade", revision)
    return backup


def downgrade(db: Database, revision: str) -> None:
    _run(db, "downgrade", revision)


def prepare_database(db: Database, backup_dir: Path | None) -> SchemaStatus:
    """What the app does at start: upgrade what it can, open newer schemas read-only."""
    status = schema_status(db)
    if status.state is SchemaState.NEWER:
        db.read_only = True
        return status
    if status.state is SchemaState.UNVERSIONED:
        raise MigrationError(
            "This database has tables but no Kaizen schema version; it was not made by Kaizen."
        )
    upgrade(db, backup_dir)
    return schema_status(db)
