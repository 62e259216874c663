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

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer

from kaizen.ui.widgets.lazy_tabs import BuiltOnFirstUse


class _Steps:
    def __init__(self, view: BuiltOnFirstUse, steps: Sequence[Callable[[], None]],
                 then: Callable[[], None] | None) -> None:
        self.view = view
        self.steps = list(steps)
        self.then = then
        view.build_later(self.run_all)

    def run_all(self) -> None:
        """Every step left, now (BuiltOnFirstUse cleared the pending build first)."""
        while self.steps:
            self.steps.pop(0)()
        self._finish()

    def next(self) -> None:
        if not self.steps:  # all made already, on first use
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
        view = self.view
        assert isinstance(view, QObject)
        # With the view as the context: a view closed meanwhile cancels the rest.
        QTimer.singleShot(0, view, self.next)


def build_in_steps(view: BuiltOnFirstUse, steps: Sequence[Callable[[], None]],
                   then: Callable[[], None] | None = None) -> None:
    """Run ``steps`` (in order) one per turn of the event loop, starting after the next
    turn (the paint of a view being shown), then ``then``; all of those left at once if an attribute missing from ``view`` is
    read before (:meth:`BuiltOnFirstUse.build_later` with no names)."""
    steps_ = _Steps(view, steps, then)
    # Two turns away: the show under way paints in the next turn, and a step queued now
    # would run in that same turn before the paint, held as one stall with it.
    QTimer.singleShot(0, view, steps_._schedule)
