"""The ideas list: every filter and sort in SQL, rows a window at a time, counts, and plans.

Expected orders are computed here, in Python, from the ideas as the service reports them one by
one; the list must agree for every column in both directions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event

from kaizen.db.engine import Database
from kaizen.domain.enums import AreaKind, Role, SuggestionStatus, WasteCategory
from kaizen.domain.errors import ValidationError
from kaizen.services.listing import MAX_WINDOW, IdeaColumn, IdeaFilter, IdeaRow
from kaizen.services.suggestions import SuggestionInfo

from .factories import Site, idea, make_site

W = WasteCategory


@dataclass
class Plant:
    site: Site
    paint_id: int
    booth_id: int
    bert_id: int
    ids: dict[str, int]

    def infos(self) -> list[SuggestionInfo]:
        return [self.site.suggestions.get(i) for i in self.ids.values()]


@pytest.fixture
def plant(db, clock) -> Plant:
    site = make_site(db, clock)
    people = site.people
    # Lower-case names: a case-sensitive sort would put them after every capital.
    paint = people.create_area(site.admin_id, name="paint shop", kind=AreaKind.DEPARTMENT,
                               parent_id=site.site_id, hourly_rate=45.0)
    booth = people.create_area(site.admin_id, name="Booth", kind=AreaKind.LINE,
                               parent_id=paint.id)
    bert = people.create_person(site.admin_id, name="bert lower", role=Role.STAFF,
                                home_area_id=site.line_id)
    specs: list[tuple[str, int, int, list[W], int, int, float, int]] = [
        # title, area, submitter, wastes, impact, effort, savings, days after the start
        ("apple crate rack", site.line_id, site.staff_id, [W.MOTION], 3, 2, 1200.0, 0),
        ("Banana shelf", booth.id, site.other_staff_id, [W.TRANSPORT, W.WAITING], 5, 1, 300.0, 1),
        ("cherry tape", site.department_id, bert.id, [W.DEFECTS], 1, 5, 9000.0, 2),
        ("Delta jig", site.site_id, site.staff_id, [], 3, 3, 1200.0, 3),
        ("echo Board", paint.id, site.supervisor_id, [W.INVENTORY], 2, 2, 0.0, 3),  # same time
        ("Foxtrot sign", site.line_id, site.other_staff_id, [W.MOTION, W.DEFECTS], 4, 4, 450.0, 4),
        ("golf cart", site.line_id, bert.id, [W.TRANSPORT], 3, 1, 50.0, 5),
        ("Hotel bins", booth.id, site.staff_id, [W.WAITING], 1, 1, 7000.0, 6),
    ]
    start = clock.now
    ids: dict[str, int] = {}
    for title, area, who, wastes, impact, effort, savings, day in specs:
        clock.now = start + timedelta(days=day)
        ids[title] = site.suggestions.create(who, idea(
            site, title=title, area_id=area, wastes=wastes, impact=impact, effort=effort,
            expected_savings=savings, problem=f"Problem of {title}", proposal="Fix it",
        )).id
    clock.now = start + timedelta(days=8)
    review = site.suggestions
    boss = site.supervisor_id
    review.accept(boss, ids["apple crate rack"], owner_id=site.other_staff_id,
                  due_date=date(2026, 12, 1))
    review.start_review(boss, ids["Banana shelf"])
    review.reject(boss, ids["cherry tape"], "No budget this year.")
    review.accept(boss, ids["echo Board"], owner_id=bert.id, due_date=date(2026, 11, 20))
    review.accept(boss, ids["Foxtrot sign"], owner_id=site.other_staff_id)
    review.start_review(boss, ids["Hotel bins"])
    review.accept(boss, ids["Hotel bins"], owner_id=site.supervisor_id, due_date=date(2026, 12, 1))
    review.add_comment(site.staff_id, ids["Banana shelf"], "Good one")
    review.add_comment(site.supervisor_id, ids["Banana shelf"], "Looking at it")
    return Plant(site=site, paint_id=paint.id, booth_id=booth.id, bert_id=bert.id, ids=ids)


def _key(info: SuggestionInfo, column: IdeaColumn) -> Any:
    """The sort key of one idea, None when it has no value (those go last)."""
    return {
        IdeaColumn.ID: info.id,
        IdeaColumn.TITLE: info.title.lower(),
        IdeaColumn.STATUS: info.status.value,
        IdeaColumn.AREA: (info.area_name.lower(), info.area_id),
        IdeaColumn.SUBMITTER: (info.submitter_name.lower(), info.submitter_id),
        IdeaColumn.OWNER: (None if info.owner_name is None
                           else (info.owner_name.lower(), info.owner_id)),
        IdeaColumn.IMPACT: info.impact,
        IdeaColumn.EFFORT: info.effort,
        IdeaColumn.EXPECTED_SAVINGS: info.expected_savings,
        IdeaColumn.CREATED_AT: info.created_at,
        IdeaColumn.DUE_DATE: info.due_date,
    }[column]


def expected_order(infos: list[SuggestionInfo], column: IdeaColumn,
                   descending: bool) -> list[int]:
    present = [i for i in infos if _key(i, column) is not None]
    missing = [i for i in infos if _key(i, column) is None]
    present.sort(key=lambda i: (_key(i, column), i.id), reverse=descending)
    missing.sort(key=lambda i: i.id, reverse=descending)
    return [i.id for i in present + missing]


# --- sorting -----------------------------------------------------------------------------------


def test_every_sort_matches_the_expected_order(plant):
    infos = plant.infos()
    for column in IdeaColumn:
        for descending in (False, True):
            got = plant.site.suggestions.query_ids(IdeaFilter(), column, descending)
            assert got == expected_order(infos, column, descending), (column, descending)


def test_the_default_is_newest_first(plant):
    got = plant.site.suggestions.query_ids(IdeaFilter())
    assert got == expected_order(plant.infos(), IdeaColumn.CREATED_AT, True)
    # Created at the same moment: the tie is broken by id.
    delta, echo = plant.ids["Delta jig"], plant.ids["echo Board"]
    assert got.index(echo) == got.index(delta) - 1


def test_names_sort_without_regard_to_case(plant):
    ids = plant.ids
    by_title = plant.site.suggestions.query_ids(IdeaFilter(), IdeaColumn.TITLE, False)
    assert by_title[:3] == [ids["apple crate rack"], ids["Banana shelf"], ids["cherry tape"]]
    by_area = plant.site.suggestions.rows(
        plant.site.suggestions.query_ids(IdeaFilter(), IdeaColumn.AREA, False))
    assert [r.area_name for r in by_area] == [
        "Assembly", "Booth", "Booth", "Line 1", "Line 1", "Line 1", "paint shop", "Plant 1",
    ]


def test_no_owner_and_no_due_date_come_last_both_ways(plant):
    unowned = {i.id for i in plant.infos() if i.owner_id is None}
    for descending in (False, True):
        got = plant.site.suggestions.query_ids(IdeaFilter(), IdeaColumn.OWNER, descending)
        assert set(got[-len(unowned):]) == unowned
        got = plant.site.suggestions.query_ids(IdeaFilter(), IdeaColumn.DUE_DATE, descending)
        assert plant.site.suggestions.rows(got[-1:])[0].due_date is None


def test_sort_accepts_the_column_value_and_refuses_others(plant):
    assert plant.site.suggestions.query_ids(IdeaFilter(), "title", False) == (  # type: ignore[arg-type]
        plant.site.suggestions.query_ids(IdeaFilter(), IdeaColumn.TITLE, False))
    with pytest.raises(ValidationError) as err:
        plant.site.suggestions.query_ids(IdeaFilter(), "colour")  # type: ignore[arg-type]
    assert err.value.field == "sort"


# --- filtering ---------------------------------------------------------------------------------


def _filtered(plant: Plant, **criteria: Any) -> set[int]:
    flt = IdeaFilter(**criteria)
    got = plant.site.suggestions.query_ids(flt, IdeaColumn.ID, False)
    assert got == sorted(got)
    assert plant.site.suggestions.count(flt) == len(got)
    return set(got)


def _where(plant: Plant, keep) -> set[int]:  # noqa: ANN001
    return {i.id for i in plant.infos() if keep(i)}


def test_area_filter_takes_the_area_and_everything_below(plant):
    site = plant.site
    assert _filtered(plant, area_id=site.department_id) == _where(
        plant, lambda i: i.area_id in (site.department_id, site.line_id))
    assert _filtered(plant, area_id=site.line_id) == _where(
        plant, lambda i: i.area_id == site.line_id)
    assert _filtered(plant, area_id=plant.paint_id) == _where(
        plant, lambda i: i.area_id in (plant.paint_id, plant.booth_id))
    assert _filtered(plant, area_id=site.site_id) == set(plant.ids.values())
    assert _filtered(plant, area_id=987654) == set()


def test_status_filter_is_any_of(plant):
    wanted = (SuggestionStatus.SUBMITTED, SuggestionStatus.UNDER_REVIEW)
    assert _filtered(plant, statuses=wanted) == _where(plant, lambda i: i.status in wanted)
    assert _filtered(plant, statuses=("rejected",)) == {plant.ids["cherry tape"]}
    with pytest.raises(ValidationError) as err:
        _filtered(plant, statuses=("lost",))
    assert err.value.field == "statuses"


def test_waste_filter_is_any_of(plant):
    assert _filtered(plant, wastes=(W.MOTION,)) == _where(plant, lambda i: W.MOTION in i.wastes)
    both = (W.WAITING, W.DEFECTS)
    assert _filtered(plant, wastes=both) == _where(
        plant, lambda i: bool(set(i.wastes) & set(both)))
    assert _filtered(plant, wastes=(W.OVERPRODUCTION,)) == set()


def test_person_filter_is_submitter_or_owner(plant):
    olga = plant.site.other_staff_id
    assert _filtered(plant, person_id=olga) == _where(
        plant, lambda i: olga in (i.submitter_id, i.owner_id))
    assert _filtered(plant, person_id=plant.bert_id) == {
        plant.ids["cherry tape"], plant.ids["golf cart"], plant.ids["echo Board"]}


def test_date_range_is_inclusive_whole_days(plant, clock):
    first = min(i.created_at for i in plant.infos()).date()
    day2, day3 = first + timedelta(days=2), first + timedelta(days=3)
    assert _filtered(plant, date_from=day3) == _where(plant, lambda i: i.created_at.date() >= day3)
    assert _filtered(plant, date_to=day2) == _where(plant, lambda i: i.created_at.date() <= day2)
    assert _filtered(plant, date_from=day3, date_to=day3) == {
        plant.ids["Delta jig"], plant.ids["echo Board"]}
    with pytest.raises(ValidationError) as err:
        _filtered(plant, date_from=day3, date_to=day2)
    assert err.value.field == "date_to"


def test_criteria_combine_with_and(plant):
    site = plant.site
    assert _filtered(plant, text="fix", area_id=site.department_id,
                     statuses=(SuggestionStatus.SUBMITTED,)) == {plant.ids["golf cart"]}
    assert _filtered(plant, text="problem shelf", wastes=(W.WAITING,)) == {
        plant.ids["Banana shelf"]}
    assert _filtered(plant, text="shelf", wastes=(W.MOTION,)) == set()


def test_filtered_lists_sort_too(plant):
    flt = IdeaFilter(area_id=plant.site.department_id)
    infos = [i for i in plant.infos()
             if i.area_id in (plant.site.department_id, plant.site.line_id)]
    for column in IdeaColumn:
        got = plant.site.suggestions.query_ids(flt, column, False)
        assert got == expected_order(infos, column, False), column


# --- counts and rows -------------------------------------------------------------------------


def test_status_counts_ignore_the_status_criterion_only(plant):
    counts = plant.site.suggestions.status_counts(IdeaFilter())
    assert set(counts) == set(SuggestionStatus)
    assert counts == {s: sum(1 for i in plant.infos() if i.status is s)
                      for s in SuggestionStatus}
    picked = IdeaFilter(statuses=(SuggestionStatus.ACCEPTED,), area_id=plant.paint_id)
    in_paint = [i for i in plant.infos() if i.area_id in (plant.paint_id, plant.booth_id)]
    assert plant.site.suggestions.status_counts(picked) == {
        s: sum(1 for i in in_paint if i.status is s) for s in SuggestionStatus}
    assert plant.site.suggestions.count(picked) == 2


def test_rows_keep_the_order_asked_and_skip_gone_ids(plant):
    ids = plant.ids
    asked = [ids["Hotel bins"], 99_999, ids["apple crate rack"], ids["Banana shelf"]]
    rows = plant.site.suggestions.rows(asked)
    assert [r.id for r in rows] == [ids["Hotel bins"], ids["apple crate rack"],
                                    ids["Banana shelf"]]
    banana = rows[2]
    assert banana == IdeaRow(
        id=ids["Banana shelf"], title="Banana shelf", status=SuggestionStatus.UNDER_REVIEW,
        area_name="Booth", submitter_name="Olga Other", owner_name=None,
        wastes=(W.TRANSPORT, W.WAITING), impact=5, effort=1, expected_savings=300.0,
        created_at=plant.site.suggestions.get(ids["Banana shelf"]).created_at, due_date=None,
        comment_count=2,
    )
    apple = rows[1]
    assert (apple.owner_name, apple.due_date, apple.status) == (
        "Olga Other", date(2026, 12, 1), SuggestionStatus.ACCEPTED)
    assert plant.site.suggestions.rows([]) == []


def test_rows_of_a_window_larger_than_one_query(plant):
    ids = sorted(plant.ids.values())
    asked = list(range(100_000, 100_000 + MAX_WINDOW)) + ids[::-1] + [ids[0]]
    rows = plant.site.suggestions.rows(asked)
    assert [r.id for r in rows] == ids[::-1] + [ids[0]]


def test_rows_match_the_single_idea_view(plant):
    for info in plant.infos():
        [row] = plant.site.suggestions.rows([info.id])
        assert (row.title, row.status, row.area_name, row.submitter_name, row.owner_name,
                list(row.wastes), row.impact, row.effort, row.expected_savings, row.created_at,
                row.due_date) == (
            info.title, info.status, info.area_name, info.submitter_name, info.owner_name,
            info.wastes, info.impact, info.effort, info.expected_savings, info.created_at,
            info.due_date)


def test_a_wrong_filter_type_is_refused(plant):
    with pytest.raises(ValidationError):
        plant.site.suggestions.count("tape")  # type: ignore[arg-type]


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


def _scans_use_indexes(plan: list[str]) -> bool:
    return all("INDEX" in step or "VIRTUAL TABLE" in step
               for step in plan if step.startswith("SCAN "))


# SQLite plans without statistics (the app never runs ANALYZE) assume big tables whatever their
# size, so the plans of this small database are those of a 200k-row one.


@pytest.mark.sqlite_only(reason="SQLite's query plans (EXPLAIN QUERY PLAN)")
def test_every_sort_walks_an_index_without_a_sort_step(plant, db):
    for column in IdeaColumn:
        for descending in (False, True):
            plans = query_plans(db, lambda c=column, d=descending: (
                plant.site.suggestions.query_ids(IdeaFilter(), c, d)))
            assert plans
            for statement, plan in plans:
                assert not any("TEMP B-TREE" in step for step in plan), (statement, plan)
                if column is not IdeaColumn.ID:  # by id, the table itself is in order
                    assert _scans_use_indexes(plan), (statement, plan)


@pytest.mark.sqlite_only(reason="SQLite's query plans (EXPLAIN QUERY PLAN)")
def test_every_filter_uses_an_index(plant, db):
    for criteria in (
        {"text": "tape"},
        {"area_id": plant.site.department_id},
        {"statuses": (SuggestionStatus.SUBMITTED,)},
        {"wastes": (W.MOTION,)},
        {"person_id": plant.site.staff_id},
        {"date_from": date(2026, 11, 3), "date_to": date(2026, 11, 4)},
        {"text": "tape", "area_id": 2, "statuses": (SuggestionStatus.SUBMITTED,)},
    ):
        flt = IdeaFilter(**criteria)
        for call in (lambda f=flt: plant.site.suggestions.query_ids(f),
                     lambda f=flt: plant.site.suggestions.count(f),
                     lambda f=flt: plant.site.suggestions.status_counts(f)):
            for statement, plan in query_plans(db, call):
                if "suggestions" not in statement:
                    continue  # the small lookups (the area tree)
                assert _scans_use_indexes(plan), (criteria, statement, plan)
                if "text" in criteria:
                    assert any("suggestions_fts VIRTUAL TABLE" in step for step in plan), plan
