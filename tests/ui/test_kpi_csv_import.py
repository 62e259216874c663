"""KPI points from a CSV file, imported on a process's KPI tab (kaizen/services/kpi_import.py
reads ``at,value`` rows; all or nothing, a bad line named)."""

from __future__ import annotations

from services.factories import make_site
from services.process_factories import MAP

from kaizen.services import Services
from kaizen.ui.process_map.kpi_tab import KpiTab


def tab_on(qtbot, db, clock):
    site = make_site(db, clock)
    services = Services.create(db, clock)
    process = services.processes.create_process(site.supervisor_id, name="Order picking",
                                                area_id=site.line_id, document=MAP)
    series = services.kpis.add_series(site.supervisor_id, process.process.id,
                                      kind="cycle_time")
    tab = KpiTab(services)
    qtbot.addWidget(tab)
    tab.resize(1280, 720)
    tab.show()
    tab.person = services.people.get_person(site.supervisor_id)
    with qtbot.waitSignal(tab.loaded, timeout=30_000):
        tab.load(process.process.id)
    return tab, services, series


def test_a_csv_file_adds_its_points_to_the_series_shown(qtbot, db, clock, tmp_path) -> None:
    tab, services, series = tab_on(qtbot, db, clock)
    path = tmp_path / "cycle.csv"
    path.write_text("date;cycle time\n2026-01-05;6,5\n2026-01-12;6,0\n2026-01-19;5,5\n")
    with qtbot.waitSignal(tab.loaded, timeout=30_000):
        tab.import_csv(path)
    assert tab.message.text() == "Imported 3 points from cycle.csv."
    (info,) = services.kpis.list_series(series.process_id)
    assert info.points == 3 and info.last_value == 5.5
    assert "3 points" in tab.list.currentItem().text()


def test_a_bad_line_is_named_and_nothing_is_added(qtbot, db, clock, tmp_path) -> None:
    tab, services, series = tab_on(qtbot, db, clock)
    path = tmp_path / "bad.csv"
    path.write_text("at,value\n2026-01-05,6.5\n2026-01-12,lots\n")
    tab.import_csv(path)
    qtbot.waitUntil(lambda: "Line 3" in tab.message.text())
    assert services.kpis.list_series(series.process_id)[0].points == 0
