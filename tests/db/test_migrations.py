"""The Alembic history builds the schema the models describe, both ways, with its guards."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from audit_helpers import append_with_sqlite3
from sqlalchemy import inspect, text

from kaizen.db import audit_chain, migrate
from kaizen.db.engine import Database
from kaizen.db.models import Base
from kaizen.db.search import is_unmapped_schema_name
from kaizen.domain.errors import Conflict


def _tables(db: Database) -> set[str]:
    # The search tables are not in Base.metadata (see kaizen.db.search).
    with db.engine.connect() as conn:
        names = set(inspect(conn).get_table_names()) - {"alembic_version"}
    return {name for name in names if not is_unmapped_schema_name(name, "table")}


def test_upgrade_empty_to_head_then_down_to_base_and_up_again(fresh: Database) -> None:
    assert migrate.schema_status(fresh).state is migrate.SchemaState.EMPTY
    migrate.upgrade(fresh)
    status = migrate.schema_status(fresh)
    assert status.state is migrate.SchemaState.CURRENT
    assert _tables(fresh) == set(Base.metadata.tables)

    migrate.downgrade(fresh, "base")
    assert _tables(fresh) == set()

    migrate.upgrade(fresh)
    assert _tables(fresh) == set(Base.metadata.tables)


def test_models_match_migrations(db: Database) -> None:
    with db.engine.connect() as conn:
        # Same filter as migrations/env.py: the search objects are made by hand.
        context = MigrationContext.configure(conn, opts={
            "compare_type": True,
            "include_name": lambda name, type_, _parents: not is_unmapped_schema_name(name, type_),
        })
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


@pytest.mark.sqlite_only(reason="SQLite's triggers, through the sqlite3 module (the PostgreSQL "
                                "guard has its own test below)")
def test_audit_trail_refuses_update_and_delete(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    append_with_sqlite3(conn)  # appending a new, chained event is what it is for
    conn.commit()
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit_events SET action = 'edited'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit_events")
    conn.rollback()
    assert conn.execute("SELECT action FROM audit_events").fetchall() == [("create",)]
    conn.close()


def test_audit_trail_refuses_update_delete_and_truncate_on_postgres(db: Database) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's guard (SQLite's has its own test above)")
    from sqlalchemy.exc import DBAPIError

    with db.engine.begin() as conn:
        audit_chain.append(conn, at=datetime(2026, 1, 1), person_id=None, entity="suggestion",
                           entity_id=1, action="create", before=None, after=None)
    for statement in ("UPDATE audit_events SET action = 'edited'", "DELETE FROM audit_events",
                      "TRUNCATE audit_events", "TRUNCATE audit_events CASCADE"):
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
            conn.execute(text(statement))
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT action FROM audit_events")).all() == [("create",)]


@pytest.mark.sqlite_only(reason="SQLite's connection pragmas")
def test_connections_use_the_data_safety_pragmas(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL


@pytest.mark.sqlite_only(reason="SQLite's file write lock (BEGIN IMMEDIATE)")
def test_write_sessions_take_the_write_lock_at_begin(db: Database, db_path: Path) -> None:
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    with db.write() as session:
        session.execute(text("SELECT 1"))  # a read, yet the lock is already held
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")  # free again after the unit of work
    other.execute("ROLLBACK")
    other.close()


@pytest.mark.sqlite_only(reason="SQLite's file write lock (BEGIN IMMEDIATE)")
def test_read_sessions_do_not_block_writers(db: Database, db_path: Path) -> None:
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    with db.read() as session:
        session.execute(text("SELECT count(*) FROM people"))
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    other.close()


def test_newer_schema_opens_read_only(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    status = migrate.prepare_database(db, backup_dir=None)
    assert status.state is migrate.SchemaState.NEWER
    assert db.read_only
    with pytest.raises(Conflict, match="newer version"), db.write():
        pass
    with pytest.raises(migrate.MigrationError, match="newer"):
        migrate.upgrade(db)


def test_foreign_tables_without_version_are_refused(fresh: Database) -> None:
    with fresh.engine.begin() as conn:
        conn.execute(text("CREATE TABLE something_else (id INTEGER PRIMARY KEY)"))
    with pytest.raises(migrate.MigrationError, match="not made by Kaizen|not a Kaizen database"):
        migrate.prepare_database(fresh, backup_dir=None)


def test_prepare_database_on_current_schema_changes_nothing(db: Database, tmp_path: Path) -> None:
    status = migrate.prepare_database(db, backup_dir=tmp_path / "backups")
    assert status.state is migrate.SchemaState.CURRENT
    assert not (tmp_path / "backups").exists()  # nothing to upgrade, so no backup needed
