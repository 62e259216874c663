"""Issue 14, data loss 1: ``kaizen restore`` while another Kaizen process has the database open.

Before: restore renamed the live file aside; the other process kept its connection to that file
and its later saves reported success but landed in the renamed file (85 of 129 acknowledged saves
missing in one run). Now every process that opens the database leaves a presence file beside it
under an OS lock (as LibreOffice's ``.~lock.NAME#`` and GnuCash's ``NAME.LCK``; the stale-lock
test is ``flock``'s: a lock the OS dropped means its process ended), restore refuses while one is
live and names it; and, in depth, a process whose file was replaced under it all the same (by a
program that does not look) refuses every later save in words (``DatabaseReplaced``).

The other process is a real one (tests/safety/saver.py), driven line by line: each ``ok`` it
prints is a save acknowledged to its user, and every one must be in the database file that is
in place at the end.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
from services.factories import make_site

from kaizen.cli import main
from kaizen.config import REPO_ROOT
from kaizen.db import presence
from kaizen.db.backup import DatabaseInUse, backup_sqlite, restore_backup, set_aside
from kaizen.db.uri import file_uri

pytestmark = pytest.mark.sqlite_only(
    reason="processes sharing one SQLite file; a restore replaces that file")

SAVER = Path(__file__).with_name("saver.py")
NOW = datetime(2026, 12, 7, 9, 0, 0)


class Saver:
    """The other Kaizen process."""

    def __init__(self, db_file: Path, actor: int, area: int) -> None:
        self.acknowledged: list[str] = []
        self.refusals: list[str] = []
        self._numbers = iter(range(1, 10_000))
        self.process = subprocess.Popen(
            [sys.executable, str(SAVER), str(db_file), str(actor), str(area)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            cwd=REPO_ROOT, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        )
        assert self.readline() == "ready", self.process.stderr.read()

    def readline(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    def save(self, times: int = 1) -> None:
        assert self.process.stdin is not None
        for _ in range(times):
            number = next(self._numbers)
            self.process.stdin.write(f"save {number}\n")
            self.process.stdin.flush()
            answer = self.readline()
            verdict, _, rest = answer.partition(" ")
            assert verdict in ("ok", "refused"), (answer, self.process.stderr.read())
            if verdict == "ok":
                self.acknowledged.append(f"Acknowledged save {number}")
            else:
                self.refusals.append(rest)

    def quit(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.write("quit\n")
            self.process.stdin.flush()
        self.process.communicate(timeout=60)


def titles(path: Path) -> set[str]:
    with closing(sqlite3.connect(file_uri(path, mode="ro"), uri=True)) as conn:
        return {row[0] for row in conn.execute("SELECT title FROM suggestions")}


@pytest.fixture
def site_file(db, db_path, clock):
    site = make_site(db, clock)
    backup = backup_sqlite(db, db_path.parent / "backups", now=NOW)
    db.dispose()
    return site, backup


def test_restore_refuses_while_another_process_has_the_database_open(site_file, db_path,
                                                                     capsys):
    site, backup = site_file
    other = Saver(db_path, site.staff_id, site.line_id)
    try:
        other.save(3)
        capsys.readouterr()
        assert main(["restore", "--from", str(backup), "--yes"]) == 1
        err = capsys.readouterr().err
        assert f"process {other.process.pid} of " in err, err
        assert "nothing was restored" in err
        assert not list(db_path.parent.glob("kaizen.db.before-restore-*"))
        other.save(3)  # saves go on into the one file in place
    finally:
        other.quit()
    assert len(other.acknowledged) == 6 and not other.refusals
    assert set(other.acknowledged) <= titles(db_path)
    # Once it has closed, the restore goes ahead.
    assert main(["restore", "--from", str(backup), "--yes"]) == 0


def test_a_killed_process_does_not_block_restore(site_file, db_path):
    """Its entry stays behind, but the OS dropped its lock: the entry is stale and removed."""
    site, backup = site_file
    other = Saver(db_path, site.staff_id, site.line_id)
    with pytest.raises(DatabaseInUse) as refused:
        restore_backup(backup, db_path, now=NOW)
    assert refused.value.holders[0].pid == other.process.pid
    other.process.send_signal(signal.SIGKILL)
    other.process.wait(timeout=60)
    dead = f"-{other.process.pid}-"
    assert [p for p in presence.folder_for(db_path).glob("*.json") if dead in p.name]
    assert presence.others(db_path) == []
    assert not [p for p in presence.folder_for(db_path).glob("*.json") if dead in p.name]
    outcome = restore_backup(backup, db_path, now=NOW)
    assert outcome.set_aside is not None


def test_a_process_whose_file_was_replaced_under_it_stops_saving_and_says_so(site_file,
                                                                           db_path):
    """Defence in depth: a program that does not look at the presence files (a file manager, a
    sync tool, an older Kaizen) puts another file in place. The open process's next save must
    not be acknowledged into the file set aside."""
    site, backup = site_file
    other = Saver(db_path, site.staff_id, site.line_id)
    try:
        other.save(2)
        before = list(other.acknowledged)
        aside = set_aside(db_path, "replaced-by-hand", NOW)
        shutil.copyfile(backup, db_path)
        other.save(3)
    finally:
        other.quit()
    assert aside is not None
    assert set(before) <= titles(aside)  # saved before the swap: in the file set aside
    after = [title for title in other.acknowledged if title not in before]
    assert set(after) <= titles(db_path), (after, other.refusals)
    assert len(other.refusals) == 3
    assert all("was replaced by another program" in words and "Nothing was saved" in words
               for words in other.refusals), other.refusals


def test_a_release_by_the_garbage_collector_never_waits_for_the_table_lock(tmp_path):
    """A Database's entry is given back by ``weakref.finalize``, which the garbage collector may
    run inside an allocation on a thread that holds the entry table's lock (a plain Lock would
    then wait for itself for ever). The release is queued and applied by the next call."""
    db_file = tmp_path / "kaizen.db"
    release = presence.register(db_file)
    [entry] = presence.folder_for(db_file).glob("*.json")
    with presence._entries_lock:  # as if the collector ran inside register()
        release()
    assert entry.exists()  # not applied yet: the lock was taken
    assert presence.others(db_file) == []  # the next call applies it
    assert not entry.exists()
