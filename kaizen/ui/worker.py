"""Run slow work off the GUI thread and hear about it back on the GUI thread.

One helper, in the spirit of Anki's ``op``/``success``: :func:`run_in_background` runs a function
on ``QThreadPool.globalInstance()`` and delivers its result (``succeeded``) or its exception
(``failed``) by signal on the main thread, then ``finished``. Progress reported from the worker
(``progress(done, total)``) is marshalled to the main thread too.

The function runs on a pool thread, so it must not touch (or even capture) widgets or other Qt
objects; it calls services, which open their own sessions. Callbacks given to
:func:`run_in_background` run on the main thread, and are dropped if their ``owner`` widget was
deleted meanwhile.

Tests wait with ``qtbot.waitSignal(task.finished)`` and call :func:`wait_for_all` at teardown.
The pool thread never holds a :class:`Task` (or any Qt object): it knows the task by id and
reports through a relay object living on the main thread.

While a pool thread runs Python, the GUI thread gets the GIL back only when the interpreter's
switch interval has passed: 5 ms by default, paid again after every Qt call that released it
(a paint makes dozens), so one busy worker stretched a 10 ms paint past 100 ms (issue 21). The
first task started sets it to :data:`GIL_SWITCH_S`.

Python's cyclic garbage collector runs on whichever thread happens to allocate when a threshold
is crossed; if that is a pool thread and the garbage holds Qt objects, Qt deletes them off the
GUI thread and crashes. :class:`MainThreadGarbageCollector` (as Anki does) switches automatic
collection off and collects from a timer on the main thread instead. While the app starts
(:func:`hold_collections`) it does not collect: a collection then walked everything the start
had made since the imports were frozen, 40-50 ms of the GUI thread between the first paint and
the filled dashboard (issue 21); once the views' code is imported and frozen, it is cheap.
The collector walks only the young generations; what survives them is frozen (the session's
long-lived objects: the views, their models, caches), and the whole heap is walked again every
:data:`THAW_EVERY_S` only once the person pauses (:data:`THAW_IDLE_S` without input), so its
150-200 ms never meet a click (see :class:`MainThreadGarbageCollector`).
"""

from __future__ import annotations

import gc
import itertools
import logging
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import shiboken6
from PySide6.QtCore import (
    SIGNAL,
    QCoreApplication,
    QDeadlineTimer,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]

# Tasks stay referenced here, by id, from start until their outcome is delivered. The pool thread
# only ever sees the id: if it held the Task, its last reference could be dropped there, and
# PySide would then clean up a QObject off the GUI thread.
_active: dict[int, Task] = {}
_ids = itertools.count(1)
_synchronous = False
_FAILED_SIGNATURE = SIGNAL("failed(PyObject)")
# How long a pool thread may keep the GIL while the GUI thread waits for it (see the notes).
GIL_SWITCH_S = 0.0005


class _Relay(QObject):
    """Lives on the main thread; pool threads emit on it, Qt queues the calls to the main loop."""

    done = Signal(int, bool, object, str)  # task id, ok, result or exception, traceback text
    progressed = Signal(int, int, int)  # task id, done, total

    def __init__(self) -> None:
        super().__init__(QCoreApplication.instance())
        self.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)

    @Slot(int, bool, object, str)
    def _on_done(self, task_id: int, ok: bool, payload: object, traceback_text: str) -> None:
        task = _active.pop(task_id, None)
        if task is not None:
            task._deliver(ok, payload, traceback_text)

    @Slot(int, int, int)
    def _on_progress(self, task_id: int, done: int, total: int) -> None:
        task = _active.get(task_id)
        if task is not None:
            task.progress.emit(done, total)


_relay_instance: _Relay | None = None


def _relay() -> _Relay:
    global _relay_instance
    if _relay_instance is None or not shiboken6.isValid(_relay_instance):
        _relay_instance = _Relay()
    return _relay_instance


