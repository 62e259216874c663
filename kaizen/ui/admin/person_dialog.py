"""Add or edit a person (name, role, home area, badge number, PIN, active), and set someone's PIN.

:class:`PersonDialog` adds a person with ``create_person`` or edits one with ``update_person``
(with the version it was opened on, so a change made meanwhile by someone else is refused, not
overwritten). Supervisors and admins need a PIN: typed twice, digits only, masked; on edit an
empty PIN keeps the current one. The two PIN fields must match before anything is sent; every
other rule (name required, PIN length, last admin, deactivating yourself) is the service's, shown
under the field it names or on the form-wide line. The badge number (what the kiosk finds a
person by) is saved in the same service call; a bad or taken one is refused under its field.

Changing "Active" in the same save is a second service call; :func:`edit_person` orders the calls
so a refusal leaves nothing half-saved (see there). :class:`SetPinDialog` only sets a PIN.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from kaizen.domain.enums import Role
from kaizen.domain.errors import Conflict, KaizenError, ValidationError
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui.admin.dialog import AdminDialog, Job, hint_label
from kaizen.ui.widgets.choices import AreaCombo
from kaizen.ui.widgets.dialog_parts import with_hint

if TYPE_CHECKING:
    from kaizen.services.people import AreaInfo, PeopleService, PersonInfo

MAX_PIN_DIGITS = 12
# Marked here, translated where shown (the language is set after imports).
PINS_DIFFER = QT_TRANSLATE_NOOP("ui.admin.person_dialog",
                                "The two PINs differ; type the same PIN in both fields.")
MAX_BADGE_CHARACTERS = 32  # kaizen.services.kiosk.MAX_BADGE; the service checks it


def pin_hint() -> str:
    """The PIN rule shown under the PIN fields, in the app's language."""
    return translate("ui.admin.person_dialog", "4 to 12 digits. Kaizen keeps only a salted hash "
                     "of it, never the PIN itself.")


def pin_edit(placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(MAX_PIN_DIGITS)
    edit.setValidator(QRegularExpressionValidator(
        QRegularExpression(rf"\d{{0,{MAX_PIN_DIGITS}}}"), edit
    ))
    edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly
                             | Qt.InputMethodHint.ImhSensitiveData)
    edit.setPlaceholderText(placeholder)
    edit.setFixedWidth(240)
    return edit


def check_pins_match(pin: str, confirm: str) -> None:
    if (pin or confirm) and pin != confirm:
        raise ValidationError(translate(  # i18n: no (the field's key below)
            "ui.admin.person_dialog", "The two PINs differ; type the same PIN in both fields."),
            "pin_confirm")  # i18n: no (the field's key)


def edit_person(people: PeopleService, actor_id: int, person: PersonInfo, *, name: str,
                role: Role, home_area_id: int | None, pin: str | None, active: bool,
                badge_number: str | None = None) -> PersonInfo:
    """Save an edit, including a change of "Active", so that a refusal leaves nothing changed.

    The service changes the details and the active flag in two calls. Bringing someone back
    cannot be refused once the edit passed, so the edit goes first. Deactivating can be refused
    (yourself, the last admin), so it goes first, after checking nobody changed the person since
    the dialog opened; if the edit is then refused, the person is made active again.
    """
    if active == person.active:
        return people.update_person(actor_id, person.id, name=name, role=role,
                                    home_area_id=home_area_id, pin=pin,
                                    expected_version=person.version, badge_number=badge_number)
    if active:
        people.update_person(actor_id, person.id, name=name, role=role,
                             home_area_id=home_area_id, pin=pin,
                             expected_version=person.version, badge_number=badge_number)
        return people.set_active(actor_id, person.id, True)
    current = people.get_person(person.id)
    if current.version != person.version:
        raise Conflict(translate(
            "ui.admin.person_dialog",
            "Someone else changed {name} while you were editing (your copy is version "
            "{yours}, the saved one is version {saved}). Close this dialog, and edit again.",
        ).format(name=person.name, yours=person.version, saved=current.version))
    deactivated = people.set_active(actor_id, person.id, False)
    try:
        return people.update_person(actor_id, person.id, name=name, role=role,
                                    home_area_id=home_area_id, pin=pin,
                                    expected_version=deactivated.version,
                                    badge_number=badge_number)
    except KaizenError:
        people.set_active(actor_id, person.id, True)
        raise


