"""The mining screen's Conformance tab on real widgets: pick a process, check, read the result.

The log is van der Aalst's running example (*Process Mining*, 2nd ed., table 1.1); on the
sequential compensation map, cases 2, 4 and 5 check the ticket before examining and deviate.
"""

from __future__ import annotations

import pytest
from mining.reference import LOGS
from PySide6.QtCore import Qt
from services.process_factories import compensation_map

from kaizen.ui.mining.view import MiningView
from ui.helpers import Team


@pytest.fixture
def view(qtbot, services, team: Team) -> MiningView:
    services.event_logs.import_file(team.supervisor.id, LOGS / "running-example.xes",
                                    name="Compensation")
    services.processes.create_process(team.supervisor.id, name="Compensation requests",
                                      area_id=team.supervisor.home_area_id,
                                      document=compensation_map())
    page = MiningView(services)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    qtbot.waitExposed(page)
    page.set_person(team.supervisor)
    with qtbot.waitSignal(page.analysed, timeout=20_000):
        page.refresh()
    qtbot.waitUntil(lambda: page.conformance.check_button.isEnabled())
    return page


def test_check_lists_the_fit_and_the_deviating_cases(qtbot, view: MiningView) -> None:
    panel = view.conformance
    view.tabs.setCurrentWidget(panel)
    assert panel.process_picker.currentText() == "Compensation requests"
    with qtbot.waitSignal(view.conformanceChecked, timeout=20_000) as checked:
        qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    found = checked.args[0]
    assert found.fitting_cases == 3
    assert "3 of 6 cases (50.0%) follow the map" in panel.summary.text()
    cases = [panel.case_table.item(r, 0).text() for r in range(panel.case_table.rowCount())]
    assert sorted(cases) == ["2", "4", "5"]
    kinds = {panel.deviation_table.item(r, 0).text()
             for r in range(panel.deviation_table.rowCount())}
    assert "Wrong order" in kinds
    what = panel.case_table.item(0, 3).text()
    assert "out of the map's order" in what


def test_without_a_process_the_check_is_off(qtbot, services, team: Team) -> None:
    page = MiningView(services)
    qtbot.addWidget(page)
    page.set_person(team.supervisor)
    with qtbot.waitSignal(page.logsListed):
        page.refresh()
    qtbot.waitUntil(lambda: page.conformance.process_picker.currentText()
                    == "No process is mapped yet")
    assert not page.conformance.check_button.isEnabled()
