"""The Ideas view over real services and a real SQLite file of a few hundred ideas: the list and
its counts, sorting by header clicks, the debounced search, the filters (an area includes the
areas below it), empty states, lazy reading at 5,000 rows, opening an idea, and batch review by
a supervisor (refused to staff)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from backend import run_sql
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication
from services.factories import make_site

from kaizen.db.engine import Database
from kaizen.demo.bulk import bulk_insert
from kaizen.domain import pins
from kaizen.domain.enums import Role, SuggestionStatus
from kaizen.services import Services
from kaizen.services.listing import IdeaColumn, IdeaFilter
from kaizen.services.people import PersonInfo
from kaizen.services.suggestions import ReviewAction, SuggestionInput
from kaizen.ui import worker
from kaizen.ui.models import ideas_table as it
from kaizen.ui.models.lazy_table import PAGE_SIZE
from kaizen.ui.review.batch_review import BatchReviewDialog
from kaizen.ui.views.ideas import IdeasView, open_detail
from kaizen.ui.views.list_filters import COUNT_ROLE, VALUE_ROLE
from ui.helpers import click_combo_item, combo_texts

TODAY = date(2026, 11, 1)
# One worker builds this module's plant once (pytest-xdist, --dist loadgroup).
DESC = Qt.SortOrder.DescendingOrder


# --- the plant: a small site and a few hundred ideas, built once per module -----------------


@dataclass
class Plant:
    services: Services
    db: Database
    path: str  # the database's URL
    admin: PersonInfo
    supervisor: PersonInfo
    staff: PersonInfo
    other: PersonInfo
    site_id: int
    department_id: int
    line_id: int


def outcome_texts(dialog) -> list[str]:
    """The outcome lines the batch review dialog lists, as shown."""
    model = dialog.outcomes_model
    return [model.item(r).text() for r in range(model.rowCount())]


def build_plant_file(databases: Any, template_url: str, ideas: int) -> str:
    """A database holding the plant (a file on SQLite), to copy per test; its URL."""
    path = databases.copy(template_url)
    db = Database(path)
    cost, pins._N = pins._N, 2**8  # a small scrypt cost for the two PINs, as in every test
    try:
        make_site(db, lambda: datetime(2026, 10, 1, 8, 0))
    finally:
        pins._N = cost
    bulk_insert(db, ideas=ideas, today=TODAY)
    db.dispose()
    return path


def open_plant(databases: Any, plant_file: str, folder: Path, clock: Any) -> Plant:
    path = databases.copy(plant_file, None if databases.is_postgres else folder / "kaizen.db")
    db = Database(path)
    services = Services.create(db, clock, attachments_dir=folder / "photos")
    people = {p.name: p for p in services.people.list_people()}
    areas = {a.name: a for a in services.people.list_areas()}
    return Plant(
        services=services, db=db, path=path, admin=people["Ada Admin"],
        supervisor=people["Sam Supervisor"], staff=people["Stan Staff"],
        other=people["Olga Other"], site_id=areas["Plant 1"].id,
        department_id=areas["Assembly"].id, line_id=areas["Line 1"].id,
    )


@contextmanager
def plant_copy(databases: Any, template_url: str, ideas: int) -> Iterator[str]:
    """A module's plant file (:func:`build_plant_file`), dropped after the module."""
    url = build_plant_file(databases, template_url, ideas)
    yield url
    databases.drop(url)


@contextmanager
def opened_plant(databases: Any, plant_file: str, folder: Path, clock: Any) -> Iterator[Plant]:
    """A test's own copy of the plant (:func:`open_plant`), its workers joined and dropped after."""
    world = open_plant(databases, plant_file, folder, clock)
    yield world
    assert worker.wait_for_all()
    world.db.dispose()
    databases.drop(world.path)


@pytest.fixture(scope="module")
def plant_file(databases, template_url: str) -> Iterator[str]:
    with plant_copy(databases, template_url, 300) as url:
        yield url


@pytest.fixture(scope="module")
def big_plant_file(databases, template_url: str) -> Iterator[str]:
    with plant_copy(databases, template_url, 5_000) as url:
        yield url


@pytest.fixture
def plant(databases, plant_file: str, tmp_path: Path, clock) -> Iterator[Plant]:
    with opened_plant(databases, plant_file, tmp_path, clock) as world:
        yield world


