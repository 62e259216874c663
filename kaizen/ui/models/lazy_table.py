"""A table over a long list of ids whose rows are read a page at a time, and the view that shows it.

The big lists (ideas, waste walk) hold 200,000 rows at most; reading them all, or sorting them in
a ``QSortFilterProxyModel`` (7 s for 100k rows here), is out of the question. As in Anki's
browser, :class:`LazyTableModel` holds only the ordered ids that the service's ``query_ids``
returned, and a bounded cache of rows:

- the id list comes from an *id source* the view provides, ``source(sort_key, descending)``, run
  in the background worker. :meth:`LazyTableModel.reload` asks for it; :meth:`sort` (a header
  click) asks for it again in the new order. The model resets (``beginResetModel`` /
  ``endResetModel``) when the ids arrive; a newer request supersedes an older one, whose late
  answer is dropped (generation counter).
- ``data()`` for a row not cached yet returns a placeholder and asks for the :data:`PAGE_SIZE`
  rows around it (from a quarter page above it, leaving out rows cached or already asked for),
  so the rows on screen come in one read. Requests made during one paint are coalesced into one
  background task (at most :data:`PAGES_PER_FETCH` pages, the most recently wanted first); a
  page arriving emits ``dataChanged`` for its rows. Pages wanted while a read runs wait; only the
  last few are kept, so dragging the scroll bar across 200k rows does not queue a read of every
  page it passed.
- at most ``max_pages`` pages of rows stay cached (the least recently painted go first).

Subclasses say what a loaded row shows (:meth:`LazyTableModel.display`) and what each column
sorts by (``sort_keys``). :class:`LazyTableView` is the table that goes with it: whole-row
multi-selection, fixed row height (no per-row measuring, which would read every row), the open
signal on double-click or Enter, and keeping the selection and scroll position across a reload.
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRectF,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from kaizen.i18n import translate
from kaizen.ui import resources
from kaizen.ui.worker import run_in_background

log = logging.getLogger(__name__)

PAGE_SIZE = 200
MAX_PAGES = 40  # 8,000 rows at most in memory per list
PAGES_PER_FETCH = 2
MAX_WAITING_PAGES = 4
ROW_HEIGHT = 38

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's id, known without reading the row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # the raw value a column sorts by (loaded rows)
ROW_ROLE = Qt.ItemDataRole.UserRole + 3  # the row dataclass itself, or None while loading
PILL_ROLE = Qt.ItemDataRole.UserRole + 4  # (background, foreground) of a pill-shaped cell

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FAINT = QColor(resources.FAINT)
_WHITE = QColor("#ffffff")
# Made once: combining Qt flags in Python builds a new enum member on every call.
_SELECTED = QStyle.StateFlag.State_Selected
_ALTERNATE = QStyleOptionViewItem.ViewItemFeature.Alternate

Index = QModelIndex | QPersistentModelIndex
IdSource = Callable[[Any, bool], list[int]]
RowSource = Callable[[Sequence[int]], Sequence[Any]]


class _Gone:
    """A row whose id the list still holds but the database no longer has."""

    def __repr__(self) -> str:
        return "GONE"


GONE = _Gone()
_MISSING = object()


class LazyTableModel(QAbstractTableModel):
    """Ids in display order, rows fetched a page at a time in the background (see module doc).

    ``row_source(ids)`` returns the rows of ``ids`` (each with an ``id``), leaving out ids that
    no longer exist; it runs in the worker and is called with at most ``page_size`` ids.
    """

    # Subclasses: a title (marked with QT_TRANSLATE_NOOP; :meth:`column_title` translates it),
    # and what the id source sorts by (None: not sortable), per column.
    column_titles: ClassVar[tuple[str, ...]] = ()
    sort_keys: ClassVar[tuple[Any, ...]] = ()
    default_sort: ClassVar[tuple[int, Qt.SortOrder]] = (0, Qt.SortOrder.AscendingOrder)

    idsLoaded = Signal(int)  # the model was reset with a new id list of this many rows
    pageLoaded = Signal(int, int)  # first and last row just filled in
    loadFailed = Signal(object)  # the exception from the id source or the row source
    busyChanged = Signal(bool)  # waiting for an id list

    def __init__(self, row_source: RowSource, parent: Any = None, *,
                 page_size: int = PAGE_SIZE, max_pages: int = MAX_PAGES) -> None:
        super().__init__(parent)
        self._row_source = row_source
        self._id_source: IdSource | None = None
        self._page_size = max(1, page_size)
        self._max_rows = max(2, max_pages) * self._page_size
        self._ids: list[int] = []
        self._positions: dict[int, int] | None = None
        # The cache: row -> row dataclass (or GONE), and which page (window) stored it; pages
        # in least-recently-painted order for eviction.
        self._rows: dict[int, Any] = {}
        self._owner: dict[int, int] = {}
        self._pages: OrderedDict[int, tuple[int, int]] = OrderedDict()
        self._page_ids = itertools.count()
        # Pages (start, end) wanted but not asked for yet, and the ones being read now.
        self._wanted: OrderedDict[tuple[int, int], None] = OrderedDict()
        self._in_flight: list[tuple[int, int]] = []
        self._fetching = False
        self._ids_generation = 0
        self._rows_generation = 0
        self._busy = False
        column, order = self.default_sort
        self._sort_column = column
        self._sort_order = order
        self._dispatch_timer = QTimer(self)
        self._dispatch_timer.setSingleShot(True)
        self._dispatch_timer.setInterval(0)
        self._dispatch_timer.timeout.connect(self._dispatch)
        self.fetched_pages = 0  # how many pages were read (tests and the bench look at it)

    # -- what subclasses provide -------------------------------------------------------------
    def display(self, row: Any, column: int, role: int) -> Any:
        """The data of a loaded ``row`` for ``column`` and ``role``."""
        return None

    def placeholder(self, column: int, role: int) -> Any:
        """What a row shows while it is being read."""
        if role == _DISPLAY and column == self.placeholder_column:
            return translate("ui.models.lazy_table", "Loading…")
        if role == _FOREGROUND:
            return _FAINT
        return None

    def gone(self, column: int, role: int) -> Any:
        """What a row shows once its record has been deleted meanwhile."""
        if role == _DISPLAY and column == self.placeholder_column:
            return translate("ui.models.lazy_table", "(no longer there)")
        if role == _FOREGROUND:
            return _FAINT
        return None

    placeholder_column = 1

    # -- loading -----------------------------------------------------------------------------
    def set_id_source(self, source: IdSource | None) -> None:
        """Where :meth:`reload` and :meth:`sort` get ids from; called in the worker."""
        self._id_source = source

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    @property
    def is_busy(self) -> bool:
        return self._busy

    def reload(self, first_row: int = 0, *, in_place: bool = False) -> int:
        """Ask the id source for the ids in the current order, in the background.

        The page from ``first_row`` on (where the view will be scrolled to) is read in the
        same task, so the first rows paint without a second round trip. With ``in_place`` (the
        view keeps its place: a refresh, F5) an unchanged id list is not reset: only the rows
        that changed are painted again (see :meth:`_apply_in_place`). Returns the generation.
        """
        self._ids_generation += 1
        generation = self._ids_generation
        source = self._id_source
        if source is None:
            self._apply_ids(generation, ([], 0, []))
            return generation
        sort_key = self._sort_key(self._sort_column)
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        row_source = self._row_source
        size = self._page_size

        def work() -> tuple[list[int], int, Sequence[Any]]:
            ids = source(sort_key, descending)
            start = max(0, min(first_row, len(ids) - size))
            window = ids[start:start + size]
            return ids, start, row_source(window) if window else []

        self._set_busy(True)
        run_in_background(
            work,
            on_success=lambda result: self._apply_ids(generation, result, in_place),
            on_failure=lambda error: self._ids_failed(generation, error),
            owner=self, name=f"{type(self).__name__} ids",
        )
        return generation

    def set_ids(self, ids: Sequence[int]) -> None:
        """Show ``ids`` at once (rows are still read lazily); supersedes a pending reload."""
        self._ids_generation += 1
        self._apply_ids(self._ids_generation, (list(ids), 0, None))

    def refresh_rows(self) -> None:
        """Forget the cached rows (they changed): the rows on screen are read again."""
        self._rows_generation += 1
        self._forget_rows()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._ids) - 1, self.columnCount() - 1))

    def _apply_ids(self, generation: int, result: tuple[list[int], int, Sequence[Any] | None],
                   in_place: bool = False) -> None:
        if generation != self._ids_generation:
            return  # a newer request (other filters, other order) is on its way
        ids, start, rows = result
        if in_place and rows is not None and ids and ids == self._ids:
            self._apply_in_place(start, rows)
            self._set_busy(False)
            self.idsLoaded.emit(len(ids))
            return
        self.beginResetModel()
        self._ids = ids
        self._positions = None
        self._forget_rows()
        self._rows_generation += 1
        if rows is not None and ids:
            self._store_page(start, min(start + self._page_size, len(ids)), rows)
        self.endResetModel()
        self._set_busy(False)
        self.idsLoaded.emit(len(ids))

    def _apply_in_place(self, start: int, rows: Sequence[Any]) -> None:
        """The same ids as shown: keep the model (a reset repainted every cell of the view,
        10-20 ms on the GUI thread for a view shown again; issue 21), store the page just read
        and say which of its rows changed. Rows outside the page are forgotten, as a reset
        forgets them: read again when next painted."""
        end = min(start + self._page_size, len(self._ids))
        before = {row: self._rows.get(row, _MISSING) for row in range(start, end)}
        elsewhere = [row for row in self._rows if not start <= row < end]
        self._forget_rows()
        self._rows_generation += 1  # a page still being read is of the old rows
        self._store_page(start, end, rows)
        last_column = self.columnCount() - 1
        changed = [row for row in range(start, end) if self._rows.get(row) != before[row]]
        for rows_changed in (changed, elsewhere):
            if rows_changed:
                self.dataChanged.emit(self.index(min(rows_changed), 0),
                                      self.index(max(rows_changed), last_column))

    def _ids_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._ids_generation:
            return
        self._set_busy(False)
        self.loadFailed.emit(error)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)

    # -- pages -------------------------------------------------------------------------------
    def _forget_rows(self) -> None:
        self._rows.clear()
        self._owner.clear()
        self._pages.clear()
        self._wanted.clear()
        self._in_flight.clear()

    def _known(self, row: int) -> bool:
        """Cached, wanted already, or being read now."""
        if row in self._rows:
            return True
        return any(start <= row < end for start, end in (*self._wanted, *self._in_flight))

    def _page_around(self, row: int) -> tuple[int, int]:
        """Up to ``page_size`` rows around ``row`` that are neither cached nor asked for.

        A page starts a quarter of a page above the row asked for: a view paints from its top
        row down, so the rows on screen all fall in the one page, scrolling up or down.
        """
        size, count = self._page_size, len(self._ids)
        low, high = row, row + 1
        floor = max(0, row - size // 4)
        while low > floor and not self._known(low - 1):
            low -= 1
        while high < count and high - low < size and not self._known(high):
            high += 1
        while low > 0 and high - low < size and not self._known(low - 1):
            low -= 1
        return low, high

    def _want(self, row: int) -> None:
        if self._known(row):
            return
        self._wanted[self._page_around(row)] = None
        while len(self._wanted) > MAX_WAITING_PAGES:
            self._wanted.popitem(last=False)  # scrolled past: read again if shown again
        if not self._fetching and not self._dispatch_timer.isActive():
            self._dispatch_timer.start()

    def _dispatch(self) -> None:
        if self._fetching or not self._wanted:
            return
        pages: list[tuple[int, int]] = []
        while self._wanted and len(pages) < PAGES_PER_FETCH:
            page, _ = self._wanted.popitem(last=True)  # the most recently wanted first
            pages.append(page)
        windows = [(start, end, self._ids[start:end]) for start, end in pages]
        generation = self._rows_generation
        row_source = self._row_source
        self._in_flight = pages
        self._fetching = True

        def work() -> list[tuple[int, int, Sequence[Any]]]:
            return [(start, end, row_source(ids)) for start, end, ids in windows]

        run_in_background(
            work,
            on_success=lambda result: self._pages_arrived(generation, result),
            on_failure=self._pages_failed,
            owner=self, name=f"{type(self).__name__} rows",
        )

    def _pages_arrived(self, generation: int,
                       result: list[tuple[int, int, Sequence[Any]]]) -> None:
        self._fetching = False
        self._in_flight = []
        if generation == self._rows_generation:
            last_column = self.columnCount() - 1
            for start, end, rows in result:
                self._store_page(start, end, rows)
                if end > start:
                    self.dataChanged.emit(self.index(start, 0), self.index(end - 1, last_column))
                    self.pageLoaded.emit(start, end - 1)
        if self._wanted:
            self._dispatch()

    def _pages_failed(self, error: BaseException) -> None:
        self._fetching = False
        self._in_flight = []
        self._wanted.clear()
        log.error("Reading list rows failed: %r", error)
        self.loadFailed.emit(error)

    def _store_page(self, start: int, end: int, rows: Sequence[Any]) -> None:
        ids = self._ids[start:end]
        by_id = {row.id: row for row in rows}
        page = next(self._page_ids)
        for row, record_id in enumerate(ids, start=start):
            self._rows[row] = by_id.get(record_id, GONE)
            self._owner[row] = page
        self._pages[page] = (start, start + len(ids))
        while len(self._rows) > self._max_rows and len(self._pages) > 1:
            old, (first, last) = self._pages.popitem(last=False)
            for row in range(first, last):
                if self._owner.get(row) == old:  # a newer page may hold it now
                    del self._rows[row]
                    del self._owner[row]
        self.fetched_pages += 1

    # -- reading -----------------------------------------------------------------------------
    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, record_id: int) -> int | None:
        """The row showing ``record_id``, or None (the position map is built once per list)."""
        if self._positions is None:
            self._positions = {value: position for position, value in enumerate(self._ids)}
        return self._positions.get(record_id)

    def row_at(self, row: int) -> Any | None:
        """The cached row dataclass at ``row``, or None when not read yet (never fetches)."""
        item = self._rows.get(row)
        return None if item is GONE else item

    def is_row_loaded(self, row: int) -> bool:
        return row in self._rows

    def cached_rows(self) -> list[int]:
        return sorted(self._rows)

    @property
    def page_size(self) -> int:
        return self._page_size

    # -- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.column_titles)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.column_titles):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.column_title(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tooltip(section)
        return None

    def column_title(self, section: int) -> str:
        """The title of column ``section`` as shown: a subclass translates it in its own
        module's context, where its titles are marked."""
        return self.column_titles[section]

    def header_tooltip(self, section: int) -> str | None:
        return None

    # No ``flags`` here: QAbstractTableModel's own (enabled and selectable rows, none for an
    # invalid index) is what this model's was, without a call into Python for every cell a
    # paint draws (10-20 % of a table's repaint; issue 21).

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()  # -1 for an invalid index
        if not 0 <= row < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[row]
        item = self._rows.get(row, _MISSING)
        if item is _MISSING:
            self._want(row)
            return None if role == ROW_ROLE else self.placeholder(index.column(), role)
        self._pages.move_to_end(self._owner[row])
        if item is GONE:
            return None if role == ROW_ROLE else self.gone(index.column(), role)
        if role == ROW_ROLE:
            return item
        return self.display(item, index.column(), role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click: ask the service for the ids in that order (never sorted here)."""
        if self._sort_key(column) is None:
            return
        if (column, order) == (self._sort_column, self._sort_order):
            return
        self._sort_column, self._sort_order = column, order
        if self._id_source is not None:
            self.reload()

    def is_sortable(self, column: int) -> bool:
        return self._sort_key(column) is not None

    def _sort_key(self, column: int) -> Any:
        return self.sort_keys[column] if 0 <= column < len(self.sort_keys) else None


@dataclass
class ViewState:
    """Where a person was in a list: restored after a reload when the rows are still there."""

    scroll: int = 0
    top_id: int | None = None
    current_id: int | None = None
    selected_ids: list[int] = field(default_factory=list)


class LazyTableView(QTableView):
    """The table for a :class:`LazyTableModel`: see the module docstring.

    ``openRequested(id)`` fires on double-click or Enter; ``selectionCountChanged(n)`` whenever
    the selection changes.
    """

    openRequested = Signal(int)
    selectionCountChanged = Signal(int)

    def __init__(self, model: LazyTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LazyTable")
        self.setModel(model)
        self._lazy = model
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setCornerButtonEnabled(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.verticalHeader()
        rows.setVisible(False)
        # Fixed: measuring rows to fit their contents would read every row of the list.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(ROW_HEIGHT)
        rows.setMinimumSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(False)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(model.sort_column, model.sort_order)
        header.setSortIndicatorClearable(False)
        self.setSortingEnabled(True)
        self.doubleClicked.connect(self._on_double_clicked)
        self.selectionModel().selectionChanged.connect(self._on_selection_changed)
        model.modelReset.connect(self._on_selection_changed)

    # -- opening -----------------------------------------------------------------------------
    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.openRequested.emit(self._lazy.id_at(index.row()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            current = self.currentIndex()
            if current.isValid():
                self.openRequested.emit(self._lazy.id_at(current.row()))
                event.accept()
                return
        super().keyPressEvent(event)

    # -- selection ---------------------------------------------------------------------------
    def _on_selection_changed(self, *_args: Any) -> None:
        self.selectionCountChanged.emit(self.selection_count())

    def selection_count(self) -> int:
        """Selected rows, counted from the selection ranges (no per-row work)."""
        rows: set[tuple[int, int]] = set()
        for selected in self.selectionModel().selection():
            rows.add((selected.top(), selected.bottom()))
        return _covered(rows)

    def selected_rows(self) -> list[int]:
        rows: set[int] = set()
        for selected in self.selectionModel().selection():
            rows.update(range(selected.top(), selected.bottom() + 1))
        return sorted(rows)

    def selected_ids(self) -> list[int]:
        """The ids of the selected rows, in list order."""
        return [self._lazy.id_at(row) for row in self.selected_rows()]

    def current_id(self) -> int | None:
        current = self.currentIndex()
        return self._lazy.id_at(current.row()) if current.isValid() else None

    def select_ids(self, ids: Sequence[int], current_id: int | None = None) -> int:
        """Select the rows showing ``ids`` (those still in the list); returns how many."""
        rows = sorted(r for r in (self._lazy.row_of(i) for i in ids) if r is not None)
        selection = QItemSelection()
        last_column = self._lazy.columnCount() - 1
        start = previous = None
        for row in rows + [None]:
            if start is not None and (row is None or row != previous + 1):
                selection.select(self._lazy.index(start, 0),
                                 self._lazy.index(previous, last_column))
                start = None
            if row is not None and start is None:
                start = row
            previous = row
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self.selectionModel().select(selection, flags)
        current_row = self._lazy.row_of(current_id) if current_id is not None else None
        if current_row is None and rows:
            current_row = rows[0]
        if current_row is not None:
            self.selectionModel().setCurrentIndex(self._lazy.index(current_row, 0),
                                                  QItemSelectionModel.SelectionFlag.NoUpdate)
        return len(rows)

    def select_row(self, row: int) -> None:
        if 0 <= row < self._lazy.rowCount():
            index = self._lazy.index(row, 0)
            self.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.scrollTo(index)

    # -- position ----------------------------------------------------------------------------
    def top_row(self) -> int:
        row = self.rowAt(0)
        return max(row, 0)

    def state(self) -> ViewState:
        count = self._lazy.rowCount()
        top = self.rowAt(0)
        return ViewState(
            scroll=self.verticalScrollBar().value(),
            top_id=self._lazy.id_at(top) if 0 <= top < count else None,
            current_id=self.current_id(),
            selected_ids=self.selected_ids(),
        )

    def restore(self, state: ViewState) -> None:
        """After a reload: the same rows selected, and the same scroll position if possible."""
        self.select_ids(state.selected_ids, state.current_id)
        self.verticalScrollBar().setValue(state.scroll)

    def visible_rows(self) -> range:
        """The rows on screen now."""
        count = self._lazy.rowCount()
        if not count:
            return range(0)
        top = self.rowAt(0)
        bottom = self.rowAt(self.viewport().height() - 1)
        top = 0 if top < 0 else top
        bottom = count - 1 if bottom < 0 else bottom
        return range(top, bottom + 1)


class ColumnChooser:
    """Which columns a list shows: defaults, the header's context menu, kept in QSettings."""

    def __init__(self, table: LazyTableView, model: LazyTableModel, key: str,
                 widths: dict[int, int], hidden: tuple[int, ...], stretch: int) -> None:
        self.table, self.model, self.key = table, model, key
        header = table.horizontalHeader()
        for column, width in widths.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        self.stretch = stretch
        stored = QSettings().value(key)
        chosen = hidden
        if isinstance(stored, str):
            try:
                chosen = tuple(int(v) for v in stored.split(",") if v != "")
            except ValueError:
                chosen = hidden
        for column in range(model.columnCount()):
            table.setColumnHidden(column, column in chosen and column != stretch)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self.show_menu)
        header.setToolTip(translate("ui.models.lazy_table",
                                    "Click to sort; right-click to choose the columns"))

    def build_menu(self) -> QMenu:
        """A checkable entry per column (the stretching one always stays)."""
        menu = QMenu(self.table)
        for column in range(self.model.columnCount()):
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            action = QAction(str(title), menu)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(column))
            action.setEnabled(column != self.stretch)
            action.setData(column)
            action.toggled.connect(functools.partial(self.set_shown, column))
            menu.addAction(action)
        return menu

    def show_menu(self, position: QPoint) -> None:
        menu = self.build_menu()
        menu.exec(self.table.horizontalHeader().mapToGlobal(position))
        menu.deleteLater()

    def set_shown(self, column: int, shown: bool) -> None:
        self.table.setColumnHidden(column, not shown)
        hidden = [c for c in range(self.model.columnCount()) if self.table.isColumnHidden(c)]
        QSettings().setValue(self.key, ",".join(str(c) for c in hidden))


