"""The History tab: time per stage and lead time (from the stage changes), the stage changes
with who, when and the note, and the audit trail."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from kaizen.domain.enums import PdcaStage
from kaizen.i18n import translate
from kaizen.ui.board.cycle.parts import caption, tab_layout, table
from kaizen.ui.board.models import AuditTableModel, StageHistoryModel

if TYPE_CHECKING:
    from kaizen.services.board import AuditEntry, CycleTiming
    from kaizen.services.pdca import StageChangeInfo


def days_text(delta: timedelta) -> str:
    # Whole days, counted as the board counts days in stage (a started day is not a day).
    days = delta.total_seconds() / 86400
    if 0 < days < 1:
        return translate("ui.board.cycle.history_tab", "< 1 d")
    return translate("ui.board.cycle.history_tab", "{days} d").format(days=int(days))


def _stretch_last(view: QTableView) -> None:
    header = view.horizontalHeader()
    for col in range(3):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)


class HistoryTab(QWidget):
    def __init__(self) -> None:
        super().__init__()
        column = tab_layout(self, 8)
        self.timing_label = caption("", "TabNote")
        column.addWidget(self.timing_label)
        column.addWidget(caption(translate(
            "ui.board.cycle.history_tab", "Stage changes"), "SectionTitle"))
        self.history_model = StageHistoryModel(self)
        self.history_table = table(self.history_model)
        _stretch_last(self.history_table)
        column.addWidget(self.history_table, 1)
        column.addWidget(caption(translate(
            "ui.board.cycle.history_tab", "Audit trail"), "SectionTitle"))
        self.audit_model = AuditTableModel(self)
        self.audit_table = table(self.audit_model)
        _stretch_last(self.audit_table)
        column.addWidget(self.audit_table, 1)

    def fill(self, history: list[StageChangeInfo], audit: list[AuditEntry],
             timing: CycleTiming) -> None:
        self.history_model.set_rows(history)
        self.audit_model.set_rows(audit)
        parts = [f"{stage.label} {days_text(timing.durations[stage])}"
                 for stage in (PdcaStage.PLAN, PdcaStage.DO, PdcaStage.CHECK, PdcaStage.ACT)
                 if stage in timing.durations]
        times = " · ".join(parts) if parts else translate("ui.board.cycle.history_tab", "none yet")
        text = translate(
            "ui.board.cycle.history_tab", "Time in each stage: {times}.").format(times=times)
        if timing.lead_time is not None:
            text += " " + translate(
                "ui.board.cycle.history_tab", "Lead time from Plan to Done: {days}.").format(
                days=days_text(timing.lead_time))
        self.timing_label.setText(text)
