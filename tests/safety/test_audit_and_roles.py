"""Point 6 of the data-safety issue: the audit trail is append-only in the database itself, every
change made through a service writes who, when and the fields before and after, and a staff
member cannot approve ideas, move PDCA stages or validate savings, whatever the UI shows.

The walk finds every public method of every service that writes (its source opens
``self._db.write()``, or it calls one that does) and runs each once through a scenario below; a
new writing method without a scenario fails the test, so nobody can add one that skips the trail.
"""

from __future__ import annotations

import inspect
import itertools
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from audit_helpers import append_with_sqlite3
from PIL import Image
from services.factories import ADMIN_PIN, Site, idea, make_site, observation
from services.process_factories import MAP
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from kaizen.db.engine import Database
from kaizen.db.models import AuditEvent
from kaizen.domain.enums import (
    ActDecision,
    AreaKind,
    MeasurementPhase,
    MetricDirection,
    PdcaStage,
    Role,
    SavingsKind,
)
from kaizen.domain.errors import PermissionDenied
from kaizen.services import SERVICE_CLASSES, Services, service_class
from kaizen.services.measurement_import import ParsedRow
from kaizen.services.suggestions import ReviewAction

from .conftest import fingerprint

# Savings follow proof (issue 17): these ideas have no measured proof, so validating them
# takes the validator's written reason.
WHY = "Confirmed by the line report"

# --- the plant the scenarios work in ------------------------------------------------------------


@dataclass
class Plant:
    services: Services
    site: Site
    photo: Path
    empty_database: Callable[[], Services]  # services over a new, empty database

    @property
    def admin(self) -> int:
        return self.site.admin_id

    @property
    def supervisor(self) -> int:
        return self.site.supervisor_id

    @property
    def staff(self) -> int:
        return self.site.staff_id

    def idea(self, title: str = "Label the shelves", by: int | None = None) -> int:
        return self.services.suggestions.create(by or self.staff, idea(self.site, title=title)).id

    def cycle(self, stage: PdcaStage = PdcaStage.PLAN) -> tuple[int, int]:
        """An accepted idea whose cycle 1 is at ``stage``: (idea id, cycle id)."""
        s, pdca, sup = self.services, self.services.pdca, self.supervisor
        idea_id = self.idea("Shadow board")
        cycle_id = s.suggestions.accept(sup, idea_id).current_cycle_id
        assert cycle_id is not None
        if stage is PdcaStage.PLAN:
            return idea_id, cycle_id
        pdca.update_plan(sup, cycle_id, problem_statement="Dies are hard to find",
                         why_chain=[], root_cause="No home", target_metric="Search time",
                         target_from=5.0, target_to=1.0, target_by=None,
                         countermeasure="Shadow board")
        action = pdca.add_action(sup, cycle_id, text="Build the board", owner_id=self.staff)
        pdca.move(sup, cycle_id, PdcaStage.DO)
        if stage is PdcaStage.DO:
            return idea_id, cycle_id
        pdca.set_action_done(sup, action.id, True)
        pdca.move(sup, cycle_id, PdcaStage.CHECK)
        if stage is PdcaStage.CHECK:
            return idea_id, cycle_id
        metric = self.metric(idea_id)
        s.measurements.add_measurements(sup, metric, MeasurementPhase.BEFORE, [5, 6, 4])
        s.measurements.add_measurements(sup, metric, MeasurementPhase.AFTER, [1, 2, 1])
        pdca.move(sup, cycle_id, PdcaStage.ACT)
        return idea_id, cycle_id

    def metric(self, idea_id: int) -> int:
        return self.services.measurements.add_metric(
            self.supervisor, idea_id, name="Search time", unit="min",
            direction=MetricDirection.LOWER_IS_BETTER).id

    def entry(self, *, validated: bool = False) -> int:
        """A supervisor's actual entry on an idea in Check (savings are validated from there,
        by a second person: the admin)."""
        idea_id, _ = self.cycle(PdcaStage.CHECK)
        entry = self.services.savings.add_entry(self.supervisor, idea_id, month="2026-10",
                                                amount=120.0, kind=SavingsKind.HARD)
        if validated:
            self.services.savings.validate(self.admin, entry.id, override_reason=WHY)
        return entry.id


