"""Event logs in the database: import (audited, all or nothing), list, delete, load back.

Runs on SQLite, and on PostgreSQL with KAIZEN_TEST_DB_URL (there the events go through COPY).
What is loaded back must give pm4py 2.7.23.11's figures (../shared/data/eventlogs/
reference.json) exactly as the file read directly does.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from kaizen.db.models import EventLogEvent, EventLogName, EventLogRecord
from kaizen.domain.errors import NotFound, PermissionDenied, ValidationError
from kaizen.mining.discovery import summary
from kaizen.mining.lifecycle import only_complete
from kaizen.mining.log import Cancelled, LogFormatError
from kaizen.mining.xes_reader import read_xes
from kaizen.services.event_logs import EventLogService
from tests.mining.reference import LOGS, REFERENCE, mismatches
from tests.services.factories import audit_events, count


@pytest.fixture
def logs(db, clock) -> EventLogService:
    return EventLogService(db, clock)


def stored_rows(db) -> tuple[int, int, int]:
    return count(db, EventLogRecord), count(db, EventLogName), count(db, EventLogEvent)


@pytest.mark.parametrize("file", ["reviewing.xes", "receipt.csv"])
def test_import_and_load_back_gives_pm4py_figures(logs, site, file: str) -> None:
    info = logs.import_file(site.supervisor_id, LOGS / file)
    ref = REFERENCE["logs"][file]
    assert info.name == file.rsplit(".", 1)[0]
    assert (info.cases, info.events) == (ref["all"]["cases"], ref["all"]["events"])
    assert info.imported_by == "Sam Supervisor"
    loaded = logs.load(info.name)
    assert mismatches(summary(loaded), ref["all"]) == []
    assert mismatches(summary(only_complete(loaded)), ref["complete"]) == []
    direct = read_xes(LOGS / file) if file.endswith(".xes") else None
    if direct is not None:
        for column in ("case", "activity", "timestamp", "resource", "lifecycle"):
            assert np.array_equal(getattr(loaded, column), getattr(direct, column))
        assert loaded.resource_names == direct.resource_names


def test_import_is_audited_and_listed(logs, site, db) -> None:
    logs.import_file(None, LOGS / "running-example.xes", name="Compensation requests")
    logs.import_file(site.admin_id, LOGS / "roadtraffic100traces.xes")
    listed = logs.list_logs()
    assert [i.name for i in listed] == ["Compensation requests", "roadtraffic100traces"]
    first = listed[0]
    assert first.imported_by is None and first.source_format == "xes"
    assert first.first_event == datetime(2010, 12, 30, 10, 2, tzinfo=UTC)  # 11:02+01:00
    assert first.source_file.endswith("running-example.xes")
    events = audit_events(db, "event_log")
    assert [(e.action, e.person_id, e.after["events"]) for e in events] == [
        ("import", None, 42), ("import", site.admin_id, 390)]


def test_name_taken_or_bad_is_refused_before_reading(logs, site, db) -> None:
    logs.import_file(None, LOGS / "running-example.xes", name="log")
    before = stored_rows(db)
    with pytest.raises(ValidationError) as error:
        logs.import_file(None, LOGS / "running-example.csv", name="log")
    assert error.value.field == "name" and "already exists" in error.value.message
    with pytest.raises(ValidationError) as error:
        logs.import_file(None, LOGS / "running-example.csv", name="   ")
    assert error.value.field == "name"
    assert stored_rows(db) == before


def test_staff_may_not_import_or_delete(logs, site, db) -> None:
    with pytest.raises(PermissionDenied):
        logs.import_file(site.staff_id, LOGS / "running-example.xes")
    logs.import_file(None, LOGS / "running-example.xes", name="x")
    with pytest.raises(PermissionDenied):
        logs.delete(site.staff_id, "x")
    assert stored_rows(db)[0] == 1


def test_bad_file_leaves_nothing(logs, site, db, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("case,activity,timestamp\nc1,A,2020-01-01 10:00\nc1,B,not a time\n")
    with pytest.raises(LogFormatError) as error:
        logs.import_file(None, bad)
    assert error.value.line == 3
    assert stored_rows(db) == (0, 0, 0)
    assert audit_events(db, "event_log") == []


def test_cancel_while_storing_rolls_back(logs, site, db) -> None:
    phases: list[str] = []

    def progress(phase: str, done: int, total: int) -> None:
        phases.append(phase)

    # Cancel once the reading is over: the log row and its names are written by then, and the
    # first check of the storing phase stops the unit of work.
    with pytest.raises(Cancelled):
        logs.import_file(None, LOGS / "receipt.csv", progress=progress,
                         cancelled=lambda: "read" in phases)
    assert phases == ["read"]
    assert stored_rows(db) == (0, 0, 0)
    assert audit_events(db, "event_log") == []


def test_progress_reports_both_phases(logs, site) -> None:
    seen: dict[str, tuple[int, int]] = {}
    logs.import_file(None, LOGS / "receipt.csv",
                     progress=lambda phase, done, total: seen.__setitem__(phase, (done, total)))
    assert seen["read"][0] == seen["read"][1] == (LOGS / "receipt.csv").stat().st_size
    assert seen["store"] == (8577, 8577)


def test_delete_removes_everything_and_is_audited(logs, site, db) -> None:
    logs.import_file(None, LOGS / "running-example.xes", name="a")
    logs.import_file(None, LOGS / "roadtraffic100traces.xes", name="b")
    logs.delete(site.supervisor_id, "a")
    assert [i.name for i in logs.list_logs()] == ["b"]
    assert stored_rows(db)[2] == 390
    assert logs.load("b").events == 390
    deleted = [e for e in audit_events(db, "event_log") if e.action == "delete"]
    assert deleted[0].before["name"] == "a" and deleted[0].person_id == site.supervisor_id
    with pytest.raises(NotFound):
        logs.delete(None, "a")
    with pytest.raises(NotFound):
        logs.load("a")


def test_columns_refused_for_xes(logs, site) -> None:
    with pytest.raises(ValidationError, match="CSV files only"):
        logs.import_file(None, LOGS / "reviewing.xes", columns={"case": "x"})


def test_show_is_the_cli_figures(logs, site) -> None:
    """pm4py 2.7.23.11's figures for reviewing.xes (reference.json), both selections."""
    logs.import_file(None, LOGS / "reviewing.xes")
    ref = REFERENCE["logs"]["reviewing.xes"]
    assert mismatches(logs.show("reviewing"), ref["all"]) == []
    assert mismatches(logs.show("reviewing", "complete"), ref["complete"]) == []
    with pytest.raises(ValidationError) as error:
        logs.show("reviewing", "start")
    assert error.value.field == "lifecycle"
