"""How the bench starts the app's own processes: as an installed Kaizen starts, compiled.

A wheel installed by pip has its bytecode compiled at install time, and a checkout writes it at
its first run. A shell with ``PYTHONDONTWRITEBYTECODE`` set (some CI and sandbox images set it)
makes every fresh process compile Kaizen's sources again: about 200 ms of CPU at each start, a
cost no user pays. So the children the bench times run without that variable, after Kaizen's
package has been compiled once (:func:`child_env` does both).

Qt's offscreen platform has one 800 x 800 screen unless told otherwise: the window's geometry,
kept at close and restored at the next start, then came back as 798 x 774, so every start of a
series after the first showed a narrow dashboard (charts stacked, each at another size than the
kept pictures). The children get a 1920 x 1080 screen, as a site PC has.
"""

from __future__ import annotations

import compileall
import json
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_compiled = False
SCREEN = {"name": "bench", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96,
          "logicalBaseDpi": 96, "dpr": 1}


def compile_kaizen() -> None:
    """Write the bytecode of Kaizen's package beside its sources (once per bench process)."""
    global _compiled
    if _compiled:
        return
    writes = sys.dont_write_bytecode
    sys.dont_write_bytecode = False
    try:
        compileall.compile_dir(REPO / "kaizen", quiet=1)
    finally:
        sys.dont_write_bytecode = writes
    _compiled = True


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a timed app process: this one's, plus ``extra``, bytecode kept."""
    compile_kaizen()
    env = dict(os.environ, **(extra or {}))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if env.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
        env["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen_file()}"
    return env


def _screen_file() -> Path:
    """The offscreen platform's description of one full-HD screen (written once)."""
    path = Path(tempfile.gettempdir()) / "kaizen-bench-screen.json"
    text = json.dumps({"synchronousWindowSystemEvents": False, "windowFrameMargins": False,
                       "screens": [SCREEN]})
    if not path.is_file() or path.read_text() != text:
        path.write_text(text)
    return path
