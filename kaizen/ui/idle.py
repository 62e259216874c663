"""How long nobody has used the app: signing supervisors and admins out of a shared PC after a
set idle time (issue 16), and the garbage collector's long walk left for a pause (issue 21).

:class:`IdleSignOut` watches the application's input (keys, clicks, the wheel) and, on each
:meth:`IdleSignOut.tick`, signs out a PIN-confirmed person who has been idle for the site's
``idle_signout_minutes`` (a site setting; 0 keeps them signed in). Staff need no PIN, so they
are never signed out. The clock is injected and the check is an explicit ``tick()``: the app's
timer calls it every few seconds, and tests call it after moving their clock, never by waiting.

:class:`LastInput` tells how long ago any input arrived in the app's focused window (a mouse
moving over it included: someone is there); :class:`kaizen.ui.worker.MainThreadGarbageCollector`
walks the whole heap only after a pause. It watches that one window, not the application: an
application-wide filter is a Python call for each of the thousands of events a view's build
sends, and every window the person types into is the focus window in turn.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QApplication

from kaizen.ui.who_picker import WhoPicker

TICK_MS = 15_000
# Input that shows someone is at the keyboard (a mouse merely passing over is not).
_ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
})

Clock = Callable[[], float]  # seconds, monotonic


class IdleSignOut(QObject):
    """Signs the picker's person out after ``minutes`` without input; ``signedOut(person)``."""

    signedOut = Signal(object)

    def __init__(self, picker: WhoPicker, *, clock: Clock = time.monotonic,
                 start_timer: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent or picker)
        self.picker = picker
        self.clock = clock  # public so a test can move time by hand
        self.minutes = 0
        self._last_input = clock()
        picker.personChanged.connect(self._on_person_changed)
        self._watching = False
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        if start_timer:
            self.timer.start()

    def set_minutes(self, minutes: int) -> None:
        """The site's idle time (0: never sign out)."""
        self.minutes = max(0, int(minutes))

    def touch(self) -> None:
        """Someone used the app just now."""
        self._last_input = self.clock()

    def idle_seconds(self) -> float:
        return self.clock() - self._last_input

    def tick(self) -> bool:
        """Sign out when a PIN-confirmed person has been idle too long; True when it did."""
        person = self.picker.current_person
        if self.minutes <= 0 or person is None or not person.role.needs_pin:
            return False
        if self.idle_seconds() < self.minutes * 60:
            return False
        self.picker.sign_out()
        self.signedOut.emit(person)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self._last_input = self.clock()
        return False

    def _on_person_changed(self, person: object) -> None:
        self.touch()  # a new sign-in starts its own idle time
        # Watch the input only while someone who can be signed out is working: an app-wide
        # filter sees every event, and staff (no PIN) are never signed out.
        needs = bool(person is not None and person.role.needs_pin)  # type: ignore[attr-defined]
        app = QApplication.instance()
        if app is None or needs == self._watching:
            return
        if needs:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching = needs


# Input on a window, a mouse moving over it too (LastInput: someone is at the app).
_PRESENCE = _ACTIVITY | {QEvent.Type.MouseMove, QEvent.Type.KeyRelease,
                         QEvent.Type.MouseButtonRelease, QEvent.Type.TouchUpdate}


class LastInput(QObject):
    """Seconds since the last input in the app's focus window (:meth:`idle_seconds`); a new
    focus window counts as input. No focus window (the person works in another program): idle."""

    def __init__(self, *, clock: Clock = time.monotonic, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self._last_input = clock()
        self._window: QWindow | None = None
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self._watch)
            self._watch(app.focusWindow())

    def idle_seconds(self) -> float:
        return self.clock() - self._last_input

    def touch(self) -> None:
        """Someone used the app just now."""
        self._last_input = self.clock()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _PRESENCE:
            self._last_input = self.clock()
        return False

    def _watch(self, window: QWindow | None) -> None:
        if self._window is not None and shiboken6.isValid(self._window):
            self._window.removeEventFilter(self)
        self._window = window
        if window is not None:
            window.installEventFilter(self)
            self.touch()
