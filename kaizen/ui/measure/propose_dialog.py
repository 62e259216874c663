""":class:`ProposeSavingsDialog`: estimate yearly savings from the measurements
(:func:`kaizen.domain.savings_math.estimate_yearly_savings`: the difference × a yearly volume ×
the cost of one unit) and hand a pre-filled monthly forecast to the entry dialog."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.enums import MetricDirection, SavingsKind
from kaizen.domain.numbers import format_number
from kaizen.domain.savings_math import estimate_yearly_savings
from kaizen.i18n import translate
from kaizen.ui.measure.common import (
    format_money,
    format_sample,
    format_stat,
)
from kaizen.ui.measure.entry_dialog import EntryDraft
from kaizen.ui.measure.savings_common import entry_money, kind_help
from kaizen.ui.measure.style import DIALOG_STYLE, polish
from kaizen.ui.widgets.dialog_parts import button_row, primary_button
from kaizen.ui.widgets.form import FieldForm
from kaizen.ui.widgets.money import MoneyEdit
from kaizen.ui.widgets.numbers import NumberEdit

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)

@dataclass(frozen=True, slots=True)
class MetricBasis:
    """What an estimate starts from: one metric's name, unit, direction and phase means."""

    name: str
    unit: str
    direction: MetricDirection
    before_mean: float
    after_mean: float


def _typed(edit: NumberEdit) -> float:
    try:
        return edit.value() or 0.0
    except ValueError:
        return 0.0


