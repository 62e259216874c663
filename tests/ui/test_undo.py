"""Undo (Ctrl+Z) of the last card move on the PDCA board and of the last batch review on the
Ideas list (issue 16), on real widgets over real services: the message offers Undo, Ctrl+Z takes
the change back through kaizen.services.undo (audited), and after 30 s on the injected clock the
undo is refused in words. The rules themselves are tested in tests/services/test_undo.py."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kaizen.domain.enums import PdcaStage, SuggestionStatus
from kaizen.services import Services
from kaizen.services.suggestions import SuggestionInput
from kaizen.services.undo import UNDO_SECONDS
from kaizen.ui.undo_offer import NOTHING
from kaizen.ui.views.ideas import IdeasView
from ui.helpers import Team
from ui.test_pdca_board import (
    World,
    build_world,
    open_board,
    press_move,
    select_card,
    stage_of,
    wait_reloaded,
)


def test_ctrl_z_takes_a_card_move_back_on_the_board(qtbot, services: Services, team: Team,
                                                     clock) -> None:
    world: World = build_world(services, team, clock)
    board = open_board(qtbot, services, team.supervisor)
    assert press_move(qtbot, board, world.ready, Qt.Key.Key_Right)
    assert stage_of(board, world.ready) is PdcaStage.DO
    bar = board.message_bar
    assert bar.isVisible() and not bar.action_button.isHidden()
    assert bar.action_button.text() == "Undo"

    clock.advance(seconds=UNDO_SECONDS - 5)
    list_view = select_card(qtbot, board, world.ready)
    with qtbot.waitSignal(board.undo.undone, timeout=20_000) as undone:
        qtbot.keyClick(list_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert undone.args[0] == [f"Undone: cycle 1 of idea #"
                              f"{services.pdca.get_cycle(world.ready).suggestion_id} is back "
                              "in Plan."]
    wait_reloaded(qtbot, board)
    assert services.pdca.get_cycle(world.ready).stage is PdcaStage.PLAN
    assert stage_of(board, world.ready) is PdcaStage.PLAN
    assert bar.text.startswith("Undone: cycle 1")

    # Nothing left to undo; and a move undone too late is refused, the card staying put.
    qtbot.keyClick(select_card(qtbot, board, world.ready), Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier)
    assert bar.text == NOTHING
    assert press_move(qtbot, board, world.ready, Qt.Key.Key_Right)
    clock.advance(seconds=UNDO_SECONDS + 1)
    with qtbot.waitSignal(board.undo.saver.refused, timeout=20_000) as refused:
        qtbot.mouseClick(bar.action_button, Qt.MouseButton.LeftButton)
    assert refused.args[0].startswith("Too late to undo on cycle 1")
    wait_reloaded(qtbot, board)
    assert services.pdca.get_cycle(world.ready).stage is PdcaStage.DO


def test_ctrl_z_takes_a_batch_review_back_on_the_ideas_list(qtbot, services: Services,
                                                           team: Team, clock) -> None:
    area = next(a for a in services.people.list_areas() if a.name == "Assembly")
    ids = [services.suggestions.create(team.staff.id, SuggestionInput(
        title=f"Idea {n}", problem="Walking.", proposal="Closer.", area_id=area.id)).id
        for n in range(2)]
    view = IdeasView(services)
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.set_person(team.supervisor)
    view.show()
    with qtbot.waitSignal(view.listLoaded, timeout=20_000):
        view.refresh()
    view.table.select_ids(ids)
    qtbot.mouseClick(view.review_button, Qt.MouseButton.LeftButton)
    dialog = view.review_dialog
    qtbot.waitUntil(lambda: dialog.submit_button.isEnabled())
    with qtbot.waitSignal(view.reviewed, timeout=20_000):
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert {services.suggestions.get(i).status for i in ids} == {SuggestionStatus.ACCEPTED}
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)  # "Close"
    qtbot.waitUntil(lambda: view.review_dialog is None)
    assert view.message_bar.text == "2 ideas reviewed."
    assert not view.message_bar.action_button.isHidden()

    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.table.setFocus()
    with qtbot.waitSignal(view.undo.undone, timeout=20_000):
        qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    for idea_id in ids:
        info = services.suggestions.get(idea_id)
        assert info.status is SuggestionStatus.SUBMITTED and info.current_cycle_id is None
    for idea_id in ids:
        assert f"Undone the accept: idea #{idea_id} is submitted again." in view.message_bar.text


def test_ctrl_z_takes_a_rejection_back_in_the_ideas_detail(qtbot, services: Services,
                                                           team: Team) -> None:
    from ui.test_idea_detail import open_idea

    area = next(a for a in services.people.list_areas() if a.name == "Assembly")
    idea_id = services.suggestions.create(team.staff.id, SuggestionInput(
        title="Idea to reject", problem="Walking.", proposal="Closer.", area_id=area.id)).id
    dialog = open_idea(qtbot, services, team.supervisor, idea_id)
    panel = dialog.review_panel
    qtbot.keyClicks(panel.reason_edit, "Not now.")
    with qtbot.waitSignal(panel.reviewed, timeout=20_000):
        qtbot.mouseClick(panel.reject_button, Qt.MouseButton.LeftButton)
    assert services.suggestions.get(idea_id).status is SuggestionStatus.REJECTED
    qtbot.waitUntil(lambda: dialog.detail.info.status is SuggestionStatus.REJECTED,
                    timeout=20_000)
    assert not dialog.message_bar.action_button.isHidden()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    with qtbot.waitSignal(dialog.undo.undone, timeout=20_000):
        qtbot.keyClick(dialog.tabs, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    info = services.suggestions.get(idea_id)
    assert info.status is SuggestionStatus.SUBMITTED and info.review_note == ""
    qtbot.waitUntil(lambda: dialog.detail.info.status is SuggestionStatus.SUBMITTED,
                    timeout=20_000)
