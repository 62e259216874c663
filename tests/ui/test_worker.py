"""The background helper runs work off the GUI thread and delivers on the GUI thread."""

from __future__ import annotations

import gc
import logging
import sys
import threading
import weakref
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication

from kaizen.ui import worker
from kaizen.ui.worker import run_in_background

# How long a gated task waits at most: a bound against a hang, never reached (the test opens it).
GATE_S = 120


def _on_main_thread() -> bool:
    return QThread.currentThread() is QApplication.instance().thread()


def test_result_is_computed_in_the_pool_and_delivered_on_the_main_thread(qtbot) -> None:
    ran_on: list[int] = []
    delivered: list[tuple[object, bool]] = []

    def work() -> int:
        ran_on.append(threading.get_ident())
        return 42

    task = run_in_background(work, on_success=lambda v: delivered.append((v, _on_main_thread())))
    with qtbot.waitSignal(task.succeeded, timeout=20_000) as blocker:
        pass
    assert blocker.args == [42]
    assert delivered == [(42, True)]
    assert ran_on and ran_on[0] != threading.get_ident()
    assert task.done and task.result == 42 and task.error is None
    assert worker.active_tasks() == 0


def test_errors_are_delivered_not_raised(qtbot) -> None:
    failures: list[tuple[BaseException, bool]] = []
    successes: list[object] = []

    def work() -> None:
        raise ValueError("the counter fell off")

    task = run_in_background(work, on_success=successes.append,
                             on_failure=lambda e: failures.append((e, _on_main_thread())))
    with qtbot.waitSignal(task.failed, timeout=20_000) as blocker:
        pass
    error = blocker.args[0]
    assert isinstance(error, ValueError) and str(error) == "the counter fell off"
    assert failures == [(error, True)]
    assert successes == []
    assert "ValueError: the counter fell off" in task.traceback_text
    assert task.error is error


def test_finished_follows_success_and_failure(qtbot) -> None:
    for fn in (lambda: 1, lambda: 1 / 0):
        task = run_in_background(fn)
        with qtbot.waitSignal(task.finished, timeout=20_000):
            pass
        assert task.done


def test_unhandled_failure_is_logged(qtbot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="kaizen.ui.worker")
    task = run_in_background(lambda: 1 / 0, name="divide")
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert "Background task divide failed" in caplog.text
    assert "ZeroDivisionError" in caplog.text


def test_progress_reaches_the_main_thread_in_order(qtbot) -> None:
    seen: list[tuple[int, int, bool]] = []

    def work(progress) -> str:
        for done in range(1, 6):
            progress(done, 5)
        return "built"

    task = run_in_background(work, with_progress=True,
                             on_progress=lambda d, t: seen.append((d, t, _on_main_thread())))
    with qtbot.waitSignal(task.succeeded, timeout=20_000) as blocker:
        pass
    assert blocker.args == ["built"]
    assert seen == [(d, 5, True) for d in range(1, 6)]


def test_callbacks_of_a_deleted_owner_are_skipped(qtbot) -> None:
    gate = threading.Event()
    called: list[object] = []
    owner = QObject()

    # The gate's bound only stops a hang: the test opens it itself.
    task = run_in_background(lambda: gate.wait(GATE_S) and "late", on_success=called.append,
                             owner=owner)
    try:
        owner.deleteLater()
        qtbot.waitUntil(lambda: not _alive(owner))
    finally:
        gate.set()
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert called == []
    assert task.result == "late"


def _alive(obj: QObject) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


def test_wait_for_all_joins_and_delivers(qtbot) -> None:
    gate = threading.Event()
    results: list[int] = []
    for n in range(3):
        run_in_background(lambda n=n: gate.wait(GATE_S) and n, on_success=results.append)
    try:
        assert worker.active_tasks() == 3
    finally:
        gate.set()
    assert worker.wait_for_all(GATE_S * 1000)
    assert sorted(results) == [0, 1, 2]
    assert worker.active_tasks() == 0


