"""What the savings ledger's pieces share: the texts of its rules, the entry role, how an entry's
amount is written, and the frame of its service dialogs (which save through
:class:`~kaizen.ui.form_op.FormSaver`, the one save mechanism)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.enums import SavingsKind
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui.form_op import FormSaver, Refusals
from kaizen.ui.measure.common import (
    format_money,
)
from kaizen.ui.measure.style import DIALOG_STYLE
from kaizen.ui.widgets.form import FieldForm

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
# The rules' texts, marked only (made at import, before the language is known): the code that
# shows one translates it in this module's context (:func:`rule`, :func:`kind_help`).
STAFF_READ_ONLY = QT_TRANSLATE_NOOP(
    "ui.measure.savings_common",
    "Supervisors and admins record savings; staff see the ledger read-only.")
SECOND_PERSON = QT_TRANSLATE_NOOP(
    "ui.measure.savings_common",
    "You entered or changed this entry: a second person validates it (Site settings can allow "
    "one person for a one-person site).")
LOCKED = QT_TRANSLATE_NOOP(
    "ui.measure.savings_common",
    "Validated entries are locked: use Correct… to fix one with a correction entry.")
FORECAST_NOT_VALIDATED = QT_TRANSLATE_NOOP(
    "ui.measure.savings_common",
    "A forecast is a promise, not money: it is never validated. Record the actual amount once "
    "the month is over and validate that.")
KIND_HELP = {
    SavingsKind.HARD: QT_TRANSLATE_NOOP(
        "ui.measure.savings_common",
        "Money that no longer leaves the business: less scrap, overtime, material, energy."),
    SavingsKind.SOFT: QT_TRANSLATE_NOOP(
        "ui.measure.savings_common", "Time or capacity freed and used for other work."),
    SavingsKind.AVOIDANCE: QT_TRANSLATE_NOOP(
        "ui.measure.savings_common",
        "A cost that would have come and now will not (a hire, a machine, a penalty)."),
}


def rule(text: str) -> str:
    """One of the rules' texts above, in the language of the moment."""
    return translate("ui.measure.savings_common", text)


def kind_help(kind: SavingsKind) -> str:
    """What a kind of savings counts, in the language of the moment."""
    return translate("ui.measure.savings_common", KIND_HELP[kind])


def qdate(month: str) -> QDate:
    try:
        return QDate(int(month[:4]), int(month[5:7]), 1)
    except (ValueError, IndexError):
        return QDate.currentDate()


def entry_money(amount: float, currency: str) -> str:
    decimals = 0 if float(amount).is_integer() else 2
    return format_money(amount, currency, decimals)


class SavingsDialog(QDialog):
    """A dialog whose Save runs one service call in the worker and shows refusals by field."""

    saved = Signal(object)

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setStyleSheet(DIALOG_STYLE)
        self.setMinimumWidth(480)
        self.result_value: Any = None
        self.form = FieldForm()
        self.saver = FormSaver(self, Refusals(self.form), what=title.lower())
        self.saver.submit_on(self.save)
        self.saver.busyChanged.connect(lambda busy: self.save_button.setEnabled(not busy))
        self.heading = QLabel(title)
        self.heading.setObjectName("DialogHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.cancel_button = QPushButton(translate("ui.measure.savings_common", "Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton(translate("ui.measure.savings_common", "Save"))
        self.save_button.setObjectName("PrimaryButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(24, 20, 24, 20)
        self.body.setSpacing(12)
        self.body.addWidget(self.heading)

    def finish_layout(self) -> None:
        self.body.addLayout(self.form)
        self.body.addWidget(self.form.general_error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        self.body.addLayout(buttons)

    def call(self) -> Callable[[], Any]:
        raise NotImplementedError

    @property
    def saving(self) -> bool:
        return self.saver.busy

    def save(self) -> None:
        self.saver.save(self.call, self._on_saved, name=self.windowTitle())

    def _on_saved(self, value: Any) -> None:
        self.result_value = value
        self.saved.emit(value)
        self.accept()

    def error_text(self, field: str) -> str:
        return self.form.error_text(field)