class ProposeSavingsDialog(QDialog):
    """Yearly savings = the better-by amount × a yearly volume × the cost of one unit.

    "Use as forecast…" emits ``proposed(EntryDraft)``: a monthly forecast (a twelfth of the
    year) for ``first_month``, with the arithmetic in its note.
    """

    proposed = Signal(object)

    def __init__(self, basis: MetricBasis, *, currency: str, first_month: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProposeSavingsDialog")
        self.setWindowTitle(translate("ui.measure.propose_dialog", "Propose savings"))
        self.setStyleSheet(DIALOG_STYLE)
        self.setMinimumWidth(520)
        self.basis = basis
        self.currency = currency
        self.first_month = first_month
        self.draft: EntryDraft | None = None

        heading = QLabel(translate("ui.measure.propose_dialog",
                                   "Propose savings from the measurements"))
        heading.setObjectName("DialogHeading")
        unit = f" {basis.unit}" if basis.unit else ""
        gain = basis.before_mean - basis.after_mean
        if basis.direction is MetricDirection.HIGHER_IS_BETTER:
            gain = -gain
        self.gain = gain
        figures = {"name": basis.name, "before": format_stat(basis.before_mean) + unit,
                   "after": format_stat(basis.after_mean) + unit,
                   "gain": format_stat(abs(gain)) + unit}
        if gain > 0:
            said = translate("ui.measure.propose_dialog",
                             "{name}: mean {before} before, {after} after, {gain} "
                                  "better per unit.")
        elif gain < 0:
            said = translate("ui.measure.propose_dialog",
                             "{name}: mean {before} before, {after} after, {gain} "
                                  "worse per unit.")
        else:
            said = translate("ui.measure.propose_dialog",
                             "{name}: mean {before} before, {after} after, {gain} "
                                  "unchanged per unit.")
        summary = QLabel(said.format(**figures))
        summary.setObjectName("DialogNote")
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setWordWrap(True)

        self.volume_box = NumberEdit()
        self.volume_box.set_unit(translate("ui.measure.propose_dialog", "a year"))
        self.volume_box.setAccessibleName(translate("ui.measure.propose_dialog", "Yearly volume"))
        self.volume_box.setToolTip(translate(
            "ui.measure.propose_dialog",
            "How many times a year the measured thing happens: parts made, orders picked, "
            "changeovers done…"))
        self.cost_box = MoneyEdit()
        self.cost_box.set_currency(currency)
        self.cost_box.setAccessibleName(translate("ui.measure.propose_dialog", "Cost of one unit"))
        self.kind_combo = QComboBox()
        for kind in SavingsKind:
            self.kind_combo.addItem(kind.label, kind)
            self.kind_combo.setItemData(self.kind_combo.count() - 1, kind_help(kind),
                                        Qt.ItemDataRole.ToolTipRole)
        form = FieldForm()
        form.add_field("yearly_volume", translate("ui.measure.propose_dialog",  # i18n: no
                                                  "Yearly volume"), self.volume_box)
        cost_label = (translate("ui.measure.propose_dialog",
                                "Cost of one {unit}").format(unit=basis.unit) if basis.unit
                      else translate("ui.measure.propose_dialog", "Cost of one unit"))
        form.add_field("unit_cost", cost_label, self.cost_box)  # i18n: no
        form.add_field("kind", translate("ui.measure.propose_dialog",  # i18n: no
                                         "Kind"), self.kind_combo)

        box = QFrame()
        box.setObjectName("EstimateBox")
        self.estimate_label = QLabel("")
        self.estimate_label.setObjectName("EstimateValue")
        self.estimate_label.setTextFormat(Qt.TextFormat.PlainText)
        self.explain_label = QLabel("")
        self.explain_label.setObjectName("EstimateNote")
        self.explain_label.setTextFormat(Qt.TextFormat.PlainText)
        self.explain_label.setWordWrap(True)
        estimate = QVBoxLayout(box)
        estimate.setContentsMargins(14, 10, 14, 10)
        estimate.setSpacing(2)
        estimate.addWidget(self.estimate_label)
        estimate.addWidget(self.explain_label)

        self.cancel_button = QPushButton(translate("ui.measure.propose_dialog", "Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.use_button = primary_button(
            translate("ui.measure.propose_dialog", "Use as forecast…"), self.use)
        buttons = button_row(None, self.cancel_button, self.use_button)

        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(12)
        column.addWidget(heading)
        column.addWidget(summary)
        column.addLayout(form)
        column.addWidget(box)
        column.addLayout(buttons)

        for number in (self.volume_box, self.cost_box):
            number.textChanged.connect(self._update)
        self._update()
        self.volume_box.setFocus()

    @property
    def volume(self) -> float:
        """The typed yearly volume; 0 while it is not a number (nothing to propose then)."""
        return _typed(self.volume_box)

    @property
    def unit_cost(self) -> float:
        """The typed cost of one unit; 0 while it is not a number (nothing to propose then)."""
        return _typed(self.cost_box)

    @property
    def yearly(self) -> float:
        return estimate_yearly_savings(self.basis.before_mean, self.basis.after_mean,
                                       self.basis.direction, self.volume,
                                       self.unit_cost)

    def _update(self) -> None:
        yearly = self.yearly
        unit = f" {self.basis.unit}" if self.basis.unit else ""
        self.estimate_label.setText(translate("ui.measure.propose_dialog",
                                              "{amount} a year").format(
            amount=format_money(yearly, self.currency)))
        polish(self.estimate_label, "tone", "" if yearly > 0 else "muted")
        if self.gain <= 0:
            self.explain_label.setText(translate(
                "ui.measure.propose_dialog",
                "{name} did not get better, so there is nothing to propose.").format(
                name=self.basis.name))
        else:
            self.explain_label.setText(translate(
                "ui.measure.propose_dialog",
                "{gain} better × {volume} a year × {cost}; {month} a month.").format(
                gain=format_stat(self.gain) + unit,
                volume=format_number(self.volume),
                cost=f"{format_sample(self.unit_cost)} {self.currency}",
                month=entry_money(round(yearly / 12, 2), self.currency)))
        self.use_button.setEnabled(yearly > 0)

    def use(self) -> None:
        yearly = self.yearly
        if yearly <= 0:
            return
        unit = f" {self.basis.unit}" if self.basis.unit else ""
        note = translate(
            "ui.measure.propose_dialog",
            "Estimate from {name}: {gain} better × {volume} a year × {cost} ÷ 12").format(
            name=self.basis.name, gain=format_stat(self.gain) + unit,
            volume=format_number(self.volume),
            cost=f"{format_sample(self.unit_cost)} {self.currency}")
        self.draft = EntryDraft(month=self.first_month, kind=self.kind_combo.currentData(),
                                amount=round(yearly / 12, 2), is_forecast=True, note=note)
        self.proposed.emit(self.draft)
        self.accept()


# --- the ledger --------------------------------------------------------------------------------
