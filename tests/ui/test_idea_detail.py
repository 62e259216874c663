"""The idea detail dialog over real services and the real SQLite file: editing and saving, a
concurrent edit refused with the Conflict message (typing kept, Reload, save again), the review
actions (reject needs a reason, accept opens PDCA cycle 1, send back needs a note), who may edit
or review (a staff member's review is refused by the service even when the UI is bypassed), a
100k-character paste refused under its field, photos, and the history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from kaizen.db.engine import Database
from kaizen.db.models import Attachment, Comment, PdcaCycle, Suggestion
from kaizen.domain.enums import PdcaStage, SuggestionStatus, WasteCategory
from kaizen.services import Services
from kaizen.services.suggestions import SuggestionInput
from kaizen.ui.board.models import U_WHAT, U_WHO
from kaizen.ui.detail.history import HistoryModel
from kaizen.ui.detail.idea_detail import (
    TAB_COMMENTS,
    TAB_DETAILS,
    TAB_HISTORY,
    TAB_REVIEW,
    IdeaDetailDialog,
)
from ui.helpers import Team, click_combo_item

# ---------------------------------------------------------------------------------- helpers


def make_idea(services: Services, team: Team, *, by=None, photos=(), **changes):
    values = {
        "title": "Move the tape dispenser next to the packing table",
        "problem": "Packers walk 8 m to fetch tape.",
        "proposal": "Mount a dispenser on the table.",
        "area_id": team.staff.home_area_id,
        "wastes": [WasteCategory.MOTION],
        "expected_savings": 1200.0,
        "implementation_cost": 40.0,
        "impact": 3,
        "effort": 2,
    }
    values.update(changes)
    submitter = by or team.staff
    return services.suggestions.create(submitter.id, SuggestionInput(**values),
                                       photos=list(photos))


def open_idea(qtbot, services: Services, person, suggestion_id: int) -> IdeaDetailDialog:
    dialog = IdeaDetailDialog(services, person, suggestion_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def settle(qtbot, dialog: IdeaDetailDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy and not dialog.review_panel.busy, timeout=20_000)


def type_at_end(qtbot, edit, text: str) -> None:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)


def press_save(qtbot, dialog: IdeaDetailDialog) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def row_in_file(db_url: str, suggestion_id: int) -> dict:
    """The idea as stored, read through a connection of its own."""
    other = Database(db_url)
    try:
        with other.read() as s:
            row = s.get(Suggestion, suggestion_id)
            assert row is not None
            return {"title": row.title, "problem": row.problem, "proposal": row.proposal,
                    "status": row.status, "version": row.version, "impact": row.impact,
                    "effort": row.effort, "review_note": row.review_note,
                    "owner_id": row.owner_id, "due_date": row.due_date,
                    "wastes": sorted(w.category.value for w in row.wastes),
                    "expected_savings": row.expected_savings,
                    "implementation_cost": row.implementation_cost}
    finally:
        other.dispose()


def count_in_file(db_url: str, model, *where) -> int:
    other = Database(db_url)
    try:
        with other.read() as s:
            return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)
    finally:
        other.dispose()


def make_photo(path: Path, colour=(30, 120, 200)) -> Path:
    Image.new("RGB", (320, 240), colour).save(path)
    return path


# ------------------------------------------------------------------------------- editing


def test_the_header_and_the_form_show_the_idea(qtbot, services: Services, team: Team) -> None:
    idea = make_idea(services, team)
    dialog = open_idea(qtbot, services, team.staff, idea.id)
    assert dialog.title_label.text() == idea.title
    assert dialog.status_pill.text() == "Submitted"
    assert dialog.meta_label.text() == (
        f"Idea #{idea.id} · submitted by Bea Staff · Assembly · 02 Nov 2026")
    assert dialog.sub_label.isHidden()  # not in PDCA, no owner yet
    assert dialog.title_edit.text() == idea.title
    assert dialog.problem_edit.toPlainText() == "Packers walk 8 m to fetch tape."
    assert dialog.area_combo.area_id() == team.staff.home_area_id
    assert dialog.waste_chips.selected() == [WasteCategory.MOTION]
    # The one money editor: the amount as the language writes it, the currency inside the field.
    assert dialog.savings_edit.text() == "1,200"
    assert dialog.savings_edit.currency_label.text() == "EUR"
    assert dialog.savings_edit.currency_label.isVisible()
    assert (dialog.impact_spin.value(), dialog.effort_spin.value()) == (3, 2)
    # Staff may edit their own submitted idea and cannot review.
    assert not dialog.title_edit.isReadOnly()
    assert dialog.note_label.isHidden()
    assert not dialog.tabs.isTabVisible(TAB_REVIEW)
    assert dialog.tabs.isTabVisible(TAB_HISTORY)


def test_edit_and_save_an_idea(qtbot, services: Services, team: Team, db_url: str) -> None:
    idea = make_idea(services, team)
    dialog = open_idea(qtbot, services, team.staff, idea.id)
    dialog.title_edit.selectAll()
    qtbot.keyClicks(dialog.title_edit, "Tape dispenser on every packing table")
    type_at_end(qtbot, dialog.problem_edit, " Twenty times a shift.")
    # The one waste editor, from the keyboard: digit 4 (Waiting) toggles it on.
    dialog.waste_chips.setFocus()
    qtbot.keyClick(dialog.waste_chips, Qt.Key.Key_4)
    qtbot.mouseClick(dialog.impact_spin.buttons[4], Qt.MouseButton.LeftButton)
    dialog.effort_spin.setFocus()
    qtbot.keyClick(dialog.effort_spin, Qt.Key.Key_Left)
    dialog.savings_edit.selectAll()
    qtbot.keyClicks(dialog.savings_edit, "2,500.50")
    dialog.cost_edit.selectAll()
    qtbot.keyClicks(dialog.cost_edit, "300")
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        press_save(qtbot, dialog)
    settle(qtbot, dialog)

    stored = row_in_file(db_url, idea.id)
    assert stored["title"] == "Tape dispenser on every packing table"
    assert stored["problem"] == "Packers walk 8 m to fetch tape. Twenty times a shift."
    assert stored["wastes"] == ["motion", "waiting"]
    assert (stored["impact"], stored["effort"]) == (5, 1)
    assert stored["expected_savings"] == 2500.5
    assert stored["implementation_cost"] == 300.0
    assert stored["version"] == idea.version + 1
    assert dialog.message_bar.text == "Saved."
    assert dialog.title_label.text() == "Tape dispenser on every packing table"
    assert dialog.unsaved() == {}
    # The History tab has the edit, by whom.
    model: HistoryModel = dialog.history_model
    assert model.rowCount() == 2
    assert model.index(0, U_WHAT).data() == "Idea: edited"
    assert model.index(0, U_WHO).data() == "Bea Staff"


def test_enter_in_the_title_saves(qtbot, services: Services, team: Team, db_url: str) -> None:
    idea = make_idea(services, team)
    dialog = open_idea(qtbot, services, team.staff, idea.id)
    dialog.title_edit.selectAll()
    qtbot.keyClicks(dialog.title_edit, "Shorter walk to the tape")
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    settle(qtbot, dialog)
    assert row_in_file(db_url, idea.id)["title"] == "Shorter walk to the tape"


def test_a_concurrent_edit_is_refused_with_the_conflict_message_and_typing_is_kept(
    qtbot, services: Services, team: Team, db_url: str, clock
) -> None:
    idea = make_idea(services, team)
    dialog = open_idea(qtbot, services, team.staff, idea.id)
    type_at_end(qtbot, dialog.proposal_edit, " And a second one at the end of line 2.")
    typed = dialog.proposal_edit.toPlainText()

    # Meanwhile a supervisor changes the title from another PC (another connection, same file).
    elsewhere = Database(db_url)
    try:
        other = Services.create(elsewhere, clock)
        data = SuggestionInput(
            title="Tape dispensers at the packing tables", problem=idea.problem,
            proposal=idea.proposal, area_id=idea.area_id, wastes=idea.wastes,
            expected_savings=idea.expected_savings,
            implementation_cost=idea.implementation_cost, impact=idea.impact,
            effort=idea.effort)
        other.suggestions.update(team.supervisor.id, idea.id, data,
                                 expected_version=idea.version)
    finally:
        elsewhere.dispose()

    with qtbot.waitSignal(dialog.refused, timeout=20_000) as refused:
        press_save(qtbot, dialog)
    settle(qtbot, dialog)
    assert refused.args[0].startswith(f"Someone else changed idea #{idea.id}")
    assert dialog.message_bar.isVisible()
    assert dialog.message_bar.text == refused.args[0]
    assert dialog.message_bar.action_button.isVisible()
    assert dialog.message_bar.action_button.text() == "Reload"
    assert dialog.proposal_edit.toPlainText() == typed  # nothing typed is lost
    assert row_in_file(db_url, idea.id)["proposal"] == idea.proposal

    # Reload: the other person's title comes in, our typing stays; saving now works.
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        qtbot.mouseClick(dialog.message_bar.action_button, Qt.MouseButton.LeftButton)
    assert dialog.title_edit.text() == "Tape dispensers at the packing tables"
    assert dialog.proposal_edit.toPlainText() == typed
    assert "Your changes are still in the form" in dialog.message_bar.text
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        press_save(qtbot, dialog)
    settle(qtbot, dialog)
    stored = row_in_file(db_url, idea.id)
    assert stored["title"] == "Tape dispensers at the packing tables"
    assert stored["proposal"] == typed
    assert stored["version"] == idea.version + 2


def test_a_pasted_text_of_100k_characters_is_refused_under_its_field(
    qtbot, services: Services, team: Team, db_url: str
) -> None:
    idea = make_idea(services, team)
    dialog = open_idea(qtbot, services, team.staff, idea.id)
    QApplication.clipboard().setText("x" * 100_000)
    dialog.problem_edit.setFocus()
    qtbot.keyClick(dialog.problem_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.problem_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(dialog.problem_edit.toPlainText()) == 100_000

    with qtbot.waitSignal(dialog.refused, timeout=20_000):
        press_save(qtbot, dialog)
    settle(qtbot, dialog)
    assert dialog.field_error("problem") == (
        "Problem is too long (100,000 characters; at most 20,000).")
    assert dialog.field_error("title") == ""
    assert dialog.tabs.currentIndex() == TAB_DETAILS
    assert len(dialog.problem_edit.toPlainText()) == 100_000  # kept
    stored = row_in_file(db_url, idea.id)
    assert stored["problem"] == idea.problem
    assert stored["version"] == idea.version


def test_an_empty_title_is_refused_under_the_title(qtbot, services: Services, team: Team,
                                                    db_url: str) -> None:
    idea = make_idea(services, team)
    dialog = open_idea(qtbot, services, team.staff, idea.id)
    dialog.title_edit.clear()
    with qtbot.waitSignal(dialog.refused, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, dialog)
    assert dialog.field_error("title") == "Title is required."
    assert dialog.title_edit.hasFocus()
    assert row_in_file(db_url, idea.id)["title"] == idea.title


# ----------------------------------------------------------------------------- who may edit


def test_another_staff_member_sees_it_read_only_without_a_review_panel(
    qtbot, services: Services, team: Team
) -> None:
    idea = make_idea(services, team)
    dialog = open_idea(qtbot, services, team.other_staff, idea.id)
    assert dialog.title_edit.isReadOnly()
    assert dialog.problem_edit.isReadOnly()
    assert not dialog.area_combo.isEnabled()
    assert not any(chip.isEnabled() for chip in dialog.waste_chips.buttons)
    assert dialog.savings_edit.isReadOnly()
    assert not dialog.impact_spin.buttons[0].isEnabled()
    assert not dialog.save_button.isEnabled()
    assert dialog.note_label.isVisible()
    assert dialog.note_label.text() == (
        "Read only: only Bea Staff, who submitted it, or a supervisor can edit this idea.")
    assert not dialog.tabs.isTabVisible(TAB_REVIEW)
    assert not dialog.photos.new.isVisible()  # no adding photos either


def test_a_staff_review_is_refused_by_the_service_even_when_the_ui_is_bypassed(
    qtbot, services: Services, team: Team, db_url: str
) -> None:
    idea = make_idea(services, team)
    dialog = open_idea(qtbot, services, team.other_staff, idea.id)
    assert not dialog.tabs.isTabVisible(TAB_REVIEW)
    panel = dialog.review_panel
    assert not panel.reject_button.isEnabled()
    panel.reason_edit.setPlainText("Not needed")
    with qtbot.waitSignal(dialog.refused, timeout=20_000) as refused:
        panel.reject()  # what a click would do, were the panel shown
    settle(qtbot, dialog)
    assert refused.args[0] == "A staff may not review suggestions."
    assert dialog.message_bar.text == "A staff may not review suggestions."
    assert not dialog.message_bar.action_button.isVisible()
    assert row_in_file(db_url, idea.id)["status"] is SuggestionStatus.SUBMITTED


def test_the_submitter_cannot_edit_once_the_review_started(qtbot, services: Services,
                                                           team: Team) -> None:
    idea = make_idea(services, team)
    services.suggestions.start_review(team.supervisor.id, idea.id)
    dialog = open_idea(qtbot, services, team.staff, idea.id)
    assert dialog.status_pill.text() == "Under review"
    assert dialog.title_edit.isReadOnly()
    assert dialog.note_label.text() == (
        "Read only: the idea is under review; ask a supervisor to change it.")


def test_with_nobody_picked_nothing_can_be_changed(qtbot, services: Services,
                                                    team: Team) -> None:
    idea = make_idea(services, team)
    dialog = open_idea(qtbot, services, None, idea.id)
    assert dialog.title_edit.isReadOnly()
    assert dialog.note_label.text() == "Pick who is working first to edit this idea."
    assert not dialog.comments.post_button.isEnabled()
    assert dialog.comments.post_button.toolTip() == "Pick who is working first"
    # Picking someone (the main window's picker) enables what they may do.
    dialog.set_person(team.supervisor)
    assert not dialog.title_edit.isReadOnly()
    assert dialog.tabs.isTabVisible(TAB_REVIEW)
    assert dialog.comments.post_button.isEnabled()


# ----------------------------------------------------------------------------------- review


def test_reject_needs_a_reason_next_to_the_field(qtbot, services: Services, team: Team,
                                                 db_url: str) -> None:
    idea = make_idea(services, team)
    dialog = open_idea(qtbot, services, team.supervisor, idea.id)
    assert dialog.tabs.isTabVisible(TAB_REVIEW)
    qtbot.keyClick(dialog, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentIndex() == TAB_REVIEW
    panel = dialog.review_panel
    qtbot.mouseClick(panel.reject_button, Qt.MouseButton.LeftButton)
    settle(qtbot, dialog)
    assert panel.error_text("reason") == "A reason is required."
    assert row_in_file(db_url, idea.id)["status"] is SuggestionStatus.SUBMITTED

    qtbot.keyClicks(panel.reason_edit, "Tape comes pre-cut from next month.")
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        qtbot.mouseClick(panel.reject_button, Qt.MouseButton.LeftButton)
    settle(qtbot, dialog)
    stored = row_in_file(db_url, idea.id)
    assert stored["status"] is SuggestionStatus.REJECTED
    assert stored["review_note"] == "Tape comes pre-cut from next month."
    assert dialog.status_pill.text() == "Rejected"
    assert dialog.review_note_label.text() == "Rejected: Tape comes pre-cut from next month."
    assert panel.error_text("reason") == ""
    # Closed: nobody edits it any more, the review actions are off.
    assert dialog.title_edit.isReadOnly()
    assert dialog.note_label.text() == "This idea is rejected; it can no longer be edited."
    assert not panel.accept_button.isEnabled()
    assert not panel.reject_box.isVisibleTo(panel)  # nothing left to decide


def test_accept_starts_pdca_cycle_one(qtbot, services: Services, team: Team,
                                      db_url: str) -> None:
    idea = make_idea(services, team)
    dialog = open_idea(qtbot, services, team.supervisor, idea.id)
    dialog.tabs.setCurrentIndex(TAB_REVIEW)
    panel = dialog.review_panel
    assert "Accepting starts PDCA cycle 1 in Plan" in panel.accept_note.text()
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status_pill.text() == "Under review", timeout=20_000)
    settle(qtbot, dialog)
    assert not panel.start_button.isEnabled()

    click_combo_item(qtbot, panel.owner_combo, "Bea Staff")
    qtbot.keyClicks(panel.due_edit.line, "18 Dec 2026")
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    settle(qtbot, dialog)

    stored = row_in_file(db_url, idea.id)
    assert stored["status"] is SuggestionStatus.ACCEPTED
    assert stored["owner_id"] == team.staff.id
    assert stored["due_date"] == date(2026, 12, 18)
    assert count_in_file(db_url, PdcaCycle, PdcaCycle.suggestion_id == idea.id) == 1
    cycle = services.pdca.current_cycle(idea.id)
    assert cycle is not None and (cycle.number, cycle.stage) == (1, PdcaStage.PLAN)
    assert dialog.status_pill.text() == "Accepted"
    assert dialog.sub_label.text() == (
        "In PDCA: cycle 1, Plan   ·   Owner: Bea Staff · due 18 Dec 2026")
    assert dialog.message_bar.text == (
        "Accepted. PDCA cycle 1 has started in Plan, owned by Bea Staff.")
    # Still assignable, no longer open for a decision: the decision sections go away.
    assert panel.assign_button.isEnabled()
    assert not panel.reject_button.isEnabled()
    assert not panel.reject_box.isVisibleTo(panel)
    assert not panel.accept_button.isVisibleTo(panel)
    assert panel.status_label.text().startswith("Accepted and in PDCA.")


def test_a_due_date_in_the_past_is_refused_under_the_date(qtbot, services: Services,
                                                           team: Team, db_url: str) -> None:
    idea = make_idea(services, team)
    dialog = open_idea(qtbot, services, team.supervisor, idea.id)
    dialog.tabs.setCurrentIndex(TAB_REVIEW)
    panel = dialog.review_panel
    panel.due_edit.set_value(date(2026, 10, 1))
    qtbot.mouseClick(panel.assign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.error_text("due_date") != "", timeout=20_000)
    assert panel.error_text("due_date") == "A due date cannot be in the past."
    assert row_in_file(db_url, idea.id)["due_date"] is None


def test_send_back_needs_a_note_and_the_note_joins_the_comments(
    qtbot, services: Services, team: Team, db_url: str
) -> None:
    idea = make_idea(services, team)
    services.suggestions.start_review(team.supervisor.id, idea.id)
    dialog = open_idea(qtbot, services, team.supervisor, idea.id)
    dialog.tabs.setCurrentIndex(TAB_REVIEW)
    panel = dialog.review_panel
    qtbot.mouseClick(panel.send_back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.error_text("note") != "", timeout=20_000)
    assert panel.error_text("note") == "A note is required."
    assert row_in_file(db_url, idea.id)["status"] is SuggestionStatus.UNDER_REVIEW

    qtbot.keyClicks(panel.note_edit, "How often does this happen per shift?")
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        qtbot.mouseClick(panel.send_back_button, Qt.MouseButton.LeftButton)
    settle(qtbot, dialog)
    stored = row_in_file(db_url, idea.id)
    assert stored["status"] is SuggestionStatus.SUBMITTED
    assert stored["review_note"] == "How often does this happen per shift?"
    assert dialog.review_note_label.text() == (
        "Sent back for more detail: How often does this happen per shift?")
    assert dialog.tabs.tabText(TAB_COMMENTS) == "Comments (1)"
    assert count_in_file(db_url, Comment, Comment.suggestion_id == idea.id) == 1

    # The submitter can edit it again.
    staff_view = open_idea(qtbot, services, team.staff, idea.id)
    assert not staff_view.title_edit.isReadOnly()


def test_a_review_on_a_stale_copy_offers_to_reload(qtbot, services: Services, team: Team,
                                                  db_url: str) -> None:
    idea = make_idea(services, team)
    dialog = open_idea(qtbot, services, team.supervisor, idea.id)
    services.suggestions.start_review(team.admin.id, idea.id)  # someone else, meanwhile
    dialog.tabs.setCurrentIndex(TAB_REVIEW)
    with qtbot.waitSignal(dialog.refused, timeout=20_000) as refused:
        qtbot.mouseClick(dialog.review_panel.accept_button, Qt.MouseButton.LeftButton)
    assert refused.args[0].startswith(f"Someone else changed idea #{idea.id}")
    assert dialog.message_bar.action_button.text() == "Reload"
    assert row_in_file(db_url, idea.id)["status"] is SuggestionStatus.UNDER_REVIEW


# ----------------------------------------------------------------------------------- photos


def test_photos_show_open_full_size_add_and_remove(qtbot, services: Services, team: Team,
                                                   db_url: str, tmp_path: Path,
                                                   monkeypatch) -> None:
    first = make_photo(tmp_path / "shelf.jpg")
    idea = make_idea(services, team, photos=[first])
    dialog = open_idea(qtbot, services, team.staff, idea.id)
    items = dialog.photos.items()
    assert [item.name for item in items] == ["shelf.jpg"]
    assert dialog.photos.existing.isVisible()
    assert dialog.photos.new.isVisible()

    # Double-click opens it full size in the viewer.
    tile = dialog.photos.existing._photos[0].tile
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    viewer = dialog.viewer
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.pixmap is not None, timeout=20_000)
    assert (viewer.pixmap.width(), viewer.pixmap.height()) == (320, 240)
    assert viewer.remove_button.isVisible()
    viewer.accept()

    # A new photo is stored with the next save.
    second = make_photo(tmp_path / "tape.png", (200, 40, 40))
    dialog.photos.add_files([second])
    qtbot.waitUntil(lambda: dialog.photos.new_paths() == [second], timeout=20_000)
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        press_save(qtbot, dialog)
    settle(qtbot, dialog)
    assert count_in_file(db_url, Attachment, Attachment.suggestion_id == idea.id) == 2
    assert [item.name for item in dialog.photos.items()] == ["shelf.jpg", "tape.png"]
    assert dialog.photos.new_paths() == []

    # Removing one, from its viewer, after saying yes.
    monkeypatch.setattr(dialog, "confirm_remove_photo", lambda name: name == "shelf.jpg")
    viewer = dialog.open_photo(dialog.photos.items()[0].attachment_id)
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        qtbot.mouseClick(viewer.remove_button, Qt.MouseButton.LeftButton)
    settle(qtbot, dialog)
    assert count_in_file(db_url, Attachment, Attachment.suggestion_id == idea.id) == 1
    assert [item.name for item in dialog.photos.items()] == ["tape.png"]


def test_someone_who_may_not_edit_sees_photos_without_remove(qtbot, services: Services,
                                                            team: Team, tmp_path: Path) -> None:
    idea = make_idea(services, team, photos=[make_photo(tmp_path / "bin.jpg")])
    dialog = open_idea(qtbot, services, team.other_staff, idea.id)
    viewer = dialog.open_photo(dialog.photos.items()[0].attachment_id)
    assert viewer is not None
    assert not viewer.remove_button.isVisible()
    viewer.accept()


# ------------------------------------------------------------------------------- dialog


def test_the_save_button_belongs_to_the_details_tab(qtbot, services: Services,
                                                    team: Team) -> None:
    idea = make_idea(services, team)
    dialog = open_idea(qtbot, services, team.supervisor, idea.id)
    assert dialog.save_button.isVisible()
    dialog.tabs.setCurrentIndex(TAB_COMMENTS)
    assert not dialog.save_button.isVisible()
    dialog.tabs.setCurrentIndex(TAB_DETAILS)
    assert dialog.save_button.isVisible()


def test_an_idea_that_does_not_exist_says_so(qtbot, services: Services, team: Team) -> None:
    dialog = open_idea(qtbot, services, team.staff, 9999)
    assert dialog.message_bar.text == "Idea #9999 does not exist (it may have been removed)."
    assert not dialog.save_button.isEnabled()
