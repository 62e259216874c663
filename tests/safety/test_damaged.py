"""Point 4 of the data-safety issue: a damaged database (bytes overwritten in a page, a truncated
file) is detected on start with ``quick_check``, renamed aside with its -wal and -shm (never
deleted), and the newest GOOD backup is offered with its date: by the command line with the
command that restores it (here), by the app in a dialog (test_database_dialog.py).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from services.factories import idea, make_site

from kaizen.cli import main
from kaizen.db.backup import BACKUP_SUFFIX, backup_sqlite, check_sqlite_file
from kaizen.db.recovery import (
    Condition,
    accept_offer,
    check_file,
    newest_good_backup,
    recover_on_start,
)

pytestmark = pytest.mark.sqlite_only(reason='damaged SQLite files, set aside and restored')

NOW = datetime(2026, 11, 4, 7, 30, 0)


def overwrite_a_page(path: Path) -> None:
    """Scribble over the second and third pages: the header and the schema still read."""
    with path.open("r+b") as fh:
        fh.seek(4096)
        fh.write(b"\x00\xffKAIZEN" * 1024)


def truncate(path: Path, keep: float = 0.6) -> None:
    with path.open("r+b") as fh:
        fh.truncate(int(path.stat().st_size * keep))


@pytest.fixture
def saved(db, db_path, clock, data_dir):
    """Ideas saved, a good backup of them, more ideas, the database closed (WAL folded in)."""
    site = make_site(db, clock)
    for number in range(3):
        site.suggestions.create(site.staff_id, idea(site, title=f"Idea {number}"))
    backup = backup_sqlite(db, data_dir / "backups", now=datetime(2026, 11, 3, 17, 45))
    site.suggestions.create(site.staff_id, idea(site, title="After the backup"))
    db.dispose()
    return backup


def titles(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT title FROM suggestions ORDER BY id")]
    finally:
        conn.close()


@pytest.mark.parametrize("harm", [overwrite_a_page, truncate], ids=["overwritten", "truncated"])
def test_damage_is_detected_and_the_file_set_aside_never_deleted(saved, db_path, data_dir, harm):
    harm(db_path)
    Path(f"{db_path}-wal").write_bytes(b"")  # sidecars go along with the file
    Path(f"{db_path}-shm").write_bytes(b"shm")
    damaged_bytes = db_path.read_bytes()
    assert check_file(db_path).condition is Condition.DAMAGED

    offer = recover_on_start(db_path, data_dir / "backups", NOW)

    assert offer is not None
    assert offer.set_aside == data_dir / "kaizen.db.damaged-20261104-073000"
    assert offer.set_aside.read_bytes() == damaged_bytes  # kept as it was
    assert Path(f"{offer.set_aside}-wal").exists() and Path(f"{offer.set_aside}-shm").exists()
    assert not db_path.exists() and not Path(f"{db_path}-wal").exists()
    assert offer.backup is not None and offer.backup.path == saved
    assert offer.backup_date == "2026-11-03 17:45"
    message = offer.message()
    assert "damaged" in message and "kaizen.db.damaged-20261104-073000" in message
    assert "2026-11-03 17:45" in message and "3 ideas" in message

    outcome = accept_offer(offer, NOW)
    assert outcome.set_aside is None  # nothing was in the way any more
    assert titles(db_path) == ["Idea 0", "Idea 1", "Idea 2"]
    assert check_sqlite_file(db_path).ok
    assert offer.set_aside.exists()  # still there after the restore


def test_a_healthy_or_missing_file_is_left_alone(saved, db_path, data_dir):
    assert recover_on_start(db_path, data_dir / "backups", NOW) is None
    assert titles(db_path)[-1] == "After the backup"
    assert recover_on_start(data_dir / "other.db", data_dir / "backups", NOW) is None
    assert check_file(data_dir / "other.db").condition is Condition.MISSING


def test_an_emptied_file_counts_as_damaged_once_backups_exist(saved, db_path, data_dir):
    db_path.write_bytes(b"")
    assert check_file(db_path).condition is Condition.MISSING  # to SQLite, a new database
    offer = recover_on_start(db_path, data_dir / "backups", NOW)
    assert offer is not None and "empty" in offer.problems[0]
    assert offer.set_aside.exists()


def test_the_newest_good_backup_is_offered_not_the_newest(saved, db_path, data_dir):
    rotten = data_dir / "backups" / f"20261104-060000-auto{BACKUP_SUFFIX}"
    rotten.write_bytes(saved.read_bytes())
    overwrite_a_page(rotten)
    assert newest_good_backup(data_dir / "backups").path == saved
    truncate(db_path)
    offer = recover_on_start(db_path, data_dir / "backups", NOW)
    assert offer is not None and offer.backup is not None and offer.backup.path == saved


def test_without_a_good_backup_the_offer_says_so(db, db_path, data_dir, clock):
    make_site(db, clock)
    db.dispose()
    overwrite_a_page(db_path)
    offer = recover_on_start(db_path, data_dir / "backups", NOW)
    assert offer is not None and offer.backup is None
    assert "No good backup" in offer.message()
    with pytest.raises(ValueError):
        accept_offer(offer)


def test_the_cli_sets_a_damaged_file_aside_and_names_the_restore_command(
        saved, db_path, data_dir, capsys):
    truncate(db_path)
    capsys.readouterr()
    assert main(["db", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert "damaged" in err and "kaizen.db.damaged-" in err
    assert "2026-11-03 17:45" in err
    assert f'kaizen restore --from "{saved}"' in err
    assert not db_path.exists()
    assert [p.name for p in data_dir.glob("kaizen.db.damaged-*")]
    # The command it names works.
    assert main(["restore", "--from", str(saved), "--yes"]) == 0
    assert titles(db_path) == ["Idea 0", "Idea 1", "Idea 2"]
    assert main(["db", "check"]) == 0
    out = capsys.readouterr().out
    assert "Health: ok" in out and "Audit trail: protected" in out
