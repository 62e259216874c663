"""The charts' x and y axes: matplotlib's, placing and measuring their ticks once per pass.

Matplotlib's ``Axis.draw`` places its ticks (locator, formatter, every tick moved and its label
set) and measures every tick label, then does both again to place the axis label beside them
(``_update_label_position`` asks each "sibling" axis, by default the axis itself); the layout's
``Axis.get_tightbbox`` does the same pair twice. Nothing changes in between (drawing a tick
moves no tick), so within one draw or one measurement the second answer is the first one:
:class:`OncePerPass` keeps it for the length of that call only, and the next call starts afresh
(the layout moves the Axes between its measurement and the draw). A tenth of a dashboard
chart's time (issue 21); the pixels are the same.

A new tick is made with the axis' tick keywords (``tick_params`` keeps them), and matplotlib
then copies every property of the first tick onto it (``_copy_tick_props``): each of its three
lines deep-copies its marker, a third of a tick's making, to give it what it was made with. Our
charts set ticks through ``tick_params`` only (a tick changed by hand is one already made, as
the scenario chart colours its labels), so :class:`OncePerPass` axes skip that copy.
"""

from __future__ import annotations

from typing import Any

from matplotlib.artist import allow_rasterization
from matplotlib.axis import XAxis, YAxis


class OncePerPass:
    """Mixin for an Axis: ``_update_ticks`` and ``_get_ticklabel_bboxes`` answered once per
    ``draw`` / ``get_tightbbox`` call, new ticks not copied from the first (see the module
    notes)."""

    _pass: dict[Any, Any] | None = None

    def _copy_tick_props(self, src: Any, dest: Any) -> None:
        # Made from the same tick keywords as ``src`` (see the module notes); what the keywords
        # do not hold is the clipping ``Axis.set_clip_path`` gave the ticks made so far (the
        # grid lines stop at the Axes' edge), copied as ``Artist.update_from`` copies it.
        if src is None or dest is None:
            return
        for before, after in ((src, dest), (src.gridline, dest.gridline),
                              (src.tick1line, dest.tick1line), (src.tick2line, dest.tick2line),
                              (src.label1, dest.label1), (src.label2, dest.label2)):
            after.clipbox = before.clipbox
            after._clippath = before._clippath
            after._clipon = before._clipon

    def _update_ticks(self) -> Any:
        memo = self._pass
        if memo is None:
            return super()._update_ticks()  # type: ignore[misc]
        if "ticks" not in memo:
            memo["ticks"] = super()._update_ticks()  # type: ignore[misc]
        return memo["ticks"]

    def _get_ticklabel_bboxes(self, ticks: Any, renderer: Any) -> Any:
        memo = self._pass
        if memo is None:
            return super()._get_ticklabel_bboxes(ticks, renderer)  # type: ignore[misc]
        key = ("boxes", id(renderer), tuple(id(tick) for tick in ticks))
        if key not in memo:
            memo[key] = super()._get_ticklabel_bboxes(ticks, renderer)  # type: ignore[misc]
        return memo[key]

    def _in_one_pass(self, method: Any, *args: Any, **kwargs: Any) -> Any:
        if self._pass is not None:  # already inside a pass of this axis
            return method(*args, **kwargs)
        self._pass = {}
        try:
            return method(*args, **kwargs)
        finally:
            self._pass = None

    @allow_rasterization  # as Axis.draw is
    def draw(self, renderer: Any) -> None:
        self._in_one_pass(super().draw, renderer)  # type: ignore[misc]

    def get_tightbbox(self, renderer: Any = None, *, for_layout_only: bool = False) -> Any:
        return self._in_one_pass(super().get_tightbbox, renderer,  # type: ignore[misc]
                                 for_layout_only=for_layout_only)


class ChartXAxis(OncePerPass, XAxis):
    """The charts' x axis (see :class:`OncePerPass`)."""


class ChartYAxis(OncePerPass, YAxis):
    """The charts' y axis (see :class:`OncePerPass`)."""
