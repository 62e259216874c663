"""People & areas, People tab: an admin adds, edits, deactivates people and sets PINs through the
real dialogs over the real SQLite file; refusals land under the right field or on the form-wide
line and nothing is saved; anyone else sees disabled buttons and the service still refuses."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView
from sqlalchemy import select

from kaizen.db.engine import Database
from kaizen.db.models import Person
from kaizen.domain.enums import Role
from kaizen.domain.errors import Unavailable
from kaizen.domain.pins import verify_pin
from kaizen.services import Services
from kaizen.ui.admin import ONLY_ADMINS, PICK_PERSON_FIRST
from kaizen.ui.admin.person_dialog import PINS_DIFFER, PersonDialog, SetPinDialog
from kaizen.ui.models.people_table import COL_AREA, COL_NAME, COL_PIN, COL_ROLE
from kaizen.ui.views.people_areas import PeopleAreasView
from kaizen.ui.widgets.form import RETRY_MESSAGE
from ui.helpers import Team, click_combo_item

ASSEMBLY = "Assembly"  # the area combo indents only its drop-down list


@pytest.fixture
def page(qtbot, services: Services, team: Team) -> PeopleAreasView:
    view = PeopleAreasView(services)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    qtbot.waitExposed(view)
    view.set_person(team.admin)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.refresh()
    return view


def table_names(table: QTableView) -> list[str]:
    model = table.model()
    return [model.index(r, COL_NAME).data() for r in range(model.rowCount())]


def row_of(page: PeopleAreasView, name: str) -> int:
    names = table_names(page.table)
    assert name in names, names
    return names.index(name)


def cell(page: PeopleAreasView, name: str, column: int) -> str:
    return page.table.model().index(row_of(page, name), column).data()


def click_row(qtbot, page: PeopleAreasView, name: str, *, double: bool = False) -> None:
    index = page.table.model().index(row_of(page, name), COL_NAME)
    rect = page.table.visualRect(index)
    click = qtbot.mouseDClick if double else qtbot.mouseClick
    if double:
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    click(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def stored(db: Database, name: str) -> Person | None:
    with db.read() as s:
        person = s.scalar(select(Person).where(Person.name == name))
        if person is not None:
            s.expunge(person)
        return person


def count_people(db: Database) -> int:
    with db.read() as s:
        return len(list(s.scalars(select(Person.id))))


def save_and_wait_for_reload(qtbot, page: PeopleAreasView, dialog) -> None:
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def save_and_wait_for_refusal(qtbot, dialog, field: str | None) -> str:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    if field is None:
        qtbot.waitUntil(lambda: not dialog.busy and dialog.form.general_error.isVisible(),
                        timeout=20_000)
        return dialog.form.general_error.text()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.form.error_text(field) != "",
                    timeout=20_000)
    return dialog.form.error_text(field)


def open_add_dialog(qtbot, page: PeopleAreasView) -> PersonDialog:
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = page.dialog
    assert isinstance(dialog, PersonDialog)
    qtbot.waitExposed(dialog)
    return dialog


# -- adding --------------------------------------------------------------------------------------


def test_admin_adds_a_supervisor_with_a_pin(qtbot, page: PeopleAreasView, db: Database) -> None:
    dialog = open_add_dialog(qtbot, page)
    assert dialog.windowTitle() == "Add person"
    assert not dialog.active_check.isVisibleTo(dialog)  # new people start active
    assert dialog.pin_edit.echoMode() == dialog.pin_edit.EchoMode.Password
    qtbot.keyClicks(dialog.name_edit, "Pat Planner")
    click_combo_item(qtbot, dialog.role_combo, "Supervisor")
    assert dialog.pin_edit.placeholderText() == "Required for a supervisor"
    click_combo_item(qtbot, dialog.area_combo, ASSEMBLY)
    qtbot.keyClicks(dialog.pin_edit, "56x78")  # digits only: the x is not taken
    assert dialog.pin_edit.text() == "5678"
    qtbot.keyClicks(dialog.confirm_edit, "5678")
    with qtbot.waitSignal(page.loaded, timeout=20_000), \
            qtbot.waitSignal(page.peopleChanged, timeout=20_000):
        qtbot.keyClick(dialog.confirm_edit, Qt.Key.Key_Return)  # Enter saves

    person = stored(db, "Pat Planner")
    assert person is not None
    assert person.role is Role.SUPERVISOR
    assert person.active
    assert person.pin_hash is not None and person.pin_hash.startswith("scrypt$")
    assert "5678" not in person.pin_hash
    assert verify_pin("5678", person.pin_hash)
    # The new person is in the table, selected, with role, area and PIN shown.
    assert page.selected_person_id() == person.id
    assert cell(page, "Pat Planner", COL_ROLE) == "Supervisor"
    assert cell(page, "Pat Planner", COL_AREA) == "Assembly"
    assert cell(page, "Pat Planner", COL_PIN) == "Set"
    assert page.summary_label.text() == "6 people, 1 inactive"
    assert page.message_bar.text == "Saved Pat Planner."


def test_staff_needs_no_pin(qtbot, page: PeopleAreasView, db: Database) -> None:
    qtbot.mouseClick(page.add_person_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, PersonDialog)
    assert dialog.pin_edit.placeholderText() == "Optional for staff"
    qtbot.keyClicks(dialog.name_edit, "Nia New")
    save_and_wait_for_reload(qtbot, page, dialog)
    person = stored(db, "Nia New")
    assert person is not None and person.role is Role.STAFF and person.pin_hash is None


@pytest.mark.parametrize(
    ("pin", "confirm", "field", "message"),
    [
        ("12", "12", "pin", "A PIN has 4 to 12 digits."),
        ("", "", "pin", "Enter a PIN."),
        ("1234", "1243", "pin_confirm", PINS_DIFFER),
    ],
)
def test_a_refused_pin_shows_under_its_field_and_nothing_is_saved(
        qtbot, page: PeopleAreasView, db: Database, pin: str, confirm: str, field: str,
        message: str) -> None:
    before = count_people(db)
    dialog = open_add_dialog(qtbot, page)
    qtbot.keyClicks(dialog.name_edit, "Pat Planner")
    click_combo_item(qtbot, dialog.role_combo, "Admin")
    qtbot.keyClicks(dialog.pin_edit, pin)
    qtbot.keyClicks(dialog.confirm_edit, confirm)
    assert save_and_wait_for_refusal(qtbot, dialog, field) == message
    assert dialog.isVisible()
    assert dialog.name_edit.text() == "Pat Planner"  # what was typed stays
    assert dialog.pin_edit.text() == pin
    assert count_people(db) == before
    assert stored(db, "Pat Planner") is None


def test_an_empty_name_is_refused_under_name(qtbot, page: PeopleAreasView, db: Database) -> None:
    before = count_people(db)
    dialog = open_add_dialog(qtbot, page)
    qtbot.keyClicks(dialog.name_edit, "   ")
    assert save_and_wait_for_refusal(qtbot, dialog, "name") == "Name is required."
    assert count_people(db) == before


def test_escape_cancels_without_saving(qtbot, page: PeopleAreasView, db: Database) -> None:
    before = count_people(db)
    dialog = open_add_dialog(qtbot, page)
    qtbot.keyClicks(dialog.name_edit, "Never Saved")
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    assert page.dialog is None
    assert count_people(db) == before


# -- badge numbers (issue 22: the kiosk finds a person by the number on their badge) --------------


def test_admin_gives_a_new_person_a_badge_and_changes_it_later(
        qtbot, page: PeopleAreasView, services: Services, db: Database) -> None:
    dialog = open_add_dialog(qtbot, page)
    _error, field = dialog.form.field("badge_number")
    assert dialog.form.labelForField(field.parentWidget()).text() == "Badge number"
    qtbot.keyClicks(dialog.name_edit, "Bea Badge")
    qtbot.keyClicks(dialog.badge_edit, " B-1042 ")  # a scanner's spaces are dropped
    save_and_wait_for_reload(qtbot, page, dialog)
    bea = stored(db, "Bea Badge")
    assert bea is not None and bea.badge_number == "B-1042"
    assert services.kiosk.person_by_badge("B-1042").id == bea.id  # the kiosk finds her

    click_row(qtbot, page, "Bea Badge", double=True)
    dialog = page.dialog
    assert isinstance(dialog, PersonDialog)
    assert dialog.badge_edit.text() == "B-1042"
    dialog.badge_edit.clear()
    qtbot.keyClicks(dialog.badge_edit, "B-2001")
    save_and_wait_for_reload(qtbot, page, dialog)
    assert stored(db, "Bea Badge").badge_number == "B-2001"

    click_row(qtbot, page, "Bea Badge", double=True)
    dialog = page.dialog
    dialog.badge_edit.clear()  # empty: no badge any more
    save_and_wait_for_reload(qtbot, page, dialog)
    assert stored(db, "Bea Badge").badge_number is None


@pytest.mark.parametrize(
    ("badge", "message"),
    [
        # kaizen/services/kiosk.py clean_badge: letters, digits and . _ / - only, at most 32.
        ("12 34", "A badge number is letters and digits, at most 32 characters."),
        ("#4711", "A badge number is letters and digits, at most 32 characters."),
        ("777", "The badge 777 already belongs to Carl Staff."),
    ],
    ids=["space", "sign", "taken"],
)
def test_a_refused_badge_shows_under_its_field_and_nothing_is_saved(
        qtbot, page: PeopleAreasView, services: Services, team: Team, db: Database,
        badge: str, message: str) -> None:
    services.kiosk.set_badge_number(team.admin.id, team.other_staff.id, "777")  # Carl Staff
    before = count_people(db)
    dialog = open_add_dialog(qtbot, page)
    qtbot.keyClicks(dialog.name_edit, "Pat Planner")
    qtbot.keyClicks(dialog.badge_edit, badge)
    assert save_and_wait_for_refusal(qtbot, dialog, "badge_number") == message
    assert dialog.isVisible() and dialog.badge_edit.text() == badge  # what was typed stays
    assert count_people(db) == before
    assert stored(db, "Carl Staff").badge_number == "777"

    # Editing someone else onto a taken badge is refused the same way, and changes nothing.
    dialog.reject()
    click_row(qtbot, page, "Sam Supervisor", double=True)
    dialog = page.dialog
    assert isinstance(dialog, PersonDialog)
    qtbot.keyClicks(dialog.badge_edit, "777")
    assert save_and_wait_for_refusal(qtbot, dialog, "badge_number") == (
        "The badge 777 already belongs to Carl Staff.")
    assert stored(db, "Sam Supervisor").badge_number is None


# -- editing -------------------------------------------------------------------------------------


def test_admin_edits_role_and_home_area(qtbot, page: PeopleAreasView, team: Team,
                                        db: Database) -> None:
    click_row(qtbot, page, "Carl Staff", double=True)  # double-click edits
    dialog = page.dialog
    assert isinstance(dialog, PersonDialog)
    assert dialog.windowTitle() == "Edit person"
    assert dialog.name_edit.text() == "Carl Staff"
    click_combo_item(qtbot, dialog.role_combo, "Supervisor")
    click_combo_item(qtbot, dialog.area_combo, ASSEMBLY)
    # Carl has no PIN yet, and a supervisor needs one: the service says so under PIN.
    assert save_and_wait_for_refusal(qtbot, dialog, "pin") == (
        "A supervisor signs in with a PIN; set one for Carl Staff first."
    )
    assert stored(db, "Carl Staff").role is Role.STAFF
    qtbot.keyClicks(dialog.pin_edit, "8642")
    qtbot.keyClicks(dialog.confirm_edit, "8642")
    save_and_wait_for_reload(qtbot, page, dialog)

    carl = stored(db, "Carl Staff")
    assert carl.role is Role.SUPERVISOR
    assert carl.home_area_id == team.supervisor.home_area_id
    assert verify_pin("8642", carl.pin_hash)
    assert page.selected_person_id() == carl.id  # the selection stays on Carl
    assert cell(page, "Carl Staff", COL_ROLE) == "Supervisor"
    assert cell(page, "Carl Staff", COL_AREA) == "Assembly"


def test_enter_on_a_row_edits_and_an_empty_pin_keeps_the_current_one(
        qtbot, page: PeopleAreasView, db: Database) -> None:
    click_row(qtbot, page, "Sam Supervisor")
    old_hash = stored(db, "Sam Supervisor").pin_hash
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, PersonDialog)
    assert dialog.pin_edit.placeholderText() == "Empty: keep the current PIN"
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Sam Shift-Lead")
    save_and_wait_for_reload(qtbot, page, dialog)
    sam = stored(db, "Sam Shift-Lead")
    assert sam is not None and sam.pin_hash == old_hash
    assert page.selected_person().name == "Sam Shift-Lead"


def test_an_edit_made_meanwhile_by_someone_else_is_not_overwritten(
        qtbot, page: PeopleAreasView, services: Services, team: Team, db: Database) -> None:
    click_row(qtbot, page, "Bea Staff")
    qtbot.mouseClick(page.edit_person_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    services.people.update_person(team.admin.id, team.staff.id, name="Bea Elsewhere",
                                  role=Role.STAFF, home_area_id=None)
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Bea Mine")
    assert "Someone else changed Bea Elsewhere" in save_and_wait_for_refusal(qtbot, dialog, None)
    assert stored(db, "Bea Elsewhere") is not None
    assert stored(db, "Bea Mine") is None


def test_demoting_the_last_admin_is_refused_on_the_form(qtbot, page: PeopleAreasView,
                                                        db: Database) -> None:
    click_row(qtbot, page, "Alex Admin", double=True)
    dialog = page.dialog
    click_combo_item(qtbot, dialog.role_combo, "Staff")
    assert save_and_wait_for_refusal(qtbot, dialog, None) == (
        "Alex Admin is the last active admin; make someone else an admin first."
    )
    assert stored(db, "Alex Admin").role is Role.ADMIN


# -- activating ----------------------------------------------------------------------------------


def test_admin_deactivates_and_reactivates_someone(qtbot, page: PeopleAreasView,
                                                    db: Database) -> None:
    click_row(qtbot, page, "Bea Staff")
    assert page.active_button.text() == "Deactivate"
    with qtbot.waitSignal(page.loaded, timeout=20_000), \
            qtbot.waitSignal(page.peopleChanged, timeout=20_000):
        qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    assert not stored(db, "Bea Staff").active
    assert page.selected_person().name == "Bea Staff"
    assert page.active_button.text() == "Reactivate"
    assert "Bea Staff is deactivated" in page.message_bar.text
    assert page.summary_label.text() == "5 people, 2 inactive"

    with qtbot.waitSignal(page.loaded, timeout=20_000):
        qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    assert stored(db, "Bea Staff").active
    assert page.active_button.text() == "Deactivate"


def test_admin_cannot_deactivate_themself(qtbot, page: PeopleAreasView, db: Database) -> None:
    click_row(qtbot, page, "Alex Admin")
    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message_bar.isVisible() and page.message_bar.kind == "error",
                    timeout=20_000)
    assert page.message_bar.text == "You cannot deactivate yourself; ask another admin."
    # A rule said no: trying the same again would not help, so no Retry (nor Reload).
    assert page.message_bar.action_button.isHidden()
    assert stored(db, "Alex Admin").active
    assert page.active_button.isEnabled()


def test_deactivating_offers_retry_when_the_server_is_away(
        qtbot, page: PeopleAreasView, services: Services, db: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The db layer raises ``Unavailable`` when the server cannot be reached (a real relay cut
    is in tests/pg/test_connection_loss_ui.py); here the first call meets it: nothing changes,
    the page's message bar offers Retry, and Retry makes the same change."""
    real = services.people.set_active
    calls: list[tuple[int, bool]] = []

    def away_once(actor_id: int, person_id: int, active: bool):
        calls.append((person_id, active))
        if len(calls) == 1:
            raise Unavailable()
        return real(actor_id, person_id, active)

    monkeypatch.setattr(services.people, "set_active", away_once)
    click_row(qtbot, page, "Bea Staff")
    with qtbot.waitSignal(page.saver.finished, timeout=20_000) as attempt:
        qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    assert attempt.args == [False]
    assert page.message_bar.text == RETRY_MESSAGE and page.message_bar.kind == "error"
    assert not page.message_bar.action_button.isHidden()
    assert page.message_bar.action_button.text() == "Retry"
    assert stored(db, "Bea Staff").active  # nothing changed
    assert page.active_button.isEnabled()  # not busy any more

    with qtbot.waitSignal(page.loaded, timeout=20_000):
        qtbot.mouseClick(page.message_bar.action_button, Qt.MouseButton.LeftButton)
    bea = stored(db, "Bea Staff")
    assert not bea.active
    assert calls == [(bea.id, False), (bea.id, False)]
    assert "Bea Staff is deactivated" in page.message_bar.text