def _covered(ranges: set[tuple[int, int]]) -> int:
    total, reach = 0, -1
    for top, bottom in sorted(ranges):
        if bottom <= reach:
            continue
        total += bottom - max(top, reach + 1) + 1
        reach = bottom
    return total


class PillDelegate(QStyledItemDelegate):
    """Paints a cell whose model gives ``PILL_ROLE`` colours as a rounded label (a status)."""

    HEIGHT = 22
    PADDING = 10

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._fonts: dict[str, tuple[QFont, QFontMetrics]] = {}

    def _font_for(self, base: QFont) -> tuple[QFont, QFontMetrics]:
        """The pill's font (a little smaller, semi-bold), made once per base font."""
        key = base.key()
        found = self._fonts.get(key)
        if found is None:
            font = QFont(base)
            font.setPointSizeF(max(font.pointSizeF() - 0.5, 7.0))
            font.setWeight(QFont.Weight.DemiBold)
            found = self._fonts[key] = (font, QFontMetrics(font))
        return found

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        colours = index.data(PILL_ROLE)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not colours or not text:
            super().paint(painter, option, index)
            return
        background, foreground = colours
        # The cell's own background, drawn by hand: asking the style for a whole item first
        # reads every role of the cell again and doubled the cost of a paint.
        if option.state & _SELECTED:
            painter.fillRect(option.rect, option.palette.highlight())
        elif option.features & _ALTERNATE:
            painter.fillRect(option.rect, option.palette.alternateBase())
        opt = option
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        font, metrics = self._font_for(opt.font)
        room = opt.rect.width() - 2 * 8
        label = metrics.elidedText(str(text), Qt.TextElideMode.ElideRight,
                                   max(room - 2 * self.PADDING, 0))
        width = min(metrics.horizontalAdvance(label) + 2 * self.PADDING, room)
        height = min(self.HEIGHT, opt.rect.height() - 4)
        pill = QRectF(opt.rect.left() + 8, opt.rect.center().y() - height / 2 + 1, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        # On a selected row the tint could match the selection: the pill turns white there.
        painter.setBrush(_WHITE if option.state & _SELECTED else QColor(background))
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(QColor(foreground))
        painter.setFont(font)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)
        painter.restore()
