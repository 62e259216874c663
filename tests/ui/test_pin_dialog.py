"""The PIN dialog checks through the one save mechanism (issue 15; kaizen/ui/form_op.py): busy
while checking, every refusal on the line right under the PIN field, the PIN kept and Retry
offered when the database server is away, an unexpected error logged and said in words, and
Ctrl+Enter confirming as in every form. Real widgets, clicked; the PIN dialog of the main
window's picker is the kiosk's too."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from kaizen.services import Services
from kaizen.services.people import PersonInfo
from kaizen.ui.who_picker import SETTINGS_KEY, PinDialog, WhoPicker, person_label
from kaizen.ui.widgets.form import retry_message
from ui.helpers import SUPERVISOR_PIN, FlakyServer, Team, pick_person


def shown_dialog(qtbot, person: PersonInfo, authenticate) -> PinDialog:
    dialog = PinDialog(person, authenticate)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_and_confirm(qtbot, dialog: PinDialog, pin: str) -> None:
    dialog.pin_edit.clear()
    qtbot.keyClicks(dialog.pin_edit, pin)
    with qtbot.waitSignal(dialog.saver.finished, timeout=20_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_a_wrong_pin_is_said_next_to_the_field_and_changes_nobody(qtbot, services: Services,
                                                                  team: Team) -> None:
    picker = WhoPicker(services, restore_last=False)
    qtbot.addWidget(picker)
    picker.show()
    with qtbot.waitSignal(picker.peopleLoaded, timeout=20_000):
        picker.reload()
    with qtbot.waitSignal(picker.personChanged, timeout=20_000):
        pick_person(qtbot, picker, person_label(team.staff))
    pick_person(qtbot, picker, person_label(team.supervisor))
    qtbot.waitUntil(lambda: picker.pin_dialog is not None and picker.pin_dialog.isVisible())
    dialog = picker.pin_dialog
    changes: list[object] = []
    picker.personChanged.connect(changes.append)
    busy: list[bool] = []
    dialog.saver.busyChanged.connect(busy.append)

    type_and_confirm(qtbot, dialog, "0000")
    assert busy == [True, False]  # "Checking…" while the worker asks, then typed again
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text().startswith("Wrong PIN.")
    # Next to the field: the line right under it, the same width, nothing between them.
    field, line = dialog.pin_edit.geometry(), dialog.error_label.geometry()
    assert field.bottom() < line.top() <= field.bottom() + 24
    assert (line.left(), line.width()) == (field.left(), field.width())
    # The PIN is typed again; nobody changed, in the toolbar or on this machine.
    assert dialog.pin_edit.text() == "" and dialog.pin_edit.isEnabled()
    assert dialog.ok_button.text() == "Confirm"
    assert dialog.isVisible() and dialog.authenticated is None
    assert changes == [] and picker.current_person.id == team.staff.id
    assert int(QSettings().value(SETTINGS_KEY)) == team.staff.id
    # Typing the PIN again takes the old message away.
    qtbot.keyClicks(dialog.pin_edit, "1")
    assert not dialog.error_label.isVisible()
    dialog.reject()


def test_the_server_away_keeps_the_pin_and_retry_signs_in(qtbot, services: Services,
                                                          team: Team) -> None:
    server = FlakyServer(services.people.authenticate)
    dialog = shown_dialog(qtbot, team.supervisor, server)
    type_and_confirm(qtbot, dialog, SUPERVISOR_PIN)
    assert dialog.error_label.text() == retry_message()
    retry = dialog.error_label.action_button
    assert retry is not None and retry.isVisible() and retry.text() == "Retry"
    assert dialog.pin_edit.text() == SUPERVISOR_PIN  # kept for the Retry
    assert dialog.authenticated is None and dialog.isVisible()

    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    assert server.calls == 2
    assert dialog.authenticated is not None and dialog.authenticated.id == team.supervisor.id


def test_an_unexpected_error_is_logged_and_said(qtbot, services: Services, team: Team,
                                                caplog) -> None:
    server = FlakyServer(services.people.authenticate, error=RuntimeError("socket closed"))
    dialog = shown_dialog(qtbot, team.supervisor, server)
    with caplog.at_level(logging.ERROR, logger="kaizen.ui.form_op"):
        type_and_confirm(qtbot, dialog, SUPERVISOR_PIN)
    assert dialog.error_label.text() == "The PIN could not be checked: socket closed"
    [record] = [r for r in caplog.records if r.name == "kaizen.ui.form_op"]
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError
    assert dialog.authenticated is None and dialog.pin_edit.text() == ""


def test_ctrl_enter_confirms_as_in_every_form(qtbot, services: Services, team: Team) -> None:
    dialog = shown_dialog(qtbot, team.supervisor, services.people.authenticate)
    dialog.activateWindow()  # a shortcut goes to the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClicks(dialog.pin_edit, SUPERVISOR_PIN)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.authenticated is not None and dialog.authenticated.id == team.supervisor.id


def test_the_retry_button_fits_its_words_in_german(qtbot, services: Services,
                                                   team: Team) -> None:
    """The longest Retry ("Erneut versuchen") is sized with the style sheet applied: it was
    sized before the message line restyled it, and cut on both sides."""
    from kaizen.i18n import using
    from kaizen.ui.app import ensure_application

    ensure_application()  # the app's style sheet, as run_gui has it (sizes depend on it)
    with using("de"):
        dialog = shown_dialog(qtbot, team.supervisor, FlakyServer(services.people.authenticate))
        type_and_confirm(qtbot, dialog, SUPERVISOR_PIN)
        retry = dialog.error_label.action_button
        assert retry is not None and retry.text() == "Erneut versuchen"
        assert retry.width() >= retry.sizeHint().width()
        assert dialog.error_label.rect().contains(retry.geometry())