@pytest.fixture
def plant(db, clock, photos_dir, tmp_path, databases, template_url) -> Iterator[Plant]:
    site = make_site(db, clock)
    photo = tmp_path / "shelf.png"
    Image.new("RGB", (8, 6), (200, 30, 30)).save(photo)
    opened: list[Database] = []

    def empty_database() -> Services:
        opened.append(Database(databases.copy(template_url)))
        return Services.create(opened[-1], clock, attachments_dir=photos_dir)

    yield Plant(Services.create(db, clock, attachments_dir=photos_dir), site, photo,
                empty_database)
    for database in opened:
        database.dispose()
        databases.drop(database.url)


# --- one scenario per writing method ------------------------------------------------------------


@dataclass
class Call:
    """One service call to audit: who makes it, what it changes first, and how."""

    actor: int | None
    run: Callable[[], Any]
    entity: str  # the entity of the first change it must audit
    kind: str  # "create", "update" (the record existed: before and after) or "delete"
    actor_from_result: bool = False  # bootstrap: the actor is the admin it creates
    services: Services | None = None  # when it works on another database than the plant's


def _settings_call(p: Plant) -> Call:
    return Call(p.admin, lambda: p.services.people.update_settings(p.admin, currency="USD"),
                "settings", "update")


def _authenticate_call(p: Plant) -> Call:
    def five_wrong() -> None:
        for _ in range(5):
            with pytest.raises(PermissionDenied):
                p.services.people.authenticate(p.supervisor, "0000")
    # Nobody is signed in while the PINs are wrong, so the lock is audited without a person.
    return Call(None, five_wrong, "person", "update")


def _bootstrap_call(p: Plant) -> Call:
    empty = p.empty_database()  # bootstrap only runs on an empty database
    return Call(None, lambda: empty.people.bootstrap(
        site_name="Second plant", admin_name="Bo Boot", admin_pin=ADMIN_PIN),
        "area", "create", actor_from_result=True, services=empty)


