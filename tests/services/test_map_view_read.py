"""The map editor's read (``ProcessService.map_view``, kaizen/services/map_reads.py) sends five
Core statements whatever the map's size and links, binds no list of step ids, and says what the
list paths say (issue 21: the map's load within 2x of the same statements in plain sqlite3).
On SQLite and PostgreSQL.

The process's and the maps' info is checked against ``list_processes`` and ``list_maps``, which
read through the ORM: two independent paths that must agree. Linked observations come newest
first and ideas newest first (docs/process-model.md, "Links").
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from kaizen.domain.errors import NotFound
from kaizen.domain.kpis import MapKind
from kaizen.domain.value_stream import value_stream

from .factories import idea, observation
from .process_factories import MAP
from .test_save_statements import statements


def test_the_view_is_five_statements_and_agrees_with_the_lists(site, clock,
                                                               processes) -> None:
    view = processes.create_process(site.supervisor_id, name="Order picking",
                                    area_id=site.line_id, document=MAP)
    steps = {s.name: s.id for s in view.steps}
    first = site.observations.create(
        site.staff_id, observation(site, observed_at=clock() - timedelta(days=2)))
    second = site.observations.create(
        site.staff_id, observation(site, description="Pallets wait at the dock",
                                   observed_at=clock() - timedelta(hours=1)))
    made = site.suggestions.create(site.staff_id, idea(site))
    for obs in (first, second):
        processes.link_observation(site.staff_id, steps["Pick"], obs.id)
    processes.link_idea(site.staff_id, steps["Pack"], made.id)
    future = processes.copy_to_future(site.supervisor_id, view.map.id)
    other = processes.copy_to_future(site.supervisor_id, view.map.id, name="Second try")
    processes.map_view(view.map.id)  # warm the caches
    with statements(site.db) as seen:
        got = processes.map_view(future.map.id)
    assert len(seen) == 5, seen
    assert not any("IN (" in s or "IN (__[POSTCOMPILE" in s for s in seen), seen
    [listed] = processes.list_processes()
    assert got.process == listed
    assert (listed.current_map_id, listed.future_maps) == (view.map.id, 2)
    maps = processes.list_maps(listed.id)
    assert [m.kind for m in maps] == [MapKind.CURRENT, MapKind.FUTURE, MapKind.FUTURE]
    assert got.map == next(m for m in maps if m.id == future.map.id)
    assert got.siblings == tuple(m for m in maps if m.id != future.map.id)
    assert [m.id for m in got.siblings] == [view.map.id, other.map.id]
    assert got.map.steps == len(MAP["steps"]) == len(got.steps)
    # The current state's links: the observation seen later first, the idea on Pack.
    current = {s.name: s for s in processes.map_view(view.map.id).steps}
    pick = current["Pick"].observations
    assert [o.observation_id for o in pick] == [second.id, first.id]
    assert pick[0].description == "Pallets wait at the dock"
    assert [i.suggestion_id for i in current["Pack"].ideas] == [made.id]
    assert current["Receive"].observations == () and current["Receive"].ideas == ()
    # A copy has no links; its document and figures are the current state's.
    assert all(s.observations == () and s.ideas == () for s in got.steps)
    assert got.model.steps == view.model.steps and got.model.flows == view.model.flows
    assert got.figures == value_stream(got.model)
    assert [s["name"] for s in got.document["steps"]] == [s["name"] for s in MAP["steps"]]


def test_a_save_returns_the_view_of_what_it_wrote(site, processes) -> None:
    view = processes.create_process(site.supervisor_id, name="Order picking",
                                    area_id=site.line_id, document=MAP)
    doc = {**MAP, "name": "Order picking v2"}
    saved = processes.save_map(site.supervisor_id, view.map.id, doc, expected_version=1)
    assert saved.map.version == view.map.version + 1 and saved.map.name == "Order picking v2"
    assert saved == processes.map_view(view.map.id)


@pytest.mark.parametrize("map_id", [987654, 0, -1, "1", None, 1.0])
def test_an_unknown_map_is_not_found_in_words(site, processes, map_id) -> None:
    with pytest.raises(NotFound, match="Map #.* does not exist"):
        processes.map_view(map_id)
