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

from kaizen.simulation.runner import RunOptions
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from kaizen.services import Services

TIME_UNIT = "hour"
OPTIONS = RunOptions(replications=5, seed=1)


def calibrate_and_check(services: Services, name: str) -> Any:
    """The worker's job: (calibration, credibility) for the stored log ``name``."""
    from kaizen.simulation.calibrate import calibrate_log, credibility

    calibration = calibrate_log(services.event_logs.load(name), time_unit=TIME_UNIT,
                                name=f"Calibrated from {name}"[:120])
    return calibration, credibility(calibration, OPTIONS, workers=None)


def describe(calibration: Any, check: Any) -> str:
    sim = check.simulated
    interval = "" if sim.low is None else f" [{sim.low:,.2f}, {sim.high:,.2f}]"
    gap = check.relative_gap
    verdict = "" if gap is None else (
        f" The model is {abs(gap):.0%} {'above' if gap > 0 else 'below'} reality"
        + (": credible." if abs(gap) <= 0.1 else ": check it before trusting a forecast."))
    return (f"Simulated lead time {sim.mean:,.2f}{interval} {TIME_UNIT}s against the log's real "
            f"{check.observed_mean:,.2f} {TIME_UNIT}s (mean; 90th percentile "
            f"{check.observed_p90:,.2f}), from {calibration.cases:,} cases, durations from "
            f"{calibration.durations_from}.{verdict}")


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
        self.button = QPushButton("Calibrate")
        row.addWidget(self.logs, 1)
        row.addWidget(self.button)
        layout.addLayout(row)
        self.result = QLabel("")
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        self.use_button = QPushButton("Use calibrated model")
        self.use_button.setObjectName("UseCalibratedButton")
        self.use_button.setToolTip("Store the calibrated model as a process map and simulate "
                                   "scenarios on it")
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
            self.result.setText("No event log imported yet: import one (kaizen log import) "
                                "to calibrate from it.")
        elif self.calibration is None:
            self.result.setText("")

    def calibrate(self) -> None:
        name = self.logs.currentText()
        if not name:
            return
        self.button.setEnabled(False)
        self.use_button.setEnabled(False)
        self.calibration = None
        self.result.setText(f"Calibrating from {name} and simulating it…")
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
        self.result.setText(f"Could not calibrate: {error}")
        self.finished.emit(self.result.text())
