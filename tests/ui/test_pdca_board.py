"""The PDCA board over real services and a real SQLite file: columns, drag and drop (the drop
handler and real drop events), the keyboard path, gates, back-moves with a note, adapt, roles,
filters, the quiet poll, F5 and the conflict of two people moving the same card."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMenu, QPushButton, QWidget

from kaizen.db.engine import Database
from kaizen.domain.enums import ActDecision, AreaKind, MeasurementPhase, MetricDirection, PdcaStage
from kaizen.services import Services
from kaizen.services.suggestions import SuggestionInput
from kaizen.ui import worker
from kaizen.ui.board.column import CardListView
from kaizen.ui.board.delegate import ITEM_HEIGHT
from kaizen.ui.board.models import CARD_MIME, CardListModel, decode_card
from kaizen.ui.views.pdca_board import PICK_PERSON, PdcaBoardView
from kaizen.ui.who_picker import person_label
from ui.helpers import Team, click_combo_item, pick_person

P, D, C, A, X = PdcaStage.PLAN, PdcaStage.DO, PdcaStage.CHECK, PdcaStage.ACT, PdcaStage.DONE


# ------------------------------------------------------------------------------------ the world


@dataclass(frozen=True)
class World:
    line_id: int
    department_id: int
    ready: int  # Plan, plan complete: may move to Do
    empty: int  # Plan, nothing planned: the gate refuses
    doing: int  # Do, one open action overdue
    checking: int  # Check with before and after data: may move to Act
    acting: int  # Act, no decision yet


def accept(services: Services, team: Team, title: str, area_id: int,
           owner_id: int | None = None) -> int:
    idea = services.suggestions.create(team.staff.id, SuggestionInput(
        title=title, problem="Operators walk to fetch parts.", proposal="Bring them closer.",
        area_id=area_id, expected_savings=1000.0, implementation_cost=50.0,
    ))
    services.suggestions.accept(team.supervisor.id, idea.id, owner_id=owner_id)
    cycle = services.pdca.current_cycle(idea.id)
    assert cycle is not None
    return cycle.id


def fill_plan(services: Services, team: Team, cycle_id: int) -> None:
    services.pdca.update_plan(
        team.supervisor.id, cycle_id, problem_statement="Parts are 20 m away.",
        why_chain=["The rack is at the wall."], root_cause="No point-of-use storage.",
        target_metric="Walking (m)", target_from=20.0, target_to=2.0, target_by=None,
        countermeasure="A flow rack at the line.",
    )


def measure(services: Services, team: Team, cycle_id: int) -> None:
    """Samples on the plan's target metric, which saving the plan made (issue 16)."""
    cycle = services.pdca.get_cycle(cycle_id)
    metric_id = cycle.target_metric_id
    if metric_id is None:
        metric_id = services.measurements.add_metric(
            team.supervisor.id, cycle.suggestion_id, name="Walking", unit="m",
            direction=MetricDirection.LOWER_IS_BETTER).id
    services.measurements.add_measurements(team.supervisor.id, metric_id,
                                           MeasurementPhase.BEFORE, [20, 22, 19])
    services.measurements.add_measurements(team.supervisor.id, metric_id,
                                           MeasurementPhase.AFTER, [3, 2, 4])


