"""The batch review dialog over real services and a real SQLite file: each action with the
fields it needs (the service's refusals shown under them, nothing changed), per-idea outcomes,
the keyboard, and the roles."""

from __future__ import annotations

from datetime import date

import pytest
from backend import run_sql
from PySide6.QtCore import Qt

from kaizen.domain.enums import SuggestionStatus
from kaizen.services import Services
from kaizen.services.suggestions import ReviewAction, SuggestionInput
from kaizen.ui import worker
from kaizen.ui.review.batch_review import BatchReviewDialog
from ui.helpers import Team, click_combo_item


def outcome_texts(dialog) -> list[str]:
    """The outcome lines the batch review dialog lists, as shown."""
    model = dialog.outcomes_model
    return [model.item(r).text() for r in range(model.rowCount())]


@pytest.fixture
def ideas(services: Services, team: Team) -> list[int]:
    area = services.people.list_areas()[1]
    made = []
    for title in ("Label the bins", "Move the printer", "Shadow board for the tools"):
        made.append(services.suggestions.create(team.staff.id, SuggestionInput(
            title=title, problem="It takes long.", proposal="Do it better.",
            area_id=area.id)).id)
    return made


def open_dialog(qtbot, services: Services, person, ids: list[int],
                action: ReviewAction = ReviewAction.ACCEPT) -> BatchReviewDialog:
    dialog = BatchReviewDialog(services, person, ids, action=action)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: worker.active_tasks() == 0)
    return dialog


def submit(qtbot, dialog: BatchReviewDialog) -> None:
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running and worker.active_tasks() == 0)


def statuses(db_url: str, ids: list[int]) -> list[str]:
    found = dict(run_sql(db_url, "SELECT id, status FROM suggestions"))
    return [found[i] for i in ids]


def test_it_lists_the_ideas_and_starts_on_accept(qtbot, services, team, ideas) -> None:
    dialog = open_dialog(qtbot, services, team.supervisor, ideas)
    assert dialog.windowTitle() == "Review 3 ideas"
    texts = [dialog.ideas_model.item(r).text() for r in range(3)]
    assert texts == [f"#{ideas[0]}  Label the bins  ·  Submitted",
                     f"#{ideas[1]}  Move the printer  ·  Submitted",
                     f"#{ideas[2]}  Shadow board for the tools  ·  Submitted"]
    assert dialog.action is ReviewAction.ACCEPT
    assert dialog.submit_button.text() == "Accept 3 ideas"
    assert dialog.owner_combo.isVisible() and dialog.due_edit.isVisible()
    assert not dialog.note_edit.isVisible()
    qtbot.mouseClick(dialog.action_buttons[ReviewAction.REJECT], Qt.MouseButton.LeftButton)
    assert dialog.note_edit.isVisible() and not dialog.owner_combo.isVisible()
    assert dialog.submit_button.text() == "Reject 3 ideas"


def test_reject_needs_a_reason(qtbot, services, team, ideas, db_url) -> None:
    dialog = open_dialog(qtbot, services, team.supervisor, ideas[:2])
    qtbot.mouseClick(dialog.action_buttons[ReviewAction.REJECT], Qt.MouseButton.LeftButton)
    submit(qtbot, dialog)
    assert dialog.form.error_text("reason_or_note") == "A reason is required."
    assert dialog.outcomes is None and dialog.isVisible()
    assert statuses(db_url, ideas[:2]) == ["submitted", "submitted"]
    qtbot.keyClicks(dialog.note_edit, "We are replacing that line next year.")
    with qtbot.waitSignal(dialog.reviewed, timeout=10_000) as reviewed:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert [o.ok for o in reviewed.args[0]] == [True, True]
    assert statuses(db_url, ideas[:2]) == ["rejected", "rejected"]
    assert services.suggestions.get(ideas[0]).review_note == (
        "We are replacing that line next year.")
    assert outcome_texts(dialog) == [f"Idea #{ideas[0]} rejected.",
                                      f"Idea #{ideas[1]} rejected."]
    assert dialog.summary_label.text() == "2 ideas rejected"  # not "done (reject)"
    assert dialog.submit_button.text() == "Close"
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.result() == BatchReviewDialog.DialogCode.Accepted


