"""`kaizen db check` reports the state in plain words: health, schema, whether the audit trail is
protected by its triggers, and how old the newest backup is."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from kaizen.cli import main
from kaizen.db.backup import BACKUP_SUFFIX


def test_db_check_names_the_audit_guard_and_the_backup_age(data_dir, capsys):
    main(["db", "upgrade"])
    old = datetime.now() - timedelta(days=3, hours=2)
    backups = data_dir / "backups"
    (backups / f"{old:%Y%m%d-%H%M%S}-auto{BACKUP_SUFFIX}").write_bytes(b"")
    capsys.readouterr()
    assert main(["db", "check"]) == 0
    out = capsys.readouterr().out
    assert "Audit trail: protected" in out
    assert f"taken {old:%Y-%m-%d %H:%M}, 3 days ago" in out
    assert "over a day old; `kaizen backup` takes one now" in out


def test_db_check_flags_a_missing_audit_guard(data_dir, capsys):
    main(["db", "upgrade"])
    conn = sqlite3.connect(data_dir / "kaizen.db")
    conn.execute("DROP TRIGGER audit_events_no_delete")
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["db", "check"]) == 2
    assert "Audit trail: NOT PROTECTED" in capsys.readouterr().out
