"""The "Who is working" picker in the toolbar, and the PIN dialog supervisors and admins pass.

Who is working changes only by a deliberate action (issue 16): the toolbar shows the person's
name and a "Change…" button (Ctrl+Shift+P) that opens :class:`PersonChooser`; nothing in the
toolbar takes keyboard focus, so focus falling back after a dialog closes, and typing, can never
switch the person (a focused combo box once did). Staff pick themselves without a PIN.
Picking a supervisor or an admin opens :class:`PinDialog`,
which checks the PIN with ``services.people.authenticate`` through the one save mechanism
(:class:`~kaizen.ui.form_op.FormSaver`, issue 15: the check is a write, as it counts wrong PINs);
a wrong PIN or a lockout shows the service's message under the field, the server away keeps the
PIN and offers Retry there, and cancelling keeps the previous person. The last person is
remembered per machine in QSettings; a remembered supervisor or admin is asked for the PIN
again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRegularExpression, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.enums import Role
from kaizen.domain.errors import ValidationError
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui import resources
from kaizen.ui.form_op import Action, line_saver
from kaizen.ui.widgets.dialog_parts import badge_layout, ok_cancel_box
from kaizen.ui.widgets.form import ErrorLabel, offers_retry
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.kiosk import KioskPerson
    from kaizen.services.people import PersonInfo

SETTINGS_KEY = "who/lastPersonId"
# Marked here, translated where shown (the language is set after the imports).
PLACEHOLDER = QT_TRANSLATE_NOOP("ui.who_picker", "Nobody yet")
NOBODY = QT_TRANSLATE_NOOP("ui.who_picker", "Nobody (sign out)")
CHANGE_SHORTCUT = "Ctrl+Shift+P"
MAX_PIN_DIGITS = 12
DIALOG_WIDTH = 420

Authenticate = Callable[[int, "str | None"], "PersonInfo"]


def person_label(person: PersonInfo) -> str:
    return f"{person.name} — {person.role.label}"


def _pin_prompt(role: Role) -> str:
    """Why the PIN is asked, for the roles that have one (the whole sentence per role)."""
    if role is Role.ADMIN:
        return translate("ui.who_picker",
                         "Admins confirm who they are. Enter your PIN to continue.")
    return translate("ui.who_picker",
                     "Supervisors confirm who they are. Enter your PIN to continue.")


class PinDialog(QDialog):
    """Asks a supervisor or admin for their PIN; accepted only when the service agrees."""

    def __init__(self, person: PersonInfo | KioskPerson, authenticate: Authenticate,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PinDialog")
        self.setWindowTitle(translate("ui.who_picker", "Confirm it is you"))
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
        self.prompt = QLabel(_pin_prompt(person.role))
        self.prompt.setObjectName("DialogText")
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt.setWordWrap(True)

        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("PinField")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setPlaceholderText(translate("ui.who_picker", "PIN"))
        self.pin_edit.setMaxLength(MAX_PIN_DIGITS)
        self.pin_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{MAX_PIN_DIGITS}}}"), self)
        )
        self.pin_edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly
                                          | Qt.InputMethodHint.ImhSensitiveData)
        self.pin_edit.textChanged.connect(self._on_text_changed)

        self.error_label = ErrorLabel()

        self.buttons, self.ok_button = ok_cancel_box(
            translate("ui.who_picker", "Confirm"), enabled=False)
        self.buttons.accepted.connect(self._check)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            translate("ui.who_picker", "Cancel"))
        self.buttons.rejected.connect(self.reject)

        text = QVBoxLayout()
        text.setSpacing(8)
        text.addWidget(self.heading)
        text.addWidget(self.prompt)
        text.addWidget(self.pin_edit)
        text.addWidget(self.error_label)
        badge_layout(self, badge, text, self.buttons)
        self.setFixedWidth(DIALOG_WIDTH)
        # Every refusal under the PIN field: the service's words (wrong PIN, locked out), the
        # server away with Retry beside them; an unexpected error is logged by the saver.
        self.saver = line_saver(
            self, "pin", self.error_label, self.pin_edit, what="the PIN check",
            unexpected=translate("ui.who_picker", "The PIN could not be checked: {error}"),
            message=self._say)
        self.saver.busyChanged.connect(self._set_checking)
        self.saver.submit_on(self._check)

    @property
    def checking(self) -> bool:
        return self.saver.busy

    def _on_text_changed(self, text: str) -> None:
        self.ok_button.setEnabled(bool(text) and not self.checking)

    def _check(self) -> None:
        if not self.pin_edit.text() or self.checking:
            return
        authenticate, person_id = self._authenticate, self.person.id

        def collect() -> Callable[[], PersonInfo]:
            pin = self.pin_edit.text()
            if not pin:
                raise ValidationError(translate("ui.who_picker", "Enter your PIN."), "pin")
            return lambda: authenticate(person_id, pin)

        self.saver.save(collect, self._on_authenticated, on_failure=self._on_refused,
                        name="check PIN")

    def _say(self, text: str, action: Action | None, action_text: str) -> None:
        self.error_label.show_message(text, action=action, action_text=action_text)
        self.adjustSize()  # grow to fit the message

    def _set_checking(self, checking: bool) -> None:
        self.pin_edit.setEnabled(not checking)
        self.ok_button.setEnabled(not checking and bool(self.pin_edit.text()))
        self.ok_button.setText(translate("ui.who_picker", "Checking…") if checking
                               else translate("ui.who_picker", "Confirm"))

    def _on_authenticated(self, person: PersonInfo) -> None:
        self.authenticated = person
        self.accept()

    def _on_refused(self, error: BaseException) -> None:
        # A refused PIN is typed again; with the server away it is kept for Retry.
        if not offers_retry(error):
            self.pin_edit.clear()
            self.pin_edit.setFocus()

    def reject(self) -> None:
        if not self.checking:
            super().reject()


class PersonChooser(QDialog):
    """The deliberate way to change who is working: a list of the active people.

    Typing only filters the list; nobody changes until a row is chosen with Enter, a
    double-click or "Switch". "Nobody" signs the current person out."""

    def __init__(self, people: list[PersonInfo], current_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PersonChooser")
        self.setWindowTitle(translate("ui.who_picker", "Who is working"))
        self.setModal(True)
        self.chosen: int | None = None

        heading = QLabel(translate("ui.who_picker", "Who is working at this computer?"))
        heading.setObjectName("DialogHeading")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("PersonFilter")
        self.filter_edit.setPlaceholderText(translate("ui.who_picker", "Type to narrow the list"))
        self.filter_edit.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("PersonList")
        self.list.setIconSize(QSize(18, 18))
        nobody = QListWidgetItem(resources.icon("mdi6.account-off-outline"),
                                 translate("ui.who_picker", NOBODY))
        nobody.setData(Qt.ItemDataRole.UserRole, None)
        self.list.addItem(nobody)
        for person in people:
            icon_name = ("mdi6.account-lock-outline" if person.role.needs_pin
                         else "mdi6.account-outline")
            item = QListWidgetItem(resources.icon(icon_name), person_label(person))
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.list.addItem(item)
            if person.id == current_id:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None:
            self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.filter_edit.textChanged.connect(self._filter)
        # Up and Down in the filter move through the list, so the hands stay on the keys.
        self.filter_edit.installEventFilter(self)

        self.buttons, self.ok_button = ok_cancel_box(translate("ui.who_picker", "Switch"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            translate("ui.who_picker", "Cancel"))
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(DIALOG_WIDTH, 420)
        self.filter_edit.setFocus()

    def labels(self) -> list[str]:
        """Every row's text, hidden ones included."""
        return [self.list.item(row).text() for row in range(self.list.count())]

    def visible_labels(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())
                if not self.list.item(row).isHidden()]

    def select_label(self, label: str) -> None:
        items = self.list.findItems(label, Qt.MatchFlag.MatchExactly)
        if not items:
            raise LookupError(f"{label!r} is not in the list: {self.labels()}")
        self.list.setCurrentItem(items[0])

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        first_shown: QListWidgetItem | None = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = bool(needle) and needle not in item.text().casefold()
            item.setHidden(hidden)
            if not hidden and first_shown is None:
                first_shown = item
        current = self.list.currentItem()
        if current is None or current.isHidden():
            self.list.setCurrentItem(first_shown)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                self.list.keyPressEvent(event)  # type: ignore[arg-type]
                return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return  # nothing matches what was typed: nobody is picked by accident
        self.chosen = item.data(Qt.ItemDataRole.UserRole)
        super().accept()


