"""The start's waits on its plain threads (kaizen.ui.start_threads): the window paints and answers
while the start waits, and a wait on a thread ends when the thread says it is done, without
asking it again and again (each ask took Python's GIL from the thread waited for; issue 21)."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer

from kaizen.ui.start_threads import BackgroundThread, wait_painting


class _CountedThread(BackgroundThread):
    """Counts how often the wait asks whether it is done."""

    asked = 0

    def done(self) -> bool:
        self.asked += 1
        return super().done()


def test_a_wait_on_a_thread_ends_when_it_ends_without_polling_it(qtbot) -> None:
    release = threading.Event()
    thread = _CountedThread(lambda: release.wait(30) and "read", "test thread")
    turns: list[int] = []
    ticker = QTimer()
    ticker.timeout.connect(lambda: turns.append(1))  # the GUI thread keeps answering
    ticker.start(1)
    # The thread ends once the GUI thread has turned its loop a few times during the wait.
    ender = QTimer()
    ender.timeout.connect(lambda: release.set() if len(turns) >= 20 else None)
    ender.start(1)
    wait_painting(thread)
    ticker.stop()
    ender.stop()
    assert thread.result() == "read"
    assert len(turns) >= 20
    assert thread.asked == 2  # before the wait and once its signal was connected; never polled


def test_a_wait_on_a_thread_that_ended_already_returns_at_once(qtbot) -> None:
    thread = BackgroundThread(lambda: 7, "test thread")
    thread.result()
    wait_painting(thread)
    assert thread.done()


def test_a_wait_on_a_failing_thread_ends_and_keeps_its_error(qtbot) -> None:
    def fail() -> None:
        raise OSError("unreadable")

    thread = BackgroundThread(fail, "test thread", start=False)
    thread.start()
    wait_painting(thread)
    with pytest.raises(OSError, match="unreadable"):
        thread.result()


def test_a_wait_on_a_plain_condition_still_asks_it(qtbot) -> None:
    state = {"turns": 0}

    def done() -> bool:
        state["turns"] += 1
        return state["turns"] >= 3

    wait_painting(done)
    assert state["turns"] == 3
