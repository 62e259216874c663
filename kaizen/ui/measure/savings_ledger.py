"""The savings ledger of one idea: monthly entries, their validation, corrections, ROI and payback.

- :class:`SavingsLedger` (this module): the tiles (validated, actual and forecast totals,
  one-off cost, ROI, payback month), the buttons and the table.

The ledger rules are the services': a supervisor validates actuals, a validated entry is locked
(Edit is disabled, "Correct…" adds a correction), a forecast is never validated, staff only read.
The widget greys out what the service would surely refuse and says why; whatever it shows, the
service decides. ROI and payback count validated actuals only, the money a supervisor confirmed;
they come computed from ``SavingsService.ledger()``, the screen's one read.

Its pieces each have a file: ``savings_model`` (the table model), ``entry_dialog``,
``correction_dialog``, ``propose_dialog``, ``summary_tile`` and ``savings_common``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.errors import KaizenError, ValidationError
from kaizen.domain.months import next_month
from kaizen.domain.numbers import format_number
from kaizen.domain.permissions import Action, can
from kaizen.i18n import translate
from kaizen.ui import resources
from kaizen.ui.form_op import FormSaver, Refusals, bar_message
from kaizen.ui.measure.common import (
    format_money,
    month_label,
)
from kaizen.ui.measure.correction_dialog import CorrectionDialog
from kaizen.ui.measure.entry_dialog import EntryDialog, EntryDraft
from kaizen.ui.measure.proof_override import ask_override
from kaizen.ui.measure.propose_dialog import MetricBasis, ProposeSavingsDialog
from kaizen.ui.measure.savings_common import (
    FORECAST_NOT_VALIDATED,
    LOCKED,
    SECOND_PERSON,
    STAFF_READ_ONLY,
    SavingsDialog,
    entry_money,
    rule,
)
from kaizen.ui.measure.savings_model import (
    COL_AMOUNT,
    COL_MONTH,
    COL_NOTE,
    COL_STATUS,
    COL_TYPE,
    SavingsTableModel,
)
from kaizen.ui.measure.summary_tile import SummaryTile
from kaizen.ui.widgets.dialog_parts import read_only_rows
from kaizen.ui.widgets.message_bar import ActionMessageBar
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from PySide6.QtWidgets import QInputDialog

    from kaizen.services import Services
    from kaizen.services.people import PersonInfo
    from kaizen.services.savings import Ledger, SavingsEntryInfo

log = logging.getLogger(__name__)

class SavingsLedger(QWidget):
    """The ledger of one idea. ``loaded`` fires when entries are shown; ``changed`` after a
    save, a validation or a correction (the view may refresh other figures)."""

    loaded = Signal()
    changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.person: PersonInfo | None = None
        self.suggestion_id: int | None = None
        self.data: Ledger | None = None
        self.currency = "EUR"
        self.dialog: QDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.override_dialog: QInputDialog | None = None
        self._generation = 0
        self._select_after: int | None = None

        self.tiles = {
            "validated": SummaryTile(
                translate("ui.measure.savings_ledger", "Validated"),
                translate("ui.measure.savings_ledger",
                          "Actual savings a supervisor validated; ROI and payback count "
                               "these.")),
            "actual": SummaryTile(
                translate("ui.measure.savings_ledger", "Actual"),
                translate("ui.measure.savings_ledger",
                          "Every actual entry, validated or not, corrections included.")),
            "forecast": SummaryTile(translate("ui.measure.savings_ledger", "Forecast"),
                                    translate("ui.measure.savings_ledger",
                                              "What the forecasts promise.")),
            "cost": SummaryTile(translate("ui.measure.savings_ledger", "One-off cost"),
                                translate("ui.measure.savings_ledger",
                                          "The implementation cost on the idea.")),
            "roi": SummaryTile(translate("ui.measure.savings_ledger", "ROI"),
                               translate("ui.measure.savings_ledger",
                                         "(Validated savings − one-off cost) ÷ one-off cost.")),
            "payback": SummaryTile(
                translate("ui.measure.savings_ledger", "Payback"),
                translate("ui.measure.savings_ledger",
                          "The first month in which validated savings add up to the "
                               "one-off cost.")),
        }
        summary = QFrame()
        summary.setObjectName("Panel")
        summary.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        grid = QGridLayout(summary)
        grid.setContentsMargins(16, 10, 16, 10)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        order = (("validated", "forecast", "roi"), ("actual", "cost", "payback"))
        for row, keys in enumerate(order):
            for pair, key in enumerate(keys):
                grid.addWidget(self.tiles[key].caption_label, row, pair * 2)
                grid.addWidget(self.tiles[key].value_label, row, pair * 2 + 1)
        for pair in range(3):
            grid.setColumnStretch(pair * 2 + 1, 1)
        self.summary = summary

        self.add_button = self._button(translate("ui.measure.savings_ledger",
                                                 "Add entry…"), "mdi6.plus", self.add_entry)
        self.edit_button = self._button(translate("ui.measure.savings_ledger",
                                                  "Edit…"), "mdi6.pencil-outline",
                                        self.edit_entry)
        self.validate_button = self._button(translate("ui.measure.savings_ledger",
                                                      "Validate"), "mdi6.check-decagram-outline",
                                            self.validate_entry)
        self.correct_button = self._button(translate("ui.measure.savings_ledger",
                                                     "Correct…"), "mdi6.file-document-edit-outline",
                                           self.correct_entry)
        self.hint_label = QLabel("")
        self.hint_label.setObjectName("LockNote")
        self.hint_label.setTextFormat(Qt.TextFormat.PlainText)
        self.hint_label.setWordWrap(True)
        bar = QHBoxLayout()
        bar.setSpacing(8)
        for button in (self.add_button, self.edit_button, self.validate_button,
                       self.correct_button):
            bar.addWidget(button)
        bar.addSpacing(8)
        bar.addWidget(self.hint_label, 1)

        self.model = SavingsTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("SavingsTable")
        self.table.setModel(self.model)
        read_only_rows(self.table)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(34)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in ((COL_MONTH, 104), (COL_TYPE, 160), (COL_AMOUNT, 120),
                              (COL_STATUS, 170)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.setAccessibleName(translate("ui.measure.savings_ledger", "Savings entries"))

        self.empty_label = QLabel(translate(
            "ui.measure.savings_ledger",
            "No savings recorded yet. Add a forecast when the change is planned, and the actual "
            "amount each month once it runs."))
        self.empty_label.setObjectName("PanelNote")
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(False)
        self.message_bar = ActionMessageBar()
        # Validating an entry is this widget's own save (the dialogs have their own savers).
        self.saver = FormSaver(self, Refusals(message=bar_message(self.message_bar)),
                               what="the savings entry")

        column = QVBoxLayout(self)
        column.setContentsMargins(14, 14, 14, 14)
        column.setSpacing(10)
        column.addWidget(summary)
        column.addLayout(bar)
        column.addWidget(self.message_bar)
        column.addWidget(self.empty_label)
        column.addWidget(self.table, 1)

        add = QShortcut(QKeySequence("Ctrl+N"), self)
        add.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        add.activated.connect(self.add_entry)
        # Enter on a row opens it; a key filter, not a shortcut, so that Enter in a dialog
        # opened from here is never taken for the table's.
        self.table.installEventFilter(self)
        self._update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._open_current()
            return True
        return super().eventFilter(watched, event)

    def _open_current(self) -> None:
        entry = self.selected_entry()
        if entry is not None and entry.locked:
            self.correct_entry()
        else:
            self.edit_entry()

    def _button(self, text: str, icon: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.setIcon(resources.icon(icon))
        button.clicked.connect(slot)
        return button

    # -- state ------------------------------------------------------------------------------------
    def set_person(self, person: PersonInfo | None) -> None:
        self.person = person
        self._update_buttons()

    def set_idea(self, suggestion_id: int | None) -> None:
        if suggestion_id != self.suggestion_id:
            self.model.set_entries([])
            self.data = None
            self.message_bar.dismiss()
        self.suggestion_id = suggestion_id
        self.reload()

    def selected_entry(self) -> SavingsEntryInfo | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.entry(index.row())

    def select_entry(self, entry_id: int) -> None:
        row = self.model.row_of(entry_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def _refusal(self, action: Action) -> str | None:
        if self.person is None:
            return translate("ui.measure.savings_ledger",
                             "Pick who is working first: supervisors and admins record "
                                  "and validate savings.")
        if not can(self.person.role, action):
            return rule(STAFF_READ_ONLY)
        if self.suggestion_id is None:
            return translate("ui.measure.savings_ledger", "Pick an idea first.")
        return None

    def _update_buttons(self, *_args: Any) -> None:
        entry = self.selected_entry()
        record = self._refusal(Action.RECORD_SAVINGS)
        validate = self._refusal(Action.VALIDATE_SAVINGS)
        if entry is None:
            edit_why = correct_why = validate_why = translate("ui.measure.savings_ledger",
                                                              "Select an entry first.")
        else:
            edit_why = rule(LOCKED) if entry.locked else None
            correct_why = None if entry.locked else translate(
                "ui.measure.savings_ledger",
                "Only validated entries are corrected; this one can still be edited.")
            validate_why = (rule(FORECAST_NOT_VALIDATED) if entry.is_forecast else
                            translate("ui.measure.savings_ledger",
                                      "Already validated.") if entry.locked
                            else self._not_yet(entry))
        states = (
            (self.add_button, record, translate("ui.measure.savings_ledger",
                                                "Add a forecast or an actual amount (Ctrl+N)")),
            (self.edit_button, record or edit_why, translate("ui.measure.savings_ledger",
                                                             "Change this entry (Enter)")),
            (self.validate_button, validate or validate_why,
             translate("ui.measure.savings_ledger",
                       "Confirm this actual amount; it is then locked")),
            (self.correct_button, record or correct_why,
             translate("ui.measure.savings_ledger",
                       "Add a correction entry to this validated amount")),
        )
        for button, why, tip in states:
            button.setEnabled(why is None)
            button.setToolTip(why or tip)
        if record is not None and self.person is not None:
            self.hint_label.setText(rule(STAFF_READ_ONLY))
        elif record is not None:
            self.hint_label.setText(record)
        elif entry is not None and entry.locked:
            self.hint_label.setText(translate("ui.measure.savings_ledger",
                                              "Validated, so locked: use Correct… to fix it."))
        elif entry is not None and validate is None and validate_why is not None:
            # The service's rule, said next to the button it greys out (issue 16).
            self.hint_label.setText(validate_why)
        else:
            self.hint_label.setText("")

    def _not_yet(self, entry: SavingsEntryInfo) -> str | None:
        """Why this actual cannot be validated by this person now (the service decides too):
        the change has not reached Check, or this person entered it (two pairs of eyes)."""
        if self.data is None:
            return None
        if self.data.not_ready is not None:
            return self.data.not_ready
        if (self.person is not None and entry.created_by_id == self.person.id
                and not self.data.one_person):
            return rule(SECOND_PERSON)
        return None

    # -- loading ----------------------------------------------------------------------------------
    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        idea = self.suggestion_id
        if idea is None:
            self.model.set_entries([])
            self._update_buttons()
            return
        services = self.services
        run_in_background(
            lambda: services.savings.ledger(idea),
            on_success=lambda data: self._show(generation, data),
            on_failure=lambda error: self._show_failure(generation, error),
            owner=self,
            name="savings ledger",
        )

    def _show(self, generation: int, data: Ledger) -> None:
        if generation != self._generation or data.suggestion_id != self.suggestion_id:
            return
        keep = self._select_after
        if keep is None:
            current = self.selected_entry()
            keep = current.id if current is not None else None
        self._select_after = None
        self.data = data
        self.currency = data.currency
        self.model.set_entries(data.entries, data.names, data.currency)
        self.empty_label.setVisible(not data.entries)
        self.table.setVisible(bool(data.entries))
        self._show_summary(data)
        if keep is not None:
            self.select_entry(keep)
        self._update_buttons()
        self.loaded.emit()

    def _show_summary(self, data: Ledger) -> None:
        s, c = data.summary, data.currency
        self.tiles["validated"].set_value(format_money(s.total_validated, c),
                                          tone="good" if s.total_validated > 0 else "")
        if s.total_actual != s.total_validated:
            actual_detail = translate("ui.measure.savings_ledger", "{amount} to validate").format(
                amount=format_money(s.total_actual - s.total_validated, c))
        else:
            actual_detail = translate("ui.measure.savings_ledger",
                                      "all validated") if s.total_actual else ""
        self.tiles["actual"].set_value(format_money(s.total_actual, c), actual_detail)
        self.tiles["forecast"].set_value(format_money(s.total_forecast, c))
        if s.one_off_cost:
            self.tiles["cost"].set_value(format_money(s.one_off_cost, c))
        else:
            self.tiles["cost"].set_value(translate("ui.measure.savings_ledger", "None"),
                                         translate("ui.measure.savings_ledger", "on the idea"))
        if data.roi is None or s.total_validated == 0:
            why = (translate("ui.measure.savings_ledger", "no one-off cost") if s.one_off_cost <= 0
                   else translate("ui.measure.savings_ledger", "nothing validated yet"))
            self.tiles["roi"].set_value("—", why, "muted")
        else:
            self.tiles["roi"].set_value(
                translate("ui.measure.savings_ledger",
                          "{percent}%").format(percent=format_number(data.roi * 100)),
                translate("ui.measure.savings_ledger",
                          "on validated savings"), "good" if data.roi > 0 else "")
        if data.payback is not None:
            self.tiles["payback"].set_value(month_label(data.payback),
                                            translate("ui.measure.savings_ledger", "paid back"),
                                            "good")
        elif s.one_off_cost <= 0:
            self.tiles["payback"].set_value("—", translate("ui.measure.savings_ledger",
                                                           "no one-off cost"), "muted")
        else:
            detail = (translate("ui.measure.savings_ledger", "forecast: {month}").format(
                month=month_label(data.forecast_payback))
                      if data.forecast_payback else translate("ui.measure.savings_ledger",
                                                              "not yet"))
            self.tiles["payback"].set_value(translate("ui.measure.savings_ledger",
                                                      "Not yet"), detail, "muted")

    def _show_failure(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        message = error.message if isinstance(error, KaizenError) else str(error)
        text = translate("ui.measure.savings_ledger",
                         "The ledger could not be read: {message}").format(message=message)
        self.message_bar.show_message(text, "error")  # i18n: no (the tone)
        self.loaded.emit()

    # -- actions ----------------------------------------------------------------------------------
    def add_entry(self, draft: EntryDraft | None = None) -> EntryDialog | None:
        if not isinstance(draft, EntryDraft):
            draft = None  # called from a button's clicked(bool)
        if self._refusal(Action.RECORD_SAVINGS) is not None or self.suggestion_id is None:
            return None
        assert self.person is not None
        dialog = EntryDialog(self.services, self.person.id, self.suggestion_id,
                             currency=self.currency, draft=draft, parent=self)
        return self._open(dialog)

    def edit_entry(self) -> EntryDialog | None:
        entry = self.selected_entry()
        if (entry is None or entry.locked or self.suggestion_id is None
                or self._refusal(Action.RECORD_SAVINGS) is not None):
            return None
        assert self.person is not None
        dialog = EntryDialog(self.services, self.person.id, self.suggestion_id,
                             currency=self.currency, entry=entry, parent=self)
        return self._open(dialog)

    def correct_entry(self) -> CorrectionDialog | None:
        entry = self.selected_entry()
        if entry is None or not entry.locked or self._refusal(Action.RECORD_SAVINGS):
            return None
        assert self.person is not None
        dialog = CorrectionDialog(
            self.services, self.person.id, entry, net_amount=self.model.net_amount(entry.id),
            currency=self.currency,
            validated_by=self.model.validated_by(entry), parent=self,
        )
        return self._open(dialog)

    def _open(self, dialog: SavingsDialog) -> Any:
        self.dialog = dialog
        dialog.saved.connect(self._on_saved)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _on_saved(self, entry: SavingsEntryInfo) -> None:
        self._select_after = entry.id
        self.message_bar.dismiss()
        self.reload()
        self.changed.emit()

    def validate_entry(self) -> QMessageBox | None:
        entry = self.selected_entry()
        if (entry is None or entry.locked or entry.is_forecast
                or self._refusal(Action.VALIDATE_SAVINGS) is not None
                or self._not_yet(entry) is not None):
            return None
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(translate("ui.measure.savings_ledger", "Validate savings"))
        box.setText(translate("ui.measure.savings_ledger",
                              "Validate {amount} of {kind} savings for {month}?").format(
            amount=entry_money(entry.amount, self.currency), kind=entry.kind.label.lower(),
            month=month_label(entry.month, long=True)))
        box.setInformativeText(translate(
            "ui.measure.savings_ledger",
            "A validated entry is locked: a mistake is then fixed with a correction entry, never "
            "by editing it."))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(translate("ui.measure.savings_ledger",
                                                                     "Validate"))
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        entry_id = entry.id
        box.finished.connect(lambda result: self._on_confirmed(result, entry_id))
        box.finished.connect(box.deleteLater)
        self.confirm_box = box
        box.open()
        return box

    def _on_confirmed(self, result: int, entry_id: int, reason: str | None = None) -> None:
        self.confirm_box = None
        if result != QMessageBox.StandardButton.Yes or self.person is None:
            return
        services, actor = self.services, self.person.id
        def refused(error: BaseException) -> None:
            # Savings follow proof: a refusal for want of proof asks for the written reason.
            if isinstance(error, ValidationError) and error.field == "override_reason":
                self._ask_override(error.message, entry_id)
            self.reload()

        self.saver.save(lambda: lambda: services.savings.validate(
                            actor, entry_id, override_reason=reason),
                        self._on_saved, on_failure=refused, name="validate savings")

    def _ask_override(self, message: str, entry_id: int) -> None:
        """Savings follow proof: without it the validator writes why (audited) or cancels."""
        self.override_dialog = ask_override(
            self, message,
            lambda reason: self._on_confirmed(QMessageBox.StandardButton.Yes, entry_id, reason))

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._open_current()

    def propose(self, basis: MetricBasis, today: date) -> ProposeSavingsDialog | None:
        """Open the estimate helper; its forecast opens the entry dialog pre-filled."""
        if self._refusal(Action.RECORD_SAVINGS) is not None:
            return None
        dialog = ProposeSavingsDialog(basis, currency=self.currency,
                                      first_month=next_month(today), parent=self)
        dialog.proposed.connect(self.add_entry)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog
