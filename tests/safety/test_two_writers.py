"""Point 2 of the data-safety issue: two processes write the same database at once (two app
windows, or the app and the command line), a fixed number of increments each. No "database is
locked" reaches anyone, and no update is lost: the counts add up.

What protects it: every write unit of work starts with ``BEGIN IMMEDIATE`` (the write lock is
taken before the first read, so a read-then-write never fails half way), a 10 s busy timeout,
and a bounded retry of taking the lock that ends in a typed ``DatabaseBusy`` (see
kaizen/db/engine.py); lost updates between two readers are refused by the version check
(``expected_version``) and retried by the caller.
"""

from __future__ import annotations

import json
import subprocess
import sys
import types
from pathlib import Path

import pytest
from services.factories import count, idea, make_site
from sqlalchemy import text

from kaizen.config import REPO_ROOT
from kaizen.db.engine import Database, DatabaseBusy
from kaizen.db.models import AuditEvent, Comment
from kaizen.domain.errors import KaizenError

pytestmark = pytest.mark.sqlite_only(
    reason="processes sharing a SQLite file's "
           'write lock (PostgreSQL: tests/pg concurrency test)')

INCREMENTER = Path(__file__).with_name("incrementer.py")
INCREMENTS = 40  # by each process


def test_two_processes_incrementing_the_same_idea_lose_nothing(db, db_path, clock):
    site = make_site(db, clock)
    target = site.suggestions.create(site.staff_id, idea(site, expected_savings=0.0))
    audit_before, comments_before = count(db, AuditEvent), count(db, Comment)
    db.dispose()
    children = [
        subprocess.Popen(
            [sys.executable, str(INCREMENTER), str(db_path), str(site.supervisor_id),
             str(target.id), str(INCREMENTS)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            cwd=REPO_ROOT,
        )
        for _ in range(2)
    ]
    for child in children:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    for child in children:  # both go at once
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    results = []
    for child in children:
        out, err = child.communicate(timeout=60)
        assert "locked" not in err.lower() and "busy" not in err.lower(), err
        assert child.returncode == 0, err
        results.append(json.loads(out))

    increments = sum(r["increments"] for r in results)
    comments = sum(r["comments"] for r in results)
    print(results)
    assert [r["increments"] for r in results] == [INCREMENTS, INCREMENTS], results
    after = site.suggestions.get(target.id)
    assert after.expected_savings == increments, results  # no increment lost
    assert after.version == target.version + increments
    assert count(db, Comment) - comments_before == comments
    assert count(db, AuditEvent) - audit_before == increments + comments


# Both kinds of write unit of work: the ORM session's and the Core connection's (issue 21).
UNITS = ("write", "write_connection")


@pytest.mark.parametrize("unit", UNITS)
def test_a_lock_held_briefly_is_waited_for_and_retried(db_path, monkeypatch, unit):
    """SQLite's busy handler waits 50 ms here, and the lock is still held then: the first try is
    refused, and the other program lets go during the pause before the next try, which gets it.
    The release comes at that point exactly (in the pause), not from a timer racing the tries."""
    fast = Database(f"sqlite:///{db_path}", busy_timeout_ms=50)
    other = _connect(db_path)
    other.execute("BEGIN IMMEDIATE")
    pauses: list[float] = []

    def pause(seconds: float) -> None:
        if not pauses:
            other.execute("ROLLBACK")  # the other program lets go while we pause
        pauses.append(seconds)

    monkeypatch.setattr("kaizen.db.engine.time", types.SimpleNamespace(sleep=pause))
    try:
        with getattr(fast, unit)() as s:
            s.execute(text("INSERT INTO settings (key, value) VALUES ('k', 'v')"))
    finally:
        other.close()
    assert len(pauses) == 1, f"{len(pauses)} retries instead of one: {pauses}"
    with fast.read() as s:
        assert s.execute(text("SELECT value FROM settings WHERE key = 'k'")).scalar() == "v"
    fast.dispose()


@pytest.mark.parametrize("unit", UNITS)
def test_a_lock_that_stays_taken_ends_in_a_typed_error_and_writes_nothing(db_path, unit):
    fast = Database(f"sqlite:///{db_path}", busy_timeout_ms=50)
    other = _connect(db_path)
    other.execute("BEGIN IMMEDIATE")
    ran = False
    try:
        with pytest.raises(DatabaseBusy) as refused, getattr(fast, unit)() as s:
            ran = True
            s.execute(text("INSERT INTO settings (key, value) VALUES ('k', 'v')"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert isinstance(refused.value, KaizenError)  # the UI shows its message, not a traceback
    assert "busy" in refused.value.message and "Nothing was saved" in refused.value.message
    assert "locked" not in refused.value.message.lower().replace("kept it locked", "")
    assert not ran
    with fast.read() as s:
        assert s.execute(text("SELECT count(*) FROM settings WHERE key = 'k'")).scalar() == 0
    fast.dispose()


def _connect(path: Path):
    import sqlite3

    return sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
