"""Demo-like data with long texts for the whole-window checks (text fits, marked texts):
ideas with long titles, one in Check with a long metric and 441,000 EUR validated, and wastes
costing six figures a year."""

from __future__ import annotations

from datetime import datetime

from pdca_factories import reach_check

from kaizen.domain.enums import MeasurementPhase, SavingsKind, WasteCategory
from kaizen.services import Services
from kaizen.services.observations import ObservationInput
from kaizen.services.suggestions import SuggestionInput
from ui.helpers import Team

LONG_METRIC = "Time to find the right changeover tool on the shadow board"
TITLE = "Pre-stage the dies and the clamping tools before each changeover {number}"


def long_texts_plant(services: Services, team: Team) -> tuple[int, int]:
    """Ideas with long titles, one in Check with a long metric and 441,000 EUR validated, and
    wastes costing six figures a year. Returns (idea id, metric id)."""
    area = team.staff.home_area_id
    sup, admin = team.supervisor.id, team.admin.id
    idea_id = 0
    for number in range(6):
        made = services.suggestions.create(team.staff.id, SuggestionInput(
            title=TITLE.format(number=number),
            problem="The press waits 40 minutes while the next die is fetched.",
            proposal="A cart with the next die and its tools, ready at the press.",
            area_id=area, expected_savings=120_000.0, implementation_cost=8_000.0))
        if number < 3:
            services.suggestions.accept(sup, made.id, owner_id=sup)
            idea_id = idea_id or made.id
    cycle = services.pdca.current_cycle(idea_id)
    assert cycle is not None
    info = services.pdca.update_plan(
        sup, cycle.id, problem_statement="The press waits for dies.", why_chain=[],
        root_cause="No set place", target_metric=f"{LONG_METRIC} (min)", target_from=40.0,
        target_to=10.0, target_by=None, countermeasure="A changeover cart.")
    assert info.target_metric_id is not None
    services.measurements.add_measurements(sup, info.target_metric_id,
                                           phase("before"), [41, 39, 44, 38, 40])
    reach_check(services.db, cycle.id)
    for month, amount in (("2026-09", 220_500.0), ("2026-10", 220_500.0)):
        entry = services.savings.add_entry(sup, idea_id, month=month, amount=amount,
                                           kind=SavingsKind.HARD)
        services.savings.validate(admin, entry.id, override_reason="Confirmed by finance")
    for category in (WasteCategory.OVER_PROCESSING, WasteCategory.TRANSPORT,
                     WasteCategory.MOTION, WasteCategory.WAITING):
        services.observations.create(team.staff.id, ObservationInput(
            category=category, area_id=area, description="Seen on the walk.",
            minutes_per_occurrence=30.0, occurrences_per_week=60.0, cost_per_occurrence=25.0,
            observed_at=datetime(2026, 11, 2, 8, 30)))
    return idea_id, info.target_metric_id


def phase(name: str) -> MeasurementPhase:
    return MeasurementPhase(name)
