"""The frame of a long filtered list page (Ideas, Waste walk): filters, count line, lazy table.

:class:`FilteredListPage` owns what those pages do alike: the filter bar's values become the
service's filter; the ids come in the clicked header's order and rows a page at a time, all in
the worker (:class:`LazyTableView` over a lazy model); the counts are read in the worker too,
each answer tagged with the generation it was asked for so a late, superseded one is dropped;
the choices (areas, people, currency) are read when the page is shown; an empty list explains
itself (nothing yet, or nothing matching the filters with a "Clear filters" button); refusals
and read failures land in the message bar; a detail dialog opened from the list reloads it
after a saved change. F5 reloads where the list was. Export… writes the list as shown
(:mod:`kaizen.ui.views.list_export`).

A page supplies its filter bar's options, table model and texts (:class:`ListTexts`), and implements
``current_filter``, ``id_query``, ``counts_job`` and ``show_counts``.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QStackedWidget, QWidget

from kaizen.domain.errors import KaizenError, ValidationError
from kaizen.domain.numbers import format_number
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui import worker
from kaizen.ui.models.lazy_table import ColumnChooser, LazyTableView, PillDelegate, ViewState
from kaizen.ui.views import ViewPage
from kaizen.ui.views.empty_state import EmptyState
from kaizen.ui.views.list_export import ListExporter
from kaizen.ui.views.list_filters import LIST_STYLE, CountLine, ListFilterBar
from kaizen.ui.widgets.message_bar import ActionMessageBar
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from collections.abc import Callable

    from kaizen.services import Services
    from kaizen.services.people import AreaInfo, PersonInfo, SiteSettings
    from kaizen.ui.models.lazy_table import LazyTableModel

log = logging.getLogger(__name__)

PICK_PERSON = QT_TRANSLATE_NOOP("ui.views.list_page", "Pick who is working first")


def plural(count: int, one: str, many: str) -> str:
    """``one`` or ``many`` (both translated, with a ``{count}`` placeholder) for ``count``:
    "1 idea", "1,250 ideas"."""
    return (one if count == 1 else many).format(count=format_number(count))


def open_detail(module: str, name: str) -> Any | None:
    """The detail dialog class ``module.name``, or None while that module does not exist."""
    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as error:
        if error.name is not None and module.startswith(error.name):
            return None
        raise


@dataclass(frozen=True)
class ListTexts:
    """What a list page says about itself."""

    noun: str  # "ideas": "The ideas could not be read"
    one: str  # "idea": "Exported 1 idea to …"
    empty_title: str
    empty_text: str
    no_match_title: str
    no_match_text: str


@dataclass(frozen=True)
class TableSetup:
    """How the page's table shows its model."""

    object_name: str
    accessible_name: str
    pill_column: int
    settings_key: str  # where the hidden columns are remembered
    widths: dict[int, int]
    hidden_by_default: tuple[int, ...]
    stretch_column: int