def test_deactivating_yourself_in_the_dialog_saves_nothing(qtbot, page: PeopleAreasView,
                                                           db: Database) -> None:
    click_row(qtbot, page, "Alex Admin", double=True)
    dialog = page.dialog
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Alexandra Admin")
    dialog.active_check.click()
    assert save_and_wait_for_refusal(qtbot, dialog, None) == (
        "You cannot deactivate yourself; ask another admin."
    )
    assert stored(db, "Alex Admin").active  # and the new name was not saved either
    assert stored(db, "Alexandra Admin") is None


def test_a_refused_edit_does_not_leave_someone_deactivated(qtbot, page: PeopleAreasView,
                                                           db: Database) -> None:
    click_row(qtbot, page, "Bea Staff", double=True)
    dialog = page.dialog
    dialog.name_edit.clear()
    dialog.active_check.click()
    assert save_and_wait_for_refusal(qtbot, dialog, "name") == "Name is required."
    bea = stored(db, "Bea Staff")
    assert bea.active


def test_rename_and_deactivate_in_one_save(qtbot, page: PeopleAreasView, db: Database) -> None:
    click_row(qtbot, page, "Bea Staff", double=True)
    dialog = page.dialog
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Bea Stone")
    dialog.active_check.click()
    save_and_wait_for_reload(qtbot, page, dialog)
    bea = stored(db, "Bea Stone")
    assert bea is not None and not bea.active

    click_row(qtbot, page, "Dee Former", double=True)
    dialog = page.dialog
    assert not dialog.active_check.isChecked()
    dialog.active_check.click()
    save_and_wait_for_reload(qtbot, page, dialog)
    assert stored(db, "Dee Former").active


