"""The Check tab: the idea's metrics with before/after counts and means, and the check result.

"Record them in Measurements" is a link (issue 16): ``measurementsRequested(idea id, metric id
or 0)`` opens the Measurements view on the plan's target metric (the first metric without one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QWidget

from kaizen.i18n import translate
from kaizen.ui.board.cycle.parts import add_field, caption, tab_layout, table, text_box
from kaizen.ui.board.models import MetricsTableModel
from kaizen.ui.form_op import Refusals

if TYPE_CHECKING:
    from kaizen.services.measurements import MetricInfo


class CheckTab(QWidget):
    """``saveRequested`` when Save check result is pressed."""

    saveRequested = Signal()
    measurementsRequested = Signal(int, int)  # idea id, metric id (0: none picked)

    def __init__(self, refusals: Refusals) -> None:
        super().__init__()
        self._idea_id = 0
        self._metric_id = 0
        column = tab_layout(self, 8)
        column.addWidget(caption(translate("ui.board.cycle.check_tab", "Metrics"), "SectionTitle"))
        column.addWidget(caption(translate(
            "ui.board.cycle.check_tab",
            "Before and after samples of the idea's metrics; the move to Act needs at least one "
            "metric with both."), "TabNote"))
        self.measurements_link = QPushButton(
            translate("ui.board.cycle.check_tab", "Record them in Measurements"))
        self.measurements_link.setObjectName("LinkButton")
        self.measurements_link.setCursor(Qt.CursorShape.PointingHandCursor)
        self.measurements_link.setToolTip(
            translate(
                "ui.board.cycle.check_tab", "Open the Measurements view on this cycle's metric"))
        self.measurements_link.clicked.connect(self._open_measurements)
        link_row = QHBoxLayout()
        link_row.addWidget(self.measurements_link)
        link_row.addStretch(1)
        column.addLayout(link_row)
        self.metrics_model = MetricsTableModel(self)
        self.metrics_table = table(self.metrics_model)
        header = self.metrics_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 6):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.metrics_table.setMinimumHeight(150)
        column.addWidget(self.metrics_table, 1)
        self.metrics_empty = caption(translate(
            "ui.board.cycle.check_tab",
            "No metrics yet: add one in Measurements with before data, then after data once the "
            "change is in place."), "TabNote")
        column.addWidget(self.metrics_empty)
        column.addSpacing(8)
        self.check_edit = text_box(
            translate("ui.board.cycle.check_tab", "What the data shows: did the change reach the "
                                                  "target?"), 110)
        add_field(column, refusals, translate(
            "ui.board.cycle.check_tab", "Check result"), self.check_edit,
                  field="check_result")
        self.check_note = caption("", "TabNote")
        self.save_check_button = QPushButton(translate(
            "ui.board.cycle.check_tab", "Save check result"))
        self.save_check_button.setObjectName("PrimaryButton")
        self.save_check_button.setToolTip(translate(
            "ui.board.cycle.check_tab", "Save the check result (Ctrl+S)"))
        self.save_check_button.clicked.connect(self.saveRequested)
        row = QHBoxLayout()
        row.addWidget(self.check_note, 1)
        row.addWidget(self.save_check_button)
        column.addLayout(row)

    def fill(self, metrics: list[MetricInfo], check_result: str, *, idea_id: int = 0,
             target_metric_id: int | None = None) -> None:
        self._idea_id = idea_id
        self._metric_id = target_metric_id or (metrics[0].id if metrics else 0)
        self.measurements_link.setEnabled(bool(idea_id))
        self.metrics_model.set_rows(metrics)
        self.metrics_empty.setVisible(not metrics)
        self.check_edit.setPlainText(check_result)

    def set_state(self, *, check_open: bool, is_open: bool, may_edit: bool) -> None:
        self.check_edit.setReadOnly(not (check_open and may_edit))
        self.save_check_button.setEnabled(check_open and may_edit)
        self.check_note.setText(
            "" if check_open or not is_open
            else translate(
                "ui.board.cycle.check_tab", "The check result is written in Check or Act.")
        )

    def _open_measurements(self) -> None:
        if self._idea_id:
            self.measurementsRequested.emit(self._idea_id, self._metric_id)

    def texts(self) -> dict[str, Any]:
        return {"check": self.check_edit.toPlainText()}

    def restore(self, kept: dict[str, Any]) -> None:
        if "check" in kept:
            self.check_edit.setPlainText(kept["check"])
