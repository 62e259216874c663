"""The figures of the activity or edge clicked in the graph, with the cases that hold it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from kaizen.i18n import translate
from kaizen.ui.mining.analysis import MiningResult, activity_cases, edge_cases
from kaizen.ui.mining.text import count, duration, share

MAX_CASES_SHOWN = 500


class DetailsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DetailsPanel")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(translate("ui.mining.details_panel", "Click an activity or a path"))
        self.title.setObjectName("DetailsTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: 600;")
        self.figures = QLabel(translate(
            "ui.mining.details_panel", "Its figures and cases show here."))
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
        self.title.setText(translate("ui.mining.details_panel", "Click an activity or a path"))
        self.figures.setText(translate(
            "ui.mining.details_panel", "Its figures and cases show here."))
        self.cases_label.clear()
        self.cases.clear()

    def show_edge(self, result: MiningResult, source: str, target: str) -> None:
        edge = next((e for e in result.edges
                     if (e.source_name, e.target_name) == (source, target)), None)
        if edge is None:
            return
        self.title.setText(f"{source} \u2192 {target}")
        self.figures.setText(translate(
            "ui.mining.details_panel",
            "Frequency: {count}\nMedian time: {median}\nMean time: {mean}\nTotal time: {total}"
        ).format(count=count(edge.count), median=duration(edge.median_s),
                 mean=duration(edge.mean_s), total=duration(edge.total_s)))
        self._show_cases(edge_cases(result.log, source, target))

    def show_activity(self, result: MiningResult, name: str) -> None:
        events = result.activity_events.get(name)
        if events is None:
            return
        cases = activity_cases(result.log, name)
        part = share(len(cases) / result.cases) if result.cases else "-"
        lines = [translate("ui.mining.details_panel", "Events: {count}").format(
                     count=count(events)),
                 translate("ui.mining.details_panel", "Cases: {count} ({share})").format(
                     count=count(len(cases)), share=part),
                 translate("ui.mining.details_panel", "Starts {starts} cases, ends {ends}").format(
                     starts=count(result.start.get(name, 0)), ends=count(result.end.get(name, 0)))]
        times = next((t for t in result.activity_times if t.activity == name), None)
        if times is not None:
            lines.append(translate(
                "ui.mining.details_panel",
                "Processing median {processing}, waiting median {waiting}")
                         .format(processing=duration(times.processing_median_s),
                                 waiting=duration(times.waiting_median_s)))
        again = next((r for r in result.rework if r.activity == name), None)
        if again is not None:
            lines.append(translate(
                "ui.mining.details_panel", "Repeats in {count} cases (rework)").format(
                                       count=count(again.cases)))
        self.title.setText(name)
        self.figures.setText("\n".join(lines))
        self._show_cases(cases)

    def _show_cases(self, cases: list[str]) -> None:
        shown = cases[:MAX_CASES_SHOWN]
        if len(cases) > len(shown):
            text = translate("ui.mining.details_panel", "{count} cases (first {shown}):").format(
                count=count(len(cases)), shown=count(len(shown)))
        elif len(cases) == 1:
            text = translate("ui.mining.details_panel", "{count} case:").format(count=count(1))
        else:
            text = translate("ui.mining.details_panel", "{count} cases:").format(
                count=count(len(cases)))
        self.cases_label.setText(text)
        self.cases.clear()
        self.cases.addItems(shown)
