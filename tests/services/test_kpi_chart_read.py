"""A KPI chart's read (kaizen/services/kpis.py ``KpiService.chart``) sends only what it needs
and gives what the report's path gives (issue 21: the chart within 2x of the same statements in
plain sqlite3). On SQLite and PostgreSQL.

The chart reads on a plain Core connection: the series with its process's name in one
statement, the points (fetched as the driver's tuples), the completed changes. The monthly
report reaches the same chart through an ORM session (``summaries``); the two must agree, phase
for phase, on a series cut by a completed change. Limits: Wheeler's XmR (NIST/SEMATECH
e-Handbook 6.3.2.2), checked by hand in tests/services/test_kpis.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from kaizen.domain.errors import NotFound
from kaizen.services.measurements import MeasurementService
from kaizen.services.pdca import PdcaService

from .process_factories import MAP, standardise
from .test_save_statements import statements


def test_the_chart_reads_the_series_and_its_process_in_one_statement(site, kpis,
                                                                      processes) -> None:
    process = processes.create_process(site.supervisor_id, name="Order picking",
                                       area_id=site.line_id, document=MAP)
    series = kpis.add_series(site.supervisor_id, process.process.id, kind="cycle_time")
    start = datetime(2026, 1, 5, 8)
    kpis.add_points(site.supervisor_id, series.id,
                    [(start + timedelta(days=i), 10.0 + i % 3) for i in range(30)])
    kpis.chart(series.id)  # warm the caches
    with statements(site.db) as seen:
        chart = kpis.chart(series.id)
    selects = [s for s in seen if s.startswith("SELECT")]
    assert len(selects) == 3, selects
    assert "FROM kpi_series JOIN processes ON" in selects[0]
    assert "FROM kpi_points" in selects[1]
    assert "FROM suggestions" in selects[2]
    assert chart.process_name == "Order picking"
    assert chart.times[0] == start and len(chart.values) == 30
    assert all(type(v) is float for v in chart.values)  # noqa: E721 (exactly float)
    assert all(type(t) is datetime for t in chart.times)  # noqa: E721


def test_the_chart_is_the_reports_chart_phase_for_phase(site, db, clock, kpis,
                                                       processes) -> None:
    process = processes.create_process(site.supervisor_id, name="Order picking",
                                       area_id=site.line_id, document=MAP)
    series = kpis.add_series(site.supervisor_id, process.process.id, kind="cycle_time")
    idea_id = standardise(site, PdcaService(db, clock), MeasurementService(db, clock),
                          title="Fast movers near the door")
    processes.link_idea(site.supervisor_id, process.steps[1].id, idea_id)
    done = clock()
    kpis.add_points(site.supervisor_id, series.id, [
        (done - timedelta(days=6 - i), v) for i, v in enumerate([10, 12, 11, 13, 10, 12])])
    kpis.add_points(site.supervisor_id, series.id, [
        (done + timedelta(days=i), v) for i, v in enumerate([6, 7, 6, 7])])
    chart = kpis.chart(series.id)
    [summary] = kpis.summaries()
    assert chart == summary.chart
    assert len(chart.phases) == 2 and chart.phases[1].change.suggestion_id == idea_id
    assert chart.series.points == 10 and chart.series.last_value == 7.0


@pytest.mark.parametrize("series_id", [987654, 0, -3, "7", None, 2.5])
def test_an_unknown_series_is_not_found_in_words(site, kpis, series_id) -> None:
    with pytest.raises(NotFound, match="KPI #.* does not exist"):
        kpis.chart(series_id)