class FilteredListPage(ViewPage):
    """A page of one long list: see the module docstring."""

    # The list's name for kaizen.reports.list_export ("ideas", "observations"): a key, never shown.
    list_name = ""

    openRequested = Signal(int)  # a row is to be opened (double-click, Enter)
    listLoaded = Signal(int)  # the list shows a new id list of this many rows
    countsLoaded = Signal()

    def __init__(self, services: Services, filters: dict[str, Any], model: LazyTableModel,
                 table: TableSetup, texts: ListTexts, parent: QWidget | None = None) -> None:
        """``filters``: the :class:`ListFilterBar`'s options; ``model`` the page takes over."""
        super().__init__(services, parent)
        self.setStyleSheet(LIST_STYLE)
        self.texts = texts
        self.detail_dialog: QWidget | None = None
        self.loaded_filter: Any = None
        self._counts = worker.Latest()  # the counts of the newest filters only
        self._restore: ViewState | None = None
        self._choices_loaded = False

        self.filter_bar = ListFilterBar(**filters, shortcut_scope=self)
        self.filter_bar.changed.connect(self.reload)
        self.model = model
        model.setParent(self)
        model.idsLoaded.connect(self._on_ids_loaded)
        model.loadFailed.connect(self._on_load_failed)
        self.table = LazyTableView(model)
        self.table.setObjectName(table.object_name)
        self.table.setAccessibleName(table.accessible_name)
        self.table.setItemDelegateForColumn(table.pill_column, PillDelegate(self.table))
        self.columns = ColumnChooser(self.table, model, table.settings_key, table.widths,
                                     table.hidden_by_default, table.stretch_column)
        self.table.openRequested.connect(self.open_row)
        self.table.selectionCountChanged.connect(self._on_selection_changed)

        self.count_label = CountLine(translate("ui.views.list_page", "Loading…"))
        self.message_bar = ActionMessageBar()  # with a button: Undo on the Ideas list
        self.empty_state = EmptyState(
            self.icon_name, texts.empty_title, texts.empty_text,
            action_text=translate("ui.views.list_page", "Clear filters"),
            action_icon="mdi6.filter-remove-outline",
        )
        self.empty_state.setProperty("framed", True)
        self.empty_state.actionTriggered.connect(self.filter_bar.clear)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_state)

        self.content_layout.addWidget(self.filter_bar)
        self.content_layout.addWidget(self.count_label)
        self.content_layout.addWidget(self.message_bar)
        self.content_layout.addWidget(self.stack, 1)
        self.content_layout.setSpacing(12)

        # Export… (the list as filtered and sorted, to CSV or XLSX): the noun names the list.
        self.exporter = ListExporter(self, self.list_name)
        self.filter_bar.trailing.addWidget(self.exporter.button)

        self.reload_shortcut = self.shortcut("F5", lambda: self.reload(keep_position=True))
        self.setTabOrder(self.filter_bar.clear_button, self.table)

    def focus_target(self) -> QWidget | None:
        """The list itself (its filters come first in the Tab order); the default when the
        list is empty and the "nothing found" panel shows instead."""
        return self.table if self.stack.currentWidget() is self.table else super().focus_target()

    def shortcut(self, keys: str, slot: Callable[[], Any]) -> QShortcut:
        """A shortcut that works while the focus is anywhere on this page."""
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    # -- what a page supplies ----------------------------------------------------------------
    def current_filter(self) -> Any:
        """The service's filter for what the filter bar shows."""
        raise NotImplementedError

    def id_query(self, flt: Any) -> Callable[[int, bool], list[int]]:
        """A worker job: the ids ``flt`` selects, sorted by a column (ascending or not)."""
        raise NotImplementedError

    def counts_job(self, flt: Any) -> Callable[[], Any]:
        """A worker job reading the counts of ``flt`` for :meth:`show_counts`."""
        raise NotImplementedError

    def show_counts(self, flt: Any, counts: Any) -> None:
        """Show what :meth:`counts_job` read: the count line and the choices' numbers."""
        raise NotImplementedError

    def open_row(self, row_id: int) -> None:
        """Open the row with this id (double-click, Enter)."""
        raise NotImplementedError

    def update_actions(self, *_args: Any) -> None:
        """Enable or disable the page's buttons for the person, the selection and the list."""

    # -- the person working and the selection ------------------------------------------------
    def set_person(self, person: PersonInfo | None) -> None:
        super().set_person(person)
        self.update_actions()

    def _on_selection_changed(self, _count: int) -> None:
        self.update_actions()

    # -- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Shown (or data changed underneath): the choices, then the list where it was."""
        self._load_choices()
        self.reload(keep_position=self.loaded_filter is not None)

    def reload(self, keep_position: bool = False) -> None:
        """Ask for the ids and the counts of the current filters, in the background."""
        flt = self.current_filter()
        self.loaded_filter = flt
        self._restore = self.table.state() if keep_position else None
        self.model.set_id_source(self.id_query(flt))
        self.model.reload(self.table.top_row() if keep_position else 0, in_place=keep_position)
        self._counts.run(
            self.counts_job(flt),
            on_success=lambda counts: self._on_counts(flt, counts),
            on_failure=self._on_counts_failed,
            owner=self, name=f"{self.texts.noun} counts",
        )

    def _load_choices(self) -> None:
        svc = self.services  # the worker reads through this, never through the widget

        def read() -> tuple[list[AreaInfo], list[PersonInfo], SiteSettings]:
            return svc.people.list_areas(), svc.people.list_people(), svc.people.settings()

        run_in_background(read, on_success=self._on_choices, owner=self,
                          name=f"{self.texts.noun} choices",
                          on_failure=lambda error: self.show_error(error, translate(
                              "ui.views.list_page", "The areas and people could not be read")))

    def _on_choices(self, result: tuple[list[AreaInfo], list[PersonInfo], SiteSettings]) -> None:
        areas, people, settings = result
        before = self.filter_bar.values()
        self.filter_bar.set_areas(areas)
        self.filter_bar.set_people(people)
        self.model.set_currency(settings.currency)
        self._choices_loaded = True
        if self.filter_bar.values() != before:
            self.reload()  # the chosen area or person is gone

    def _on_ids_loaded(self, count: int) -> None:
        self.filter_bar.show_error("")
        restore, self._restore = self._restore, None
        if restore is not None:
            self.table.restore(restore)
        else:
            self.table.scrollToTop()
        if count and self.table.hasFocus() and not self.table.currentIndex().isValid():
            # Focused before the rows came (a view shortcut): make the first row current, as
            # Qt does when the focus enters a filled table, so Space picks it.
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        self._update_empty_state(count)
        self.update_actions()
        self.listLoaded.emit(count)

    def _update_empty_state(self, count: int) -> None:
        if count:
            self.stack.setCurrentWidget(self.table)
            return
        filtered = self.filter_bar.is_filtered()
        if filtered:
            self.empty_state.set_text(self.texts.no_match_title, self.texts.no_match_text)
        else:
            self.empty_state.set_text(self.texts.empty_title, self.texts.empty_text)
        if self.empty_state.action_button is not None:
            self.empty_state.action_button.setVisible(filtered)
        self.stack.setCurrentWidget(self.empty_state)

    def _on_counts(self, flt: Any, counts: Any) -> None:
        self.show_counts(flt, counts)
        self.countsLoaded.emit()

    def _on_counts_failed(self, error: BaseException) -> None:
        self.count_label.set_parts([])
        if not isinstance(error, ValidationError):  # the id list reports that one
            self.show_error(error,
                            translate("ui.views.list_page", "The counts could not be read"))

    def _on_load_failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            # A filter the service refuses (the end date before the start date).
            self.filter_bar.show_error(error.message)
            return
        self.show_error(error, translate("ui.views.list_page", "The {items} could not be read")
                        .format(items=self.texts.noun))

    def show_error(self, error: BaseException, what: str) -> None:
        """A refusal in the service's words; anything else with what failed, and logged."""
        if isinstance(error, KaizenError):
            self.message_bar.show_message(error.message, kind="error")
        else:
            log.error("%s: %r", what, error)
            self.message_bar.show_message(f"{what}: {error}", kind="error")

    # -- detail dialogs ----------------------------------------------------------------------
    def show_detail(self, module: str, name: str, record_id: int,
                    missing: str | None = None) -> None:
        """Open the detail dialog ``module.name`` for ``record_id`` over the list; while that
        dialog does not exist, say ``missing`` (if given) as information instead."""
        dialog_class = open_detail(module, name)
        if dialog_class is None:
            if missing is not None:
                self.message_bar.show_message(missing, kind="info")
            return
        self.show_dialog(dialog_class(self.services, self.person, record_id, self))

    def show_dialog(self, dialog: Any) -> None:
        """Open a detail dialog over the list; a saved change reloads the list where it was."""
        self.detail_dialog = dialog
        dialog.changed.connect(self._on_detail_changed)
        dialog.finished.connect(self._on_detail_closed)
        dialog.open()

    def _on_detail_changed(self, *_args: Any) -> None:
        # Read the ids again too: the change may take the row out of the filtered list.
        self.reload(keep_position=True)

    def _on_detail_closed(self, *_args: Any) -> None:
        dialog, self.detail_dialog = self.detail_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self.table.setFocus()