def test_synchronous_mode_runs_inline_for_tests(qtbot) -> None:
    results: list[object] = []
    with worker.synchronous():
        task = run_in_background(lambda: threading.get_ident(), on_success=results.append)
    assert task.done
    assert results == [threading.get_ident()]


def _drop_cycles() -> None:
    """Make and drop enough self-referencing lists to cross the first generation's threshold:
    garbage only the cyclic collector frees."""
    cycles = []
    for _ in range(gc.get_threshold()[0] * 2):
        node: list[object] = []
        node.append(node)
        cycles.append(node)


def test_garbage_is_collected_on_the_main_thread_only(qtbot) -> None:
    assert not gc.isenabled()  # the UI conftest switches it off, as the app does
    collector = worker.MainThreadGarbageCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        _drop_cycles()
        assert collector.collect() > 0
    finally:
        collector.stop()
        gc.disable()


def test_a_start_holds_the_collections_until_it_releases_them(qtbot) -> None:
    """Issue 21: no collection on the GUI thread while the app starts (it walked everything
    the start had made, 40-50 ms); the garbage is collected once the start releases them."""
    collector = worker.MainThreadGarbageCollector(interval_ms=10)
    try:
        release = worker.hold_collections()
        assert worker.collections_held()
        _drop_cycles()
        assert collector.collect() == 0
        release()
        release()  # a second release changes nothing
        assert not worker.collections_held()
        assert collector.collect() > 0
    finally:
        collector.stop()
        gc.disable()


def test_a_hold_ends_on_its_own_after_its_longest_time(qtbot) -> None:
    worker.hold_collections(longest_ms=1)
    assert worker.collections_held()
    qtbot.waitUntil(lambda: not worker.collections_held(), timeout=10_000)


def test_work_left_for_later_runs_on_the_gui_thread_and_counts_until_it_has(qtbot) -> None:
    """run_later: the rest of a long piece of GUI work (issue 21). Tests that wait for no task
    left must also wait for it, or they would look at a half-filled page."""
    owner = QObject()
    ran: list[bool] = []
    before = worker.active_tasks()
    worker.run_later(lambda: ran.append(threading.current_thread() is threading.main_thread()),
                     owner=owner)
    assert worker.active_tasks() == before + 1 and ran == []
    qtbot.waitUntil(lambda: worker.active_tasks() == before, timeout=10_000)
    assert ran == [True]


def test_work_left_for_a_deleted_owner_is_skipped_and_no_longer_counted(qtbot) -> None:
    owner = QObject()
    ran: list[int] = []
    before = worker.active_tasks()
    worker.run_later(lambda: ran.append(1), owner=owner)
    shiboken6.delete(owner)
    assert worker.wait_for_all(timeout_ms=10_000)
    assert worker.active_tasks() == before and ran == []


def test_latest_delivers_only_the_newest_request_whatever_order_they_finish(qtbot) -> None:
    """An older load that finishes last must not overwrite the newer one (the map page raced
    this way once: a refresh's pick finished after the person's pick)."""
    latest = worker.Latest()
    release_first = threading.Event()
    shown: list[str] = []

    def slow() -> str:
        assert release_first.wait(30)
        return "old"

    first = latest.run(slow, on_success=shown.append)
    second = latest.run(lambda: "new", on_success=shown.append)
    with qtbot.waitSignal(second.finished, timeout=30_000):
        pass
    assert shown == ["new"]
    with qtbot.waitSignal(first.finished, timeout=30_000):
        release_first.set()
    assert shown == ["new"]


def test_latest_drops_an_older_failure_and_a_superseded_request(qtbot) -> None:
    latest = worker.Latest()
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("old")

    first = latest.run(boom, on_failure=errors.append)
    latest.supersede()
    with qtbot.waitSignal(first.finished, timeout=30_000):
        pass
    assert errors == []
    third = latest.run(boom, on_failure=errors.append)
    with qtbot.waitSignal(third.finished, timeout=30_000):
        pass
    assert [str(e) for e in errors] == ["old"]