def _scenarios() -> dict[str, Callable[[Plant], Call]]:
    def s(p: Plant) -> Services:
        return p.services

    return {
        # people, areas, settings
        "people.bootstrap": _bootstrap_call,
        "people.create_person": lambda p: Call(p.admin, lambda: s(p).people.create_person(
            p.admin, name="Nia New", role=Role.STAFF), "person", "create"),
        "people.update_person": lambda p: Call(p.admin, lambda: s(p).people.update_person(
            p.admin, p.staff, name="Stan Renamed", role=Role.STAFF,
            home_area_id=p.site.line_id), "person", "update"),
        "people.set_active": lambda p: Call(p.admin, lambda: s(p).people.set_active(
            p.admin, p.site.other_staff_id, False), "person", "update"),
        "people.set_pin": lambda p: Call(p.admin, lambda: s(p).people.set_pin(
            p.admin, p.staff, "8642"), "person", "update"),
        "people.authenticate": _authenticate_call,
        "people.create_area": lambda p: Call(p.admin, lambda: s(p).people.create_area(
            p.admin, name="Paint", kind=AreaKind.DEPARTMENT, parent_id=p.site.site_id),
            "area", "create"),
        "people.update_area": lambda p: Call(p.admin, lambda: s(p).people.update_area(
            p.admin, p.site.line_id, name="Line One", hourly_rate=42.0,
            parent_id=p.site.department_id), "area", "update"),
        "people.set_area_active": lambda p: Call(p.admin, lambda: s(p).people.set_area_active(
            p.admin, p.site.line_id, False), "area", "update"),
        "people.update_settings": _settings_call,
        # ideas
        "suggestions.create": lambda p: Call(p.staff, lambda: s(p).suggestions.create(
            p.staff, idea(p.site), photos=[p.photo]), "suggestion", "create"),
        "suggestions.update": lambda p: (lambda i: Call(p.staff, lambda: s(p).suggestions.update(
            p.staff, i, idea(p.site, title="Better title")), "suggestion", "update"))(p.idea()),
        "suggestions.review_many": lambda p: (lambda a, b: Call(
            p.supervisor, lambda: s(p).suggestions.review_many(
                p.supervisor, [a, b], ReviewAction.REJECT, reason_or_note="Duplicate"),
            "suggestion", "update"))(p.idea("One"), p.idea("Two")),
        "suggestions.start_review": lambda p: (lambda i: Call(
            p.supervisor, lambda: s(p).suggestions.start_review(p.supervisor, i),
            "suggestion", "update"))(p.idea()),
        "suggestions.accept": lambda p: (lambda i: Call(
            p.supervisor, lambda: s(p).suggestions.accept(p.supervisor, i, owner_id=p.staff),
            "suggestion", "update"))(p.idea()),
        "suggestions.reject": lambda p: (lambda i: Call(
            p.supervisor, lambda: s(p).suggestions.reject(p.supervisor, i, "Out of scope"),
            "suggestion", "update"))(p.idea()),
        "suggestions.send_back": lambda p: (lambda i: Call(
            p.supervisor, lambda: s(p).suggestions.send_back(p.supervisor, i, "Add numbers"),
            "suggestion", "update"))(p.idea()),
        "suggestions.assign": lambda p: (lambda i: Call(
            p.supervisor, lambda: s(p).suggestions.assign(
                p.supervisor, i, owner_id=p.staff, due_date=date(2026, 12, 1)),
            "suggestion", "update"))(p.idea()),
        "suggestions.add_comment": lambda p: (lambda i: Call(
            p.staff, lambda: s(p).suggestions.add_comment(p.staff, i, "Me too"),
            "comment", "create"))(p.idea()),
        # waste observations
        "observations.create": lambda p: Call(p.staff, lambda: s(p).observations.create(
            p.staff, observation(p.site), photos=[p.photo]), "waste_observation", "create"),
        "observations.update": lambda p: (lambda o: Call(
            p.staff, lambda: s(p).observations.update(
                p.staff, o, observation(p.site, minutes_per_occurrence=9.0)),
            "waste_observation", "update"))(
            s(p).observations.create(p.staff, observation(p.site)).id),
        "observations.link_to_suggestion": lambda p: (lambda o, i: Call(
            p.staff, lambda: s(p).observations.link_to_suggestion(p.staff, o, i),
            "waste_observation", "update"))(
            s(p).observations.create(p.staff, observation(p.site)).id, p.idea()),
        "observations.create_suggestion_from": lambda p: (lambda o: Call(
            p.staff, lambda: s(p).observations.create_suggestion_from(p.staff, o),
            "suggestion", "create"))(s(p).observations.create(p.staff, observation(p.site)).id),
        # PDCA
        "pdca.update_plan": lambda p: (lambda c: Call(p.supervisor, lambda: s(p).pdca.update_plan(
            p.supervisor, c, problem_statement="Dies lost", why_chain=["No home"],
            root_cause="No home", target_metric="Minutes", target_from=5.0, target_to=1.0,
            target_by=date(2026, 12, 31), countermeasure="Board"), "pdca_cycle", "update"))(
            p.cycle()[1]),
        "pdca.add_action": lambda p: (lambda c: Call(p.supervisor, lambda: s(p).pdca.add_action(
            p.supervisor, c, text="Order paint"), "pdca_action", "create"))(p.cycle()[1]),
        "pdca.set_action_done": lambda p: (lambda a: Call(
            p.supervisor, lambda: s(p).pdca.set_action_done(p.supervisor, a, True),
            "pdca_action", "update"))(
            s(p).pdca.add_action(p.supervisor, p.cycle()[1], text="Order paint").id),
        "pdca.record_check": lambda p: (lambda c: Call(
            p.supervisor, lambda: s(p).pdca.record_check(p.supervisor, c, "Search is 1 min"),
            "pdca_cycle", "update"))(p.cycle(PdcaStage.CHECK)[1]),
        "pdca.decide": lambda p: (lambda c: Call(p.supervisor, lambda: s(p).pdca.decide(
            p.supervisor, c, decision=ActDecision.ADOPT, standard_change="Work instruction 7"),
            "pdca_cycle", "update"))(p.cycle(PdcaStage.ACT)[1]),
        "pdca.move": lambda p: (lambda c: Call(p.supervisor, lambda: s(p).pdca.move(
            p.supervisor, c, PdcaStage.CHECK), "pdca_cycle", "update"))(
            _do_with_actions_done(p)),
        # measurements
        "measurements.add_metric": lambda p: (lambda i: Call(
            p.supervisor, lambda: s(p).measurements.add_metric(
                p.supervisor, i, name="Scrap", unit="%",
                direction=MetricDirection.LOWER_IS_BETTER), "metric", "create"))(p.cycle()[0]),
        "measurements.add_measurements": lambda p: (lambda m: Call(
            p.supervisor, lambda: s(p).measurements.add_measurements(
                p.supervisor, m, MeasurementPhase.BEFORE, [1.0, 2.0]), "metric", "create"))(
            p.metric(p.cycle()[0])),
        "statistics.set_plan": lambda p: (lambda m: Call(
            p.supervisor, lambda: s(p).statistics.set_plan(
                p.supervisor, m, lsl=0.0, usl=10.0), "metric", "update"))(
            p.metric(p.cycle()[0])),
        "measurements.import_rows": lambda p: (lambda m: Call(
            p.supervisor, lambda: s(p).measurements.import_rows(
                p.supervisor, m, [ParsedRow(MeasurementPhase.AFTER, 1.5, None)]),
            "metric", "create"))(p.metric(p.cycle()[0])),
        # savings
        "savings.add_entry": lambda p: (lambda i: Call(p.supervisor, lambda: s(p).savings.add_entry(
            p.supervisor, i, month="2026-10", amount=50.0, kind=SavingsKind.SOFT),
            "savings_entry", "create"))(p.cycle()[0]),
        "savings.update_entry": lambda p: (lambda e: Call(
            p.supervisor, lambda: s(p).savings.update_entry(p.supervisor, e, amount=99.0),
            "savings_entry", "update"))(p.entry()),
        "savings.validate": lambda p: (lambda e: Call(
            p.admin, lambda: s(p).savings.validate(p.admin, e, override_reason=WHY),
            "savings_entry", "update"))(p.entry()),
        "savings.correct": lambda p: (lambda e: Call(p.supervisor, lambda: s(p).savings.correct(
            p.supervisor, e, amount_delta=-20.0, note="Counted twice"),
            "savings_entry", "create"))(p.entry(validated=True)),
        # photos
        "attachments.store": lambda p: (lambda i: Call(p.staff, lambda: s(p).attachments.store(
            p.staff, p.photo, suggestion_id=i), "attachment", "create"))(p.idea()),
        "attachments.remove": lambda p: (lambda a: Call(
            p.staff, lambda: s(p).attachments.remove(p.staff, a), "attachment", "delete"))(
            s(p).attachments.store(p.staff, p.photo, suggestion_id=p.idea()).id),
    }


