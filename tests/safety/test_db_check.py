"""`kaizen db check` reports the state in plain words, one fact a line: integrity, foreign keys,
the schema revision, whether the audit trail is protected by its triggers, missing photo files
and how old the newest backup is; on a good, a damaged and an old-revision database. It only
reads: a damaged file is reported, never moved."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest
from PIL import Image
from services.factories import idea, make_site

from kaizen.cli import main
from kaizen.db import migrate
from kaizen.db.backup import BACKUP_SUFFIX
from kaizen.db.engine import Database
from kaizen.services import Services

pytestmark = pytest.mark.sqlite_only(reason="checks the SQLite file in the data folder")


def check(capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["db", "check"])
    return code, capsys.readouterr().out


def test_db_check_names_the_audit_guard_and_the_backup_age(data_dir, capsys):
    main(["db", "upgrade"])
    old = datetime.now() - timedelta(days=3, hours=2)
    backups = data_dir / "backups"
    (backups / f"{old:%Y%m%d-%H%M%S}-auto{BACKUP_SUFFIX}").write_bytes(b"")
    code, out = check(capsys)
    assert code == 0
    for expected in ("Health: ok", "Integrity: ok", "Foreign keys: ok",
                     f"Schema: up to date (revision {migrate.head_revision()})",
                     "Audit trail: protected", "Photos: none stored",
                     f"taken {old:%Y-%m-%d %H:%M}, 3 days ago",
                     "over a day old; `kaizen backup` takes one now"):
        assert expected in out, out


def test_db_check_flags_a_missing_audit_guard(data_dir, capsys):
    main(["db", "upgrade"])
    conn = sqlite3.connect(data_dir / "kaizen.db")
    conn.execute("DROP TRIGGER audit_events_no_delete")
    conn.commit()
    conn.close()
    code, out = check(capsys)
    assert code == 2
    assert "Audit trail: NOT PROTECTED" in out


def test_db_check_counts_photo_files_missing_from_the_folder(data_dir, capsys, clock, tmp_path):
    main(["db", "upgrade"])
    db = Database(f"sqlite:///{data_dir / 'kaizen.db'}")
    site = make_site(db, clock)
    services = Services.create(db, clock, attachments_dir=data_dir / "attachments")
    for number in range(3):
        picture = tmp_path / f"p{number}.png"
        Image.new("RGB", (8, 6), (number, 40, 90)).save(picture)
        services.suggestions.create(site.staff_id, idea(site, title=f"Idea {number}"),
                                    photos=[picture])
    db.dispose()
    code, out = check(capsys)
    assert code == 0 and "Photos: 3 files, none missing" in out, out

    next((data_dir / "attachments").rglob("*.png")).unlink()
    code, out = check(capsys)
    assert code == 2
    assert "Photos: 1 of 3 files MISSING" in out, out


def test_db_check_on_a_damaged_file_says_so_and_what_to_do(data_dir, capsys):
    main(["db", "upgrade"])
    main(["backup"])
    path = data_dir / "kaizen.db"
    with path.open("r+b") as fh:  # scribble over the pages after the first
        fh.seek(4096)
        fh.write(b"\x00\xffKAIZEN" * 1024)
    damaged = path.read_bytes()
    code, out = check(capsys)
    assert code == 2
    for expected in ("Health: PROBLEMS FOUND", "Integrity: FAILED", "malformed",
                     "Foreign keys: not checked", "Schema: not checked",
                     "Backups: 1, newest", "just now", "What to do: the file is damaged",
                     "`kaizen restore`"):
        assert expected in out, out
    assert path.read_bytes() == damaged  # reported, not moved or changed
    assert not list(data_dir.glob("kaizen.db.damaged-*"))


def test_db_check_on_an_old_revision_names_it_and_the_upgrade(data_dir, capsys):
    db = Database(f"sqlite:///{data_dir / 'kaizen.db'}")
    migrate.upgrade(db, revision="0002")
    db.dispose()
    code, out = check(capsys)
    assert code == 0
    for expected in ("Health: ok", "Schema: older (revision 0002)",
                     f"`kaizen db upgrade` brings it to {migrate.head_revision()}",
                     "Audit trail: protected", "Backups: none yet"):
        assert expected in out, out


def test_db_check_never_prints_a_server_password_and_says_when_it_cannot_connect(capsys):
    code = main(["--db", "postgresql+psycopg://kaizen:secret-word@127.0.0.1:1/kaizen",
                 "db", "check"])
    out = capsys.readouterr().out
    assert code == 2
    assert "secret-word" not in out and "kaizen:***@127.0.0.1:1/kaizen" in out
    assert "Schema: cannot be read" in out
