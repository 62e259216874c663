"""The metric dialog: "Add a metric" (name, unit, which way is better, and its statistics plan)
or, for a metric that exists, its statistics plan alone.

Picking a common metric (cycle time, lead time, defect rate, throughput, changeover time, cost
per unit) fills in its unit and direction; any name can be typed. The plan's rows
(:class:`~kaizen.ui.measure.plan_fields.PlanFields`: spec limits, primary test, one-sided,
control chart, subgroup size, rule set) are optional. Adding calls
``services.measurements.add_metric`` with the plan (one unit of work); editing calls
``services.statistics.set_plan``; both through the form's :class:`FormSaver`: a refusal is shown
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
from kaizen.domain.spc_rules import RULE_SETS
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui.form_op import FormSaver, Refusals
from kaizen.ui.measure.common import fit_height
from kaizen.ui.measure.plan_fields import PlanFields
from kaizen.ui.measure.style import DIALOG_STYLE
from kaizen.ui.widgets.dialog_parts import button_row, primary_button
from kaizen.ui.widgets.form import FieldForm

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.measurements import MetricInfo
    from kaizen.services.metric_statistics import StatisticsPlan

LOWER = MetricDirection.LOWER_IS_BETTER
HIGHER = MetricDirection.HIGHER_IS_BETTER


@dataclass(frozen=True, slots=True)
class CommonMetric:
    """A metric to pick; its name and unit are marked here and translated where shown (the
    name a person picks is stored in the language they see, as a typed one would be)."""

    name: str
    unit: str  # "{currency}" is replaced by the site currency
    direction: MetricDirection

    @property
    def shown_name(self) -> str:
        return translate("ui.measure.metric_dialog", self.name)

    def shown_unit(self, currency: str) -> str:
        return translate("ui.measure.metric_dialog", self.unit).replace("{currency}", currency)


COMMON_METRICS: tuple[CommonMetric, ...] = (
    CommonMetric(QT_TRANSLATE_NOOP("ui.measure.metric_dialog", "Cycle time"), "min", LOWER),
    CommonMetric(QT_TRANSLATE_NOOP("ui.measure.metric_dialog", "Lead time"),
                 QT_TRANSLATE_NOOP("ui.measure.metric_dialog", "days"), LOWER),
    CommonMetric(QT_TRANSLATE_NOOP("ui.measure.metric_dialog", "Defect rate"), "%", LOWER),
    CommonMetric(QT_TRANSLATE_NOOP("ui.measure.metric_dialog", "Throughput"),
                 QT_TRANSLATE_NOOP("ui.measure.metric_dialog", "units/h"), HIGHER),
    CommonMetric(QT_TRANSLATE_NOOP("ui.measure.metric_dialog", "Changeover time"), "min", LOWER),
    CommonMetric(QT_TRANSLATE_NOOP("ui.measure.metric_dialog", "Cost per unit"), "{currency}",
                 LOWER),
)


class MetricDialog(QDialog):
    """Add a metric to one idea (``metricAdded(MetricInfo)`` once stored), or, given ``metric``
    and its ``plan``, change that metric's statistics plan (``planSaved(StatisticsPlan)``)."""

    metricAdded = Signal(object)
    planSaved = Signal(object)

    def __init__(self, services: Services, actor_id: int, suggestion_id: int, *,
                 currency: str = "EUR", parent: QWidget | None = None,
                 metric: MetricInfo | None = None, plan: StatisticsPlan | None = None,
                 site_rule_set: str = RULE_SETS[0]) -> None:
        super().__init__(parent)
        editing = metric is not None and plan is not None
        self.setObjectName("MetricDialog")
        title = (translate("ui.measure.metric_dialog",
                           "Statistics plan: {name}").format(name=metric.name)
                 if editing and metric else translate("ui.measure.metric_dialog", "Add a metric"))
        self.setWindowTitle(title)
        self.setStyleSheet(DIALOG_STYLE)
        self.setMinimumWidth(560)
        self.services = services
        self.actor_id = actor_id
        self.suggestion_id = suggestion_id
        self.currency = currency
        self.editing_metric = metric if editing else None
        self.result_metric: MetricInfo | None = None
        self.result_plan: StatisticsPlan | None = None

        heading = QLabel(title)
        heading.setObjectName("DialogHeading")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        note = QLabel(
            translate("ui.measure.metric_dialog",
                      "Set before the after-data exist: the test is then fixed, as a defensible "
                      "verdict needs.") if editing else
            translate("ui.measure.metric_dialog",
                      "What you will measure before and after the change. Pick a common one or "
                      "type your own; the statistics plan below is optional."))
        note.setObjectName("DialogNote")
        note.setWordWrap(True)

        self.name_combo = QComboBox()
        self.name_combo.setObjectName("MetricName")
        self.name_combo.setEditable(True)
        self.name_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.name_combo.addItem("")
        for common in COMMON_METRICS:
            self.name_combo.addItem(common.shown_name)
        self.name_combo.setCurrentIndex(0)
        self.name_combo.lineEdit().setPlaceholderText(translate("ui.measure.metric_dialog",
                                                                "e.g. Cycle time"))
        self.name_combo.setAccessibleName(translate("ui.measure.metric_dialog", "Metric name"))
        self.name_combo.activated.connect(self._on_common_picked)

        self.unit_edit = QLineEdit()
        self.unit_edit.setObjectName("MetricUnit")
        self.unit_edit.setPlaceholderText(
            translate("ui.measure.metric_dialog",
                      "e.g. min, %, parts, {currency}").format(currency=currency))
        self.unit_edit.setAccessibleName(translate("ui.measure.metric_dialog", "Unit"))
        self.unit_edit.setMaxLength(40)

        self.lower_radio = QRadioButton(translate("ui.measure.metric_dialog", "&Lower is better"))
        self.higher_radio = QRadioButton(translate("ui.measure.metric_dialog", "&Higher is better"))
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
        if not editing:
            self.form.add_field("name", translate("ui.measure.metric_dialog",  # i18n: no
                                                  "Name"), self.name_combo)
            self.form.add_field("unit", translate("ui.measure.metric_dialog",  # i18n: no
                                                  "Unit"), self.unit_edit)
            self.form.add_field("direction", translate("ui.measure.metric_dialog",  # i18n: no
                                                       "Better when"), direction)
        else:
            for widget in (self.name_combo, self.unit_edit, direction):
                widget.setParent(self)
                widget.hide()
        self.plan_fields = PlanFields(
            self.form, site_rule_set=plan.rule_set if editing and plan and
            plan.rule_set_is_default else site_rule_set)
        if editing and plan is not None and metric is not None:
            self.plan_fields.show_plan(plan, metric.after_n)

        self.cancel_button = QPushButton(translate("ui.measure.metric_dialog", "Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = primary_button(
            translate("ui.measure.metric_dialog", "Save plan") if editing
            else translate("ui.measure.metric_dialog", "Add metric"), self.save)
        self.save_button.setAutoDefault(True)
        buttons = button_row(None, self.cancel_button, self.save_button)

        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(12)
        column.addWidget(heading)
        column.addWidget(note)
        column.addLayout(self.form)
        column.addWidget(self.form.general_error)
        column.addLayout(buttons)

        if not editing:
            self.setTabOrder(self.name_combo, self.unit_edit)
            self.setTabOrder(self.unit_edit, self.lower_radio)
            self.setTabOrder(self.lower_radio, self.higher_radio)
            self.setTabOrder(self.higher_radio, self.plan_fields.lsl_edit)
        # The buttons in the order they are seen, after the plan's last field: Cancel, then
        # the save button (issue 16).
        self.setTabOrder(self.plan_fields.rules_combo, self.cancel_button)
        self.setTabOrder(self.cancel_button, self.save_button)
        (self.plan_fields.lsl_edit if editing else self.name_combo).setFocus()
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
            if name in (metric.shown_name, metric.name):
                self.name_combo.setCurrentText(metric.shown_name)
                self.unit_edit.setText(metric.shown_unit(self.currency))
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
        if self.editing_metric is not None:
            metric_id = self.editing_metric.id

            def collect_plan() -> Callable[[], StatisticsPlan]:
                plan = self.plan_fields.values()
                return lambda: services.statistics.set_plan(actor, metric_id, **plan)

            self.saver.save(collect_plan, self._on_plan_saved, name="statistics plan")
            return
        name, unit, direction = (self.name_combo.currentText(), self.unit_edit.text(),
                                 self.direction)

        def collect() -> Callable[[], MetricInfo]:
            plan = self.plan_fields.values()
            return lambda: services.measurements.add_metric(actor, idea, name=name, unit=unit,
                                                            direction=direction, plan=plan)

        self.saver.save(collect, self._on_saved, name="add metric")

    def _on_saved(self, metric: MetricInfo) -> None:
        self.result_metric = metric
        self.metricAdded.emit(metric)
        self.accept()

    def _on_plan_saved(self, plan: StatisticsPlan) -> None:
        self.result_plan = plan
        self.planSaved.emit(plan)
        self.accept()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt override)
        super().showEvent(event)
        fit_height(self)  # the plan's hints wrap: no row may overlap the next

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt override)
        super().resizeEvent(event)
        fit_height(self)

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt override)
        # Enter in the name combo would otherwise only close its completer.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.saving:
            self.save()
            return
        super().keyPressEvent(event)
