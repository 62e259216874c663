"""Scenarios (kaizen/services/scenarios.py): stored with their changes, refused when they break
the map, simulated and recorded, attached to an idea as its savings forecast (audited), and set
against the process's lead-time KPI after the change. On SQLite and PostgreSQL.

Queueing figures used (Kleinrock, Queueing Systems vol. 1, sections 3.2 and 3.5): M/M/1 with
arrival rate lambda = 1/min and service rate mu = 1.25/min has lead time W = 1/(mu - lambda) = 4
min; M/M/2 with the same rates has a = lambda/mu = 0.8, rho = 0.4,
P0 = 1/(1 + a + a^2/(2(1 - rho))) = 0.428571, Erlang C = a^2/(2(1 - rho)) P0 = 0.228571,
W = 1/mu + C/(2 mu - lambda) = 0.8 + 0.152381 = 0.952381 min.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from kaizen.db.models import AuditEvent, Scenario
from kaizen.domain.errors import Conflict, PermissionDenied, ValidationError
from kaizen.domain.kpis import KpiKind
from kaizen.services.kpis import KpiService
from kaizen.services.measurements import MeasurementService
from kaizen.services.pdca import PdcaService
from kaizen.services.processes import ProcessService
from kaizen.services.scenarios import HOURS_PER_YEAR, ScenarioService
from kaizen.simulation import RunOptions, compare
from kaizen.simulation.scenario import AddResources

from .factories import idea
from .process_factories import standardise

MM1 = {
    "name": "Counter", "time_unit": "minute",
    "arrivals": {"distribution": "exponential", "mean": 1.0},
    "steps": [{"name": "Serve", "value": "value-adding", "resources": 1,
               "duration": {"distribution": "exponential", "mean": 0.8}}],
    "flows": [{"from": "start", "to": "Serve"}, {"from": "Serve", "to": "end"}],
}
OPTIONS = RunOptions(replications=5, horizon=20_000.0, warmup=2_000.0, seed=7)


@pytest.fixture
def scenarios(db, clock) -> ScenarioService:
    return ScenarioService(db, clock)


@pytest.fixture
def counter(site, db, clock):
    return ProcessService(db, clock).create_process(
        site.supervisor_id, name="Counter", area_id=site.line_id, document=MM1)


def _run(scenarios, site, scenario_id):
    current, changed = scenarios.models(scenario_id)
    comparison = compare(current, changed, OPTIONS)
    return scenarios.record_results(site.supervisor_id, scenario_id, comparison, OPTIONS)


def test_a_scenario_is_stored_with_its_changes_and_a_broken_one_is_refused(
        site, scenarios, counter) -> None:
    made = scenarios.create(site.supervisor_id, counter.map.id, name="Two clerks",
                            changes=[{"change": "add_resources", "step": "Serve", "count": 1}])
    assert made.changes == ({"change": "add_resources", "step": "Serve", "count": 1},)
    assert made.descriptions == ("Add 1 resource to Serve",) and made.results is None
    assert [s.name for s in scenarios.list_for_map(counter.map.id)] == ["Two clerks"]
    with pytest.raises(Conflict):
        scenarios.create(site.supervisor_id, counter.map.id, name="two CLERKS", changes=[])
    with pytest.raises(ValidationError) as caught:
        scenarios.create(site.supervisor_id, counter.map.id, name="Bad",
                         changes=[{"change": "add_resources", "step": "Nowhere", "count": 1}])
    assert caught.value.field == "changes[0]"
    with pytest.raises(ValidationError) as caught:
        scenarios.create(site.supervisor_id, counter.map.id, name="Bad",
                         changes=[{"change": "teleport"}])
    assert caught.value.field == "changes[0]"
    with pytest.raises(PermissionDenied):
        scenarios.create(site.staff_id, counter.map.id, name="Mine", changes=[])
    assert len(scenarios.list_for_map(counter.map.id)) == 1
    # New changes clear the old results and are audited.
    updated = scenarios.update_changes(site.supervisor_id, made.id,
                                       [AddResources("Serve", 2)])
    assert updated.changes[0]["count"] == 2 and updated.version == made.version + 1


def test_results_and_the_forecast_written_into_the_idea(site, scenarios, counter, db) -> None:
    made = scenarios.create(site.supervisor_id, counter.map.id, name="Two clerks",
                            changes=[AddResources("Serve", 1)])
    idea = site.suggestions.create(site.staff_id, _idea(site))
    with pytest.raises(ValidationError):  # not run yet
        scenarios.attach_forecast(site.supervisor_id, made.id, idea.id)
    ran = _run(scenarios, site, made.id)
    lead = ran.results["comparison"]["lead_time"]
    # The simulation is near queueing theory (see the module docstring), within 10%.
    assert lead["current"]["mean"] == pytest.approx(4.0, rel=0.10)
    assert lead["scenario"]["mean"] == pytest.approx(0.952381, rel=0.10)
    assert lead["real"] is True
    forecast = scenarios.attach_forecast(site.supervisor_id, made.id, idea.id)
    # By hand from the stored figures: saved minutes per case / 60 x cases a year x 30/h
    # (the line inherits its department's rate).
    saved = lead["current"]["mean"] - lead["scenario"]["mean"]
    cases = ran.results["comparison"]["throughput"]["scenario"]["mean"] * 60 * HOURS_PER_YEAR
    assert forecast.lead_time_saved == pytest.approx(saved)
    assert forecast.hours_per_year == pytest.approx(saved / 60 * cases)
    assert forecast.amount_per_year == pytest.approx(round(saved / 60 * cases * 30.0, 2))
    assert site.suggestions.get(idea.id).expected_savings == forecast.amount_per_year
    info = scenarios.get(made.id)
    assert info.suggestion_id == idea.id and info.forecast_amount == forecast.amount_per_year
    with db.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.entity == "suggestion",
                                                   AuditEvent.action == "forecast")).one()
        assert event.entity_id == idea.id and event.person_id == site.supervisor_id
        assert event.after == {"expected_savings": forecast.amount_per_year}


def test_a_scenario_that_saves_nothing_forecasts_nothing(site, scenarios, counter) -> None:
    made = scenarios.create(site.supervisor_id, counter.map.id, name="Same",
                            changes=[{"change": "scale_demand", "factor": 1.1}])
    _run(scenarios, site, made.id)
    idea = site.suggestions.create(site.staff_id, _idea(site))
    before = site.suggestions.get(idea.id).expected_savings
    with pytest.raises(ValidationError) as caught:
        scenarios.attach_forecast(site.supervisor_id, made.id, idea.id)
    assert caught.value.field == "scenario"
    assert site.suggestions.get(idea.id).expected_savings == before
    assert scenarios.get(made.id).suggestion_id is None


def test_forecast_check_against_the_lead_time_kpi(site, scenarios, counter, db, clock) -> None:
    made = scenarios.create(site.supervisor_id, counter.map.id, name="Two clerks",
                            changes=[AddResources("Serve", 1)])
    assert "no lead-time KPI" in scenarios.forecast_check(made.id).status
    kpis = KpiService(db, clock)
    series = kpis.add_series(site.supervisor_id, counter.process.id, kind=KpiKind.LEAD_TIME,
                             unit="min")
    start = clock.now - timedelta(days=40)
    kpis.add_points(site.supervisor_id, series.id,
                    [(start + timedelta(days=i), v) for i, v in enumerate([4, 5, 4, 3, 4])])
    clock.advance(days=1)
    idea_id = standardise(site, PdcaService(db, clock), MeasurementService(db, clock))
    after = clock.now + timedelta(hours=1)
    kpis.add_points(site.supervisor_id, series.id,
                    [(after + timedelta(days=i), v) for i, v in enumerate([1, 1.2, 0.8, 1])])
    _run(scenarios, site, made.id)
    assert "idea first" in scenarios.forecast_check(made.id).status
    scenarios.attach_forecast(site.supervisor_id, made.id, idea_id)
    check = scenarios.forecast_check(made.id)
    lead = check.scenario.results["comparison"]["lead_time"]
    assert check.kpi_unit == "min" and check.status == "compared"
    assert check.level_before == pytest.approx(4.0) and check.level_now == pytest.approx(1.0)
    assert check.saved_real == pytest.approx(3.0)
    assert check.forecast_in_kpi_unit == pytest.approx(lead["scenario"]["mean"])
    assert check.saved_forecast == pytest.approx(lead["current"]["mean"]
                                                 - lead["scenario"]["mean"])


def _idea(site):
    return idea(site)


def test_delete(site, scenarios, counter) -> None:
    made = scenarios.create(site.supervisor_id, counter.map.id, name="X", changes=[])
    scenarios.delete(site.supervisor_id, made.id)
    assert scenarios.list_for_map(counter.map.id) == []



def test_deleting_the_process_deletes_its_scenarios(site, scenarios, counter, db, clock) -> None:
    scenarios.create(site.supervisor_id, counter.map.id, name="X", changes=[])
    ProcessService(db, clock).delete_process(site.admin_id, counter.process.id)
    with db.read() as s:
        assert s.scalars(select(Scenario)).all() == []
