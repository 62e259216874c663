"""Findings: bottlenecks ranked by waiting hours a year and rework, each with a button that logs
it as a waste observation (waiting, or defects) in an area the user picks.

The panel only asks; the view writes the observation through the observation service in a
worker (see :mod:`kaizen.ui.mining.waste` for the figures written)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.numbers import format_money, format_number
from kaizen.i18n import translate
from kaizen.mining.findings import Bottleneck, Rework
from kaizen.services.people import AreaInfo
from kaizen.ui.mining.tables import (
    FigureTable,
    bottleneck_headers,
    bottleneck_rows,
    rework_headers,
    rework_rows,
)


class FindingsPanel(QWidget):
    """Two tables; ``logWaiting(Bottleneck)`` and ``logRework(Rework)`` ask to log one."""

    logWaiting = Signal(object)
    logRework = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bottlenecks: list[Bottleneck] = []
        self.rework: list[Rework] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 8, 0, 0)
        head = QHBoxLayout()
        head.addWidget(QLabel(translate(
            "ui.mining.findings_panel",
            "<b>Bottlenecks</b>, by waiting hours a year (the log's span scaled to 365 days)")))
        head.addStretch(1)
        self.waiting_button = QPushButton(translate(
            "ui.mining.findings_panel", "Log as waiting waste…"))
        self.waiting_button.setObjectName("LogWaitingButton")
        self.waiting_button.clicked.connect(self._on_waiting)
        head.addWidget(self.waiting_button)
        column.addLayout(head)
        self.bottleneck_table = FigureTable(bottleneck_headers(), "BottleneckTable")
        self.bottleneck_table.itemSelectionChanged.connect(self._update_buttons)
        column.addWidget(self.bottleneck_table, 3)

        head = QHBoxLayout()
        head.addWidget(QLabel(translate(
            "ui.mining.findings_panel", "<b>Rework</b>: activities repeated within a case")))
        head.addStretch(1)
        self.rework_button = QPushButton(translate(
            "ui.mining.findings_panel", "Log as defects waste…"))
        self.rework_button.setObjectName("LogReworkButton")
        self.rework_button.clicked.connect(self._on_rework)
        head.addWidget(self.rework_button)
        column.addLayout(head)
        self.rework_table = FigureTable(rework_headers(), "ReworkTable")
        self.rework_table.itemSelectionChanged.connect(self._update_buttons)
        column.addWidget(self.rework_table, 2)
        self.note = QLabel()
        self.note.setObjectName("FindingsNote")
        self.note.setWordWrap(True)
        column.addWidget(self.note)
        self._update_buttons()

    def show_findings(self, bottlenecks: list[Bottleneck], rework: list[Rework]) -> None:
        self.bottlenecks, self.rework = bottlenecks, rework
        self.bottleneck_table.fill(bottleneck_rows(bottlenecks))
        self.rework_table.fill(rework_rows(rework))
        if bottlenecks:
            self.bottleneck_table.selectRow(0)
        if rework:
            self.rework_table.selectRow(0)
        self._update_buttons()

    def set_can_log(self, can: bool, why: str = "") -> None:
        self._can_log, self._why = can, why
        self._update_buttons()

    def _update_buttons(self) -> None:
        can = getattr(self, "_can_log", False)
        why = getattr(self, "_why", "")
        self.waiting_button.setEnabled(can and bool(self.bottleneck_table.selectedItems()))
        self.rework_button.setEnabled(can and bool(self.rework_table.selectedItems()))
        for button in (self.waiting_button, self.rework_button):
            button.setToolTip("" if can else why)

    def _on_waiting(self) -> None:
        rows = self.bottleneck_table.selectionModel().selectedRows()
        if rows:
            self.logWaiting.emit(self.bottlenecks[rows[0].row()])

    def _on_rework(self) -> None:
        rows = self.rework_table.selectionModel().selectedRows()
        if rows:
            self.logRework.emit(self.rework[rows[0].row()])


class WasteDialog(QDialog):
    """Where the waste happens (the area sets the hourly rate), and for rework the minutes each
    repeat costs; shows the yearly hours and cost before anything is written."""

    def __init__(self, title: str, text: str, areas: list[AreaInfo], home_area_id: int | None,
                 hours_per_year: float | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WasteDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self._hours = hours_per_year
        column = QVBoxLayout(self)
        label = QLabel(text)
        label.setWordWrap(True)
        column.addWidget(label)
        form = QFormLayout()
        self.area = QComboBox()
        self.area.setObjectName("WasteArea")
        for area in areas:
            self.area.addItem(area.path, area)
        home = next((i for i, a in enumerate(areas) if a.id == home_area_id), 0)
        self.area.setCurrentIndex(home)
        self.area.currentIndexChanged.connect(self._show_cost)
        form.addRow(translate("ui.mining.findings_panel", "Area"), self.area)
        self.minutes: QDoubleSpinBox | None = None
        if hours_per_year is None:  # rework: the user says what one repeat costs
            self.minutes = QDoubleSpinBox()
            self.minutes.setObjectName("MinutesPerRepeat")
            self.minutes.setRange(0.1, 10_080)
            self.minutes.setDecimals(1)
            self.minutes.setValue(30.0)
            self.minutes.setSuffix(translate("ui.mining.findings_panel", " min"))
            self.minutes.valueChanged.connect(self._show_cost)
            form.addRow(translate(
                "ui.mining.findings_panel", "Minutes lost per repeat"), self.minutes)
        column.addLayout(form)
        self.cost_label = QLabel()
        self.cost_label.setObjectName("WasteCost")
        self.cost_label.setWordWrap(True)
        column.addWidget(self.cost_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(translate(
            "ui.mining.findings_panel", "Log waste"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.repeats_per_year = 0.0
        self._show_cost()

    def area_id(self) -> int:
        area = self.area.currentData()
        return int(area.id)

    def set_repeats_per_year(self, repeats: float) -> None:
        self.repeats_per_year = repeats
        self._show_cost()

    def hours(self) -> float:
        if self._hours is not None:
            return self._hours
        minutes = self.minutes.value() if self.minutes is not None else 0.0
        return self.repeats_per_year * minutes / 60

    def _show_cost(self, *_args: object) -> None:
        area = self.area.currentData()
        if area is None:
            self.cost_label.setText(translate(
                "ui.mining.findings_panel", "There is no area to log it in: add one first."))
            return
        hours = self.hours()
        rate = area.effective_hourly_rate
        self.cost_label.setText(translate(
            "ui.mining.findings_panel",
            "{hours} hours a year × {rate} an hour in {area} = {cost} a year.").format(
                hours=format_number(hours), rate=format_money(rate, decimals=2), area=area.name,
                cost=format_money(hours * rate)))