def build_world(services: Services, team: Team, clock) -> World:
    people = services.people
    department = next(a for a in people.list_areas() if a.name == "Assembly")
    line = people.create_area(team.admin.id, name="Line 7", kind=AreaKind.LINE,
                              parent_id=department.id)
    sup = team.supervisor.id
    ready = accept(services, team, "Flow rack for M8 nuts", line.id, owner_id=sup)
    fill_plan(services, team, ready)
    clock.advance(hours=1)
    empty = accept(services, team, "Label the spare parts shelf", department.id,
                   owner_id=team.staff.id)
    clock.advance(hours=1)
    doing = accept(services, team, "Second torque wrench at station 4", line.id, owner_id=sup)
    fill_plan(services, team, doing)
    services.pdca.add_action(sup, doing, text="Order the wrench", owner_id=team.staff.id,
                             due_date=clock().date() + timedelta(days=1))
    services.pdca.move(sup, doing, D)
    clock.advance(hours=1)
    checking = accept(services, team, "Kanban card for gloves", department.id,
                      owner_id=team.other_staff.id)
    fill_plan(services, team, checking)
    action = services.pdca.add_action(sup, checking, text="Print the cards")
    services.pdca.move(sup, checking, D)
    services.pdca.set_action_done(sup, action.id, True)
    services.pdca.move(sup, checking, C)
    measure(services, team, checking)
    clock.advance(hours=1)
    acting = accept(services, team, "Shadow board for the press tools", line.id, owner_id=sup)
    fill_plan(services, team, acting)
    action = services.pdca.add_action(sup, acting, text="Build the board")
    services.pdca.move(sup, acting, D)
    services.pdca.set_action_done(sup, action.id, True)
    services.pdca.move(sup, acting, C)
    measure(services, team, acting)
    services.pdca.move(sup, acting, A)
    clock.advance(days=2)  # the wrench action is now overdue
    return World(line.id, department.id, ready, empty, doing, checking, acting)


@pytest.fixture
def world(services: Services, team: Team, clock) -> World:
    return build_world(services, team, clock)


def open_board(qtbot, services: Services, person) -> PdcaBoardView:
    view = PdcaBoardView(services)
    qtbot.addWidget(view)
    view.resize(1280, 820)
    view.set_person(person)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.refresh()
    qtbot.waitUntil(lambda: view.area_combo.count() > 1)
    return view


@pytest.fixture
def board(qtbot, services: Services, team: Team, world: World) -> PdcaBoardView:
    return open_board(qtbot, services, team.supervisor)


@pytest.fixture
def other_services(db_url: str, clock) -> Iterator[Services]:
    """A second user: another connection to the same database file."""
    other_db = Database(db_url)
    yield Services.create(other_db, clock)
    other_db.dispose()


def column_ids(view: PdcaBoardView, stage: PdcaStage) -> list[int]:
    return [card.cycle_id for card in view.columns[stage].model.cards()]


def stage_of(view: PdcaBoardView, cycle_id: int) -> PdcaStage | None:
    for stage, column in view.columns.items():
        if cycle_id in [c.cycle_id for c in column.model.cards()]:
            return stage
    return None


def select_card(qtbot, view: PdcaBoardView, cycle_id: int) -> CardListView:
    """Click the card, as a person would; returns its column's list view."""
    stage = stage_of(view, cycle_id)
    assert stage is not None, f"cycle {cycle_id} is not on the board"
    list_view = view.card_view(stage)
    row = list_view.card_model().row_of(cycle_id)
    index = list_view.model().index(row, 0)
    list_view.scrollTo(index)
    rect = list_view.visualRect(index)
    qtbot.mouseClick(list_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert list_view.current_card().cycle_id == cycle_id
    return list_view


def press_move(qtbot, view: PdcaBoardView, cycle_id: int, key: Qt.Key) -> bool:
    """Select the card, press Ctrl+key, wait for the service's answer and the reload."""
    list_view = select_card(qtbot, view, cycle_id)
    with qtbot.waitSignal(view.moveFinished, timeout=20_000) as answer:
        qtbot.keyClick(list_view, key, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not view._loading and not view._moving, timeout=20_000)
    return bool(answer.args[0])


def drop(view: PdcaBoardView, cycle_id: int, to_stage: PdcaStage) -> bool:
    """Drive the drop handler of the target column with the source column's drag data."""
    source: CardListModel = view.columns[stage_of(view, cycle_id)].model
    mime = source.mimeData([source.index(source.row_of(cycle_id), 0)])
    target = view.columns[to_stage].model
    return target.dropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, QModelIndex())


def wait_reloaded(qtbot, view: PdcaBoardView) -> None:
    qtbot.waitUntil(lambda: not view._loading and not view._moving, timeout=20_000)


# ------------------------------------------------------------------------------------ showing


