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
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.enums import MetricDirection, SavingsKind
from kaizen.domain.savings_math import estimate_yearly_savings
from kaizen.ui.measure.common import (
    format_money,
    format_sample,
    format_stat,
)
from kaizen.ui.measure.entry_dialog import EntryDraft
from kaizen.ui.measure.savings_common import KIND_HELP, entry_money
from kaizen.ui.measure.style import DIALOG_STYLE, polish
from kaizen.ui.widgets.form import FieldForm

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
        self.setWindowTitle("Propose savings")
        self.setStyleSheet(DIALOG_STYLE)
        self.setMinimumWidth(520)
        self.basis = basis
        self.currency = currency
        self.first_month = first_month
        self.draft: EntryDraft | None = None

        heading = QLabel("Propose savings from the measurements")
        heading.setObjectName("DialogHeading")
        unit = f" {basis.unit}" if basis.unit else ""
        gain = basis.before_mean - basis.after_mean
        if basis.direction is MetricDirection.HIGHER_IS_BETTER:
            gain = -gain
        self.gain = gain
        better = "better" if gain > 0 else "worse" if gain < 0 else "unchanged"
        summary = QLabel(
            f"{basis.name}: mean {format_stat(basis.before_mean)}{unit} before, "
            f"{format_stat(basis.after_mean)}{unit} after, "
            f"{format_stat(abs(gain))}{unit} {better} per unit."
        )
        summary.setObjectName("DialogNote")
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setWordWrap(True)

        self.volume_box = QDoubleSpinBox()
        self.volume_box.setDecimals(0)
        self.volume_box.setRange(0, 1e10)
        self.volume_box.setGroupSeparatorShown(True)
        self.volume_box.setSuffix(" a year")
        self.volume_box.setAccessibleName("Yearly volume")
        self.volume_box.setToolTip("How many times a year the measured thing happens: parts "
                                   "made, orders picked, changeovers done…")
        self.cost_box = QDoubleSpinBox()
        self.cost_box.setDecimals(4)
        self.cost_box.setRange(0, 1e9)
        self.cost_box.setGroupSeparatorShown(True)
        self.cost_box.setSuffix(f" {currency}")
        self.cost_box.setAccessibleName("Cost of one unit")
        self.kind_combo = QComboBox()
        for kind in SavingsKind:
            self.kind_combo.addItem(kind.label, kind)
            self.kind_combo.setItemData(self.kind_combo.count() - 1, KIND_HELP[kind],
                                        Qt.ItemDataRole.ToolTipRole)
        form = FieldForm()
        form.add_field("yearly_volume", "Yearly volume", self.volume_box)
        form.add_field("unit_cost", f"Cost of one{unit or ' unit'}", self.cost_box)
        form.add_field("kind", "Kind", self.kind_combo)

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

        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        self.use_button = QPushButton("Use as forecast…")
        self.use_button.setObjectName("PrimaryButton")
        self.use_button.setDefault(True)
        self.use_button.clicked.connect(self.use)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.use_button)

        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(12)
        column.addWidget(heading)
        column.addWidget(summary)
        column.addLayout(form)
        column.addWidget(box)
        column.addLayout(buttons)

        self.volume_box.valueChanged.connect(self._update)
        self.cost_box.valueChanged.connect(self._update)
        self._update()
        self.volume_box.setFocus()

    @property
    def yearly(self) -> float:
        return estimate_yearly_savings(self.basis.before_mean, self.basis.after_mean,
                                       self.basis.direction, self.volume_box.value(),
                                       self.cost_box.value())

    def _update(self) -> None:
        yearly = self.yearly
        unit = f" {self.basis.unit}" if self.basis.unit else ""
        self.estimate_label.setText(f"{format_money(yearly, self.currency)} a year")
        polish(self.estimate_label, "tone", "" if yearly > 0 else "muted")
        if self.gain <= 0:
            self.explain_label.setText(
                f"{self.basis.name} did not get better, so there is nothing to propose.")
        else:
            self.explain_label.setText(
                f"{format_stat(self.gain)}{unit} better × "
                f"{self.volume_box.value():,.0f} a year × "
                f"{format_sample(self.cost_box.value())} {self.currency}; "
                f"{entry_money(round(yearly / 12, 2), self.currency)} a month."
            )
        self.use_button.setEnabled(yearly > 0)

    def use(self) -> None:
        yearly = self.yearly
        if yearly <= 0:
            return
        unit = f" {self.basis.unit}" if self.basis.unit else ""
        note = (f"Estimate from {self.basis.name}: {format_stat(self.gain)}{unit} better × "
                f"{self.volume_box.value():,.0f} a year × "
                f"{format_sample(self.cost_box.value())} {self.currency} ÷ 12")
        self.draft = EntryDraft(month=self.first_month, kind=self.kind_combo.currentData(),
                                amount=round(yearly / 12, 2), is_forecast=True, note=note)
        self.proposed.emit(self.draft)
        self.accept()


# --- the ledger --------------------------------------------------------------------------------