_PROCESS_NAMES = itertools.count(1)


def _process(p: Plant) -> Any:
    """A new process (a MapView), named apart from the others on the same plant."""
    return p.services.processes.create_process(
        p.supervisor, name=f"Process {next(_PROCESS_NAMES)}", area_id=p.site.line_id,
        document=MAP)


def _series(p: Plant) -> int:
    return p.services.kpis.add_series(p.supervisor, _process(p).process.id,
                                      kind="throughput").id


def _process_scenarios() -> dict[str, Callable[[Plant], Call]]:
    def s(p: Plant) -> Services:
        return p.services

    return {
        "processes.create_process": lambda p: Call(p.supervisor, lambda: _process(p),
                                                   "process", "create"),
        "processes.create_from_template": lambda p: Call(
            p.supervisor, lambda: s(p).processes.create_from_template(
                p.supervisor, name="From a template", area_id=p.site.line_id,
                template="manufacturing_line"), "process", "create"),
        "processes.import_map": lambda p: Call(p.supervisor, lambda: s(p).processes.import_map(
            p.supervisor, {**MAP, "name": "Imported"}, area_id=p.site.line_id),
            "process", "create"),
        "processes.update_process": lambda p: (lambda v: Call(
            p.supervisor, lambda: s(p).processes.update_process(
                p.supervisor, v.process.id, name="Renamed process", area_id=p.site.line_id),
            "process", "update"))(_process(p)),
        "processes.delete_process": lambda p: (lambda v: Call(
            p.admin, lambda: s(p).processes.delete_process(p.admin, v.process.id),
            "process", "delete"))(_process(p)),
        "processes.save_map": lambda p: (lambda v: Call(
            p.supervisor, lambda: s(p).processes.save_map(
                p.supervisor, v.map.id, {**MAP, "name": "Saved again"}),
            "process_map", "update"))(_process(p)),
        "processes.copy_to_future": lambda p: (lambda v: Call(
            p.supervisor, lambda: s(p).processes.copy_to_future(p.supervisor, v.map.id),
            "process_map", "create"))(_process(p)),
        "processes.attach_to_idea": lambda p: (lambda m, i: Call(
            p.supervisor, lambda: s(p).processes.attach_to_idea(p.supervisor, m, i),
            "process_map", "update"))(
            s(p).processes.copy_to_future(p.supervisor, _process(p).map.id).map.id, p.idea()),
        "processes.delete_map": lambda p: (lambda m: Call(
            p.supervisor, lambda: s(p).processes.delete_map(p.supervisor, m),
            "process_map", "delete"))(
            s(p).processes.copy_to_future(p.supervisor, _process(p).map.id).map.id),
        "processes.link_observation": lambda p: (lambda v, o: Call(
            p.staff, lambda: s(p).processes.link_observation(p.staff, v.steps[0].id, o),
            "process_step_link", "create"))(
            _process(p), s(p).observations.create(p.staff, observation(p.site)).id),
        "processes.link_idea": lambda p: (lambda v, i: Call(
            p.staff, lambda: s(p).processes.link_idea(p.staff, v.steps[0].id, i),
            "process_step_link", "create"))(_process(p), p.idea()),
        "processes.unlink": lambda p: (lambda link: Call(
            p.staff, lambda: s(p).processes.unlink(p.staff, link),
            "process_step_link", "delete"))(
            s(p).processes.link_idea(p.staff, _process(p).steps[0].id, p.idea())),
        "kpis.add_series": lambda p: (lambda v: Call(
            p.supervisor, lambda: s(p).kpis.add_series(p.supervisor, v.process.id,
                                                       kind="cycle_time"),
            "kpi_series", "create"))(_process(p)),
        "kpis.delete_series": lambda p: (lambda k: Call(
            p.supervisor, lambda: s(p).kpis.delete_series(p.supervisor, k),
            "kpi_series", "delete"))(_series(p)),
        "kpis.add_points": lambda p: (lambda k: Call(
            p.supervisor, lambda: s(p).kpis.add_points(
                p.supervisor, k, [(datetime(2026, 10, 1), 40.0)]), "kpi_series", "create"))(
            _series(p)),
        "kpis.paste_points": lambda p: (lambda k: Call(
            p.supervisor, lambda: s(p).kpis.paste_points(p.supervisor, k, "2026-10-01\t41"),
            "kpi_series", "create"))(_series(p)),
        "kpis.import_csv": lambda p: (lambda k: Call(
            p.supervisor, lambda: s(p).kpis.import_csv(p.supervisor, k, b"2026-10-01,42\n"),
            "kpi_series", "create"))(_series(p)),
    }