# -- PINs ----------------------------------------------------------------------------------------


def test_admin_sets_someones_pin(qtbot, page: PeopleAreasView, db: Database) -> None:
    click_row(qtbot, page, "Bea Staff")
    qtbot.mouseClick(page.pin_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, SetPinDialog)
    qtbot.keyClicks(dialog.pin_edit, "123")
    qtbot.keyClicks(dialog.confirm_edit, "123")
    assert save_and_wait_for_refusal(qtbot, dialog, "pin") == "A PIN has 4 to 12 digits."
    assert stored(db, "Bea Staff").pin_hash is None
    qtbot.keyClicks(dialog.pin_edit, "9")
    qtbot.keyClicks(dialog.confirm_edit, "9")
    save_and_wait_for_reload(qtbot, page, dialog)
    assert verify_pin("1239", stored(db, "Bea Staff").pin_hash)
    assert cell(page, "Bea Staff", COL_PIN) == "Set"


# -- finding people ------------------------------------------------------------------------------


def test_search_as_you_type_and_the_inactive_toggle(qtbot, page: PeopleAreasView) -> None:
    assert table_names(page.table) == ["Alex Admin", "Bea Staff", "Carl Staff", "Dee Former",
                                       "Sam Supervisor"]
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_edit.hasFocus()
    qtbot.keyClicks(page.search_edit, "STAF")
    assert table_names(page.table) == ["Bea Staff", "Carl Staff"]
    assert page.summary_label.text() == "5 people, 1 inactive · 2 shown"
    qtbot.keyClicks(page.search_edit, "zz")
    assert page.stack.currentWidget() is page.no_match
    page.search_edit.clear()
    assert page.stack.currentWidget() is page.table
    page.show_inactive_check.click()
    assert "Dee Former" not in table_names(page.table)
    page.show_inactive_check.click()
    assert "Dee Former" in table_names(page.table)