def test_a_task_lets_the_gui_thread_take_the_gil_back_soon(qtbot) -> None:
    """Issue 21: with Python's default 5 ms switch interval a busy pool thread kept the GUI
    thread waiting 5 ms after every Qt call that released the GIL; starting a task lowers it."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    try:
        task = run_in_background(lambda: 1)
        with qtbot.waitSignal(task.finished, timeout=20_000):
            pass
        assert sys.getswitchinterval() <= worker.GIL_SWITCH_S < 0.005
    finally:
        sys.setswitchinterval(min(before, worker.GIL_SWITCH_S))


def test_long_lived_objects_are_frozen_once(monkeypatch) -> None:
    """Issue 21: a full collection walked every module, class and function on the GUI thread
    (100-120 ms); once frozen it walks only what was made since. Once per process."""
    monkeypatch.setattr(worker, "_frozen", False)
    froze: list[int] = []
    monkeypatch.setattr(worker.gc, "freeze", lambda: froze.append(1))
    assert worker.freeze_long_lived() is True
    assert worker.freeze_long_lived() is False
    assert froze == [1]


def test_the_start_up_imports_freeze_each_time(monkeypatch) -> None:
    """The start's import batches (kaizen.ui.app) freeze what they made each time, through the
    same helper, without using up the settled app's one freeze."""
    from kaizen.ui import app as app_module

    monkeypatch.setattr(worker, "_frozen", False)
    froze: list[int] = []
    monkeypatch.setattr(worker.gc, "freeze", lambda: froze.append(1))
    app_module._import_for_start()
    app_module._import_for_start()
    assert froze == [1, 1]
    assert worker.freeze_long_lived() is True
    assert froze == [1, 1, 1]


def test_the_main_window_freezes_after_its_views_code_is_imported(qtbot, monkeypatch,
                                                                 services) -> None:
    from ui.helpers import open_window

    monkeypatch.setattr(worker, "_frozen", False)
    froze: list[int] = []
    monkeypatch.setattr(worker.gc, "freeze", lambda: froze.append(1))
    open_window(qtbot, services)
    qtbot.waitUntil(lambda: froze == [1], timeout=30_000)


