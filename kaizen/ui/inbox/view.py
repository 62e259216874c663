"""The Inbox page: what waits for the person working, by kind, each item opening its record.

One background read per load (``InboxService.inbox``, through ``worker.Latest`` so a newer
person's inbox always wins). Ideas open their detail dialog and PDCA cards theirs, here; savings
open the idea's measurements and KPI signals the process's chart, through the main window
(``measuresRequested`` and ``seriesRequested``). After a dialog closes the inbox is read again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from kaizen.domain.numbers import format_number
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.services.inbox import COUNT_CAP, Inbox, InboxItem, InboxKind
from kaizen.ui import resources, worker
from kaizen.ui.views import ViewPage
from kaizen.ui.views.empty_state import EmptyState

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.people import PersonInfo

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
ICONS = {
    InboxKind.REVIEW: "mdi6.lightbulb-question-outline",
    InboxKind.OVERDUE_ACTION: "mdi6.calendar-alert",
    InboxKind.WAITING_CARD: "mdi6.timer-sand",
    InboxKind.SAVINGS: "mdi6.cash-check",
    InboxKind.KPI_SIGNAL: "mdi6.chart-line-variant",
}
PAGE_LIST, PAGE_EMPTY, PAGE_NOBODY, PAGE_LOADING = range(4)


class InboxView(ViewPage):
    """``loaded(Inbox | None)`` after each load (None: nobody picked); the window's badge
    follows it."""

    # Marked here, translated in __init__ (the language is set after imports).
    title = QT_TRANSLATE_NOOP("ui.inbox.view", "Inbox")
    subtitle = QT_TRANSLATE_NOOP(
        "ui.inbox.view",
        "What waits for you: reviews, overdue actions, cards, savings and KPI signals.")
    icon_name = "mdi6.inbox-arrow-down-outline"

    loaded = Signal(object)
    measuresRequested = Signal(int)  # an idea: its measurements and savings ledger
    seriesRequested = Signal(int, object)  # a process and the KPI series to chart (or None)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.inbox: Inbox | None = None
        self.dialog: Any = None
        self._latest = worker.Latest()
        self.title_label.setText(translate("ui.inbox.view", "Inbox"))
        self.subtitle_label.setText(translate(
            "ui.inbox.view",
            "What waits for you: reviews, overdue actions, cards, savings and KPI signals."))
        self.error_label = QLabel("")
        self.error_label.setObjectName("ErrorText")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.tree = QTreeWidget()
        self.tree.setObjectName("InboxTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([translate("ui.inbox.view", "What waits"),
                                   translate("ui.inbox.view", "Why")])
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAccessibleName(translate("ui.inbox.view", "What waits for you"))
        # Rows as tall as the other lists' (easy to hit), sections set apart.
        self.tree.setStyleSheet("QTreeWidget#InboxTree::item { padding: 7px 6px; }")
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 420)
        self.tree.itemActivated.connect(self._on_activated)

        self.empty = EmptyState(
            "mdi6.inbox-outline", translate("ui.inbox.view", "Nothing waits for you"),
            translate("ui.inbox.view",
                      "No idea to review, no overdue action, no card waiting on you, "
                      "no savings to validate and no KPI signal on your processes."))
        self.nobody = EmptyState(
            "mdi6.account-question-outline", translate("ui.inbox.view", "Pick who is working"),
            translate("ui.inbox.view", "The inbox shows what waits for the person working: pick "
                      "yourself in the toolbar."))
        self.loading = EmptyState("mdi6.inbox-arrow-down-outline",
                                  translate("ui.inbox.view", "Reading your inbox…"), "")
        self.stack = QStackedWidget()
        for page in (self.tree, self.empty, self.nobody, self.loading):
            self.stack.addWidget(page)
        self.stack.setCurrentIndex(PAGE_NOBODY)
        self.content_layout.addWidget(self.error_label)
        self.content_layout.addWidget(self.stack, 1)

    # -- loading ------------------------------------------------------------------------------
    def set_person(self, person: PersonInfo | None) -> None:
        super().set_person(person)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        person = self.person
        if person is None:
            self._latest.run(lambda: None)  # supersede a load still in flight
            self.inbox = None
            self.stack.setCurrentIndex(PAGE_NOBODY)
            self.loaded.emit(None)
            return
        if self.inbox is None or self.inbox.person_id != person.id:
            self.stack.setCurrentIndex(PAGE_LOADING)
        inbox = self.services.inbox
        self._latest.run(lambda: inbox.inbox(person.id), on_success=self._show,
                         on_failure=self._failed, owner=self, name="inbox")

    def _failed(self, error: BaseException) -> None:
        self.error_label.setText(
            translate("ui.inbox.view", "The inbox could not be read: {error}").format(error=error))
        self.error_label.show()

    def _show(self, inbox: Inbox) -> None:
        self.error_label.hide()
        self.inbox = inbox
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for kind, count in inbox.counts.items():
            if not count:
                continue
            items = inbox.of(kind)
            section = QTreeWidgetItem(
                [f"{kind.label} ({inbox.count_text(kind)})", ""])  # i18n: no (label, count)
            section.setFont(0, bold)
            section.setIcon(0, resources.icon(ICONS[kind], resources.ACCENT))
            section.setFlags(Qt.ItemFlag.ItemIsEnabled)
            section.setFirstColumnSpanned(True)
            self.tree.addTopLevelItem(section)
            for item in items:
                row = QTreeWidgetItem(section, [item.title, item.detail])
                row.setData(0, ITEM_ROLE, item)
                row.setToolTip(0, item.title)
                row.setToolTip(1, item.detail)
            if count > len(items):
                # Two whole sentences: "over" changes the words around the number.
                if count > COUNT_CAP:
                    text = translate("ui.inbox.view",
                                     "… and over {count} more (the oldest are shown)")
                    rest = COUNT_CAP - len(items)
                else:
                    text = translate("ui.inbox.view", "… and {count} more (the oldest are shown)")
                    rest = count - len(items)
                more = QTreeWidgetItem(section, [text.format(count=format_number(rest)), ""])
                more.setFlags(Qt.ItemFlag.ItemIsEnabled)
                more.setForeground(0, self.palette().placeholderText())
            section.setExpanded(True)
        self.stack.setCurrentIndex(PAGE_LIST if inbox.total else PAGE_EMPTY)
        self.loaded.emit(inbox)

    # -- opening ------------------------------------------------------------------------------
    def _on_activated(self, row: QTreeWidgetItem, _column: int) -> None:
        item = row.data(0, ITEM_ROLE)
        if isinstance(item, InboxItem):
            self.open_item(item)

    def open_item(self, item: InboxItem) -> Any:
        """Open the record ``item`` stands for; returns the dialog opened here, if any."""
        if item.kind is InboxKind.KPI_SIGNAL and item.process_id is not None:
            self.seriesRequested.emit(item.process_id, item.series_id)
            return None
        if item.kind is InboxKind.SAVINGS and item.suggestion_id is not None:
            self.measuresRequested.emit(item.suggestion_id)
            return None
        if item.cycle_id is not None:
            from kaizen.ui.board.detail import CycleDetailDialog

            dialog: Any = CycleDetailDialog(self.services, item.cycle_id, self.person, self)
        elif item.suggestion_id is not None:
            from kaizen.ui.detail.idea_detail import IdeaDetailDialog

            dialog = IdeaDetailDialog(self.services, self.person, item.suggestion_id, self)
        else:
            return None
        self.dialog = dialog
        dialog.finished.connect(self._on_dialog_closed)
        dialog.open()
        return dialog

    def _on_dialog_closed(self, _result: int) -> None:
        self.dialog = None
        self.refresh()  # what was done there may have left the inbox