def test_cards_sit_in_their_columns_with_counts(board: PdcaBoardView, world: World) -> None:
    assert list(board.columns) == [P, D, C, A, X]
    assert column_ids(board, P) == [world.ready, world.empty]  # longest waiting first
    assert column_ids(board, D) == [world.doing]
    assert column_ids(board, C) == [world.checking]
    assert column_ids(board, A) == [world.acting]
    assert column_ids(board, X) == []
    assert [board.columns[s].count_label.text() for s in board.columns] == [
        "2", "1", "1", "1", "0"
    ]
    assert board.summary_label.text() == "5 open · 1 overdue · 0 done"
    doing = board.columns[D].model.card(0)
    assert (doing.title, doing.owner_name, doing.area_name, doing.cycle_number) == (
        "Second torque wrench at station 4", "Sam Supervisor", "Line 7", 1
    )
    assert (doing.days_in_stage, doing.overdue_actions, doing.open_actions) == (2, 1, 1)
    tip = board.columns[D].model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "1 overdue" in tip and "2 days in Do" in tip
    assert board.stack.currentWidget() is board.board


def test_cards_are_painted_by_a_delegate_not_widgets(qtbot, board: PdcaBoardView) -> None:
    widgets_before = len(board.findChildren(QWidget))
    view = board.card_view(P)
    assert view.uniformItemSizes()
    assert view.sizeHintForRow(0) == ITEM_HEIGHT
    image = board.grab().toImage()
    # The first Plan card is painted: white card over the grey column, its age bar green.
    rect = view.visualRect(view.model().index(0, 0))
    origin = view.viewport().mapTo(board, rect.topLeft())
    assert image.pixelColor(origin + QPoint(rect.width() // 2, 40)).name() == "#ffffff"
    assert image.pixelColor(origin + QPoint(5, 40)).name() == "#12b76a"
    assert len(board.findChildren(QWidget)) == widgets_before


def test_an_empty_board_says_what_it_is_for(qtbot, services: Services, team: Team) -> None:
    view = open_board(qtbot, services, team.supervisor)
    assert view.stack.currentWidget() is view.empty_state
    assert view.empty_state.title_label.text() == "No changes on the board yet"
    assert "Accept an idea" in view.empty_state.text_label.text()
    assert view.empty_state.action_button.isHidden()


# ------------------------------------------------------------------------------------ moving


def test_dropping_a_card_on_the_next_column_moves_it(qtbot, board: PdcaBoardView,
                                                     services: Services, world: World,
                                                     team: Team) -> None:
    with qtbot.waitSignal(board.moveFinished, timeout=20_000) as answer:
        assert drop(board, world.ready, D)
        # Shown in its new column at once, faded, until the service agrees.
        assert world.ready in column_ids(board, D)
        assert board.columns[D].model.pending == {world.ready}
    assert answer.args == [True]
    wait_reloaded(qtbot, board)
    assert column_ids(board, D) == [world.doing, world.ready]
    assert board.columns[D].model.pending == set()
    assert board.message_bar.text == "Moved “Flow rack for M8 nuts” to Do."
    change = services.pdca.get_cycle(world.ready).history[-1]
    assert (change.from_stage, change.to_stage, change.person_name) == (P, D, "Sam Supervisor")
    assert board.columns[D].view.current_card().cycle_id == world.ready


def test_a_real_drop_event_on_a_column_moves_the_card(qtbot, board: PdcaBoardView,
                                                      world: World) -> None:
    source = board.columns[C].model
    mime = source.mimeData([source.index(0, 0)])
    assert mime.hasFormat(CARD_MIME)
    assert decode_card(mime).cycle_id == world.checking
    target = board.card_view(A).viewport()
    # Qt's signatures: drag enter and move take a QPoint, the drop a QPointF.
    point = target.rect().center()
    where = QPointF(point)
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, Qt.DropAction.MoveAction, mime, buttons, modifiers)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    assert board.card_view(A).drop_hover
    move = QDragMoveEvent(point, Qt.DropAction.MoveAction, mime, buttons, modifiers)
    QApplication.sendEvent(target, move)
    assert move.isAccepted()
    with qtbot.waitSignal(board.moveFinished, timeout=20_000) as answer:
        event = QDropEvent(where, Qt.DropAction.MoveAction, mime, buttons, modifiers)
        QApplication.sendEvent(target, event)
        assert event.isAccepted()
    assert answer.args == [True]
    wait_reloaded(qtbot, board)
    assert column_ids(board, A) == [world.acting, world.checking]
    assert not board.card_view(A).drop_hover


def test_a_drop_on_its_own_column_or_of_foreign_data_is_refused(board: PdcaBoardView,
                                                                world: World) -> None:
    model = board.columns[P].model
    mime = model.mimeData([model.index(0, 0)])
    assert not model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    assert not model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    text_only = mime.__class__()
    text_only.setText("hello")
    assert not board.columns[D].model.canDropMimeData(text_only, Qt.DropAction.MoveAction, -1,
                                                       0, QModelIndex())
    assert decode_card(text_only) is None


def test_ctrl_right_and_ctrl_left_move_the_selected_card(qtbot, board: PdcaBoardView,
                                                         services: Services,
                                                         world: World) -> None:
    assert press_move(qtbot, board, world.ready, Qt.Key.Key_Right)
    assert stage_of(board, world.ready) is D
    view = board.card_view(D)
    assert view.current_card().cycle_id == world.ready
    assert view.hasFocus()  # the keyboard can carry on with the same card

    # Back to Plan: a note is asked first.
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: board.note_dialog is not None and board.note_dialog.isVisible())
    dialog = board.note_dialog
    assert dialog.windowTitle() == "Move back to Plan"
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.note_edit, "The rack does not fit the aisle.")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(board.moveFinished, timeout=20_000) as answer:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert answer.args == [True]
    wait_reloaded(qtbot, board)
    assert stage_of(board, world.ready) is P
    change = services.pdca.get_cycle(world.ready).history[-1]
    assert (change.from_stage, change.to_stage, change.note) == (
        D, P, "The rack does not fit the aisle."
    )


