"""A new SQLite file is the shipped pre-migrated template (kaizen/db/empty_template.py), and
that template is exactly an empty database migrated through every revision by Alembic: the same
statements in ``sqlite_master`` (tables, FTS5 tables, triggers, partial indexes), the same rows,
``application_id``, ``user_version`` and ``alembic_version``. A new revision without a new
template (``python3 scripts/make_empty_template.py``) fails here.

Source for the comparison: SQLite's file format (https://www.sqlite.org/fileformat2.html: the
schema table, and the header's user version at offset 60 and application id at offset 68).
The order of ``sqlite_master``'s rows is left out: the migrations themselves make it differ
from one run to the next (Alembic's batch mode walks sets, which follow the hash seed)."""

from __future__ import annotations

import gzip
import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from kaizen.config import REPO_ROOT
from kaizen.db import empty_template, migrate
from kaizen.db.engine import Database


def snapshot(conn: sqlite3.Connection) -> dict[str, Any]:
    """Everything a database is, but the order of its schema rows and its free pages."""
    schema = sorted(conn.execute(
        "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master").fetchall())
    rows = {}
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        rows[name] = sorted(map(repr, conn.execute(f'SELECT * FROM "{name}"').fetchall()))
    return {
        "schema": schema,
        "rows": rows,
        "application_id": conn.execute("PRAGMA application_id").fetchone()[0],
        "user_version": conn.execute("PRAGMA user_version").fetchone()[0],
        "alembic_version": conn.execute("SELECT version_num FROM alembic_version").fetchall(),
    }


def _file_snapshot(path: Path) -> dict[str, Any]:
    with closing(sqlite3.connect(path)) as conn:
        return snapshot(conn)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A new file taken through all the revisions by Alembic (never the template)."""
    path = tmp_path_factory.mktemp("migrated") / "k.db"
    db = Database(f"sqlite:///{path}")
    try:
        migrate.upgrade(db)
    finally:
        db.dispose()
    return _file_snapshot(path)


def test_the_template_is_an_empty_database_migrated_to_the_head(
        migrated: dict[str, Any]) -> None:
    data = empty_template.template_bytes()
    assert data is not None, "kaizen/db/empty_template.sqlite.gz is missing"
    with closing(sqlite3.connect(":memory:")) as conn:
        conn.deserialize(data)
        template = snapshot(conn)
    assert template["alembic_version"] == [(migrate.known_head(),)], (
        "the template is not at the head: run python3 scripts/make_empty_template.py")
    assert template == migrated, "run python3 scripts/make_empty_template.py"
    # The parts the shortcut of Alembic's cookbook would lose are there.
    kinds = {(kind, name) for kind, name, _table, _sql in template["schema"]}
    assert ("trigger", "audit_events_no_update") in kinds
    assert ("table", "suggestions_fts") in kinds
    assert template["application_id"] == 0x4B5A454E


def test_a_new_file_is_the_template_copied_in_without_alembic(
        tmp_path: Path, migrated: dict[str, Any]) -> None:
    path = tmp_path / "new.db"
    code = f"""
import json, sys
from kaizen.db.engine import Database
from kaizen.db.migrate import prepare_database
db = Database("sqlite:///" + {str(path)!r})
status = prepare_database(db, None)
db.dispose()
print(json.dumps({{"state": status.state.value, "alembic": "alembic" in sys.modules}}))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"state": "current",
                                                                "alembic": False}
    assert _file_snapshot(path) == migrated
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_the_copied_file_takes_writes_through_its_triggers(tmp_path: Path) -> None:
    """The audit chain's guard and the search triggers work in a file made from the template."""
    from kaizen.services import Services

    db = Database(f"sqlite:///{tmp_path / 'k.db'}")
    try:
        migrate.prepare_database(db, None)
        services = Services.create(db, attachments_dir=tmp_path / "photos")
        admin = services.people.bootstrap(site_name="Riverside", admin_name="Ada",
                                          admin_pin="2468")
        assert admin.name == "Ada"
        with closing(sqlite3.connect(tmp_path / "k.db")) as conn:
            assert conn.execute("SELECT count(*) FROM audit_events").fetchone()[0] > 0
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute("DELETE FROM audit_events")
    finally:
        db.dispose()


def test_an_empty_zero_byte_file_is_made_from_the_template(
        tmp_path: Path, migrated: dict[str, Any]) -> None:
    path = tmp_path / "k.db"
    path.write_bytes(b"")
    db = Database(f"sqlite:///{path}")
    try:
        assert migrate.prepare_database(db, None).state is migrate.SchemaState.CURRENT
    finally:
        db.dispose()
    assert _file_snapshot(path) == migrated


def test_a_file_with_tables_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO recipes (name) VALUES ('soup')")
        conn.commit()
    db = Database(f"sqlite:///{path}")
    try:
        with pytest.raises(migrate.MigrationError):
            migrate.prepare_database(db, None)
    finally:
        db.dispose()
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT name FROM recipes").fetchall() == [("soup",)]
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 1


def test_a_template_behind_the_head_is_not_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, migrated: dict[str, Any]) -> None:
    """A stale template (a revision added, the template not written again) is passed over:
    the migrations make the new file, which ends at the head all the same."""
    data = empty_template.template_bytes()
    assert data is not None
    with closing(sqlite3.connect(":memory:")) as conn:
        conn.deserialize(data)
        conn.execute("UPDATE alembic_version SET version_num = '0013'")
        conn.commit()
        stale = conn.serialize()
    stale_file = tmp_path / "stale.sqlite.gz"
    stale_file.write_bytes(gzip.compress(stale))
    monkeypatch.setattr(empty_template, "TEMPLATE", stale_file)
    real = empty_template.template_bytes
    monkeypatch.setattr(empty_template, "template_bytes", lambda path=stale_file: real(path))
    copied: list[bool] = []
    real_copy = empty_template.copy_into
    monkeypatch.setattr(empty_template, "copy_into",
                        lambda *a: copied.append(True) or real_copy(*a))
    path = tmp_path / "k.db"
    db = Database(f"sqlite:///{path}")
    try:
        assert migrate.prepare_database(db, None).state is migrate.SchemaState.CURRENT
    finally:
        db.dispose()
    assert copied == []
    assert _file_snapshot(path) == migrated
