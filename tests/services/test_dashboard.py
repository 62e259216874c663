"""Every dashboard figure against a plant built by hand, where each answer is worked out below.

The plant (see :func:`build_plant`): areas Site > Assembly > Line 1 and Site > Logistics; hourly
rates Site 20 (the site default), Assembly 30 (Line 1 inherits it), Logistics 60; eight active
people and one inactive. Rows are written straight through the ORM with exact times, so every
boundary is where the test says. The period is November 2026 (both ends included: from
1 November 00:00 up to, not including, 1 December 00:00); "now" is 20 November 2026 12:00.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import event

from kaizen.db.base import Base
from kaizen.db.engine import Database
from kaizen.db.models import (
    Area,
    PdcaAction,
    PdcaCycle,
    Person,
    SavingsEntry,
    StageChange,
    Suggestion,
    WasteObservation,
)
from kaizen.domain.enums import (
    AreaKind,
    PdcaStage,
    Role,
    SavingsKind,
    SuggestionStatus,
    WasteCategory,
)
from kaizen.domain.errors import ValidationError
from kaizen.services import Services
from kaizen.services.dashboard import DashboardFilter, DashboardService

from .factories import make_site
from .reads import transactions

NOW = datetime(2026, 11, 20, 12, 0, 0)
NOVEMBER = DashboardFilter(date(2026, 11, 1), date(2026, 11, 30))
OCTOBER = DashboardFilter(date(2026, 10, 1), date(2026, 10, 31))
D = datetime  # keeps the tables of rows below readable


@dataclass
class Plant:
    site_id: int
    assembly_id: int
    line_id: int
    logistics_id: int
    people: dict[str, int]
    ideas: dict[int, int]  # number in the tables below -> row id
    clock: Any  # the test's FixedClock, set to NOW


def build_plant(db: Database, clock: Any) -> Plant:
    """Build the plant with ``clock`` (a FixedClock), and leave the clock at NOW."""
    clock.now = datetime(2025, 1, 1, 8, 0)
    site = make_site(db, clock)
    site.people.update_settings(site.admin_id, default_hourly_rate=20.0, stale_after_days=10,
                                ageing_after_days=5)
    logistics = site.people.create_area(site.admin_id, name="Logistics",
                                        kind=AreaKind.DEPARTMENT, parent_id=site.site_id,
                                        hourly_rate=60.0).id
    people = {"admin": site.admin_id, "sam": site.supervisor_id, "stan": site.staff_id,
              "olga": site.other_staff_id}
    for name, home in (("paul", site.line_id), ("quinn", logistics), ("rita", logistics),
                       ("ted", logistics), ("ivy", site.line_id)):
        people[name] = site.people.create_person(site.admin_id, name=name.title(),
                                                 role=Role.STAFF, home_area_id=home).id
    site.people.set_active(site.admin_id, people["ivy"], False)
    L1, LOG, SITE, ASM = site.line_id, logistics, site.site_id, site.department_id
    S = SuggestionStatus
    # number: (submitter, area, created_at, status, closed_at)
    ideas: dict[int, tuple[str, int, datetime, SuggestionStatus, datetime | None]] = {
        # submitted in November
        1: ("stan", L1, D(2026, 11, 1, 0, 0, 0), S.SUBMITTED, None),  # first instant: in
        2: ("stan", L1, D(2026, 11, 5, 10), S.UNDER_REVIEW, None),
        3: ("olga", L1, D(2026, 11, 10), S.ACCEPTED, None),
        4: ("quinn", LOG, D(2026, 11, 30, 23, 59, 59), S.SUBMITTED, None),  # last second: in
        5: ("ivy", L1, D(2026, 11, 12), S.SUBMITTED, None),  # inactive submitter
        6: ("stan", LOG, D(2026, 11, 15), S.SUBMITTED, None),  # Line 1 person, Logistics idea
        # submitted outside November
        7: ("paul", L1, D(2026, 10, 31, 23, 59, 59), S.SUBMITTED, None),  # just before
        8: ("rita", LOG, D(2026, 12, 1, 0, 0, 0), S.SUBMITTED, None),  # the excluded end
        9: ("ted", LOG, D(2025, 12, 15), S.SUBMITTED, None),  # last year
        10: ("olga", L1, D(2026, 3, 1), S.SUBMITTED, None),
        # decided (closed) ideas
        11: ("stan", L1, D(2026, 9, 1, 8), S.STANDARDISED, D(2026, 11, 6, 8)),  # 66 days
        12: ("olga", L1, D(2026, 10, 1), S.STANDARDISED, D(2026, 11, 11, 12)),  # 41.5 days
        13: ("quinn", LOG, D(2026, 6, 1), S.STANDARDISED, D(2026, 11, 30, 23)),  # 182 d 23 h
        14: ("paul", L1, D(2026, 8, 1), S.REJECTED, D(2026, 11, 2)),
        15: ("rita", LOG, D(2026, 7, 1), S.ABANDONED, D(2026, 11, 20)),
        16: ("ted", LOG, D(2026, 2, 1), S.STANDARDISED, D(2026, 10, 31, 12)),  # 272.5 days
        17: ("stan", L1, D(2025, 11, 1), S.REJECTED, D(2026, 3, 1)),
        18: ("olga", L1, D(2026, 5, 1), S.STANDARDISED, D(2026, 12, 1, 0, 0, 0)),  # excluded
        # ideas running PDCA cycles, submitted long ago (outside every range counted)
        21: ("stan", L1, D(2025, 6, 1), S.ACCEPTED, None),
        22: ("quinn", LOG, D(2025, 6, 1), S.ACCEPTED, None),
        23: ("olga", L1, D(2025, 6, 1), S.ACCEPTED, None),
        24: ("ted", LOG, D(2025, 6, 1), S.STANDARDISED, D(2025, 10, 5)),
        25: ("rita", LOG, D(2025, 6, 1), S.ACCEPTED, None),
    }
    ids: dict[int, int] = {}
    with db.write() as s:
        for number, (who, area, created, status, closed) in ideas.items():
            row = Suggestion(title=f"Idea {number}", submitter_id=people[who], area_id=area,
                             created_at=created, updated_at=closed or created, status=status,
                             closed_at=closed, implementation_cost=250.0)
            s.add(row)
            s.flush()
            ids[number] = row.id
        # yearly cost = (minutes / 60 x rate + cost) x per week x 52
        for category, area, seen, minutes, per_week, cost in (
            (WasteCategory.WAITING, L1, D(2026, 11, 3), 6, 10, None),  # 3 x 10 x 52 = 1560
            (WasteCategory.WAITING, LOG, D(2026, 11, 4), 5, 2, 10.0),  # 15 x 2 x 52 = 1560
            (WasteCategory.MOTION, L1, D(2026, 11, 30, 23, 59), 2, 20, None),  # 1 x 20 x 52
            (WasteCategory.DEFECTS, SITE, D(2026, 11, 10), 0, 1, 50.0),  # 50 x 52 = 2600
            (WasteCategory.TRANSPORT, ASM, D(2026, 11, 12), 3, 5, None),  # 1.5 x 5 x 52 = 390
            (WasteCategory.INVENTORY, L1, D(2026, 10, 31, 23, 59), 60, 10, None),  # 15600
            (WasteCategory.OVERPRODUCTION, L1, D(2026, 12, 1), 60, 10, None),  # out of range
        ):
            s.add(WasteObservation(category=category, area_id=area, observer_id=people["stan"],
                                   observed_at=seen, description="Seen", created_at=seen,
                                   minutes_per_occurrence=float(minutes),
                                   occurrences_per_week=float(per_week),
                                   cost_per_occurrence=cost))
        boss = people["sam"]
        entries: dict[str, SavingsEntry] = {}
        for key, number, month, amount, kind, forecast, validated in (
            ("a", 11, "2026-11", 100.0, SavingsKind.HARD, False, True),
            ("b", 11, "2026-11", 50.0, SavingsKind.SOFT, False, False),  # not validated
            ("c", 11, "2026-11", 500.0, SavingsKind.HARD, True, False),  # a forecast
            ("d", 13, "2026-11", 30.0, SavingsKind.AVOIDANCE, False, True),
            ("e", 16, "2026-10", 200.0, SavingsKind.HARD, False, True),
            ("f", 12, "2026-12", 70.0, SavingsKind.HARD, False, True),  # after the period
            ("g", 17, "2025-12", 40.0, SavingsKind.HARD, False, True),  # last year
        ):
            entry = SavingsEntry(suggestion_id=ids[number], month=month, amount=amount,
                                 kind=kind, is_forecast=forecast, created_by_id=boss,
                                 created_at=D(2026, 11, 1),
                                 validated_by_id=boss if validated else None,
                                 validated_at=D(2026, 11, 2) if validated else None)
            s.add(entry)
            s.flush()
            entries[key] = entry
        s.add(SavingsEntry(suggestion_id=ids[11], month="2026-11", amount=-20.0,
                           kind=SavingsKind.HARD, corrects_id=entries["a"].id, note="Fix",
                           created_by_id=boss, created_at=D(2026, 11, 3),
                           validated_by_id=boss, validated_at=D(2026, 11, 3)))

        P, DO, C, A, DONE = (PdcaStage.PLAN, PdcaStage.DO, PdcaStage.CHECK, PdcaStage.ACT,
                             PdcaStage.DONE)
        cycles: dict[str, PdcaCycle] = {}
        # name: (idea, moves, closed_at); the stage and its entry time are the last move.
        for name, number, moves, closed in (
            # Do for exactly 10 days at NOW: stale (the threshold is inclusive); at 1 Nov it
            # had been in Plan for 7 days only.
            ("c1", 21, [(P, D(2026, 10, 25)), (DO, D(2026, 11, 10, 12))], None),
            # Do for 10 days less one second: not stale; started after 1 November.
            ("c2", 22, [(P, D(2026, 11, 2)), (DO, D(2026, 11, 10, 12, 0, 1))], None),
            ("c3", 23, [(P, D(2026, 9, 1))], None),  # in Plan for 80 days: stale all along
            ("c4", 24, [(P, D(2025, 8, 1)), (DO, D(2025, 9, 1)), (C, D(2025, 9, 15)),
                        (A, D(2025, 10, 1)), (DONE, D(2025, 10, 5))], D(2025, 10, 5)),
            # In Plan 47 days at 1 November (stale then), in Do for 5 days now (not stale).
            ("c5", 25, [(P, D(2026, 9, 15)), (DO, D(2026, 11, 15, 12))], None),
        ):
            cycle = PdcaCycle(suggestion_id=ids[number], number=1, stage=moves[-1][0],
                              stage_entered_at=moves[-1][1], started_at=moves[0][1],
                              closed_at=closed, why_chain=[])
            s.add(cycle)
            s.flush()
            previous = None
            for stage, at in moves:
                s.add(StageChange(cycle_id=cycle.id, from_stage=previous, to_stage=stage,
                                  person_id=boss, at=at))
                previous = stage
            cycles[name] = cycle
        for cycle, due, done in (
            ("c1", date(2026, 11, 19), None),  # overdue now
            ("c1", date(2026, 11, 20), None),  # due today: not overdue
            ("c1", date(2026, 11, 10), D(2026, 11, 12)),  # done
            ("c3", date(2026, 11, 1), None),  # overdue now
            ("c2", date(2026, 11, 15), None),  # overdue now (Logistics)
            ("c4", date(2025, 9, 1), None),  # on a closed cycle
            ("c3", None, None),  # no due date
            ("c3", date(2026, 10, 20), D(2026, 11, 5)),  # overdue on 31 Oct, done since
            ("c5", date(2026, 10, 30), None),  # overdue on 31 Oct and now (Logistics)
        ):
            s.add(PdcaAction(cycle_id=cycles[cycle].id, text="Do it", due_date=due,
                             done_at=done))
    clock.now = NOW
    return Plant(site_id=SITE, assembly_id=ASM, line_id=L1, logistics_id=LOG, people=people,
                 ideas=ids, clock=clock)


@pytest.fixture
def plant(db: Database, clock: Any) -> Plant:
    return build_plant(db, clock)


@pytest.fixture
def dashboard(db: Database, plant: Plant) -> DashboardService:
    return DashboardService(db, plant.clock)


# --- the period: November 2026, the whole site -------------------------------------------------


def test_ideas_submitted_counts_both_ends_of_the_period(dashboard: DashboardService) -> None:
    # Ideas 1-6 (1 at the first instant, 4 at the last second, 5 by an inactive person); not 7
    # (one second before) nor 8 (the midnight after the last day).
    assert dashboard.figures(NOVEMBER).period.ideas_submitted.value == 6


def test_ideas_per_person_per_year_and_participation(dashboard: DashboardService) -> None:
    period = dashboard.figures(NOVEMBER).period
    # Active: admin, Sam, Stan, Olga, Paul, Quinn, Rita, Ted = 8 (Ivy is inactive).
    assert period.active_people == 8
    # 6 ideas / 8 people over 30 days, annualised: 6 / 8 x 365 / 30 = 9.125.
    assert period.ideas_per_person_year.value == pytest.approx(9.125)
    # Stan, Olga and Quinn submitted (Ivy is not active): 3 of 8 = 37.5 %.
    assert period.participation.value == pytest.approx(0.375)
    assert (period.participation.numerator, period.participation.denominator) == (3, 8)


def test_implementation_rate_is_standardised_over_decided(dashboard: DashboardService) -> None:
    rate = dashboard.figures(NOVEMBER).period.implementation_rate
    # Closed in November: 11, 12, 13 standardised, 14 rejected, 15 abandoned (16 closed on
    # 31 October, 18 at the excluded midnight; 3 is accepted, still running).
    assert (rate.numerator, rate.denominator) == (3, 5)
    assert rate.value == pytest.approx(0.6)


def test_median_days_to_done_takes_the_middle_one(dashboard: DashboardService) -> None:
    # 41.5 (12), 66 (11) and 182 days 23 hours (13): the middle one is 66.
    assert dashboard.figures(NOVEMBER).period.median_days_to_done.value == pytest.approx(66.0)


def test_validated_savings_count_validated_actuals_of_the_period(
    dashboard: DashboardService,
) -> None:
    # November: 100 (validated) - 20 (its validated correction) + 30 = 110; not the unvalidated
    # 50, not the 500 forecast, not October's 200 nor December's 70.
    assert dashboard.figures(NOVEMBER).period.validated_savings.value == pytest.approx(110.0)


def test_a_month_counts_when_the_period_touches_it(dashboard: DashboardService) -> None:
    mid = DashboardFilter(date(2026, 10, 15), date(2026, 11, 14))
    # October (200) and November (110).
    figures = dashboard.figures(mid)
    assert figures.period.validated_savings.value == pytest.approx(310.0)
    drill = figures.period.validated_savings.drilldown
    assert (drill.target, drill.month_from, drill.month_to, drill.validated_only) == (
        "savings", "2026-10", "2026-11", True)


def test_top_wastes_are_the_three_costliest_of_the_period(dashboard: DashboardService) -> None:
    top = dashboard.figures(NOVEMBER).period.top_wastes
    assert [(t.category, t.count) for t in top] == [
        (WasteCategory.WAITING, 2), (WasteCategory.DEFECTS, 1), (WasteCategory.MOTION, 1)
    ]
    # Waiting: 6/60 x 30 x 10 x 52 = 1560 on Line 1, (5/60 x 60 + 10) x 2 x 52 = 1560 in
    # Logistics; Defects: 50 x 52 = 2600 (Site, no minutes); Motion: 2/60 x 30 x 20 x 52 = 1040.
    assert [t.yearly_cost for t in top] == pytest.approx([3120.0, 2600.0, 1040.0])
    assert top[0].label == "Waiting"


# --- snapshots: overdue actions and stalled cards ------------------------------------------------


def test_overdue_actions_as_of_today(dashboard: DashboardService) -> None:
    figures = dashboard.figures(NOVEMBER)
    # The period ends after today, so the snapshot is taken now (20 November).
    assert figures.as_of == date(2026, 11, 20)
    # c1's action due 19 Nov, c3's due 1 Nov, c2's due 15 Nov, c5's due 30 Oct. Not: due today,
    # done, on the closed c4, without a due date, or done on 5 Nov.
    assert figures.overdue_actions.value == 4
    assert figures.overdue_actions.drilldown.only_overdue
    assert figures.overdue_actions.drilldown.target == "board"


def test_stalled_cards_as_of_today(dashboard: DashboardService) -> None:
    figures = dashboard.figures(NOVEMBER)
    # c1: 10 days in Do (inclusive threshold), c3: 80 days in Plan. Not c2 (a second short),
    # c4 (closed), c5 (5 days in Do).
    assert figures.stalled_cards.value == 2
    assert figures.stale_after_days == 10
    assert figures.stalled_cards.drilldown.stale_after_days == 10


def test_a_past_period_is_judged_as_it_stood_when_it_ended(dashboard: DashboardService) -> None:
    figures = dashboard.figures(OCTOBER)
    assert figures.as_of == date(2026, 10, 31)
    # At midnight after 31 October: c3's action due 20 Oct (done only on 5 Nov) and c5's due
    # 30 Oct; c2 had not started.
    assert figures.overdue_actions.value == 2
    # c3 (61 days in Plan) and c5 (47 days in Plan then, though in Do for 5 days now); c1 had
    # been in Plan for 7 days.
    assert figures.stalled_cards.value == 2


# --- the year to date ----------------------------------------------------------------------------


def test_year_to_date_figures(dashboard: DashboardService) -> None:
    ytd = dashboard.figures(NOVEMBER).year_to_date
    assert (ytd.start, ytd.end) == (date(2026, 1, 1), date(2026, 11, 30))
    # Created in 2026 up to 30 Nov: 1-6, 7, 10, 11-16 and 18 = 15 (not 8, 9, 17, nor 21-25).
    assert ytd.ideas_submitted.value == 15
    # 15 / 8 x 365 / 334 days.
    assert ytd.ideas_per_person_year.value == pytest.approx(15 / 8 * 365 / 334)
    # Stan, Olga, Quinn, Paul (7), Rita (15), Ted (16): 6 of 8.
    assert ytd.participation.value == pytest.approx(0.75)
    # November's five plus 16 (standardised 31 Oct) and 17 (rejected 1 Mar): 4 of 7.
    assert (ytd.implementation_rate.numerator, ytd.implementation_rate.denominator) == (4, 7)
    # 41.5, 66, 182.958, 272.5: the mean of the middle two.
    assert ytd.median_days_to_done.value == pytest.approx((66 + 182 + 23 / 24) / 2)
    # November's 110 and October's 200 (not 2025-12's 40 nor 2026-12's 70).
    assert ytd.validated_savings.value == pytest.approx(310.0)
    # Inventory, 60/60 x 30 x 10 x 52 = 15600, seen on 31 October, leads the year.
    assert [(t.category, t.yearly_cost) for t in ytd.top_wastes] == [
        (WasteCategory.INVENTORY, pytest.approx(15600.0)),
        (WasteCategory.WAITING, pytest.approx(3120.0)),
        (WasteCategory.DEFECTS, pytest.approx(2600.0)),
    ]


def test_a_period_that_is_the_year_to_date_gives_the_same_figures(
    dashboard: DashboardService,
) -> None:
    figures = dashboard.figures(DashboardFilter(date(2026, 1, 1), date(2026, 11, 30)))
    assert figures.period == figures.year_to_date
    assert figures.period.ideas_submitted.value == 15


# --- area filter (with sub-areas) ----------------------------------------------------------------


def test_assembly_includes_line_1_and_leaves_out_logistics_and_the_site(
    plant: Plant, dashboard: DashboardService,
) -> None:
    figures = dashboard.figures(DashboardFilter(NOVEMBER.period_start, NOVEMBER.period_end,
                                                plant.assembly_id))
    period = figures.period
    # Ideas 1, 2, 3 and 5 are on Line 1, below Assembly; 4 and 6 are in Logistics.
    assert period.ideas_submitted.value == 4
    # People at home in Assembly or Line 1: Sam, Stan, Olga, Paul = 4 (Ivy inactive).
    assert period.active_people == 4
    assert period.ideas_per_person_year.value == pytest.approx(4 / 4 * 365 / 30)
    # Stan and Olga submitted: 2 of 4.
    assert period.participation.value == pytest.approx(0.5)
    # 11 and 12 standardised, 14 rejected: 2 of 3; median of 41.5 and 66.
    assert period.implementation_rate.value == pytest.approx(2 / 3)
    assert period.median_days_to_done.value == pytest.approx((41.5 + 66) / 2)
    # 100 - 20 on idea 11 (Line 1); idea 13's 30 is in Logistics.
    assert period.validated_savings.value == pytest.approx(80.0)
    # Waiting on Line 1 (1560), Motion (1040), Transport in Assembly itself (390); the Site's
    # Defects is above Assembly.
    assert [(t.category, t.yearly_cost) for t in period.top_wastes] == [
        (WasteCategory.WAITING, pytest.approx(1560.0)),
        (WasteCategory.MOTION, pytest.approx(1040.0)),
        (WasteCategory.TRANSPORT, pytest.approx(390.0)),
    ]
    # c1 (due 19 Nov) and c3 (due 1 Nov); c1 and c3 are stalled.
    assert figures.overdue_actions.value == 2
    assert figures.stalled_cards.value == 2
    assert period.ideas_submitted.drilldown.area_id == plant.assembly_id


def test_logistics_counts_people_by_home_area_and_ideas_by_their_area(
    plant: Plant, dashboard: DashboardService,
) -> None:
    figures = dashboard.figures(DashboardFilter(NOVEMBER.period_start, NOVEMBER.period_end,
                                                plant.logistics_id))
    period = figures.period
    assert period.ideas_submitted.value == 2  # 4 and 6
    assert period.active_people == 3  # Quinn, Rita, Ted
    # Quinn; Stan's idea 6 is in Logistics but Stan belongs to Line 1.
    assert period.participation.value == pytest.approx(1 / 3)
    assert period.implementation_rate.value == pytest.approx(0.5)  # 13 of 13 and 15
    assert period.median_days_to_done.value == pytest.approx(182 + 23 / 24)
    assert period.validated_savings.value == pytest.approx(30.0)
    assert figures.overdue_actions.value == 2  # c2 and c5
    assert figures.stalled_cards.value == 0
    past = dashboard.figures(DashboardFilter(OCTOBER.period_start, OCTOBER.period_end,
                                             plant.logistics_id))
    assert past.stalled_cards.value == 1  # c5, in Plan for 47 days then
    assert past.overdue_actions.value == 1  # c5's action due 30 Oct


def test_a_line_is_its_own_subtree(plant: Plant, dashboard: DashboardService) -> None:
    period = dashboard.figures(DashboardFilter(NOVEMBER.period_start, NOVEMBER.period_end,
                                               plant.line_id)).period
    assert period.ideas_submitted.value == 4
    assert period.active_people == 3  # Stan, Olga, Paul; Sam's home is Assembly


# --- empty figures, drilldowns, refusals, and how it is computed ---------------------------------


def test_figures_without_data_are_none_not_zero(plant: Plant, db: Database) -> None:
    empty = DashboardFilter(date(2020, 1, 1), date(2020, 1, 31))
    figures = DashboardService(db, plant.clock).figures(empty)
    assert figures.period.ideas_submitted.value == 0
    assert figures.period.implementation_rate.value is None
    assert figures.period.median_days_to_done.value is None
    assert figures.period.validated_savings.value == 0
    assert figures.period.top_wastes == ()
    assert figures.period.participation.value == 0


def test_an_area_without_people_has_no_rates(plant: Plant, db: Database) -> None:
    site = Services.create(db, plant.clock)
    empty = site.people.create_area(plant.people["admin"], name="Paint shop",
                                    kind=AreaKind.DEPARTMENT, parent_id=plant.site_id).id
    period = DashboardService(db, plant.clock).figures(
        DashboardFilter(date(2026, 11, 1), date(2026, 11, 30), empty)).period
    assert period.active_people == 0
    assert period.ideas_per_person_year.value is None
    assert period.participation.value is None


def test_drilldowns_open_the_lists_the_figures_count(plant: Plant, db: Database) -> None:
    services = Services.create(db, plant.clock)
    flt = DashboardFilter(NOVEMBER.period_start, NOVEMBER.period_end, plant.assembly_id)
    figures = services.dashboard.figures(flt)
    submitted = figures.period.ideas_submitted
    idea_filter = submitted.drilldown.idea_filter()
    assert idea_filter is not None
    assert services.suggestions.count(idea_filter) == submitted.value
    for waste in figures.period.top_wastes:
        obs_filter = waste.drilldown.observation_filter()
        assert obs_filter is not None
        assert services.observations.count(obs_filter) == waste.count
    decided = figures.period.implementation_rate.drilldown
    assert decided.date_field == "closed"
    assert set(decided.statuses) == {SuggestionStatus.STANDARDISED, SuggestionStatus.ABANDONED,
                                     SuggestionStatus.REJECTED}
    # "Closed in the period" is a filter of the ideas list too: 11, 12 and 14 in Assembly.
    decided_filter = decided.idea_filter()
    assert decided_filter is not None and decided_filter.closed_from == NOVEMBER.period_start
    assert services.suggestions.count(decided_filter) == 3
    assert figures.period.implementation_rate.denominator == 3
    done = figures.period.median_days_to_done.drilldown
    assert done.statuses == (SuggestionStatus.STANDARDISED,)
    assert services.suggestions.count(done.idea_filter()) == 2  # 11 and 12
    stalled = figures.stalled_cards.drilldown
    assert stalled.only_stalled
    board_filter = stalled.board_filter()
    assert board_filter is not None and board_filter.stalled_only
    snapshot = services.board.cards(board_filter)
    assert sum(len(cards) for cards in snapshot.columns.values()) == figures.stalled_cards.value


@pytest.mark.parametrize(("flt", "field"), [
    (DashboardFilter(date(2026, 11, 30), date(2026, 11, 1)), "period_end"),
    (DashboardFilter("2026-11-01", date(2026, 11, 1)), "period_start"),  # type: ignore[arg-type]
    (DashboardFilter(date(2026, 11, 1), date(2026, 11, 30), 9999), "area_id"),
    (DashboardFilter(date(2026, 11, 1), date(2026, 11, 30), True), "area_id"),
])
def test_bad_filters_are_refused_naming_the_field(dashboard: DashboardService, flt: Any,
                                                  field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        dashboard.figures(flt)
    assert caught.value.field == field


def test_the_figures_are_aggregated_in_sql_not_loaded_as_objects(
    dashboard: DashboardService,
) -> None:
    loaded: list[str] = []

    def on_load(target: Any, _context: Any) -> None:
        loaded.append(type(target).__name__)

    event.listen(Base, "load", on_load, propagate=True)
    try:
        dashboard.figures(NOVEMBER)
    finally:
        event.remove(Base, "load", on_load)
    # The settings rows and the one area checked are all; no idea, observation, person,
    # savings entry, cycle or action is ever an object.
    assert set(loaded) <= {"Setting", "Area"}
    assert not {Suggestion.__name__, WasteObservation.__name__, Person.__name__,
                SavingsEntry.__name__, PdcaCycle.__name__, PdcaAction.__name__} & set(loaded)
    assert Area.__name__ not in loaded or loaded.count("Area") <= 1


def test_services_bundle_the_dashboard_and_analytics(db: Database, plant: Plant) -> None:
    services = Services.create(db, plant.clock)
    assert services.dashboard.figures(NOVEMBER).period.ideas_submitted.value == 6
    assert services.analytics.waste_pareto(NOVEMBER)[0].category is WasteCategory.WAITING


def test_the_screen_is_one_read_of_figures_areas_site_name_and_currency(
    dashboard: DashboardService, db: Database, plant: Plant,
) -> None:
    """Issue 15: the Dashboard page asks once; everything it shows comes from one transaction
    (Anki's ``browser_row_for_id`` shape: the screen asks, the backend assembles)."""
    with transactions(db) as begun:
        screen = dashboard.screen(NOVEMBER)
    assert begun == [1]
    # The same figures as the figures read on its own, the worked-out November ones.
    assert screen.figures == dashboard.figures(NOVEMBER)
    assert screen.figures.period.ideas_submitted.value == 6
    # The areas of the plant, in tree order, with the settings the page shows.
    assert [(a.id, a.name) for a in screen.areas][:1] == [(plant.site_id, "Plant 1")]
    assert {a.id for a in screen.areas} == {plant.site_id, plant.assembly_id, plant.line_id,
                                            plant.logistics_id}
    assert (screen.site_name, screen.currency) == ("Plant 1", "EUR")


def test_the_screen_refuses_a_bad_filter_naming_the_field(dashboard: DashboardService) -> None:
    with pytest.raises(ValidationError) as caught:
        dashboard.screen(DashboardFilter(date(2026, 11, 1), date(2026, 11, 30), 9999))
    assert caught.value.field == "area_id"
