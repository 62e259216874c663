"""The Measurements view's "Control chart" tab: the metric's chart as its plan names it (I-MR,
X-bar/R, X-bar/S, p or u), a choice of limits per phase or the before limits carried forward,
and every signal listed with its rule and its points (the same points circled on the chart).

The chart data (:func:`kaizen.services.metric_statistics.control_chart`, pure) and then the
figure are computed on the worker; a newer request (another metric, the other phase choice)
supersedes one still in flight (``worker.Latest``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.metric_chart import FROZEN, PHASE_MODE_LABELS, RECOMPUTE, signal_lines
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui.charts import ChartWidget
from kaizen.ui.worker import Latest

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from kaizen.domain.metric_chart import MetricChart
    from kaizen.services.metric_statistics import MetricAnalysis

MAX_POINTS_PER_PHASE = 250  # a control chart of thousands of points is a smear
NO_SIGNAL = QT_TRANSLATE_NOOP(
    "ui.measure.control_panel",
    "No signal: every point is within its limits under the chosen rules.")


def latest(values: list[float], size: int) -> list[float]:
    """The latest MAX_POINTS_PER_PHASE points' values of a phase (whole subgroups only)."""
    usable = values[: len(values) - len(values) % size] if size > 1 else values
    keep = MAX_POINTS_PER_PHASE * size
    return usable[-keep:] if len(usable) > keep else values


def compute(analysis: MetricAnalysis, mode: str) -> tuple[MetricChart | None, str | None]:
    """The chart of the shown points, and its note (worker thread)."""
    from kaizen.services.metric_statistics import control_chart

    plan = analysis.plan
    size = plan.subgroup_size if plan.chart in ("xbar_r", "xbar_s") else 1
    return control_chart(plan, analysis.unit, latest(analysis.before, size),
                         latest(analysis.after, size), frozen=mode == FROZEN)


def build_figure(chart: MetricChart, analysis: MetricAnalysis) -> Figure:
    from kaizen.charts.metric_chart import metric_chart_figure

    return metric_chart_figure(chart, metric_name=analysis.name, unit=analysis.unit)


class _Note(QLabel):
    """A wrapped note in the side column that takes no room while it has nothing to say."""

    def __init__(self) -> None:
        super().__init__("")
        self.setVisible(False)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        super().setText(text)
        self.setVisible(bool(text))


class ControlChartPanel(QWidget):
    """``shown`` fires once the signals of a metric's chart are listed."""

    shown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.analysis: MetricAnalysis | None = None
        self.control: MetricChart | None = None
        self._latest = Latest()
        self.mode_combo = QComboBox()
        self.mode_combo.setObjectName("PhaseMode")
        self.mode_combo.setAccessibleName(translate("ui.measure.control_panel", "Control limits"))
        self.mode_combo.setToolTip(translate(
            "ui.measure.control_panel",
            "Limits per phase: the after phase gets limits of its own. Before limits carried "
            "forward: the after points are judged against the old process, so a lasting "
            "change shows as signals."))
        for mode in (RECOMPUTE, FROZEN):
            self.mode_combo.addItem(translate("domain.metric_chart", PHASE_MODE_LABELS[mode]), mode)
        self.mode_combo.currentIndexChanged.connect(self._reload)
        self.summary = _Note()
        self.summary.setObjectName("PanelNote")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        limits = QLabel(translate("ui.measure.control_panel", "Limits:"))
        limits.setObjectName("PanelHeading")
        # Which points are drawn when not all are (the view's text: "The latest 250 before…").
        self.note = _Note()
        self.note.setObjectName("PanelNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)

        self.chart = ChartWidget(file_stem="control-chart", show_header=False)
        self.signal_heading = QLabel(translate("ui.measure.control_panel", "Signals"))
        self.signal_heading.setObjectName("PanelHeading")
        self.signal_list = QListWidget()
        self.signal_list.setObjectName("SignalList")
        self.signal_list.setAccessibleName(translate("ui.measure.control_panel",
                                                     "Control chart signals"))
        self.signal_list.setWordWrap(True)
        self.signal_list.setSpacing(3)
        self.signal_list.setAlternatingRowColors(True)
        self.signal_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side = QWidget()
        side.setMinimumWidth(220)
        side.setMaximumWidth(320)
        side_column = QVBoxLayout(side)
        side_column.setSpacing(4)
        # The choice of limits and the notes beside the chart, not in a row above it: at
        # 1280x720 the chart needs every pixel of the height (issue 16).
        side_column.setContentsMargins(0, 6, 0, 0)
        side_column.addWidget(limits)
        side_column.addWidget(self.mode_combo)
        side_column.addWidget(self.summary)
        side_column.addWidget(self.note)
        side_column.addSpacing(6)
        side_column.addWidget(self.signal_heading)
        side_column.addWidget(self.signal_list, 1)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(12)
        body.addWidget(self.chart, 1)
        body.addWidget(side)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addLayout(body, 1)

    @property
    def mode(self) -> str:
        return str(self.mode_combo.currentData())

    def set_mode(self, mode: str) -> None:
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(mode))

    def clear(self) -> None:
        self._latest.supersede()
        self.analysis = self.control = None
        self.chart.clear()
        self.signal_list.clear()
        self.summary.setText("")

    def show_analysis(self, analysis: MetricAnalysis) -> None:
        self.analysis = analysis
        self._reload()

    def _reload(self, *_args: Any) -> None:
        analysis = self.analysis
        if analysis is None:
            return
        mode = self.mode
        self._latest.run(lambda: compute(analysis, mode),
                         on_success=lambda result: self._show(analysis, result),
                         owner=self, name="control chart data")

    def _show(self, analysis: MetricAnalysis,
              result: tuple[MetricChart | None, str | None]) -> None:
        chart, note = result
        self.control = chart
        self.signal_list.clear()
        if chart is None:
            self.chart.clear(note or translate("ui.measure.control_panel", "No control chart yet."))
            self.summary.setText("")
            self.signal_heading.setText(translate("ui.measure.control_panel", "Signals"))
        else:
            lines = signal_lines(chart)
            for line in lines or [translate("ui.measure.control_panel", NO_SIGNAL)]:
                self.signal_list.addItem(line)
            self.signal_heading.setText(
                translate("ui.measure.control_panel",
                          "Signals ({count})").format(count=len(lines)) if lines
                else translate("ui.measure.control_panel", "Signals"))
            self.summary.setText(note or "")
            self.chart.file_stem = translate("ui.measure.control_panel",
                                             "{name} control chart").format(
                name=analysis.name)
            self.chart.draw(lambda: build_figure(chart, analysis), name="control chart")
        self.shown.emit()
