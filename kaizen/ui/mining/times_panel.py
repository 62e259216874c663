"""The mining screen's Times tab: the case durations (a histogram) and, when the log has start
and complete events, the processing and waiting time per activity.

A tab of its own class so the page can make it when the tab is first opened (issue 21). Its
texts keep the page's translation context, ``ui.mining.view``, where they were translated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kaizen.i18n import translate
from kaizen.ui.charts import ChartWidget
from kaizen.ui.mining.tables import FigureTable, times_headers, times_rows
from kaizen.ui.mining.text import count, duration, ns_text

if TYPE_CHECKING:
    from kaizen.ui.mining.analysis import MiningResult


class TimesPanel(QWidget):
    """The durations line, the chart, the lifecycle line and the activity times table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        self.durations_label = QLabel()
        self.durations_label.setObjectName("CaseDurations")
        self.durations_label.setWordWrap(True)
        self.lifecycle_label = QLabel()
        self.lifecycle_label.setWordWrap(True)
        self.times_table = FigureTable(times_headers(), "ActivityTimesTable")
        self.duration_chart = ChartWidget(file_stem="case-durations")
        self.duration_chart.setObjectName("CaseDurationChart")
        column.addWidget(self.durations_label)
        column.addWidget(self.duration_chart, 3)
        column.addWidget(self.lifecycle_label)
        column.addWidget(self.times_table, 2)

    def show_result(self, result: MiningResult) -> None:
        first = ns_text(int(result.log.timestamp.min())) if result.events else "-"
        last = ns_text(int(result.log.timestamp.max())) if result.events else "-"
        self.durations_label.setText(translate(
            "ui.mining.view",
            "Case durations: median {median}, mean {mean} over {cases} cases, from {first} to "
            "{last}.").format(median=duration(result.durations.median_s),
                              mean=duration(result.durations.mean_s), cases=count(result.cases),
                              first=first, last=last))
        if result.lifecycle:
            self.lifecycle_label.setText(translate(
                "ui.mining.view",
                "The log has start and complete events: processing (start to complete) and "
                "waiting (previous completion to start) per activity."))
        else:
            self.lifecycle_label.setText(translate(
                "ui.mining.view",
                "The log has no start and complete events, so processing and waiting time cannot "
                "be told apart."))
        self.times_table.fill(times_rows(result.activity_times))
        self.times_table.setVisible(result.lifecycle)
        durations = result.case_durations_s
        self.duration_chart.draw(lambda: _duration_figure(durations), name="case durations")


def _duration_figure(durations: object) -> object:
    # Imported here, in the worker: the app never imports matplotlib on the GUI thread at start.
    from kaizen.charts.case_durations import case_duration_figure

    return case_duration_figure(durations)  # type: ignore[arg-type]
