"""The waste-walk list: every filter and sort in SQL (the derived yearly cost included), rows a
window at a time, counts, and query plans.

Expected orders are computed here, in Python, from the observations as the service reports them
one by one; the list must agree for every column in both directions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event

from kaizen.db.engine import Database
from kaizen.domain.enums import AreaKind, Role, WasteCategory
from kaizen.domain.errors import ValidationError
from kaizen.services.listing import (
    SUMMARY_LENGTH,
    ObservationColumn,
    ObservationFilter,
    ObservationRow,
)
from kaizen.services.observations import ObservationInfo

from .factories import Site, make_site, observation

W = WasteCategory
C = ObservationColumn


@dataclass
class Walk:
    site: Site
    paint_id: int
    booth_id: int
    line2_id: int
    bert_id: int
    ids: dict[str, int]

    def infos(self) -> list[ObservationInfo]:
        return [self.site.observations.get(i) for i in self.ids.values()]


@pytest.fixture
def walk(db, clock) -> Walk:
    site = make_site(db, clock)
    people = site.people
    people.update_settings(site.admin_id, default_hourly_rate=25.0)  # the site itself
    paint = people.create_area(site.admin_id, name="paint shop", kind=AreaKind.DEPARTMENT,
                               parent_id=site.site_id, hourly_rate=45.0)
    booth = people.create_area(site.admin_id, name="Booth", kind=AreaKind.LINE,
                               parent_id=paint.id)
    line2 = people.create_area(site.admin_id, name="Line 2", kind=AreaKind.LINE,
                               parent_id=site.department_id, hourly_rate=50.0)
    bert = people.create_person(site.admin_id, name="bert lower", role=Role.STAFF,
                                home_area_id=site.line_id)
    start = clock.now
    specs: list[tuple[str, W, int, int, float, float, float | None, int]] = [
        # key, waste, area, observer, minutes, per week, cost each time, hours before "now"
        ("forklift", W.WAITING, site.line_id, site.staff_id, 6.0, 10.0, None, 50),
        ("boxes", W.INVENTORY, booth.id, site.other_staff_id, 2.0, 30.0, 1.5, 40),
        ("walk", W.MOTION, line2.id, bert.id, 15.0, 3.0, None, 30),
        ("twin a", W.DEFECTS, site.site_id, site.staff_id, 5.0, 5.0, None, 20),
        ("twin b", W.DEFECTS, site.site_id, site.supervisor_id, 5.0, 5.0, None, 20),
        ("paint", W.OVER_PROCESSING, paint.id, bert.id, 1.0, 100.0, 0.25, 10),
        ("free", W.TRANSPORT, site.department_id, site.other_staff_id, 0.0, 0.0, None, 5),
    ]
    texts = {
        "forklift": "Operators wait for the forklift\nIt is often at the other dock.",
        "boxes": "\n\n   Boxes stacked by the booth",
        "walk": "Walking to the tool crib " + "far away " * 30,
        "paint": "Parts cleaned twice before paint",
    }
    ids: dict[str, int] = {}
    for key, waste, area, who, minutes, per_week, cost, hours in specs:
        ids[key] = site.observations.create(who, observation(
            site, category=waste, area_id=area, minutes_per_occurrence=minutes,
            occurrences_per_week=per_week, cost_per_occurrence=cost,
            description=texts.get(key, f"Seen: {key}"),
            observed_at=start - timedelta(hours=hours),
        )).id
    made = site.observations.create_suggestion_from(site.supervisor_id, ids["boxes"])
    site.observations.link_to_suggestion(site.supervisor_id, ids["paint"], made.id)
    made2 = site.observations.create_suggestion_from(site.supervisor_id, ids["walk"])
    assert made2.id > made.id
    return Walk(site=site, paint_id=paint.id, booth_id=booth.id, line2_id=line2.id,
                bert_id=bert.id, ids=ids)


def _key(info: ObservationInfo, column: C) -> Any:
    return {
        C.ID: info.id,
        C.CATEGORY: info.category.value,
        C.AREA: (info.area_name.lower(), info.area_id),
        C.OBSERVER: (info.observer_name.lower(), info.observer_id),
        C.OBSERVED_AT: info.observed_at,
        C.MINUTES: info.minutes_per_occurrence,
        C.OCCURRENCES: info.occurrences_per_week,
        C.YEARLY_COST: info.yearly_cost,
        C.LINKED: info.suggestion_id,
    }[column]


def expected_order(infos: list[ObservationInfo], column: C, descending: bool) -> list[int]:
    present = [i for i in infos if _key(i, column) is not None]
    missing = [i for i in infos if _key(i, column) is None]
    present.sort(key=lambda i: (_key(i, column), i.id), reverse=descending)
    missing.sort(key=lambda i: i.id, reverse=descending)
    return [i.id for i in present + missing]


# --- sorting -----------------------------------------------------------------------------------


def test_every_sort_matches_the_expected_order(walk):
    infos = walk.infos()
    for column in C:
        for descending in (False, True):
            got = walk.site.observations.query_ids(ObservationFilter(), column, descending)
            assert got == expected_order(infos, column, descending), (column, descending)


def test_the_default_is_the_latest_seen_first(walk):
    got = walk.site.observations.query_ids(ObservationFilter())
    assert got == expected_order(walk.infos(), C.OBSERVED_AT, True)


def test_yearly_cost_sorts_by_each_areas_rate_and_follows_rate_changes(walk):
    site = walk.site
    by_cost = site.observations.query_ids(ObservationFilter(), C.YEARLY_COST, True)
    costs = [site.observations.get(i).yearly_cost for i in by_cost]
    assert costs == sorted(costs, reverse=True)
    # The twins cost the same: the tie is broken by id, the later one first when descending.
    assert by_cost.index(walk.ids["twin b"]) == by_cost.index(walk.ids["twin a"]) - 1
    # Line 2 at 50/h: 15 min x 3 a week x 52 = 39 h = 1,950. Booth inherits 45/h from the
    # paint shop: (2 min at 45/h + 1.50) x 30 x 52 = 4,680. The site uses the default, 25/h.
    assert site.observations.get(walk.ids["walk"]).yearly_cost == pytest.approx(1_950.0)
    assert site.observations.get(walk.ids["boxes"]).yearly_cost == pytest.approx(4_680.0)
    # Re-pricing an area re-sorts at once: nothing was stored.
    site.people.update_area(site.admin_id, walk.line2_id, name="Line 2", hourly_rate=500.0,
                            parent_id=site.department_id)
    site.people.update_settings(site.admin_id, default_hourly_rate=31.0)
    again = site.observations.query_ids(ObservationFilter(), C.YEARLY_COST, True)
    assert again[0] == walk.ids["walk"]
    assert again == expected_order(walk.infos(), C.YEARLY_COST, True)


def test_not_linked_comes_last_both_ways(walk):
    unlinked = {i.id for i in walk.infos() if i.suggestion_id is None}
    for descending in (False, True):
        got = walk.site.observations.query_ids(ObservationFilter(), C.LINKED, descending)
        assert set(got[-len(unlinked):]) == unlinked


def test_an_unknown_sort_is_refused(walk):
    with pytest.raises(ValidationError) as err:
        walk.site.observations.query_ids(ObservationFilter(), "smell")  # type: ignore[arg-type]
    assert err.value.field == "sort"


# --- filtering ---------------------------------------------------------------------------------


def _filtered(walk: Walk, **criteria: Any) -> set[int]:
    flt = ObservationFilter(**criteria)
    got = walk.site.observations.query_ids(flt, C.ID, False)
    assert walk.site.observations.count(flt) == len(got)
    return set(got)


def _where(walk: Walk, keep) -> set[int]:  # noqa: ANN001
    return {i.id for i in walk.infos() if keep(i)}


def test_area_filter_takes_the_area_and_everything_below(walk):
    site = walk.site
    under_assembly = (site.department_id, site.line_id, walk.line2_id)
    assert _filtered(walk, area_id=site.department_id) == _where(
        walk, lambda i: i.area_id in under_assembly)
    assert _filtered(walk, area_id=walk.paint_id) == _where(
        walk, lambda i: i.area_id in (walk.paint_id, walk.booth_id))
    assert _filtered(walk, area_id=walk.booth_id) == {walk.ids["boxes"]}
    assert _filtered(walk, area_id=site.site_id) == set(walk.ids.values())


def test_category_observer_linked_and_text_filters(walk):
    ids = walk.ids
    assert _filtered(walk, categories=(W.DEFECTS, W.MOTION)) == {
        ids["twin a"], ids["twin b"], ids["walk"]}
    assert _filtered(walk, person_id=walk.bert_id) == {ids["walk"], ids["paint"]}
    assert _filtered(walk, linked=True) == {ids["boxes"], ids["paint"], ids["walk"]}
    assert _filtered(walk, linked=False) == _where(walk, lambda i: i.suggestion_id is None)
    assert _filtered(walk, text="fork") == {ids["forklift"]}
    assert _filtered(walk, text="do operators") == set()  # only the last word is a prefix
    assert _filtered(walk, text="operators do") == {ids["forklift"]}
    assert _filtered(walk, text="seen", categories=(W.DEFECTS,), person_id=walk.site.staff_id) \
        == {ids["twin a"]}
    with pytest.raises(ValidationError) as err:
        _filtered(walk, categories=("smell",))
    assert err.value.field == "categories"


def test_date_range_is_on_when_it_was_seen(walk, clock):
    day = (clock.now - timedelta(hours=20)).date()
    assert _filtered(walk, date_from=day, date_to=day) == _where(
        walk, lambda i: i.observed_at.date() == day)
    assert _filtered(walk, date_to=day - timedelta(days=5)) == set()


def test_filtered_lists_sort_too(walk):
    flt = ObservationFilter(linked=False)
    infos = [i for i in walk.infos() if i.suggestion_id is None]
    for column in C:
        assert walk.site.observations.query_ids(flt, column, True) == expected_order(
            infos, column, True), column


def test_category_counts_ignore_the_category_criterion_only(walk):
    counts = walk.site.observations.category_counts(ObservationFilter(categories=(W.MOTION,)))
    assert set(counts) == set(WasteCategory)
    assert counts == {w: sum(1 for i in walk.infos() if i.category is w) for w in WasteCategory}
    linked = walk.site.observations.category_counts(ObservationFilter(linked=True))
    assert linked[W.INVENTORY] == 1 and linked[W.DEFECTS] == 0


# --- rows --------------------------------------------------------------------------------------


def test_rows_keep_the_order_asked_and_match_the_single_view(walk):
    ids = walk.ids
    asked = [ids["walk"], 424242, ids["forklift"], ids["boxes"]]
    rows = walk.site.observations.rows(asked)
    assert [r.id for r in rows] == [ids["walk"], ids["forklift"], ids["boxes"]]
    forklift = walk.site.observations.get(ids["forklift"])
    assert rows[1] == ObservationRow(
        id=forklift.id, category=W.WAITING, area_name="Line 1", observer_name="Stan Staff",
        observed_at=forklift.observed_at, summary="Operators wait for the forklift",
        minutes_per_occurrence=6.0, occurrences_per_week=10.0,
        yearly_cost=forklift.yearly_cost, suggestion_id=None,
    )
    assert rows[2].summary == "Boxes stacked by the booth"  # blank lines skipped
    assert len(rows[0].summary) <= SUMMARY_LENGTH and rows[0].summary.endswith("far…")
    for info in walk.infos():
        [row] = walk.site.observations.rows([info.id])
        assert row.yearly_cost == info.yearly_cost
        assert (row.area_name, row.observer_name, row.suggestion_id) == (
            info.area_name, info.observer_name, info.suggestion_id)


# --- query plans ----------------------------------------------------------------------------


def query_plans(db: Database, call) -> list[tuple[str, list[str]]]:  # noqa: ANN001
    """The SELECTs ``call`` runs, each with its SQLite query plan."""
    seen: list[tuple[str, Any]] = []

    def record(_conn, _cursor, statement, parameters, *_):  # noqa: ANN001, ANN202
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    with db.engine.connect() as conn:
        return [
            (statement, [row[3] for row in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, parameters)])
            for statement, parameters in seen
        ]


@pytest.mark.sqlite_only(reason="SQLite's query plans (EXPLAIN QUERY PLAN)")
def test_every_sort_but_the_derived_cost_walks_an_index(walk, db):
    for column in C:
        for descending in (False, True):
            plans = query_plans(db, lambda c=column, d=descending: (
                walk.site.observations.query_ids(ObservationFilter(), c, d)))
            main = [(sql, plan) for sql, plan in plans if "waste_observations" in sql]
            assert len(main) == 1
            sql, plan = main[0]
            if column is C.YEARLY_COST:  # derived: one sort step over the table, by design
                assert plan == ["SCAN waste_observations", "USE TEMP B-TREE FOR ORDER BY"]
                continue
            assert not any("TEMP B-TREE" in step for step in plan), (column, plan)
            if column is not C.ID:
                assert all("INDEX" in step for step in plan if step.startswith("SCAN ")), plan


@pytest.mark.sqlite_only(reason="SQLite's query plans (EXPLAIN QUERY PLAN)")
def test_every_filter_uses_an_index(walk, db):
    for criteria in (
        {"text": "fork"},
        {"area_id": walk.paint_id},
        {"categories": (W.MOTION,)},
        {"person_id": walk.bert_id},
        {"linked": True},
        {"date_from": walk.site.observations.get(walk.ids["walk"]).observed_at.date()},
    ):
        flt = ObservationFilter(**criteria)
        for call in (lambda f=flt: walk.site.observations.query_ids(f),
                     lambda f=flt: walk.site.observations.count(f)):
            for statement, plan in query_plans(db, call):
                if "waste_observations" not in statement:
                    continue
                assert all("INDEX" in step or "VIRTUAL TABLE" in step
                           for step in plan if step.startswith("SCAN ")), (criteria, plan)
