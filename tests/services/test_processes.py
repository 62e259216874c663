"""Processes and their maps through the service (kaizen/services/processes.py): bad maps refused
in the parser's words with nothing half-saved, the version check with "changed by NAME at TIME",
step rows and links kept in step with the document, future states, import and export, the map
editor's one read, roles and the audit trail. Runs on SQLite and on PostgreSQL
(KAIZEN_TEST_DB_URL). Expected figures are worked by hand (docs/process-model.md rules)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from kaizen.db.models import AuditEvent
from kaizen.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from kaizen.domain.kpis import MapKind
from kaizen.domain.process_model import ModelError, loads, parse_model
from kaizen.services.kpis import KpiService

from .factories import idea, observation
from .process_factories import MAP, a_map

TABLES = ("processes", "process_maps", "process_steps", "process_step_links", "kpi_series",
          "kpi_points", "audit_events")


def counts(sql) -> dict[str, int]:
    return {t: sql(f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}


def test_create_process_stores_the_map_and_returns_the_editor_view(site, processes, sql) -> None:
    view = processes.create_process(site.supervisor_id, name="Order picking",
                                    area_id=site.line_id, document=MAP)
    assert view.process.name == "Order picking" and view.process.area_name == "Line 1"
    assert view.map.kind is MapKind.CURRENT and view.map.version == 1 and view.map.steps == 4
    assert [s.name for s in view.steps] == ["Receive", "Pick", "Pack", "Check"]
    # Pack and Check loop (Check -> Pack 0.1): both visited 1 / 0.9 times.
    # Lead = 2 + (10 + 5) + (4 + 3) / 0.9 + 1 / 0.9 = 17 + 8 / 0.9.
    assert view.figures.lead_time == pytest.approx(17 + 8 / 0.9)
    assert view.figures.takt == pytest.approx(4.8)
    assert view.model == parse_model(MAP) and view.document["name"] == "Order picking"
    assert view.process.current_map_id == view.map.id and view.siblings == ()
    assert sql("SELECT entity, action FROM audit_events WHERE entity LIKE 'process%' "
               "ORDER BY id") == [("process", "create"), ("process_map", "create")]


def test_a_bad_map_is_refused_in_words_and_nothing_is_written(site, processes, sql) -> None:
    before = counts(sql)
    doc = a_map()
    doc["flows"][4]["probability"] = 0.8  # Check's flows now sum to 0.9
    with pytest.raises(ModelError) as caught:
        processes.create_process(site.supervisor_id, name="Order picking",
                                 area_id=site.line_id, document=doc)
    assert 'Step "Check": the probabilities of its flows sum to 0.9, not 1.' in str(caught.value)
    assert caught.value.field == "flows[4].probability"
    with pytest.raises(ModelError, match="not valid JSON"):
        processes.create_process(site.supervisor_id, name="X", area_id=site.line_id,
                                 document="{oops")
    assert counts(sql) == before


def test_a_bad_save_changes_nothing(site, processes, sql) -> None:
    view = processes.create_process(site.supervisor_id, name="Order picking",
                                    area_id=site.line_id, document=MAP)
    before = counts(sql)
    doc = a_map()
    doc["steps"][1]["duration"] = {"distribution": "triangular", "min": 5, "mode": 2, "max": 9}
    with pytest.raises(ModelError, match='Step "Pick": a triangular distribution needs min'):
        processes.save_map(site.supervisor_id, view.map.id, doc, expected_version=1)
    with pytest.raises(ValidationError) as caught:  # a rename naming no step: after the parse
        processes.save_map(site.supervisor_id, view.map.id, a_map(name="Renamed"),
                           expected_version=1, renames={"Nope": "Pick"})
    assert caught.value.field == "renames"
    assert counts(sql) == before
    again = processes.map_view(view.map.id)
    assert again.map.version == 1 and again.model == view.model


def test_a_stale_save_is_refused_with_who_changed_it_and_when(site, processes, clock) -> None:
    view = processes.create_process(site.supervisor_id, name="Order picking",
                                    area_id=site.line_id, document=MAP)
    clock.advance(minutes=30)
    saved = processes.save_map(site.admin_id, view.map.id, a_map(name="Order picking v2"),
                               expected_version=1)
    assert saved.map.version == 2 and saved.map.name == "Order picking v2"
    with pytest.raises(Conflict) as caught:
        processes.save_map(site.supervisor_id, view.map.id, a_map(name="Mine"),
                           expected_version=1)
    assert "changed by Ada Admin at 2026-11-02 09:30" in caught.value.message
    assert processes.map_view(view.map.id).map.name == "Order picking v2"
    # Saving the same document again is no new version.
    assert processes.save_map(site.admin_id, view.map.id, a_map(name="Order picking v2"),
                              expected_version=2).map.version == 2


def test_steps_keep_their_links_while_their_name_stays_or_is_renamed(site, processes,
                                                                     sql) -> None:
    view = processes.create_process(site.supervisor_id, name="Order picking",
                                    area_id=site.line_id, document=MAP)
    step = {s.name: s.id for s in view.steps}
    obs = site.observations.create(site.staff_id, observation(site))
    made = site.suggestions.create(site.staff_id, idea(site))
    processes.link_observation(site.staff_id, step["Pick"], obs.id)
    processes.link_idea(site.staff_id, step["Pack"], made.id)
    processes.link_idea(site.staff_id, step["Receive"], made.id)
    linked = processes.map_view(view.map.id)
    by_name = {s.name: s for s in linked.steps}
    assert [o.observation_id for o in by_name["Pick"].observations] == [obs.id]
    assert [i.title for i in by_name["Pack"].ideas] == [made.title]

    # Pick renamed to "Pick items", Receive removed, a new step added before Check.
    doc = a_map()
    doc["steps"][1]["name"] = "Pick items"
    doc["steps"] = doc["steps"][1:]
    doc["steps"].insert(2, {"name": "Label", "value": "necessary",
                            "duration": {"distribution": "fixed", "mean": 1}})
    doc["flows"] = [{"from": "start", "to": "Pick items"}, {"from": "Pick items", "to": "Pack"},
                    {"from": "Pack", "to": "Label"}, {"from": "Label", "to": "Check"},
                    *MAP["flows"][4:]]
    saved = processes.save_map(site.supervisor_id, view.map.id, doc, expected_version=1,
                               renames={"Pick": "Pick items"})
    after = {s.name: s for s in saved.steps}
    assert list(after) == ["Pick items", "Pack", "Label", "Check"]
    assert after["Pick items"].id == step["Pick"] and after["Pack"].id == step["Pack"]
    assert [o.observation_id for o in after["Pick items"].observations] == [obs.id]
    assert [i.suggestion_id for i in after["Pack"].ideas] == [made.id]
    # Receive's row went with its link; the observation and idea themselves stay.
    assert sql("SELECT count(*) FROM process_step_links") == [(2,)]
    assert sql("SELECT count(*) FROM process_steps WHERE id = ?", step["Receive"]) == [(0,)]


def test_two_steps_can_swap_names(site, processes) -> None:
    view = processes.create_process(site.supervisor_id, name="Order picking",
                                    area_id=site.line_id, document=MAP)
    ids = {s.name: s.id for s in view.steps}
    doc = json.loads(json.dumps(MAP).replace('"Pick"', '"TMP"').replace('"Pack"', '"Pick"')
                     .replace('"TMP"', '"Pack"'))
    saved = processes.save_map(site.supervisor_id, view.map.id, doc,
                               renames={"Pick": "Pack", "Pack": "Pick"})
    assert {s.name: s.id for s in saved.steps} == {**ids, "Pick": ids["Pack"],
                                                   "Pack": ids["Pick"]}


def test_future_state_is_a_copy_an_idea_can_carry_and_compare_shows_the_deltas(
        site, processes) -> None:
    view = processes.create_process(site.supervisor_id, name="Order picking",
                                    area_id=site.line_id, document=MAP)
    made = site.suggestions.create(site.staff_id, idea(site))
    future = processes.copy_to_future(site.supervisor_id, view.map.id, suggestion_id=made.id)
    assert future.map.kind is MapKind.FUTURE and future.map.copied_from_id == view.map.id
    assert future.map.suggestion_id == made.id
    assert future.map.name == "Order picking, future state"
    assert future.model.steps == view.model.steps
    assert [m.id for m in future.siblings] == [view.map.id]
    # The future state drops the wait before Pick and the Receive step.
    doc = a_map(name="Order picking, future state")
    doc["steps"] = doc["steps"][1:]
    doc["steps"][0]["wait_before"] = 0
    doc["flows"] = [{"from": "start", "to": "Pick"}, *MAP["flows"][2:]]
    processes.save_map(site.supervisor_id, future.map.id, doc, expected_version=1)
    delta = processes.compare(view.map.id, future.map.id)
    assert delta.removed == ("Receive",) and delta.added == () and delta.changed == ("Pick",)
    assert delta.lead_time == pytest.approx(-12)  # Receive's 2 and Pick's wait of 10
    assert delta.va_ratio > 0
    assert processes.list_maps(view.process.id)[0].id == view.map.id
    info = processes.attach_to_idea(site.supervisor_id, future.map.id, None, expected_version=2)
    assert info.suggestion_id is None
    with pytest.raises(ValidationError):
        processes.attach_to_idea(site.supervisor_id, view.map.id, made.id)
    with pytest.raises(Conflict, match="current state cannot be removed"):
        processes.delete_map(site.supervisor_id, view.map.id)
    processes.delete_map(site.supervisor_id, future.map.id)
    assert processes.list_processes()[0].future_maps == 0


def test_import_creates_then_updates_and_export_round_trips(site, processes) -> None:
    first = processes.import_map(site.supervisor_id, json.dumps(MAP), area_id=site.line_id)
    assert first.created and first.process.name == "Order picking" and first.map.version == 1
    doc = a_map()
    doc["steps"][0]["wait_before"] = 7
    again = processes.import_map(site.supervisor_id, doc, area_id=site.site_id)
    assert not again.created and again.map.id == first.map.id and again.map.version == 2
    assert again.process.area_id == site.line_id  # an update keeps the process where it is
    text = processes.export_process("order PICKING")
    assert loads(text) == parse_model(doc)
    assert processes.export_map(first.map.id) == text
    with pytest.raises(NotFound, match="Order picking"):
        processes.export_process("Nothing")
    # find_process reads the name the same way (one lookup serves both).
    assert processes.find_process("  ORDER picking ").id == first.process.id
    with pytest.raises(NotFound, match=r"No process is called 'Nothing'\. Processes: Order"):
        processes.find_process("Nothing")


def test_names_and_areas_are_checked(site, processes) -> None:
    processes.create_process(site.supervisor_id, name="Order picking", area_id=site.line_id,
                             document=MAP)
    with pytest.raises(ValidationError) as caught:
        processes.create_process(site.supervisor_id, name="order picking",
                                 area_id=site.line_id, document=MAP)
    assert caught.value.field == "name"
    with pytest.raises(ValidationError) as caught:
        processes.create_process(site.supervisor_id, name="Other", area_id=999_999,
                                 document=MAP)
    assert caught.value.field == "area_id"


def test_roles(site, processes, db, clock) -> None:
    with pytest.raises(PermissionDenied, match="map processes"):
        processes.create_process(site.staff_id, name="Mine", area_id=site.line_id,
                                 document=MAP)
    view = processes.create_process(site.supervisor_id, name="Order picking",
                                    area_id=site.line_id, document=MAP)
    others = site.observations.create(site.other_staff_id, observation(site))
    with pytest.raises(PermissionDenied, match="their own"):
        processes.link_observation(site.staff_id, view.steps[0].id, others.id)
    link = processes.link_observation(site.supervisor_id, view.steps[0].id, others.id)
    assert processes.link_observation(site.supervisor_id, view.steps[0].id, others.id) == link
    with pytest.raises(PermissionDenied, match="their own"):
        processes.unlink(site.staff_id, link)
    processes.unlink(site.other_staff_id, link)
    with pytest.raises(PermissionDenied, match="delete processes"):
        processes.delete_process(site.supervisor_id, view.process.id)


def test_delete_process_takes_its_maps_links_and_kpis(site, processes, db, clock, sql) -> None:
    view = processes.create_process(site.supervisor_id, name="Order picking",
                                    area_id=site.line_id, document=MAP)
    processes.copy_to_future(site.supervisor_id, view.map.id)
    obs = site.observations.create(site.staff_id, observation(site))
    processes.link_observation(site.staff_id, view.steps[0].id, obs.id)
    kpis = KpiService(db, clock)
    series = kpis.add_series(site.supervisor_id, view.process.id, kind="cycle_time")
    kpis.add_points(site.supervisor_id, series.id, [(clock(), 4.0)])
    with pytest.raises(Conflict, match="version 1"):
        processes.delete_process(site.admin_id, view.process.id, expected_version=7)
    processes.delete_process(site.admin_id, view.process.id, expected_version=1)
    left = counts(sql)
    assert [left[t] for t in TABLES[:-1]] == [0, 0, 0, 0, 0, 0]
    assert sql("SELECT count(*) FROM waste_observations") == [(1,)]
    with db.read() as s:
        assert s.scalars(select(AuditEvent.action).where(
            AuditEvent.entity == "process").order_by(AuditEvent.id)).all() == [
            "create", "delete"]


def test_a_process_from_a_template(site, processes) -> None:
    view = processes.create_from_template(site.supervisor_id, name="Frame line",
                                          area_id=site.line_id, template="manufacturing_line")
    assert view.process.name == "Frame line"
    assert view.map.name == "Frame line, current state"
    assert view.figures.bottleneck == "Weld" and len(view.steps) == 8
    with pytest.raises(ValidationError) as caught:
        processes.create_from_template(site.supervisor_id, name="Other", area_id=site.line_id,
                                       template="nope")
    assert caught.value.field == "template" and "blank" in str(caught.value)
