"""A stored event log checked against a process's current-state map, through the service.

Runs on SQLite, and on PostgreSQL with KAIZEN_TEST_DB_URL. The log is van der Aalst's running
example (*Process Mining*, 2nd ed., table 1.1): on a map where examining comes before checking
the ticket, cases 2, 4 and 5 (which check first) deviate and 1, 3 and 6 fit.
"""

from __future__ import annotations

import pytest

from kaizen.domain.errors import NotFound
from kaizen.services.event_logs import EventLogService
from kaizen.services.processes import ProcessService
from tests.mining.reference import LOGS
from tests.services.process_factories import compensation_map


def test_conformance_of_a_stored_log_against_the_current_map(db, clock, site) -> None:
    logs, processes = EventLogService(db, clock), ProcessService(db, clock)
    logs.import_file(site.supervisor_id, LOGS / "running-example.xes", name="Compensation")
    view = processes.create_process(site.supervisor_id, name="Compensation requests",
                                    area_id=site.line_id, document=compensation_map())
    found = logs.conformance("Compensation", view.process.id)
    assert found.cases == 6 and found.fitting_cases == 3
    assert sorted(c.case for c in found.deviating) == ["2", "4", "5"]
    assert found.unseen_steps == ()
    assert 0.9 < found.log_fitness < 1.0


def test_unknown_log_or_process_is_refused(db, clock, site) -> None:
    logs, processes = EventLogService(db, clock), ProcessService(db, clock)
    view = processes.create_process(site.supervisor_id, name="Compensation requests",
                                    area_id=site.line_id, document=compensation_map())
    with pytest.raises(NotFound, match="no event log named 'Nope'"):
        logs.conformance("Nope", view.process.id)
    logs.import_file(site.supervisor_id, LOGS / "running-example.xes", name="Compensation")
    with pytest.raises(NotFound):
        logs.conformance("Compensation", 9999)


def test_a_lifecycle_log_is_replayed_on_its_completions(db, clock, site) -> None:
    """reviewing.xes has start and complete events (README of the public logs): on a map of its
    most frequent complete-only variant, the cases of that variant fit."""
    from kaizen.mining.discovery import variants
    from kaizen.mining.lifecycle import only_complete
    from kaizen.mining.xes_reader import read_xes

    complete = only_complete(read_xes(LOGS / "reviewing.xes"))
    top = variants(complete)[0]
    names = list(dict.fromkeys(top.activities))
    pairs = list(dict.fromkeys(zip(("start", *top.activities), (*top.activities, "end"),
                                   strict=True)))
    outgoing: dict[str, list[str]] = {}
    for a, b in pairs:
        outgoing.setdefault(a, []).append(b)
    flows = [{"from": a, "to": b} | ({"probability": 1 / len(outgoing[a])}
                                     if len(outgoing[a]) > 1 else {}) for a, b in pairs]
    doc = {"name": "Reviewing", "time_unit": "day", "flows": flows,
           "steps": [{"name": n, "value": "necessary",
                      "duration": {"distribution": "fixed", "mean": 1}} for n in names]}
    logs, processes = EventLogService(db, clock), ProcessService(db, clock)
    logs.import_file(site.supervisor_id, LOGS / "reviewing.xes")
    view = processes.create_process(site.supervisor_id, name="Reviewing", area_id=site.line_id,
                                    document=doc)
    found = logs.conformance("reviewing", view.process.id)
    assert found.cases == 100 and found.fitting_cases >= top.cases >= 1