def home_area_choices(areas: Sequence[AreaInfo], current_id: int | None) -> list[AreaInfo]:
    """Active areas, plus the person's current home area if it was retired since (marked)."""
    choices = []
    for area in areas:
        if area.active:
            choices.append(area)
        elif area.id == current_id:
            choices.append(dataclasses.replace(area, name=translate(
                "ui.admin.person_dialog", "{name} (retired)").format(name=area.name)))
    return choices


class PersonDialog(AdminDialog):
    """Add a person (``person`` None) or edit one; ``saved(PersonInfo)`` after the service."""

    def __init__(self, people: PeopleService, actor_id: int, areas: Sequence[AreaInfo],
                 person: PersonInfo | None = None, parent: QWidget | None = None) -> None:
        editing = person is not None
        if person is not None:
            super().__init__(
                title=translate("ui.admin.person_dialog", "Edit person"), heading=person.name,
                text=translate("ui.admin.person_dialog",
                               "Change the name, role or home area. Leave the PIN empty to keep "
                               "it."),
                icon_name="mdi6.account-edit-outline", parent=parent,
            )
        else:
            super().__init__(
                title=translate("ui.admin.person_dialog", "Add person"),
                heading=translate("ui.admin.person_dialog", "Add a person"),
                text=translate("ui.admin.person_dialog",
                               "Staff pick themselves as who is working; supervisors and admins "
                               "confirm with a PIN."),
                icon_name="mdi6.account-plus-outline",
                save_text=translate("ui.admin.person_dialog", "Add person"), parent=parent,
            )
        self.setObjectName("PersonDialog")
        self._people = people
        self._actor_id = actor_id
        self.person = person

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(translate("ui.admin.person_dialog",
                                                    "First and last name"))
        self.role_combo = QComboBox()
        for role in Role:
            self.role_combo.addItem(role.label, role)
        self.area_combo = AreaCombo(none_label=translate("ui.admin.person_dialog",
                                                         "No home area"))
        self.area_combo.set_areas(home_area_choices(
            areas, person.home_area_id if person is not None else None
        ))
        self.badge_edit = QLineEdit()
        self.badge_edit.setObjectName("BadgeNumberEdit")
        self.badge_edit.setMaxLength(MAX_BADGE_CHARACTERS)
        self.badge_edit.setPlaceholderText(translate("ui.admin.person_dialog", "e.g. 10482"))
        self.badge_edit.setFixedWidth(240)
        self.pin_edit = pin_edit(translate("ui.admin.person_dialog", "PIN"))
        self.confirm_edit = pin_edit(translate("ui.admin.person_dialog", "Same PIN again"))
        self.active_check = QCheckBox(translate("ui.admin.person_dialog",
                                                "Active: can be picked as who is working"))

        self.form.add_field(  # i18n: no (the first text is the field's key)
            "name", translate("ui.admin.person_dialog", "Name"), self.name_edit)
        self.form.add_field(  # i18n: no (the first text is the field's key)
            "role", translate("ui.admin.person_dialog", "Role"), self.role_combo)
        self.form.add_field(  # i18n: no (the first text is the field's key)
            "home_area_id", translate("ui.admin.person_dialog", "Home area"), self.area_combo)
        self.badge_hint = hint_label(translate(
            "ui.admin.person_dialog",
            "Optional: the number on their badge, for the kiosk. Empty: none."))
        self.form.add_field(  # i18n: no (the first text is the field's key)
            "badge_number", translate("ui.admin.person_dialog", "Badge number"),
            with_hint(self.badge_edit, self.badge_hint))
        self.form.add_field(  # i18n: no (the first text is the field's key)
            "pin", translate("ui.admin.person_dialog", "PIN"), self.pin_edit)
        self.pin_hint = hint_label(pin_hint())
        self.form.add_field(  # i18n: no (the first text is the field's key)
            "pin_confirm", translate("ui.admin.person_dialog", "Confirm PIN"),
            with_hint(self.confirm_edit, self.pin_hint))
        if editing:
            self.form.add_field(  # i18n: no (the first text is the field's key)
                "active", translate("ui.admin.person_dialog", "Status"), self.active_check)
        else:
            self.active_check.hide()

        if person is not None:
            self.name_edit.setText(person.name)
            self.badge_edit.setText(person.badge_number or "")
            self.role_combo.setCurrentIndex(self.role_combo.findData(person.role))
            self.area_combo.set_selected_id(person.home_area_id)
            self.active_check.setChecked(person.active)
        else:
            self.active_check.setChecked(True)
        self.role_combo.currentIndexChanged.connect(self._update_pin_prompt)
        self._update_pin_prompt()
        self.finish()
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    @property
    def role(self) -> Role:
        return Role(self.role_combo.currentData())

    def _update_pin_prompt(self) -> None:
        has_pin = self.person is not None and self.person.has_pin
        if has_pin:
            prompt = translate("ui.admin.person_dialog", "Empty: keep the current PIN")
        elif self.role is Role.ADMIN:  # whole sentences: the role's article differs by language
            prompt = translate("ui.admin.person_dialog", "Required for an admin")
        elif self.role.needs_pin:
            prompt = translate("ui.admin.person_dialog", "Required for a supervisor")
        else:
            prompt = translate("ui.admin.person_dialog", "Optional for staff")
        self.pin_edit.setPlaceholderText(prompt)
        self.confirm_edit.setPlaceholderText(translate("ui.admin.person_dialog",
                                                       "Same PIN again"))

    def collect(self) -> Job:
        pin = self.pin_edit.text()
        check_pins_match(pin, self.confirm_edit.text())
        people, actor_id = self._people, self._actor_id
        name = self.name_edit.text()
        role = self.role
        area_id = self.area_combo.area_id()
        badge = self.badge_edit.text().strip() or None  # the service checks and refuses it
        if self.person is None:
            return lambda: people.create_person(actor_id, name=name, role=role,
                                                home_area_id=area_id, pin=pin or None,
                                                badge_number=badge)
        person, active = self.person, self.active_check.isChecked()
        return lambda: edit_person(people, actor_id, person, name=name, role=role,
                                   home_area_id=area_id, pin=pin or None, active=active,
                                   badge_number=badge)


