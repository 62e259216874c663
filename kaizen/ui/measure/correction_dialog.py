""":class:`CorrectionDialog`: fix a validated (locked) savings entry with a correction entry."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QSize,
    Qt,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from kaizen.domain.months import format_day
from kaizen.i18n import translate
from kaizen.ui import resources
from kaizen.ui.measure.common import (
    month_label,
)
from kaizen.ui.measure.savings_common import SavingsDialog, entry_money
from kaizen.ui.widgets.dialog_parts import with_hint
from kaizen.ui.widgets.money import MoneyEdit

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.savings import SavingsEntryInfo

log = logging.getLogger(__name__)

class CorrectionDialog(SavingsDialog):
    """Fix a validated entry: a signed change and the reason, stored as a correction entry."""

    def __init__(self, services: Services, actor_id: int, entry: SavingsEntryInfo, *,
                 net_amount: float, currency: str, validated_by: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(translate("ui.measure.correction_dialog", "Correct a validated entry"),
                         parent)
        self.setObjectName("CorrectionDialog")
        self.services = services
        self.actor_id = actor_id
        self.entry = entry
        self.net = net_amount
        self.currency = currency

        box = QFrame()
        box.setObjectName("OriginalBox")
        facts = {"kind": entry.kind.label, "month": month_label(entry.month, long=True),
                 "amount": entry_money(entry.amount, currency), "name": validated_by}
        if entry.validated_at:
            text = translate("ui.measure.correction_dialog",
                             "{kind} savings, {month}: {amount}, validated by {name} on "
                             "{day}.").format(day=format_day(entry.validated_at, padded=False),
                                              **facts)
        else:
            text = translate("ui.measure.correction_dialog",
                             "{kind} savings, {month}: {amount}, validated by {name}."
                             ).format(**facts)
        if net_amount != entry.amount:
            text += "\n" + translate("ui.measure.correction_dialog",
                                     "With its corrections so far: {amount}.").format(
                amount=entry_money(net_amount, currency))
        original = QLabel(text)
        original.setTextFormat(Qt.TextFormat.PlainText)
        original.setWordWrap(True)
        lock = QLabel()
        lock.setPixmap(resources.icon("mdi6.lock-outline", resources.ACCENT).pixmap(
            QSize(20, 20)))
        row = QHBoxLayout(box)
        row.setContentsMargins(12, 10, 12, 10)
        row.addWidget(lock, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(original, 1)
        explain = QLabel(translate("ui.measure.correction_dialog",
                                   "The entry stays as validated. The correction is a new entry "
                                   "of the same month and kind that adds (or, negative, takes "
                                   "away) the difference; it can be validated in turn."))
        explain.setObjectName("DialogNote")
        explain.setWordWrap(True)
        self.body.addWidget(box)
        self.body.addWidget(explain)

        self.delta_box = MoneyEdit()
        self.delta_box.set_currency(currency)
        self.delta_box.setAccessibleName(translate("ui.measure.correction_dialog", "Change by"))
        self.delta_box.setToolTip(translate("ui.measure.correction_dialog",
                                            "Negative to take away, positive to add"))
        self.delta_box.textChanged.connect(self._update_result)
        self.result_label = QLabel("")
        self.result_label.setObjectName("DialogNote")
        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName(translate("ui.measure.correction_dialog", "Reason"))
        self.note_edit.setPlaceholderText(translate("ui.measure.correction_dialog",
                                                    "Why the amount was wrong (required)"))
        self.note_edit.setMaxLength(2000)
        delta = with_hint(self.delta_box, self.result_label)
        self.form.add_field("amount_delta", translate("ui.measure.correction_dialog",  # i18n: no
                                                      "Change by"), delta)
        self.form.add_field("note", translate("ui.measure.correction_dialog",  # i18n: no
                                              "Reason"), self.note_edit)
        self.finish_layout()
        self.save_button.setText(translate("ui.measure.correction_dialog", "Add correction"))
        self._update_result()
        self.delta_box.setFocus()
        self.delta_box.selectAll()

    def _update_result(self) -> None:
        try:
            after = self.net + (self.delta_box.value() or 0.0)
        except ValueError:  # not a number (yet): Save says so under the field
            self.result_label.setText("")
            return
        self.result_label.setText(
            translate("ui.measure.correction_dialog",
                      "This entry will then count {amount}.").format(
                amount=entry_money(after, self.currency)))

    def call(self) -> Callable[[], Any]:
        services, actor, entry_id = self.services, self.actor_id, self.entry.id
        delta = self.delta_box.read("amount_delta", translate("ui.measure.correction_dialog",
                                                              "Change by"))
        note = self.note_edit.text()
        return lambda: services.savings.correct(actor, entry_id, amount_delta=delta, note=note)
