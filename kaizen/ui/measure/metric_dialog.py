"""The "Add metric" dialog: name, unit and which way is better, with the common metrics offered.

Picking a common metric (cycle time, lead time, defect rate, throughput, changeover time, cost
per unit) fills in its unit and direction; any name can be typed. Saving calls
``services.measurements.add_metric`` through the form's :class:`FormSaver`: a refusal is shown
under the field the service names, Retry is offered when the server is away, and what was typed
stays. Enter saves, Esc cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.enums import MetricDirection
from kaizen.ui.form_op import FormSaver, Refusals
from kaizen.ui.measure.style import DIALOG_STYLE
from kaizen.ui.widgets.form import FieldForm

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.measurements import MetricInfo

LOWER = MetricDirection.LOWER_IS_BETTER
HIGHER = MetricDirection.HIGHER_IS_BETTER


@dataclass(frozen=True, slots=True)
class CommonMetric:
    name: str
    unit: str  # "{currency}" is replaced by the site currency
    direction: MetricDirection


COMMON_METRICS: tuple[CommonMetric, ...] = (
    CommonMetric("Cycle time", "min", LOWER),
    CommonMetric("Lead time", "days", LOWER),
    CommonMetric("Defect rate", "%", LOWER),
    CommonMetric("Throughput", "units/h", HIGHER),
    CommonMetric("Changeover time", "min", LOWER),
    CommonMetric("Cost per unit", "{currency}", LOWER),
)


class MetricDialog(QDialog):
    """Add a metric to one idea. ``metricAdded(MetricInfo)`` fires once it is stored."""

    metricAdded = Signal(object)

    def __init__(self, services: Services, actor_id: int, suggestion_id: int, *,
                 currency: str = "EUR", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MetricDialog")
        self.setWindowTitle("Add a metric")
        self.setStyleSheet(DIALOG_STYLE)
        self.setMinimumWidth(460)
        self.services = services
        self.actor_id = actor_id
        self.suggestion_id = suggestion_id
        self.currency = currency
        self.result_metric: MetricInfo | None = None

        heading = QLabel("Add a metric")
        heading.setObjectName("DialogHeading")
        note = QLabel("What you will measure before and after the change. Pick a common one or "
                      "type your own.")
        note.setObjectName("DialogNote")
        note.setWordWrap(True)

        self.name_combo = QComboBox()
        self.name_combo.setObjectName("MetricName")
        self.name_combo.setEditable(True)
        self.name_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.name_combo.addItem("")
        for metric in COMMON_METRICS:
            self.name_combo.addItem(metric.name)
        self.name_combo.setCurrentIndex(0)
        self.name_combo.lineEdit().setPlaceholderText("e.g. Cycle time")
        self.name_combo.setAccessibleName("Metric name")
        self.name_combo.activated.connect(self._on_common_picked)

        self.unit_edit = QLineEdit()
        self.unit_edit.setObjectName("MetricUnit")
        self.unit_edit.setPlaceholderText("e.g. min, %, parts, " + currency)
        self.unit_edit.setAccessibleName("Unit")
        self.unit_edit.setMaxLength(40)

        self.lower_radio = QRadioButton("&Lower is better")
        self.higher_radio = QRadioButton("&Higher is better")
        self.lower_radio.setChecked(True)
        self.direction_group = QButtonGroup(self)
        self.direction_group.addButton(self.lower_radio)
        self.direction_group.addButton(self.higher_radio)
        direction = QWidget()
        direction_row = QHBoxLayout(direction)
        direction_row.setContentsMargins(0, 0, 0, 0)
        direction_row.setSpacing(16)
        direction_row.addWidget(self.lower_radio)
        direction_row.addWidget(self.higher_radio)
        direction_row.addStretch(1)

        self.form = FieldForm()
        self.form.add_field("name", "Name", self.name_combo)
        self.form.add_field("unit", "Unit", self.unit_edit)
        self.form.add_field("direction", "Better when", direction)

        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton("Add metric")
        self.save_button.setObjectName("PrimaryButton")
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(12)
        column.addWidget(heading)
        column.addWidget(note)
        column.addLayout(self.form)
        column.addWidget(self.form.general_error)
        column.addLayout(buttons)

        self.setTabOrder(self.name_combo, self.unit_edit)
        self.setTabOrder(self.unit_edit, self.lower_radio)
        self.setTabOrder(self.lower_radio, self.higher_radio)
        # The buttons in the order they are seen: Cancel, then Add metric (issue 16).
        self.setTabOrder(self.higher_radio, self.cancel_button)
        self.setTabOrder(self.cancel_button, self.save_button)
        self.name_combo.setFocus()
        self.saver = FormSaver(self, Refusals(self.form), what="the metric")
        self.saver.submit_on(self.save)
        self.saver.busyChanged.connect(lambda busy: self.save_button.setEnabled(not busy))

    # -- input ------------------------------------------------------------------------------------
    def _on_common_picked(self, index: int) -> None:
        name = self.name_combo.itemText(index)
        self.pick_common(name)

    def pick_common(self, name: str) -> None:
        """Fill the name, unit and direction of a common metric."""
        for metric in COMMON_METRICS:
            if metric.name == name:
                self.name_combo.setCurrentText(metric.name)
                self.unit_edit.setText(metric.unit.replace("{currency}", self.currency))
                button = self.lower_radio if metric.direction is LOWER else self.higher_radio
                button.setChecked(True)
                self.unit_edit.setFocus()
                return

    @property
    def direction(self) -> MetricDirection:
        return HIGHER if self.higher_radio.isChecked() else LOWER

    # -- saving -----------------------------------------------------------------------------------
    @property
    def saving(self) -> bool:
        return self.saver.busy

    def save(self) -> None:
        services, actor, idea = self.services, self.actor_id, self.suggestion_id
        name, unit, direction = (self.name_combo.currentText(), self.unit_edit.text(),
                                 self.direction)

        def collect() -> Callable[[], MetricInfo]:
            return lambda: services.measurements.add_metric(actor, idea, name=name, unit=unit,
                                                            direction=direction)

        self.saver.save(collect, self._on_saved, name="add metric")

    def _on_saved(self, metric: MetricInfo) -> None:
        self.result_metric = metric
        self.metricAdded.emit(metric)
        self.accept()

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt override)
        # Enter in the name combo would otherwise only close its completer.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.saving:
            self.save()
            return
        super().keyPressEvent(event)
