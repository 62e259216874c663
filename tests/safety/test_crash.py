"""Point 1 of the data-safety issue: writers killed with SIGKILL at random points, many times,
lose nothing they reported as saved and leave nothing half saved.

What protects it: SQLite in WAL mode with ``synchronous=NORMAL`` (a commit is in the WAL before
``commit()`` returns; a torn transaction is rolled back on the next open), each save being one
unit of work (idea, photo rows and audit events commit together), and photo files written and
fsynced under a temporary name, then renamed, before the row that points at them commits.

Writers are child processes (see writer.py). Two are alive at a time, so a kill also lands while
the other one waits for the write lock, or while the killed one holds it.

Nothing here depends on the machine's speed: a writer reports each save through a pipe (a FIFO
in place of its output file), so the test waits for its first save before choosing when to kill
it, and reads the pipe to its end, which comes exactly when the killed writer is gone. The kill
points come from a fixed seed (``KAIZEN_CRASH_SEED`` picks another), the count is exact.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TextIO

import pytest
from PIL import Image
from services.factories import make_site

from kaizen.config import REPO_ROOT

pytestmark = pytest.mark.sqlite_only(reason='SIGKILL of writers on a SQLite file, WAL recovery')

WRITER = Path(__file__).with_name("writer.py")
KILLS = 25
LONGEST_LIFE_S = 0.7
SEED = int(os.environ.get("KAIZEN_CRASH_SEED", "20261207"))

pytestmark = [pytestmark,
              pytest.mark.skipif(not hasattr(signal, "SIGKILL") or not hasattr(os, "fork"),
                                 reason="needs POSIX processes and fork")]


def make_photos(folder: Path, rng: random.Random) -> None:
    """Eight real pictures; two of them large enough that writing one takes a while."""
    folder.mkdir()
    for number in range(6):
        colour = (rng.randrange(256), rng.randrange(256), number * 40)
        Image.new("RGB", (16, 12), colour).save(folder / f"small-{number}.png")
    for number in range(2):
        noise = Image.frombytes("RGB", (400, 300), rng.randbytes(400 * 300 * 3))
        noise.save(folder / f"noise-{number}.png")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_sigkill_during_saves_loses_nothing_committed_and_leaves_nothing_half_saved(
        db, db_path, clock, tmp_path):
    site = make_site(db, clock)
    db.dispose()
    seed = SEED
    rng = random.Random(seed)
    photos, attachments, outputs = tmp_path / "photos", tmp_path / "attachments", tmp_path / "out"
    make_photos(photos, rng)
    outputs.mkdir()
    spawner = subprocess.Popen(
        [sys.executable, str(WRITER), str(db_path), str(attachments), str(photos),
         str(site.staff_id), str(site.line_id)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO_ROOT,
    )
    assert spawner.stdin is not None and spawner.stdout is not None
    writers: list[tuple[int, Path]] = []
    lines: list[str] = []  # every "<idea id> <photos>" a writer reported

    def fork() -> tuple[int, Path, TextIO]:
        out = outputs / f"writer-{len(writers)}.txt"
        os.mkfifo(out)
        spawner.stdin.write(f"fork {out}\n")
        spawner.stdin.flush()
        pid = int(spawner.stdout.readline())
        writers.append((pid, out))
        # Opening the read end waits for the writer to open the other end (its first step).
        return pid, out, open(out)  # noqa: SIM115 - read to its end below, then closed

    def drain(reader: TextIO) -> None:
        """Read the rest of a killed writer's reports: the end comes when it is gone."""
        with reader:
            lines.extend(reader.read().splitlines())

    kills = 0
    running: tuple[int, Path, TextIO] | None = None
    started = time.monotonic()
    try:
        running = fork()
        while kills < KILLS:
            following = fork()
            pid, out, reader = running
            first = reader.readline()  # the writer has saved once: it is in its saving loop
            assert first, f"writer {pid} saved nothing: {err_text(out)}"
            lines.append(first)
            time.sleep(rng.uniform(0.0, LONGEST_LIFE_S))
            assert alive(pid), f"writer {pid} died on its own: {err_text(out)}"
            os.kill(pid, signal.SIGKILL)
            kills += 1
            drain(reader)
            running = following
        os.kill(running[0], signal.SIGKILL)
        drain(running[2])
        running = None
    finally:
        for pid, _ in writers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if running is not None:
            running[2].close()
        spawner.stdin.close()
        spawner.wait(timeout=60)

    for _, out in writers:
        assert err_text(out) == "", f"a writer failed (seed {seed}): {err_text(out)}"
    reported: dict[int, int] = {}
    for line in lines:
        idea_id, photo_count = map(int, line.split())
        reported[idea_id] = photo_count
    print(f"{kills} kills in {time.monotonic() - started:.1f} s, {len(reported)} ideas reported "
          f"saved (seed {seed})")
    assert kills == KILLS
    assert len(reported) >= KILLS, "a killed writer had reported no save"

    conn = sqlite3.connect(db_path)  # the first open after the crashes: recovers the WAL
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        ideas = {row[0] for row in conn.execute("SELECT id FROM suggestions")}
        photos_of = Counter(row[0] for row in conn.execute(
            "SELECT suggestion_id FROM attachments WHERE suggestion_id IS NOT NULL"))
        audited = {(entity, entity_id) for entity, entity_id in conn.execute(
            "SELECT entity, entity_id FROM audit_events WHERE action = 'create'")}
        attachment_rows = conn.execute(
            "SELECT id, sha256, mime_type, size_bytes FROM attachments").fetchall()
        comment_ids = [row[0] for row in conn.execute("SELECT id FROM comments")]
    finally:
        conn.close()

    missing = set(reported) - ideas
    assert not missing, f"reported as saved but gone after a crash (seed {seed}): {missing}"
    for idea_id, photo_count in reported.items():
        assert photos_of[idea_id] == photo_count, f"idea {idea_id} lost photos (seed {seed})"
    # No half saves: every idea has its audit event and its photos; every photo row its audit
    # event and a complete file inside the attachments folder.
    for idea_id in ideas:
        assert ("suggestion", idea_id) in audited, f"idea {idea_id} has no audit event"
        assert photos_of[idea_id] >= 1, f"idea {idea_id} was saved without its photos"
    root = attachments.resolve()
    for row_id, sha, mime, size in attachment_rows:
        assert ("attachment", row_id) in audited, f"photo {row_id} has no audit event"
        stored_files = [p for p in root.rglob(f"{sha}.*") if p.suffix != ".part"]
        assert len(stored_files) == 1, f"photo {row_id} has {len(stored_files)} files (seed {seed})"
        [stored] = stored_files
        assert stored.resolve().is_relative_to(root)
        data = stored.read_bytes()
        assert len(data) == size and hashlib.sha256(data).hexdigest() == sha, mime
    for comment_id in comment_ids:
        assert ("comment", comment_id) in audited


def err_text(out: Path) -> str:
    err = Path(f"{out}.err")
    return err.read_text() if err.exists() else ""
