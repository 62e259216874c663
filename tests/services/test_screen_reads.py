"""The idea and observation dialogs, the People & areas page, the What-if page and a process
map's KPI tab read through one service call each (issue 15, point 2: one read transaction per
screen). Each read must hold exactly what the single calls give, so the screen shows the same
data as before, from one moment. Runs on SQLite and, with KAIZEN_TEST_DB_URL, on PostgreSQL.

The event log is the running example of W. van der Aalst, *Process Mining* (2nd ed., 2016),
ch. 1 (6 cases, 42 events). The KPI signal is Western Electric's run rule as the KPI service
applies it (a run of 8 on the worse side of the centre line; NIST/SEMATECH e-Handbook 6.3.2),
worked the same way as in tests/services/test_kpis.py."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kaizen.domain.errors import NotFound
from kaizen.services import Services
from kaizen.services.kpis import NOT_HOLDING
from kaizen.services.scenarios import WHAT_IF_IDEAS
from tests.mining.reference import LOGS

from .factories import idea, observation
from .process_factories import a_map, standardise
from .reads import transactions
from .test_attachments import picture


@pytest.fixture
def services(db, clock, tmp_path: Path) -> Services:
    return Services.create(db, clock, attachments_dir=tmp_path / "photos")


def test_an_ideas_detail_is_one_read_of_what_the_single_calls_give(site, services, tmp_path):
    photos = [picture(tmp_path / "a.png"), picture(tmp_path / "b.png", colour=(0, 0, 255))]
    made = services.suggestions.create(site.staff_id, idea(site), photos=photos)
    services.suggestions.add_comment(site.supervisor_id, made.id, "Which shelf?")
    services.suggestions.accept(site.supervisor_id, made.id, owner_id=site.supervisor_id)
    # A photo whose file went missing is shown with the reason, not dropped.
    missing = services.attachments.list_for_suggestion(made.id)[1]
    services.attachments.path_of(missing.id).unlink()

    detail = services.suggestions.detail(made.id)
    assert detail.info == services.suggestions.get(made.id)
    assert detail.comments == services.suggestions.list_comments(made.id)
    assert [c.body for c in detail.comments] == ["Which shelf?"]
    assert detail.cycle == services.pdca.current_cycle(made.id)
    assert detail.cycle is not None and detail.cycle.number == 1
    assert detail.areas == services.people.list_areas()
    assert detail.people == services.people.list_people()
    assert detail.history == services.board.audit_trail("suggestion", made.id)
    assert [e.action for e in detail.history] == ["create", "accept"]
    assert detail.currency == services.people.settings().currency
    first, second = detail.photos
    assert (first.name, first.path) == ("a.png", services.attachments.path_of(first.attachment_id))
    assert (second.name, second.path) == ("b.png", None)
    assert "missing" in second.problem
    with pytest.raises(NotFound):
        services.suggestions.detail(9999)


def test_an_idea_before_acceptance_has_no_cycle(site, services):
    made = services.suggestions.create(site.staff_id, idea(site))
    detail = services.suggestions.detail(made.id)
    assert detail.cycle is None and detail.photos == [] and detail.comments == []


def test_an_observations_detail_is_one_read_of_what_the_single_calls_give(site, services,
                                                                         tmp_path):
    made = services.observations.create(site.staff_id, observation(site),
                                        photos=[picture(tmp_path / "w.png")])
    detail = services.observations.detail(made.id)
    assert detail.info == services.observations.get(made.id)
    assert detail.areas == services.people.list_areas()
    assert detail.history == services.board.audit_trail("waste_observation", made.id)
    assert [e.action for e in detail.history][:1] == ["create"]
    assert detail.currency == services.people.settings().currency
    [photo] = detail.photos
    assert photo.path == services.attachments.path_of(photo.attachment_id)
    with pytest.raises(NotFound):
        services.observations.detail(9999)


def test_the_people_and_areas_page_is_one_read_of_what_the_single_calls_give(site, db,
                                                                            monkeypatch):
    """Everyone (inactive too), every area (retired too) and the settings, from one unit of
    work: the page's three calls were three transactions, which a change landing between them
    could make disagree (an area's rate from one moment, the site default from another)."""
    people = site.people
    people.set_active(site.admin_id, site.other_staff_id, False)
    people.set_area_active(site.admin_id, site.line_id, False)
    people.update_settings(site.admin_id, currency="CHF", default_hourly_rate=41.5)

    reads = []
    real_read = db.read

    def counted_read():
        reads.append(1)
        return real_read()

    monkeypatch.setattr(db, "read", counted_read)
    overview = people.admin_overview()
    assert len(reads) == 1
    monkeypatch.undo()

    assert overview.people == people.list_people(active_only=False)
    assert "Olga Other" in [p.name for p in overview.people if not p.active]
    assert overview.areas == people.list_areas(include_inactive=True)
    assert [a.active for a in overview.areas if a.name == "Line 1"] == [False]
    assert overview.settings == people.settings()
    assert (overview.settings.currency, overview.settings.default_hourly_rate) == ("CHF", 41.5)


def test_the_what_if_page_is_one_read_of_what_the_single_calls_give(db, site, services,
                                                                   clock) -> None:
    with transactions(db) as begun:
        empty = services.scenarios.what_if_screen()
    assert begun == [1]
    assert (empty.maps, empty.ideas, empty.logs) == ([], [], [])

    processes = services.processes
    picking = processes.create_process(site.supervisor_id, name="Order picking",
                                       area_id=site.line_id, document=a_map())
    processes.create_process(site.supervisor_id, name="Assembly desk", area_id=site.line_id,
                             document=a_map(name="Assembly desk"))
    future = processes.copy_to_future(site.supervisor_id, picking.map.id)
    for title in ("Tape dispenser on the table", "Label printer by the door"):
        services.suggestions.create(site.staff_id, idea(site, title=title))
        clock.advance(minutes=5)
    services.event_logs.import_file(site.supervisor_id, LOGS / "running-example.xes",
                                    name="Compensation")

    with transactions(db) as begun:
        screen = services.scenarios.what_if_screen()
    assert begun == [1]
    # What the page read before: every process's maps, the newest ideas, the logs.
    assert screen.maps == [m for p in processes.list_processes()
                           for m in processes.list_maps(p.id)]
    assert [(m.process_name, m.id) for m in screen.maps][1:] == [
        ("Order picking", picking.map.id), ("Order picking", future.map.id)]
    assert screen.ideas == services.suggestions.list_recent(WHAT_IF_IDEAS)
    assert [i.title for i in screen.ideas] == ["Label printer by the door",
                                               "Tape dispenser on the table"]
    assert screen.logs == services.event_logs.list_logs()
    assert [(log.name, log.cases, log.events) for log in screen.logs] == [
        ("Compensation", 6, 42)]

    # The map picked: its model and its scenarios (by name, case aside), one read too.
    services.scenarios.create(site.supervisor_id, picking.map.id, name="Two pickers",
                              changes=[{"change": "add_resources", "step": "Pick", "count": 1}])
    services.scenarios.create(site.supervisor_id, picking.map.id, name="as it is", changes=[])
    with transactions(db) as begun:
        picked = services.scenarios.what_if_map(picking.map.id)
    assert begun == [1]
    assert picked.model == processes.map_view(picking.map.id).model
    assert picked.scenarios == services.scenarios.list_for_map(picking.map.id)
    assert [s.name for s in picked.scenarios] == ["as it is", "Two pickers"]
    with pytest.raises(NotFound):
        services.scenarios.what_if_map(9999)


def test_the_kpi_tab_is_one_read_of_what_the_single_calls_give(db, site, services,
                                                                clock) -> None:
    processes, kpis = services.processes, services.kpis
    picking = processes.create_process(site.supervisor_id, name="Order picking",
                                       area_id=site.line_id, document=a_map())
    other = processes.create_process(site.supervisor_id, name="Assembly desk",
                                     area_id=site.line_id, document=a_map(name="Assembly desk"))
    with transactions(db) as begun:
        empty = kpis.process_kpis(picking.process.id)
    assert begun == [1] and (empty.series, empty.signals) == ([], [])

    # Both processes drift back after a change: each tab shows its own signal only.
    for made in (picking, other):
        series = kpis.add_series(site.supervisor_id, made.process.id, kind="cycle_time")
        kpis.add_series(site.supervisor_id, made.process.id, kind="lead_time")
        idea_id = standardise(site, services.pdca, services.measurements)
        processes.link_idea(site.supervisor_id, made.steps[1].id, idea_id)
        done = clock()
        # 20 baseline points around 6.5, then 8 at 7.5: a run of 8 above the centre, the worse
        # side when lower is better.
        kpis.add_points(site.supervisor_id, series.id,
                        [(done + timedelta(days=i), v)
                         for i, v in enumerate([6.0, 7.0] * 10 + [7.5] * 8)])
        clock.advance(days=1)

    with transactions(db) as begun:
        screen = kpis.process_kpis(picking.process.id)
    assert begun == [1]
    assert screen.series == kpis.list_series(picking.process.id)
    assert [(s.name, s.points) for s in screen.series] == [("Cycle time", 28), ("Lead time", 0)]
    assert screen.signals == kpis.process_signals(picking.process.id)
    assert [(s.kind, s.process_id, s.series_id) for s in screen.signals] == [
        (NOT_HOLDING, picking.process.id, screen.series[0].id)]
    # The dashboard's all-process read still lists both, by process name.
    assert [s.process_name for s in kpis.process_signals()] == ["Assembly desk",
                                                                "Order picking"]
    with pytest.raises(NotFound):
        kpis.process_kpis(9999)
    assert isinstance(screen.signals[0].since, datetime)
