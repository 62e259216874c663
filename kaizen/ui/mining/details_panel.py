"""The figures of the activity or edge clicked in the graph, with the cases that hold it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from kaizen.ui.mining.analysis import MiningResult, activity_cases, edge_cases
from kaizen.ui.mining.text import duration, share

MAX_CASES_SHOWN = 500


class DetailsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DetailsPanel")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel("Click an activity or a path")
        self.title.setObjectName("DetailsTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: 600;")
        self.figures = QLabel("Its figures and cases show here.")
        self.figures.setObjectName("DetailsFigures")
        self.figures.setWordWrap(True)
        self.figures.setTextFormat(Qt.TextFormat.PlainText)
        self.cases_label = QLabel()
        self.cases = QListWidget()
        self.cases.setObjectName("DetailsCases")
        column.addWidget(self.title)
        column.addWidget(self.figures)
        column.addWidget(self.cases_label)
        column.addWidget(self.cases, 1)

    def clear(self) -> None:
        self.title.setText("Click an activity or a path")
        self.figures.setText("Its figures and cases show here.")
        self.cases_label.clear()
        self.cases.clear()

    def show_edge(self, result: MiningResult, source: str, target: str) -> None:
        edge = next((e for e in result.edges
                     if (e.source_name, e.target_name) == (source, target)), None)
        if edge is None:
            return
        self.title.setText(f"{source} \u2192 {target}")
        self.figures.setText(
            f"Frequency: {edge.count:,}\nMedian time: {duration(edge.median_s)}\n"
            f"Mean time: {duration(edge.mean_s)}\nTotal time: {duration(edge.total_s)}")
        self._show_cases(edge_cases(result.log, source, target))

    def show_activity(self, result: MiningResult, name: str) -> None:
        events = result.activity_events.get(name)
        if events is None:
            return
        cases = activity_cases(result.log, name)
        part = share(len(cases) / result.cases) if result.cases else "-"
        lines = [f"Events: {events:,}", f"Cases: {len(cases):,} ({part})",
                 f"Starts {result.start.get(name, 0):,} cases, ends {result.end.get(name, 0):,}"]
        times = next((t for t in result.activity_times if t.activity == name), None)
        if times is not None:
            lines.append(f"Processing median {duration(times.processing_median_s)}, waiting "
                         f"median {duration(times.waiting_median_s)}")
        again = next((r for r in result.rework if r.activity == name), None)
        if again is not None:
            lines.append(f"Repeats in {again.cases:,} cases (rework)")
        self.title.setText(name)
        self.figures.setText("\n".join(lines))
        self._show_cases(cases)

    def _show_cases(self, cases: list[str]) -> None:
        shown = cases[:MAX_CASES_SHOWN]
        more = f" (first {len(shown):,})" if len(cases) > len(shown) else ""
        self.cases_label.setText(f"{len(cases):,} cases{more}:")
        self.cases.clear()
        self.cases.addItems(shown)
