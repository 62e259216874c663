"""The statistics-plan rows of the metric dialog: spec limits and target, the change hoped for,
the primary test and whether it is one-sided, the control chart, its subgroup size or the items
counted per measurement, and the rule set.

The rows only read and show; :meth:`PlanFields.values` turns them into the keyword arguments of
``MetricStatisticsService.set_plan`` (numbers parsed here, a bad one refused under its field);
the service judges the rest. Once a metric has after-measurements its primary test and
sidedness are shown fixed: the service refuses to change them then (issue 17).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.errors import ValidationError
from kaizen.domain.metric_chart import CHART_KINDS, RATES, SHORT_LABELS, SUBGROUPED, P, U
from kaizen.domain.numbers import format_number
from kaizen.domain.spc_rules import RULE_SET_LABELS, RULE_SETS
from kaizen.domain.verdict import MANN_WHITNEY, WELCH
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui.widgets.dialog_parts import with_hint

if TYPE_CHECKING:
    from kaizen.services.metric_statistics import StatisticsPlan
    from kaizen.ui.widgets.form import FieldForm

MAX_SUBGROUP = 25
# Marked only; shown through translate() in this module's context.
TEST_LABELS = {
    WELCH: QT_TRANSLATE_NOOP("ui.measure.plan_fields", "Welch's t-test (measured values)"),
    MANN_WHITNEY: QT_TRANSLATE_NOOP("ui.measure.plan_fields", "Mann-Whitney test"),
}
CHART_LABELS = {
    None: QT_TRANSLATE_NOOP("ui.measure.plan_fields",
                            "Automatic (I-MR, or X-bar/R for subgroups)"),
    "imr": QT_TRANSLATE_NOOP("ui.measure.plan_fields", "I-MR: one value at a time"),
    "xbar_r": QT_TRANSLATE_NOOP("ui.measure.plan_fields", "X-bar/R: subgroups, ranges"),
    "xbar_s": QT_TRANSLATE_NOOP("ui.measure.plan_fields",
                                "X-bar/S: subgroups, standard deviations"),
    P: QT_TRANSLATE_NOOP("ui.measure.plan_fields", "p chart: share of defective items"),
    U: QT_TRANSLATE_NOOP("ui.measure.plan_fields", "u chart: defects per unit"),
}


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("FieldHint")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _number_edit(placeholder: str, name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(name)
    edit.setMaxLength(24)
    return edit


def parse_optional(text: str, field: str) -> float | None:
    """An empty box is None; a number with a point or a comma; anything else is refused."""
    cleaned = text.strip().replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise ValidationError(translate("ui.measure.plan_fields",
                                        "Enter a number, or leave it empty."), field) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValidationError(translate("ui.measure.plan_fields",
                                        "Enter a number, or leave it empty."), field)
    return value


class PlanFields:
    """The plan's rows, added to ``form``; ``values()`` for the service."""

    def __init__(self, form: FieldForm, *, site_rule_set: str = RULE_SETS[0]) -> None:
        self.lsl_edit = _number_edit(translate("ui.measure.plan_fields", "Lower"),
                                     translate("ui.measure.plan_fields", "Lower spec limit"))
        self.usl_edit = _number_edit(translate("ui.measure.plan_fields", "Upper"),
                                     translate("ui.measure.plan_fields", "Upper spec limit"))
        self.target_edit = _number_edit(translate("ui.measure.plan_fields", "Target"),
                                        translate("ui.measure.plan_fields", "Target"))
        specs = QWidget()
        row = QHBoxLayout(specs)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        for edit in (self.lsl_edit, self.usl_edit, self.target_edit):
            row.addWidget(edit, 1)
        specs.setFocusProxy(self.lsl_edit)
        form.add_field("lsl", translate("ui.measure.plan_fields", "Spec limits"),  # i18n: no
                       _with_hint(specs, translate(
                           "ui.measure.plan_fields",
                           "Lower, upper (one is enough) and target, for capability. Optional.")))
        form.alias("usl", "lsl")
        form.alias("target", "lsl")

        self.change_edit = _number_edit(translate("ui.measure.plan_fields", "e.g. 2"),
                                        translate("ui.measure.plan_fields", "Change hoped for"))
        form.add_field("target_change", translate("ui.measure.plan_fields",  # i18n: no
                                                  "Change hoped for"), _with_hint(
            self.change_edit, translate("ui.measure.plan_fields",
                                        "The smallest change worth finding, in the metric's "
                                        "unit: it sets how many samples are needed. Optional.")))

        self.test_combo = QComboBox()
        self.test_combo.setAccessibleName(translate("ui.measure.plan_fields", "Primary test"))
        for key, label in TEST_LABELS.items():
            self.test_combo.addItem(translate("ui.measure.plan_fields", label), key)
        self.one_sided_check = QCheckBox(translate(
            "ui.measure.plan_fields", "One-sided: only a change in the better direction counts"))
        self.locked_hint = _hint("")
        self.locked_hint.setObjectName("FieldHint")
        self.locked_hint.hide()
        test_box = QWidget()
        column = QVBoxLayout(test_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.test_combo)
        column.addWidget(self.one_sided_check)
        column.addWidget(self.locked_hint)
        test_box.setFocusProxy(self.test_combo)
        form.add_field("primary_test", translate("ui.measure.plan_fields",  # i18n: no
                                                 "Primary test"), test_box)
        form.alias("one_sided", "primary_test")

        self.chart_combo = QComboBox()
        self.chart_combo.setAccessibleName(translate("ui.measure.plan_fields", "Control chart"))
        self.chart_combo.addItem(translate("ui.measure.plan_fields", CHART_LABELS[None]), None)
        for kind in CHART_KINDS:
            self.chart_combo.addItem(translate("ui.measure.plan_fields", CHART_LABELS[kind]), kind)
        form.add_field("chart_kind", translate("ui.measure.plan_fields",  # i18n: no
                                               "Control chart"), self.chart_combo)

        self.subgroup_spin = QSpinBox()
        self.subgroup_spin.setRange(1, MAX_SUBGROUP)
        self.subgroup_spin.setAccessibleName(translate("ui.measure.plan_fields", "Subgroup size"))
        self.subgroup_spin.setFixedWidth(90)
        self.subgroup_hint = _hint("")
        form.add_field("subgroup_size", translate("ui.measure.plan_fields",  # i18n: no
                                                  "Subgroup size"),
                       _beside(self.subgroup_spin, self.subgroup_hint))
        self.sample_edit = _number_edit(translate("ui.measure.plan_fields", "e.g. 50"),
                                        translate("ui.measure.plan_fields",
                                                  "Counted per measurement"))
        self.sample_edit.setFixedWidth(120)
        # The measure style pads spin boxes taller than this dialog's line edits: match them.
        self.subgroup_spin.setStyleSheet("QSpinBox { padding: 1px 4px; min-height: 0px; }")
        self.sample_hint = _hint("")
        form.add_field("sample_size", translate("ui.measure.plan_fields",  # i18n: no
                                                "Counted per measurement"),
                       _beside(self.sample_edit, self.sample_hint))

        self.rules_combo = QComboBox()
        self.rules_combo.setAccessibleName(translate("ui.measure.plan_fields", "Rule set"))
        self.rules_combo.addItem(translate("ui.measure.plan_fields",
                                           "Site default: {rules}").format(
            rules=translate("domain.spc_rules", RULE_SET_LABELS[site_rule_set])), None)
        for key in RULE_SETS:
            self.rules_combo.addItem(translate("domain.spc_rules", RULE_SET_LABELS[key]), key)
        form.add_field("rule_set", translate("ui.measure.plan_fields",  # i18n: no
                                             "Chart rules"), self.rules_combo)

        self.chart_combo.currentIndexChanged.connect(self._update_chart_rows)
        self.subgroup_spin.valueChanged.connect(self._update_chart_rows)
        self._update_chart_rows()

    # -- showing ----------------------------------------------------------------------------------
    def show_plan(self, plan: StatisticsPlan, after_n: int) -> None:
        for edit, value in ((self.lsl_edit, plan.lsl), (self.usl_edit, plan.usl),
                            (self.target_edit, plan.target),
                            (self.change_edit, plan.target_change),
                            (self.sample_edit, plan.sample_size)):
            edit.setText("" if value is None else _typed(value))
        self.test_combo.setCurrentIndex(max(0, self.test_combo.findData(plan.primary_test)))
        self.one_sided_check.setChecked(plan.one_sided)
        self.chart_combo.setCurrentIndex(max(0, self.chart_combo.findData(plan.chart_kind)))
        self.subgroup_spin.setValue(plan.subgroup_size)
        self.rules_combo.setCurrentIndex(
            0 if plan.rule_set_is_default else max(0, self.rules_combo.findData(plan.rule_set)))
        self.lock_test(after_n)

    def lock_test(self, after_n: int) -> None:
        """Show the test fixed once after-measurements exist (the service enforces it)."""
        locked = after_n > 0
        self.test_combo.setEnabled(not locked)
        self.one_sided_check.setEnabled(not locked)
        self.locked_hint.setVisible(locked)
        if not locked:
            self.locked_hint.setText("")
        elif after_n == 1:
            self.locked_hint.setText(translate(
                "ui.measure.plan_fields",
                "Fixed: the metric already has {count} after-measurement, and the test is "
                "chosen before the data.").format(count=format_number(after_n)))
        else:
            self.locked_hint.setText(translate(
                "ui.measure.plan_fields",
                "Fixed: the metric already has {count} after-measurements, and the test is "
                "chosen before the data.").format(count=format_number(after_n)))

    def _update_chart_rows(self, *_args: Any) -> None:
        kind = self.chart_combo.currentData()
        rates = kind in RATES
        self.sample_edit.setEnabled(rates)
        self.sample_hint.setText(
            translate("ui.measure.plan_fields", "items inspected per measurement") if kind == P
            else translate("ui.measure.plan_fields", "units inspected per measurement") if kind == U
            else translate("ui.measure.plan_fields", "only for p and u charts"))
        self.subgroup_spin.setEnabled(not rates)
        size = self.subgroup_spin.value()
        if rates:
            self.subgroup_hint.setText(translate("ui.measure.plan_fields",
                                                 "not used by p and u charts"))
        elif kind in SUBGROUPED and size < 2:
            self.subgroup_hint.setText(translate("ui.measure.plan_fields",
                                                 "{chart} needs 2 or more").format(
                chart=translate("domain.metric_chart", SHORT_LABELS[kind])))
        elif size > 1:
            self.subgroup_hint.setText(
                translate("ui.measure.plan_fields",
                          "consecutive values form subgroups of {size}").format(size=size))
        else:
            self.subgroup_hint.setText(translate("ui.measure.plan_fields",
                                                 "1: each value on its own"))

    # -- reading ----------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """The plan as ``set_plan`` keyword arguments; ValidationError for a bad number."""
        kind = self.chart_combo.currentData()
        return {
            "lsl": parse_optional(self.lsl_edit.text(), "lsl"),
            "usl": parse_optional(self.usl_edit.text(), "usl"),
            "target": parse_optional(self.target_edit.text(), "target"),
            "target_change": parse_optional(self.change_edit.text(), "target_change"),
            "primary_test": self.test_combo.currentData(),
            "one_sided": self.one_sided_check.isChecked(),
            "subgroup_size": self.subgroup_spin.value(),
            "chart_kind": kind,
            "sample_size": (parse_optional(self.sample_edit.text(), "sample_size")
                            if kind in RATES else None),
            "rule_set": self.rules_combo.currentData(),
        }


def _typed(value: float) -> str:
    """A number as a person would type it back: 2.5 in English, 2,5 in German (no thousands
    separator, which :func:`parse_optional` would read as a decimal mark)."""
    mark = format_number(0.5, 1)[1]
    return f"{value:g}".replace(".", mark)


def _with_hint(widget: QWidget, text: str) -> QWidget:
    return with_hint(widget, _hint(text))


def _beside(widget: QWidget, hint: QLabel) -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(10)
    hint.setWordWrap(False)
    row.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)
    row.addWidget(hint, 1, Qt.AlignmentFlag.AlignVCenter)
    holder.setFocusProxy(widget)
    return holder