_LOG_NAMES = itertools.count(1)
# A tiny event log: two cases of two activities (the import's column guessing finds them).
_LOG_CSV = ("case,activity,timestamp\n1,Register,2026-10-01T08:00:00\n"
            "1,Approve,2026-10-01T09:00:00\n2,Register,2026-10-02T08:00:00\n")


def _log_file(p: Plant) -> Path:
    path = p.photo.parent / f"log-{next(_LOG_NAMES)}.csv"
    path.write_text(_LOG_CSV)
    return path


def _event_log_scenarios() -> dict[str, Callable[[Plant], Call]]:
    from kaizen.services.event_logs import read_log_file

    def s(p: Plant) -> Services:
        return p.services

    def imported(p: Plant) -> str:
        return s(p).event_logs.import_file(p.supervisor, _log_file(p)).name

    return {
        "event_logs.import_file": lambda p: (lambda f: Call(
            p.supervisor, lambda: s(p).event_logs.import_file(p.supervisor, f),
            "event_log", "create"))(_log_file(p)),
        "event_logs.import_log": lambda p: (lambda f: Call(
            p.supervisor, lambda: s(p).event_logs.import_log(
                p.supervisor, read_log_file(f, None)[0], name=f.stem),
            "event_log", "create"))(_log_file(p)),
        "event_logs.delete": lambda p: (lambda name: Call(
            p.supervisor, lambda: s(p).event_logs.delete(p.supervisor, name),
            "event_log", "delete"))(imported(p)),
        "kpi_from_log.derive": lambda p: (lambda name, pid: Call(
            p.supervisor, lambda: s(p).kpi_from_log.derive(p.supervisor, pid, name,
                                                           measure="cases"),
            "kpi_series", "create"))(imported(p), _process(p).process.id),
    }