def test_the_context_menu_moves_the_card(qtbot, board: PdcaBoardView, world: World) -> None:
    view = board.card_view(C)
    rect = view.visualRect(view.model().index(0, 0))
    view.customContextMenuRequested.emit(rect.center())
    menu: QMenu = board.context_menu
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["Open details", "Move to Act", "Move back to Do…"]
    forward = next(a for a in menu.actions() if a.text() == "Move to Act")
    with qtbot.waitSignal(board.moveFinished, timeout=20_000) as answer:
        forward.trigger()
    menu.close()
    assert answer.args == [True]
    wait_reloaded(qtbot, board)
    assert stage_of(board, world.checking) is A


def test_the_gates_refuse_with_what_is_missing_and_the_card_stays(
    qtbot, board: PdcaBoardView, world: World, services: Services
) -> None:
    assert not press_move(qtbot, board, world.empty, Qt.Key.Key_Right)
    assert stage_of(board, world.empty) is P
    assert board.message_bar.kind == "error"
    # The idea's problem and change were carried into the plan (issue 16): not missing.
    assert board.message_bar.text == (
        "Cycle 1 cannot move from Plan to Do:\n"
        "- Name the target metric.\n- Give the target value to reach."
    )
    assert not board.message_bar.isHidden()

    assert not press_move(qtbot, board, world.doing, Qt.Key.Key_Right)
    assert stage_of(board, world.doing) is D
    assert "Finish the actions: 1 of 1 is not done yet." in board.message_bar.text

    assert not press_move(qtbot, board, world.acting, Qt.Key.Key_Right)
    assert stage_of(board, world.acting) is A
    assert "Choose a decision: adopt, adapt or abandon." in board.message_bar.text

    # A drag two stages on is refused too, and the faded card snaps back.
    with qtbot.waitSignal(board.moveFinished, timeout=20_000) as answer:
        drop(board, world.ready, C)
        assert world.ready in column_ids(board, C)
    assert answer.args == [False]
    wait_reloaded(qtbot, board)
    assert stage_of(board, world.ready) is P
    assert "Move one stage at a time: after Plan comes Do, not Check." in board.message_bar.text
    assert [c.to_stage for c in services.pdca.get_cycle(world.ready).history] == [P]