class Task(QObject):
    """One piece of background work and the signals that report on it (on the main thread).

    After ``finished``: ``done`` is True and ``result`` or ``error`` (with ``traceback_text``)
    holds the outcome.
    """

    succeeded = Signal(object)
    failed = Signal(object)  # the exception raised by the function
    progress = Signal(int, int)  # done, total
    finished = Signal()

    def __init__(self, name: str) -> None:
        super().__init__()
        self.id = next(_ids)
        self.name = name
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.traceback_text = ""

    def _deliver(self, ok: bool, payload: object, traceback_text: str = "") -> None:
        """Called on the main thread (by the relay's slot, not one of this task's own)."""
        self.done = True
        try:
            if ok:
                self.result = payload
                self.succeeded.emit(payload)
            else:
                assert isinstance(payload, BaseException)
                self.error = payload
                self.traceback_text = traceback_text
                if not self.receivers(_FAILED_SIGNATURE):  # nobody listens: never swallow it
                    log.error("Background task %s failed:\n%s", self.name,
                              traceback_text or repr(payload))
                self.failed.emit(payload)
        finally:
            self.finished.emit()


def _execute(task_id: int, fn: Callable[..., Any], with_progress: bool) -> None:
    """The work itself, on a pool thread (or inline in synchronous mode)."""
    relay = _relay_instance
    assert relay is not None

    def report(done: int, total: int) -> None:
        if _synchronous:
            relay._on_progress(task_id, int(done), int(total))
        else:
            relay.progressed.emit(task_id, int(done), int(total))

    traceback_text = ""
    try:
        value = fn(progress=report) if with_progress else fn()
    except BaseException as exc:  # delivered to the caller, never lost
        traceback_text = traceback.format_exc()
        ok, payload = False, exc
    else:
        ok, payload = True, value
    if _synchronous:
        relay._on_done(task_id, ok, payload, traceback_text)
    else:
        relay.done.emit(task_id, ok, payload, traceback_text)


class _Runnable(QRunnable):
    def __init__(self, task_id: int, fn: Callable[..., Any], with_progress: bool) -> None:
        super().__init__()
        self._job = (task_id, fn, with_progress)
        self.setAutoDelete(True)

    def run(self) -> None:
        job, self._job = self._job, None  # type: ignore[assignment]
        _execute(*job)


def _guarded(owner: QObject | None, callback: Callable[..., Any]) -> Callable[..., None]:
    """Wrap a callback so it is skipped once its owner widget has been deleted."""

    def call(*args: Any) -> None:
        if owner is not None and not shiboken6.isValid(owner):
            return
        callback(*args)

    return call


def shorten_gil_turns() -> None:
    """Let a thread beside the GUI keep Python's GIL :data:`GIL_SWITCH_S` at a time at most,
    not CPython's default 5 ms, once any such thread runs (see the module notes)."""
    if sys.getswitchinterval() > GIL_SWITCH_S:
        sys.setswitchinterval(GIL_SWITCH_S)


def run_in_background(
    fn: Callable[..., Any],
    *,
    on_success: Callable[[Any], Any] | None = None,
    on_failure: Callable[[BaseException], Any] | None = None,
    on_progress: ProgressFn | None = None,
    with_progress: bool = False,
    owner: QObject | None = None,
    name: str = "",
) -> Task:
    """Run ``fn()`` on the global thread pool; deliver its outcome on the main thread.

    With ``with_progress=True`` the function is called as ``fn(progress=report)``, where
    ``report(done, total)`` may be called from the worker; ``on_progress`` then receives it on
    the main thread. Callbacks are connected before the work starts, so none can be missed.
    """
    _relay()  # make sure it exists, created here on the main thread
    shorten_gil_turns()
    task = Task(name or getattr(fn, "__qualname__", "task"))
    if on_success is not None:
        task.succeeded.connect(_guarded(owner, on_success))
    if on_failure is not None:
        task.failed.connect(_guarded(owner, on_failure))
    if on_progress is not None:
        task.progress.connect(_guarded(owner, on_progress))
    _active[task.id] = task
    if _synchronous:
        _execute(task.id, fn, with_progress)
    else:
        QThreadPool.globalInstance().start(_Runnable(task.id, fn, with_progress))
    return task


