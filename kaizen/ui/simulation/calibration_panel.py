"""Calibrate a model from an imported event log (kaizen/simulation/calibrate.py over
EventLogService's columns) and show the calibrated model's simulated lead time beside the log's
real one, so the user can see whether the model is credible. Runs in the background.
"Use calibrated model" then asks the page (``useRequested(calibration)``) to make it the base
of the scenarios: the page stores it as a process map and picks it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kaizen.domain.numbers import format_number
from kaizen.i18n import translate
from kaizen.simulation.runner import RunOptions
from kaizen.ui.simulation.results_data import unit_plural
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from kaizen.services import Services

TIME_UNIT = "hour"
OPTIONS = RunOptions(replications=5, seed=1)


def calibrate_and_check(services: Services, name: str) -> Any:
    """The worker's job: (calibration, credibility) for the stored log ``name``."""
    from kaizen.simulation.calibrate import calibrate_log, credibility

    # The model's name becomes a process's name: written in the site's language.
    model_name = translate(
        "ui.simulation.calibration_panel", "Calibrated from {log}").format(log=name)[:120]
    calibration = calibrate_log(services.event_logs.load(name), time_unit=TIME_UNIT,
                                name=model_name)
    return calibration, credibility(calibration, OPTIONS, workers=None)


def _verdict(gap: float | None) -> str:
    """How far the model is from reality, in one sentence (each case whole, for translators)."""
    if gap is None:
        return ""
    credible = abs(gap) <= 0.1
    if gap > 0 and credible:
        text = translate("ui.simulation.calibration_panel",
                         "The model is {percent}% above reality: credible.")
    elif gap > 0:
        text = translate("ui.simulation.calibration_panel",
                         "The model is {percent}% above reality: check it before trusting a "
                         "forecast.")
    elif credible:
        text = translate("ui.simulation.calibration_panel",
                         "The model is {percent}% below reality: credible.")
    else:
        text = translate("ui.simulation.calibration_panel",
                         "The model is {percent}% below reality: check it before trusting a "
                         "forecast.")
    return " " + text.format(percent=format_number(round(abs(gap) * 100)))


def _source(durations_from: str) -> str:
    """Where the durations came from (calibrate.py's "start/complete" or "gaps")."""
    words = {"start/complete": translate("ui.simulation.calibration_panel", "start/complete"),
             "gaps": translate("ui.simulation.calibration_panel", "gaps")}
    return words.get(durations_from, durations_from)


def describe(calibration: Any, check: Any) -> str:
    sim = check.simulated
    figure = translate(
        "ui.simulation.calibration_panel",
        "{mean} [{low}, {high}]") if sim.low is not None else "{mean}"
    simulated = figure.format(mean=format_number(sim.mean, 2),
                              low=format_number(sim.low or 0, 2),
                              high=format_number(sim.high or 0, 2))
    return translate(
        "ui.simulation.calibration_panel",
        "Simulated lead time {simulated} {units} against the log's real {real} {units} (mean; 90th "
        "percentile {p90}), from {cases} cases, durations from {source}.").format(
            simulated=simulated, units=unit_plural(TIME_UNIT),
            real=format_number(check.observed_mean, 2), p90=format_number(check.observed_p90, 2),
            cases=format_number(calibration.cases), source=_source(calibration.durations_from)
        ) + _verdict(check.relative_gap)


class CalibrationPanel(QWidget):
    finished = Signal(str)  # the text shown
    useRequested = Signal(object)  # the Calibration to make the scenario's base

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.logs = QComboBox()
        self.logs.setMinimumContentsLength(12)
        self.button = QPushButton(translate("ui.simulation.calibration_panel", "Calibrate"))
        row.addWidget(self.logs, 1)
        row.addWidget(self.button)
        layout.addLayout(row)
        self.result = QLabel("")
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        self.use_button = QPushButton(translate(
            "ui.simulation.calibration_panel", "Use calibrated model"))
        self.use_button.setObjectName("UseCalibratedButton")
        self.use_button.setToolTip(translate(
            "ui.simulation.calibration_panel",
            "Store the calibrated model as a process map and simulate scenarios on it"))
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(lambda: self.useRequested.emit(self.calibration))
        layout.addWidget(self.use_button)
        self.button.clicked.connect(self.calibrate)
        self.calibration: Any = None

    def set_logs(self, names: list[str]) -> None:
        chosen = self.logs.currentText()
        self.logs.clear()
        self.logs.addItems(names)
        if chosen in names:
            self.logs.setCurrentText(chosen)
        self.button.setEnabled(bool(names))
        if not names:
            self.result.setText(translate(
                "ui.simulation.calibration_panel",
                "No event log imported yet: import one (kaizen log import) to calibrate from it."))
        elif self.calibration is None:
            self.result.setText("")

    def calibrate(self) -> None:
        name = self.logs.currentText()
        if not name:
            return
        self.button.setEnabled(False)
        self.use_button.setEnabled(False)
        self.calibration = None
        self.result.setText(translate(
            "ui.simulation.calibration_panel", "Calibrating from {log} and simulating it…").format(
            log=name))
        services = self.services
        run_in_background(lambda: calibrate_and_check(services, name), owner=self,
                          on_success=self._done, on_failure=self._failed, name="calibrate")

    def _done(self, outcome: Any) -> None:
        calibration, check = outcome
        self.calibration = calibration
        self.button.setEnabled(True)
        self.use_button.setEnabled(True)
        self.result.setText(describe(calibration, check))
        self.finished.emit(self.result.text())

    def _failed(self, error: BaseException) -> None:
        self.button.setEnabled(True)
        self.result.setText(translate(
            "ui.simulation.calibration_panel", "Could not calibrate: {error}").format(error=error))
        self.finished.emit(self.result.text())
