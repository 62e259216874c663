"""Point 3 of the data-safety issue: backups are automatic (on start when the newest is over a day
old) and on demand, taken through SQLite's backup API while writes go on, verified, rotated, never
of a damaged database; `kaizen restore` previews what a backup holds, keeps the current file
(renamed, never deleted) and writes the backup into place through the backup API, verified.
"""

from __future__ import annotations

import sqlite3
import types
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from services.factories import idea, make_site
from sqlalchemy import text

from kaizen.cli import main
from kaizen.db import migrate
from kaizen.db.backup import (
    BACKUP_SUFFIX,
    BackupError,
    backup_if_due,
    backup_sqlite,
    check_sqlite_file,
    describe_backup,
    list_backups,
    restore_backup,
)
from kaizen.db.engine import Database

pytestmark = pytest.mark.sqlite_only(
    reason='backups are SQLite files, made '
           "with SQLite's online backup API")

NOW = datetime(2026, 11, 2, 9, 0, 0)


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def damage(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as fh:  # overwrite the pages after the first, keep the header
        fh.seek(4096)
        fh.write(b"\xde\xad\xbe\xef" * ((size - 4096) // 4))


# --- automatic, on start ------------------------------------------------------------------------


def test_backup_if_due_takes_one_when_the_newest_is_over_a_day_old(db, tmp_path):
    folder = tmp_path / "backups"
    first = backup_if_due(db, folder, NOW)
    assert first is not None and first.name == f"20261102-090000-auto{BACKUP_SUFFIX}"
    assert check_sqlite_file(first).ok
    assert backup_if_due(db, folder, NOW + timedelta(hours=23)) is None
    second = backup_if_due(db, folder, NOW + timedelta(hours=25))
    assert second is not None and second != first
    # A newest backup dated after "now" (the clock went back) is no reason to skip.
    assert backup_if_due(db, folder, NOW - timedelta(days=3)) is not None
    assert len(list_backups(folder)) == 3


def test_backup_if_due_skips_a_database_that_does_not_exist_yet(tmp_path):
    fresh = Database(f"sqlite:///{tmp_path / 'new.db'}")
    assert backup_if_due(fresh, tmp_path / "backups", NOW) is None
    assert not (tmp_path / "new.db").exists()
    fresh.dispose()


def test_no_backup_of_a_damaged_database_not_even_when_due(db, db_path, tmp_path):
    db.dispose()
    damage(db_path)
    with pytest.raises(BackupError, match="damaged"):
        backup_if_due(db, tmp_path / "backups", NOW)
    assert list_backups(tmp_path / "backups") == []


def test_daily_backups_are_rotated_daily_weekly_monthly(db, tmp_path):
    folder = tmp_path / "backups"
    start = datetime(2026, 8, 20, 8, 0)
    days = [start + timedelta(days=d) for d in range(24)]
    for day in days:  # the app started every morning for 24 days
        assert backup_if_due(db, folder, day) is not None
    kept = [p.name[:8] for p in list_backups(folder)]
    assert kept[:7] == [d.strftime("%Y%m%d") for d in reversed(days[-7:])]  # day by day
    weeks = {datetime.strptime(n, "%Y%m%d").isocalendar()[:2] for n in kept}
    assert weeks == {d.isocalendar()[:2] for d in days}  # one for each week
    assert {n[:6] for n in kept} == {"202608", "202609"}  # and each month
    assert len(kept) < 12
    assert all(check_sqlite_file(p).ok for p in list_backups(folder))


def test_cli_commands_that_write_take_the_daily_backup_first(data_dir, capsys):
    assert main(["db", "upgrade"]) == 0  # a new database: nothing to back up yet
    assert list_backups(data_dir / "backups") == []
    capsys.readouterr()
    assert main(["db", "upgrade"]) == 0
    assert "Daily backup taken and verified" in capsys.readouterr().out
    assert len(list_backups(data_dir / "backups")) == 1
    assert main(["db", "upgrade"]) == 0  # not again the same day
    assert len(list_backups(data_dir / "backups")) == 1


def garble_copies(monkeypatch) -> None:
    """Every copy the backup API writes comes out damaged, as from a failing disk."""
    from kaizen.db import backup as backups

    real = backups._copy_through_backup_api

    def copy_then_garble(source: Path, target: Path, **options) -> None:
        real(source, target, **options)
        damage(target)

    monkeypatch.setattr(backups, "_copy_through_backup_api", copy_then_garble)


def test_a_backup_that_does_not_verify_is_refused_and_removed(db, tmp_path, monkeypatch):
    garble_copies(monkeypatch)
    folder = tmp_path / "backups"
    with pytest.raises(BackupError, match="did not verify"):
        backup_sqlite(db, folder, now=NOW)
    with pytest.raises(BackupError, match="did not verify"):
        backup_if_due(db, folder, NOW)
    assert list(folder.iterdir()) == []  # no backup, not even the partial copy


# --- while writes go on ---------------------------------------------------------------------------


def test_a_backup_taken_while_another_connection_writes_is_whole_and_consistent(
        db, db_path, tmp_path, monkeypatch):
    """Another connection commits pairs of rows (one in each of two tables) while the backup
    reads: each commit goes through at once (a busy timeout of 0: the backup holds no lock a
    writer needs), and the copy is the snapshot the backup began with: every pair committed
    before it, none of those committed while it ran, never half a pair.

    The writes land inside the backup exactly, not by racing a thread: the backup's own source
    connection (the real code path) only opens its read before the copy, which SQLite's backup
    step then uses as its snapshot, and the writes are made at that point."""
    with db.write() as s:
        s.execute(text("CREATE TABLE pair_a (n INTEGER PRIMARY KEY, pad BLOB)"))
        s.execute(text("CREATE TABLE pair_b (n INTEGER PRIMARY KEY)"))
    writer = Database(db.url, busy_timeout_ms=0)  # never waits for a lock
    committed = 0

    def commit_pairs(count: int) -> None:
        nonlocal committed
        for _ in range(count):
            with writer.write() as s:
                n = committed + 1
                s.execute(text("INSERT INTO pair_a VALUES (:n, randomblob(2000))"), {"n": n})
                s.execute(text("INSERT INTO pair_b VALUES (:n)"), {"n": n})
            committed = n

    backups_started: list[int] = []

    class ReadFirst(sqlite3.Connection):
        def backup(self, target, **kwargs):  # noqa: ANN001, ANN003, ANN202 - sqlite3's own
            # The backup may already hold its read open (it counts rows in the same snapshot).
            began = not self.in_transaction
            if began:
                self.execute("BEGIN")
            self.execute("SELECT count(*) FROM pair_a").fetchone()  # the snapshot starts
            backups_started.append(committed)
            commit_pairs(20)  # while the backup's read is open
            try:
                return super().backup(target, **kwargs)
            finally:
                if began:
                    self.execute("COMMIT")

    def connect(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        kwargs.setdefault("factory", ReadFirst)
        return sqlite3.connect(*args, **kwargs)

    patched = types.SimpleNamespace(**{**vars(sqlite3), "connect": connect})
    monkeypatch.setattr("kaizen.db.backup.sqlite3", patched)
    try:
        commit_pairs(20)
        target = backup_sqlite(db, tmp_path / "backups", now=NOW)
        commit_pairs(1)  # and writes go on afterwards
    finally:
        writer.dispose()
    assert backups_started == [20], "the backup did not copy through the backup API"
    assert committed == 41
    assert check_sqlite_file(target).ok
    [(a,)] = rows(target, "SELECT count(*) FROM pair_a")
    [(b,)] = rows(target, "SELECT count(*) FROM pair_b")
    assert a == b, "the backup holds half a transaction"
    assert a == 20, f"the backup holds {a} pairs, not the 20 committed before it started"
    assert not Path(f"{target}-wal").exists()  # one self-contained file


# --- restore --------------------------------------------------------------------------------------


@pytest.fixture
def two_states(db, db_path, clock, data_dir):
    """A backup holding two ideas, then a third idea saved after it."""
    site = make_site(db, clock)
    site.suggestions.create(site.staff_id, idea(site, title="First"))
    clock.advance(days=1)
    site.suggestions.create(site.staff_id, idea(site, title="Second"))
    backup = backup_sqlite(db, data_dir / "backups", now=datetime(2026, 11, 3, 18, 30))
    site.suggestions.create(site.staff_id, idea(site, title="After the backup"))
    db.dispose()
    return backup


def titles(path: Path) -> list[str]:
    return [r[0] for r in rows(path, "SELECT title FROM suggestions ORDER BY id")]


def test_describe_backup_previews_what_it_holds(two_states):
    summary = describe_backup(two_states)
    assert summary.ok and summary.revision == migrate.head_revision()
    assert (summary.people, summary.ideas, summary.observations, summary.cycles) == (4, 2, 0, 0)
    assert summary.taken_at == datetime(2026, 11, 3, 18, 30)
    assert summary.newest_idea_at == datetime(2026, 11, 3, 9, 0)
    words = summary.describe()
    head = migrate.head_revision()
    for expected in ("2026-11-03 18:30", f"Schema revision: {head}", "Ideas: 2", "People: 4",
                     "Newest idea: 2026-11-03 09:00"):
        assert expected in words


def test_cli_restore_lists_previews_keeps_the_current_file_and_verifies(
        two_states, db_path, data_dir, capsys):
    capsys.readouterr()
    assert main(["restore", "--list"]) == 0
    listing = capsys.readouterr().out
    head = migrate.head_revision()
    assert two_states.name in listing and f"revision {head}" in listing and "2 ideas" in listing

    before = db_path.read_bytes()
    assert main(["restore", "--from", str(two_states)]) == 1  # not a terminal: must say --yes
    captured = capsys.readouterr()
    assert "--yes" in captured.err and "Ideas: 2" in captured.out
    assert db_path.read_bytes() == before  # nothing changed

    assert main(["restore", "--from", str(two_states), "--yes"]) == 0
    out = capsys.readouterr().out
    head = migrate.head_revision()
    for expected in ("Backup taken 2026-11-03 18:30", f"Schema revision: {head}", "Ideas: 2",
                     "Newest idea: 2026-11-03 09:00", "replaces the current database (3 ideas",
                     "kept as"):
        assert expected in out
    assert titles(db_path) == ["First", "Second"]
    assert check_sqlite_file(db_path).ok
    [aside] = [p for p in data_dir.iterdir() if ".before-restore-" in p.name
               and not p.name.endswith(("-wal", "-shm"))]
    assert titles(aside) == ["First", "Second", "After the backup"]  # never deleted


def test_cli_restore_without_from_takes_the_newest_good_backup(two_states, db_path, data_dir):
    newer = data_dir / "backups" / f"20261104-080000-manual{BACKUP_SUFFIX}"
    newer.write_bytes(b"not a database at all, but the newest name")
    assert main(["restore", "--yes"]) == 0
    assert titles(db_path) == ["First", "Second"]


def test_a_damaged_backup_is_never_restored(two_states, db_path, tmp_path, capsys):
    bad = tmp_path / f"20261105-080000-manual{BACKUP_SUFFIX}"
    bad.write_bytes(two_states.read_bytes())
    damage(bad)
    before = db_path.read_bytes()
    assert main(["restore", "--from", str(bad), "--yes"]) == 1
    assert "cannot be restored" in capsys.readouterr().err
    with pytest.raises(BackupError):
        restore_backup(bad, db_path)
    assert db_path.read_bytes() == before
    assert titles(db_path)[-1] == "After the backup"


def test_restore_sets_aside_the_file_with_its_wal_and_shm(two_states, db_path):
    live = sqlite3.connect(db_path)  # leaves a -wal and -shm beside the file
    live.execute("PRAGMA journal_mode=WAL")
    live.execute("PRAGMA wal_autocheckpoint=0")
    live.execute("UPDATE suggestions SET title = 'Only in the WAL' WHERE id = 3")
    live.commit()
    live.close()
    outcome = restore_backup(two_states, db_path, now=datetime(2026, 11, 6, 7, 0))
    assert outcome.set_aside == db_path.with_name("kaizen.db.before-restore-20261106-070000")
    assert titles(outcome.set_aside)[-1] == "Only in the WAL"
    assert titles(db_path) == ["First", "Second"]
    assert not Path(f"{db_path}-wal").exists() or Path(f"{db_path}-wal").stat().st_size == 0


def test_a_restored_copy_that_does_not_verify_leaves_the_database_alone(two_states, db_path,
                                                                         monkeypatch):
    garble_copies(monkeypatch)
    before = db_path.read_bytes()
    with pytest.raises(BackupError, match="did not verify"):
        restore_backup(two_states, db_path, now=datetime(2026, 11, 6, 7, 0))
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob("kaizen.db.before-restore-*"))
    assert not list(db_path.parent.glob("*.restoring*"))


# --- issue 14: two backups in the same second ---------------------------------------------------


def test_two_backups_in_the_same_second_are_two_files_and_rotation_keeps_the_newest(db, tmp_path):
    """Backup names carry the second they were taken; a second one in that second used to
    replace the first (and two processes shared one ``.partial`` file). Now each gets its own
    name, ordered by a number after the stamp, and rotation still keeps the newest seven
    (KEEP_NEWEST; rotation rules of the grandfather-father-son scheme, as in rsnapshot)."""
    folder = tmp_path / "backups"
    taken = []
    for number in range(9):
        with db.write() as s:  # each backup holds one more row than the one before
            s.execute(text("INSERT INTO settings (key, value) VALUES (:k, 'x')"),
                      {"k": f"marker-{number}"})
        taken.append(backup_sqlite(db, folder, now=NOW))
    assert len(set(taken)) == 9
    assert taken[0].name == f"20261102-090000-manual{BACKUP_SUFFIX}"
    assert taken[1].name == f"20261102-090000-manual.2{BACKUP_SUFFIX}"
    kept = list_backups(folder)
    assert kept == taken[:1:-1]  # the newest seven, newest first
    markers = [rows(path, "SELECT count(*) FROM settings WHERE key LIKE 'marker-%'")[0][0]
               for path in kept]
    assert markers == [9, 8, 7, 6, 5, 4, 3]
    assert not list(folder.glob("*.partial"))


def test_a_backup_never_writes_into_another_backups_partial_file(db, tmp_path):
    """Another process's backup of the same second is still being written (its ``.partial`` file
    exists): this one takes the next name instead of deleting or sharing that file."""
    folder = tmp_path / "backups"
    folder.mkdir()
    other = folder / f"20261102-090000-manual{BACKUP_SUFFIX}.partial"
    other.write_bytes(b"another process is writing this")
    taken = backup_sqlite(db, folder, now=NOW)
    assert taken.name == f"20261102-090000-manual.2{BACKUP_SUFFIX}"
    assert other.read_bytes() == b"another process is writing this"
    assert check_sqlite_file(taken).ok