def test_a_back_move_needs_a_note(qtbot, board: PdcaBoardView, world: World,
                                  services: Services) -> None:
    view = select_card(qtbot, board, world.checking)
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: board.note_dialog is not None and board.note_dialog.isVisible())
    dialog = board.note_dialog
    # Nothing written: Ctrl+Enter says why and the dialog stays.
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Say why the cycle goes back from Check to Do."
    qtbot.keyClicks(dialog.note_edit, "   ")
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: board.note_dialog is None)
    assert stage_of(board, world.checking) is C
    assert board.message_bar.text == "“Kanban card for gloves” stays in Check: a move back " \
                                     "needs a note."

    # A drop on an earlier column asks too; Ctrl+Enter moves.
    drop(board, world.checking, P)
    qtbot.waitUntil(lambda: board.note_dialog is not None and board.note_dialog.isVisible())
    dialog = board.note_dialog
    assert dialog.windowTitle() == "Move back to Plan"
    qtbot.keyClicks(dialog.note_edit, "Wrong root cause.")
    with qtbot.waitSignal(board.moveFinished, timeout=20_000):
        qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_reloaded(qtbot, board)
    assert stage_of(board, world.checking) is P
    assert services.pdca.get_cycle(world.checking).history[-1].note == "Wrong root cause."


def test_adapt_closes_the_cycle_and_cycle_two_starts_in_plan(
    qtbot, board: PdcaBoardView, world: World, services: Services, team: Team
) -> None:
    services.pdca.decide(team.supervisor.id, world.acting, decision=ActDecision.ADAPT,
                         share_note="The board needs to be closer to the press.")
    with qtbot.waitSignal(board.loaded, timeout=20_000):
        board.reload()
    assert press_move(qtbot, board, world.acting, Qt.Key.Key_Right)
    # An adapted cycle is not a finished change: it is not in Done, cycle 2 is in Plan.
    assert world.acting not in column_ids(board, X)
    plan_cards = board.columns[P].model.cards()
    second = next(c for c in plan_cards if c.title == "Shadow board for the press tools")
    assert second.cycle_number == 2
    assert board.card_view(P).current_card().cycle_id == second.cycle_id
    assert board.message_bar.text == (
        "Cycle 1 of “Shadow board for the press tools” is closed and adapted: cycle 2 starts "
        "in Plan, carrying the learning."
    )
    assert "Learning: The board needs to be closer" in services.pdca.get_cycle(
        second.cycle_id).history[0].note


def test_adopt_puts_the_card_in_done(qtbot, board: PdcaBoardView, world: World,
                                     services: Services, team: Team) -> None:
    services.pdca.decide(team.supervisor.id, world.acting, decision=ActDecision.ADOPT,
                         standard_change="Shadow board in the work instruction.")
    with qtbot.waitSignal(board.loaded, timeout=20_000):
        board.reload()
    assert press_move(qtbot, board, world.acting, Qt.Key.Key_Right)
    assert column_ids(board, X) == [world.acting]
    assert board.columns[X].model.card(0).decision is ActDecision.ADOPT
    assert board.message_bar.text == "“Shadow board for the press tools” is standardised."
    # Done is final: the gate refuses to reopen it, the card stays.
    assert not press_move(qtbot, board, world.acting, Qt.Key.Key_Left)
    assert board.message_bar.text == (
        "This idea is standardised; its PDCA cycles can no longer change.")
    assert stage_of(board, world.acting) is X


def test_staff_see_the_board_but_cannot_move_cards(qtbot, services: Services, team: Team,
                                                   world: World) -> None:
    view = open_board(qtbot, services, team.staff)
    assert column_ids(view, P) == [world.ready, world.empty]
    list_view = select_card(qtbot, view, world.ready)
    qtbot.keyClick(list_view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not view.message_bar.isHidden())
    assert view.message_bar.text == (
        "Bea Staff is staff: only supervisors and admins move cards on the board. Ask one to "
        "move “Flow rack for M8 nuts”."
    )
    drop(view, world.checking, A)
    qtbot.waitUntil(lambda: "Kanban card for gloves" in view.message_bar.text)
    assert stage_of(view, world.ready) is P
    assert stage_of(view, world.checking) is C
    assert [c.to_stage for c in services.pdca.get_cycle(world.ready).history] == [P]

    # Nobody picked: say so first.
    view.set_person(None)
    assert not view.mine_button.isEnabled()
    assert view.mine_button.toolTip() == "Pick who is working first"
    qtbot.keyClick(list_view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.message_bar.text == PICK_PERSON)


