"""Keyboard-only times of each person's main task (issue 16: "The note gives the keyboard-only
times for each person's main task"), by the Keystroke-Level Model.

The tasks are done for real by tests/ui/test_keyboard_tasks.py (keys sent to the focused widget
of the main window over real services, the database checked afterwards); each test prints
``KEYS <task> keystrokes=<K> mental=<M>``. This bench runs that file and turns the counts into
the time an average person would take, by the Keystroke-Level Model of Card, Moran & Newell
("The keystroke-level model for user performance time with interactive systems", CACM 23(7),
1980, table 2):

- K = 0.28 s per keystroke (an average non-secretarial typist, 40 words a minute); a chord
  (Ctrl+N) is two keystrokes, a capital letter two (Shift and the letter);
- M = 1.35 s of mental preparation per field filled or decision taken;
- no H (homing between keyboard and mouse: the hands never leave the keyboard) and no R (the
  system's response time, which the model adds only where the person waits).

The time is a model figure, not a measurement: it does not depend on this machine, so it is one
run (``n 1``). Prints ``BENCH keyboard_<task> <seconds> s (min <x> max <x>, n 1)`` and a ``#``
line with the counts.

Run: ``python -m bench.keyboard_tasks``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

K_SECONDS = 0.28
M_SECONDS = 1.35
ROOT = Path(__file__).resolve().parents[1]
TEST_FILE = "tests/ui/test_keyboard_tasks.py"
# Not anchored at the line's start: pytest's progress dot may come first on the line.
KEYS_LINE = re.compile(r"KEYS (\w+) keystrokes=(\d+) mental=(\d+)$", re.MULTILINE)


def klm_seconds(keystrokes: int, mental: int) -> float:
    """The Keystroke-Level Model time of ``keystrokes`` K and ``mental`` M operators."""
    return keystrokes * K_SECONDS + mental * M_SECONDS


def counts(output: str) -> dict[str, tuple[int, int]]:
    """``task -> (keystrokes, mental)`` from the tests' ``KEYS`` lines."""
    return {m.group(1): (int(m.group(2)), int(m.group(3))) for m in KEYS_LINE.finditer(output)}


def run_tasks() -> str:
    """Run the keyboard tasks (their output shown, ``-s``) with this checkout first on the
    path; raise when a task fails: a count from a task that did not finish means nothing."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=os.pathsep.join(filter(None, (str(ROOT),
                                                        os.environ.get("PYTHONPATH")))))
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "0", "-q", "-s", "-p", "no:randomly", TEST_FILE],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the keyboard tasks failed:\n{done.stdout[-4000:]}\n"
                         f"{done.stderr[-2000:]}")
    return done.stdout


def main() -> int:
    found = counts(run_tasks())
    if not found:
        raise SystemExit("the keyboard tasks printed no KEYS lines")
    for task, (keystrokes, mental) in found.items():
        seconds = klm_seconds(keystrokes, mental)
        print(f"# {task}: {keystrokes} keystrokes x {K_SECONDS} s + {mental} M x {M_SECONDS} s")
        print(f"BENCH keyboard_{task} {seconds:.2f} s (min {seconds:.2f} max {seconds:.2f}, n 1)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
