"""The Inbox page and its sidebar count (issue 22), over real services, clicked with qtbot.

What counts is tested in tests/services/test_inbox.py; here: the count beside the sidebar
entry follows the person working, the page lists each kind, an empty inbox says so, and each
item opens its record (an idea's dialog, a card's dialog, the idea's measurements).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from kaizen.domain.enums import SavingsKind
from kaizen.services import Services
from kaizen.ui.board.detail import CycleDetailDialog
from kaizen.ui.detail.idea_detail import IdeaDetailDialog
from kaizen.ui.inbox.view import PAGE_EMPTY, PAGE_LIST, PAGE_NOBODY, InboxView
from kaizen.ui.main_window import INBOX, MEASUREMENTS, MainWindow
from kaizen.ui.views.empty_state import EmptyState
from ui.helpers import Team, click_list_row


def _idea(services: Services, team: Team, title: str) -> int:
    from kaizen.services.suggestions import SuggestionInput

    area = services.people.list_areas()[1].id
    return services.suggestions.create(team.staff.id, SuggestionInput(
        title=title, problem="p", proposal="q", area_id=area)).id


def _inbox_text(window: MainWindow) -> str:
    return window.sidebar_model.item(INBOX).text()


def _show_inbox(qtbot, window: MainWindow) -> InboxView:
    click_list_row(qtbot, window.sidebar, INBOX)
    page = window.current_page()
    assert isinstance(page, InboxView)
    return page


def test_the_sidebar_count_follows_the_person_working(qtbot, window: MainWindow, team: Team,
                                                      services: Services) -> None:
    _idea(services, team, "Tape by the table")
    _idea(services, team, "Label printer")
    assert _inbox_text(window) == "Inbox"  # nobody picked
    window.who_picker.adopt(team.supervisor)
    qtbot.waitUntil(lambda: _inbox_text(window) == "Inbox (2)", timeout=10_000)
    window.who_picker.adopt(team.staff)  # staff review nothing
    qtbot.waitUntil(lambda: _inbox_text(window) == "Inbox", timeout=10_000)
    window.who_picker.adopt(team.admin)
    qtbot.waitUntil(lambda: _inbox_text(window) == "Inbox (2)", timeout=10_000)
    # Something done in another view: the count is read again when the view changes.
    _idea(services, team, "Third")
    click_list_row(qtbot, window.sidebar, 1)
    qtbot.waitUntil(lambda: _inbox_text(window) == "Inbox (3)", timeout=10_000)


def test_empty_and_nobody_states(qtbot, window: MainWindow, team: Team) -> None:
    page = _show_inbox(qtbot, window)
    assert page.stack.currentIndex() == PAGE_NOBODY
    window.who_picker.adopt(team.staff)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == PAGE_EMPTY, timeout=10_000)
    state = page.stack.currentWidget()
    assert isinstance(state, EmptyState)
    assert state.title_label.text() == "Nothing waits for you"


def test_ideas_to_review_open_their_detail(qtbot, window: MainWindow, team: Team,
                                           services: Services) -> None:
    first = _idea(services, team, "Tape by the table")
    _idea(services, team, "Label printer")
    window.who_picker.adopt(team.supervisor)
    page = _show_inbox(qtbot, window)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == PAGE_LIST, timeout=10_000)
    section = page.tree.topLevelItem(0)
    assert section.text(0) == "Ideas to review (2)"
    assert [section.child(i).text(0) for i in range(section.childCount())] == [
        f"#{first} Tape by the table", f"#{first + 1} Label printer"]
    row = section.child(0)
    rect = page.tree.visualItemRect(row)
    qtbot.mouseClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = page.dialog
    assert isinstance(dialog, IdeaDetailDialog)
    assert dialog.isVisible() and dialog.record_id == first
    # Taken into review and accepted there: once the dialog closes, it left the inbox.
    services.suggestions.accept(team.supervisor.id, first, owner_id=team.supervisor.id)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        dialog.reject()
    assert page.tree.topLevelItem(0).text(0) == "Ideas to review (1)"


def test_an_overdue_action_opens_its_card_and_savings_the_measurements(
        qtbot, window: MainWindow, team: Team, services: Services, clock) -> None:
    idea_id = _idea(services, team, "Shadow board")
    services.suggestions.accept(team.supervisor.id, idea_id, owner_id=team.supervisor.id)
    cycle = services.pdca.current_cycle(idea_id)
    services.pdca.add_action(team.supervisor.id, cycle.id, text="Buy the board",
                             owner_id=team.supervisor.id,
                             due_date=clock().date() - timedelta(days=2))
    services.savings.add_entry(team.supervisor.id, idea_id, month="2026-10", amount=120.0,
                               kind=SavingsKind.HARD)
    window.who_picker.adopt(team.supervisor)
    page = _show_inbox(qtbot, window)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == PAGE_LIST, timeout=10_000)
    sections = {page.tree.topLevelItem(i).text(0): page.tree.topLevelItem(i)
                for i in range(page.tree.topLevelItemCount())}
    assert set(sections) == {"My overdue actions (1)", "Savings to validate (1)"}
    action = sections["My overdue actions (1)"].child(0)
    assert action.text(0) == "Buy the board"
    assert action.text(1).startswith("Due ") and "2 days late" in action.text(1)
    page.tree.setCurrentItem(action)
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert isinstance(page.dialog, CycleDetailDialog)
    assert page.dialog.cycle_id == cycle.id
    page.dialog.reject()
    saving = sections["Savings to validate (1)"].child(0)
    page.tree.setCurrentItem(saving)
    with qtbot.waitSignal(window.currentViewChanged, timeout=10_000):
        qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert window.current_index == MEASUREMENTS


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_render(qtbot, window: MainWindow, team: Team, services: Services, size,
                tmp_path_factory) -> None:
    for title in ("Move the tape dispenser next to the packing table",
                  "A second label printer for the night shift", "Kanban for screws"):
        _idea(services, team, title)
    window.who_picker.adopt(team.supervisor)
    window.resize(*size)
    page = _show_inbox(qtbot, window)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == PAGE_LIST, timeout=10_000)
    folder = tmp_path_factory.getbasetemp().parent / "inbox-renders"
    folder.mkdir(exist_ok=True)
    assert window.grab().save(str(folder / f"inbox-{size[0]}x{size[1]}.png"))
