"""The "Who is working" picker: staff switch at once, supervisors and admins pass a PIN."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt

from kaizen.services import Services
from kaizen.ui.who_picker import (
    NOBODY,
    PLACEHOLDER,
    SETTINGS_KEY,
    PinDialog,
    WhoPicker,
    person_label,
)
from ui.helpers import SUPERVISOR_PIN, Team, pick_person


def make_picker(qtbot, services: Services, *, restore_last: bool = False) -> WhoPicker:
    picker = WhoPicker(services, restore_last=restore_last)
    qtbot.addWidget(picker)
    picker.show()
    with qtbot.waitSignal(picker.peopleLoaded, timeout=20_000):
        picker.reload()
    return picker


def open_pin_dialog(qtbot, picker: WhoPicker, label: str) -> PinDialog:
    pick_person(qtbot, picker, label)
    qtbot.waitUntil(lambda: picker.pin_dialog is not None and picker.pin_dialog.isVisible())
    dialog = picker.pin_dialog
    assert dialog is not None
    return dialog


def submit_pin(qtbot, dialog: PinDialog, pin: str) -> None:
    dialog.pin_edit.clear()
    qtbot.keyClicks(dialog.pin_edit, pin)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_lists_active_people_by_name_and_role(qtbot, services: Services, team: Team) -> None:
    picker = make_picker(qtbot, services)
    assert picker.labels() == [
        NOBODY,
        "Alex Admin — Admin",
        "Bea Staff — Staff",
        "Carl Staff — Staff",
        "Sam Supervisor — Supervisor",
    ]
    assert picker.current_person is None
    assert picker.shown_text() == PLACEHOLDER
    qtbot.mouseClick(picker.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: picker.chooser is not None and picker.chooser.isVisible())
    assert picker.chooser.labels() == picker.labels()
    picker.chooser.reject()


def test_staff_switch_without_a_pin(qtbot, services: Services, team: Team) -> None:
    picker = make_picker(qtbot, services)
    with qtbot.waitSignal(picker.personChanged, timeout=20_000) as blocker:
        pick_person(qtbot, picker, person_label(team.staff))
    assert blocker.args[0].id == team.staff.id
    assert picker.current_person.id == team.staff.id
    assert picker.pin_dialog is None
    assert int(QSettings().value(SETTINGS_KEY)) == team.staff.id


def test_wrong_supervisor_pin_is_refused_with_the_services_message(
    qtbot, services: Services, team: Team
) -> None:
    picker = make_picker(qtbot, services)
    pick_person(qtbot, picker, person_label(team.staff))
    changes: list[object] = []
    picker.personChanged.connect(changes.append)

    dialog = open_pin_dialog(qtbot, picker, person_label(team.supervisor))
    assert dialog.pin_edit.echoMode() == dialog.pin_edit.EchoMode.Password
    submit_pin(qtbot, dialog, "0000")
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=20_000)
    assert dialog.error_label.text().startswith("Wrong PIN.")
    assert "Sam Supervisor" in dialog.error_label.text()
    assert dialog.isVisible()
    assert picker.current_person.id == team.staff.id
    assert changes == []

    # Giving up keeps the previous person, in the toolbar too.
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: picker.pin_dialog is None)
    assert picker.current_person.id == team.staff.id
    assert picker.shown_text() == person_label(team.staff)
    assert changes == []


def test_right_supervisor_pin_switches(qtbot, services: Services, team: Team) -> None:
    picker = make_picker(qtbot, services)
    dialog = open_pin_dialog(qtbot, picker, person_label(team.supervisor))
    submit_pin(qtbot, dialog, "1111")
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=20_000)
    with qtbot.waitSignal(picker.personChanged, timeout=20_000) as blocker:
        submit_pin(qtbot, dialog, SUPERVISOR_PIN)
    assert blocker.args[0].id == team.supervisor.id
    assert picker.current_person.id == team.supervisor.id
    assert picker.shown_text() == person_label(team.supervisor)
    qtbot.waitUntil(lambda: picker.pin_dialog is None)


def test_pin_field_takes_digits_only_and_confirm_waits_for_input(
    qtbot, services: Services, team: Team
) -> None:
    picker = make_picker(qtbot, services)
    dialog = open_pin_dialog(qtbot, picker, person_label(team.admin))
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.pin_edit, "12ab3-4")
    assert dialog.pin_edit.text() == "1234"
    assert dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: picker.pin_dialog is None)
    assert picker.current_person is None
    assert picker.shown_text() == PLACEHOLDER


def test_lockout_message_is_shown(qtbot, services: Services, team: Team) -> None:
    picker = make_picker(qtbot, services)
    dialog = open_pin_dialog(qtbot, picker, person_label(team.supervisor))
    for attempt in range(5):
        submit_pin(qtbot, dialog, "9999")
        qtbot.waitUntil(lambda: not dialog.checking and dialog.error_label.isVisible(),
                        timeout=20_000)
        if attempt < 4:
            dialog.error_label.setVisible(False)
    assert "locked out" in dialog.error_label.text()
    submit_pin(qtbot, dialog, SUPERVISOR_PIN)  # even the right PIN waits for the lock
    qtbot.waitUntil(lambda: not dialog.checking, timeout=20_000)
    assert "Too many wrong PINs" in dialog.error_label.text()
    assert picker.current_person is None


def test_remembers_staff_on_this_machine(qtbot, services: Services, team: Team) -> None:
    first = make_picker(qtbot, services)
    pick_person(qtbot, first, person_label(team.other_staff))
    again = make_picker(qtbot, services, restore_last=True)
    qtbot.waitUntil(lambda: again.current_person is not None)
    assert again.current_person.id == team.other_staff.id
    assert again.pin_dialog is None


def test_remembered_supervisor_is_asked_for_the_pin_again(
    qtbot, services: Services, team: Team
) -> None:
    first = make_picker(qtbot, services)
    dialog = open_pin_dialog(qtbot, first, person_label(team.supervisor))
    submit_pin(qtbot, dialog, SUPERVISOR_PIN)
    qtbot.waitUntil(lambda: first.current_person is not None, timeout=20_000)

    again = make_picker(qtbot, services, restore_last=True)
    qtbot.waitUntil(lambda: again.pin_dialog is not None and again.pin_dialog.isVisible())
    assert again.current_person is None
    assert again.pin_dialog.person.id == team.supervisor.id
    with qtbot.waitSignal(again.personChanged, timeout=20_000):
        submit_pin(qtbot, again.pin_dialog, SUPERVISOR_PIN)
    assert again.current_person.id == team.supervisor.id


def test_choosing_nobody_clears_the_person(qtbot, services: Services, team: Team) -> None:
    picker = make_picker(qtbot, services)
    pick_person(qtbot, picker, person_label(team.staff))
    with qtbot.waitSignal(picker.personChanged, timeout=20_000) as blocker:
        pick_person(qtbot, picker, NOBODY)
    assert blocker.args == [None]
    assert picker.current_person is None


def test_a_deactivated_current_person_is_dropped_on_reload(
    qtbot, services: Services, team: Team
) -> None:
    picker = make_picker(qtbot, services)
    pick_person(qtbot, picker, person_label(team.other_staff))
    services.people.set_active(team.admin.id, team.other_staff.id, False)
    with qtbot.waitSignal(picker.personChanged, timeout=20_000) as blocker:
        picker.reload()
    assert blocker.args == [None]
    assert person_label(team.other_staff) not in picker.labels()
