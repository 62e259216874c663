"""The process-mining page reads its pickers through one service call (issue 15: one read
transaction per screen): ``EventLogService.mining_screen`` must hold exactly what the single
calls (``list_logs``, ``ProcessService.list_processes``) give. Runs on SQLite and, with
KAIZEN_TEST_DB_URL, on PostgreSQL.

The logs are the running example of W. van der Aalst, *Process Mining* (2nd ed., 2016), ch. 1
(6 cases, 42 events), imported twice under two names."""

from __future__ import annotations

from pathlib import Path

from kaizen.services import Services
from tests.mining.reference import LOGS
from tests.services.factories import make_site

COUNTER = {
    "name": "Counter", "time_unit": "minute",
    "arrivals": {"distribution": "exponential", "mean": 1.0},
    "steps": [{"name": "Serve", "value": "value-adding", "resources": 1,
               "duration": {"distribution": "exponential", "mean": 0.8}}],
    "flows": [{"from": "start", "to": "Serve"}, {"from": "Serve", "to": "end"}],
}


def test_the_mining_page_is_one_read_of_what_the_single_calls_give(db, clock,
                                                                  tmp_path: Path) -> None:
    site = make_site(db, clock)
    services = Services.create(db, clock, attachments_dir=tmp_path / "photos")
    empty = services.event_logs.mining_screen()
    assert empty.logs == [] and empty.processes == []

    for name in ("Compensation", "Another"):
        services.event_logs.import_file(site.supervisor_id, LOGS / "running-example.xes",
                                        name=name)
    for name, area in (("Counter", site.department_id), ("Assembly desk", site.line_id)):
        services.processes.create_process(site.supervisor_id, name=name, area_id=area,
                                          document={**COUNTER, "name": name})

    screen = services.event_logs.mining_screen()
    assert screen.logs == services.event_logs.list_logs()
    assert [(i.name, i.cases, i.events) for i in screen.logs] == [
        ("Another", 6, 42), ("Compensation", 6, 42)]
    assert screen.processes == services.processes.list_processes()
    assert [(p.name, p.area_name) for p in screen.processes] == [
        ("Assembly desk", "Line 1"), ("Counter", "Assembly")]
    assert all(p.current_map_id is not None for p in screen.processes)
