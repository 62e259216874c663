"""The "New idea" form, driven with real keys and clicks over the real services, and checked in
the real SQLite file: keyboard-only capture from the toolbar shortcut, "Save and new", every bad
input from issue 3, photos, cancelling, and the toolbar actions."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from backend import run_sql
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from kaizen.domain.enums import WasteCategory
from kaizen.services import Services
from kaizen.ui import worker
from kaizen.ui.capture.idea_form import IdeaDialog
from kaizen.ui.main_window import NEEDS_PERSON, MainWindow
from ui.helpers import Team, click_combo_item
from ui.test_photo_strip import drop_files, make_executable, make_huge, make_photo


def rows(db_url: str, sql: str, *args: object) -> list[tuple]:
    return run_sql(db_url, sql, *args)


def count(db_url: str, table: str) -> int:
    return rows(db_url, f"SELECT count(*) FROM {table}")[0][0]


def open_capture(qtbot, form):
    """A capture form shown, active and with its lists loaded."""
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: form.is_ready)
    return form


@pytest.fixture
def dialog(qtbot, services: Services, team: Team) -> IdeaDialog:
    return open_capture(qtbot, IdeaDialog(services, team.staff))


def save_and_wait(qtbot, form: IdeaDialog, button: QPushButton | None = None) -> None:
    with qtbot.waitSignal(form.saveFinished, timeout=10_000):
        qtbot.mouseClick(button or form.save_button, Qt.MouseButton.LeftButton)


def paste(qtbot, widget, text: str) -> None:
    QApplication.clipboard().setText(text)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def type_keys(qtbot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


# --- the whole capture --------------------------------------------------------------------------


def test_an_idea_is_captured_from_the_keyboard_only(qtbot, window: MainWindow, team: Team,
                                                     db_url: str) -> None:
    with qtbot.waitSignal(window.who_picker.personChanged):
        window.who_picker.choose(team.staff.id)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = window.capture_dialog
    assert isinstance(form, IdeaDialog)
    qtbot.waitExposed(form)
    qtbot.waitUntil(lambda: form.is_ready)
    assert QApplication.focusWidget() is form.title_edit

    type_keys(qtbot, "Shadow board for torque wrenches")
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "Wrenches are hunted for at every shift change.")
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "A shadow board at the end of line 2.")
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.area_combo  # left on the home area
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.waste_chips
    type_keys(qtbot, "34")  # Motion, Waiting
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "2400")
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.impact
    type_keys(qtbot, "4")
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.effort
    press(qtbot, Qt.Key.Key_Left)  # 3 -> 2
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.capture_dialog is None)

    info = saved.args[0]
    stored = rows(db_url, "SELECT title, problem, proposal, area_id, submitter_id, "
                           "expected_savings, impact, effort, status FROM suggestions")
    assert stored == [("Shadow board for torque wrenches",
                       "Wrenches are hunted for at every shift change.",
                       "A shadow board at the end of line 2.", team.staff.home_area_id,
                       team.staff.id, 2400.0, 4, 2, "submitted")]
    assert rows(db_url, "SELECT category FROM suggestion_wastes ORDER BY category") == [
        ("motion",), ("waiting",)
    ]
    assert window.statusBar().currentMessage() == f"Idea #{info.id} saved"


def test_save_and_new_keeps_the_area_and_starts_again(qtbot, dialog: IdeaDialog, team: Team,
                                                      services: Services, db_url: str) -> None:
    site = services.people.list_areas()[0]
    click_combo_item(qtbot, dialog.area_combo, site.name)
    qtbot.keyClicks(dialog.title_edit, "Label the spare parts shelf")
    qtbot.mouseClick(dialog.waste_chips.buttons[1], Qt.MouseButton.LeftButton)  # Inventory
    qtbot.keyClicks(dialog.savings_edit, "150")
    save_and_wait(qtbot, dialog, dialog.save_new_button)

    assert dialog.isVisible()
    assert dialog.title_edit.text() == "" and dialog.savings_edit.text() == ""
    assert dialog.waste_chips.selected() == []
    assert dialog.impact.value() == 3 and dialog.effort.value() == 3
    assert dialog.area_combo.area_id() == site.id  # kept for the next entry
    assert dialog.focusWidget() is dialog.title_edit
    first_id = rows(db_url, "SELECT id FROM suggestions")[0][0]
    assert dialog.saved_label.text() == f"✓ Idea #{first_id} saved. Ready for the next one."

    qtbot.keyClicks(dialog.title_edit, "Second idea")
    assert not dialog.saved_label.isVisible()
    dialog.activateWindow()  # the area combo's popup had the focus; shortcuts need the window
    qtbot.waitUntil(dialog.isActiveWindow)
    with qtbot.waitSignal(dialog.saveFinished, timeout=10_000):
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert rows(db_url, "SELECT title, area_id FROM suggestions ORDER BY id") == [
        ("Label the spare parts shelf", site.id), ("Second idea", site.id)
    ]
    assert rows(db_url, "SELECT s.title, w.category FROM suggestion_wastes w "
                         "JOIN suggestions s ON s.id = w.suggestion_id") == [
        ("Label the spare parts shelf", "inventory")
    ]


def test_photos_are_saved_with_the_idea(qtbot, dialog: IdeaDialog, db_url: str,
                                        data_dir: Path, tmp_path: Path) -> None:
    photos = [make_photo(tmp_path / "before.jpg"),
              make_photo(tmp_path / "dock.png", colour=(10, 200, 90))]
    qtbot.keyClicks(dialog.title_edit, "Move the bins closer")
    drop_files(qtbot, dialog.photos, photos)
    qtbot.waitUntil(lambda: len(dialog.photos.paths()) == 2, timeout=10_000)
    save_and_wait(qtbot, dialog)
    idea_id = rows(db_url, "SELECT id FROM suggestions")[0][0]
    stored = rows(db_url, "SELECT file_name, mime_type, sha256 FROM attachments "
                           "WHERE suggestion_id = ? ORDER BY id", idea_id)
    assert [(name, mime) for name, mime, _ in stored] == [("before.jpg", "image/jpeg"),
                                                         ("dock.png", "image/png")]
    for _, _, sha in stored:
        assert list(data_dir.rglob(f"{sha}.*")), "the photo's file is in the data folder"


def test_a_save_waits_for_photos_still_being_checked(qtbot, dialog: IdeaDialog,
                                                      db_url: str, tmp_path: Path) -> None:
    qtbot.keyClicks(dialog.title_edit, "Photo still loading")
    dialog.photos.add_paths([make_photo(tmp_path / "big.jpg", size=(3000, 2000))])
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save()  # asked for at once, as Ctrl+Enter right after a drop would
        assert not dialog.save_button.isEnabled()
    assert count(db_url, "attachments") == 1


def test_ctrl_p_opens_the_photo_picker(qtbot, dialog: IdeaDialog) -> None:
    dialog.title_edit.setFocus()
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    picker = dialog.photos.file_dialog
    assert picker is not None
    qtbot.waitUntil(picker.isVisible)
    picker.reject()


def test_the_save_button_is_busy_while_the_service_works(qtbot, dialog: IdeaDialog,
                                                          services: Services,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    real_create = services.suggestions.create

    def slow_create(*args, **kwargs):
        release.wait(120)  # a bound against a hang only: the test releases it
        return real_create(*args, **kwargs)

    monkeypatch.setattr(services.suggestions, "create", slow_create)
    qtbot.keyClicks(dialog.title_edit, "Slow save")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.save_button.text() == "Saving…"
    assert not dialog.save_button.isEnabled() and not dialog.save_new_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # no closing under a running save
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        release.set()
    qtbot.waitUntil(lambda: not dialog.isVisible())


# --- bad input --------------------------------------------------------------------------------


def test_an_empty_title_is_refused_under_the_title(qtbot, dialog: IdeaDialog,
                                                   db_url: str) -> None:
    qtbot.keyClicks(dialog.problem_edit, "Something is wrong")
    qtbot.keyClicks(dialog.title_edit, "   ")
    save_and_wait(qtbot, dialog)
    assert dialog.form.error_text("title") == "Title is required."
    assert dialog.isVisible()
    assert QApplication.focusWidget() is dialog.title_edit
    assert dialog.problem_edit.toPlainText() == "Something is wrong"  # nothing typed is lost
    assert dialog.save_button.isEnabled() and dialog.save_button.text() == "Save"
    assert count(db_url, "suggestions") == 0


def test_a_pasted_text_of_100k_characters_is_refused_and_kept(qtbot, dialog: IdeaDialog,
                                                              db_url: str) -> None:
    huge = "x" * 100_000
    paste(qtbot, dialog.title_edit, huge)
    assert len(dialog.title_edit.text()) == 100_000  # not cut short by the field
    save_and_wait(qtbot, dialog)
    assert dialog.form.error_text("title") == (
        "Title is too long (100,000 characters; at most 200)."
    )
    assert dialog.title_edit.text() == huge

    dialog.title_edit.clear()
    qtbot.keyClicks(dialog.title_edit, "Fine title")
    paste(qtbot, dialog.problem_edit, huge)
    save_and_wait(qtbot, dialog)
    assert dialog.form.error_text("title") == ""
    assert dialog.form.error_text("problem") == (
        "Problem is too long (100,000 characters; at most 20,000)."
    )
    assert count(db_url, "suggestions") == 0
    assert count(db_url, "audit_events WHERE entity = 'suggestion'") == 0


def test_savings_that_are_not_a_number_or_negative_are_refused(qtbot, dialog: IdeaDialog,
                                                               db_url: str) -> None:
    qtbot.keyClicks(dialog.title_edit, "Cheaper gloves")
    qtbot.keyClicks(dialog.savings_edit, "12 euros")
    save_and_wait(qtbot, dialog)
    assert dialog.form.error_text("expected_savings") == (
        "Expected savings must be a number, like 12 or 2.5."
    )
    dialog.savings_edit.clear()
    qtbot.keyClicks(dialog.savings_edit, "-50")
    save_and_wait(qtbot, dialog)
    # The form passes the minus on; the service is the one that refuses it, in its words.
    assert dialog.form.error_text("expected_savings") == "Expected savings cannot be below 0."
    assert dialog.savings_edit.text() == "-50"
    assert count(db_url, "suggestions") == 0


def test_an_area_retired_while_typing_is_refused_under_the_area(qtbot, dialog: IdeaDialog,
                                                                 team: Team, services: Services,
                                                                 db_url: str) -> None:
    area_id = dialog.area_combo.area_id()
    assert area_id == team.staff.home_area_id
    services.people.set_area_active(team.admin.id, area_id, False)
    qtbot.keyClicks(dialog.title_edit, "Idea for a closed line")
    save_and_wait(qtbot, dialog)
    assert dialog.form.error_text("area_id") == "Pick an active area."
    assert count(db_url, "suggestions") == 0


def test_an_executable_named_photo_jpg_is_refused_next_to_the_photos(qtbot, dialog: IdeaDialog,
                                                                     db_url: str,
                                                                     tmp_path: Path) -> None:
    qtbot.keyClicks(dialog.title_edit, "With a bad photo")
    drop_files(qtbot, dialog.photos, [make_executable(tmp_path / "photo.jpg")])
    qtbot.waitUntil(lambda: not dialog.photos.is_busy(), timeout=10_000)
    assert dialog.photos.error_text() == (
        "photo.jpg: this is not a photo Kaizen can read (JPEG, PNG, WebP or GIF)."
    )
    assert dialog.photos.paths() == []
    assert count(db_url, "suggestions") == 0 and count(db_url, "attachments") == 0


def test_a_photo_swapped_for_an_executable_before_saving_is_refused_by_the_service(
        qtbot, dialog: IdeaDialog, db_url: str, tmp_path: Path) -> None:
    photo = make_photo(tmp_path / "photo.jpg")
    qtbot.keyClicks(dialog.title_edit, "Photo changed under us")
    dialog.photos.add_paths([photo])
    qtbot.waitUntil(lambda: dialog.photos.paths() == [photo], timeout=10_000)
    make_executable(photo)  # the file changes after the form checked it
    save_and_wait(qtbot, dialog)
    assert dialog.photos.error_text() == (
        "photo.jpg: this is not a photo Kaizen can read (JPEG, PNG, WebP or GIF)."
    )
    assert dialog.title_edit.text() == "Photo changed under us"
    assert count(db_url, "suggestions") == 0 and count(db_url, "attachments") == 0


def test_a_200_mb_file_is_refused_next_to_the_photos(qtbot, dialog: IdeaDialog, db_url: str,
                                                     tmp_path: Path) -> None:
    dialog.photos.add_paths([make_huge(tmp_path / "scan.jpg")])
    qtbot.waitUntil(lambda: not dialog.photos.is_busy(), timeout=10_000)
    assert dialog.photos.error_text() == (
        "scan.jpg: the file is 200.0 MB; a photo can be at most 15 MB."
    )
    assert dialog.photos.paths() == []
    assert count(db_url, "attachments") == 0


def test_a_person_deactivated_meanwhile_gets_the_message_on_the_form_line(
        qtbot, dialog: IdeaDialog, team: Team, services: Services, db_url: str) -> None:
    services.people.set_active(team.admin.id, team.staff.id, False)
    qtbot.keyClicks(dialog.title_edit, "Too late")
    save_and_wait(qtbot, dialog)
    assert dialog.form.general_error.text() == (
        "Pick an active person as who is working before making changes."
    )
    assert dialog.form.general_error.isVisible()
    assert dialog.form.error_text("title") == ""
    assert count(db_url, "suggestions") == 0


# --- cancelling -------------------------------------------------------------------------------


def test_escape_asks_before_throwing_typed_text_away(qtbot, dialog: IdeaDialog,
                                                     db_url: str) -> None:
    qtbot.keyClicks(dialog.title_edit, "Half an idea")
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Escape)
    box = dialog.discard_box
    assert isinstance(box, QMessageBox)
    qtbot.waitUntil(box.isVisible)
    keep = next(b for b in box.buttons() if b.text() == "Keep editing")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.discard_box is None)
    assert dialog.isVisible() and dialog.title_edit.text() == "Half an idea"

    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Escape)
    box = dialog.discard_box
    assert box is not None
    discard = next(b for b in box.buttons() if b.text() == "Discard")
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert count(db_url, "suggestions") == 0


def test_escape_on_an_untouched_form_just_closes(qtbot, dialog: IdeaDialog) -> None:
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Escape)
    assert dialog.discard_box is None
    assert not dialog.isVisible()


# --- the toolbar --------------------------------------------------------------------------------


def test_capture_actions_need_someone_working(qtbot, window: MainWindow, team: Team) -> None:
    for action in (window.new_idea_action, window.log_waste_action):
        assert not action.isEnabled()
        assert action.toolTip() == NEEDS_PERSON
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.capture_dialog is None

    with qtbot.waitSignal(window.who_picker.personChanged):
        window.who_picker.choose(team.staff.id)
    assert window.new_idea_action.isEnabled() and window.log_waste_action.isEnabled()
    assert window.new_idea_action.toolTip() == "New idea (Ctrl+N)"
    assert window.log_waste_action.toolTip() == "Log waste (Ctrl+W)"
    button = window.toolbar.widgetForAction(window.new_idea_action)
    assert not button.icon().isNull()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert isinstance(window.capture_dialog, IdeaDialog)
    assert window.capture_dialog.person.id == team.staff.id
    window.capture_dialog.reject()
    qtbot.waitUntil(lambda: window.capture_dialog is None)


def test_wastes_come_in_the_enum_order_with_their_help_text(dialog: IdeaDialog) -> None:
    chips = dialog.waste_chips.buttons
    assert [c.text() for c in chips] == [w.label for w in WasteCategory]
    assert all(w.help_text in c.toolTip() for c, w in zip(chips, WasteCategory, strict=True))


def test_a_captured_idea_reloads_the_page_not_the_people(qtbot, window: MainWindow, team: Team,
                                                         monkeypatch) -> None:
    """Issue 15, point 5: a new idea changes the page's records; the people to pick from are
    not read again. Counted at the service once every background task has delivered."""
    with qtbot.waitSignal(window.who_picker.personChanged):
        window.who_picker.choose(team.staff.id)
    assert worker.wait_for_all()
    people = window.services.people
    calls = {"people": 0}
    list_people = people.list_people

    def counted(*args, **kwargs):
        calls["people"] += 1
        return list_people(*args, **kwargs)

    monkeypatch.setattr(people, "list_people", counted)
    page = window.current_page()
    refreshed = []
    monkeypatch.setattr(page, "refresh", lambda: refreshed.append(True))
    window.open_idea_form()
    form = window.capture_dialog
    assert isinstance(form, IdeaDialog)
    qtbot.waitUntil(lambda: form.is_ready, timeout=10_000)
    form.title_edit.setText("Label the bins")
    form.problem_edit.setPlainText("Bins are mixed up.")
    form.proposal_edit.setPlainText("Coloured labels.")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert worker.wait_for_all()
    assert refreshed == [True]
    assert calls["people"] == 0
