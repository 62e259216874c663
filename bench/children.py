"""How the bench starts the app's own processes: as an installed Kaizen starts, compiled.

A wheel installed by pip has its bytecode compiled at install time, and a checkout writes it at
its first run. A shell with ``PYTHONDONTWRITEBYTECODE`` set (some CI and sandbox images set it)
makes every fresh process compile Kaizen's sources again: about 200 ms of CPU at each start, a
cost no user pays. So the children the bench times run without that variable, after Kaizen's
package has been compiled once (:func:`child_env` does both).
"""

from __future__ import annotations

import compileall
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_compiled = False


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
    return env
