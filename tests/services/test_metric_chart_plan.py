"""The chart part of a metric's statistics plan (issue 17): the chart kind and the p/u sample
size are validated (naming the field, changing nothing), audited, recorded with a new metric in
one unit of work, and the analysis draws the plan's chart (the figures themselves are checked
against Montgomery and qcc in tests/domain/test_metric_chart.py)."""

from __future__ import annotations

import pytest
from pdca_factories import World, audit_count, make_world, row_counts
from sqlalchemy import select

from kaizen.db.engine import Database
from kaizen.db.models import AuditEvent, Metric
from kaizen.domain.enums import MeasurementPhase, MetricDirection
from kaizen.domain.errors import ValidationError
from kaizen.services.measurements import MeasurementService
from kaizen.services.metric_statistics import MetricStatisticsService

BEFORE = [10.0, 11.0, 12.0, 10.5, 11.5, 12.2, 10.1, 11.1, 10.9, 11.4, 10.2, 11.8]
AFTER = [8.0, 9.0, 8.5, 9.1, 8.7, 9.5, 8.2, 8.9, 8.4, 9.2, 8.6, 8.8]


@pytest.fixture
def world(db: Database, clock) -> World:
    return make_world(db, clock())


@pytest.fixture
def stats(db: Database, clock) -> MetricStatisticsService:
    return MetricStatisticsService(db, clock)


@pytest.fixture
def measures(db: Database, clock) -> MeasurementService:
    return MeasurementService(db, clock)


def _metric(measures: MeasurementService, world: World, **plan) -> int:
    return measures.add_metric(world.supervisor_id, world.suggestion_id, name="Cycle time",
                               unit="min", direction=MetricDirection.LOWER_IS_BETTER,
                               plan=plan or None).id


def test_chart_kind_and_sample_size_are_audited(stats, measures, world, db) -> None:
    metric_id = _metric(measures, world)
    assert stats.plan(metric_id).chart == "imr"
    plan = stats.set_plan(world.supervisor_id, metric_id, chart_kind="p", sample_size=200)
    assert (plan.chart_kind, plan.sample_size, plan.chart) == ("p", 200.0, "p")
    with db.read() as s:
        event = s.scalars(select(AuditEvent).where(
            AuditEvent.action == "set_statistics_plan")).one()
        assert event.before == {"chart_kind": None, "sample_size": None}
        assert event.after == {"chart_kind": "p", "sample_size": 200.0}
    assert stats.set_plan(world.supervisor_id, metric_id, chart_kind=None,
                          subgroup_size=4).chart == "xbar_r"


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"chart_kind": "pareto"}, "chart_kind"),
    ({"chart_kind": "u"}, "sample_size"),
    ({"chart_kind": "p", "sample_size": 0}, "sample_size"),
    ({"chart_kind": "p", "sample_size": "many"}, "sample_size"),
    ({"chart_kind": "xbar_s"}, "subgroup_size"),
])
def test_bad_chart_plan_names_the_field_and_changes_nothing(stats, measures, world, db, kwargs,
                                                            field) -> None:
    metric_id = _metric(measures, world)
    counts, events = row_counts(db), audit_count(db)
    with pytest.raises(ValidationError) as err:
        stats.set_plan(world.supervisor_id, metric_id, **kwargs)
    assert err.value.field == field
    assert row_counts(db) == counts and audit_count(db) == events


def test_a_new_metric_and_its_plan_are_one_unit_of_work(stats, measures, world, db) -> None:
    counts, events = row_counts(db), audit_count(db)
    with pytest.raises(ValidationError) as err:
        _metric(measures, world, lsl=13.0, usl=7.0)
    assert err.value.field == "usl"
    assert row_counts(db) == counts and audit_count(db) == events
    metric_id = _metric(measures, world, lsl=7.0, usl=13.0, primary_test="mann_whitney",
                        one_sided=True, subgroup_size=3, chart_kind="xbar_s",
                        rule_set="nelson")
    plan = stats.plan(metric_id)
    assert (plan.lsl, plan.usl, plan.primary_test, plan.one_sided, plan.subgroup_size,
            plan.chart_kind, plan.rule_set, plan.rule_set_is_default) == (
        7.0, 13.0, "mann_whitney", True, 3, "xbar_s", "nelson", False)
    with db.read() as s:
        actions = s.scalars(select(AuditEvent.action).where(
            AuditEvent.entity == "metric", AuditEvent.entity_id == metric_id)).all()
        assert s.get(Metric, metric_id) is not None
    assert sorted(actions) == ["add", "set_statistics_plan"]


def test_analysis_draws_the_plans_chart(stats, measures, world) -> None:
    metric_id = _metric(measures, world, subgroup_size=3, chart_kind="xbar_r")
    measures.add_measurements(world.supervisor_id, metric_id, MeasurementPhase.BEFORE, BEFORE)
    measures.add_measurements(world.supervisor_id, metric_id, MeasurementPhase.AFTER, AFTER)
    result = stats.analysis(metric_id)
    # Four subgroups of three before and four after, on the before limits (frozen).
    assert result.chart is not None and result.chart.kind == "xbar"
    assert len(result.chart.points) == 8 and len(set(result.chart.ucl)) == 1
    assert result.chart.points[0] == pytest.approx(11.0)
    assert result.chart_note is None


def test_a_chart_that_cannot_be_drawn_says_why(stats, measures, world) -> None:
    metric_id = _metric(measures, world, chart_kind="p", sample_size=50)
    measures.add_measurements(world.supervisor_id, metric_id, MeasurementPhase.BEFORE, BEFORE)
    measures.add_measurements(world.supervisor_id, metric_id, MeasurementPhase.AFTER, AFTER)
    result = stats.analysis(metric_id)
    assert result.chart is None and not result.sustained_shift
    assert result.chart_note == ("A p chart reads each measurement as a share defective "
                                 "between 0 and 1.")
