"""The Plan tab: problem statement, the five-whys helper, root cause, target (metric, from, to,
by) and countermeasure, with Save plan (Ctrl+S in the dialog)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget

from kaizen.domain.errors import ValidationError
from kaizen.i18n import translate
from kaizen.ui.board.cycle.parts import add_field, caption, error_line, tab_layout, text_box
from kaizen.ui.board.whys import FiveWhysEditor
from kaizen.ui.form_op import Refusals
from kaizen.ui.widgets.dates import date_edit, date_value, set_date

if TYPE_CHECKING:
    from kaizen.services.pdca import CycleInfo


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


class PlanTab(QWidget):
    """``saveRequested`` when Save plan is pressed (or Enter in a target field)."""

    saveRequested = Signal()

    def __init__(self, refusals: Refusals) -> None:
        super().__init__()
        column = tab_layout(self, 4)
        self.problem_edit = text_box(
            translate(
                "ui.board.cycle.plan_tab",
                "What goes wrong, where, how often, how much it costs"), 72)
        add_field(column, refusals, translate(
            "ui.board.cycle.plan_tab", "Problem statement"), self.problem_edit,
                  field="problem_statement")
        self.whys = FiveWhysEditor()
        self.whys.rootCauseSuggested.connect(self._on_root_cause_suggested)
        add_field(column, refusals, translate(
            "ui.board.cycle.plan_tab", "Five whys"), self.whys, field="why_chain",
                  hint=translate(
                      "ui.board.cycle.plan_tab",
                      "Ask why the problem happens, then why that answer happens, up to five "
                      "times."))
        self.root_cause_edit = text_box(
            translate("ui.board.cycle.plan_tab", "The cause that, removed, stops the problem"), 52)
        add_field(column, refusals, translate(
            "ui.board.cycle.plan_tab", "Root cause"), self.root_cause_edit,
                  field="root_cause")

        column.addWidget(caption(translate("ui.board.cycle.plan_tab", "Target")))
        target = QGridLayout()
        target.setHorizontalSpacing(10)
        target.setVerticalSpacing(2)
        self.metric_edit = QLineEdit()
        self.metric_edit.setPlaceholderText(
            translate("ui.board.cycle.plan_tab", "Metric, e.g. Changeover time (min)"))
        self.metric_edit.setMaxLength(120)
        self.from_edit = QLineEdit()
        self.from_edit.setPlaceholderText(translate("ui.board.cycle.plan_tab", "From"))
        self.to_edit = QLineEdit()
        self.to_edit.setPlaceholderText(translate("ui.board.cycle.plan_tab", "To"))
        for edit in (self.from_edit, self.to_edit):
            validator = QDoubleValidator(-1e12, 1e12, 6, edit)
            validator.setNotation(QDoubleValidator.Notation.StandardNotation)
            validator.setLocale(QLocale.c())
            edit.setValidator(validator)
            edit.setMaximumWidth(110)
        self.by_edit = date_edit(field="target_by", label=translate(
            "ui.board.cycle.plan_tab", "By"))
        self.by_edit.setToolTip(translate(
            "ui.board.cycle.plan_tab", "By when the target should be reached"))
        for col, (text, widget, field) in enumerate((
            (translate("ui.board.cycle.plan_tab", "Metric"), self.metric_edit, "target_metric"),
            (translate("ui.board.cycle.plan_tab", "From"), self.from_edit, "target_from"),
            (translate("ui.board.cycle.plan_tab", "To"), self.to_edit, "target_to"),
            (translate("ui.board.cycle.plan_tab", "By"), self.by_edit, "target_by"),
        )):
            target.addWidget(caption(text, "FieldHint"), 0, col)
            target.addWidget(widget, 1, col)
            target.addWidget(error_line(refusals, field, widget), 2, col)
        target.setColumnStretch(0, 1)
        column.addLayout(target)
        column.addSpacing(6)
        self.countermeasure_edit = text_box(
            translate(
                "ui.board.cycle.plan_tab", "What will be changed to remove the root cause"), 72)
        add_field(column, refusals, translate(
            "ui.board.cycle.plan_tab", "Countermeasure"), self.countermeasure_edit,
                  field="countermeasure")
        self.plan_note = caption("", "TabNote")
        self.save_plan_button = QPushButton(translate("ui.board.cycle.plan_tab", "Save plan"))
        self.save_plan_button.setObjectName("PrimaryButton")
        self.save_plan_button.setToolTip(
            translate("ui.board.cycle.plan_tab", "Save the plan (Ctrl+Enter or Ctrl+S)"))
        self.save_plan_button.clicked.connect(self.saveRequested)
        for edit in (self.metric_edit, self.from_edit, self.to_edit):
            edit.returnPressed.connect(self.saveRequested)
        # The Save row sits below the scrolling form (the dialog puts it there: self.footer).
        self.footer = QWidget()
        row = QHBoxLayout(self.footer)
        row.setContentsMargins(20, 8, 20, 10)
        row.addWidget(self.plan_note, 1)
        row.addWidget(self.save_plan_button)
        column.addStretch(1)

    def fill(self, cycle: CycleInfo) -> None:
        self.problem_edit.setPlainText(cycle.problem_statement)
        self.whys.set_whys(cycle.why_chain)
        self.root_cause_edit.setPlainText(cycle.root_cause)
        self.metric_edit.setText(cycle.target_metric)
        self.from_edit.setText(_number(cycle.target_from))
        self.to_edit.setText(_number(cycle.target_to))
        set_date(self.by_edit, cycle.target_by)
        self.countermeasure_edit.setPlainText(cycle.countermeasure)

    def values(self) -> dict[str, Any]:
        """The plan as ``PdcaService.update_plan`` takes it; a target that is not a number is
        refused here, under its field."""
        numbers: dict[str, float | None] = {}
        for field, edit, label in (
                ("target_from", self.from_edit, translate(
                    "ui.board.cycle.plan_tab", "The starting value")),
                ("target_to", self.to_edit, translate(
                    "ui.board.cycle.plan_tab", "The target value"))):
            text = edit.text().strip().replace(",", ".")
            try:
                numbers[field] = float(text) if text else None
            except ValueError:
                raise ValidationError(
                    translate(
                        "ui.board.cycle.plan_tab", "{label} must be a number.").format(label=label),
                    field) from None
        return {
            "problem_statement": self.problem_edit.toPlainText(),
            "why_chain": self.whys.whys(),
            "root_cause": self.root_cause_edit.toPlainText(),
            "target_metric": self.metric_edit.text(),
            "target_from": numbers["target_from"],
            "target_to": numbers["target_to"],
            "target_by": date_value(self.by_edit),
            "countermeasure": self.countermeasure_edit.toPlainText(),
        }

    def set_editable(self, editable: bool, reason: str) -> None:
        for widget in (self.problem_edit, self.root_cause_edit, self.countermeasure_edit):
            widget.setReadOnly(not editable)
        for edit in (self.metric_edit, self.from_edit, self.to_edit):
            edit.setReadOnly(not editable)
        self.by_edit.setReadOnly(not editable)
        self.whys.set_read_only(not editable)
        self.save_plan_button.setEnabled(editable)
        self.plan_note.setText("" if editable or not reason else reason)

    # -- what was typed (kept over a reload) --------------------------------------------------
    def texts(self) -> dict[str, Any]:
        return {
            "problem": self.problem_edit.toPlainText(),
            "whys": self.whys.whys(),
            "root": self.root_cause_edit.toPlainText(),
            "metric": self.metric_edit.text(),
            "from": self.from_edit.text(),
            "to": self.to_edit.text(),
            "by": self.by_edit.text(),
            "countermeasure": self.countermeasure_edit.toPlainText(),
        }

    def restore(self, kept: dict[str, Any]) -> None:
        plain = {"problem": self.problem_edit, "root": self.root_cause_edit,
                 "countermeasure": self.countermeasure_edit}
        lines = {"metric": self.metric_edit, "from": self.from_edit, "to": self.to_edit}
        for key, value in kept.items():
            if key in plain:
                plain[key].setPlainText(value)
            elif key in lines:
                lines[key].setText(value)
            elif key == "whys":
                self.whys.set_whys(value)
            elif key == "by":
                self.by_edit.set_text(value)

    def _on_root_cause_suggested(self, text: str) -> None:
        if not self.root_cause_edit.isReadOnly():
            self.root_cause_edit.setPlainText(text)
            self.root_cause_edit.setFocus()