def test_the_service_refuses_staff_even_if_the_board_let_them(qtbot, services: Services,
                                                              team: Team, world: World) -> None:
    view = open_board(qtbot, services, team.staff)
    # As if the board had a stale role: the service is the one that decides.
    view._move_refusal = lambda _title: None
    with qtbot.waitSignal(view.moveFinished, timeout=20_000) as answer:
        drop(view, world.ready, D)
    assert answer.args == [False]
    wait_reloaded(qtbot, view)
    assert view.message_bar.text == "A staff may not move PDCA stages."
    assert stage_of(view, world.ready) is P


# ------------------------------------------------------------------------------------ filters


def test_the_filters_narrow_the_board(qtbot, board: PdcaBoardView, world: World,
                                      team: Team) -> None:
    everything = {world.ready, world.empty, world.doing, world.checking, world.acting}

    def shown() -> set[int]:
        return {c.cycle_id for col in board.columns.values() for c in col.model.cards()}

    assert shown() == everything
    with qtbot.waitSignal(board.loaded, timeout=20_000):
        click_combo_item(qtbot, board.area_combo, "        Line 7")
    assert shown() == {world.ready, world.doing, world.acting}
    with qtbot.waitSignal(board.loaded, timeout=20_000):
        click_combo_item(qtbot, board.area_combo, "    Assembly")  # the line is below it
    assert shown() == everything
    with qtbot.waitSignal(board.loaded, timeout=20_000):
        click_combo_item(qtbot, board.owner_combo, "Carl Staff")
    assert shown() == {world.checking}
    with qtbot.waitSignal(board.loaded, timeout=20_000):
        click_combo_item(qtbot, board.owner_combo, "All owners")
    with qtbot.waitSignal(board.loaded, timeout=20_000):
        qtbot.mouseClick(board.mine_button, Qt.MouseButton.LeftButton)
    assert board.current_filter().mine_for == team.supervisor.id
    assert shown() == {world.ready, world.doing, world.acting}
    with qtbot.waitSignal(board.loaded, timeout=20_000):
        qtbot.mouseClick(board.overdue_button, Qt.MouseButton.LeftButton)
    assert shown() == {world.doing}
    with qtbot.waitSignal(board.loaded, timeout=20_000):
        click_combo_item(qtbot, board.owner_combo, "Bea Staff")
    assert shown() == set()
    assert board.stack.currentWidget() is board.empty_state
    assert board.empty_state.title_label.text() == "No cards match these filters"
    button: QPushButton = board.empty_state.action_button
    assert not button.isHidden()
    with qtbot.waitSignal(board.loaded, timeout=20_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert shown() == everything
    assert not board.mine_button.isChecked() and not board.overdue_button.isChecked()
    assert board.stack.currentWidget() is board.board


# ------------------------------------------------------------------------------------ other users


def test_the_quiet_poll_reloads_when_another_user_moves_a_card(
    qtbot, board: PdcaBoardView, world: World, other_services: Services, team: Team,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = board.snapshot.version_token
    other_services.pdca.move(team.admin.id, world.ready, D)
    assert stage_of(board, world.ready) is P  # nothing moves before the poll
    board.poll_timer.setInterval(50)
    qtbot.waitUntil(lambda: stage_of(board, world.ready) is D, timeout=20_000)
    assert board.snapshot.version_token != token
    # Nothing changed since: the polls read the token and leave the board alone. The polls
    # are driven here, each waited for until its task (and any reload it would start, a task
    # registered before the poll's own is delivered) is done: no pause decides the outcome.
    board.poll_timer.stop()
    qtbot.waitUntil(lambda: not worker.active_tasks(), timeout=20_000)
    polls: list[int] = []
    read_token = board.services.board.token
    monkeypatch.setattr(board.services.board, "token",
                        lambda: polls.append(1) or read_token())
    loads: list[int] = []
    board.loaded.connect(lambda: loads.append(1))
    for done in (1, 2):
        board.poll_now()
        qtbot.waitUntil(lambda: not worker.active_tasks(), timeout=20_000)
        assert len(polls) == done, "the poll did not read the token"
    assert loads == []


def test_f5_reloads_the_board(qtbot, board: PdcaBoardView, world: World,
                              other_services: Services, team: Team) -> None:
    other_services.pdca.move(team.admin.id, world.checking, A)
    view = board.card_view(P)
    view.setFocus()
    with qtbot.waitSignal(board.loaded, timeout=20_000):
        qtbot.keyClick(view, Qt.Key.Key_F5)
    assert stage_of(board, world.checking) is A


def test_two_people_moving_the_same_card_get_a_conflict_not_a_lost_update(
    qtbot, board: PdcaBoardView, world: World, other_services: Services, team: Team,
    services: Services
) -> None:
    other_services.pdca.move(team.admin.id, world.ready, D)  # the admin was quicker
    assert stage_of(board, world.ready) is P  # this board still shows the old version
    assert not press_move(qtbot, board, world.ready, Qt.Key.Key_Right)
    assert board.message_bar.text == (
        "Cycle 1 was changed by Alex Admin at 2026-11-04 13:00; reload it and try again."
    )
    # The board reloaded: the card is where the admin put it, moved once, by the admin.
    assert stage_of(board, world.ready) is D
    history = services.pdca.get_cycle(world.ready).history
    assert [(c.to_stage, c.person_name) for c in history[1:]] == [(D, "Alex Admin")]


# ------------------------------------------------------------------------------------ detail


def test_enter_and_double_click_open_the_detail_panel(qtbot, board: PdcaBoardView,
                                                      world: World) -> None:
    view = select_card(qtbot, board, world.doing)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    dialog = board.detail_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=20_000)
    assert dialog.title_label.text() == "Second torque wrench at station 4"
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "Do"  # its stage's tab
    with qtbot.waitSignal(board.loaded, timeout=20_000):
        dialog.reject()
    assert board.detail_dialog is None

    view = board.card_view(C)
    rect = view.visualRect(view.model().index(0, 0))
    # A double click as a mouse sends it: press and release, then the double click.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = board.detail_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=20_000)
    assert dialog.title_label.text() == "Kanban card for gloves"
    dialog.reject()


def test_the_main_window_tells_the_board_who_is_working(qtbot, window, team: Team,
                                                        world: World) -> None:
    board = window.page(PdcaBoardView)
    assert isinstance(board, PdcaBoardView)
    assert board.person is None
    assert not board.mine_button.isEnabled()
    pick_person(qtbot, window.who_picker, person_label(team.staff))
    qtbot.waitUntil(lambda: board.person is not None)
    assert board.person.id == team.staff.id
    assert board.mine_button.isEnabled()
    with qtbot.waitSignal(board.loaded, timeout=20_000):
        qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is board
    assert column_ids(board, P) == [world.ready, world.empty]


def test_a_reload_of_an_unchanged_board_leaves_its_columns_as_they_are(
        qtbot, board: PdcaBoardView) -> None:
    # Issue 21: read again with nothing changed (the board shown again, a poll), the columns
    # are not set again (each a reset and a repaint); a column not showing the snapshot (a card
    # on its way that the read does not confirm) is.
    resets: list[PdcaStage] = []
    for stage, column in board.columns.items():
        column.model.modelReset.connect(lambda stage=stage: resets.append(stage))
    with qtbot.waitSignal(board.loaded, timeout=20_000):
        board.reload()
    assert resets == []
    card = board.columns[D].model.cards()[0]
    board.columns[P].model.put_pending(card)  # shown in Plan, faded, until the board is read
    with qtbot.waitSignal(board.loaded, timeout=20_000):
        board.reload()
    assert P in resets
    assert board.columns[P].model.row_of(card.cycle_id) == -1
    assert board.columns[D].model.row_of(card.cycle_id) >= 0
