"""Issue 14, point 7: Kaizen writes and restores only its own SQLite files.

SQLite's file format keeps a 32-bit "Application ID" at offset 68 of the header, set with
``PRAGMA application_id`` (https://www.sqlite.org/fileformat2.html#application_id and
https://www.sqlite.org/pragma.html#pragma_application_id). Kaizen's is 0x4B5A454E ("KZEN"),
written by revision 0006. ``kaizen db upgrade`` used to write its tables into any other
program's file, and ``kaizen restore --from`` accepted any SQLite file; both now refuse, saying
what the file is not. A new empty file is initialised and marked; an older Kaizen file (no mark,
but Kaizen's version table and tables) is accepted and marked when upgraded.
"""

from __future__ import annotations

import hashlib
import sqlite3
import struct
from pathlib import Path

import pytest

from kaizen.cli import main
from kaizen.db import marking, migrate
from kaizen.db.copy import CopyRefused, copy_database
from kaizen.db.engine import Database

pytestmark = pytest.mark.sqlite_only(reason="SQLite files and their header")

GEOPACKAGE = 0x47504B47  # "GPKG", from SQLite's magic.txt


def header_app_id(path: Path) -> int:
    """The Application ID read straight from the header bytes (offset 68, big-endian)."""
    with path.open("rb") as fh:
        fh.seek(68)
        return struct.unpack(">I", fh.read(4))[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def foreign_file(path: Path, *, app_id: int = 0, table: str | None = "moz_places") -> Path:
    conn = sqlite3.connect(path)
    if app_id:
        conn.execute(f"PRAGMA application_id = {app_id}")
    if table:
        conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, url TEXT)")
        conn.execute(f"INSERT INTO {table} (url) VALUES ('https://example.org')")
    conn.commit()
    conn.close()
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_mark_is_kaizens_number_in_the_header(data_dir, capsys):
    assert marking.APPLICATION_ID == 0x4B5A454E == int.from_bytes(b"KZEN", "big")
    code, _, err = run(capsys, "db", "upgrade")
    assert code == 0, err
    assert header_app_id(data_dir / "kaizen.db") == marking.APPLICATION_ID
    assert marking.classify_file(data_dir / "kaizen.db").kind is marking.Kind.KAIZEN


@pytest.mark.parametrize(("app_id", "table", "words"), [
    (0, "moz_places", "another program's tables (moz_places)"),
    (GEOPACKAGE, None, "application id 0x47504B47"),
    (GEOPACKAGE, "gpkg_contents", "application id 0x47504B47"),
])
def test_db_upgrade_refuses_another_programs_file_and_leaves_it_alone(data_dir, capsys, app_id,
                                                                      table, words):
    path = foreign_file(data_dir / "kaizen.db", app_id=app_id, table=table)
    before = digest(path)
    code, _, err = run(capsys, "db", "upgrade")
    assert code == 2
    assert "is not a Kaizen database" in err and words in err, err
    assert "Traceback" not in err
    assert digest(path) == before
    conn = sqlite3.connect(path)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    assert "audit_events" not in names and "alembic_version" not in names


def test_the_app_start_refuses_it_too(tmp_path):
    path = foreign_file(tmp_path / "other.db", app_id=GEOPACKAGE, table=None)
    before = digest(path)
    db = Database(f"sqlite:///{path}")
    try:
        with pytest.raises(migrate.MigrationError, match="not a Kaizen database"):
            migrate.prepare_database(db, backup_dir=None)
    finally:
        db.dispose()
    assert digest(path) == before  # not even switched to WAL


def test_an_empty_file_is_initialised_and_marked(data_dir, capsys):
    (data_dir / "kaizen.db").write_bytes(b"")
    code, out, err = run(capsys, "db", "upgrade")
    assert code == 0, err
    assert header_app_id(data_dir / "kaizen.db") == marking.APPLICATION_ID


def test_an_older_kaizen_file_is_recognised_and_marked_on_upgrade(data_dir, capsys):
    assert run(capsys, "db", "upgrade")[0] == 0
    db = Database(f"sqlite:///{data_dir / 'kaizen.db'}")
    migrate.downgrade(db, "0005")  # as a Kaizen before the mark left it
    db.dispose()
    assert header_app_id(data_dir / "kaizen.db") == 0
    assert marking.classify_file(data_dir / "kaizen.db").kind is marking.Kind.OLD_KAIZEN
    code, out, err = run(capsys, "db", "upgrade")
    assert code == 0, err
    assert "from 0005 to" in out
    assert header_app_id(data_dir / "kaizen.db") == marking.APPLICATION_ID


def test_restore_from_another_programs_file_is_refused(data_dir, capsys, tmp_path):
    assert run(capsys, "db", "upgrade")[0] == 0
    live = data_dir / "kaizen.db"
    before = digest(live)
    other = foreign_file(tmp_path / "places.sqlite")
    code, out, err = run(capsys, "restore", "--from", str(other), "--yes")
    assert code == 1
    assert "places.sqlite is not a Kaizen database" in out, out
    assert "cannot be restored" in err
    assert digest(live) == before
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith("kaizen.db.")) == []


def test_restore_from_an_older_kaizen_backup_is_accepted(data_dir, capsys, tmp_path):
    assert run(capsys, "db", "upgrade")[0] == 0
    old = tmp_path / "old.db"
    db = Database(f"sqlite:///{old}")
    migrate.upgrade(db, revision="0005")
    db.dispose()
    assert header_app_id(old) == 0
    code, out, err = run(capsys, "restore", "--from", str(old), "--yes")
    assert code == 0, err
    assert "Restored the backup" in out


def test_db_copy_refuses_another_programs_file_as_target(tmp_path, capsys):
    source = tmp_path / "line.db"
    db = Database(f"sqlite:///{source}")
    migrate.upgrade(db)
    db.dispose()
    target = foreign_file(tmp_path / "target.db", app_id=GEOPACKAGE, table=None)
    before = digest(target)
    with pytest.raises(CopyRefused, match="The target: target.db is not a Kaizen database"):
        copy_database(f"sqlite:///{source}", f"sqlite:///{target}")
    assert digest(target) == before