def test_send_back_needs_a_note_and_adds_it_to_the_comments(qtbot, services, team, ideas,
                                                            db_url) -> None:
    services.suggestions.start_review(team.supervisor.id, ideas[0])
    dialog = open_dialog(qtbot, services, team.supervisor, [ideas[0]],
                         action=ReviewAction.SEND_BACK)
    assert dialog.submit_button.text() == "Send back 1 idea"
    submit(qtbot, dialog)
    assert dialog.form.error_text("reason_or_note") == "A note is required."
    assert statuses(db_url, [ideas[0]]) == ["under_review"]
    qtbot.keyClicks(dialog.note_edit, "Which station is it?")
    submit(qtbot, dialog)
    assert statuses(db_url, [ideas[0]]) == ["submitted"]
    comments = services.suggestions.list_comments(ideas[0])
    assert [c.body for c in comments] == ["Which station is it?"]
    assert comments[0].author_id == team.supervisor.id


def test_accept_with_an_owner_and_a_due_date(qtbot, services, team, ideas, db_url,
                                             clock) -> None:
    dialog = open_dialog(qtbot, services, team.admin, ideas[:2])
    click_combo_item(qtbot, dialog.owner_combo, "Carl Staff")
    dialog.due_edit.set_value(date(2026, 10, 1))  # before today (2 Nov 2026)
    submit(qtbot, dialog)
    assert dialog.form.error_text("due_date") == "A due date cannot be in the past."
    assert dialog.due_edit.value() == date(2026, 10, 1)  # what was typed stays
    assert statuses(db_url, ideas[:2]) == ["submitted", "submitted"]
    dialog.due_edit.set_value(date(2026, 12, 15))
    submit(qtbot, dialog)
    assert dialog.form.error_text("due_date") == ""
    assert statuses(db_url, ideas[:2]) == ["accepted", "accepted"]
    for idea_id in ideas[:2]:
        info = services.suggestions.get(idea_id)
        assert info.owner_id == team.other_staff.id and info.due_date == date(2026, 12, 15)
        assert info.current_stage is not None and info.current_stage.value == "plan"
    assert statuses(db_url, [ideas[2]]) == ["submitted"]


def test_each_idea_has_its_own_outcome(qtbot, services, team, ideas, db_url) -> None:
    services.suggestions.reject(team.supervisor.id, ideas[1], "Duplicate of another idea.")
    dialog = open_dialog(qtbot, services, team.supervisor, ideas)
    assert dialog.ideas_model.item(1).text().endswith("Rejected")
    submit(qtbot, dialog)
    assert [o.ok for o in dialog.outcomes] == [True, False, True]
    texts = outcome_texts(dialog)
    assert texts[0] == f"Idea #{ideas[0]} accepted."
    assert texts[1].startswith(f"Idea #{ideas[1]} is rejected;")
    assert dialog.summary_label.text() == "2 ideas accepted · 1 refused"
    assert statuses(db_url, ideas) == ["accepted", "rejected", "accepted"]


def test_start_review_from_the_keyboard(qtbot, services, team, ideas, db_url) -> None:
    dialog = open_dialog(qtbot, services, team.supervisor, ideas)
    qtbot.mouseClick(dialog.action_buttons[ReviewAction.START_REVIEW],
                     Qt.MouseButton.LeftButton)
    assert dialog.submit_button.text() == "Start review of 3 ideas"
    assert not dialog.note_edit.isVisible() and not dialog.owner_combo.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    with qtbot.waitSignal(dialog.reviewed, timeout=10_000):
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: worker.active_tasks() == 0)
    assert statuses(db_url, ideas) == ["under_review"] * 3
    assert SuggestionStatus.UNDER_REVIEW.label == "Under review"


def test_escape_closes_without_changing_anything(qtbot, services, team, ideas,
                                                 db_url) -> None:
    dialog = open_dialog(qtbot, services, team.supervisor, ideas)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == BatchReviewDialog.DialogCode.Rejected
    assert statuses(db_url, ideas) == ["submitted"] * 3


@pytest.mark.parametrize("who", ["staff", "nobody"])
def test_only_supervisors_and_admins_can_submit(qtbot, services, team, ideas, db_url,
                                                who) -> None:
    person = team.staff if who == "staff" else None
    dialog = open_dialog(qtbot, services, person, ideas)
    assert not dialog.submit_button.isEnabled()
    expected = ("Bea Staff is staff: only supervisors and admins review ideas."
                if who == "staff" else "Pick who is working first.")
    assert dialog.form.general_error.text() == expected
    assert all(not b.isEnabled() for b in dialog.action_buttons.values())
    dialog.submit()  # the shortcut's path: refused too
    qtbot.waitUntil(lambda: worker.active_tasks() == 0)
    assert dialog.outcomes is None
    assert statuses(db_url, ideas) == ["submitted"] * 3
