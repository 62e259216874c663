"""The "Who is working" picker in the toolbar, and the PIN dialog supervisors and admins pass.

Staff pick themselves without a PIN. Picking a supervisor or an admin opens :class:`PinDialog`,
which checks the PIN with ``services.people.authenticate`` in the background worker; a wrong PIN
or a lockout shows the service's message under the field, and cancelling keeps the previous
person. The last person is remembered per machine in QSettings; a remembered supervisor or admin
is asked for the PIN again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.errors import KaizenError
from kaizen.ui import resources
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.people import PersonInfo

SETTINGS_KEY = "who/lastPersonId"
PLACEHOLDER = "Choose who is working…"
MAX_PIN_DIGITS = 12
DIALOG_WIDTH = 420

Authenticate = Callable[[int, "str | None"], "PersonInfo"]


def person_label(person: PersonInfo) -> str:
    return f"{person.name} — {person.role.label}"


class PinDialog(QDialog):
    """Asks a supervisor or admin for their PIN; accepted only when the service agrees."""

    def __init__(self, person: PersonInfo, authenticate: Authenticate,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PinDialog")
        self.setWindowTitle("Confirm it is you")
        self.setModal(True)
        self.person = person
        self.authenticated: PersonInfo | None = None
        self._authenticate = authenticate

        badge = QLabel()
        badge.setPixmap(resources.icon("mdi6.account-lock-outline", resources.ACCENT)
                        .pixmap(QSize(32, 32)))
        badge.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.heading = QLabel(person.name)
        self.heading.setObjectName("DialogHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt = QLabel(
            f"{person.role.label}s confirm who they are. Enter your PIN to continue."
        )
        self.prompt.setObjectName("DialogText")
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt.setWordWrap(True)

        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("PinField")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setPlaceholderText("PIN")
        self.pin_edit.setMaxLength(MAX_PIN_DIGITS)
        self.pin_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{MAX_PIN_DIGITS}}}"), self)
        )
        self.pin_edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly
                                          | Qt.InputMethodHint.ImhSensitiveData)
        self.pin_edit.textChanged.connect(self._on_text_changed)

        self.error_label = QLabel("")
        self.error_label.setObjectName("FieldError")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Confirm")
        self.ok_button.setObjectName("PrimaryButton")
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)

        text = QVBoxLayout()
        text.setSpacing(8)
        text.addWidget(self.heading)
        text.addWidget(self.prompt)
        text.addWidget(self.pin_edit)
        text.addWidget(self.error_label)
        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(badge)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(16)
        layout.addLayout(top)
        layout.addWidget(self.buttons)
        self.setFixedWidth(DIALOG_WIDTH)
        self._checking = False

    @property
    def checking(self) -> bool:
        return self._checking

    def _on_text_changed(self, text: str) -> None:
        self.ok_button.setEnabled(bool(text) and not self._checking)

    def _check(self) -> None:
        pin = self.pin_edit.text()
        if not pin or self._checking:
            return
        self._set_checking(True)
        authenticate, person_id = self._authenticate, self.person.id
        run_in_background(
            lambda: authenticate(person_id, pin),
            on_success=self._on_authenticated,
            on_failure=self._on_refused,
            owner=self,
            name="check PIN",
        )

    def _set_checking(self, checking: bool) -> None:
        self._checking = checking
        self.pin_edit.setEnabled(not checking)
        self.ok_button.setEnabled(not checking and bool(self.pin_edit.text()))
        self.ok_button.setText("Checking…" if checking else "Confirm")

    def _on_authenticated(self, person: PersonInfo) -> None:
        self._set_checking(False)
        self.authenticated = person
        self.accept()

    def _on_refused(self, error: BaseException) -> None:
        self._set_checking(False)
        if isinstance(error, KaizenError):
            message = error.message
        else:
            message = f"The PIN could not be checked: {error}"
        self.error_label.setText(message)
        self.error_label.setVisible(True)
        self.adjustSize()  # grow to fit the message
        self.pin_edit.clear()
        self.pin_edit.setFocus()

    def reject(self) -> None:
        if not self._checking:
            super().reject()


class WhoPicker(QWidget):
    """A combo of active people; emits ``personChanged(PersonInfo | None)`` after a switch."""

    personChanged = Signal(object)
    peopleLoaded = Signal()

    def __init__(self, services: Services, *, restore_last: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WhoPicker")
        self.services = services
        self._people: list[PersonInfo] = []
        self._current: PersonInfo | None = None
        self._restore_pending = restore_last
        self._generation = 0
        self.pin_dialog: PinDialog | None = None

        caption = QLabel("Who is working")
        caption.setObjectName("ToolbarCaption")
        self.combo = QComboBox()
        self.combo.setObjectName("WhoCombo")
        self.combo.setMinimumWidth(260)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.combo.setIconSize(QSize(18, 18))
        self.combo.setToolTip("Who is working at this computer; supervisors and admins confirm "
                              "with their PIN")
        self.combo.addItem(PLACEHOLDER, None)
        self.combo.activated.connect(self._on_activated)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(caption)
        layout.addWidget(self.combo)

    # -- public -------------------------------------------------------------------------------
    @property
    def current_person(self) -> PersonInfo | None:
        return self._current

    @property
    def people(self) -> list[PersonInfo]:
        return list(self._people)

    def reload(self) -> None:
        """Read the active people again (in the worker) and keep the current person if listed."""
        self._generation += 1
        generation = self._generation
        people_service = self.services.people
        run_in_background(
            lambda: people_service.list_people(active_only=True),
            on_success=lambda people: self._populate(generation, people),
            owner=self,
            name="who picker people",
        )

    def choose(self, person_id: int | None) -> None:
        """Pick a person as if chosen in the combo (asks the PIN when their role needs one)."""
        index = self._index_of(person_id)
        if index < 0:
            raise LookupError(f"Person #{person_id} is not in the picker.")
        self.combo.setCurrentIndex(index)
        self._on_activated(index)

    def adopt(self, person: PersonInfo) -> None:
        """Make a person who has just proved who they are (first-run setup) the current one."""
        self._restore_pending = False
        self._set_current(person)

    # -- internals ----------------------------------------------------------------------------
    def _populate(self, generation: int, people: list[PersonInfo]) -> None:
        if generation != self._generation:
            return
        self._people = list(people)
        self.combo.blockSignals(True)
        try:
            self.combo.clear()
            self.combo.addItem(resources.icon("mdi6.account-question-outline"), PLACEHOLDER, None)
            for person in self._people:
                icon_name = ("mdi6.account-lock-outline" if person.role.needs_pin
                             else "mdi6.account-outline")
                self.combo.addItem(resources.icon(icon_name), person_label(person), person.id)
        finally:
            self.combo.blockSignals(False)

        if self._current is not None:
            fresh = self._find(self._current.id)
            if fresh is None:  # deactivated meanwhile
                self._set_current(None, remember=False)
            else:
                self._current = fresh
        self._sync_combo()
        self.peopleLoaded.emit()
        if self._restore_pending:
            self._restore_pending = False
            self._restore_last()

    def _restore_last(self) -> None:
        stored = QSettings().value(SETTINGS_KEY)
        try:
            person_id = int(stored) if stored not in (None, "") else None
        except (TypeError, ValueError):
            person_id = None
        person = self._find(person_id) if person_id is not None else None
        if person is None or self._current is not None:
            return
        if person.role.needs_pin:
            self.combo.setCurrentIndex(self._index_of(person.id))
            self._ask_pin(person)
        else:
            self._set_current(person)

    def _on_activated(self, index: int) -> None:
        person_id = self.combo.itemData(index)
        person = self._find(person_id) if person_id is not None else None
        if person is None:
            self._set_current(None)
            return
        if self._current is not None and person.id == self._current.id:
            return
        if person.role.needs_pin:
            self._ask_pin(person)
        else:
            self._set_current(person)

    def _ask_pin(self, person: PersonInfo) -> None:
        if self.pin_dialog is not None:
            self.pin_dialog.close()
        dialog = PinDialog(person, self.services.people.authenticate, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        # A bound method: a lambda holding the dialog could crash PySide when the dialog is deleted.
        dialog.finished.connect(self._on_pin_finished)
        self.pin_dialog = dialog
        dialog.open()
        dialog.pin_edit.setFocus()

    def _on_pin_finished(self, result: int) -> None:
        dialog = self.sender()
        if not isinstance(dialog, PinDialog):
            return
        if self.pin_dialog is dialog:
            self.pin_dialog = None
        if result == QDialog.DialogCode.Accepted and dialog.authenticated is not None:
            self._set_current(dialog.authenticated)
        else:
            self._sync_combo()  # keep the previous person

    def _set_current(self, person: PersonInfo | None, *, remember: bool = True) -> None:
        self._current = person
        if remember:
            QSettings().setValue(SETTINGS_KEY, person.id if person is not None else "")
        self._sync_combo()
        self.personChanged.emit(person)

    def _sync_combo(self) -> None:
        index = self._index_of(self._current.id if self._current is not None else None)
        self.combo.setCurrentIndex(max(index, 0))

    def _find(self, person_id: object) -> PersonInfo | None:
        return next((p for p in self._people if p.id == person_id), None)

    def _index_of(self, person_id: int | None) -> int:
        for index in range(self.combo.count()):
            if self.combo.itemData(index) == person_id:
                return index
        return -1
