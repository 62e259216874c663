"""Stale messages go (issue 16): a field's message clears as soon as that field is edited (one
rule, in the save mechanism), and the board's gate refusal goes once the plan is fixed or the
board is left and shown again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kaizen.domain.enums import PdcaStage
from kaizen.services import Services
from kaizen.ui.capture.idea_form import IdeaDialog
from kaizen.ui.detail.observation_detail import ObservationDetailDialog
from kaizen.ui.views.pdca_board import PdcaBoardView
from ui.helpers import Team
from ui.test_observation_detail import make_observation
from ui.test_pdca_board import build_world, open_board, press_move


def test_title_is_required_goes_once_a_title_is_typed(qtbot, services: Services,
                                                      team: Team) -> None:
    form = IdeaDialog(services, team.staff)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    qtbot.waitUntil(lambda: form.is_ready)
    with qtbot.waitSignal(form.saveFinished, timeout=10_000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.refusals.field_error("title") == "Title is required."
    # Typing elsewhere leaves it; typing in the title takes it down.
    qtbot.keyClicks(form.problem_edit, "Tape is far away.")
    assert form.refusals.field_error("title") == "Title is required."
    qtbot.keyClicks(form.title_edit, "T")
    assert form.refusals.field_error("title") == ""


def test_a_field_message_goes_when_its_field_is_edited_in_a_detail_dialog(
    qtbot, services: Services, team: Team
) -> None:
    obs = make_observation(services, team)
    dialog = ObservationDetailDialog(services, team.staff, obs.id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        dialog.show()
    dialog.description_edit.clear()
    with qtbot.waitSignal(dialog.refused, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.field_error("description") != ""
    qtbot.keyClicks(dialog.description_edit, "W")
    assert dialog.field_error("description") == ""


def test_the_gate_refusal_goes_once_the_plan_is_fixed(qtbot, services: Services, team: Team,
                                                      clock) -> None:
    world = build_world(services, team, clock)
    board = open_board(qtbot, services, team.supervisor)
    assert not press_move(qtbot, board, world.empty, Qt.Key.Key_Right)
    assert "cannot move from Plan to Do" in board.message_bar.text
    assert not board.message_bar.isHidden()

    dialog = board.open_card(world.empty)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=20_000)
    plan = dialog.plan
    qtbot.keyClicks(plan.problem_edit, "Spare parts are hard to find.")
    qtbot.keyClicks(plan.metric_edit, "Search time (s)")
    qtbot.keyClicks(plan.from_edit, "90")
    qtbot.keyClicks(plan.to_edit, "10")
    qtbot.keyClicks(plan.countermeasure_edit, "Labels on every bin.")
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.keyClick(plan.countermeasure_edit, Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: board.message_bar.isHidden(), timeout=20_000)
    dialog.reject()


def test_the_gate_refusal_goes_on_leaving_and_coming_back(qtbot, window, services: Services,
                                                          team: Team, clock) -> None:
    world = build_world(services, team, clock)
    window.who_picker.adopt(team.supervisor)
    board = window.page(PdcaBoardView)
    with qtbot.waitSignal(board.loaded, timeout=20_000):
        window.show_view(window.pages.index(board))
    assert not press_move(qtbot, board, world.empty, Qt.Key.Key_Right)
    assert not board.message_bar.isHidden()
    window.show_view(0)
    with qtbot.waitSignal(board.loaded, timeout=20_000):
        window.show_view(window.pages.index(board))
    assert board.message_bar.isHidden()
    assert board.columns[PdcaStage.PLAN].model.row_of(world.empty) >= 0
    assert QApplication.focusWidget() is None or not window.who_picker.isAncestorOf(
        QApplication.focusWidget())
