"""Current state and scenario side by side: the comparison chart (kaizen/charts/scenario.py,
drawn in the background by the ChartWidget) above a table of every figure with its 95%
interval, the paired difference and whether it is real (its interval excludes 0).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.numbers import format_number
from kaizen.i18n import translate
from kaizen.ui.charts.chart_widget import ChartWidget
from kaizen.ui.simulation.results_data import chart_panels, table_rows, unit_plural


def columns() -> tuple[str, ...]:
    return (translate("ui.simulation.results_panel", "Figure"), translate(
        "ui.simulation.results_panel", "Map"), translate(
        "ui.simulation.results_panel", "Scenario"),
            translate("ui.simulation.results_panel", "Difference (95% CI)"), translate(
                "ui.simulation.results_panel", "Real?"))


REAL_COLUMN = 4
_GOOD, _BAD = QColor("#067647"), QColor("#b42318")


class ResultsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.chart = ChartWidget(translate(
            "ui.simulation.results_panel", "The map against the scenario"), file_stem="what-if")
        self.chart.setMinimumHeight(260)
        self.chart.show_message(translate(
            "ui.simulation.results_panel", "Run a scenario to compare it with the current state."))
        self.note = QLabel("")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setObjectName("PageSubtitle")
        headers = columns()
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        # Every column as wide as its text, the first too: stretched, it got what the others
        # left and cut "Throughput" to "Durc…" in German at 1280 px (issue 16). The last one
        # takes the spare room; a narrow page scrolls sideways rather than cut a figure's name.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.chart, 3)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 2)
        self.results: dict[str, Any] | None = None

    def clear(self, text: str | None = None) -> None:
        self.results = None
        self.table.setRowCount(0)
        self.note.setText("")
        self.chart.show_message(text if text is not None else translate(
            "ui.simulation.results_panel", "Run a scenario to compare it with the current state."))

    def show_results(self, results: dict[str, Any], scenario_name: str,
                     base_name: str | None = None) -> None:
        """``base_name``: the map the scenario changes (the current state or a future one)."""
        self.results = results
        rows = table_rows(results)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = (translate(
                "ui.simulation.results_panel",
                "{figure} ({unit})").format(figure=row.label, unit=row.unit),
                      row.current, row.scenario, row.difference, row.verdict)
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 0:  # whole in its column; the tooltip too, for a screen reader
                    item.setToolTip(value)
                if c in (1, 2):  # the intervals are on the chart and in the tooltip
                    item.setToolTip(translate(
                        "ui.simulation.results_panel",
                        "Mean with its 95% interval: {interval}").format(
                        interval=row.current_ci if c == 1 else row.scenario_ci))
                if c >= 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if c == REAL_COLUMN and row.better is not None:
                    item.setForeground(QBrush(_GOOD if row.better else _BAD))
                self.table.setItem(r, c, item)
        options = results["options"]
        self.note.setText(translate(
            "ui.simulation.results_panel",
            "{replications} replications of {horizon} {units} each (the first {warmup} discarded), "
            "seed {seed}, paired on common random numbers. A difference is real when its 95% "
            "interval excludes 0.").format(
                replications=options['replications'], horizon=format_number(options['horizon']),
                units=unit_plural(results['time_unit']), warmup=format_number(options['warmup']),
                seed=options['seed']))
        panels = chart_panels(results, scenario_name, base_name)
        title = translate(
            "ui.simulation.results_panel", "What-if: {scenario}").format(scenario=scenario_name)

        def build() -> Any:
            from kaizen.charts.scenario import comparison_figure

            # No subtitle: at 1280x720 the chart is 570 x 240 px, and its two lines left the
            # bars no height (issue 16). The note under the chart says what the bars and the
            # verdicts mean.
            return comparison_figure(title, panels)

        self.chart.draw(build, name="what-if chart")
