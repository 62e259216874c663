"""MetricStatisticsService and "savings follow proof" (issue 17).

The figures themselves are checked against published values in tests/domain/; here: the plan is
validated, audited and locked once after-data exist, the analysis assembles the verdict,
capability and chart, and savings are validated only on proof or with an audited reason.
"""

from __future__ import annotations

import pytest
from pdca_factories import World, audit_count, make_world, reach_check, row_counts
from sqlalchemy import select

from kaizen.db.engine import Database
from kaizen.db.models import AuditEvent
from kaizen.domain.enums import MeasurementPhase, MetricDirection, SavingsKind
from kaizen.domain.errors import Conflict, ValidationError
from kaizen.services.measurements import MeasurementService
from kaizen.services.metric_statistics import MetricStatisticsService
from kaizen.services.people import PeopleService
from kaizen.services.savings import SavingsService

BEFORE = [10.0, 11.0, 12.0, 10.5, 11.5, 12.2, 10.1, 11.1]
AFTER = [8.0, 9.0, 8.5, 9.1, 8.7, 9.5, 8.2, 8.9]


@pytest.fixture
def world(db: Database, clock) -> World:
    return make_world(db, clock())


@pytest.fixture
def stats(db: Database, clock) -> MetricStatisticsService:
    return MetricStatisticsService(db, clock)


@pytest.fixture
def measures(db: Database, clock) -> MeasurementService:
    return MeasurementService(db, clock)


def _metric(measures: MeasurementService, world: World) -> int:
    return measures.add_metric(world.supervisor_id, world.suggestion_id, name="Cycle time",
                               unit="min", direction=MetricDirection.LOWER_IS_BETTER).id


def test_plan_defaults_and_site_rule_set(stats, measures, world, db, clock) -> None:
    metric_id = _metric(measures, world)
    plan = stats.plan(metric_id)
    assert (plan.primary_test, plan.one_sided, plan.subgroup_size) == ("welch", False, 1)
    assert plan.rule_set == "western_electric" and plan.rule_set_is_default
    PeopleService(db, clock).update_settings(world.admin_id, spc_rule_set="nelson")
    assert stats.plan(metric_id).rule_set == "nelson"
    assert stats.set_plan(world.supervisor_id, metric_id,
                          rule_set="western_electric").rule_set_is_default is False


def test_plan_is_audited_and_locked_once_after_data_exist(stats, measures, world, db) -> None:
    metric_id = _metric(measures, world)
    plan = stats.set_plan(world.supervisor_id, metric_id, lsl=7.0, usl=13.0, target=10.0,
                          primary_test="mann_whitney", one_sided=True, target_change=1.5)
    assert (plan.lsl, plan.usl, plan.target, plan.primary_test, plan.one_sided) == (
        7.0, 13.0, 10.0, "mann_whitney", True)
    with db.read() as s:
        event = s.scalars(select(AuditEvent).where(
            AuditEvent.action == "set_statistics_plan")).one()
        before, after = event.before, event.after
    assert after["primary_test"] == "mann_whitney" and after["one_sided"] is True
    assert before["primary_test"] == "welch"
    measures.add_measurements(world.supervisor_id, metric_id, MeasurementPhase.AFTER, [9.0])
    with pytest.raises(Conflict, match="fixed before the after-data"):
        stats.set_plan(world.supervisor_id, metric_id, primary_test="welch")
    with pytest.raises(Conflict):
        stats.set_plan(world.supervisor_id, metric_id, one_sided=False)
    # Spec limits may still change (they do not choose the test).
    assert stats.set_plan(world.supervisor_id, metric_id, usl=14.0).usl == 14.0


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"lsl": 13.0, "usl": 7.0}, "usl"),
    ({"lsl": 7.0, "usl": 13.0, "target": 20.0}, "target"),
    ({"primary_test": "z-test"}, "primary_test"),
    ({"rule_set": "acme"}, "rule_set"),
    ({"subgroup_size": 40}, "subgroup_size"),
    ({"lsl": float("nan")}, "lsl"),
    ({"target_change": 0.0}, "target_change"),
])
def test_bad_plan_names_the_field_and_changes_nothing(stats, measures, world, db, kwargs,
                                                      field) -> None:
    metric_id = _metric(measures, world)
    counts, events = row_counts(db), audit_count(db)
    with pytest.raises(ValidationError) as err:
        stats.set_plan(world.supervisor_id, metric_id, **kwargs)
    assert err.value.field == field
    assert row_counts(db) == counts and audit_count(db) == events


