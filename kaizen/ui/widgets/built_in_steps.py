"""A view's hidden parts built after its first show, one step per turn of the event loop
(issue 21: the GUI thread never blocked over 50 ms).

A view whose first show built every widget at once held the GUI thread for the whole build
(What-if: 37 ms of widgets before Qt styled and showed them). :func:`build_in_steps` runs the
steps one at a time from the event loop, so Qt paints and answers between them; until the last
step ran, the view is a :class:`~kaizen.ui.widgets.lazy_tabs.BuiltOnFirstUse` with the rest
pending, so code reading a part not made yet (a loaded slot, a test, a link from another view)
makes all the steps left at once and finds the same widgets as before.

The parts built this way must be hidden at first (a stacked page not current yet) or be fine
to appear a moment after the rest: each step adds its widgets to containers already in place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QObject, QTimer

from kaizen.ui.widgets.lazy_tabs import BuiltOnFirstUse


class _Steps:
    def __init__(self, view: BuiltOnFirstUse, steps: Sequence[Callable[[], None]],
                 then: Callable[[], None] | None, names: Iterable[str] | None) -> None:
        self.view = view
        self.steps = list(steps)
        self.then = then
        self.hops = 2  # the first step two turns away (see build_in_steps)
        view.build_later(self.run_all, names)
        assert isinstance(view, QObject)
        # A timer of the view's own, not a call posted to the view (a posted call runs before
        # the paints Qt posts, so a step would share a turn with the paint before it); a view
        # closed meanwhile takes its timer, and the steps left, with it.
        self.timer = QTimer(view)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.next)

    def run_all(self) -> None:
        """Every step left, now (BuiltOnFirstUse cleared the pending build first)."""
        while self.steps:
            self.steps.pop(0)()
        self._finish()

    def next(self) -> None:
        if not self.steps:  # all made already, on first use
            return
        if self.hops > 1:
            self.hops -= 1
            self._schedule()
            return
        self.steps.pop(0)()
        if self.steps:
            self._schedule()
            return
        self.view.__dict__["_pending_build"] = None  # as build_now does: the view is whole
        self._finish()

    def _finish(self) -> None:
        then, self.then = self.then, None
        if then is not None:
            then()

    def _schedule(self) -> None:
        self.timer.start()


def build_in_steps(view: BuiltOnFirstUse, steps: Sequence[Callable[[], None]],
                   then: Callable[[], None] | None = None,
                   names: Iterable[str] | None = None) -> None:
    """Run ``steps`` (in order) one per turn of the event loop, starting after the next turn
    (the paint of a view being shown), then ``then``; all of those left at once if an
    attribute missing from ``view`` is read before (:meth:`BuiltOnFirstUse.build_later`),
    or with ``names``, one of those (a view whose other parts are all made at once, read by
    ``getattr(view, name, None)`` probes that must not make the rest)."""
    # Two turns away: the show under way paints in the next turn, and a step queued now
    # would run in that same turn before the paint, held as one stall with it.
    _Steps(view, steps, then, names)._schedule()
