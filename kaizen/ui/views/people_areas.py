"""People & areas: everyone who works here, their role, home area and whether they have a PIN.

The list is read with ``services.people.list_people(active_only=False)`` in the background worker
and shown in a sortable table over :class:`PeopleTableModel`. Managing people and the area tree
comes with the admin work; for now the page lists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QWidget,
)

from kaizen.ui.models.people_table import COL_NAME, PeopleTableModel
from kaizen.ui.views import ViewPage
from kaizen.ui.views.empty_state import EmptyState
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.people import PersonInfo


class PeopleAreasView(ViewPage):
    title = "People & areas"
    subtitle = "Everyone who works here, their role and home area."
    icon_name = "mdi6.account-group-outline"

    loaded = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.model = PeopleTableModel(parent=self)
        self.table = QTableView()
        self.table.setObjectName("PeopleTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(36)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(80)
        for column, width in enumerate((260, 140, 220, 90)):
            header.resizeSection(column, width)

        self.summary_label = QLabel("")
        self.summary_label.setObjectName("PageNote")
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)

        self.empty_state = EmptyState(
            "mdi6.account-group-outline",
            "Nobody here yet",
            "People appear here once the site is set up; each has a role, a home area and, for "
            "supervisors and admins, a PIN.",
        )
        self.empty_state.setProperty("framed", True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_state)

        self.content_layout.addWidget(self.summary_label)
        self.content_layout.addWidget(self.stack, 1)
        self._generation = 0

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        people_service = self.services.people
        run_in_background(
            lambda: people_service.list_people(active_only=False),
            on_success=lambda people: self._show(generation, people),
            owner=self,
            name="people list",
        )

    def _show(self, generation: int, people: list[PersonInfo]) -> None:
        if generation != self._generation:
            return
        self.model.set_people(people)
        inactive = sum(1 for person in people if not person.active)
        count = len(people)
        summary = f"{count} {'person' if count == 1 else 'people'}"
        if inactive:
            summary += f", {inactive} inactive"
        self.summary_label.setText(summary)
        self.summary_label.setVisible(bool(people))
        self.stack.setCurrentWidget(self.table if people else self.empty_state)
        self.loaded.emit()