class SetPinDialog(AdminDialog):
    """Set (or replace) one person's PIN; ``saved(PersonInfo)`` after the service."""

    def __init__(self, people: PeopleService, actor_id: int, person: PersonInfo,
                 parent: QWidget | None = None) -> None:
        # Two whole sentences, never a half glued into the other.
        text = (translate("ui.admin.person_dialog", "The new PIN replaces their current PIN; "
                          "they use it to confirm who is working.") if person.has_pin
                else translate("ui.admin.person_dialog", "The new PIN is their first PIN; they "
                               "use it to confirm who is working."))
        super().__init__(
            title=translate("ui.admin.person_dialog", "Set PIN"),
            heading=translate("ui.admin.person_dialog", "Set a PIN for {name}")
            .format(name=person.name),
            text=text, icon_name="mdi6.form-textbox-password",
            save_text=translate("ui.admin.person_dialog", "Set PIN"), parent=parent,
        )
        self.setObjectName("SetPinDialog")
        self._people = people
        self._actor_id = actor_id
        self.person = person
        self.pin_edit = pin_edit(translate("ui.admin.person_dialog", "New PIN"))
        self.confirm_edit = pin_edit(translate("ui.admin.person_dialog", "Same PIN again"))
        self.form.add_field(  # i18n: no (the first text is the field's key)
            "pin", translate("ui.admin.person_dialog", "New PIN"), self.pin_edit)
        self.form.add_field(  # i18n: no (the first text is the field's key)
            "pin_confirm", translate("ui.admin.person_dialog", "Confirm PIN"),
            with_hint(self.confirm_edit, hint_label(pin_hint())))
        self.finish()
        self.pin_edit.setFocus()

    def collect(self) -> Job:
        pin = self.pin_edit.text()
        check_pins_match(pin, self.confirm_edit.text())
        people, actor_id, person_id = self._people, self._actor_id, self.person.id
        return lambda: people.set_pin(actor_id, person_id, pin)