def _scenario(p: Plant, run: bool = False) -> int:
    """A scenario (two pickers) of a new process; ``run``: with its results recorded."""
    from kaizen.simulation import RunOptions, compare

    made = p.services.scenarios.create(
        p.supervisor, _process(p).map.id, name="Two pickers",
        changes=[{"change": "add_resources", "step": "Pick", "count": 1}])
    if run:
        options = RunOptions(replications=2, horizon=960.0, warmup=96.0, seed=1)
        current, changed = p.services.scenarios.models(made.id)
        p.services.scenarios.record_results(p.supervisor, made.id,
                                            compare(current, changed, options), options)
    return made.id


def _scenario_scenarios() -> dict[str, Callable[[Plant], Call]]:
    from kaizen.simulation import RunOptions, compare

    def s(p: Plant) -> Services:
        return p.services

    def record(p: Plant, sid: int) -> Any:
        options = RunOptions(replications=2, horizon=960.0, warmup=96.0, seed=2)
        current, changed = s(p).scenarios.models(sid)
        return s(p).scenarios.record_results(p.supervisor, sid,
                                             compare(current, changed, options), options)

    return {
        "scenarios.create": lambda p: Call(p.supervisor, lambda: _scenario(p),
                                           "scenario", "create"),
        "scenarios.update_changes": lambda p: (lambda sid: Call(
            p.supervisor, lambda: s(p).scenarios.update_changes(
                p.supervisor, sid, [{"change": "scale_duration", "step": "Pick",
                                     "factor": 0.5}]), "scenario", "update"))(_scenario(p)),
        "scenarios.delete": lambda p: (lambda sid: Call(
            p.supervisor, lambda: s(p).scenarios.delete(p.supervisor, sid),
            "scenario", "delete"))(_scenario(p)),
        "scenarios.record_results": lambda p: (lambda sid: Call(
            p.supervisor, lambda: record(p, sid), "scenario", "update"))(_scenario(p)),
        "scenarios.attach_forecast": lambda p: (lambda sid, i: Call(
            p.supervisor, lambda: s(p).scenarios.attach_forecast(p.supervisor, sid, i),
            "suggestion", "update"))(_scenario(p, run=True), p.idea()),
    }


def _do_with_actions_done(p: Plant) -> int:
    _, cycle_id = p.cycle(PdcaStage.DO)
    for action in p.services.pdca.get_cycle(cycle_id).actions:
        p.services.pdca.set_action_done(p.supervisor, action.id, True)
    return cycle_id


def _kiosk_scenarios() -> dict[str, Callable[[Plant], Call]]:
    return {
        "kiosk.set_badge_number": lambda p: Call(p.admin, lambda: p.services.kiosk
                                                 .set_badge_number(p.admin, p.staff, "4711"),
                                                 "person", "update"),
    }


def _undo_scenarios() -> dict[str, Callable[[Plant], Call]]:
    """Undo (issue 16): a person's own last decision or move, right after it."""
    return {
        "undo.undo_review": lambda p: (lambda idea_id: Call(
            p.supervisor, lambda: (lambda info: p.services.undo.undo_review(
                p.supervisor, info.id, expected_version=info.version))(
                p.services.suggestions.start_review(p.supervisor, idea_id)),
            "suggestion", "update"))(p.idea()),
        # The move is part of the call: the harness moves the clock 7 minutes on after the
        # set-up, past the 30 s an undo is offered for.
        "undo.undo_move": lambda p: (lambda cycle_id: Call(
            p.supervisor, lambda: (lambda info: p.services.undo.undo_move(
                p.supervisor, info.id, expected_version=info.version))(
                p.services.pdca.move(p.supervisor, cycle_id, PdcaStage.CHECK)),
            "pdca_cycle", "update"))(_do_with_actions_done(p)),
    }


SCENARIOS = {**_scenarios(), **_process_scenarios(), **_event_log_scenarios(),
             **_scenario_scenarios(), **_kiosk_scenarios(), **_undo_scenarios()}


