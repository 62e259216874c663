""":class:`EntryDialog`: add a savings entry, or edit one that is not validated yet (a forecast
from the estimate helper arrives as an :class:`EntryDraft`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QWidget,
)

from kaizen.domain.enums import SavingsKind
from kaizen.domain.months import month_key
from kaizen.i18n import translate
from kaizen.ui.calendar_range import limit_to_calendar
from kaizen.ui.measure.savings_common import (
    KIND_HELP,
    SavingsDialog,
    kind_help,
    qdate,
)
from kaizen.ui.widgets.dialog_parts import with_hint
from kaizen.ui.widgets.money import MoneyEdit

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.savings import SavingsEntryInfo

log = logging.getLogger(__name__)

@dataclass(frozen=True, slots=True)
class EntryDraft:
    """What the entry dialog starts with (an estimate's forecast, or nothing)."""

    month: str
    kind: SavingsKind = SavingsKind.HARD
    amount: float = 0.0
    is_forecast: bool = False
    note: str = ""


class EntryDialog(SavingsDialog):
    """Add an entry (``entry`` None) or edit one that is not validated yet."""

    def __init__(self, services: Services, actor_id: int, suggestion_id: int, *,
                 currency: str, draft: EntryDraft | None = None,
                 entry: SavingsEntryInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(translate("ui.measure.entry_dialog", "Edit savings entry") if entry
                         else translate("ui.measure.entry_dialog", "Add a savings entry"), parent)
        self.setObjectName("EntryDialog")
        self.services = services
        self.actor_id = actor_id
        self.suggestion_id = suggestion_id
        self.entry = entry
        start = draft or EntryDraft(month=month_key(date.today()))
        if entry is not None:
            start = EntryDraft(entry.month, entry.kind, entry.amount, entry.is_forecast,
                               entry.note)
        correction = entry is not None and entry.corrects_id is not None

        self.month_edit = limit_to_calendar(QDateEdit(qdate(start.month)))
        self.month_edit.setDisplayFormat("MMMM yyyy")
        self.month_edit.setCalendarPopup(True)
        self.month_edit.setAccessibleName(translate("ui.measure.entry_dialog", "Month"))
        self.month_edit.setCurrentSection(QDateEdit.Section.MonthSection)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(translate("ui.measure.entry_dialog", "Kind"))
        for kind in SavingsKind:
            self.kind_combo.addItem(kind.label, kind)
            self.kind_combo.setItemData(self.kind_combo.count() - 1, kind_help(kind),
                                        Qt.ItemDataRole.ToolTipRole)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(start.kind))
        self.kind_help = QLabel(kind_help(start.kind))
        self.kind_help.setObjectName("DialogNote")
        self.kind_help.setWordWrap(True)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.forecast_check = QCheckBox(translate("ui.measure.entry_dialog",
                                                  "Forecast: expected, not yet realised"))
        self.forecast_check.setChecked(start.is_forecast)
        self.forecast_check.setEnabled(not correction)
        # A correction's amount may be negative: the service says which amounts may be.
        self.amount_box = MoneyEdit()
        self.amount_box.set_currency(currency)
        self.amount_box.set_value(start.amount)
        self.amount_box.setAccessibleName(translate("ui.measure.entry_dialog", "Amount"))
        self.note_edit = QLineEdit(start.note)
        self.note_edit.setCursorPosition(0)
        self.note_edit.setAccessibleName(translate("ui.measure.entry_dialog", "Note"))
        self.note_edit.setPlaceholderText(translate(
            "ui.measure.entry_dialog", "How it was counted, where the figure comes from"))
        self.note_edit.setMaxLength(2000)
        kind = with_hint(self.kind_combo, self.kind_help)

        self.form.add_field("month", translate("ui.measure.entry_dialog",  # i18n: no
                                               "Month"), self.month_edit)
        self.form.add_field("kind", translate("ui.measure.entry_dialog", "Kind"), kind)  # i18n: no
        self.form.add_field("amount", translate("ui.measure.entry_dialog",  # i18n: no
                                                "Amount"), self.amount_box)
        self.form.add_field("is_forecast", "", self.forecast_check)  # i18n: no
        self.form.add_field("note", translate("ui.measure.entry_dialog",  # i18n: no
                                              "Note"), self.note_edit)
        self.finish_layout()
        self.save_button.setText(translate("ui.measure.entry_dialog", "Save changes") if entry
                                 else translate("ui.measure.entry_dialog", "Add entry"))
        self.amount_box.setFocus()
        self.amount_box.selectAll()

    def _on_kind_changed(self) -> None:
        kind = self.kind_combo.currentData()
        self.kind_help.setText(kind_help(kind) if kind in KIND_HELP else "")

    def call(self) -> Callable[[], Any]:
        services, actor = self.services, self.actor_id
        month = month_key(self.month_edit.date().toPython())
        kind = self.kind_combo.currentData()
        amount = self.amount_box.read("amount", translate("ui.measure.entry_dialog", "Amount"))
        forecast = self.forecast_check.isChecked()
        note = self.note_edit.text()
        if self.entry is None:
            idea = self.suggestion_id
            return lambda: services.savings.add_entry(actor, idea, month=month, amount=amount,
                                                      kind=kind, is_forecast=forecast,
                                                      note=note)
        entry = self.entry
        correction = entry.corrects_id is not None
        # ``expected``: a save over someone else's change meanwhile is refused, not merged.
        return lambda: services.savings.update_entry(
            actor, entry.id, month=month, amount=amount, kind=kind,
            is_forecast=None if correction else forecast, note=note, expected=entry)
