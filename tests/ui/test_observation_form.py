"""The "Log waste" form, driven with real keys and clicks over the real services, and checked in
the real SQLite file: the big waste buttons and their keys, the live yearly cost, a capture from
the keyboard, "Save and new", and the bad input of issue 3."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kaizen.domain.costs import observation_yearly_cost
from kaizen.domain.enums import AreaKind, WasteCategory
from kaizen.services import Services
from kaizen.ui.capture.observation_form import COST_PROMPT, NO_COST, ObservationDialog
from kaizen.ui.capture.waste_picker import WasteButton
from kaizen.ui.main_window import MainWindow
from ui.helpers import Team, click_combo_item
from ui.test_idea_form import count, open_capture, paste, press, rows, type_keys
from ui.test_photo_strip import drop_files, make_executable, make_huge, make_photo


@pytest.fixture
def dialog(qtbot, services: Services, team: Team) -> ObservationDialog:
    return open_capture(qtbot, ObservationDialog(services, team.staff))


def save_and_wait(qtbot, form: ObservationDialog, *, and_new: bool = False) -> None:
    button = form.save_new_button if and_new else form.save_button
    with qtbot.waitSignal(form.saveFinished, timeout=10_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def fill(qtbot, form: ObservationDialog, *, waste: int = 4, text: str = "Forklift waits",
         minutes: str = "6", per_week: str = "10", cost: str = "") -> None:
    form.picker.setFocus()
    qtbot.keyClick(form.picker, getattr(Qt.Key, f"Key_{waste}"))
    qtbot.keyClicks(form.description_edit, text)
    qtbot.keyClicks(form.minutes_edit, minutes)
    qtbot.keyClicks(form.per_week_edit, per_week)
    if cost:
        qtbot.keyClicks(form.cost_edit, cost)


# --- the waste buttons ---------------------------------------------------------------------------


def test_seven_large_waste_buttons_with_help_text_in_a_4_plus_3_grid(dialog: ObservationDialog
                                                                     ) -> None:
    buttons = dialog.picker.buttons
    assert [b.category for b in buttons if isinstance(b, WasteButton)] == list(WasteCategory)
    for number, (button, waste) in enumerate(zip(buttons, WasteCategory, strict=True), start=1):
        assert isinstance(button, WasteButton)
        assert button.title_label.text() == waste.label
        assert button.help_label.text() == waste.help_text
        assert button.help_label.textFormat() == Qt.TextFormat.PlainText
        assert not button.icon_label.pixmap().isNull()
        assert f"key {number}" in button.toolTip()
        assert button.height() >= 70  # large, with the whole help text showing
        assert button.height() >= button.height_for(button.width())
    rows_used = {dialog.picker.grid.getItemPosition(i)[0] for i in range(7)}
    columns = [dialog.picker.grid.getItemPosition(i)[1] for i in range(7)]
    assert rows_used == {0, 1} and columns == [0, 1, 2, 3, 0, 1, 2]


def test_keys_1_to_7_and_arrows_pick_a_waste(qtbot, dialog: ObservationDialog) -> None:
    assert dialog.focusWidget() is dialog.picker  # the first thing to choose
    assert dialog.category is None
    for number, waste in enumerate(WasteCategory, start=1):
        qtbot.keyClick(dialog.picker, getattr(Qt.Key, f"Key_{number}"))
        assert dialog.category is waste
    qtbot.keyClick(dialog.picker, Qt.Key.Key_Up)  # Defects (second row) -> Motion above it
    assert dialog.category is WasteCategory.MOTION
    qtbot.keyClick(dialog.picker, Qt.Key.Key_Left)
    assert dialog.category is WasteCategory.INVENTORY
    qtbot.keyClick(dialog.picker, Qt.Key.Key_8)  # no eighth waste: nothing changes
    assert dialog.category is WasteCategory.INVENTORY
    # Alt+digit picks from anywhere, even while typing a number.
    dialog.minutes_edit.setFocus()
    qtbot.keyClick(dialog.minutes_edit, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert dialog.category is WasteCategory.TRANSPORT
    assert dialog.minutes_edit.text() == ""
    # A click picks too, and only one is ever checked.
    qtbot.mouseClick(dialog.picker.buttons[6], Qt.MouseButton.LeftButton)
    assert dialog.category is WasteCategory.DEFECTS
    assert [b.isChecked() for b in dialog.picker.buttons].count(True) == 1


# --- the live cost ------------------------------------------------------------------------------


def test_the_yearly_cost_follows_every_keystroke(qtbot, dialog: ObservationDialog,
                                                 services: Services) -> None:
    assert dialog.yearly_label.text() == COST_PROMPT
    area = services.people.get_area(dialog.area_combo.area_id())
    assert area.effective_hourly_rate == 30.0  # the site default: no area has its own rate
    qtbot.keyClicks(dialog.minutes_edit, "6")
    assert dialog.yearly_label.text() == COST_PROMPT  # the frequency is still missing
    qtbot.keyClicks(dialog.per_week_edit, "1")
    assert dialog.yearly_label.text() == "≈ 156 EUR a year · 5.2 h"
    qtbot.keyClicks(dialog.per_week_edit, "0")
    assert dialog.yearly_label.text() == "≈ 1,560 EUR a year · 52 h"
    qtbot.keyClicks(dialog.cost_edit, "2")
    assert dialog.yearly_label.text() == "≈ 2,600 EUR a year · 52 h"
    assert dialog.basis_label.text() == (
        f"10 times a week, 52 weeks; time at 30.00 EUR an hour ({area.name})"
    )
    qtbot.keyClicks(dialog.cost_edit, "x")
    assert dialog.yearly_label.text() == NO_COST


def test_the_live_cost_uses_the_chosen_areas_own_rate(qtbot, team: Team,
                                                      services: Services) -> None:
    site = services.people.list_areas()[0]
    paint = services.people.create_area(team.admin.id, name="Paint", kind=AreaKind.DEPARTMENT,
                                        parent_id=site.id, hourly_rate=48.0)
    dialog = ObservationDialog(services, team.staff)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.is_ready)
    qtbot.keyClicks(dialog.minutes_edit, "5")
    qtbot.keyClicks(dialog.per_week_edit, "12")
    assert dialog.yearly_label.text() == "≈ 1,560 EUR a year · 52 h"
    click_combo_item(qtbot, dialog.area_combo, "Paint")
    expected = observation_yearly_cost(5, 12, paint.effective_hourly_rate)
    assert dialog.yearly_label.text() == f"≈ {expected:,.0f} EUR a year · 52 h"
    assert expected == 2496.0


# --- saving ---------------------------------------------------------------------------------------


def test_an_observation_is_logged_from_the_keyboard_only(qtbot, window: MainWindow, team: Team,
                                                         db_url: str) -> None:
    with qtbot.waitSignal(window.who_picker.personChanged):
        window.who_picker.choose(team.staff.id)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    form = window.capture_dialog
    assert isinstance(form, ObservationDialog)
    qtbot.waitExposed(form)
    qtbot.waitUntil(lambda: form.is_ready)
    assert QApplication.focusWidget() is form.picker

    type_keys(qtbot, "4")  # Waiting
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.area_combo
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "Forklift waits at dock door 3 for the shutter.")
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "6")
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "10")
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "1.5")
    assert form.yearly_label.text() == "≈ 2,340 EUR a year · 52 h"
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.capture_dialog is None)

    info = saved.args[0]
    assert rows(db_url, "SELECT category, area_id, observer_id, description, "
                         "minutes_per_occurrence, occurrences_per_week, cost_per_occurrence "
                         "FROM waste_observations") == [
        ("waiting", team.staff.home_area_id, team.staff.id,
         "Forklift waits at dock door 3 for the shutter.", 6.0, 10.0, 1.5)
    ]
    assert info.yearly_cost == pytest.approx(2340.0)  # the form showed what the service prices
    assert window.statusBar().currentMessage() == f"Observation #{info.id} saved"


def test_save_and_new_keeps_the_area_and_clears_the_rest(qtbot, dialog: ObservationDialog,
                                                         services: Services,
                                                         db_url: str, tmp_path: Path) -> None:
    site = services.people.list_areas()[0]
    click_combo_item(qtbot, dialog.area_combo, site.name)
    fill(qtbot, dialog, waste=2, text="Two pallets of covers nobody ordered", cost="4")
    drop_files(qtbot, dialog.photos, [make_photo(tmp_path / "pallets.jpg")])
    qtbot.waitUntil(lambda: len(dialog.photos.paths()) == 1, timeout=10_000)
    save_and_wait(qtbot, dialog, and_new=True)

    assert dialog.isVisible()
    assert dialog.category is None
    assert dialog.description_edit.toPlainText() == ""
    assert (dialog.minutes_edit.text(), dialog.per_week_edit.text(), dialog.cost_edit.text()) \
        == ("", "", "")
    assert dialog.photos.paths() == []
    assert dialog.yearly_label.text() == COST_PROMPT
    assert dialog.area_combo.area_id() == site.id
    assert dialog.focusWidget() is dialog.picker
    obs_id = rows(db_url, "SELECT id FROM waste_observations")[0][0]
    assert dialog.saved_label.text() == f"✓ Observation #{obs_id} saved. Ready for the next one."
    assert rows(db_url, "SELECT category, area_id, cost_per_occurrence FROM waste_observations"
                ) == [("inventory", site.id, 4.0)]
    assert rows(db_url, "SELECT file_name FROM attachments WHERE observation_id = ?",
                obs_id) == [("pallets.jpg",)]

    fill(qtbot, dialog, waste=7, text="Scratched covers reworked")
    save_and_wait(qtbot, dialog)
    assert not dialog.isVisible()
    assert rows(db_url, "SELECT category, area_id FROM waste_observations ORDER BY id") == [
        ("inventory", site.id), ("defects", site.id)
    ]


# --- bad input --------------------------------------------------------------------------------


def test_no_waste_picked_is_refused_above_the_buttons(qtbot, dialog: ObservationDialog,
                                                      db_url: str) -> None:
    qtbot.keyClicks(dialog.description_edit, "Something")
    save_and_wait(qtbot, dialog)
    assert dialog.category_error.text() == "Pick the waste you saw (keys 1–7)."
    assert dialog.category_error.isVisible()
    assert dialog.focusWidget() is dialog.picker
    qtbot.keyClick(dialog.picker, Qt.Key.Key_1)
    qtbot.keyClicks(dialog.minutes_edit, "1")
    qtbot.keyClicks(dialog.per_week_edit, "1")
    save_and_wait(qtbot, dialog)
    assert not dialog.category_error.isVisible()
    assert count(db_url, "waste_observations") == 1


def test_negative_minutes_are_refused_by_the_service_and_kept(qtbot, dialog: ObservationDialog,
                                                              db_url: str) -> None:
    fill(qtbot, dialog, minutes="-5")
    assert dialog.yearly_label.text() == NO_COST  # never priced as something else
    save_and_wait(qtbot, dialog)
    assert dialog.form.error_text("minutes_per_occurrence") == (
        "Minutes lost each time cannot be below 0."
    )
    assert dialog.minutes_edit.text() == "-5"
    assert dialog.description_edit.toPlainText() == "Forklift waits"
    assert count(db_url, "waste_observations") == 0


def test_numbers_that_are_not_numbers_are_refused_under_their_row(qtbot,
                                                                 dialog: ObservationDialog,
                                                                 db_url: str) -> None:
    fill(qtbot, dialog, per_week="often")
    save_and_wait(qtbot, dialog)
    assert dialog.form.error_text("occurrences_per_week") == (
        "Times a week must be a number, like 12 or 2.5."
    )
    dialog.per_week_edit.clear()
    save_and_wait(qtbot, dialog)
    assert dialog.form.error_text("occurrences_per_week") == "Times a week is required."
    qtbot.keyClicks(dialog.per_week_edit, "3")
    qtbot.keyClicks(dialog.cost_edit, "-1")
    save_and_wait(qtbot, dialog)
    assert dialog.form.error_text("cost_per_occurrence") == "Cost each time cannot be below 0."
    assert count(db_url, "waste_observations") == 0


def test_a_pasted_description_of_100k_characters_is_refused(qtbot, dialog: ObservationDialog,
                                                            db_url: str) -> None:
    fill(qtbot, dialog, text="")
    paste(qtbot, dialog.description_edit, "y" * 100_000)
    save_and_wait(qtbot, dialog)
    assert dialog.form.error_text("description") == (
        "What was seen is too long (100,000 characters; at most 20,000)."
    )
    assert len(dialog.description_edit.toPlainText()) == 100_000
    assert count(db_url, "waste_observations") == 0


def test_an_area_retired_meanwhile_is_refused_under_the_area(qtbot, dialog: ObservationDialog,
                                                              team: Team, services: Services,
                                                              db_url: str) -> None:
    services.people.set_area_active(team.admin.id, dialog.area_combo.area_id(), False)
    fill(qtbot, dialog)
    save_and_wait(qtbot, dialog)
    assert dialog.form.error_text("area_id") == "Pick an active area."
    assert count(db_url, "waste_observations") == 0


def test_bad_photos_are_refused_next_to_the_photos(qtbot, dialog: ObservationDialog,
                                                   db_url: str, tmp_path: Path) -> None:
    fill(qtbot, dialog)
    drop_files(qtbot, dialog.photos, [make_executable(tmp_path / "photo.jpg"),
                                      make_huge(tmp_path / "video.jpg")])
    qtbot.waitUntil(lambda: not dialog.photos.is_busy(), timeout=10_000)
    assert dialog.photos.error_text().splitlines() == [
        "photo.jpg: this is not a photo Kaizen can read (JPEG, PNG, WebP or GIF).",
        "video.jpg: the file is 200.0 MB; a photo can be at most 15 MB.",
    ]
    assert dialog.photos.paths() == []
    assert count(db_url, "waste_observations") == 0 and count(db_url, "attachments") == 0


def test_escape_asks_first_when_a_waste_was_picked(qtbot, dialog: ObservationDialog) -> None:
    qtbot.keyClick(dialog.picker, Qt.Key.Key_3)
    qtbot.keyClick(dialog.picker, Qt.Key.Key_Escape)
    assert dialog.discard_box is not None
    qtbot.waitUntil(dialog.discard_box.isVisible)
    qtbot.keyClick(dialog.discard_box, Qt.Key.Key_Escape)  # Esc in the question keeps editing
    qtbot.waitUntil(lambda: dialog.discard_box is None)
    assert dialog.isVisible() and dialog.category is WasteCategory.MOTION
