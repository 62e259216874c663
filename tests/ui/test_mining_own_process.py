""""Where ideas stall" on the mining screen: Kaizen's own ideas and PDCA cycles as a ready-made
event log, one click away, even before any log is imported (issue 19).

The expected graph is worked out from the ideas made below: three ideas submitted, two
accepted (each entering cycle 1's Plan at that instant), one rejected.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kaizen.services.suggestions import SuggestionInput
from kaizen.ui.mining.view import CONTENT, EMPTY, OWN_KEY, MiningView
from ui.helpers import Team


@pytest.fixture
def view(qtbot, services, team: Team) -> MiningView:
    page = MiningView(services)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    qtbot.waitExposed(page)
    page.set_person(team.supervisor)
    with qtbot.waitSignal(page.logsListed):
        page.refresh()
    return page


def make_ideas(services, team: Team) -> None:
    area = team.supervisor.home_area_id
    ids = [services.suggestions.create(team.staff.id, SuggestionInput(
        title=title, problem="It takes long.", proposal="Do it better.", area_id=area)).id
        for title in ("Label the bins", "Move the printer", "Shadow board")]
    services.suggestions.accept(team.supervisor.id, ids[0], owner_id=team.supervisor.id)
    services.suggestions.accept(team.supervisor.id, ids[1], owner_id=team.supervisor.id)
    services.suggestions.start_review(team.supervisor.id, ids[2])
    services.suggestions.reject(team.supervisor.id, ids[2], "Not now.")


def test_one_click_mines_the_ideas_without_any_imported_log(qtbot, view: MiningView, services,
                                                            team: Team) -> None:
    make_ideas(services, team)
    assert view.stack.currentIndex() == EMPTY and view.own_button.isVisible()
    with qtbot.waitSignal(view.analysed, timeout=20_000) as done:
        qtbot.mouseClick(view.own_button, Qt.MouseButton.LeftButton)
    result = done.args[0]
    assert view.stack.currentIndex() == CONTENT
    assert result.cases == 3
    assert view.log_picker.currentData() == OWN_KEY
    assert view.log_picker.currentText().startswith("Kaizen's own improvement process")
    names = set(view.graph.node_items)
    assert {"Idea submitted", "Idea accepted", "Cycle 1: Plan", "Idea rejected",
            "Idea under review"} <= names
    edges = {(e.source_name, e.target_name): e.count for e in result.edges}
    assert edges[("Idea submitted", "Idea accepted")] == 2
    assert edges[("Idea accepted", "Cycle 1: Plan")] == 2
    # Not an imported log: no KPI series from it, and no conformance check.
    assert not view.kpi_button.isVisible()
    view.check_conformance(1)
    assert "Kaizen's own process has no map" in view.message.text()


def test_no_idea_yet_is_said_in_words(qtbot, view: MiningView) -> None:
    qtbot.mouseClick(view.own_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "No idea has been submitted yet" in view.message.text())


def test_one_click_from_the_dashboard(qtbot, window, services, team: Team) -> None:
    from mining.reference import LOGS

    from kaizen.ui.main_window import DASHBOARD, MINING

    make_ideas(services, team)
    # An imported log is there too: the click still shows the ideas, not the log.
    services.event_logs.import_file(team.supervisor.id, LOGS / "running-example.xes")
    window.show_view(DASHBOARD)
    dashboard = window.page_at(DASHBOARD)
    mining = window.page_at(MINING)
    with qtbot.waitSignal(mining.analysed, timeout=30_000) as done:
        qtbot.mouseClick(dashboard.stalls_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentIndex() == MINING)
    assert done.args[0].cases == 3
    from kaizen.ui import worker

    # Once the page's own listing and loads are all done, the ideas are still what it shows.
    qtbot.waitUntil(lambda: mining.logs != [] and worker.active_tasks() == 0, timeout=30_000)
    assert mining.log_picker.currentData() == OWN_KEY
    assert mining.result.cases == 3
