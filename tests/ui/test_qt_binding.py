"""The Qt binding the app runs on does not corrupt Python's reference counts.

PySide6-Essentials 6.12.0 on Python 3.11 returns ``True`` from ``SignalInstance.emit()`` without
taking a reference: every ``emit`` from Python code drops one from ``True``'s count, and after a
few thousand (progress updates, task results) Python aborts with "bool_dealloc: deallocating True
or False". pyproject.toml excludes that release; this test fails on any binding that has the bug.
Python 3.12+ makes ``True`` immortal, so there the count does not move at all either way.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(int)


def test_emit_keeps_the_reference_count_of_true(qapp) -> None:
    emitter = _Emitter()
    received: list[int] = []
    emitter.fired.connect(received.append)
    before = sys.getrefcount(True)
    for n in range(200):
        emitter.fired.emit(n)
    after = sys.getrefcount(True)
    assert len(received) == 200
    # A sound binding leaves the count where it was (a few either way from unrelated code).
    assert abs(after - before) < 20, f"True lost {before - after} references over 200 emits"
