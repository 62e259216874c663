"""Issue 14, data loss 2: a data folder whose name holds ``#``, ``?`` or ``%`` (``/srv/kaizen/Line
#3``). In a SQLite ``file:`` URI ``?`` starts the parameters and ``#`` the fragment (RFC 3986
section 3, and SQLite's "Uniform Resource Identifiers" page: "the path ... %HH escapes"), and a
SQLAlchemy ``sqlite:///`` URL cuts its path at ``?`` and decodes ``%XX`` (SQLAlchemy "Engine
Configuration": special characters in URLs must be URL-encoded). Unescaped, a backup copied a
stray empty file and called it verified, and ``kaizen db check`` said "ok" on a damaged file.

Every URI now goes through :mod:`kaizen.db.uri`, and a backup counts as verified only when its
pages and rows per table match the source's at the moment copied.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
from services.factories import idea, make_site

from kaizen.cli import main
from kaizen.config import resolve_paths
from kaizen.db.backup import (
    BackupError,
    Content,
    _verify_copy,
    backup_sqlite,
    describe_backup,
    list_backups,
    read_content,
)
from kaizen.db.engine import Database
from kaizen.db.recovery import Condition, check_file
from kaizen.db.uri import file_uri, sqlite_url, sqlite_url_path

pytestmark = pytest.mark.sqlite_only(reason="folder names inside SQLite file URIs and URLs")

NOW = datetime(2026, 12, 7, 9, 0, 0)
NAMES = ["Line #3", "Plant ?B", "100% #1 ?x=y&z"]


@pytest.fixture(params=NAMES)
def odd_folder(request, tmp_path, monkeypatch) -> Path:
    """The data folder, named as a plant names its lines; the app finds it through
    KAIZEN_DATA_DIR as it finds any data folder."""
    folder = tmp_path / request.param
    folder.mkdir()
    monkeypatch.setenv("KAIZEN_DATA_DIR", str(folder))
    monkeypatch.delenv("KAIZEN_DB_URL", raising=False)
    return folder


def content_of(path: Path) -> Content:
    with closing(sqlite3.connect(file_uri(path, mode="ro"), uri=True)) as conn:
        return read_content(conn)


def titles(path: Path) -> list[str]:
    with closing(sqlite3.connect(file_uri(path, mode="ro"), uri=True)) as conn:
        return [row[0] for row in conn.execute("SELECT title FROM suggestions ORDER BY id")]


def stray_files(folder: Path) -> list[str]:
    """Files made beside the data folder (where an unescaped name gets cut)."""
    return sorted(p.name for p in folder.parent.iterdir() if p != folder)


def populated(folder: Path, clock) -> Path:
    assert main(["db", "upgrade"]) == 0
    db_file = folder / "kaizen.db"
    db = Database(resolve_paths().db_url)
    site = make_site(db, clock)
    for number in range(3):
        site.suggestions.create(site.staff_id, idea(site, title=f"Idea {number}"))
    db.dispose()
    return db_file


def damage(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as fh:  # keep the header, overwrite every page after the first
        fh.seek(4096)
        fh.write(b"\xde\xad\xbe\xef" * ((size - 4096) // 4))


def test_the_url_and_the_uri_keep_the_folder_name(tmp_path):
    path = tmp_path / "Line #3 ?a=b %41" / "kaizen.db"
    assert sqlite_url_path(sqlite_url(path)) == path
    from sqlalchemy import make_url

    assert make_url(sqlite_url(path)).database == str(path)  # what the engine opens
    path.parent.mkdir()
    with closing(sqlite3.connect(file_uri(path, mode="rwc"), uri=True)) as conn:
        conn.execute("CREATE TABLE t (x)")
    assert path.is_file() and stray_files(path.parent) == []


def test_the_app_opens_the_database_in_the_folder_and_nowhere_else(odd_folder, clock):
    db_file = populated(odd_folder, clock)
    assert db_file.is_file()
    assert stray_files(odd_folder) == []
    from kaizen.ui.app import _open_database, _recover_on_start

    paths = resolve_paths()
    assert paths.sqlite_file == db_file
    assert _recover_on_start(db_file, paths.backups_dir) is None  # the start-up file check
    db, services, _language = _open_database(paths)
    try:
        assert len(services.people.list_people()) == 4
    finally:
        db.dispose()
    assert stray_files(odd_folder) == []


def test_a_backup_holds_what_the_database_holds(odd_folder, clock):
    db_file = populated(odd_folder, clock)
    db = Database(resolve_paths().db_url)
    try:
        backup = backup_sqlite(db, odd_folder / "backups", now=NOW)
    finally:
        db.dispose()
    assert content_of(backup) == content_of(db_file)
    assert titles(backup) == ["Idea 0", "Idea 1", "Idea 2"]
    assert stray_files(odd_folder) == []
    # The command line says so too, and names the file it wrote.
    assert main(["backup"]) == 0
    assert len(list_backups(odd_folder / "backups")) == 2


def test_restore_from_the_folder_puts_the_data_back(odd_folder, clock, capsys):
    db_file = populated(odd_folder, clock)
    db = Database(resolve_paths().db_url)
    backup = backup_sqlite(db, odd_folder / "backups", now=NOW)
    db.dispose()
    with closing(sqlite3.connect(file_uri(db_file, mode="rw"), uri=True)) as conn:
        conn.execute("UPDATE suggestions SET title = 'changed after the backup'")
        conn.commit()
    assert main(["restore", "--from", str(backup), "--yes"]) == 0
    assert titles(db_file) == ["Idea 0", "Idea 1", "Idea 2"]
    assert describe_backup(db_file).ideas == 3
    assert stray_files(odd_folder) == []


def test_db_check_does_not_call_a_damaged_file_ok(odd_folder, clock, capsys):
    db_file = populated(odd_folder, clock)
    damage(db_file)
    capsys.readouterr()
    assert main(["db", "check"]) != 0
    out = capsys.readouterr().out
    assert "Health: ok" not in out and "Integrity: ok" not in out, out
    assert check_file(db_file).condition is Condition.DAMAGED
    assert stray_files(odd_folder) == []


def test_a_copy_that_merely_opens_is_not_a_verified_backup(tmp_path, template_db):
    """The check itself: an empty database, or one short of rows, is refused by content."""
    expected = content_of(template_db)
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    with pytest.raises(BackupError, match="content differs"):
        _verify_copy(empty, expected, "the backup did not verify")
    short = tmp_path / "short.db"
    with closing(sqlite3.connect(template_db)) as src, closing(sqlite3.connect(short)) as dst:
        src.backup(dst)
        dst.execute("DELETE FROM alembic_version")
        dst.commit()
    with pytest.raises(BackupError, match="alembic_version: 0 rows instead of 1"):
        _verify_copy(short, expected, "the backup did not verify")