class WhoPicker(QWidget):
    """Who is working: their name, and "Change…" (Ctrl+Shift+P) to pick someone else.

    Nothing here takes keyboard focus: focus moving by itself (a dialog closing, a view
    switching) can never land on it, and typing can never change the person. Emits
    ``personChanged(PersonInfo | None)`` after a switch."""

    personChanged = Signal(object)
    peopleLoaded = Signal()

    def __init__(self, services: Services, *, restore_last: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WhoPicker")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.services = services
        self._people: list[PersonInfo] = []
        self._current: PersonInfo | None = None
        self._restore_pending = restore_last
        self._generation = 0
        self.pin_dialog: PinDialog | None = None
        self.chooser: PersonChooser | None = None

        caption = QLabel(translate("ui.who_picker", "Who is working"))
        caption.setObjectName("ToolbarCaption")
        self.icon_label = QLabel()
        self.name_label = QLabel(translate("ui.who_picker", PLACEHOLDER))
        self.name_label.setObjectName("WhoName")
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.name_label.setMinimumWidth(180)
        self.change_button = QPushButton(translate("ui.who_picker", "Change…"))
        self.change_button.setObjectName("WhoChange")
        # Reached by mouse or Ctrl+Shift+P only: never by Tab, never by focus falling back.
        self.change_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.change_button.setToolTip(
            translate("ui.who_picker", "Change who is working at this computer ({shortcut}); "
                      "supervisors and admins confirm with their PIN").format(
                shortcut=CHANGE_SHORTCUT))
        self.change_button.clicked.connect(self.open_chooser)
        # An action, not the button's own shortcut: QAbstractButton.setText drops that.
        self.change_action = QAction(translate("ui.who_picker", "Change who is working"), self)
        self.change_action.setShortcut(QKeySequence(CHANGE_SHORTCUT))
        self.change_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.change_action.triggered.connect(self.open_chooser)
        self.addAction(self.change_action)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(caption)
        layout.addWidget(self.icon_label)
        layout.addWidget(self.name_label)
        layout.addWidget(self.change_button)
        self._show_current()

    # -- public -------------------------------------------------------------------------------
    @property
    def current_person(self) -> PersonInfo | None:
        return self._current

    @property
    def people(self) -> list[PersonInfo]:
        return list(self._people)

    def labels(self) -> list[str]:
        """What the chooser lists: "Nobody", then each active person."""
        return [translate("ui.who_picker", NOBODY), *(person_label(p) for p in self._people)]

    def shown_text(self) -> str:
        return self.name_label.text()

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

    def open_chooser(self) -> PersonChooser | None:
        """Open the list of people (the deliberate action that changes who is working)."""
        if not self.isEnabled() or self.chooser is not None or self.pin_dialog is not None:
            return None
        current_id = self._current.id if self._current is not None else None
        dialog = PersonChooser(self._people, current_id, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.finished.connect(self._on_chooser_finished)
        self.chooser = dialog
        dialog.open()
        dialog.filter_edit.setFocus()
        return dialog

    def choose(self, person_id: int | None) -> None:
        """Pick a person as if chosen in the list (asks the PIN when their role needs one)."""
        if person_id is not None and self._find(person_id) is None:
            raise LookupError(f"Person #{person_id} is not in the picker.")
        self._switch_to(person_id)

    def adopt(self, person: PersonInfo) -> None:
        """Make a person who has just proved who they are (first-run setup) the current one."""
        self._restore_pending = False
        self._set_current(person)

    def sign_out(self) -> None:
        """Nobody is working any more (the idle time ran out on a shared PC)."""
        if self.pin_dialog is not None:
            self.pin_dialog.close()
        if self._current is not None:
            self._set_current(None)

    # -- internals ----------------------------------------------------------------------------
    def _on_chooser_finished(self, result: int) -> None:
        dialog = self.sender()
        if not isinstance(dialog, PersonChooser):
            return
        if self.chooser is dialog:
            self.chooser = None
        if result == QDialog.DialogCode.Accepted:
            self._switch_to(dialog.chosen)

    def _switch_to(self, person_id: int | None) -> None:
        person = self._find(person_id) if person_id is not None else None
        if person is None:
            if self._current is not None:
                self._set_current(None)
            return
        if self._current is not None and person.id == self._current.id:
            return
        if person.role.needs_pin:
            self._ask_pin(person)
        else:
            self._set_current(person)

    def _populate(self, generation: int, people: list[PersonInfo]) -> None:
        if generation != self._generation:
            return
        self._people = list(people)
        if self._current is not None:
            fresh = self._find(self._current.id)
            if fresh is None:  # deactivated meanwhile
                self._set_current(None, remember=False)
            else:
                self._current = fresh
        self._show_current()
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
        # else: the previous person stays

    def _set_current(self, person: PersonInfo | None, *, remember: bool = True) -> None:
        self._current = person
        if remember:
            QSettings().setValue(SETTINGS_KEY, person.id if person is not None else "")
        self._show_current()
        self.personChanged.emit(person)

    def _show_current(self) -> None:
        person = self._current
        if person is None:
            self.name_label.setText(translate("ui.who_picker", PLACEHOLDER))
            icon_name = "mdi6.account-question-outline"
            self.change_button.setText(translate("ui.who_picker", "Choose…"))
        else:
            self.name_label.setText(person_label(person))
            icon_name = ("mdi6.account-lock-outline" if person.role.needs_pin
                         else "mdi6.account-outline")
            self.change_button.setText(translate("ui.who_picker", "Change…"))
        self.icon_label.setPixmap(resources.icon(icon_name).pixmap(QSize(18, 18)))

    def _find(self, person_id: object) -> PersonInfo | None:
        return next((p for p in self._people if p.id == person_id), None)
