"""Issue 14, data loss 3 (PostgreSQL): one PC removes a photo while another saves the same picture
(same SHA-256) on another record. The removal's cleanup counted the rows using the file, saw none
(the other PC's new row was not committed yet, READ COMMITTED: PostgreSQL docs, "Transaction
Isolation", 13.2.1) and deleted the file: the other record's photo lost its file.

Now the check and the delete, and the save's file-then-row, happen under one transaction-scoped
advisory lock on the SHA-256 (PostgreSQL docs, "Advisory Locks", 13.3.5). The race is driven step
by step, never by timing: the save stops right after it has made sure the file is on disk and
before it adds its row; the removal runs in another thread; the test waits until that removal
either finished (the fault) or is seen waiting for the lock in ``pg_locks`` (the fix); then the
save goes on. On SQLite the database's single write lock already orders the two units of work.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PIL import Image
from services.factories import idea, make_site
from sqlalchemy import text

from kaizen.services.attachments import _PHOTO_LOCK_SPACE, PhotoStore

WAIT_S = 60  # a bound on waiting for a state, never a pause that an assertion relies on


def picture(path: Path) -> Path:
    Image.new("RGB", (40, 30), (20, 120, 200)).save(path)
    return path


def waiting_for_a_photo_lock(db) -> bool:
    """Someone in this test's database waits for a photo's advisory lock (two-key form: the
    first key is the photo lock space, objsubid 2)."""
    with db.engine.connect() as conn:
        return bool(conn.execute(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
            "AND classid = :space AND objsubid = 2 "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        ), {"space": _PHOTO_LOCK_SPACE}).scalar())


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        time.sleep(0.01)


def test_removing_a_photo_while_another_pc_saves_the_same_bytes_keeps_the_file(
        db, clock, services, photos_dir, tmp_path, on_postgres, monkeypatch):
    if not on_postgres:
        pytest.skip("PostgreSQL only: on SQLite the single write lock serialises the two units "
                    "of work, so the cleanup cannot run between the save's file and its row")
    site = make_site(db, clock)
    photo = picture(tmp_path / "shelf.png")
    first = services.suggestions.create(site.staff_id, idea(site, title="First"),
                                        photos=[photo])
    second = services.suggestions.create(site.staff_id, idea(site, title="Second"))
    [old] = services.attachments.list_for_suggestion(first.id)
    stored = services.attachments.path_of(old.id)

    file_ready, go_on = threading.Event(), threading.Event()
    original_write = PhotoStore.write

    def write_then_pause(store: PhotoStore, check) -> None:
        original_write(store, check)
        if threading.current_thread().name == "saver":
            file_ready.set()  # the file is there; the row is not added yet
            assert go_on.wait(WAIT_S)

    monkeypatch.setattr(PhotoStore, "write", write_then_pause)
    errors: list[BaseException] = []

    def run(fn) -> None:
        try:
            fn()
        except BaseException as exc:  # handed to the test thread
            errors.append(exc)

    saver = threading.Thread(name="saver", target=run, args=(lambda: services.attachments.store(
        site.staff_id, photo, suggestion_id=second.id),))
    saver.start()
    assert file_ready.wait(WAIT_S)
    remover = threading.Thread(name="remover", target=run, args=(
        lambda: services.attachments.remove(site.staff_id, old.id),))
    remover.start()
    # The fault: the removal finishes at once and deletes the file. The fix: it waits for the
    # saver's lock. Either way the save goes on only once one of the two has happened.
    wait_for(lambda: not remover.is_alive() or waiting_for_a_photo_lock(db),
             "the removal to finish or to wait for the photo's lock")
    go_on.set()
    saver.join(WAIT_S)
    remover.join(WAIT_S)
    assert not saver.is_alive() and not remover.is_alive()
    assert errors == []

    assert services.attachments.list_for_suggestion(first.id) == []
    [new] = services.attachments.list_for_suggestion(second.id)
    assert new.sha256 == old.sha256
    assert stored.is_file(), "the other record's photo lost its file"
    assert services.attachments.path_of(new.id) == stored


def test_removing_the_last_use_of_a_photo_still_deletes_its_file(db, clock, services,
                                                                 tmp_path):
    """The lock changes nothing when nobody else saves the bytes: the file goes (both backends)."""
    site = make_site(db, clock)
    created = services.suggestions.create(site.staff_id, idea(site),
                                          photos=[picture(tmp_path / "p.png")])
    [row] = services.attachments.list_for_suggestion(created.id)
    stored = services.attachments.path_of(row.id)
    services.attachments.remove(site.staff_id, row.id)
    assert not stored.exists()
