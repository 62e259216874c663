"""The mining screen's "Make a KPI series…": a log's figure per month into a process's KPI.

Source: the running example's median case duration is pm4py 2.7.23.11's (reference.json,
815,940 s = 226.65 h; its six cases all end in January 2011).
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
    page = MiningView(services)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    qtbot.waitExposed(page)
    return page


def open_page(qtbot, page: MiningView, person) -> None:
    page.set_person(person)
    with qtbot.waitSignal(page.analysed, timeout=20_000):
        page.refresh()


def test_lead_time_per_month_becomes_a_kpi_series(qtbot, view: MiningView, services,
                                                  team: Team) -> None:
    made = services.processes.create_process(
        team.supervisor.id, name="Compensation requests", area_id=team.supervisor.home_area_id,
        document=compensation_map())
    open_page(qtbot, view, team.supervisor)
    qtbot.waitUntil(lambda: bool(view.processes))
    assert view.kpi_button.isVisible()
    qtbot.mouseClick(view.kpi_button, Qt.MouseButton.LeftButton)
    dialog = view.kpi_dialog
    assert dialog is not None and dialog.process.currentText() == "Compensation requests"
    assert dialog.series.placeholderText() == "Lead time"
    with qtbot.waitSignal(view.kpiDerived, timeout=20_000) as derived:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert derived.args[0].points == 1
    (series,) = services.kpis.list_series(made.process.id)
    assert series.name == "Lead time" and series.last_value == pytest.approx(226.65)
    assert "Added 1 points (hour) to the KPI 'Lead time' (a new series)" in view.message.text()


def test_a_clash_of_units_is_shown_beside_the_series_field(qtbot, view: MiningView, services,
                                                          team: Team) -> None:
    services.processes.create_process(
        team.supervisor.id, name="Compensation requests", area_id=team.supervisor.home_area_id,
        document=compensation_map())
    open_page(qtbot, view, team.supervisor)
    qtbot.waitUntil(lambda: bool(view.processes))
    qtbot.mouseClick(view.kpi_button, Qt.MouseButton.LeftButton)
    dialog = view.kpi_dialog
    dialog.measure.setCurrentIndex(dialog.measure.findData("cases"))
    dialog.series.setText("Lead time")
    with qtbot.waitSignal(view.kpiDerived, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.kpi_button, Qt.MouseButton.LeftButton)
    dialog = view.kpi_dialog
    dialog.series.setText("Lead time")
    with qtbot.waitSignal(dialog.saver.finished, timeout=20_000) as finished:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert finished.args == [False]
    error, _widget = dialog.form.field("series")
    assert "kept in cases" in error.text()
    dialog.reject()


def test_staff_are_told_who_may_add_points(qtbot, view: MiningView, team: Team) -> None:
    open_page(qtbot, view, team.staff)
    qtbot.mouseClick(view.kpi_button, Qt.MouseButton.LeftButton)
    assert view.kpi_dialog is None
    assert view.message.text() == "Only a supervisor or an administrator can add KPI points."
