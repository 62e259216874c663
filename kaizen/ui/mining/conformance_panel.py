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

from kaizen.domain.numbers import format_number
from kaizen.i18n import translate
from kaizen.mining.conformance import Conformance
from kaizen.services.processes import ProcessInfo
from kaizen.ui.mining.tables import FigureTable
from kaizen.ui.mining.text import count, share


def deviation_headers() -> list[str]:
    return [translate("ui.mining.conformance_panel", "Deviation"),
            translate("ui.mining.conformance_panel", "Where"),
            translate("ui.mining.conformance_panel", "Cases")]


def case_headers() -> list[str]:
    return [translate("ui.mining.conformance_panel", "Case"),
            translate("ui.mining.conformance_panel", "Replay fitness"),
            translate("ui.mining.conformance_panel", "Events"),
            translate("ui.mining.conformance_panel", "What deviates")]


def deviation_rows(found: Conformance) -> list[list[str]]:
    skipped = translate("ui.mining.conformance_panel", "Skipped step")
    rows = [[skipped, step, count(n)] for step, n in found.skipped]
    extra = translate("ui.mining.conformance_panel", "Step not in the map")
    rows += [[extra, activity, count(n)] for activity, n in found.extra]
    wrong = translate("ui.mining.conformance_panel", "Wrong order")
    after = translate("ui.mining.conformance_panel", "{target} after {source}")
    rows += [[wrong, after.format(target=e.target, source=e.source), count(e.count)]
             for e in found.wrong_order]
    # Every pair the map lacks, those already named as the wrong order aside.
    ordered = {(e.source, e.target) for e in found.wrong_order}
    not_flow = translate("ui.mining.conformance_panel", "Not a flow of the map")
    rows += [[not_flow, f"{e.source} \u2192 {e.target}", count(e.count)]
             for e in found.disallowed if (e.source, e.target) not in ordered]
    never = translate("ui.mining.conformance_panel", "Never done")
    rows += [[never, step, "0"] for step in found.unseen_steps]
    return rows


def case_rows(found: Conformance) -> list[list[str]]:
    return [[c.case, format_number(c.fitness, 3), count(len(c.activities)),
             "; ".join(d.text() for d in c.deviations)] for c in found.deviating]


class ConformancePanel(QWidget):
    checkRequested = Signal(int)  # the process's id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 8, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(translate("ui.mining.conformance_panel", "Process map")))
        self.process_picker = QComboBox()
        self.process_picker.setObjectName("ConformanceProcess")
        self.process_picker.setMinimumWidth(240)
        self.process_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        bar.addWidget(self.process_picker)
        self.check_button = QPushButton(translate(
            "ui.mining.conformance_panel", "Check the log against the map"))
        self.check_button.setObjectName("CheckConformanceButton")
        self.check_button.clicked.connect(self._on_check)
        bar.addWidget(self.check_button)
        bar.addStretch(1)
        column.addLayout(bar)
        self.summary = QLabel(translate(
            "ui.mining.conformance_panel",
            "Pick the process whose current-state map this log should follow; its steps are "
            "matched to the log's activities by name. The whole stored log is checked, whatever "
            "the filters."))
        self.summary.setObjectName("ConformanceSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.deviation_table = FigureTable(deviation_headers(), "DeviationTable")
        self.case_table = FigureTable(case_headers(), "DeviatingCaseTable")
        split.addWidget(_titled(translate(
            "ui.mining.conformance_panel", "<b>Deviations</b>"), self.deviation_table))
        split.addWidget(_titled(translate(
            "ui.mining.conformance_panel", "<b>Deviating cases</b>"), self.case_table))
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
            self.process_picker.addItem(translate(
                "ui.mining.conformance_panel", "No process is mapped yet"))
            self.process_picker.setEnabled(False)

    def set_busy(self, busy: bool) -> None:
        self.check_button.setEnabled(not busy and self.process_picker.currentData() is not None)
        if busy:
            self.summary.setText(translate(
                "ui.mining.conformance_panel", "Replaying the log on the map…"))

    def clear(self) -> None:
        self.result = None
        self.deviation_table.fill([])
        self.case_table.fill([])

    def show_result(self, process: str, found: Conformance) -> None:
        self.result = found
        figures = dict(
            process=process, fitting=count(found.fitting_cases), cases=count(found.cases),
            share=share(found.fitness), fitness=format_number(found.log_fitness, 3),
            mean=format_number(found.average_fitness, 3),
            deviating=count(found.cases - found.fitting_cases),
            listed=count(len(found.deviating)))
        if len(found.deviating) < found.cases - found.fitting_cases:
            text = translate(
                "ui.mining.conformance_panel",
                "Against '{process}': {fitting} of {cases} cases ({share}) follow the map in "
                "every step. Token-replay fitness {fitness} (mean per case {mean}). {deviating} "
                "cases deviate (the first {listed} listed).")
        else:
            text = translate(
                "ui.mining.conformance_panel",
                "Against '{process}': {fitting} of {cases} cases ({share}) follow the map in "
                "every step. Token-replay fitness {fitness} (mean per case {mean}). {deviating} "
                "cases deviate.")
        self.summary.setText(text.format(**figures))
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
