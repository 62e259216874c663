"""The KPI tab of a process (series charted with kpi_figure, the process's signals) and "Log
waste here" linking what the capture form saved to the step."""

from __future__ import annotations

from datetime import timedelta

from services.factories import idea, make_site, observation
from services.process_factories import MAP, standardise

from kaizen.services import Services
from kaizen.services.kpis import NOT_HOLDING
from kaizen.ui import worker
from kaizen.ui.main_window import DASHBOARD, PROCESS_MAPS
from kaizen.ui.process_map.editor import MapEditor
from kaizen.ui.process_map.kpi_tab import KpiTab
from kaizen.ui.views.process_maps import ProcessMapsView
from ui.helpers import open_window


def test_a_series_is_charted_and_a_drifting_kpi_is_shown(qtbot, db, clock) -> None:
    # The scenario of tests/services/test_kpis.py: after a standardised change, 20 points
    # alternating 6 and 7 (XmR centre 6.5, limits +/- 2.66 x mR-bar; Wheeler, "Understanding
    # Variation") then eight at 7.5: a run of 8 on the worse side, "improvement not holding".
    site = make_site(db, clock)
    services = Services.create(db, clock)
    process = services.processes.create_process(site.supervisor_id, name="Order picking",
                                                area_id=site.line_id, document=MAP)
    series = services.kpis.add_series(site.supervisor_id, process.process.id,
                                      kind="cycle_time")
    idea_id = standardise(site, services.pdca, services.measurements)
    services.processes.link_idea(site.supervisor_id, process.steps[1].id, idea_id)
    done = clock()
    values = [6.0, 7.0] * 10 + [7.5] * 8
    services.kpis.add_points(site.supervisor_id, series.id,
                             [(done + timedelta(days=i), v) for i, v in enumerate(values)])

    tab = KpiTab(services)
    qtbot.addWidget(tab)
    tab.resize(1280, 720)
    tab.show()
    with qtbot.waitSignal(tab.chart.figureShown, timeout=30_000):
        tab.load(process.process.id)
    assert [s.kind for s in tab.signals] == [NOT_HOLDING]
    assert "Cycle time is drifting back" in tab.signal_label.text()
    assert not tab.signal_label.isHidden()
    assert tab.current_series() == series.id
    plotted = max(len(line.get_xdata()) for ax in tab.chart.figure.axes for line in ax.lines)
    assert plotted == len(values)


def test_log_waste_here_links_the_saved_observation_to_the_step(qtbot, db, clock) -> None:
    site = make_site(db, clock)
    services = Services.create(db, clock)
    services.processes.create_process(site.supervisor_id, name="Order picking",
                                      area_id=site.line_id, document=MAP)
    page = ProcessMapsView(services)
    qtbot.addWidget(page)
    page.set_person(services.people.get_person(site.supervisor_id))
    with qtbot.waitSignal(page.editor.loaded, timeout=10_000):
        page.refresh()
    pick = next(s for s in page.editor.view.steps if s.name == "Pick")
    page.editor.scene.nodes["Pick"].setSelected(True)
    assert page.editor.panel.log_button.isEnabled()
    page.editor.panel.log_button.click()
    dialog = page.capture_dialog
    assert dialog.isVisible()
    # The form saves as it always does; what it saved is then linked to the step.
    info = services.observations.create(site.supervisor_id,
                                        observation(site, description="Walks to far shelf"))
    with qtbot.waitSignal(page.editor.loaded, timeout=10_000):
        dialog.saved.emit(info)
    view = page.editor.view
    linked = next(s for s in view.steps if s.id == pick.id)
    assert [o.observation_id for o in linked.observations] == [info.id]
    page.editor.scene.nodes["Pick"].setSelected(True)
    assert "Walks to far shelf" in page.editor.panel.links.item(0).text()
    dialog.reject()


def test_a_dashboard_signal_opens_the_series_in_one_click(qtbot, db, clock) -> None:
    # The same drifting series as above, plus a second series so the click must pick the right
    # one.
    site = make_site(db, clock)
    services = Services.create(db, clock)
    process = services.processes.create_process(site.supervisor_id, name="Order picking",
                                                area_id=site.line_id, document=MAP)
    services.kpis.add_series(site.supervisor_id, process.process.id, kind="throughput")
    series = services.kpis.add_series(site.supervisor_id, process.process.id,
                                      kind="cycle_time")
    idea_id = standardise(site, services.pdca, services.measurements)
    services.processes.link_idea(site.supervisor_id, process.steps[1].id, idea_id)
    done = clock()
    values = [6.0, 7.0] * 10 + [7.5] * 8
    services.kpis.add_points(site.supervisor_id, series.id,
                             [(done + timedelta(days=i), v) for i, v in enumerate(values)])

    window = open_window(qtbot, services)
    dashboard = window.page_at(DASHBOARD)
    strip = dashboard.process_signals
    qtbot.waitUntil(lambda: len(strip.rows) == 1, timeout=10_000)
    assert strip.rows[0].text() == "Order picking: Improvement not holding"
    assert "Cycle time is drifting back" in strip.rows[0].description()
    page = window.page_at(PROCESS_MAPS)
    with qtbot.waitSignal(page.kpi_tab.chart.figureShown, timeout=30_000):
        strip.rows[0].click()
    qtbot.waitUntil(lambda: page.kpi_tab.current_series() == series.id, timeout=10_000)
    assert window.current_index == PROCESS_MAPS
    assert page.tabs.currentWidget() is page.kpi_tab
    worker.wait_for_all()
    assert page.kpi_tab.current_series() == series.id


def test_an_idea_carries_the_future_state_map(qtbot, db, clock) -> None:
    site = make_site(db, clock)
    services = Services.create(db, clock)
    current = services.processes.create_process(site.supervisor_id, name="Order picking",
                                                area_id=site.line_id, document=MAP)
    future = services.processes.copy_to_future(site.supervisor_id, current.map.id)
    carrier = services.suggestions.create(site.staff_id, idea(site))
    editor = MapEditor(services)
    qtbot.addWidget(editor)
    editor.person = services.people.get_person(site.supervisor_id)
    with qtbot.waitSignal(editor.loaded, timeout=10_000):
        editor.load_map(future.map.id)

    task = editor.attach_to_idea(999_999)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert editor.status.text() == "Idea #999999 does not exist (it may have been removed)."
    assert services.processes.map_view(future.map.id).map.suggestion_id is None

    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.attach_to_idea(carrier.id)
    assert editor.view.map.suggestion_id == carrier.id
    assert services.processes.map_view(future.map.id).map.suggestion_id == carrier.id