def writing_methods() -> set[str]:
    """``service.method`` for every public method that writes, found from the source."""
    found: dict[str, str] = {}
    for service in SERVICE_CLASSES:
        cls = service_class(service)
        for name, member in inspect.getmembers(cls, inspect.isfunction):
            if not name.startswith("_"):
                found[f"{service}.{name}"] = inspect.getsource(member)
    writers = {key for key, source in found.items() if "_db.write()" in source}
    changed = True
    while changed:  # methods that call a writing method of the same service write too
        changed = False
        for key, source in found.items():
            service = key.split(".")[0]
            if key not in writers and any(
                f"self.{w.split('.')[1]}(" in source for w in writers if w.startswith(service)
            ):
                writers.add(key)
                changed = True
    return writers


def test_every_writing_method_has_an_audit_scenario():
    found = writing_methods()
    assert "suggestions.review_many" in found and "attachments.remove" in found
    assert found == set(SCENARIOS), (
        f"without a scenario: {sorted(found - set(SCENARIOS))}; "
        f"no longer writing: {sorted(set(SCENARIOS) - found)}")


def _events_after(db, last_id: int) -> list[AuditEvent]:
    with db.read() as s:
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.id > last_id)
                                .order_by(AuditEvent.id)))
        s.expunge_all()
        return events


def test_every_change_writes_who_when_and_before_after(plant, db, clock):
    """Each scenario in turn on one plant (a plant per scenario would cost ~20 s more)."""
    problems: dict[str, str] = {}
    # People and areas last, retiring the line last: the other scenarios work in that line.
    order = sorted(SCENARIOS, key=lambda m: (m.startswith("people."), m == "people.set_area_active",
                                             m))
    for method in order:
        try:
            _check_audited(method, plant, db, clock)
        except AssertionError as failure:
            problems[method] = str(failure).splitlines()[0]
    assert not problems, "\n".join(f"{m}: {why}" for m, why in problems.items())


def _check_audited(method: str, plant: Plant, db: Database, clock) -> None:
    call = SCENARIOS[method](plant)
    target = call.services.db if call.services is not None else db
    clock.advance(minutes=7)  # the call's events must carry this time, not the set-up's
    with target.read() as s:
        last = s.scalar(select(func.max(AuditEvent.id))) or 0
    result = call.run()
    events = _events_after(target, last)

    assert events, "changed data without an audit event"
    actor = result.id if call.actor_from_result else call.actor
    for event in events:
        what = f"{event.entity} {event.action}"
        assert event.person_id == actor, f"{what}: person {event.person_id}, expected {actor}"
        assert event.at == clock.now, f"{what}: at {event.at}, expected {clock.now}"
        assert event.entity and event.entity_id is not None and event.action, what
        assert event.before is not None or event.after is not None, f"{what}: no fields"
    first = next((e for e in events if e.entity == call.entity), None)
    assert first is not None, f"no {call.entity} event among {[e.entity for e in events]}"
    what = f"{first.entity} {first.action}"
    if call.kind == "create":
        assert first.after, f"{what}: no fields after"
    elif call.kind == "update":
        assert first.before is not None and first.after, f"{what}: before {first.before}, " \
            f"after {first.after}"
        assert set(first.before) == set(first.after), f"{what}: {first.before} {first.after}"
        assert first.before != first.after, f"{what}: nothing changed"
    else:
        assert first.before, f"{what}: no fields before the removal"


# --- append-only at the database level ----------------------------------------------------------


def test_the_audit_trail_refuses_update_and_delete_even_through_the_orm(plant, db):
    with db.read() as s:
        count = s.scalar(select(func.count(AuditEvent.id)))
    assert count
    # IntegrityError from SQLite's RAISE(ABORT), a RaiseException from PostgreSQL's plpgsql.
    with pytest.raises(DBAPIError, match="append-only"), db.write() as s:
        s.scalars(select(AuditEvent).limit(1)).one().action = "rewritten"
    with pytest.raises(DBAPIError, match="append-only"), db.write() as s:
        s.execute(text("DELETE FROM audit_events WHERE id = (SELECT min(id) FROM audit_events)"))
    with db.read() as s:
        assert s.scalar(select(func.count(AuditEvent.id))) == count
        assert "rewritten" not in set(s.scalars(select(AuditEvent.action)))


@pytest.mark.sqlite_only(reason="any program opening the SQLite file (PostgreSQL's guard: "
                                "tests/db/test_migrations.py)")
