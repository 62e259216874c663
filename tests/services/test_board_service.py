"""BoardService over a real migrated SQLite file with a FixedClock: cards, filters, the Done lane
of this month, overdue counts, the change token, stage timings and the audit trail."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event

from kaizen.db.engine import Database
from kaizen.domain.enums import ActDecision, MeasurementPhase, MetricDirection, PdcaStage
from kaizen.domain.errors import NotFound, ValidationError
from kaizen.services import Services
from kaizen.services.board import BOARD_STAGES, BoardFilter, BoardSnapshot, CardInfo
from services.factories import Site, idea, make_site

P, D, C, A, X = PdcaStage.PLAN, PdcaStage.DO, PdcaStage.CHECK, PdcaStage.ACT, PdcaStage.DONE


@pytest.fixture
def services(db: Database, clock) -> Services:
    return Services.create(db, clock)


@pytest.fixture
def site(db: Database, clock) -> Site:
    return make_site(db, clock)


def accepted(services: Services, site: Site, title: str, *, area_id: int | None = None,
             owner_id: int | None = None) -> int:
    """An idea accepted by the supervisor (cycle 1 opens in Plan); returns the cycle id."""
    created = services.suggestions.create(
        site.staff_id, idea(site, title=title, area_id=area_id or site.line_id)
    )
    services.suggestions.accept(site.supervisor_id, created.id, owner_id=owner_id)
    cycle = services.pdca.current_cycle(created.id)
    assert cycle is not None
    return cycle.id


def plan(services: Services, site: Site, cycle_id: int) -> None:
    services.pdca.update_plan(
        site.supervisor_id, cycle_id, problem_statement="Packers walk to fetch tape.",
        why_chain=["The tape is far away."], root_cause="No tape at the table.",
        target_metric="Walking (m)", target_from=8.0, target_to=0.0, target_by=None,
        countermeasure="Mount a dispenser.",
    )


def to_do(services: Services, site: Site, cycle_id: int, *, due: date | None = None) -> int:
    plan(services, site, cycle_id)
    action = services.pdca.add_action(site.supervisor_id, cycle_id, text="Buy a dispenser",
                                      owner_id=site.staff_id, due_date=due)
    services.pdca.move(site.supervisor_id, cycle_id, D)
    return action.id


def to_act(services: Services, site: Site, cycle_id: int) -> None:
    action_id = to_do(services, site, cycle_id)
    services.pdca.set_action_done(site.supervisor_id, action_id, True)
    services.pdca.move(site.supervisor_id, cycle_id, C)
    info = services.pdca.get_cycle(cycle_id)
    metric = services.measurements.add_metric(site.supervisor_id, info.suggestion_id,
                                              name="Walking", unit="m",
                                              direction=MetricDirection.LOWER_IS_BETTER)
    services.measurements.add_measurements(site.supervisor_id, metric.id,
                                           MeasurementPhase.BEFORE, [8, 9])
    services.measurements.add_measurements(site.supervisor_id, metric.id,
                                           MeasurementPhase.AFTER, [1, 2])
    services.pdca.move(site.supervisor_id, cycle_id, A)


def close(services: Services, site: Site, cycle_id: int, decision: ActDecision) -> None:
    to_act(services, site, cycle_id)
    services.pdca.decide(site.supervisor_id, cycle_id, decision=decision,
                         standard_change="Dispenser on every table.",
                         share_note="Works on any packing table.")
    services.pdca.move(site.supervisor_id, cycle_id, X)


def ids(snapshot: BoardSnapshot, stage: PdcaStage) -> list[int]:
    return [card.cycle_id for card in snapshot.columns[stage]]


def all_ids(snapshot: BoardSnapshot) -> set[int]:
    return {card.cycle_id for stage in BOARD_STAGES for card in snapshot.columns[stage]}


# ------------------------------------------------------------------------------------ cards


def test_an_empty_board_has_every_column(services: Services, site: Site) -> None:
    snapshot = services.board.cards(BoardFilter())
    assert list(snapshot.columns) == [P, D, C, A, X]
    assert all(cards == [] for cards in snapshot.columns.values())
    assert snapshot.total == 0
    assert snapshot.version_token


def test_a_card_carries_what_the_board_paints(services: Services, site: Site, clock) -> None:
    cycle_id = accepted(services, site, "Tape dispenser at the packing table",
                        owner_id=site.staff_id)
    clock.advance(days=3)
    card = services.board.cards().columns[P][0]
    assert isinstance(card, CardInfo)
    assert card.cycle_id == cycle_id
    assert card.title == "Tape dispenser at the packing table"
    assert card.owner_name == "Stan Staff"
    assert card.owner_id == site.staff_id
    assert card.area_name == "Line 1"
    assert card.cycle_number == 1
    assert card.stage is P
    assert card.stage_entered_at == datetime(2026, 11, 2, 9, 0)
    assert card.days_in_stage == 3
    assert (card.overdue_actions, card.open_actions) == (0, 0)
    assert card.age_band == "fresh"
    assert card.version == services.pdca.get_cycle(cycle_id).version
    # Built through kaizen.services.frozen_rows: the very instance the constructor gives, frozen.
    assert card == CardInfo(**{f.name: getattr(card, f.name) for f in dataclasses.fields(card)})
    with pytest.raises(dataclasses.FrozenInstanceError):
        card.title = "Changed"  # type: ignore[misc]


def test_cards_sit_in_their_stage_column_oldest_first(services: Services, site: Site,
                                                      clock) -> None:
    older = accepted(services, site, "Older idea")
    clock.advance(hours=2)
    newer = accepted(services, site, "Newer idea")
    clock.advance(hours=2)
    doing = accepted(services, site, "In Do")
    to_do(services, site, doing)
    clock.advance(hours=2)
    acting = accepted(services, site, "In Act")
    to_act(services, site, acting)
    snapshot = services.board.cards()
    assert ids(snapshot, P) == [older, newer]
    assert ids(snapshot, D) == [doing]
    assert ids(snapshot, C) == []
    assert ids(snapshot, A) == [acting]
    assert snapshot.find(doing).stage is D
    assert snapshot.find(12345) is None


def test_days_in_stage_and_age_bands_come_from_the_stage_changes(
    services: Services, site: Site, clock
) -> None:
    services.people.update_settings(site.admin_id, ageing_after_days=5, stale_after_days=10)
    cycle_id = accepted(services, site, "Ageing idea")
    clock.advance(days=20)
    to_do(services, site, cycle_id)  # entered Do 20 days after Plan
    clock.advance(days=4, hours=23)
    card = services.board.cards().columns[D][0]
    assert card.stage_entered_at == datetime(2026, 11, 22, 9, 0)
    assert (card.days_in_stage, card.age_band) == (4, "fresh")
    clock.advance(hours=1)
    assert services.board.cards().columns[D][0].age_band == "ageing"  # day 5: inclusive
    clock.advance(days=5)
    card = services.board.cards().columns[D][0]
    assert (card.days_in_stage, card.age_band) == (10, "stale")
    snapshot = services.board.cards()
    assert (snapshot.ageing_after_days, snapshot.stale_after_days) == (5, 10)


def test_a_backward_move_restarts_the_days_in_stage(services: Services, site: Site,
                                                    clock) -> None:
    cycle_id = accepted(services, site, "Back and forth")
    to_do(services, site, cycle_id)
    clock.advance(days=6)
    services.pdca.move(site.supervisor_id, cycle_id, P, note="The plan missed the night shift.")
    clock.advance(days=2)
    card = services.board.cards().columns[P][0]
    assert card.days_in_stage == 2
    assert card.stage_entered_at == datetime(2026, 11, 8, 9, 0)


def test_open_and_overdue_actions_are_counted_per_card(services: Services, site: Site,
                                                       clock) -> None:
    cycle_id = accepted(services, site, "Many actions")
    other = accepted(services, site, "No actions")
    today = clock().date()
    pdca = services.pdca
    for text, due in (("Late one", today + timedelta(days=1)),
                      ("Late two", today + timedelta(days=2)),
                      ("On time", today + timedelta(days=30)),
                      ("No date", None)):
        pdca.add_action(site.supervisor_id, cycle_id, text=text, due_date=due)
    done = pdca.add_action(site.supervisor_id, cycle_id, text="Done early",
                           due_date=today + timedelta(days=1))
    pdca.set_action_done(site.supervisor_id, done.id, True)
    clock.advance(days=3)  # the first two (and the done one) are now past their due date
    snapshot = services.board.cards()
    card = snapshot.find(cycle_id)
    assert (card.open_actions, card.overdue_actions) == (4, 2)
    assert (snapshot.find(other).open_actions, snapshot.find(other).overdue_actions) == (0, 0)


def test_cards_are_read_in_two_queries_whatever_the_number_of_cards(
    services: Services, site: Site, db: Database, clock
) -> None:
    for n in range(12):
        cycle_id = accepted(services, site, f"Idea {n}")
        if n % 2:
            services.pdca.add_action(site.supervisor_id, cycle_id, text="Act",
                                     due_date=clock().date())
    clock.advance(days=2)
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        snapshot = services.board.cards(BoardFilter(area_id=site.department_id,
                                                    overdue_only=True))
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(snapshot.columns[P]) == 6
    assert len(statements) == 2
    assert any("GROUP BY" in statement for statement in statements)


# ------------------------------------------------------------------------------------ Done lane


def test_the_done_lane_holds_changes_closed_this_month(services: Services, site: Site,
                                                       clock) -> None:
    clock.now = datetime(2026, 10, 20, 9, 0)
    last_month = accepted(services, site, "Closed in October")
    close(services, site, last_month, ActDecision.ADOPT)
    clock.now = datetime(2026, 11, 1, 0, 0)  # the first second of November counts
    adopted = accepted(services, site, "Adopted in November")
    close(services, site, adopted, ActDecision.ADOPT)
    clock.advance(days=1)
    abandoned = accepted(services, site, "Abandoned in November")
    close(services, site, abandoned, ActDecision.ABANDON)
    clock.advance(days=1)
    adapted = accepted(services, site, "Adapted in November")
    close(services, site, adapted, ActDecision.ADAPT)
    clock.advance(days=1)

    snapshot = services.board.cards()
    assert ids(snapshot, X) == [abandoned, adopted]  # most recently closed first
    assert snapshot.find(abandoned).decision is ActDecision.ABANDON
    assert snapshot.find(adopted).decision is ActDecision.ADOPT
    assert snapshot.find(adopted).closed_at == datetime(2026, 11, 1, 0, 0)
    assert snapshot.find(adopted).age_band == "fresh"
    # An adapted cycle is not a finished change: its idea is back in Plan as cycle 2.
    assert adapted not in all_ids(snapshot)
    second = snapshot.columns[P][0]
    assert (second.title, second.cycle_number) == ("Adapted in November", 2)

    clock.now = datetime(2026, 12, 1, 8, 0)  # a new month starts with an empty Done lane
    assert ids(services.board.cards(), X) == []


# ------------------------------------------------------------------------------------ filters


def test_area_filter_includes_the_areas_below(services: Services, site: Site) -> None:
    on_line = accepted(services, site, "On the line", area_id=site.line_id)
    in_department = accepted(services, site, "In the department", area_id=site.department_id)
    on_site = accepted(services, site, "Site wide", area_id=site.site_id)
    board = services.board
    assert all_ids(board.cards(BoardFilter(area_id=site.line_id))) == {on_line}
    assert all_ids(board.cards(BoardFilter(area_id=site.department_id))) == {
        on_line, in_department
    }
    assert all_ids(board.cards(BoardFilter(area_id=site.site_id))) == {
        on_line, in_department, on_site
    }
    assert all_ids(board.cards(BoardFilter())) == {on_line, in_department, on_site}


def test_owner_and_mine_filters_keep_that_persons_cards(services: Services,
                                                        site: Site) -> None:
    stans = accepted(services, site, "Stan's", owner_id=site.staff_id)
    olgas = accepted(services, site, "Olga's", owner_id=site.other_staff_id)
    nobodys = accepted(services, site, "Nobody's")
    board = services.board
    assert all_ids(board.cards(BoardFilter(owner_id=site.staff_id))) == {stans}
    assert all_ids(board.cards(BoardFilter(mine_for=site.other_staff_id))) == {olgas}
    assert all_ids(board.cards(BoardFilter(owner_id=site.staff_id,
                                           mine_for=site.other_staff_id))) == set()
    assert nobodys in all_ids(board.cards(BoardFilter()))
    assert board.cards(BoardFilter(owner_id=site.staff_id)).find(stans).owner_name == "Stan Staff"


def test_overdue_only_keeps_cards_with_overdue_actions(services: Services, site: Site,
                                                       clock) -> None:
    late = accepted(services, site, "Late")
    on_time = accepted(services, site, "On time")
    services.pdca.add_action(site.supervisor_id, late, text="Due today",
                             due_date=clock().date())
    services.pdca.add_action(site.supervisor_id, on_time, text="Due later",
                             due_date=clock().date() + timedelta(days=9))
    board = services.board
    assert all_ids(board.cards(BoardFilter(overdue_only=True))) == set()  # due today: not late
    clock.advance(days=1)
    assert all_ids(board.cards(BoardFilter(overdue_only=True))) == {late}
    assert all_ids(board.cards(BoardFilter(overdue_only=True,
                                           area_id=site.department_id))) == {late}


def test_a_filter_needs_whole_numbers(services: Services, site: Site) -> None:
    with pytest.raises(ValidationError) as refused:
        services.board.cards(BoardFilter(area_id="3"))  # type: ignore[arg-type]
    assert refused.value.field == "area_id"
    with pytest.raises(ValidationError) as refused:
        services.board.cards(BoardFilter(mine_for=True))  # type: ignore[arg-type]
    assert refused.value.field == "mine_for"


# ------------------------------------------------------------------------------------ token


def test_the_token_changes_with_every_change_on_the_board(services: Services, site: Site,
                                                          clock) -> None:
    board = services.board
    cycle_id = accepted(services, site, "Watched")
    first = board.token()
    assert board.token() == first  # stable while nothing changes
    assert board.cards().version_token == first

    plan(services, site, cycle_id)
    after_plan = board.token()
    assert after_plan != first

    action = services.pdca.add_action(site.supervisor_id, cycle_id, text="Buy it")
    after_action = board.token()
    assert after_action != after_plan

    services.pdca.move(site.supervisor_id, cycle_id, D)
    after_move = board.token()
    assert after_move != after_action

    services.pdca.set_action_done(site.supervisor_id, action.id, True)
    after_tick = board.token()
    assert after_tick != after_move

    services.people.update_settings(site.admin_id, ageing_after_days=3)
    after_settings = board.token()
    assert after_settings != after_tick

    clock.advance(days=1)  # a new day ages the cards without any write
    assert board.token() != after_settings
    assert board.cards().version_token == board.token()


def test_the_token_sees_a_change_made_by_another_connection(db_url, services: Services,
                                                            site: Site, clock) -> None:
    cycle_id = accepted(services, site, "Shared")
    before = services.board.token()
    other_db = Database(db_url)
    try:
        other = Services.create(other_db, clock)
        plan(other, site, cycle_id)
        other.pdca.add_action(site.supervisor_id, cycle_id, text="Do it")
        other.pdca.move(site.supervisor_id, cycle_id, D)
    finally:
        other_db.dispose()
    assert services.board.token() != before
    assert ids(services.board.cards(), D) == [cycle_id]


# ------------------------------------------------------------------------------------ timing, audit


def test_stage_times_and_lead_time_come_from_the_stage_changes(services: Services, site: Site,
                                                              clock) -> None:
    cycle_id = accepted(services, site, "Timed")
    board = services.board
    clock.advance(days=2)
    action_id = to_do(services, site, cycle_id)  # Plan: 2 days
    clock.advance(days=5)
    services.pdca.move(site.supervisor_id, cycle_id, P, note="Rethink")  # Do: 5 days
    clock.advance(days=1)
    services.pdca.move(site.supervisor_id, cycle_id, D)  # Plan again: 1 day
    clock.advance(days=3)
    timing = board.timing(cycle_id)
    assert timing.durations == {P: timedelta(days=3), D: timedelta(days=8)}
    assert timing.days_in_stage == 3
    assert timing.lead_time is None  # still open

    services.pdca.set_action_done(site.supervisor_id, action_id, True)
    services.pdca.move(site.supervisor_id, cycle_id, C)  # Do: 3 more days
    clock.advance(days=4)
    info = services.pdca.get_cycle(cycle_id)
    metric = services.measurements.add_metric(site.supervisor_id, info.suggestion_id,
                                              name="Walking", unit="m",
                                              direction=MetricDirection.LOWER_IS_BETTER)
    services.measurements.add_measurements(site.supervisor_id, metric.id,
                                           MeasurementPhase.BEFORE, [8])
    services.measurements.add_measurements(site.supervisor_id, metric.id,
                                           MeasurementPhase.AFTER, [2])
    services.pdca.move(site.supervisor_id, cycle_id, A)  # Check: 4 days
    clock.advance(days=1)
    services.pdca.decide(site.supervisor_id, cycle_id, decision=ActDecision.ADOPT,
                         standard_change="New standard.")
    services.pdca.move(site.supervisor_id, cycle_id, X)  # Act: 1 day
    clock.advance(days=30)  # time after closing is not time spent working
    timing = board.timing(cycle_id)
    assert timing.durations == {P: timedelta(days=3), D: timedelta(days=8),
                                C: timedelta(days=4), A: timedelta(days=1)}
    assert timing.lead_time == timedelta(days=16)


def test_the_audit_trail_of_a_cycle_includes_its_actions(services: Services, site: Site,
                                                         clock) -> None:
    cycle_id = accepted(services, site, "Audited")
    clock.advance(hours=1)
    plan(services, site, cycle_id)
    clock.advance(hours=1)
    action = services.pdca.add_action(site.supervisor_id, cycle_id, text="Buy it")
    clock.advance(hours=1)
    services.pdca.move(site.supervisor_id, cycle_id, D)
    other = accepted(services, site, "Someone else's")
    services.pdca.add_action(site.supervisor_id, other, text="Not mine")

    trail = services.board.audit_trail("pdca_cycle", cycle_id)
    assert [(e.entity, e.action) for e in trail] == [
        ("pdca_cycle", "open"), ("pdca_cycle", "update_plan"), ("pdca_action", "add"),
        ("pdca_cycle", "move"),
    ]
    assert trail[2].entity_id == action.id
    assert all(e.person_name == "Sam Supervisor" for e in trail)
    assert [e.at for e in trail] == sorted(e.at for e in trail)
    move = trail[-1]
    assert ("stage", "plan", "do") in move.changes
    plan_event = trail[1]
    # The plan started with the idea's "what to change" (issue 16); the plan refined it.
    assert ("countermeasure", "Mount a dispenser on the table.",
            "Mount a dispenser.") in plan_event.changes

    idea_trail = services.board.audit_trail("suggestion", services.pdca.get_cycle(
        cycle_id).suggestion_id)
    assert [e.action for e in idea_trail] == ["create", "accept"]
    with pytest.raises(ValidationError):
        services.board.audit_trail("pdca_cycle", "1")  # type: ignore[arg-type]


def test_a_cards_detail_is_one_read_of_what_the_single_calls_give(services: Services,
                                                                  site: Site, clock) -> None:
    """``cycle_detail`` (the card dialog's one read, issue 15) holds exactly what the single
    calls return: the cycle, its idea, the metrics, the timing, the audit trail and the people.
    """
    cycle_id = accepted(services, site, "Read once")
    clock.advance(days=2)
    plan(services, site, cycle_id)
    services.pdca.add_action(site.supervisor_id, cycle_id, text="Buy it")
    info = services.pdca.get_cycle(cycle_id)
    services.measurements.add_metric(site.supervisor_id, info.suggestion_id, name="Walking",
                                     unit="m", direction=MetricDirection.LOWER_IS_BETTER)
    clock.advance(hours=5)

    detail = services.board.cycle_detail(cycle_id)
    assert detail.cycle == services.pdca.get_cycle(cycle_id)
    assert detail.suggestion == services.suggestions.get(info.suggestion_id)
    assert detail.metrics == services.measurements.list_metrics(info.suggestion_id)
    # The plan's target "Walking (m)" made the metric (issue 16); adding it again adds another.
    assert [(m.name, m.unit) for m in detail.metrics] == [("Walking", "m"), ("Walking", "m")]
    assert detail.timing == services.board.timing(cycle_id)
    assert detail.timing.days_in_stage == 2
    assert detail.audit == services.board.audit_trail("pdca_cycle", cycle_id)
    assert [e.action for e in detail.audit] == ["open", "update_plan", "add"]
    assert detail.people == services.people.list_people()
    with pytest.raises(NotFound):
        services.board.cycle_detail(9999)
