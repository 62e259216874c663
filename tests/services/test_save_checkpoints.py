"""Saves never pay for SQLite's checkpoint (issue 8: save_idea p99 under 20 ms).

Copying the write-ahead log into the database file syncs the disk; when the commit that grew the
log past 1000 pages did it, every 30th idea saved on the large set stalled 20 to 800 ms. The
Database runs it in a background thread shortly after commits instead (kaizen/db/engine.py). A
checkpoint writes to the database file and a commit in WAL mode never does, so whether a commit
checkpointed shows in the bytes of the main file.
"""

from __future__ import annotations

import hashlib
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from kaizen.db.engine import WAL_AUTOCHECKPOINT_PAGES, Database
from kaizen.services.base import audit

pytestmark = pytest.mark.sqlite_only(reason="SQLite's write-ahead log and its checkpoints")

AT = datetime(2026, 11, 25, 8, 0)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_pages(db: Database, pages: int) -> None:
    """One unit of work that adds about ``pages`` pages of 4 KiB to the log."""
    with db.write() as s:
        for i in range(pages):
            audit(s, actor_id=None, at=AT,
                  entity="test", entity_id=i, action="fill", after={"text": "x" * 4000})


def checkpoint_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "kaizen-checkpoint"]


def test_connections_keep_the_automatic_checkpoint_as_a_backstop_only(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA wal_autocheckpoint")).scalar() == (
            WAL_AUTOCHECKPOINT_PAGES
        )
    assert WAL_AUTOCHECKPOINT_PAGES >= 5_000


def test_a_commit_that_grows_the_log_past_1000_pages_does_not_checkpoint(db_url: str,
                                                                          db_path: Path) -> None:
    db = Database(db_url, checkpoint_delay=3600)  # the background one waits an hour
    try:
        write_pages(db, 10)  # the log exists and the file holds the schema
        before = digest(db_path)
        write_pages(db, 1_500)
        assert digest(db_path) == before, "the commit copied the log into the database file"
    finally:
        db.dispose()
    assert not checkpoint_threads(), "dispose left a checkpoint thread behind"


def test_the_log_is_copied_into_the_file_in_the_background_soon_after(db_url: str,
                                                                       db_path: Path) -> None:
    db = Database(db_url, checkpoint_delay=0.05)
    try:
        write_pages(db, 10)
        deadline = time.monotonic() + 10
        while checkpoint_threads() and time.monotonic() < deadline:
            time.sleep(0.01)  # a background thread, not Qt: poll it with a deadline
        before = digest(db_path)
        with db.write() as s:
            audit(s, actor_id=None, at=AT,
                  entity="test", entity_id=1, action="late", after={"n": 1})
        changed = False
        while time.monotonic() < deadline and not changed:
            changed = digest(db_path) != before
            time.sleep(0.01)
        assert changed, "no checkpoint copied the commit into the database file within 10 s"
        # What was copied is the commit itself, readable by a plain connection.
        with db.read() as s:
            assert s.execute(text("SELECT count(*) FROM audit_events WHERE action = 'late'")
                             ).scalar() == 1
    finally:
        db.dispose()
    assert not checkpoint_threads()


def test_a_restore_window_runs_no_checkpoint(db_url: str, db_path: Path) -> None:
    """While the file is being replaced (maintenance), no background connection may touch it:
    a checkpoint waiting when the window opens is called off."""
    db = Database(db_url, checkpoint_delay=0.3)
    try:
        write_pages(db, 5)  # a checkpoint is now due in 0.3 s
        with db.maintenance("restoring a backup"):
            assert not checkpoint_threads()
            before = digest(db_path)
            time.sleep(0.6)  # past the delay: a checkpoint now would change the file
            assert digest(db_path) == before
        write_pages(db, 5)  # and they start again afterwards
        assert checkpoint_threads()
    finally:
        db.dispose()
    assert not checkpoint_threads()