class _Node:
    """An object in a cycle with itself: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def walks() -> Iterator[list[int]]:
    """The generation of every collection run while the test does (gc.callbacks)."""
    seen: list[int] = []

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(record)
    yield seen
    gc.callbacks.remove(record)


@pytest.fixture
def moved() -> Iterator[tuple[list[float], list[float], worker.MainThreadGarbageCollector]]:
    """A collector on a clock and an idle source moved by hand (its timer never fires)."""
    now, idle = [0.0], [0.0]
    collector = worker.MainThreadGarbageCollector(
        interval_ms=3_600_000, clock=lambda: now[0], idle_seconds=lambda: idle[0])
    try:
        yield now, idle, collector
    finally:
        collector.stop()
        gc.disable()
    assert gc.get_freeze_count() == 0  # stop gives everything back


def test_survivors_are_frozen_and_the_whole_heap_is_walked_only_in_a_pause(moved, walks) -> None:
    """Issue 21: the first full collection after the start walked everything the first views
    had made (40-80 ms of the GUI thread), and every THAW_EVERY_S a walk of the whole heap took
    150-200 ms. Survivors of the young walks are frozen, so no collection walks the old
    generation; the whole heap is walked again after THAW_EVERY_S, once the person pauses
    (THAW_IDLE_S without input), and a cycle that died among the frozen objects is freed then."""
    now, idle, collector = moved
    node = _Node()
    alive = weakref.ref(node)
    collector.collect_all()
    assert gc.get_freeze_count() > 0
    del node
    collector.collect_all()
    assert alive() is not None, "a frozen object was walked before its thaw"
    now[0] += worker.THAW_EVERY_S
    idle[0] = worker.THAW_IDLE_S - 1  # someone is working
    collector.collect_all()
    collector.collect()
    assert alive() is not None, "the whole heap was walked while someone worked"
    assert walks and max(walks) < 2, "a collection walked the old generation"
    idle[0] = worker.THAW_IDLE_S
    collector.collect()
    assert alive() is None, "the thaw did not free the dead cycle"
    assert walks[-1] == 2


def test_without_a_pause_the_whole_heap_is_still_walked_at_the_latest(moved) -> None:
    """Dead cycles among frozen objects must be freed even if nobody ever pauses."""
    now, idle, collector = moved
    node = _Node()
    alive = weakref.ref(node)
    collector.collect_all()
    del node
    now[0] += worker.THAW_LATEST_S - 1
    collector.collect()
    assert alive() is not None
    now[0] += 1
    collector.collect()
    assert alive() is None, "the dead cycle was never freed"


def test_a_young_generation_too_large_for_one_turn_is_frozen_unwalked(moved, walks) -> None:
    """A worker's import of scipy or matplotlib left 100,000-150,000 objects in the youngest
    generation, walked in 35-55 ms on the GUI thread: more than WALK_MOST are frozen instead,
    and a cycle among them that dies is freed at the next thaw."""
    now, idle, collector = moved
    collector.collect_all()
    frozen = gc.get_freeze_count()
    batch: list[object] = [[] for _ in range(worker.WALK_MOST + 1)]
    batch.append(_Node())
    alive = weakref.ref(batch[-1])
    walks.clear()
    collector.collect()
    assert walks == [], "the large young generation was walked"
    assert gc.get_freeze_count() >= frozen + worker.WALK_MOST
    del batch
    now[0] += worker.THAW_EVERY_S
    idle[0] = worker.THAW_IDLE_S
    collector.collect()
    assert alive() is None


def test_a_middle_generation_too_large_for_one_turn_is_frozen_after_a_young_walk(moved,
                                                                                walks) -> None:
    """Survivors of young walks add up in the middle generation; once more than WALK_MOST
    would be walked at once, the youngest is walked (its dead cycles freed now) and the middle
    one frozen unwalked."""
    _now, _idle, collector = moved
    collector.collect_all()
    half = worker.WALK_MOST // 2 + 1
    kept = [[[] for _ in range(half)]]
    walks.clear()
    collector.collect()  # the first half walked: now in the middle generation
    assert walks == [0]
    frozen = gc.get_freeze_count()
    kept.append([[] for _ in range(half)])
    alive = weakref.ref(_Node())  # died young: its walk frees it
    collector.collect()
    assert walks == [0, 0], "the middle generation was walked"
    assert alive() is None
    assert gc.get_freeze_count() >= frozen + 2 * half, "the middle generation was not frozen"
    del kept


def test_the_last_input_is_any_input_in_the_focus_window(qtbot) -> None:
    """The pause the thaw waits for (kaizen.ui.idle.LastInput): input in the window that has the
    focus, a mouse moving over it too, and a window newly focused."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    from kaizen.ui.idle import LastInput

    now = [0.0]
    last = LastInput(clock=lambda: now[0])
    first, second = QWidget(), QWidget()
    for widget in (first, second):
        qtbot.addWidget(widget)
        widget.show()
        qtbot.waitExposed(widget)
    for step, widget in enumerate((first, second)):
        now[0] += 100
        widget.activateWindow()
        qtbot.waitUntil(lambda w=widget: QApplication.focusWindow() is w.windowHandle())
        assert last.idle_seconds() == 0  # a window newly focused
        now[0] += 100
        QTest.mouseMove(widget.windowHandle(), QPoint(5 + step, 5))  # a move, not the same place
        assert last.idle_seconds() == 0
        now[0] += 100
        QTest.keyClick(widget.windowHandle(), Qt.Key.Key_A)
        assert last.idle_seconds() == 0
    now[0] += 100
    QTest.keyClick(first.windowHandle(), Qt.Key.Key_A)  # not the focus window: not watched
    assert last.idle_seconds() == 100
    shiboken6.delete(last)
