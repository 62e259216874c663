"""Tabs of a ``QTabWidget`` made the first time they are shown or asked for (issue 21).

A view's hidden tabs cost its first show their whole build (widgets made, styled, charts drawn)
although nobody looks at them yet. :class:`LazyTabs` puts an empty placeholder page in their place
and makes the real page when the tab becomes current (a click, a key, ``setCurrentIndex``) or when
code asks for it (:meth:`LazyTabs.page`, e.g. behind a view's property), so tests, links and
keyboard navigation find the same widget as before. The real page then takes the placeholder's
place, with the same text, icon and tooltip, so ``tabs.widget(i)`` and ``currentWidget()`` are the
real page from then on. A page may be filled once it is in its tab (``fill``): built from the
outside in, its widgets are styled once, not again with the whole page when it is put in the tab.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QTabWidget, QWidget


class LazyTabs:
    """The lazily made pages of one ``QTabWidget``, each known by a key."""

    def __init__(self, tabs: QTabWidget) -> None:
        self.tabs = tabs
        self._waiting: dict[str, tuple[QWidget, Callable[[], QWidget],
                                       Callable[[QWidget], object] | None]] = {}
        self._made: dict[str, QWidget] = {}
        self._swapping = False
        tabs.currentChanged.connect(self._on_current)

    def add(self, key: str, make: Callable[[], QWidget], label: str,
            icon: QIcon | None = None, fill: Callable[[QWidget], object] | None = None) -> int:
        """A tab labelled ``label`` whose page ``make()`` returns when first needed; its index.
        ``fill(page)``, if given, runs once the page is in its tab. Not the first tab: the first
        tab added becomes current before it is known here."""
        assert self.tabs.count() > 0, "the first tab is shown at once: add it made"
        placeholder = QWidget()
        placeholder.setObjectName("LazyTabPlaceholder")
        index = (self.tabs.addTab(placeholder, icon, label) if icon is not None
                 else self.tabs.addTab(placeholder, label))
        self._waiting[key] = (placeholder, make, fill)
        return index

    def made(self, key: str) -> QWidget | None:
        """The page of ``key`` if it was made already (never makes it)."""
        return self._made.get(key)

    def page(self, key: str) -> QWidget:
        """The page of ``key``, made now if it was not yet."""
        page = self._made.get(key)
        if page is not None:
            return page
        placeholder, make, fill = self._waiting.pop(key)
        page = make()
        self._made[key] = page
        tabs = self.tabs
        index = tabs.indexOf(placeholder)
        current = tabs.currentIndex() == index
        text, icon, tip = tabs.tabText(index), tabs.tabIcon(index), tabs.tabToolTip(index)
        # Swapped in under the guard: the index shuffles below are not the user's choice.
        self._swapping = True
        try:
            tabs.insertTab(index, page, icon, text)
            tabs.setTabToolTip(index, tip)
            if current:
                tabs.setCurrentIndex(index)
            tabs.removeTab(index + 1)
        finally:
            self._swapping = False
        placeholder.deleteLater()
        if fill is not None:
            fill(page)
        return page

    def _on_current(self, index: int) -> None:
        if self._swapping:
            return
        widget = self.tabs.widget(index)
        for key, (placeholder, _make, _fill) in list(self._waiting.items()):
            if placeholder is widget:
                self.page(key)
                return


class BuiltOnFirstUse:
    """Mixin for a view with parts hidden at first (a detail shown once something is picked, a
    tab not opened yet): :meth:`build_later` holds a part's build, which runs the first time an
    attribute it sets is read (or :meth:`build_now` is called), so callers and tests reading
    ``view.some_widget`` get the same widget as before. Put it before the Qt class in the bases.
    """

    def build_later(self, build: Callable[[], object], names: Iterable[str] | None = None) -> None:
        """Run ``build`` when one of ``names`` is first read; with no names, when any attribute
        missing from the object is read (the one part of the view still to make)."""
        if names is None:
            self.__dict__["_pending_build"] = build
            return
        by_name = self.__dict__.setdefault("_builds_by_name", {})
        for name in names:
            by_name[name] = build

    def is_built(self) -> bool:
        return self.__dict__.get("_pending_build") is None

    def build_now(self) -> None:
        build = self.__dict__.get("_pending_build")
        if build is not None:
            self.__dict__["_pending_build"] = None  # first: the build reads its own attributes
            build()

    def __getattr__(self, name: str) -> object:
        # Only reached when the attribute is missing: it may be one a pending build sets.
        if not name.startswith("__"):
            build = self.__dict__.get("_builds_by_name", {}).pop(name, None)
            if build is not None:
                build()
                return getattr(self, name)
            if self.__dict__.get("_pending_build") is not None:
                self.build_now()
                return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
