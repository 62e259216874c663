"""The Waste walk view over real services and a real SQLite file: the list and its counts,
sorting by header clicks, the waste picker, the debounced search, the area filter, opening an
observation, and turning one into an idea (with the refusals: nobody working, already an idea,
someone else's observation for staff)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from backend import run_sql
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from kaizen.domain.enums import WasteCategory
from kaizen.domain.errors import Unavailable
from kaizen.services.listing import ObservationColumn, ObservationFilter
from kaizen.services.people import PersonInfo
from kaizen.ui import worker
from kaizen.ui.models import observations_table as ot
from kaizen.ui.views.ideas import open_detail
from kaizen.ui.views.list_filters import COUNT_ROLE, VALUE_ROLE
from kaizen.ui.views.waste_walk import WasteWalkView
from kaizen.ui.widgets.form import RETRY_MESSAGE
from ui.helpers import click_combo_item
from ui.test_ideas_view import Plant, Spy, opened_plant, plant_copy

DESC = Qt.SortOrder.DescendingOrder
# One worker builds this module's plant once (pytest-xdist, --dist loadgroup).


@pytest.fixture(scope="module")
def plant_file(databases, template_url: str) -> Iterator[str]:
    # The Ideas view's plant (tests/ui/test_ideas_view.py), built and dropped the same way.
    with plant_copy(databases, template_url, 300) as url:
        yield url


@pytest.fixture
def plant(databases, plant_file: str, tmp_path: Path, clock) -> Iterator[Plant]:
    with opened_plant(databases, plant_file, tmp_path, clock) as world:
        yield world


def settle(qtbot, view: WasteWalkView) -> None:
    def idle() -> bool:
        model = view.model
        return (worker.active_tasks() == 0 and not model.is_busy and not model._fetching
                and not model._dispatch_timer.isActive()
                and not view.filter_bar.search_timer.isActive())
    qtbot.waitUntil(idle, timeout=10_000)
    QApplication.processEvents()
    qtbot.waitUntil(idle, timeout=10_000)


def open_view(qtbot, plant: Plant, person: PersonInfo | None = None,
              size: tuple[int, int] = (1100, 720)) -> WasteWalkView:
    view = WasteWalkView(plant.services)
    qtbot.addWidget(view)
    view.resize(*size)
    view.set_person(person)
    view.show()
    qtbot.waitExposed(view)
    view.refresh()
    settle(qtbot, view)
    return view


def service_ids(plant: Plant, flt: ObservationFilter = ObservationFilter(),  # noqa: B008
                sort: ObservationColumn = ObservationColumn.OBSERVED_AT,
                descending: bool = True) -> list[int]:
    return plant.services.observations.query_ids(flt, sort, descending)


def click_header(qtbot, view: WasteWalkView, column: int) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def click_row(qtbot, view: WasteWalkView, row: int,
              modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    view.table.scrollTo(view.model.index(row, ot.COL_SUMMARY))
    rect = view.table.visualRect(view.model.index(row, ot.COL_SUMMARY))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def link_in_file(path: str, observation_id: int) -> int | None:
    return run_sql(path, "SELECT suggestion_id FROM waste_observations WHERE id = ?",
                   observation_id)[0][0]


def first_row(qtbot, view: WasteWalkView, *, observer: str, linked: bool) -> int:
    """A row (loaded on the way) seen by ``observer``, linked to an idea or not."""
    for row in range(view.model.rowCount()):
        view.table.scrollTo(view.model.index(row, 0))
        settle_rows(qtbot, view, row)
        item = view.model.row_at(row)
        if item.observer_name == observer and (item.suggestion_id is not None) == linked:
            return row
    raise AssertionError(f"no {'linked' if linked else 'unlinked'} observation by {observer}")


def settle_rows(qtbot, view: WasteWalkView, row: int) -> None:
    view.model.index(row, 0).data()  # asks for the row's page
    qtbot.waitUntil(lambda: view.model.is_row_loaded(row))


# --- the list -----------------------------------------------------------------------------------


def test_lists_every_observation_with_its_counts(qtbot, plant: Plant, monkeypatch) -> None:
    observations = plant.services.observations
    spies = [Spy(monkeypatch, observations, name)
             for name in ("query_ids", "rows", "category_counts", "count")]
    view = open_view(qtbot, plant)
    for spy in spies:
        assert spy.calls and threading.get_ident() not in spy.threads
    expected = service_ids(plant)
    assert len(expected) == 150
    assert view.model.ids() == expected
    first = observations.rows(expected[:2])
    assert [view.model.index(r, ot.COL_SUMMARY).data() for r in range(2)] == [
        row.summary for row in first]
    assert view.model.index(0, ot.COL_CATEGORY).data() == first[0].category.label
    counts = observations.category_counts(ObservationFilter())
    linked = observations.count(ObservationFilter(linked=True))
    text = view.count_label.full_text()
    assert text.startswith("150 observations · ")
    assert text.endswith(f" · {linked:,} turned into ideas")
    for waste, number in counts.items():
        if number:
            assert f"{number:,} {waste.label.lower()}" in text
    assert view.count_label.toolTip() == text
    # Too narrow for every count: the first parts, then an ellipsis; never a cut word.
    view.count_label.resize(420, view.count_label.height())
    shown = view.count_label.text()
    assert shown.startswith("150 observations · ") and shown.endswith(" · …")
    assert text.startswith(shown.removesuffix("…"))
    view.count_label.resize(4000, view.count_label.height())
    assert view.count_label.text() == text
    picker = view.filter_bar.choice_button
    assert {picker.model.item(r).data(VALUE_ROLE): picker.model.item(r).data(COUNT_ROLE)
            for r in range(picker.model.rowCount())} == {w.value: n for w, n in counts.items()}
    # Some columns start hidden; the header's context menu shows them.
    assert view.table.isColumnHidden(ot.COL_MINUTES)
    view.columns.set_shown(ot.COL_MINUTES, True)
    assert not view.table.isColumnHidden(ot.COL_MINUTES)


def test_clicking_a_header_sorts_in_the_order_the_service_gives(qtbot, plant: Plant) -> None:
    view = open_view(qtbot, plant)
    for column, key in ((ot.COL_COST, ObservationColumn.YEARLY_COST),
                        (ot.COL_CATEGORY, ObservationColumn.CATEGORY),
                        (ot.COL_LINKED, ObservationColumn.LINKED)):
        click_header(qtbot, view, column)
        settle(qtbot, view)
        order = view.table.horizontalHeader().sortIndicatorOrder()
        assert view.model.ids() == service_ids(plant, sort=key, descending=order == DESC)
        click_header(qtbot, view, column)
        settle(qtbot, view)
        again = view.table.horizontalHeader().sortIndicatorOrder()
        assert again != order
        assert view.model.ids() == service_ids(plant, sort=key, descending=again == DESC)
    # What was seen is searched, not sorted: its header does nothing.
    shown = view.model.ids()
    click_header(qtbot, view, ot.COL_SUMMARY)
    settle(qtbot, view)
    assert view.model.ids() == shown


def test_waste_picker_search_and_area(qtbot, plant: Plant, monkeypatch) -> None:
    view = open_view(qtbot, plant)
    button = view.filter_bar.choice_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(button.popup.isVisible)
    row = [w.value for w in WasteCategory].index(WasteCategory.WAITING.value)
    rect = button.popup.view.visualRect(button.model.index(row, 0))
    qtbot.mouseClick(button.popup.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(button.popup.view, Qt.Key.Key_Escape)
    settle(qtbot, view)
    waiting = ObservationFilter(categories=(WasteCategory.WAITING,))
    assert view.model.ids() == service_ids(plant, waiting)
    assert button.text() == "Waste: Waiting"
    assert view.count_label.text().startswith(f"{len(view.model.ids()):,} observation")

    spy = Spy(monkeypatch, plant.services.observations, "query_ids")
    qtbot.keyClicks(view.filter_bar.search, "forklift")
    assert spy.calls == []
    settle(qtbot, view)
    assert len(spy.calls) == 1
    both = ObservationFilter(text="forklift", categories=(WasteCategory.WAITING,))
    assert view.model.ids() == service_ids(plant, both)

    view.filter_bar.clear()
    settle(qtbot, view)
    click_combo_item(qtbot, view.filter_bar.area_combo, "Assembly")
    settle(qtbot, view)
    department = service_ids(plant, ObservationFilter(area_id=plant.department_id))
    line = service_ids(plant, ObservationFilter(area_id=plant.line_id))
    assert view.model.ids() == department and line and set(line) < set(department)


def test_double_click_opens_the_observation(qtbot, plant: Plant) -> None:
    view = open_view(qtbot, plant, plant.staff)
    expected = view.model.id_at(2)
    rect = view.table.visualRect(view.model.index(2, ot.COL_SUMMARY))
    with qtbot.waitSignal(view.openRequested, timeout=3000) as opened:
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [expected]
    dialog_class = open_detail("kaizen.ui.detail.observation_detail", "ObservationDetailDialog")
    if dialog_class is not None:
        dialog = view.detail_dialog
        assert isinstance(dialog, dialog_class) and dialog.observation_id == expected
        dialog.reject()
        qtbot.waitUntil(lambda: view.detail_dialog is None)
    settle(qtbot, view)


# --- turning an observation into an idea --------------------------------------------------------


def test_turn_into_idea_makes_a_linked_idea_and_opens_it(qtbot, plant: Plant) -> None:
    view = open_view(qtbot, plant, plant.staff)
    row = first_row(qtbot, view, observer=plant.staff.name, linked=False)
    click_row(qtbot, view, row)
    observation = view.model.row_at(row)
    assert view.turn_button.isEnabled()
    with qtbot.waitSignal(view.ideaCreated, timeout=10_000) as created:
        qtbot.mouseClick(view.turn_button, Qt.MouseButton.LeftButton)
    idea_id = created.args[0]
    assert link_in_file(plant.path, observation.id) == idea_id
    idea = plant.services.suggestions.get(idea_id)
    assert idea.submitter_id == plant.staff.id and idea.wastes == [observation.category]
    assert idea.expected_savings == pytest.approx(round(observation.yearly_cost, 2))
    assert f"Idea #{idea_id}" in view.message_bar.text
    if view.detail_dialog is not None:  # the new idea, opened
        assert view.detail_dialog.suggestion_id == idea_id
        view.detail_dialog.reject()
    settle(qtbot, view)
    # The list read again: the observation shows its idea, and cannot be turned twice.
    new_row = view.model.row_of(observation.id)
    assert view.model.index(new_row, ot.COL_LINKED).data() == f"#{idea_id}"
    assert view.table.selected_ids() == [observation.id]
    assert not view.turn_button.isEnabled()
    assert view.turn_button.toolTip() == f"This observation already led to idea #{idea_id}."


def test_turn_into_idea_needs_one_observation_and_a_person(qtbot, plant: Plant) -> None:
    view = open_view(qtbot, plant)
    click_row(qtbot, view, 0)
    assert not view.turn_button.isEnabled()
    assert view.turn_button.toolTip().startswith("Pick who is working first")
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert "Pick who is working first" in view.message_bar.text
    view.set_person(plant.supervisor)
    click_row(qtbot, view, 1, Qt.KeyboardModifier.ControlModifier)
    assert not view.turn_button.isEnabled()
    assert view.turn_button.toolTip() == "Select one observation to turn into an idea."
    row = first_row(qtbot, view, observer=plant.staff.name, linked=True)
    click_row(qtbot, view, row)
    assert not view.turn_button.isEnabled()
    assert "already led to idea #" in view.turn_button.toolTip()


def test_staff_cannot_turn_someone_elses_observation(qtbot, plant: Plant) -> None:
    view = open_view(qtbot, plant, plant.staff)
    row = first_row(qtbot, view, observer=plant.other.name, linked=False)
    click_row(qtbot, view, row)
    observation_id = view.model.id_at(row)
    assert view.turn_button.isEnabled()  # the service decides; the UI does not guess
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.message_bar.kind == "error" and view.message_bar.isVisible())
    assert view.message_bar.text == "Staff can only change their own observations."
    assert view.message_bar.action_button.isHidden()  # a rule: nothing to retry or reload
    assert link_in_file(plant.path, observation_id) is None
    settle(qtbot, view)


def test_an_observation_turned_meanwhile_is_refused_with_reload(qtbot, plant: Plant) -> None:
    """Someone else turned the observation into an idea after the list was read: the service
    refuses (a Conflict, nothing made), the message bar says so with Reload, and Reload reads
    the list again, which then shows the other idea and turns the button off."""
    view = open_view(qtbot, plant, plant.staff)
    row = first_row(qtbot, view, observer=plant.staff.name, linked=False)
    click_row(qtbot, view, row)
    observation_id = view.model.id_at(row)
    first = plant.services.observations.create_suggestion_from(plant.staff.id, observation_id)
    assert view.turn_button.isEnabled()  # the list on screen was read before that
    with qtbot.waitSignal(view.saver.finished, timeout=10_000) as attempt:
        qtbot.mouseClick(view.turn_button, Qt.MouseButton.LeftButton)
    assert attempt.args == [False]
    assert view.message_bar.kind == "error" and view.message_bar.isVisible()
    assert f"#{first.id}" in view.message_bar.text
    assert view.message_bar.action_button.text() == "Reload"
    assert link_in_file(plant.path, observation_id) == first.id  # no second idea
    settle(qtbot, view)
    view.message_bar.action_button.click()
    settle(qtbot, view)
    qtbot.waitUntil(lambda: not view.turn_button.isEnabled())
    assert view.turn_button.toolTip() == f"This observation already led to idea #{first.id}."


def test_turn_into_idea_offers_retry_when_the_server_is_away(qtbot, plant: Plant,
                                                             monkeypatch) -> None:
    """``Unavailable`` (what the db layer raises when the server cannot be reached) on the first
    try: nothing is made, the message bar offers Retry, and Retry makes the idea once."""
    observations = plant.services.observations
    real = observations.create_suggestion_from
    calls: list[int] = []

    def away_once(actor_id: int, observation_id: int):
        calls.append(observation_id)
        if len(calls) == 1:
            raise Unavailable()
        return real(actor_id, observation_id)

    monkeypatch.setattr(observations, "create_suggestion_from", away_once)
    view = open_view(qtbot, plant, plant.staff)
    row = first_row(qtbot, view, observer=plant.staff.name, linked=False)
    click_row(qtbot, view, row)
    observation_id = view.model.id_at(row)
    with qtbot.waitSignal(view.saver.finished, timeout=10_000):
        qtbot.mouseClick(view.turn_button, Qt.MouseButton.LeftButton)
    assert view.message_bar.text == RETRY_MESSAGE
    assert view.message_bar.action_button.text() == "Retry"
    assert not view.message_bar.action_button.isHidden()
    assert link_in_file(plant.path, observation_id) is None
    assert view.turn_button.isEnabled()
    with qtbot.waitSignal(view.ideaCreated, timeout=10_000) as created:
        qtbot.mouseClick(view.message_bar.action_button, Qt.MouseButton.LeftButton)
    assert calls == [observation_id, observation_id]
    assert link_in_file(plant.path, observation_id) == created.args[0]
    if view.detail_dialog is not None:  # the new idea, opened
        view.detail_dialog.reject()
    settle(qtbot, view)