def test_analysis_assembles_verdict_capability_and_chart(stats, measures, world) -> None:
    metric_id = _metric(measures, world)
    stats.set_plan(world.supervisor_id, metric_id, lsl=7.0, usl=13.0, target_change=1.0)
    measures.add_measurements(world.supervisor_id, metric_id, MeasurementPhase.BEFORE, BEFORE)
    measures.add_measurements(world.supervisor_id, metric_id, MeasurementPhase.AFTER, AFTER)
    result = stats.analysis(metric_id)
    assert result.verdict.status == "improved" and result.proven
    assert result.capability_before is not None and result.capability_after is not None
    assert result.capability_after.cpk.value > result.capability_before.cpk.value
    assert result.chart is not None and len(result.chart.points) == 16
    assert result.planned_n is not None
    # The after points all sit below the frozen before-limits' centre: a sustained shift.
    assert result.sustained_shift


def _entry(db, clock, world) -> tuple[SavingsService, int]:
    """An entry the supervisor entered on an idea in Check; the admin validates it."""
    reach_check(db, world.cycle_id)
    savings = SavingsService(db, clock)
    entry = savings.add_entry(world.supervisor_id, world.suggestion_id, month="2026-10",
                              amount=500, kind=SavingsKind.HARD)
    return savings, entry.id


def test_savings_without_proof_need_a_written_reason(db, clock, world) -> None:
    savings, entry_id = _entry(db, clock, world)
    counts, events = row_counts(db), audit_count(db)
    with pytest.raises(ValidationError, match="Savings follow proof") as err:
        savings.validate(world.admin_id, entry_id)
    assert err.value.field == "override_reason"
    assert row_counts(db) == counts and audit_count(db) == events
    done = savings.validate(world.admin_id, entry_id,
                            override_reason="Invoice from the scrap dealer shows it")
    assert done.locked
    with db.read() as s:
        after = s.scalars(select(AuditEvent).where(AuditEvent.action == "validate")).one().after
    assert after["proof_override"] == "Invoice from the scrap dealer shows it"
    assert after["proof"].startswith("The idea has no metric")


def test_savings_with_proof_validate_without_a_reason(db, clock, world, measures) -> None:
    metric_id = _metric(measures, world)
    measures.add_measurements(world.supervisor_id, metric_id, MeasurementPhase.BEFORE, BEFORE)
    measures.add_measurements(world.supervisor_id, metric_id, MeasurementPhase.AFTER, AFTER)
    savings, entry_id = _entry(db, clock, world)
    assert savings.validate(world.admin_id, entry_id).locked
    with db.read() as s:
        after = s.scalars(select(AuditEvent).where(AuditEvent.action == "validate")).one().after
    assert after.get("proof_override") is None and "significant" in after["proof"]


def test_savings_with_a_worse_metric_are_not_proven(db, clock, world, measures) -> None:
    metric_id = _metric(measures, world)
    measures.add_measurements(world.supervisor_id, metric_id, MeasurementPhase.BEFORE, AFTER)
    measures.add_measurements(world.supervisor_id, metric_id, MeasurementPhase.AFTER, BEFORE)
    savings, entry_id = _entry(db, clock, world)
    with pytest.raises(ValidationError, match="no proof yet"):
        savings.validate(world.admin_id, entry_id)
