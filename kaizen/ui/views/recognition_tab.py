"""The Recognition tab of People & areas (issue 22): ideas implemented and validated savings, per
person and per area, this year so far, from :meth:`RecognitionService.read` (one read, in the
background). When the site setting turns recognition off the tab says so and names nobody."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.errors import KaizenError
from kaizen.domain.months import format_day
from kaizen.domain.numbers import format_money, format_number
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.services.analytics import DashboardFilter
from kaizen.ui.views import translated
from kaizen.ui.worker import Latest

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.recognition import Recognition

OFF = QT_TRANSLATE_NOOP("ui.views.recognition_tab", "Recognition is turned off in Site settings.")


def _table(headers: list[str], name: str, accessible_name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setAccessibleName(accessible_name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, str, str]]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            if column > 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, item)


class RecognitionTab(QWidget):
    """``loaded`` after each read is shown."""

    loaded = Signal()

    def __init__(self, services: Services, today: date | None = None) -> None:
        super().__init__()
        self.services = services
        self._today = today
        self._loads = Latest()  # a newer refresh supersedes a read still in flight
        self.data: Recognition | None = None
        self.note = QLabel("")
        self.note.setObjectName("PageNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        implemented = translate("ui.views.recognition_tab", "Ideas implemented")
        validated = translate("ui.views.recognition_tab", "Validated savings")
        self.people_table = _table(
            [translate("ui.views.recognition_tab", "Person"), implemented, validated],
            "Recognition by person", translate("ui.views.recognition_tab", "Recognition by person"))
        self.areas_table = _table(
            [translate("ui.views.recognition_tab", "Area"), implemented, validated],
            "Recognition by area", translate("ui.views.recognition_tab", "Recognition by area"))
        tables = QHBoxLayout()
        tables.setSpacing(16)
        for title, table in ((translate("ui.views.recognition_tab", "By person"),
                              self.people_table),
                             (translate("ui.views.recognition_tab", "By area"), self.areas_table)):
            column = QVBoxLayout()
            heading = QLabel(title)
            heading.setObjectName("SectionTitle")
            column.addWidget(heading)
            column.addWidget(table, 1)
            tables.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(self.note)
        layout.addLayout(tables, 1)

    def refresh(self) -> None:
        today = self._today or date.today()
        recognition = self.services.recognition
        self._loads.run(
            lambda: recognition.read(DashboardFilter(today.replace(month=1, day=1), today)),
            on_success=self._show, on_failure=self._failed, owner=self, name="recognition",
        )

    def _show(self, data: Recognition) -> None:
        self.data = data
        if not data.enabled:
            self.note.setText(translated("ui.views.recognition_tab", OFF))
        else:
            self.note.setText(translate(
                "ui.views.recognition_tab",
                "Ideas standardised from {start} to {end}: each counts for the person who "
                "suggested it and the one who carried it through, with the savings validated in "
                "those months.").format(start=format_day(data.start, year=False),
                                        end=format_day(data.end)))
        money = data.currency
        _fill(self.people_table, [(p.name, format_number(p.implemented),
                                   format_money(p.savings, money)) for p in data.people])
        _fill(self.areas_table, [(a.name, format_number(a.implemented),
                                  format_money(a.savings, money)) for a in data.areas])
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        message = error.message if isinstance(error, KaizenError) else str(error)
        self.note.setText(translate("ui.views.recognition_tab",
                                    "Recognition could not be read: {reason}").format(
            reason=message))
        self.loaded.emit()
