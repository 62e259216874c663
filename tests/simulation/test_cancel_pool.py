"""Cancel with worker processes: the replications still running are ended, not left to run on
(a long one would keep a core busy, and the program from exiting, for as long as it takes)."""

from __future__ import annotations

import multiprocessing

import pytest

from kaizen.simulation import RunOptions, SimulationCancelled, simulate

from .models import exponential, line, step


def test_cancel_ends_the_worker_processes() -> None:
    # 2 x 4 million cases: far longer than any test would wait if Cancel did not end them.
    options = RunOptions(replications=2, horizon=4_000_000, warmup=0, seed=3)
    model = line([step("A", exponential(0.5))], exponential(1.0))
    with pytest.raises(SimulationCancelled):
        simulate(model, options, workers=2, cancelled=lambda: True)
    for child in multiprocessing.active_children():
        child.join(timeout=60)  # returns as soon as it has ended; the timeout bounds a hang
    assert multiprocessing.active_children() == []
