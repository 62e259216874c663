"""A small plant with a known October 2026, for the report tests.

Areas Plant 1 > Assembly (30 EUR/h) > Line 1, and Plant 1 > Logistics (60 EUR/h); the site
default rate is 20. People: Ada Admin (Plant 1), Sam Supervisor (Assembly), Stan Staff and Olga
Other (Line 1), Quinn (Logistics). Rows are written through the ORM with exact times, so every
number the report shows can be worked out by hand; the tests also recompute them with plain
``sqlite3`` over the file. "Now" is 2 November 2026 09:00; the report is for October 2026.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from services.factories import make_site

from kaizen.db.engine import Database
from kaizen.db.models import (
    Measurement,
    Metric,
    PdcaCycle,
    SavingsEntry,
    StageChange,
    Suggestion,
    WasteObservation,
)
from kaizen.domain.enums import (
    ActDecision,
    AreaKind,
    MeasurementPhase,
    MetricDirection,
    PdcaStage,
    Role,
    SavingsKind,
    SuggestionStatus,
    WasteCategory,
)
from kaizen.services import Services

NOW = datetime(2026, 11, 2, 9, 0, 0)
MONTH = "2026-10"
D = datetime

# Samples of the one metric of idea 1 (cycle time in s, lower is better).
BEFORE = [12.0, 11.5, 12.5, 12.2, 11.8, 12.1, 11.9, 12.4]
AFTER = [9.1, 9.4, 8.8, 9.0, 9.3, 8.9, 9.2, 9.5]
# Idea 2's metric: too few samples to test.
FEW_BEFORE = [5.0, 6.0]
FEW_AFTER = [4.0, 4.5]


@dataclass
class Plant:
    services: Services
    db_url: str
    ideas: dict[int, int]
    people: dict[str, int]
    areas: dict[str, int]


def build_plant(db: Database, db_url: str, clock: Any, tmp_path: Path,
                titles: dict[int, str] | None = None) -> Plant:
    """Build the plant; ``titles`` replaces the title of numbered ideas (injection tests)."""
    clock.now = datetime(2025, 1, 1, 8, 0)
    site = make_site(db, clock)
    site.people.update_settings(site.admin_id, default_hourly_rate=20.0, stale_after_days=30,
                                ageing_after_days=14)
    logistics = site.people.create_area(site.admin_id, name="Logistics",
                                        kind=AreaKind.DEPARTMENT, parent_id=site.site_id,
                                        hourly_rate=60.0).id
    quinn = site.people.create_person(site.admin_id, name="Quinn", role=Role.STAFF,
                                      home_area_id=logistics).id
    people = {"admin": site.admin_id, "sam": site.supervisor_id, "stan": site.staff_id,
              "olga": site.other_staff_id, "quinn": quinn}
    areas = {"site": site.site_id, "assembly": site.department_id, "line": site.line_id,
             "logistics": logistics}
    L1, ASM, LOG, SITE = site.line_id, site.department_id, logistics, site.site_id
    S = SuggestionStatus
    # number: (submitter, area, created, status, closed, title)
    ideas = {
        1: ("stan", L1, D(2026, 10, 5, 10), S.STANDARDISED, D(2026, 10, 20, 15),
            "Shadow board for the press tools"),
        2: ("olga", L1, D(2026, 9, 10), S.ABANDONED, D(2026, 10, 25, 11), "Colour-coded bins"),
        3: ("stan", ASM, D(2026, 10, 12), S.SUBMITTED, None, "Label the trolleys"),
        4: ("sam", L1, D(2026, 10, 30, 16), S.SUBMITTED, None, "Second torque wrench"),
        5: ("olga", L1, D(2026, 9, 3), S.SUBMITTED, None, "Move the printer"),
        6: ("stan", L1, D(2026, 3, 1), S.STANDARDISED, D(2026, 9, 15), "Kanban for screws"),
        7: ("quinn", LOG, D(2026, 8, 1), S.ACCEPTED, None, "Milk run to Line 1"),
        8: ("olga", LOG, D(2026, 10, 8), S.ACCEPTED, None, "Fixed forklift route"),
        9: ("quinn", LOG, D(2026, 10, 31, 23, 59, 59), S.REJECTED, D(2026, 10, 31, 23, 59, 59),
            "Paint the floor"),
        10: ("stan", L1, D(2026, 11, 1, 0, 0, 0), S.SUBMITTED, None, "After the month"),
    }
    titles = titles or {}
    ids: dict[int, int] = {}
    boss = people["sam"]
    with db.write() as s:
        for number, (who, area, created, status, closed, title) in ideas.items():
            row = Suggestion(title=titles.get(number, title), submitter_id=people[who],
                             area_id=area, created_at=created, updated_at=closed or created,
                             status=status, closed_at=closed, implementation_cost=200.0,
                             owner_id=boss if status is not S.SUBMITTED else None)
            s.add(row)
            s.flush()
            ids[number] = row.id
        # yearly cost = (minutes / 60 x rate + cost) x per week x 52
        for category, area, seen, minutes, per_week, cost in (
            (WasteCategory.WAITING, L1, D(2026, 10, 3), 6, 10, None),  # 3 x 10 x 52 = 1560
            (WasteCategory.WAITING, LOG, D(2026, 10, 4), 5, 2, 10.0),  # 15 x 2 x 52 = 1560
            (WasteCategory.MOTION, L1, D(2026, 10, 31, 23, 59), 2, 20, None),  # 1 x 20 x 52
            (WasteCategory.DEFECTS, SITE, D(2026, 10, 10), 0, 1, 50.0),  # 50 x 52 = 2600
            (WasteCategory.INVENTORY, L1, D(2026, 9, 30, 23, 59), 60, 10, None),  # September
        ):
            s.add(WasteObservation(category=category, area_id=area, observer_id=people["stan"],
                                   observed_at=seen, description="Seen", created_at=seen,
                                   minutes_per_occurrence=float(minutes),
                                   occurrences_per_week=float(per_week),
                                   cost_per_occurrence=cost))
        entries: dict[str, SavingsEntry] = {}
        for key, number, month, amount, kind, forecast, validated in (
            ("a", 6, "2026-09", 1000.0, SavingsKind.HARD, False, True),
            ("b", 6, "2026-10", 1200.0, SavingsKind.HARD, False, True),
            ("c", 6, "2026-10", 300.0, SavingsKind.SOFT, False, False),  # not validated
            ("d", 6, "2026-10", 500.0, SavingsKind.HARD, True, False),  # a forecast
            ("e", 1, "2026-10", 250.5, SavingsKind.AVOIDANCE, False, True),
            ("f", 6, "2026-11", 900.0, SavingsKind.HARD, False, True),  # after the month
            ("g", 6, "2025-12", 40.0, SavingsKind.HARD, False, True),  # last year
        ):
            entry = SavingsEntry(suggestion_id=ids[number], month=month, amount=amount,
                                 kind=kind, is_forecast=forecast, created_by_id=boss,
                                 created_at=D(2026, 10, 28), note=f"Entry {key}",
                                 validated_by_id=boss if validated else None,
                                 validated_at=D(2026, 10, 29) if validated else None)
            s.add(entry)
            s.flush()
            entries[key] = entry
        s.add(SavingsEntry(suggestion_id=ids[6], month="2026-10", amount=-100.0,
                           kind=SavingsKind.HARD, corrects_id=entries["b"].id,
                           note="Overstated", created_by_id=boss, created_at=D(2026, 10, 30),
                           validated_by_id=boss, validated_at=D(2026, 10, 30)))

        P, DO, C, A, DONE = (PdcaStage.PLAN, PdcaStage.DO, PdcaStage.CHECK, PdcaStage.ACT,
                             PdcaStage.DONE)
        for number, moves, closed, decision in (
            (1, [(P, D(2026, 10, 6)), (DO, D(2026, 10, 8)), (C, D(2026, 10, 15)),
                 (A, D(2026, 10, 18)), (DONE, D(2026, 10, 20, 15))], D(2026, 10, 20, 15),
             ActDecision.ADOPT),
            (2, [(P, D(2026, 9, 12)), (DO, D(2026, 9, 20)), (C, D(2026, 10, 1)),
                 (A, D(2026, 10, 20)), (DONE, D(2026, 10, 25, 11))], D(2026, 10, 25, 11),
             ActDecision.ABANDON),
            # In Do since 1 September: 60 days at the end of October, stalled.
            (7, [(P, D(2026, 8, 5)), (DO, D(2026, 9, 1))], None, None),
            # In Plan since 9 October, moved to Do on 1 November: Plan at the end of October.
            (8, [(P, D(2026, 10, 9)), (DO, D(2026, 11, 1, 8))], None, None),
        ):
            cycle = PdcaCycle(suggestion_id=ids[number], number=1, stage=moves[-1][0],
                              stage_entered_at=moves[-1][1], started_at=moves[0][1],
                              closed_at=closed, act_decision=decision, why_chain=[])
            s.add(cycle)
            s.flush()
            previous = None
            for stage, at in moves:
                s.add(StageChange(cycle_id=cycle.id, from_stage=previous, to_stage=stage,
                                  person_id=boss, at=at))
                previous = stage
        for number, name, unit, before, after in (
            (1, "Cycle time", "s", BEFORE, AFTER),
            (2, "Bins found", "%", FEW_BEFORE, FEW_AFTER),
        ):
            metric = Metric(suggestion_id=ids[number], name=name, unit=unit,
                            direction=MetricDirection.LOWER_IS_BETTER,
                            created_at=D(2026, 10, 1))
            s.add(metric)
            s.flush()
            for phase, values in ((MeasurementPhase.BEFORE, before),
                                  (MeasurementPhase.AFTER, after)):
                for k, value in enumerate(values):
                    s.add(Measurement(metric_id=metric.id, phase=phase, value=value,
                                      measured_at=D(2026, 10, 1 + k), person_id=boss))
    clock.now = NOW
    services = Services.create(db, clock, attachments_dir=tmp_path / "photos")
    return Plant(services=services, db_url=db_url, ideas=ids, people=people, areas=areas)
