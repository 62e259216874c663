"""`kaizen log kpi NAME --process PROCESS [--measure M] [--period P] [--series S]`: a log's
figure per period added to a process's KPI series, through the service the GUI uses.

Source: the running example's median case duration is pm4py 2.7.23.11's (reference.json,
815,940 s = 226.65 h; all six cases end in January 2011).
"""

from __future__ import annotations

import json

import pytest
from services.factories import make_site
from services.process_factories import compensation_map

from kaizen.cli import main
from kaizen.services.kpis import KpiService
from kaizen.services.processes import ProcessService
from tests.mining.reference import LOGS


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def process_id(db, db_url, clock, monkeypatch) -> int:
    site = make_site(db, clock)
    monkeypatch.setenv("KAIZEN_DB_URL", db_url)
    view = ProcessService(db, clock).create_process(
        site.supervisor_id, name="Compensation requests", area_id=site.line_id,
        document=compensation_map())
    return view.process.id


def test_kpi_from_a_log_goes_into_the_series(db, clock, capsys, process_id, sql) -> None:
    assert run(capsys, "log", "import", str(LOGS / "running-example.xes"))[0] == 0
    code, out, _ = run(capsys, "log", "kpi", "running-example", "--process",
                       "compensation requests")
    assert code == 0
    assert out.strip() == ("Added 1 monthly points (hour) to the KPI 'Lead time' (a new series) "
                           "of 'Compensation requests' from the log 'running-example'.")
    kpis = KpiService(db, clock)
    (series,) = kpis.list_series(process_id)
    assert (series.name, series.unit, series.points) == ("Lead time", "hour", 1)
    assert series.last_value == pytest.approx(815_940 / 3600)
    # Again: the same period's point is replaced, not doubled.
    code, out, _ = run(capsys, "log", "kpi", "running-example", "--process",
                       "Compensation requests")
    assert code == 0 and "replacing 1 from before" in out
    assert kpis.list_series(process_id)[0].points == 1
    rows = sql("SELECT action, after FROM audit_events WHERE entity = 'kpi_series' "
               "ORDER BY id")
    assert [r[0] for r in rows] == ["create", "add_points", "add_points"]
    after = rows[-1][1] if isinstance(rows[-1][1], dict) else json.loads(rows[-1][1])
    assert after["log"] == "running-example" and after["replaced"] == 1
    code, out, _ = run(capsys, "log", "kpi", "running-example", "--process",
                       "Compensation requests", "--measure", "rework_rate", "--period", "week")
    assert code == 0 and "'Rework rate' (a new series)" in out


def test_bad_input_is_one_error_line_and_changes_nothing(db, clock, capsys, process_id) -> None:
    run(capsys, "log", "import", str(LOGS / "running-example.xes"))
    code, _, err = run(capsys, "log", "kpi", "nope", "--process", "Compensation requests")
    assert code == 1 and err.strip() == "error: There is no event log named 'nope'."
    code, _, err = run(capsys, "log", "kpi", "running-example", "--process", "Nowhere")
    assert code == 1 and err.startswith("error: No process is called 'Nowhere'")
    kpis = KpiService(db, clock)
    kpis_before = kpis.list_series(process_id)
    code, _, err = run(capsys, "log", "kpi", "running-example", "--process",
                       "Compensation requests", "--series", "Lead time", "--measure", "cases")
    assert kpis_before == [] and code == 0
    code, _, err = run(capsys, "log", "kpi", "running-example", "--process",
                       "Compensation requests", "--series", "Lead time")
    assert code == 1 and "kept in cases" in err
    (series,) = kpis.list_series(process_id)
    assert series.points == 1