class Latest:
    """Run requests for one screen element so that only the newest one's outcome is delivered.

    A page that loads "the map for the process picked" may have several loads in flight when
    the person (or a refresh) picks again; pool threads finish in any order, so without this an
    older answer can land after a newer one and show the wrong thing. Each :meth:`run` supersedes
    the ones before it: their results and errors are dropped on arrival.
    """

    def __init__(self) -> None:
        self._generation = 0

    def run(self, fn: Callable[..., Any], *, on_success: Callable[[Any], Any] | None = None,
            on_failure: Callable[[BaseException], Any] | None = None,
            **kwargs: Any) -> Task:
        self._generation += 1
        mine = self._generation

        def current(callback: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
            if callback is None:
                return None
            cb = callback

            def deliver(value: Any) -> Any:
                if mine == self._generation:
                    return cb(value)
                return None

            return deliver

        return run_in_background(fn, on_success=current(on_success),
                                 on_failure=current(on_failure), **kwargs)

    def supersede(self) -> None:
        """Drop whatever is in flight (the element now shows something chosen without a load)."""
        self._generation += 1


_later = 0


def run_later(fn: Callable[[], Any], *, owner: QObject, delay_ms: int = 1) -> None:
    """Run ``fn`` on the GUI thread after ``delay_ms``, skipped if ``owner`` was deleted
    meanwhile: the rest of a long piece of GUI work, so the paints and input already posted
    (and other timers due) are served between its parts (issue 21: never over 50 ms). A
    timer, not a posted call: a posted call runs before the paints Qt posts at low priority.
    Until it has run it counts in :func:`active_tasks`, as a result still to be delivered."""
    global _later
    _later += 1
    call = _guarded(owner, fn)
    ran = False

    def run() -> None:
        global _later
        nonlocal ran
        if ran:
            return
        ran = True
        _later -= 1
        call()

    QTimer.singleShot(delay_ms, run)


def active_tasks() -> int:
    """How many tasks have started and not yet delivered their outcome (GUI work left for
    later by :func:`run_later` included)."""
    return len(_active) + _later


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Block until every task has run and delivered (teardown, quitting). True if all did."""
    pool = QThreadPool.globalInstance()
    deadline = QDeadlineTimer(timeout_ms)
    while active_tasks() and not deadline.hasExpired():
        pool.waitForDone(min(100, max(1, deadline.remainingTime())))
        # Deliver the queued results so their callbacks run on this (the main) thread.
        QCoreApplication.processEvents()
    return active_tasks() == 0


@contextmanager
def synchronous() -> Iterator[None]:
    """Within the block, tasks run and deliver at once on the calling thread (for tests)."""
    global _synchronous
    previous, _synchronous = _synchronous, True
    try:
        yield
    finally:
        _synchronous = previous


_frozen = False


def freeze_long_lived(*, once: bool = True) -> bool:
    """Move every object alive now out of the cyclic GC's reach (``gc.freeze``); the app's one
    place for it. True when this call froze.

    With ``once`` (the default), once per process: called when the app has settled (its views'
    code imported). The modules, classes and functions, about 275,000 objects, are kept for the
    whole run, yet a full collection walked them every time, 100-120 ms on the GUI thread (issue
    21); afterwards it walks what was made since, 12-20 ms. ``once=False`` freezes now whatever
    came before: the start-up's imports, each batch as it is done (kaizen.ui.app), so the first
    collections on the GUI thread do not walk them either. Frozen objects are still freed by
    their reference counts; only cyclic garbage alive at that moment stays (the start-up's).
    Any thread may call it.
    """
    global _frozen
    if once:
        if _frozen:
            return False
        _frozen = True
    gc.freeze()
    return True


_holds = 0
# The longest a start may hold the collections (a first view that never settles, a test that
# never attaches its services): then they run again on their own.
HOLD_LONGEST_MS = 15_000


def hold_collections(longest_ms: int = HOLD_LONGEST_MS) -> Callable[[], None]:
    """No collections by :class:`MainThreadGarbageCollector` until the function returned is
    called (once is enough; later calls do nothing), or ``longest_ms`` has passed. Called on
    the main thread, with the application up."""
    global _holds
    _holds += 1
    released = False

    def release() -> None:
        global _holds
        nonlocal released
        if not released:
            released = True
            _holds -= 1

    QTimer.singleShot(longest_ms, release)
    return release


def collections_held() -> bool:
    """True while a start holds the collections (:func:`hold_collections`)."""
    return _holds > 0


# How often the frozen objects are walked again, once the person pauses (see the class notes).
THAW_EVERY_S = 900.0
# The pause that counts: no input for this long (kaizen.ui.idle.LastInput).
THAW_IDLE_S = 10.0
# Nobody paused for this long since the last walk of the whole heap: it runs anyway, so the dead
# cycles among the frozen objects are freed all the same.
THAW_LATEST_S = 4 * THAW_EVERY_S
# The most objects one collection on the GUI thread walks: about 15-20 ms (0.3-0.4 us each).
WALK_MOST = 50_000


class MainThreadGarbageCollector(QObject):
    """Run Python's cyclic GC from a main-thread timer only; automatic collection is disabled.

    A tick collects the young generations (objects made since the last ticks) when their
    thresholds are crossed. What survives a walk of the middle generation is frozen: it has lived
    through two collections, seconds at least, and is the session's long-lived kind (the views,
    their models, caches), so no collection walks the old generation; the first one after the
    start walked everything the first views had made, 40-80 ms of the GUI thread (issue 21).
    A generation too large to walk in one turn (over :data:`WALK_MOST`: a worker's import of
    matplotlib or scipy left 100,000-150,000 objects in the youngest, walked in 35-55 ms) is
    frozen unwalked, the youngest walked first when it fits.
    Every :data:`THAW_EVERY_S` the frozen objects are given back for one walk of the whole heap,
    so cycles among them that died since (a dialog open for a minute, then closed) are freed:
    that walk takes 150-200 ms, so it waits until nobody has used the app for
    :data:`THAW_IDLE_S`, or :data:`THAW_LATEST_S` at the latest. ``clock`` (monotonic seconds)
    and ``idle_seconds`` (seconds since the last input; :class:`kaizen.ui.idle.LastInput` by
    default) are injected so a test can move time by hand.
    """

    def __init__(self, parent: QObject | None = None, interval_ms: int = 1000, *,
                 clock: Callable[[], float] = time.monotonic,
                 idle_seconds: Callable[[], float] | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        if idle_seconds is None:
            from kaizen.ui.idle import LastInput

            idle_seconds = LastInput(parent=self).idle_seconds
        self._idle_seconds = idle_seconds
        self._thawed_at = clock()
        self._threshold = gc.get_threshold()
        self._older = 0  # about how many objects the middle generation holds
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    @Slot()
    def collect(self) -> int:
        """A tick: the young generations whose counts crossed their thresholds, or the whole
        heap when its walk is due (see the class notes); returns the objects freed. Nothing
        while the start holds the collections (:func:`hold_collections`)."""
        if _holds:
            return 0
        if self._thaw_due():
            return self._thaw()
        count0, count1, _count2 = gc.get_count()
        if count0 <= self._threshold[0]:
            return 0
        return self._collect_young(older=count1 > self._threshold[1])

    def collect_all(self) -> int:
        """What a tick does when every generation's threshold is crossed: the young ones walked
        and their survivors frozen, or the whole heap when its walk is due. Objects freed."""
        if self._thaw_due():
            return self._thaw()
        return self._collect_young(older=True)

    def _collect_young(self, *, older: bool) -> int:
        count0 = gc.get_count()[0]
        if count0 > WALK_MOST:
            gc.freeze()  # too many for one turn: their cycles wait for the next thaw
            self._older = 0
            return 0
        if older and count0 + self._older <= WALK_MOST:
            freed = gc.collect(1)
            gc.freeze()  # the survivors: long-lived
            self._older = 0
            return freed
        freed = gc.collect(0)
        self._older += max(0, count0 - freed)
        if older or self._older > WALK_MOST:
            gc.freeze()  # the middle generation, too large to walk in one turn, waits too
            self._older = 0
        return freed

    def _thaw_due(self) -> bool:
        since = self._clock() - self._thawed_at
        if since < THAW_EVERY_S:
            return False
        return since >= THAW_LATEST_S or self._idle_seconds() >= THAW_IDLE_S

    def _thaw(self) -> int:
        """Every frozen object walked again, with the rest of the heap; the survivors frozen."""
        gc.unfreeze()
        self._thawed_at = self._clock()
        freed = gc.collect(2)
        gc.freeze()
        self._older = 0
        return freed

    def stop(self) -> None:
        """Collect once more and give automatic collection back."""
        self._timer.stop()
        gc.unfreeze()
        gc.collect()
        gc.enable()
