"""The mining screen's "Conformance" tab: pick a process, replay the log on its current map, and
read the fitness, the deviations (skipped steps, steps not in the map, wrong order, pairs the
map does not allow) and the deviating cases.

The panel only asks (``checkRequested(process_id)``) and shows; the view runs the check through
:meth:`kaizen.services.event_logs.EventLogService.conformance` in a worker.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kaizen.mining.conformance import Conformance
from kaizen.services.processes import ProcessInfo
from kaizen.ui.mining.tables import FigureTable
from kaizen.ui.mining.text import share

DEVIATION_HEADERS = ("Deviation", "Where", "Cases")
CASE_HEADERS = ("Case", "Replay fitness", "Events", "What deviates")


def deviation_rows(found: Conformance) -> list[list[str]]:
    rows = [["Skipped step", step, f"{n:,}"] for step, n in found.skipped]
    rows += [["Step not in the map", activity, f"{n:,}"] for activity, n in found.extra]
    rows += [["Wrong order", f"{e.target} after {e.source}", f"{e.count:,}"]
             for e in found.wrong_order]
    # Every pair the map lacks, those already named as the wrong order aside.
    ordered = {(e.source, e.target) for e in found.wrong_order}
    rows += [["Not a flow of the map", f"{e.source} \u2192 {e.target}", f"{e.count:,}"]
             for e in found.disallowed if (e.source, e.target) not in ordered]
    rows += [["Never done", step, "0"] for step in found.unseen_steps]
    return rows


def case_rows(found: Conformance) -> list[list[str]]:
    return [[c.case, f"{c.fitness:.3f}", f"{len(c.activities):,}",
             "; ".join(d.text() for d in c.deviations)] for c in found.deviating]


class ConformancePanel(QWidget):
    checkRequested = Signal(int)  # the process's id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 8, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Process map"))
        self.process_picker = QComboBox()
        self.process_picker.setObjectName("ConformanceProcess")
        self.process_picker.setMinimumWidth(240)
        self.process_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        bar.addWidget(self.process_picker)
        self.check_button = QPushButton("Check the log against the map")
        self.check_button.setObjectName("CheckConformanceButton")
        self.check_button.clicked.connect(self._on_check)
        bar.addWidget(self.check_button)
        bar.addStretch(1)
        column.addLayout(bar)
        self.summary = QLabel("Pick the process whose current-state map this log should "
                              "follow; its steps are matched to the log's activities by name. "
                              "The whole stored log is checked, whatever the filters.")
        self.summary.setObjectName("ConformanceSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.deviation_table = FigureTable(DEVIATION_HEADERS, "DeviationTable")
        self.case_table = FigureTable(CASE_HEADERS, "DeviatingCaseTable")
        split.addWidget(_titled("<b>Deviations</b>", self.deviation_table))
        split.addWidget(_titled("<b>Deviating cases</b>", self.case_table))
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([480, 720])
        column.addWidget(split, 1)
        self.result: Conformance | None = None
        self.set_processes([])

    def set_processes(self, processes: Sequence[ProcessInfo]) -> None:
        chosen = self.process_picker.currentData()
        self.process_picker.clear()
        for info in processes:
            if info.current_map_id is not None:
                self.process_picker.addItem(info.name, info.id)
        index = self.process_picker.findData(chosen) if chosen is not None else -1
        self.process_picker.setCurrentIndex(max(index, 0) if processes else -1)
        has = self.process_picker.count() > 0
        self.check_button.setEnabled(has)
        self.process_picker.setEnabled(has)
        if not has:
            self.process_picker.addItem("No process is mapped yet")
            self.process_picker.setEnabled(False)

    def set_busy(self, busy: bool) -> None:
        self.check_button.setEnabled(not busy and self.process_picker.currentData() is not None)
        if busy:
            self.summary.setText("Replaying the log on the map\u2026")

    def clear(self) -> None:
        self.result = None
        self.deviation_table.fill([])
        self.case_table.fill([])

    def show_result(self, process: str, found: Conformance) -> None:
        self.result = found
        listed = (f" (the first {len(found.deviating):,} listed)"
                  if len(found.deviating) < found.cases - found.fitting_cases else "")
        self.summary.setText(
            f"Against '{process}': {found.fitting_cases:,} of {found.cases:,} cases "
            f"({share(found.fitness)}) follow the map in every step. Token-replay fitness "
            f"{found.log_fitness:.3f} (mean per case {found.average_fitness:.3f}). "
            f"{found.cases - found.fitting_cases:,} cases deviate{listed}.")
        self.deviation_table.fill(deviation_rows(found))
        self.case_table.fill(case_rows(found))

    def _on_check(self) -> None:
        process_id = self.process_picker.currentData()
        if process_id is not None:
            self.checkRequested.emit(int(process_id))


def _titled(title: str, table: QWidget) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(QLabel(title))
    column.addWidget(table, 1)
    return box
