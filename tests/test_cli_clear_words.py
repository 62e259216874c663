"""Issue 14, clear words: the command line says what went wrong and what to do, never a
traceback, and a command that only reads never creates a database.

Sources: SQLAlchemy's "Engine Configuration" (the URL forms ``dialect+driver://...``), SQLite's
result codes (SQLITE_FULL 13, SQLITE_CORRUPT 11, SQLITE_NOTADB 26) and its ``max_page_count``
pragma ("attempts to add pages past the limit fail with SQLITE_FULL"), PostgreSQL's error codes
appendix (53100 disk_full), POSIX ``umask``/``open`` (a new file's mode is 0666 less the umask;
Python's ``tempfile.mkstemp`` docs: "readable and writable only by the creating user").
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from reports.plant import MONTH, build_plant
from sqlalchemy import text

from kaizen.cli import main
from kaizen.db.engine import Database

ROOT = Path(__file__).resolve().parents[1]
DISK_FULL = "The disk is full: nothing was saved"


def _no_traceback(err: str) -> None:
    assert "Traceback" not in err and "File \"" not in err, err


# --- bad --db URLs ------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "words"), [
    ("nonsense", "'nonsense' is not a database URL"),
    ("mysql://user:pw@localhost/plant", "Kaizen works with SQLite and PostgreSQL, not 'mysql'"),
    ("postgresql+asyncpg://u@h/d", "the PostgreSQL driver 'asyncpg' is not installed"),
    ("sqlite+pysqlcipher:///x.db", "the SQLite driver 'pysqlcipher' is not supported"),
    ("postgresql://localhost", "the URL names no database"),
])
@pytest.mark.parametrize("command", [["db", "check"], ["report"], ["backup"], ["db", "upgrade"]])
def test_a_bad_db_url_is_refused_in_words(data_dir, capsys, url, words, command):
    assert main(["--db", url, *command]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --db: ") and words in err
    assert "postgresql+psycopg://" in err or "sqlite:///" in err  # what to write instead
    _no_traceback(err)
    assert not any(data_dir.rglob("*.db"))


def test_the_environment_url_and_db_copy_urls_are_checked_too(data_dir, monkeypatch, capsys):
    monkeypatch.setenv("KAIZEN_DB_URL", "mysql://x@y/z")
    assert main(["db", "check"]) == 2
    assert "error: KAIZEN_DB_URL: Kaizen works with SQLite and PostgreSQL" in \
        capsys.readouterr().err
    monkeypatch.delenv("KAIZEN_DB_URL")
    assert main(["db", "copy", "--to", "nonsense"]) == 2
    assert "error: --to: 'nonsense' is not a database URL" in capsys.readouterr().err


def test_a_bad_url_in_a_real_process_prints_one_line(data_dir):
    done = subprocess.run([sys.executable, "-m", "kaizen", "--db", "nonsense", "db", "check"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]  # one line
    _no_traceback(done.stderr)


@pytest.mark.sqlite_only(reason="the sqlite+pysqlite spelling of a SQLite file's URL")
def test_db_check_takes_the_sqlite_pysqlite_spelling(db_url, capsys):
    assert main(["--db", db_url.replace("sqlite:///", "sqlite+pysqlite:///", 1),
                 "db", "check"]) == 0
    out = capsys.readouterr().out
    assert "Health: ok" in out and "Schema: up to date" in out


# --- no database yet ----------------------------------------------------------------------------


@pytest.mark.sqlite_only(reason="a missing database is a missing SQLite file")
def test_db_check_with_no_database_says_so_and_creates_none(data_dir, capsys):
    assert main(["db", "check"]) == 2
    out = capsys.readouterr().out
    assert "no database exists there yet" in out
    assert "damaged" not in out and "restore" not in out
    assert not (data_dir / "kaizen.db").exists()


@pytest.mark.sqlite_only(reason="a missing database is a missing SQLite file")
@pytest.mark.parametrize("command", [["report", "--month", "2026-10"], ["backup"]])
def test_report_and_backup_with_no_database_create_none(data_dir, tmp_path, capsys, command):
    assert main([*command, *(["-o", str(tmp_path / "r.pdf")] if command[0] == "report"
                             else [])]) == 1
    err = capsys.readouterr().err
    assert f"there is no database at {data_dir / 'kaizen.db'} yet" in err
    assert not (data_dir / "kaizen.db").exists()
    assert not (tmp_path / "r.pdf").exists()


# --- kaizen report: damaged, unwritable, out of the calendar, newer ------------------------------


@pytest.fixture
def plant(db, db_url, clock, tmp_path):
    return build_plant(db, db_url, clock, tmp_path)


@pytest.mark.sqlite_only(reason="damages the database file's pages")
@pytest.mark.parametrize("damage", ["pages", "not a database"])
def test_report_on_a_damaged_file_says_so(data_dir, db_path, tmp_path, capsys, damage):
    main(["db", "upgrade"])
    if damage == "pages":
        size = db_path.stat().st_size
        with db_path.open("r+b") as fh:
            fh.seek(4096)
            fh.write(b"\x00\xff" * ((size - 4096) // 2))
    else:
        db_path.write_bytes(b"this is a shopping list, not a database" * 100)
    target = tmp_path / "r.pdf"
    assert main(["report", "--month", "2026-10", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "the database file is damaged" in err and "kaizen restore" in err
    _no_traceback(err)
    assert not target.exists()


def test_report_to_a_place_it_cannot_write_says_so(plant, tmp_path, capsys):
    folder = tmp_path / "a folder"
    folder.mkdir()
    assert main(["report", "--month", MONTH, "-o", str(folder)]) == 1
    err = capsys.readouterr().err
    assert f"cannot write the report to {folder}" in err and "nothing was written" in err
    _no_traceback(err)
    assert folder.is_dir() and not list(folder.iterdir())
    assert not list(tmp_path.glob(".kaizen-report-*"))


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "٢٠٢٦-١٠"])
def test_report_for_a_month_out_of_the_calendar_says_so(plant, tmp_path, capsys, month):
    target = tmp_path / "r.pdf"
    assert main(["report", "--month", month, "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "month" in err.lower()
    _no_traceback(err)
    assert not target.exists()


def _make_newer(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))


def test_on_a_newer_database_report_advises_updating_kaizen_not_db_upgrade(plant, db, tmp_path,
                                                                            capsys):
    _make_newer(db)
    assert main(["report", "--month", MONTH, "-o", str(tmp_path / "r.pdf")]) == 1
    err = capsys.readouterr().err
    assert "written by a newer Kaizen" in err and "Update Kaizen" in err
    assert "db upgrade" not in err


@pytest.mark.parametrize("command", [
    ["export", "ideas", "--out", "{tmp}/ideas.csv"],
    ["a3", "1", "--out", "{tmp}/a3.pdf"],
    ["import", "ideas", "{tmp}/ideas_in.csv"],
    ["log", "list"],
    ["process", "export", "Any", "-o", "{tmp}/map.json"],
])
def test_on_a_newer_database_every_command_advises_updating_kaizen(plant, db, tmp_path, capsys,
                                                                   command):
    """Issue 14: "On a database from a newer Kaizen, do not advise `db upgrade`" holds for every
    command that opens the database (one helper, kaizen/cli_errors.py, says it)."""
    (tmp_path / "ideas_in.csv").write_text("title,area\nA,Assembly\n", encoding="utf-8")
    _make_newer(db)
    assert main([part.format(tmp=tmp_path) for part in command]) != 0
    err = capsys.readouterr().err
    assert "written by a newer Kaizen" in err and "Update Kaizen" in err
    assert "db upgrade" not in err
    assert "Traceback" not in err


@pytest.mark.sqlite_only(reason="copies a SQLite file into another SQLite file")
def test_db_copy_from_a_newer_database_advises_updating_kaizen(plant, db, db_url, tmp_path,
                                                               capsys):
    _make_newer(db)
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    assert main(["db", "copy", "--from", db_url, "--to", target]) == 1
    err = capsys.readouterr().err
    assert "written by a newer Kaizen" in err and "db upgrade" not in err


# --- report files take the user's umask ---------------------------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_report_files_take_the_users_umask(plant, tmp_path, umask):
    target = tmp_path / "r.csv"
    old = os.umask(umask)
    try:
        assert main(["report", "--month", MONTH, "-o", str(target)]) == 0
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


# --- a full disk, in words ----------------------------------------------------------------------


def _enospc(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_while_writing_the_report_is_said_in_words(plant, tmp_path, capsys,
                                                               monkeypatch):
    import kaizen.reports.pdf

    monkeypatch.setattr(kaizen.reports.pdf, "write_pdf", _enospc)
    target = tmp_path / "r.pdf"
    assert main(["report", "--month", MONTH, "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert DISK_FULL in err and os.strerror(errno.ENOSPC) not in err
    assert not target.exists() and not list(tmp_path.glob(".kaizen-report-*"))


def _sqlite_full(*_args, **_kwargs):
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorcode = sqlite3.SQLITE_FULL  # as the sqlite3 module sets it
    raise error


@pytest.mark.sqlite_only(reason="backups are SQLite files")
@pytest.mark.parametrize("full", [_enospc, _sqlite_full])
def test_a_full_disk_during_a_backup_is_said_in_words(data_dir, capsys, monkeypatch, full):
    import kaizen.db.backup

    main(["db", "upgrade"])
    capsys.readouterr()
    # The step that writes the backup file runs out of room.
    monkeypatch.setattr(kaizen.db.backup, "_copy_through_backup_api", full)
    assert main(["backup"]) == 1
    err = capsys.readouterr().err
    assert DISK_FULL in err and "database or disk is full" not in err
    _no_traceback(err)


@pytest.mark.sqlite_only(reason="SQLite's max_page_count makes a real SQLITE_FULL")
def test_a_full_database_file_during_a_command_is_said_in_words(data_dir, capsys, monkeypatch):
    from sqlalchemy import event

    import kaizen.cli

    main(["db", "upgrade"])
    capsys.readouterr()
    opened = kaizen.cli._open

    def full_database(paths):  # noqa: ANN001, ANN202
        db = opened(paths)

        @event.listens_for(db.engine, "connect")
        def no_room(dbapi_connection, _record):  # noqa: ANN001, ANN202
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

        return db

    monkeypatch.setattr(kaizen.cli, "_open", full_database)
    assert main(["demo", "--months", "2"]) == 1
    err = capsys.readouterr().err
    assert DISK_FULL in err and "database or disk is full" not in err
    _no_traceback(err)


# --- whole-number options -----------------------------------------------------------------------


@pytest.mark.parametrize(("args", "words"), [
    (["--months", "-5"], "argument --months: -5 is not between 1 and 120"),
    (["--months", "0"], "argument --months: 0 is not between 1 and 120"),
    (["--months", "٣"], "argument --months: '٣' is not a whole number"),
    (["--scale", "-1"], "argument --scale: -1 is not between 0 and 1,000,000"),
    (["--seed", "1" * 30], "argument --seed: '" + "1" * 30 + "' is not a whole number"),
])
def test_demo_options_out_of_their_range_are_refused_before_anything_is_written(
        data_dir, capsys, args, words):
    with pytest.raises(SystemExit) as stopped:
        main(["demo", *args])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert words in err
    _no_traceback(err)
    assert not (data_dir / "kaizen.db").exists()
