"""Current state and scenario side by side: the comparison chart (kaizen/charts/scenario.py,
drawn in the background by the ChartWidget) above a table of every figure with its 95%
interval, the paired difference and whether it is real (its interval excludes 0).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QBrush, QColor, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyle,
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


DIFFERENCE_COLUMN, REAL_COLUMN = 3, 4
NAME_PADDING = 24  # px: a cell's margins each side of its text
SLACK = 2  # px: the grid's line, so the columns never scroll sideways by a pixel
ROW_PADDING = 8  # px: above and below a wrapped name
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
        headers = list(columns())
        # "(95% CI)" under "Difference", as the interval is under the difference in its cells.
        headers[DIFFERENCE_COLUMN] = headers[DIFFERENCE_COLUMN].replace(" (", "\n(", 1)
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # The figures' columns are as wide as their text; the first takes the rest and wraps
        # its names by words, never narrower than its longest word (stretched, it got what the
        # others left and cut "Durchsatz" to "Durc…" at 1280 px, issue 16). A page narrower
        # still scrolls sideways rather than cut a name.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        layout.addWidget(self.chart, 3)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 2)
        self.results: dict[str, Any] | None = None

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """The figures' columns to their text, the names' column to the rest (see above)."""
        table = self.table
        for column in range(1, table.columnCount()):
            table.resizeColumnToContents(column)
        others = sum(table.columnWidth(c) for c in range(1, table.columnCount()))
        metrics = table.fontMetrics()
        # The style paints a cell's text inside the sheet's padding and a margin each side.
        margin = 2 * (table.style().pixelMetric(
            QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1) + NAME_PADDING
        names = [table.item(r, 0).text() if table.item(r, 0) else ""
                 for r in range(table.rowCount())]
        word = max((metrics.horizontalAdvance(w) for n in names for w in n.split()), default=0)
        # The vertical scroll bar's width kept back: the wrapped rows are taller, and once it
        # shows, a full-width column would scroll sideways by its width.
        bar = table.verticalScrollBar()
        room = table.viewport().width() - others - SLACK - (0 if bar.isVisible()
                                                            else bar.sizeHint().width())
        table.setColumnWidth(0, max(word + margin, room))
        table.resizeRowsToContents()
        # The rows' own fit measures the names without the sheet's padding, a line short
        # ("Work in progress …"): each row is made as tall as its name wrapped where painted.
        width = table.columnWidth(0) - margin
        for row, name in enumerate(names):
            lines = metrics.boundingRect(QRect(0, 0, width, 10_000),
                                         int(Qt.TextFlag.TextWordWrap), name).height()
            if table.rowHeight(row) < lines + ROW_PADDING:
                table.setRowHeight(row, lines + ROW_PADDING)

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
                      row.current, row.scenario,
                      # The interval under the difference: the column half as wide.
                      row.difference.replace(" [", "\n[", 1), row.verdict)
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
        self.fit_columns()
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

        # The table and the note above change the chart's room: laid out now, so the worker
        # renders the chart at the size it is shown, not the GUI thread again (issue 21).
        self.layout().activate()
        self.chart.draw(build, name="what-if chart")