def test_the_guard_holds_for_any_program_opening_the_file(plant, db, db_path):
    db.dispose()
    conn = sqlite3.connect(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE audit_events SET person_id = NULL")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM audit_events")
        # appending a new, chained event is what it is for
        append_with_sqlite3(conn, at="2026-11-02 09:00:00", entity="test", action="append")
    finally:
        conn.close()


# --- staff cannot approve, move PDCA stages or validate savings ---------------------------------


def _refusals(p: Plant, who: int) -> dict[str, Callable[[], Any]]:
    s = p.services
    idea_id = p.idea("Waiting for review")
    _, cycle_plan = p.cycle(PdcaStage.PLAN)
    _, cycle_do = p.cycle(PdcaStage.DO)
    _, cycle_check = p.cycle(PdcaStage.CHECK)
    _, cycle_act = p.cycle(PdcaStage.ACT)
    entry = p.entry()
    accepted = p.cycle()[0]
    process = _process(p)
    return {
        "map a process": lambda: s.processes.create_process(
            who, name="Staff map", area_id=p.site.line_id, document=MAP),
        "save a map": lambda: s.processes.save_map(who, process.map.id, {**MAP, "name": "X"}),
        "add a KPI": lambda: s.kpis.add_series(who, process.process.id, kind="lead_time"),
        "accept": lambda: s.suggestions.accept(who, idea_id),
        "accept many": lambda: s.suggestions.review_many(who, [idea_id], ReviewAction.ACCEPT),
        "start review": lambda: s.suggestions.start_review(who, idea_id),
        "reject": lambda: s.suggestions.reject(who, idea_id, "No"),
        "assign": lambda: s.suggestions.assign(who, idea_id, owner_id=who, due_date=None),
        "move plan -> do": lambda: s.pdca.move(who, cycle_plan, PdcaStage.DO),
        "move do -> plan": lambda: s.pdca.move(who, cycle_do, PdcaStage.PLAN, note="Back"),
        "move act -> done": lambda: s.pdca.move(who, cycle_act, PdcaStage.DONE),
        "edit the plan": lambda: s.pdca.update_plan(
            who, cycle_plan, problem_statement="x", why_chain=[], root_cause="", target_metric="",
            target_from=None, target_to=None, target_by=None, countermeasure=""),
        "add an action": lambda: s.pdca.add_action(who, cycle_plan, text="Do it"),
        "record the check": lambda: s.pdca.record_check(who, cycle_check, "Fine"),
        "decide": lambda: s.pdca.decide(who, cycle_act, decision=ActDecision.ADOPT,
                                        standard_change="WI 1"),
        "validate savings": lambda: s.savings.validate(who, entry, override_reason=WHY),
        "record savings": lambda: s.savings.add_entry(who, accepted, month="2026-10",
                                                      amount=1.0, kind=SavingsKind.HARD),
        "edit savings": lambda: s.savings.update_entry(who, entry, amount=1.0),
        "add a metric": lambda: s.measurements.add_metric(
            who, accepted, name="m", unit="", direction=MetricDirection.LOWER_IS_BETTER),
    }


def test_staff_cannot_approve_move_stages_or_validate_savings(plant, db):
    refusals = _refusals(plant, plant.staff)
    before = fingerprint(db)
    for what, attempt in refusals.items():
        with pytest.raises(PermissionDenied):
            attempt()
        assert fingerprint(db) == before, f"a refused '{what}' changed the database"


def test_the_role_comes_from_the_database_not_from_the_caller(plant, db):
    """A supervisor demoted (or deactivated) in another window is refused at once."""
    refusals = _refusals(plant, plant.supervisor)
    plant.services.people.update_person(plant.admin, plant.supervisor, name="Sam Supervisor",
                                        role=Role.STAFF, home_area_id=plant.site.department_id)
    before = fingerprint(db)
    for what, attempt in refusals.items():
        with pytest.raises(PermissionDenied):
            attempt()
        assert fingerprint(db) == before, f"a refused '{what}' changed the database"
    plant.services.people.update_person(plant.admin, plant.supervisor, name="Sam Supervisor",
                                        role=Role.SUPERVISOR,
                                        home_area_id=plant.site.department_id)
    plant.services.people.set_active(plant.admin, plant.supervisor, False)
    with pytest.raises(PermissionDenied, match="active person"):
        refusals["validate savings"]()