# -- who may change people -----------------------------------------------------------------------


def test_staff_sees_disabled_buttons_and_the_service_still_refuses(
        qtbot, page: PeopleAreasView, team: Team, db: Database) -> None:
    page.set_person(team.staff)
    buttons = (page.add_person_button, page.edit_person_button, page.active_button,
               page.pin_button, page.settings_button, page.add_area_button,
               page.edit_area_button, page.retire_button)
    click_row(qtbot, page, "Carl Staff")
    for button in buttons:
        assert not button.isEnabled(), button.text()
        assert button.toolTip() == ONLY_ADMINS
    # Still readable: search works, rows can be selected, but Enter, double-click and the
    # shortcut open nothing.
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    click_row(qtbot, page, "Carl Staff", double=True)
    qtbot.keyClick(page.table, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert page.dialog is None

    # Reached anyway (a direct call): the service refuses, and says why.
    page.toggle_selected_person_active()
    qtbot.waitUntil(lambda: page.message_bar.isVisible(), timeout=20_000)
    assert page.message_bar.text == "A staff may not manage people."
    assert stored(db, "Carl Staff").active

    before = count_people(db)
    page.add_person()
    dialog = page.dialog
    assert isinstance(dialog, PersonDialog)
    qtbot.keyClicks(dialog.name_edit, "Sneaky Add")
    assert save_and_wait_for_refusal(qtbot, dialog, None) == "A staff may not manage people."
    assert count_people(db) == before


def test_supervisors_cannot_change_people_either(qtbot, page: PeopleAreasView,
                                                 team: Team) -> None:
    page.set_person(team.supervisor)
    assert not page.add_person_button.isEnabled()
    assert page.add_person_button.toolTip() == ONLY_ADMINS


def test_nobody_picked_means_pick_someone_first(qtbot, page: PeopleAreasView) -> None:
    page.set_person(None)
    assert not page.add_person_button.isEnabled()
    assert page.add_person_button.toolTip() == PICK_PERSON_FIRST
    page.add_person()
    assert page.dialog is None
    assert page.message_bar.text.startswith(PICK_PERSON_FIRST)


def test_admin_buttons_follow_the_selection(qtbot, page: PeopleAreasView) -> None:
    page.table.clearSelection()
    assert page.add_person_button.isEnabled()
    assert not page.edit_person_button.isEnabled()
    assert page.edit_person_button.toolTip().endswith("(select one first)")
    click_row(qtbot, page, "Dee Former")
    assert page.edit_person_button.isEnabled()
    assert page.active_button.text() == "Reactivate"
    assert page.add_person_button.toolTip() == "Add a person (Ctrl+Shift+N)"


def test_the_shortcut_does_nothing_while_the_page_is_hidden(qtbot, page: PeopleAreasView) -> None:
    page.hide()
    qtbot.keyClick(page, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert page.dialog is None
    page.show()
    qtbot.waitExposed(page)
    open_add_dialog(qtbot, page).reject()


def test_deactivating_someone_while_inactive_people_are_hidden_keeps_them_in_sight(
        qtbot, page: PeopleAreasView) -> None:
    page.show_inactive_check.click()
    assert "Dee Former" not in table_names(page.table)
    click_row(qtbot, page, "Bea Staff")
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    assert page.show_inactive_check.isChecked()
    assert page.selected_person().name == "Bea Staff"
    assert page.active_button.text() == "Reactivate"


def test_shortcuts_work_inside_the_main_window(qtbot, window, team: Team) -> None:
    window.who_picker.adopt(team.admin)
    page = window.page(PeopleAreasView)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        window.show_view(window.pages.index(page))
    # A person's keys go to the active window; the offscreen platform can leave none active
    # after a hidden popup closes, and window shortcuts only fire in the active window.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is page.search_edit
    qtbot.keyClick(window, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert isinstance(page.dialog, PersonDialog)
    page.dialog.reject()


def test_a_refresh_reading_the_same_people_and_areas_leaves_the_table_as_it_is(
        qtbot, page: PeopleAreasView, services: Services, team: Team) -> None:
    # Issue 21: shown again with nothing changed, the page does not set its table and tree
    # again (a reset repainted both); a change read by the next refresh is shown.
    resets: list[str] = []
    page.table.model().modelReset.connect(lambda: resets.append("people"))
    page.area_model.modelReset.connect(lambda: resets.append("areas"))
    click_row(qtbot, page, "Bea Staff")
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.refresh()
    assert resets == []
    assert page.selected_person().name == "Bea Staff"
    services.people.create_person(team.admin.id, name="Dora Newcomer", role=Role.STAFF)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.refresh()
    assert "people" in resets and "Dora Newcomer" in table_names(page.table)
    assert page.selected_person().name == "Bea Staff"