@pytest.fixture
def big_plant(databases, big_plant_file: str, tmp_path: Path, clock) -> Iterator[Plant]:
    with opened_plant(databases, big_plant_file, tmp_path, clock) as world:
        yield world


class Spy:
    """Wraps a service method: counts calls, the ids asked for, and the threads it ran on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, target: Any, name: str) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.threads: set[int] = set()
        original: Callable[..., Any] = getattr(target, name)

        def spy(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(args)
            self.threads.add(threading.get_ident())
            return original(*args, **kwargs)

        monkeypatch.setattr(target, name, spy)

    @property
    def ids_read(self) -> int:
        return sum(len(args[0]) for args in self.calls)


def settle(qtbot, view: IdeasView) -> None:
    """Wait until the view asked for nothing more: no pending search, ids, counts or rows."""
    def idle() -> bool:
        model = view.model
        return (worker.active_tasks() == 0 and not model.is_busy and not model._fetching
                and not model._dispatch_timer.isActive()
                and not view.filter_bar.search_timer.isActive())
    qtbot.waitUntil(idle, timeout=10_000)
    QApplication.processEvents()
    qtbot.waitUntil(idle, timeout=10_000)


def open_view(qtbot, plant: Plant, person: PersonInfo | None = None,
              size: tuple[int, int] = (1100, 720)) -> IdeasView:
    view = IdeasView(plant.services)
    qtbot.addWidget(view)
    view.resize(*size)
    view.set_person(person)
    view.show()
    qtbot.waitExposed(view)
    view.refresh()
    settle(qtbot, view)
    return view


def service_ids(plant: Plant, flt: IdeaFilter = IdeaFilter(),  # noqa: B008
                sort: IdeaColumn = IdeaColumn.CREATED_AT, descending: bool = True) -> list[int]:
    return plant.services.suggestions.query_ids(flt, sort, descending)


def click_header(qtbot, view: IdeasView, column: int) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def click_row(qtbot, view: IdeasView, row: int,
              modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    rect = view.table.visualRect(view.model.index(row, it.COL_TITLE))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def statuses_in_file(path: str, ids: list[int]) -> dict[int, str]:
    """Read straight from the database, not through the services."""
    marks = ",".join("?" * len(ids))
    return dict(run_sql(path, f"SELECT id, status FROM suggestions WHERE id IN ({marks})", *ids))


# --- the list -----------------------------------------------------------------------------------


def test_lists_every_idea_newest_first_with_its_counts(qtbot, plant: Plant,
                                                       monkeypatch) -> None:
    suggestions = plant.services.suggestions
    spies = [Spy(monkeypatch, suggestions, name)
             for name in ("query_ids", "rows", "status_counts")]
    view = open_view(qtbot, plant)
    # Every service call of the view ran in the worker, never on the GUI thread.
    for spy in spies:
        assert spy.calls and threading.get_ident() not in spy.threads
    expected = service_ids(plant)
    assert len(expected) == 300
    assert view.model.ids() == expected
    assert view.stack.currentWidget() is view.table
    header = view.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (it.COL_CREATED, DESC)
    # The rows on screen are the service's rows, painted.
    first = suggestions.rows(expected[:3])
    assert [view.model.index(r, it.COL_TITLE).data() for r in range(3)] == [
        row.title for row in first]
    assert view.model.index(0, it.COL_STATUS).data() == first[0].status.label
    # The count line and the counts beside each status in the picker.
    counts = suggestions.status_counts(IdeaFilter())
    text = view.count_label.full_text()
    assert text.startswith("300 ideas · ")
    for status, number in counts.items():
        if number:
            assert f"{number:,} {status.label.lower()}" in text
    picker = view.filter_bar.choice_button
    assert {picker.model.item(r).data(VALUE_ROLE): picker.model.item(r).data(COUNT_ROLE)
            for r in range(picker.model.rowCount())} == {s.value: n for s, n in counts.items()}


def test_the_header_menu_chooses_the_columns_and_remembers_them(qtbot, plant: Plant) -> None:
    view = open_view(qtbot, plant)
    assert view.table.isColumnHidden(it.COL_OWNER) and view.table.isColumnHidden(it.COL_DUE)
    assert not view.table.isColumnHidden(it.COL_STATUS)
    menu = view.columns.build_menu()
    actions = {a.text(): a for a in menu.actions()}
    assert list(actions) == list(it.COLUMN_TITLES)
    assert not actions["Title"].isEnabled()  # the stretching column always stays
    actions["Owner"].trigger()
    actions["Status"].trigger()
    assert not view.table.isColumnHidden(it.COL_OWNER)
    assert view.table.isColumnHidden(it.COL_STATUS)
    menu.deleteLater()
    # A new view (the next start) shows the same columns.
    again = open_view(qtbot, plant)
    assert not again.table.isColumnHidden(it.COL_OWNER)
    assert again.table.isColumnHidden(it.COL_STATUS)


def test_clicking_a_header_sorts_in_the_order_the_service_gives(qtbot, plant: Plant) -> None:
    view = open_view(qtbot, plant)
    for column, key in ((it.COL_TITLE, IdeaColumn.TITLE),
                        (it.COL_SAVINGS, IdeaColumn.EXPECTED_SAVINGS),
                        (it.COL_AREA, IdeaColumn.AREA)):
        click_header(qtbot, view, column)
        settle(qtbot, view)
        order = view.table.horizontalHeader().sortIndicatorOrder()
        assert view.table.horizontalHeader().sortIndicatorSection() == column
        assert view.model.ids() == service_ids(plant, sort=key, descending=order == DESC)
        # A second click turns the order round.
        click_header(qtbot, view, column)
        settle(qtbot, view)
        again = view.table.horizontalHeader().sortIndicatorOrder()
        assert again != order
        assert view.model.ids() == service_ids(plant, sort=key, descending=again == DESC)
    titles = [view.model.index(r, it.COL_AREA).data() for r in range(5)]
    assert "Loading…" not in titles


def test_typing_in_the_search_box_filters_after_a_pause(qtbot, plant: Plant,
                                                       monkeypatch) -> None:
    view = open_view(qtbot, plant)
    expected = service_ids(plant, IdeaFilter(text="torque"))
    assert 0 < len(expected) < 300
    spy = Spy(monkeypatch, plant.services.suggestions, "query_ids")
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.filter_bar.search.hasFocus()
    qtbot.keyClicks(view.filter_bar.search, "torque")
    # Nothing asked yet: the search waits for a pause in the typing.
    assert view.filter_bar.search_timer.isActive()
    assert spy.calls == [] and view.model.rowCount() == 300
    settle(qtbot, view)
    assert len(spy.calls) == 1  # one query for the word, not one per letter
    assert view.model.ids() == expected
    assert view.count_label.text().startswith(f"{len(expected):,} idea")
    assert view.filter_bar.clear_button.isEnabled()


def test_the_area_filter_includes_the_areas_below(qtbot, plant: Plant) -> None:
    view = open_view(qtbot, plant)
    combo = view.filter_bar.area_combo
    assert combo_texts(combo) == ["All areas", "Plant 1", "Assembly", "Line 1"]
    click_combo_item(qtbot, combo, "Assembly")
    settle(qtbot, view)
    department = service_ids(plant, IdeaFilter(area_id=plant.department_id))
    line = service_ids(plant, IdeaFilter(area_id=plant.line_id))
    assert view.model.ids() == department
    assert line and set(line) < set(department)  # the line's ideas are in, and more
    rows = plant.services.suggestions.rows(view.model.ids()[:200])
    assert {row.area_name for row in rows} == {"Assembly", "Line 1"}
    assert view.count_label.text().startswith(f"{len(department):,} ideas")


def test_the_status_picker_filters_and_shows_counts(qtbot, plant: Plant) -> None:
    view = open_view(qtbot, plant)
    button = view.filter_bar.choice_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    popup = button.popup
    qtbot.waitUntil(popup.isVisible)
    list_view = popup.view
    row = next(r for r in range(button.model.rowCount())
               if button.model.item(r).data(VALUE_ROLE) == SuggestionStatus.SUBMITTED.value)
    rect = list_view.visualRect(button.model.index(row, 0))
    qtbot.mouseClick(list_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle(qtbot, view)
    submitted = service_ids(plant, IdeaFilter(statuses=(SuggestionStatus.SUBMITTED,)))
    assert view.model.ids() == submitted
    assert button.text() == "Status: Submitted"
    # The picker still counts every status under the other filters.
    counts = plant.services.suggestions.status_counts(IdeaFilter())
    assert button.count_of(SuggestionStatus.REJECTED.value) == counts[SuggestionStatus.REJECTED]
    assert view.count_label.text() == (
        f"{len(submitted):,} ideas · {len(submitted):,} submitted")
    # Space ticks the current item from the keyboard; Enter closes the list.
    list_view.setCurrentIndex(button.model.index(row + 1, 0))
    qtbot.keyClick(list_view, Qt.Key.Key_Space)
    qtbot.keyClick(list_view, Qt.Key.Key_Return)
    assert not popup.isVisible()
    settle(qtbot, view)
    both = (SuggestionStatus.SUBMITTED, SuggestionStatus.UNDER_REVIEW)
    assert view.model.ids() == service_ids(plant, IdeaFilter(statuses=both))
    assert button.text() == "Status: 2 of 6"


def test_person_and_date_filters(qtbot, plant: Plant) -> None:
    view = open_view(qtbot, plant)
    bar = view.filter_bar
    # An empty date opens its calendar on this month, not on a stand-in year 2000.
    qtbot.mouseClick(bar.date_from.button, Qt.MouseButton.LeftButton)
    popup = bar.date_from.popup
    qtbot.waitUntil(lambda: popup is not None and popup.isVisible())
    calendar = popup.calendar
    assert calendar.yearShown() == QDate.currentDate().year()
    assert calendar.monthShown() == QDate.currentDate().month()
    popup.hide()
    assert bar.date_from.value() is None
    # From the keyboard, the arrow keys start an empty date at today.
    bar.date_to.setFocus()
    qtbot.keyClick(bar.date_to.line, Qt.Key.Key_Up)
    today = QDate.currentDate()
    assert bar.date_to.value() == date(today.year(), today.month(), today.day())
    bar.date_to.clear_value()
    settle(qtbot, view)
    click_combo_item(qtbot, bar.person_combo, "Stan Staff")
    settle(qtbot, view)
    assert view.model.ids() == service_ids(plant, IdeaFilter(person_id=plant.staff.id))
    bar.date_from.set_value(date(2026, 6, 1))
    settle(qtbot, view)
    flt = IdeaFilter(person_id=plant.staff.id, date_from=date(2026, 6, 1))
    assert view.model.ids() == service_ids(plant, flt)
    assert bar.date_from.text() == "1 Jun 2026"
    # An end before the start: the service's message, under the filters; the list stays.
    shown = view.model.ids()
    bar.date_to.set_value(date(2026, 5, 1))
    settle(qtbot, view)
    assert bar.error_label.isVisible()
    assert bar.error_label.text() == "The end date is before the start date."
    assert view.model.ids() == shown
    bar.date_to.setFocus()
    bar.date_to.line.selectAll()
    qtbot.keyClick(bar.date_to.line, Qt.Key.Key_Delete)  # empties the date again
    settle(qtbot, view)
    assert bar.date_to.value() is None and not bar.error_label.isVisible()
    assert bar.date_to.text() == ""
    assert bar.date_to.line.placeholderText() == "any day"


def test_no_match_shows_the_empty_state_and_clear_filters_brings_everything_back(
        qtbot, plant: Plant) -> None:
    view = open_view(qtbot, plant)
    qtbot.keyClicks(view.filter_bar.search, "zzyzx")
    settle(qtbot, view)
    assert view.model.rowCount() == 0
    assert view.stack.currentWidget() is view.empty_state
    assert view.empty_state.title_label.text() == "No ideas match these filters"
    assert view.count_label.text() == "No ideas"
    button = view.empty_state.action_button
    assert button is not None and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, view)
    assert view.filter_bar.search.text() == ""
    assert view.model.rowCount() == 300
    assert view.stack.currentWidget() is view.table
    assert not view.filter_bar.clear_button.isEnabled()


def test_an_empty_site_says_how_ideas_arrive(qtbot, services: Services, team) -> None:
    view = IdeasView(services)
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    qtbot.waitUntil(lambda: worker.active_tasks() == 0 and not view.model.is_busy)
    assert view.stack.currentWidget() is view.empty_state
    assert view.empty_state.title_label.text() == "No ideas yet"
    assert view.empty_state.action_button is not None
    assert view.empty_state.action_button.isHidden()


# --- lazy reading -----------------------------------------------------------------------------


def test_a_long_list_reads_only_the_rows_it_shows(qtbot, big_plant: Plant,
                                                 monkeypatch) -> None:
    rows = Spy(monkeypatch, big_plant.services.suggestions, "rows")
    view = open_view(qtbot, big_plant)
    assert view.model.rowCount() == 5_000
    shown = view.table.visible_rows()
    assert 5 < len(shown) < 40
    assert all(view.model.is_row_loaded(r) for r in shown)
    assert rows.ids_read <= len(shown) + PAGE_SIZE
    # Far down the list: the rows there, and no more than a page.
    before = rows.ids_read
    bar = view.table.verticalScrollBar()
    bar.setValue(bar.maximum() * 3 // 5)
    settle(qtbot, view)
    shown = view.table.visible_rows()
    assert shown.start > 2_000
    assert all(view.model.is_row_loaded(r) for r in shown)
    assert rows.ids_read - before <= len(shown) + PAGE_SIZE
    assert view.model.index(shown.start, it.COL_TITLE).data() != "Loading…"
    # The end of the list from the keyboard.
    view.table.setFocus()
    before = rows.ids_read
    qtbot.keyClick(view.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, view)
    assert view.model.is_row_loaded(4_999)
    assert rows.ids_read - before <= len(view.table.visible_rows()) + PAGE_SIZE
    assert len(view.model.cached_rows()) < 1_000


# --- opening ------------------------------------------------------------------------------------


def test_double_click_or_enter_opens_the_idea(qtbot, plant: Plant) -> None:
    view = open_view(qtbot, plant, plant.supervisor)
    expected = view.model.id_at(1)
    rect = view.table.visualRect(view.model.index(1, it.COL_TITLE))
    with qtbot.waitSignal(view.openRequested, timeout=3000) as opened:
        # As a person's double-click arrives: a press and release, then the double-click.
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [expected]
    dialog_class = open_detail("kaizen.ui.detail.idea_detail", "IdeaDetailDialog")
    if dialog_class is not None:
        dialog = view.detail_dialog
        assert isinstance(dialog, dialog_class) and dialog.isVisible()
        assert dialog.suggestion_id == expected
        dialog.reject()
        qtbot.waitUntil(lambda: view.detail_dialog is None)
    settle(qtbot, view)
    click_row(qtbot, view, 3)
    with qtbot.waitSignal(view.openRequested, timeout=3000) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [view.model.id_at(3)]
    if view.detail_dialog is not None:
        view.detail_dialog.reject()
    settle(qtbot, view)


def test_a_change_saved_in_the_detail_dialog_refreshes_the_rows(qtbot, plant: Plant) -> None:
    view = open_view(qtbot, plant, plant.supervisor)
    idea_id = view.model.id_at(0)
    view.open_idea(idea_id)
    dialog = view.detail_dialog
    if dialog is None:
        pytest.skip("the idea detail dialog is not in this build")
    info = plant.services.suggestions.get(idea_id)
    plant.services.suggestions.update(plant.supervisor.id, idea_id, SuggestionInput(
        title="Renamed while the list was open", problem=info.problem, proposal=info.proposal,
        area_id=info.area_id, wastes=info.wastes, expected_savings=info.expected_savings,
        implementation_cost=info.implementation_cost, impact=info.impact, effort=info.effort,
    ))
    dialog.changed.emit()
    settle(qtbot, view)
    assert view.model.index(0, it.COL_TITLE).data() == "Renamed while the list was open"
    dialog.reject()
    settle(qtbot, view)


# --- batch review -------------------------------------------------------------------------------


def submitted_rows(view: IdeasView, plant: Plant, count: int) -> list[int]:
    rows = []
    for row in range(view.model.rowCount()):
        if view.model.index(row, it.COL_STATUS).data() == SuggestionStatus.SUBMITTED.label:
            rows.append(row)
        if len(rows) == count:
            return rows
    raise AssertionError("not enough submitted ideas on screen")


def test_a_supervisor_accepts_three_selected_ideas(qtbot, plant: Plant) -> None:
    view = open_view(qtbot, plant, plant.supervisor, size=(1100, 1400))
    rows = submitted_rows(view, plant, 3)
    ids = [view.model.id_at(r) for r in rows]
    click_row(qtbot, view, rows[0])
    for row in rows[1:]:
        click_row(qtbot, view, row, Qt.KeyboardModifier.ControlModifier)
    assert view.table.selected_ids() == ids
    assert view.selection_label.text() == "3 selected"
    assert view.review_button.isEnabled()
    qtbot.mouseClick(view.review_button, Qt.MouseButton.LeftButton)
    dialog = view.review_dialog
    assert isinstance(dialog, BatchReviewDialog) and dialog.isVisible()
    assert dialog.ids == ids
    qtbot.waitUntil(lambda: "…" not in dialog.ideas_model.item(0).text())
    assert dialog.submit_button.text() == "Accept 3 ideas"
    click_combo_item(qtbot, dialog.owner_combo, "Olga Other")
    with qtbot.waitSignal(view.reviewed, timeout=10_000):
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert outcome_texts(dialog) == [f"Idea #{i} accepted." for i in ids]
    assert statuses_in_file(plant.path, ids) == dict.fromkeys(ids, "accepted")
    owners = {r[0] for r in run_sql(
        plant.path, f"SELECT owner_id FROM suggestions WHERE id IN ({','.join(map(str, ids))})")}
    cycles = run_sql(
        plant.path, f"SELECT COUNT(*) FROM pdca_cycles WHERE suggestion_id IN "
        f"({','.join(map(str, ids))}) AND stage = 'plan'")[0][0]
    assert owners == {plant.other.id} and cycles == 3
    settle(qtbot, view)
    # The list read again: the ideas show as accepted, still selected.
    assert [view.model.index(r, it.COL_STATUS).data() for r in rows] == ["Accepted"] * 3
    assert view.table.selected_ids() == ids
    assert view.message_bar.text == "3 ideas reviewed."
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)  # "Close"
    qtbot.waitUntil(lambda: view.review_dialog is None)


def test_review_keeps_the_scroll_position(qtbot, plant: Plant) -> None:
    view = open_view(qtbot, plant, plant.supervisor)
    bar = view.table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    settle(qtbot, view)
    scroll = bar.value()
    top = view.table.rowAt(0)
    row = next(r for r in view.table.visible_rows()
               if view.model.index(r, it.COL_STATUS).data() in ("Submitted", "Under review"))
    click_row(qtbot, view, row)
    idea_id = view.model.id_at(row)
    qtbot.keyClick(view.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = view.review_dialog
    assert dialog is not None
    assert dialog.action is ReviewAction.ACCEPT
    qtbot.waitUntil(dialog.isActiveWindow)
    with qtbot.waitSignal(view.reviewed, timeout=10_000):
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, view)
    assert bar.value() == scroll and view.table.rowAt(0) == top
    assert view.table.selected_ids() == [idea_id]
    dialog.accept()


def test_staff_and_nobody_cannot_open_the_review(qtbot, plant: Plant) -> None:
    view = open_view(qtbot, plant)
    click_row(qtbot, view, 0)
    assert not view.review_button.isEnabled()
    assert view.review_button.toolTip().startswith("Pick who is working first")
    view.set_person(plant.staff)
    assert plant.staff.role is Role.STAFF
    assert not view.review_button.isEnabled()
    assert "only supervisors and admins review ideas" in view.review_button.toolTip()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert view.review_dialog is None
    assert view.message_bar.isVisible()
    assert "only supervisors and admins review ideas" in view.message_bar.text
    # A supervisor may, once something is selected.
    view.set_person(plant.supervisor)
    assert view.review_button.isEnabled()
    view.table.clearSelection()
    assert not view.review_button.isEnabled()
    assert view.review_button.toolTip().startswith("Select one or more ideas first")


def test_the_view_through_the_main_window(qtbot, window, services: Services, team) -> None:
    area = services.people.list_areas()[1]
    for title in ("Label the bins", "Move the printer"):
        services.suggestions.create(team.staff.id, SuggestionInput(
            title=title, problem="", proposal="", area_id=area.id))
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page = window.current_page()
    assert isinstance(page, IdeasView)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and worker.active_tasks() == 0)
    assert [page.model.index(r, it.COL_TITLE).data() for r in range(2)] in (
        ["Move the printer", "Label the bins"], ["Label the bins", "Move the printer"])
    assert page.count_label.text() == "2 ideas · 2 submitted"
