"""Saves never pay for SQLite's checkpoint nor for merging the full-text index (issue 8:
save_idea p99 under 20 ms).

Copying the write-ahead log into the database file syncs the disk; when the commit that grew the
log past 1000 pages did it, every 30th idea saved on the large set stalled 20 to 800 ms. The
Database runs it in a background thread shortly after commits instead (kaizen/db/wal_worker.py). A
checkpoint writes to the database file and a commit in WAL mode never does, so whether a commit
checkpointed shows in the bytes of the main file. The same worker merges the full-text index's
small segments (one per save) while saves pause (kaizen/db/search.py: merge_step).

No test here races the worker's timer: most build the Database with ``checkpoint_delay=None`` and
run a round of the background work exactly where the test needs it (``wal_worker.run_round()``,
with a save in progress or not); the few about the thread itself wait for its state
(``wal_worker.wait_idle``), never for a number of seconds.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from kaizen.db.engine import WAL_AUTOCHECKPOINT_PAGES, Database
from kaizen.db.search import merge_step
from kaizen.db.wal_worker import WalWorker
from kaizen.services import Services
from kaizen.services.base import audit
from kaizen.services.listing import IdeaFilter

from .factories import idea, make_site

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


# Long enough for any machine (the worker's thread ends ~2 delays after the last commit); only a
# worker that never ends waits this long.
IDLE_TIMEOUT_S = 120


def worker_of(db: Database) -> WalWorker:
    worker = db.wal_worker
    assert worker is not None
    return worker


def wait_for_the_worker(db: Database) -> None:
    assert worker_of(db).wait_idle(IDLE_TIMEOUT_S), "the background worker never ended"


def test_connections_keep_the_automatic_checkpoint_as_a_backstop_only(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA wal_autocheckpoint")).scalar() == (
            WAL_AUTOCHECKPOINT_PAGES
        )
    assert WAL_AUTOCHECKPOINT_PAGES >= 5_000


def test_a_commit_that_grows_the_log_past_1000_pages_does_not_checkpoint(db_url: str,
                                                                          db_path: Path) -> None:
    db = Database(db_url, checkpoint_delay=None)  # no background round at all
    try:
        write_pages(db, 10)  # the log exists and the file holds the schema
        before = digest(db_path)
        write_pages(db, 1_500)
        assert digest(db_path) == before, "the commit copied the log into the database file"
        assert not checkpoint_threads(), "checkpoint_delay=None started a background thread"
        assert worker_of(db).run_round() and not worker_of(db).run_round()  # one due, then none
    finally:
        db.dispose()
    assert not checkpoint_threads(), "dispose left a checkpoint thread behind"


def test_the_log_is_copied_into_the_file_in_the_background_soon_after(db_url: str,
                                                                       db_path: Path) -> None:
    # The app's own timer-driven thread: the test waits for the thread to end (a state), so a
    # slow machine only makes it wait longer.
    db = Database(db_url, checkpoint_delay=0.05)
    try:
        write_pages(db, 10)
        wait_for_the_worker(db)
        before = digest(db_path)
        with db.write() as s:
            audit(s, actor_id=None, at=AT,
                  entity="test", entity_id=1, action="late", after={"n": 1})
        assert checkpoint_threads(), "the commit started no background checkpoint"
        wait_for_the_worker(db)
        assert digest(db_path) != before, "the checkpoint did not copy the commit into the file"
        # What was copied is the commit itself, readable by a plain connection.
        with db.read() as s:
            assert s.execute(text("SELECT count(*) FROM audit_events WHERE action = 'late'")
                             ).scalar() == 1
    finally:
        db.dispose()
    assert not checkpoint_threads()


def test_a_restore_window_runs_no_checkpoint(db_url: str, db_path: Path) -> None:
    """While the file is being replaced (maintenance), no background connection may touch it:
    a checkpoint waiting when the window opens is called off, and none runs inside it."""
    db = Database(db_url, checkpoint_delay=3600)  # the thread waits an hour: never on its own
    try:
        write_pages(db, 5)
        assert checkpoint_threads(), "the commit started no background checkpoint"
        with db.maintenance("restoring a backup"):
            assert not checkpoint_threads(), "the waiting checkpoint was not called off"
            before = digest(db_path)
            # The round the commit asked for, run now: refused, so it cannot touch the file.
            assert not worker_of(db).run_round()
            assert digest(db_path) == before
        write_pages(db, 5)  # and they start again afterwards
        assert checkpoint_threads()
        assert worker_of(db).run_round(), "the commits of before and after were dropped"
        assert digest(db_path) != before
    finally:
        db.dispose()
    assert not checkpoint_threads()


# --- full-text segment merging while saves pause -----------------------------------------------


def raw_merge_step(db_path: Path) -> bool:
    """One merge step on a plain connection: True when there was merging left to do."""
    connection = sqlite3.connect(db_path, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        worked = merge_step(connection)
        connection.execute("COMMIT")
        return worked
    finally:
        connection.close()


def save_ideas(db: Database, clock: Any, count: int) -> list[int]:
    site = make_site(db, clock)
    services = Services.create(db, clock)
    return [services.suggestions.create(site.staff_id, idea(site, title=f"Torque wrench {i}")).id
            for i in range(count)]


def test_merge_steps_end_and_every_saved_idea_is_still_found(db: Database, clock: Any,
                                                              db_path: Path) -> None:
    saving = Database(db.url, checkpoint_delay=None)  # no background merging here
    try:
        ids = save_ideas(saving, clock, 12)  # twelve small segments
    finally:
        saving.dispose()
    steps = 0
    while raw_merge_step(db_path):
        steps += 1
        assert steps < 100, "merge_step never says it is done"
    assert steps >= 1, "twelve single-idea segments left nothing to merge"
    found = Services.create(db, clock).suggestions.query_ids(IdeaFilter(text="torque"))
    assert sorted(found) == sorted(ids)


def test_a_round_merges_the_index_while_saves_pause(db_url: str, clock: Any,
                                                    db_path: Path) -> None:
    db = Database(db_url, checkpoint_delay=None)
    try:
        save_ideas(db, clock, 12)
        assert worker_of(db).run_round()
        assert not raw_merge_step(db_path), "the round left the segments of the saves unmerged"
    finally:
        db.dispose()


def test_a_save_in_progress_has_the_right_of_way_over_merging(db_url: str, clock: Any,
                                                               db_path: Path) -> None:
    db = Database(db_url, checkpoint_delay=None)
    try:
        save_ideas(db, clock, 12)
        with db.write():  # a save holds the write lock while the round runs
            assert worker_of(db).run_round()
        assert raw_merge_step(db_path), "the round merged while a save held the lock"
    finally:
        db.dispose()


def test_the_thread_merges_the_index_once_saves_pause(db_url: str, clock: Any,
                                                      db_path: Path) -> None:
    db = Database(db_url, checkpoint_delay=0.05)  # the app's timer-driven thread
    try:
        save_ideas(db, clock, 12)
        wait_for_the_worker(db)
        assert not raw_merge_step(db_path), "the worker left the segments of the saves unmerged"
    finally:
        db.dispose()


def test_the_worker_never_writes_to_a_database_open_read_only(db_url: str, clock: Any,
                                                              db_path: Path) -> None:
    db = Database(db_url, checkpoint_delay=None)
    try:
        save_ideas(db, clock, 12)
        db.read_only = True  # before the round: set while saves were made, as at start-up
        assert worker_of(db).run_round()
        assert raw_merge_step(db_path), "the worker merged in a database open read-only"
    finally:
        db.dispose()


# Saves of the burst below, and the rows (of ~4 KiB, one log page each) each one writes.
BURST_SAVES = 120
BURST_ROWS = 40


@pytest.mark.parametrize("restart_pages, bounded", [(300, True), (10**9, False)])
def test_a_burst_of_saves_keeps_the_log_short(db_url: str, db_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              restart_pages: int, bounded: bool) -> None:
    # Saved one after the other without a pause, a save is always in progress while the
    # background checkpoint runs: a PASSIVE checkpoint copies all committed pages, but the save
    # then appends to the log (it began before the copy finished), so the log never starts over
    # and grows until the backstop's commit copies it all (1-2 s on the large set). The RESTART
    # after a long log keeps it short: refused while the save holds the lock, it runs right
    # after that save's commit. Switched off (a huge threshold), the log grows with every save,
    # which shows the test can fail. Each round runs inside a save, exactly: no timing decides.
    # Source: SQLite, "Write-Ahead Logging" (sqlite.org/wal.html, "Avoiding Excessively Large
    # WAL Files": the log starts over only when a writer finds it all checkpointed) and
    # PRAGMA wal_checkpoint (sqlite.org/pragma.html#pragma_wal_checkpoint: RESTART).
    monkeypatch.setattr("kaizen.db.wal_worker.RESTART_PAGES", restart_pages)
    db = Database(db_url, checkpoint_delay=None)
    try:
        write_pages(db, 1)
        for _ in range(BURST_SAVES):
            with db.write() as s:
                for i in range(BURST_ROWS):
                    audit(s, actor_id=None, at=AT, entity="test", entity_id=i,
                          action="burst", after={"text": "x" * 4000})
                s.flush()
                assert worker_of(db).run_round(), "the previous save asked for no round"
        longest = wal_file_pages(db_path)
    finally:
        db.dispose()
    if bounded:
        assert longest < 1_000, f"the log grew to {longest} pages"
    else:
        assert longest > BURST_SAVES * BURST_ROWS * 0.9, (
            f"the log stayed at {longest} pages without the restart")


def wal_file_pages(db_path: Path) -> int:
    """The longest the write-ahead log has been, in pages: it starts over from its beginning,
    overwriting, so its file keeps the size of its longest run (SQLite's WAL format,
    sqlite.org/fileformat2.html#walformat: a 32-byte header, then frames of a 24-byte header and
    one page)."""
    connection = sqlite3.connect(db_path)
    try:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    finally:
        connection.close()
    wal = db_path.with_name(db_path.name + "-wal")
    return (wal.stat().st_size - 32) // (24 + page_size)
