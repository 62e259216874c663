"""The busy reference machine (issue 21): a CPU-bound job on every core beside the bench.

A site PC running a virus scan is what the figures must hold on, so ``python -m bench`` runs
its groups twice by default (``--load both``): quiet, then with :func:`busy` started by the
bench itself: one process per core (``os.cpu_count()``) spinning in pure Python at normal
priority, as a scan would. While it runs, every figure's name ends in ``_busy`` (``line`` reads
``KAIZEN_BENCH_LOAD``, which the app children inherit), so quiet and busy lines sit side by
side in one output. The burners are the bench's own processes, ended by their ids when the
busy pass is over (or the bench stops).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

ENV = "KAIZEN_BENCH_LOAD"
SPIN = "while True:\n    pass"


def suffix() -> str:
    """``_busy`` while the busy pass runs (in this process or the bench that started it)."""
    return "_busy" if os.environ.get(ENV) == "busy" else ""


@contextmanager
def busy(cores: int | None = None) -> Iterator[list[int]]:
    """One spinning process per core for the duration of the block; their process ids."""
    count = cores or os.cpu_count() or 2
    burners = [subprocess.Popen([sys.executable, "-c", SPIN], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for _ in range(count)]
    before = os.environ.get(ENV)
    os.environ[ENV] = "busy"
    print(f"# busy pass: {count} CPU-bound processes beside the bench "
          f"(pids {', '.join(str(p.pid) for p in burners)})", flush=True)
    try:
        yield [p.pid for p in burners]
    finally:
        if before is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = before
        for proc in burners:
            proc.terminate()
        for proc in burners:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
