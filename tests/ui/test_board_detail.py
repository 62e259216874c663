"""The detail panel of a PDCA card over real services: the five whys and the plan, actions with
overdue ones standing out, the metrics of Check, the Act decision (adapt starts cycle 2, seen in
Plan), the history with stage times from fixed clock times, roles, and refused saves shown next
to their field with what was typed kept."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from kaizen.domain.enums import ActDecision, PdcaStage
from kaizen.services import Services
from kaizen.ui.board.detail import (
    TAB_ACT,
    TAB_CHECK,
    TAB_DO,
    TAB_HISTORY,
    TAB_PLAN,
    CycleDetailDialog,
)
from kaizen.ui.board.models import A_DONE, A_DUE, M_AFTER, M_AFTER_N, M_BEFORE_N, M_CHANGE
from kaizen.ui.board.whys import MAX_WHYS
from kaizen.ui.views.pdca_board import PdcaBoardView
from ui.helpers import Team, click_combo_item
from ui.test_pdca_board import World, build_world, open_board, stage_of

P, D, C, A, X = PdcaStage.PLAN, PdcaStage.DO, PdcaStage.CHECK, PdcaStage.ACT, PdcaStage.DONE


@pytest.fixture
def world(services: Services, team: Team, clock) -> World:
    return build_world(services, team, clock)


def open_detail(qtbot, services: Services, cycle_id: int, person) -> CycleDetailDialog:
    dialog = CycleDetailDialog(services, cycle_id, person)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def save(qtbot, dialog: CycleDetailDialog, button) -> None:
    """Click a save button and wait for the save and the quiet reload after it."""
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)


def refuse(qtbot, dialog: CycleDetailDialog, button) -> str:
    with qtbot.waitSignal(dialog.refused, timeout=20_000) as refused:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    return refused.args[0]


# ------------------------------------------------------------------------------------ Plan


def test_the_plan_with_five_linked_whys(qtbot, services: Services, team: Team,
                                        world: World) -> None:
    dialog = open_detail(qtbot, services, world.empty, team.supervisor)
    assert dialog.tabs.currentIndex() == TAB_PLAN
    assert dialog.title_label.text() == "Label the spare parts shelf"
    assert dialog.stage_pill.text() == "Plan · 2 d"
    assert "Owner: Bea Staff" in dialog.meta_label.text()
    assert "Area: Assembly" in dialog.meta_label.text()

    # The plan starts with the idea's "what is wrong now" (issue 16); it is rewritten here.
    idea = services.suggestions.get(services.pdca.get_cycle(world.empty).suggestion_id)
    assert dialog.plan.problem_edit.toPlainText() == idea.problem != ""
    assert dialog.plan.countermeasure_edit.toPlainText() == idea.proposal != ""
    dialog.plan.problem_edit.clear()
    dialog.plan.countermeasure_edit.clear()
    qtbot.keyClicks(dialog.plan.problem_edit, "Spare parts are hard to find.")
    whys = dialog.plan.whys
    assert len(whys.edits) == 1
    assert whys.edits[0].placeholderText() == "Why does the problem happen?"
    answers = ["Nothing is labelled", "Labels fall off", "The tape is wrong",
               "Nobody chose a tape", "There is no standard for labels"]
    for number, answer in enumerate(answers):
        edit = whys.edits[number]
        qtbot.keyClicks(edit, answer)
        qtbot.keyClick(edit, Qt.Key.Key_Return)  # Enter asks the next why
        if number + 1 < MAX_WHYS:
            assert len(whys.edits) == number + 2
            assert whys.edits[number + 1].hasFocus()
            # Each why asks about the answer above it.
            assert whys.edits[number + 1].placeholderText() == f"Why does “{answer}” happen?"
    assert len(whys.edits) == MAX_WHYS  # five at most
    assert not whys.add_button.isEnabled()
    assert whys.whys() == answers
    qtbot.mouseClick(whys.root_button, Qt.MouseButton.LeftButton)
    assert dialog.plan.root_cause_edit.toPlainText() == "There is no standard for labels"

    qtbot.keyClicks(dialog.plan.metric_edit, "Search time (s)")
    qtbot.keyClicks(dialog.plan.from_edit, "90")
    qtbot.keyClicks(dialog.plan.to_edit, "10")
    qtbot.keyClicks(dialog.plan.by_edit.line, "18 Dec 2026")  # typed as said
    qtbot.keyClicks(dialog.plan.countermeasure_edit, "Printed labels on every bin.")
    save(qtbot, dialog, dialog.plan.save_plan_button)
    saved = services.pdca.get_cycle(world.empty)
    assert saved.problem_statement == "Spare parts are hard to find."
    assert saved.why_chain == answers
    assert saved.root_cause == "There is no standard for labels"
    assert (saved.target_metric, saved.target_from, saved.target_to, saved.target_by) == (
        "Search time (s)", 90.0, 10.0, date(2026, 12, 18)
    )
    assert saved.countermeasure == "Printed labels on every bin."
    assert saved.version == 2
    assert dialog.message_bar.text == "The plan is saved."

    # Removing a why closes the gap: the chain stays in order.
    remover = whys._removers[1]
    qtbot.mouseClick(remover, Qt.MouseButton.LeftButton)
    assert whys.whys() == [answers[0], *answers[2:]]
    assert whys.add_button.isEnabled()


def test_a_refused_plan_shows_the_message_next_to_the_field_and_keeps_the_typing(
    qtbot, services: Services, team: Team, world: World
) -> None:
    dialog = open_detail(qtbot, services, world.doing, team.supervisor)
    dialog.tabs.setCurrentIndex(TAB_PLAN)
    dialog.plan.countermeasure_edit.clear()
    dialog.plan.problem_edit.setPlainText("Parts are 25 m away now.")
    message = refuse(qtbot, dialog, dialog.plan.save_plan_button)
    assert message == ("The cycle is past Plan, so the plan must stay complete. Describe the "
                       "countermeasure.")
    assert dialog.field_error("countermeasure") == message
    assert dialog.field_error("problem_statement") == ""
    assert dialog.message_bar.isHidden()
    assert dialog.plan.problem_edit.toPlainText() == "Parts are 25 m away now."  # kept
    assert services.pdca.get_cycle(world.doing).countermeasure == "A flow rack at the line."

    # A number field that is not a number is caught before the service.
    dialog.plan.countermeasure_edit.setPlainText("A flow rack at the line.")
    dialog.plan.from_edit.setText("-")
    qtbot.mouseClick(dialog.plan.save_plan_button, Qt.MouseButton.LeftButton)
    assert dialog.field_error("target_from") == "The starting value must be a number."


def test_a_plan_changed_meanwhile_by_someone_else_is_a_conflict(qtbot, services: Services,
                                                                team: Team, world: World,
                                                                clock) -> None:
    dialog = open_detail(qtbot, services, world.ready, team.supervisor)
    clock.advance(minutes=5)
    services.pdca.update_plan(team.admin.id, world.ready, problem_statement="Changed by Alex.",
                              why_chain=[], root_cause="", target_metric="Walking (m)",
                              target_from=None, target_to=2.0, target_by=None,
                              countermeasure="A rack.")
    dialog.plan.problem_edit.setPlainText("My version.")
    message = refuse(qtbot, dialog, dialog.plan.save_plan_button)
    assert message == ("Cycle 1 was changed by Alex Admin at 2026-11-04 13:05; reload it and "
                       "try again.")
    assert dialog.message_bar.text == message
    assert dialog.plan.problem_edit.toPlainText() == "My version."
    assert services.pdca.get_cycle(world.ready).problem_statement == "Changed by Alex."
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        qtbot.keyClick(dialog, Qt.Key.Key_F5)
    assert dialog.plan.problem_edit.toPlainText() == "Changed by Alex."


# ------------------------------------------------------------------------------------ Do


def test_actions_are_added_ticked_and_overdue_ones_stand_out(qtbot, services: Services,
                                                             team: Team, world: World,
                                                             clock) -> None:
    dialog = open_detail(qtbot, services, world.doing, team.supervisor)
    assert dialog.tabs.currentIndex() == TAB_DO
    model = dialog.do.actions_model
    assert model.rowCount() == 1
    overdue = model.index(0, A_DUE)
    assert model.data(overdue).endswith("· overdue")
    assert model.data(overdue, Qt.ItemDataRole.ForegroundRole).color() == QColor("#b42318")
    assert dialog.do.do_note.text() == "0 of 1 actions done. 1 overdue (in red)."

    # An empty action is refused next to its field.
    message = refuse(qtbot, dialog, dialog.do.add_action_button)
    assert dialog.field_error("text") == message == "The action is required."

    qtbot.keyClicks(dialog.do.action_edit, "Train the second shift")
    click_combo_item(qtbot, dialog.do.action_owner_combo, "Carl Staff")
    qtbot.keyClicks(dialog.do.action_due_edit.line, "2026-11-30")
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        qtbot.keyClick(dialog.do.action_edit, Qt.Key.Key_Return)  # Enter adds
    assert model.rowCount() == 2
    added = model.row_at(1)
    assert (added.text, added.owner_name, added.due_date, added.overdue) == (
        "Train the second shift", "Carl Staff", date(2026, 11, 30), False
    )
    assert dialog.do.action_edit.text() == ""
    assert dialog.do.action_due_edit.value() is None
    assert dialog.do.action_due_edit.text() == ""  # empty, not a stand-in day

    # Tick the overdue one from the keyboard: its Done cell, then Space.
    table = dialog.do.actions_table
    table.setFocus()
    table.setCurrentIndex(model.index(0, A_DONE))
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        qtbot.keyClick(table, Qt.Key.Key_Space)
    first = model.row_at(0)
    assert first.done_at == clock()
    assert model.data(model.index(0, A_DONE), Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Checked
    )
    assert not first.overdue
    assert dialog.do.do_note.text() == "1 of 2 actions done."


def test_staff_read_the_cycle_and_tick_only_their_actions(qtbot, services: Services,
                                                          team: Team, world: World) -> None:
    dialog = open_detail(qtbot, services, world.doing, team.staff)
    assert dialog.permission_label.text() == (
        "Bea Staff is staff: you can tick the actions you own; supervisors and admins edit "
        "the cycle."
    )
    assert dialog.plan.problem_edit.isReadOnly()
    assert not dialog.plan.save_plan_button.isEnabled()
    assert not dialog.do.add_action_button.isEnabled()
    assert dialog.plan.whys.add_button.isHidden()
    model = dialog.do.actions_model
    # Bea owns the wrench action: she may tick it.
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        model.setData(model.index(0, A_DONE), Qt.CheckState.Checked.value,
                      Qt.ItemDataRole.CheckStateRole)
    assert model.row_at(0).done_at is not None

    services.pdca.add_action(team.supervisor.id, world.doing, text="Calibrate",
                             owner_id=team.other_staff.id)
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        dialog.load()
    with qtbot.waitSignal(dialog.refused, timeout=20_000) as refused:
        model.setData(model.index(1, A_DONE), Qt.CheckState.Checked.value,
                      Qt.ItemDataRole.CheckStateRole)
    assert refused.args == ["Staff can only tick the actions they own."]
    assert dialog.message_bar.text == "Staff can only tick the actions they own."
    assert model.row_at(1).done_at is None

    dialog.set_person(None)
    assert dialog.permission_label.text() == "Pick who is working first to change this cycle."


# ------------------------------------------------------------------------------------ Check


def test_check_lists_the_metrics_and_records_the_result(qtbot, services: Services,
                                                        team: Team, world: World) -> None:
    dialog = open_detail(qtbot, services, world.checking, team.supervisor)
    assert dialog.tabs.currentIndex() == TAB_CHECK
    model = dialog.check.metrics_model
    # The plan's target "Walking (m)", made in Measurements when the plan was saved (issue 16).
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0)) == "Walking (m, lower is better)"
    assert model.data(model.index(0, M_BEFORE_N)) == "3"
    assert model.data(model.index(0, M_AFTER_N)) == "3"
    assert model.data(model.index(0, M_AFTER)) == "3.00 m"
    assert model.data(model.index(0, M_CHANGE)) == "-85.2 %"
    assert dialog.check.metrics_empty.isHidden()
    qtbot.keyClicks(dialog.check.check_edit, "Walking fell from 20 m to 3 m.")
    save(qtbot, dialog, dialog.check.save_check_button)
    assert services.pdca.get_cycle(world.checking).check_result == (
        "Walking fell from 20 m to 3 m."
    )

    # In Plan the check result waits for its stage.
    plan = open_detail(qtbot, services, world.ready, team.supervisor)
    assert not plan.check.save_check_button.isEnabled()
    assert plan.check.check_note.text() == "The check result is written in Check or Act."
    assert plan.check.metrics_model.rowCount() == 1  # the plan's target metric
    assert plan.check.metrics_empty.isHidden()


def test_the_check_tabs_link_opens_measurements_on_the_plans_metric(
        qtbot, services: Services, team: Team, world: World) -> None:
    """Issue 16: "Record them in Measurements" is a link to the cycle's metric; the card
    closes and the board passes the request on (the main window shows Measurements)."""
    cycle = services.pdca.get_cycle(world.checking)
    assert cycle.target_metric_id is not None
    dialog = open_detail(qtbot, services, world.checking, team.supervisor)
    link = dialog.check.measurements_link
    assert link.isEnabled() and link.text() == "Record them in Measurements"
    with qtbot.waitSignal(dialog.measurementsRequested, timeout=20_000) as asked:
        qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    assert asked.args == [cycle.suggestion_id, cycle.target_metric_id]
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)


# ------------------------------------------------------------------------------------ Act


def test_adopt_needs_the_standard_change_next_to_its_field(qtbot, services: Services,
                                                           team: Team, world: World) -> None:
    dialog = open_detail(qtbot, services, world.acting, team.supervisor)
    assert dialog.tabs.currentIndex() == TAB_ACT
    qtbot.mouseClick(dialog.act.save_decision_button, Qt.MouseButton.LeftButton)
    assert dialog.field_error("decision") == "Choose adopt, adapt or abandon."
    dialog.act.decision_buttons[ActDecision.ADOPT].click()
    qtbot.keyClicks(dialog.act.share_edit, "Copy it on line 2.")
    message = refuse(qtbot, dialog, dialog.act.save_decision_button)
    assert dialog.field_error("standard_change") == message
    assert message.startswith("To adopt, describe the standard that changed")
    assert dialog.act.share_edit.toPlainText() == "Copy it on line 2."
    qtbot.keyClicks(dialog.act.standard_edit, "Shadow board in WI-12.")
    save(qtbot, dialog, dialog.act.save_decision_button)
    cycle = services.pdca.get_cycle(world.acting)
    assert (cycle.act_decision, cycle.standard_change, cycle.share_note, cycle.stage) == (
        ActDecision.ADOPT, "Shadow board in WI-12.", "Copy it on line 2.", A
    )


def test_adapt_from_the_panel_starts_cycle_two_in_plan_on_the_board(
    qtbot, services: Services, team: Team, world: World
) -> None:
    board: PdcaBoardView = open_board(qtbot, services, team.supervisor)
    dialog = board.open_card(world.acting)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=20_000)
    dialog.act.decision_buttons[ActDecision.ADAPT].click()
    qtbot.keyClicks(dialog.act.share_edit, "Closer to the press next time.")
    with qtbot.waitSignal(board.loaded, timeout=20_000):
        save(qtbot, dialog, dialog.act.close_cycle_button)
    assert dialog.message_bar.text == ("Cycle 1 is closed. Cycle 2 starts in Plan on the board, "
                                       "carrying the learning.")
    assert dialog.stage_pill.text() == "Done · Adapted"
    assert dialog.permission_label.text() == "Cycle 1 is closed: it is kept as it was."
    assert not dialog.plan.save_plan_button.isEnabled()
    qtbot.waitUntil(lambda: stage_of(board, world.acting) is None, timeout=20_000)
    second = next(c for c in board.columns[P].model.cards()
                  if c.title == "Shadow board for the press tools")
    assert second.cycle_number == 2
    new_cycle = services.pdca.get_cycle(second.cycle_id)
    assert new_cycle.problem_statement == "Parts are 20 m away."  # carried over
    dialog.reject()

    # Cycle 2 opens in Plan with the problem and the cause it carried.
    two = board.open_card(second.cycle_id)
    qtbot.waitUntil(lambda: two.detail is not None, timeout=20_000)
    assert two.tabs.currentIndex() == TAB_PLAN
    assert two.plan.problem_edit.toPlainText() == "Parts are 20 m away."
    assert two.plan.whys.whys() == ["The rack is at the wall."]
    assert "Cycle 2" in two.meta_label.text()
    two.reject()


# ------------------------------------------------------------------------------------ History


def test_history_shows_stage_changes_times_and_the_audit_trail(qtbot, services: Services,
                                                               team: Team, world: World,
                                                               clock) -> None:
    sup = team.supervisor.id
    clock.advance(days=3)
    services.pdca.move(sup, world.checking, D, note="Actions were skipped.")
    clock.advance(days=1, hours=12)
    dialog = open_detail(qtbot, services, world.checking, team.supervisor)
    dialog.tabs.setCurrentIndex(TAB_HISTORY)
    history = dialog.history.history_model
    rows = [[history.data(history.index(r, c)) for c in range(4)]
            for r in range(history.rowCount())]
    assert rows == [
        ["07 Nov 2026 13:00", "Check → Do (back)", "Sam Supervisor", "Actions were skipped."],
        ["02 Nov 2026 12:00", "Do → Check", "Sam Supervisor", ""],
        ["02 Nov 2026 12:00", "Plan → Do", "Sam Supervisor", ""],
        ["02 Nov 2026 12:00", "Opened in Plan", "Sam Supervisor", ""],
    ]
    # Stage times come from the stage-change records and the fixed clock: Check from 2 Nov
    # 12:00 to 7 Nov 13:00, then Do until now (9 Nov 01:00).
    assert dialog.history.timing_label.text() == (
        "Time in each stage: Plan 0 d · Do 1 d · Check 5 d.")
    audit = dialog.history.audit_model
    trail = [[audit.data(audit.index(r, c)) for c in range(1, 4)]
             for r in range(audit.rowCount())]
    assert [row[1] for row in trail] == [
        "Cycle: move", "Cycle: move", "Action: done", "Cycle: move", "Action: add",
        "Cycle: update plan", "Cycle: open",
    ]
    assert trail[0] == ["Sam Supervisor", "Cycle: move",
                        "stage: Check → Do; stage entered at: 02 Nov 2026 12:00 → "
                        "07 Nov 2026 13:00"]
    assert trail[4][2] == "text: Print the cards"

    # A closed cycle also has its lead time.
    services.pdca.decide(sup, world.acting, decision=ActDecision.ADOPT,
                         standard_change="In the work instruction.")
    clock.advance(days=1)
    services.pdca.move(sup, world.acting, X)
    closed = open_detail(qtbot, services, world.acting, team.supervisor)
    assert closed.history.timing_label.text() == (
        "Time in each stage: Plan 0 d · Do 0 d · Check 0 d · Act 7 d. "
        "Lead time from Plan to Done: 7 d."  # 2 Nov 13:00 to 10 Nov 01:00: 7.5 days
    )
    assert closed.stage_pill.text() == "Done · Standardised"


def test_the_main_window_shows_measurements_on_the_metric_the_card_asked_for(
        qtbot, services: Services, team: Team, world: World) -> None:
    """Issue 16: the board's measurementsRequested lands on the Measurements view, on the idea
    and its metric."""
    from kaizen.ui.main_window import MEASUREMENTS, PDCA_BOARD
    from kaizen.ui.main_window import MainWindow as Window

    cycle = services.pdca.get_cycle(world.checking)
    window = Window(services, restore_person=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    board = window.page_at(PDCA_BOARD)
    with qtbot.waitSignal(window.currentViewChanged, timeout=20_000):
        board.measurementsRequested.emit(cycle.suggestion_id, cycle.target_metric_id)
    page = window.page_at(MEASUREMENTS)
    assert window.stack.currentIndex() == MEASUREMENTS
    qtbot.waitUntil(lambda: page.idea is not None
                    and page.idea.info.id == cycle.suggestion_id, timeout=20_000)
    qtbot.waitUntil(lambda: page.metric_combo.currentData() == cycle.target_metric_id,
                    timeout=20_000)
