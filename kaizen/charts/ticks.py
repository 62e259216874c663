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
the scenario chart colours its labels), so :class:`OncePerPass` axes skip that copy; the
clipping the axis gives its ticks (``set_clip_path``: grid lines stop at the Axes' edge) is
given to each tick as it is made, rather than by making the first major and minor tick
beforehand: a hidden axis, and the minor ticks none of our charts show, are never made.

Making a tick (three Line2D and two Text, each through its property setters) was still a quarter
of a dashboard chart's CPU, and an axis' ticks are all made from the same keywords: each axis
makes one and copies the others from it (:func:`_copy_tick`, 0.01 ms against 0.23 ms), until
its tick keywords change (``tick_params``) or its ticks are reset (a spine moved).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.artist import Artist, allow_rasterization
from matplotlib.axis import XAxis, XTick, YAxis, YTick
from matplotlib.cbook import CallbackRegistry
from matplotlib.lines import Line2D
from matplotlib.text import Text


class _NoneMadeYet:
    """An axis' list of minor ticks, empty until a tick is wanted: matplotlib's lazy list makes
    a first tick when the list is only read (a spine's extent reads it to look for a drawn minor
    tick among them), a tick made to be thrown away, once per axis and pass."""

    def __get__(self, instance: Any, owner: Any) -> Any:
        if instance is None:
            return self
        ticks: list[Any] = []
        instance.__dict__["minorTicks"] = ticks
        return ticks


class OncePerPass:
    """Mixin for an Axis: ``_update_ticks`` and ``_get_ticklabel_bboxes`` answered once per
    ``draw`` / ``get_tightbbox`` call, new ticks not copied from the first (see the module
    notes)."""

    _pass: dict[Any, Any] | None = None
    minorTicks = _NoneMadeYet()

    _clip: tuple[Any, Any] | None = None
    # Per kind (major: True), the tick keywords and a fresh tick made with them, which each new
    # tick of the kind is copied from while the keywords are the same (see _copy_tick).
    _models: dict[bool, tuple[dict[str, Any], Any]] | None = None

    def set_clip_path(self, path: Any, transform: Any = None) -> None:
        # As Axis.set_clip_path, without making the first major and minor tick only to clip
        # them: a tick made later is clipped in _get_tick. An axis never drawn (the twin's
        # hidden x axis) or with no minor ticks (all ours) then makes none of them.
        Artist.set_clip_path(self, path, transform)
        self._clip = (path, transform)
        for name in ("majorTicks", "minorTicks"):
            for tick in self.__dict__.get(name, ()):  # only the ticks made already
                tick.set_clip_path(path, transform)
        self.stale = True

    def set_tick_params(self, which: str = "major", reset: bool = False,
                        **kwargs: Any) -> None:
        # As Axis.set_tick_params, which keeps the keywords for the ticks to come and applies
        # them to the ticks made already, making the first of each kind if none is (matplotlib's
        # Axes makes its minor ones so, to set where they show). A tick not made yet is made
        # with the keywords: the lists stay unmade until a tick is asked for.
        unmade = [name for name in ("majorTicks", "minorTicks") if name not in self.__dict__]
        for name in unmade:
            self.__dict__[name] = []
        try:
            super().set_tick_params(which, reset, **kwargs)  # type: ignore[misc]
        finally:
            for name in unmade:
                if self.__dict__.get(name) == []:
                    del self.__dict__[name]

    def get_major_ticks(self, numticks: int | None = None) -> Any:
        if numticks is None:
            numticks = len(self.get_majorticklocs())
        if not numticks and "majorTicks" not in self.__dict__:
            return []  # none wanted: the first is not made just to be left out
        return super().get_major_ticks(numticks)  # type: ignore[misc]

    def get_minor_ticks(self, numticks: int | None = None) -> Any:
        if numticks is None:
            numticks = len(self.get_minorticklocs())
        if not numticks and "minorTicks" not in self.__dict__:
            return []  # asked for by get_children (the literal-text pass): none shown
        return super().get_minor_ticks(numticks)  # type: ignore[misc]

    def _get_tick(self, major: bool) -> Any:
        kw = self._major_tick_kw if major else self._minor_tick_kw  # type: ignore[attr-defined]
        model = self._models.get(major) if self._models is not None else None
        if model is not None and _same_keywords(model[0], kw):
            tick = _copy_tick(model[1])
        else:
            tick = super()._get_tick(major)  # type: ignore[misc]
            for label in (tick.label1, tick.label2):  # see literal_labels
                label.set_parse_math(False)
                label.set_usetex(False)
            if self._models is None:
                self._models = {}
            # Copied before anything draws or moves it: a tick as the keywords make it.
            self._models[major] = (dict(kw), _copy_tick(tick))
        made = self.__dict__.get("majorTicks" if major else "minorTicks")
        if made:  # clipped as the first one is, as Artist.update_from copies clipping
            first = made[0]
            for before, after in ((first, tick), (first.gridline, tick.gridline)):
                after.clipbox = before.clipbox
                after._clippath = before._clippath
                after._clipon = before._clipon
        elif self._clip is not None:
            tick.set_clip_path(*self._clip)
        return tick

    #: Every tick label is drawn as typed (no TeX math: ``kaizen.charts.style.literal_text``
    #: need not visit the ticks, each made or copied with math parsing off).
    literal_labels = True

    def reset_ticks(self) -> None:
        # A spine moved or the axis cleared: its ticks are made afresh, so is their model.
        self._models = None
        super().reset_ticks()  # type: ignore[misc]

    def _copy_tick_props(self, src: Any, dest: Any) -> None:
        # Made from the same tick keywords as ``src`` and clipped as it is (see the module
        # notes): nothing to copy.
        return None

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


class LeanTick:
    """Mixin for a Tick: drawn as ``Tick.draw`` draws it, its hidden parts and a tick line of
    no length (``tick_params(length=0)``: a category axis) skipped rather than asked to draw
    nothing; each asked was a call through matplotlib's draw wrappers, and a line of no length
    computed its path and markers to draw no pixel (a twentieth of a dashboard chart)."""

    @allow_rasterization  # as Tick.draw is
    def draw(self, renderer: Any) -> None:
        if not self.get_visible():  # type: ignore[attr-defined]
            self.stale = False
            return
        renderer.open_group(self.__name__, gid=self.get_gid())  # type: ignore[attr-defined]
        for artist in (self.gridline, self.tick1line, self.tick2line,  # type: ignore[attr-defined]
                       self.label1, self.label2):  # type: ignore[attr-defined]
            if not artist.get_visible():
                continue
            if artist is not self.gridline and isinstance(artist, Line2D) and \
                    not artist.get_markersize():  # type: ignore[attr-defined]
                continue
            artist.draw(renderer)
        renderer.close_group(self.__name__)  # type: ignore[attr-defined]
        self.stale = False


class ChartXTick(LeanTick, XTick):
    """The charts' x tick (see :class:`LeanTick`)."""


class ChartYTick(LeanTick, YTick):
    """The charts' y tick (see :class:`LeanTick`)."""


class ChartXAxis(OncePerPass, XAxis):
    """The charts' x axis (see :class:`OncePerPass`)."""

    _tick_class = ChartXTick


class ChartYAxis(OncePerPass, YAxis):
    """The charts' y axis (see :class:`OncePerPass`)."""

    _tick_class = ChartYTick


def _same_keywords(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """True when two tick keyword dicts hold the same values (a colour may be an array)."""
    try:
        return a.keys() == b.keys() and all(
            a[k] is b[k] or bool(np.all(a[k] == b[k])) for k in a)
    except (TypeError, ValueError):
        return False


def _copy_artist(artist: Any) -> Any:
    """A copy of a Line2D or Text of a fresh tick: its attributes shared (each is replaced,
    not changed in place, when the artist is set: data, colours, transforms, markers), but for
    the two that are changed in place: the callbacks and a text's font properties."""
    copy = object.__new__(type(artist))
    copy.__dict__.update(artist.__dict__)
    copy._callbacks = CallbackRegistry(signals=["pchanged"])
    if isinstance(artist, Text):
        copy._fontproperties = artist.get_fontproperties().copy()
    return copy


def _copy_tick(tick: Any) -> Any:
    """A new tick as ``tick`` was made (at location 0, nothing drawn yet): its five artists
    copied rather than made, an eighth of the time (``Tick.__init__`` builds three Line2D and
    two Text through their property setters; issue 21)."""
    copy = object.__new__(type(tick))
    copy.__dict__.update(tick.__dict__)
    copy._callbacks = CallbackRegistry(signals=["pchanged"])
    for name in ("tick1line", "tick2line", "gridline", "label1", "label2"):
        setattr(copy, name, _copy_artist(getattr(tick, name)))
    return copy
