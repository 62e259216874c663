"""Child processes for tests/safety/test_crash.py: writers that save ideas with photos until killed.

Run as ``python writer.py DB_FILE ATTACHMENTS_DIR PHOTOS_DIR ACTOR_ID AREA_ID``. Importing Kaizen
costs about a second, too much to pay again for each of many crashes, so this process imports
once and then forks a writer for every ``fork OUT_FILE`` line read on stdin, answering with the
writer's pid. The test kills writers with SIGKILL; this process only forks (it never opens the
database, so no connection is shared across a fork).

Every save has one picture made for it (bytes never stored before) beside up to two shared ones.
A writer prints, to OUT_FILE, ``<idea id> <photos>`` for every idea AFTER ``create`` has returned
(so after its commit), flushed at once: a line is a promise that the save is on disk. Every third
idea it also comments on it (another audited unit of work). Anything it raises goes to
OUT_FILE + ".err", which the test expects to stay empty.
"""

from __future__ import annotations

import itertools
import os
import random
import shutil
import signal
import sqlite3
import sys
import tempfile
import traceback
from contextlib import closing
from pathlib import Path

from PIL import Image

from kaizen.db.engine import Database
from kaizen.domain.enums import WasteCategory
from kaizen.services import Services
from kaizen.services.suggestions import SuggestionInput


def write_forever(db_file: str, attachments: str, photos: str, actor: int, area: int) -> None:
    db = Database(f"sqlite:///{db_file}")
    services = Services.create(db, attachments_dir=Path(attachments))
    pictures = sorted(Path(photos).iterdir())
    rng = random.Random()
    # Beside the shared pictures, in the test's own folder (a killed writer cleans up nothing).
    fresh = Path(photos).parent / f"fresh-{os.getpid()}"
    fresh.mkdir()
    for number in itertools.count(1):
        # One picture never stored before on every save: photos are stored once by their bytes,
        # so with only the shared pictures every file would be on disk after the first saves
        # and a row committed before its file was written could never be caught.
        unique = fresh / f"new-{number}.png"
        Image.frombytes("RGB", (64, 48), rng.randbytes(64 * 48 * 3)).save(unique)
        chosen = [unique, *rng.sample(pictures, rng.randint(0, 2))]
        info = services.suggestions.create(actor, SuggestionInput(
            title=f"Idea {number} of writer {os.getpid()}", problem="x" * rng.randint(0, 3000),
            proposal="Saved in a loop until the process is killed.", area_id=area,
            wastes=[rng.choice(list(WasteCategory))], expected_savings=float(number),
        ), photos=chosen)
        print(f"{info.id} {len(chosen)}", flush=True)
        if number % 3 == 0:
            services.suggestions.add_comment(actor, info.id, f"Comment on idea {info.id}")


def warm_up(db_file: str, photos: str, actor: int, area: int) -> None:
    """Save once into a scratch copy, so the writers start with SQLAlchemy's mappers configured
    and its statements compiled (a fresh process spends ~0.5 s on its first save)."""
    scratch = Path(tempfile.mkdtemp(prefix="kaizen-warm-up-"))
    try:
        with closing(sqlite3.connect(db_file)) as source, \
                closing(sqlite3.connect(scratch / "copy.db")) as copy:
            source.backup(copy)
        db = Database(f"sqlite:///{scratch / 'copy.db'}")
        services = Services.create(db, attachments_dir=scratch / "attachments")
        info = services.suggestions.create(actor, SuggestionInput(
            title="Warm-up", problem="", proposal="", area_id=area,
        ), photos=sorted(Path(photos).iterdir())[:1])
        services.suggestions.add_comment(actor, info.id, "Warm-up")
        db.dispose()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    db_file, attachments, photos, actor, area = sys.argv[1:6]
    warm_up(db_file, photos, int(actor), int(area))
    # Writers are reaped automatically: the test only kills them.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    for line in sys.stdin:
        command, _, out_file = line.strip().partition(" ")
        if command != "fork":
            continue
        pid = os.fork()
        if pid == 0:  # the writer
            out = os.open(out_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            err = os.open(out_file + ".err", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(out, 1)
            os.dup2(err, 2)
            sys.stdin.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            try:
                write_forever(db_file, attachments, photos, int(actor), int(area))
            except BaseException:
                traceback.print_exc()
                sys.stderr.flush()
            os._exit(1)  # only reached on an error: never run the parent's loop
        print(pid, flush=True)


if __name__ == "__main__":
    main()
