"""Backups go through SQLite's backup API, are verified, rotated, and refused for damaged files."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kaizen.db.backup import (
    BACKUP_SUFFIX,
    BackupError,
    backup_sqlite,
    check_database,
    check_sqlite_file,
    list_backups,
    rotate_backups,
)
from kaizen.db.engine import Database


@pytest.mark.sqlite_only(reason="backups are SQLite files (online backup API)")
def test_backup_is_a_verified_copy_with_the_data(db: Database, db_path: Path,
                                                 tmp_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO settings (key, value) VALUES ('currency', 'EUR')")
    conn.commit()
    conn.close()
    target = backup_sqlite(db, tmp_path / "backups", now=datetime(2026, 11, 1, 8, 30))
    assert target.name == f"20261101-083000-manual{BACKUP_SUFFIX}"
    assert check_sqlite_file(target).ok
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT value FROM settings WHERE key='currency'").fetchone() == ("EUR",)
    copy.close()


@pytest.mark.sqlite_only(reason="damages the database file")
def test_damaged_database_is_not_backed_up(db: Database, db_path: Path, tmp_path: Path) -> None:
    db.dispose()
    size = db_path.stat().st_size
    with db_path.open("r+b") as fh:  # overwrite the middle pages, keep the header
        fh.seek(4096)
        fh.write(b"\xde\xad\xbe\xef" * ((size - 4096) // 4))
    assert not check_database(db).ok
    with pytest.raises(BackupError, match="damaged"):
        backup_sqlite(db, tmp_path / "backups")
    assert list_backups(tmp_path / "backups") == []


def test_rotation_keeps_recent_weekly_and_monthly(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    start = datetime(2026, 1, 1, 12, 0)
    for day in range(300):  # one backup a day for ~10 months
        stamp = (start + timedelta(days=day)).strftime("%Y%m%d-%H%M%S")
        (folder / f"{stamp}-auto{BACKUP_SUFFIX}").write_bytes(b"")
    rotate_backups(folder)
    kept = list_backups(folder)
    names = [p.name[:8] for p in kept]
    assert names[:7] == [(start + timedelta(days=d)).strftime("%Y%m%d") for d in
                         range(299, 292, -1)]
    months = {n[:6] for n in names}
    assert len(months) == 10  # one per month survives, back to January
    assert len(kept) < 30
