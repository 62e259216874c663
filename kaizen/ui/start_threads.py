"""The start's own threads and waits: work beside the window while it paints and answers.

:class:`BackgroundThread` runs one function in a plain thread (the start-up imports, opening the
database, the file check: no Qt in them) and keeps its result or error for the GUI thread.
:func:`wait_first_paint` and :func:`wait_painting` run a local event loop meanwhile, so the
window paints and answers while the start waits for them (see :func:`kaizen.ui.app.run_gui`);
a wait on such a thread ends when the thread says it is done (a queued signal), not at a poll.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kaizen.ui import worker


class ThreadNotifier(QObject):
    """A plain thread's "done", carried to a waiting event loop as a queued signal."""

    finished = Signal()


class BackgroundThread:
    """One function in a plain thread (no Qt in it), its result or error kept for the GUI."""

    def __init__(self, fn: Callable[[], Any], name: str, *, start: bool = True) -> None:
        self.result_value: Any = None
        self.error: BaseException | None = None
        self._done = threading.Event()
        self.notifier = ThreadNotifier()
        self._thread = threading.Thread(target=self._run, args=(fn,), name=name, daemon=True)
        self._start_lock = threading.Lock()
        self._started = False
        if start:
            self.start()

    def start(self) -> None:
        """Start the thread (once; later calls do nothing). Any thread may call it."""
        with self._start_lock:
            if not self._started:
                self._started = True
                # The start-up threads (imports, opening, the file check) run beside the first
                # paints: their Python takes the GIL in short turns, as the pool's workers do.
                worker.shorten_gil_turns()
                self._thread.start()

    def _run(self, fn: Callable[[], Any]) -> None:
        try:
            self.result_value = fn()
        except BaseException as exc:  # handed to the GUI thread, which decides
            self.error = exc
        finally:
            self._done.set()
            self.notifier.finished.emit()  # ends a wait_painting on this thread

    def done(self) -> bool:
        return self._done.is_set()

    def result(self) -> Any:
        """What the function returned, once it has (starting it if it was not); raises what
        it raised."""
        self.start()
        self._done.wait()
        if self.error is not None:
            raise self.error
        return self.result_value


# How long the start waits for the window's first paint before it goes on regardless (a window
# the system does not show, minimised or on a desktop that is away, sends no paint).
FIRST_PAINT_WAIT_MS = 500


class _FirstPaint(QObject):
    """Ends ``loop`` at the first paint of the widget it watches."""

    def __init__(self, loop: QEventLoop) -> None:
        super().__init__()
        self.loop = loop
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            # Once this paint is done: the picture is on screen when the loop returns.
            QTimer.singleShot(0, self, self.loop.quit)
        return False


def wait_first_paint(window: QWidget, limit_ms: int = FIRST_PAINT_WAIT_MS) -> bool:
    """Run the event loop until ``window`` has painted once (True) or ``limit_ms`` passed.

    Issue 21: the first picture (the last dashboard kept from the previous run, or the
    "Loading…" outline) is what the person sees within half a second. The start-up imports
    (SQLAlchemy, the services: most of a second of CPU, holding Python's GIL) begin after it,
    so on a busy machine they do not take the GUI thread's turns while it paints.
    """
    loop = QEventLoop()
    watch = _FirstPaint(loop)
    limit = QTimer()
    limit.setSingleShot(True)
    limit.timeout.connect(loop.quit)
    window.installEventFilter(watch)
    limit.start(limit_ms)
    loop.exec()
    limit.stop()
    window.removeEventFilter(watch)
    return watch.painted


# How often a wait on a plain condition asks it again.
POLL_MS = 5


def wait_painting(done: Callable[[], bool] | BackgroundThread) -> None:
    """Run a local event loop until ``done()`` (or the thread ``done`` is done): the window
    paints and answers meanwhile.

    A thread ends the wait itself. Asking every 5 ms woke the GUI thread 200 times a second,
    each time taking Python's GIL from the thread it waits for: on a busy machine each such
    hand-over waits for the system to run the other thread again (issue 21)."""
    thread = done if isinstance(done, BackgroundThread) else None
    finished = done.done if isinstance(done, BackgroundThread) else done
    if finished():
        return
    loop = QEventLoop()
    timer = QTimer()
    if thread is not None:
        # Queued to this thread's loop (the loop lives here); asked once more after connecting,
        # as the thread may have ended just before.
        thread.notifier.finished.connect(loop.quit)
        if finished():
            thread.notifier.finished.disconnect(loop.quit)
            return
    else:
        timer.setInterval(POLL_MS)
        timer.timeout.connect(lambda: loop.quit() if finished() else None)
        timer.start()
    loop.exec()
    timer.stop()
    if thread is not None:
        thread.notifier.finished.disconnect(loop.quit)
