"""MeasurementService: metrics, bulk samples, SQL-side counts and means, and its refusals."""

from __future__ import annotations

from datetime import datetime

import pytest
from pdca_factories import World, audit_count, make_world, row_counts
from sqlalchemy import event, select

from kaizen.db.engine import Database
from kaizen.db.models import AuditEvent, Measurement
from kaizen.domain.enums import MeasurementPhase, MetricDirection
from kaizen.domain.errors import NotFound, PermissionDenied, ValidationError
from kaizen.services.measurements import MAX_VALUES, MeasurementService, MetricInfo

BEFORE, AFTER = MeasurementPhase.BEFORE, MeasurementPhase.AFTER
LOWER = MetricDirection.LOWER_IS_BETTER


@pytest.fixture
def world(db: Database, clock) -> World:
    return make_world(db, clock())


@pytest.fixture
def svc(db: Database, clock) -> MeasurementService:
    return MeasurementService(db, clock)


@pytest.fixture
def metric(svc: MeasurementService, world: World) -> MetricInfo:
    return svc.add_metric(world.supervisor_id, world.suggestion_id, name="Die search time",
                          unit="min", direction=LOWER)


def test_add_metric(svc: MeasurementService, world: World, db: Database) -> None:
    info = svc.add_metric(world.admin_id, world.suggestion_id, name="  Scrap rate ", unit=" % ",
                          direction=MetricDirection.LOWER_IS_BETTER)
    assert info == MetricInfo(info.id, world.suggestion_id, "Scrap rate", "%", LOWER,
                              0, 0, None, None)
    assert svc.list_metrics(world.suggestion_id) == [info]
    with db.read() as s:
        event_ = s.scalars(select(AuditEvent).where(AuditEvent.entity == "metric")).one()
        assert event_.action == "add" and event_.after["name"] == "Scrap rate"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": "  ", "unit": "", "direction": LOWER}, "name"),
        ({"name": "n" * 121, "unit": "", "direction": LOWER}, "name"),
        ({"name": "ok", "unit": "u" * 41, "direction": LOWER}, "unit"),
        ({"name": "ok", "unit": "", "direction": "sideways"}, "direction"),
    ],
)
def test_add_metric_refusals_change_nothing(svc: MeasurementService, world: World,
                                            db: Database, kwargs: dict, field: str) -> None:
    counts = row_counts(db)
    with pytest.raises(ValidationError) as err:
        svc.add_metric(world.supervisor_id, world.suggestion_id, **kwargs)
    assert err.value.field == field
    assert row_counts(db) == counts


def test_add_metric_unknown_suggestion(svc: MeasurementService, world: World) -> None:
    with pytest.raises(NotFound):
        svc.add_metric(world.supervisor_id, 9999, name="x", unit="", direction=LOWER)


def test_staff_cannot_record(svc: MeasurementService, world: World, metric: MetricInfo,
                             db: Database) -> None:
    counts = row_counts(db)
    with pytest.raises(PermissionDenied, match="record measurements"):
        svc.add_metric(world.staff_id, world.suggestion_id, name="x", unit="", direction=LOWER)
    with pytest.raises(PermissionDenied):
        svc.add_measurements(world.staff_id, metric.id, BEFORE, [1.0])
    assert row_counts(db) == counts


def test_add_measurements_and_sql_summaries(svc: MeasurementService, world: World,
                                            metric: MetricInfo, db: Database, clock) -> None:
    assert svc.add_measurements(world.supervisor_id, metric.id, BEFORE, [5, 6.5, 4]) == 3
    taken = datetime(2026, 12, 1, 7, 30)
    assert svc.add_measurements(world.supervisor_id, metric.id, "after", [1.0, 2.0],
                                measured_at=taken) == 2
    [info] = svc.list_metrics(world.suggestion_id)
    assert (info.before_n, info.after_n) == (3, 2)
    assert info.before_mean == pytest.approx(5.1666666)
    assert info.after_mean == pytest.approx(1.5)
    assert svc.values(metric.id, BEFORE) == [5.0, 6.5, 4.0]
    assert svc.values(metric.id, AFTER) == [1.0, 2.0]
    with db.read() as s:
        rows = s.execute(select(Measurement.phase, Measurement.measured_at,
                                Measurement.person_id)).all()
        assert {(r.phase, r.measured_at, r.person_id) for r in rows} == {
            (BEFORE, clock(), world.supervisor_id), (AFTER, taken, world.supervisor_id)
        }
        actions = s.scalars(select(AuditEvent.after).where(
            AuditEvent.action == "add_measurements")).all()
        assert [(a["phase"], a["count"]) for a in actions] == [("before", 3), ("after", 2)]


def test_list_metrics_keeps_metrics_without_data_and_other_ideas_apart(
    svc: MeasurementService, world: World, metric: MetricInfo
) -> None:
    empty = svc.add_metric(world.supervisor_id, world.suggestion_id, name="Dies found",
                           unit="", direction=MetricDirection.HIGHER_IS_BETTER)
    svc.add_measurements(world.supervisor_id, metric.id, AFTER, [2.0])
    infos = svc.list_metrics(world.suggestion_id)
    assert [(i.id, i.before_n, i.after_n, i.before_mean, i.after_mean) for i in infos] == [
        (metric.id, 0, 1, None, 2.0),
        (empty.id, 0, 0, None, None),
    ]
    assert svc.list_metrics(9999) == []


def test_list_metrics_is_one_grouped_query(svc: MeasurementService, world: World,
                                           metric: MetricInfo, db: Database) -> None:
    svc.add_measurements(world.supervisor_id, metric.id, BEFORE, [1.0] * 500)
    statements: list[str] = []

    def capture(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        svc.list_metrics(world.suggestion_id)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    selects = [st for st in statements if st.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1 and "GROUP BY" in selects[0]


@pytest.mark.parametrize(
    "values",
    [[], [1.0, float("nan")], [float("inf")], [1.0, "2"], [True], "123", None],
)
def test_bad_values_refuse_the_whole_batch(svc: MeasurementService, world: World,
                                           metric: MetricInfo, db: Database, values) -> None:
    counts = row_counts(db)
    events = audit_count(db)
    with pytest.raises(ValidationError) as err:
        svc.add_measurements(world.supervisor_id, metric.id, BEFORE, values)
    assert err.value.field == "values"
    assert row_counts(db) == counts and audit_count(db) == events


def test_too_many_values(svc: MeasurementService, world: World, metric: MetricInfo) -> None:
    with pytest.raises(ValidationError, match="100,000") as err:
        svc.add_measurements(world.supervisor_id, metric.id, BEFORE, [1.0] * (MAX_VALUES + 1))
    assert err.value.field == "values"


def test_a_hundred_thousand_values_in_one_call(svc: MeasurementService, world: World,
                                               metric: MetricInfo) -> None:
    values = [float(i % 97) for i in range(MAX_VALUES)]
    assert svc.add_measurements(world.supervisor_id, metric.id, AFTER, values) == MAX_VALUES
    [info] = svc.list_metrics(world.suggestion_id)
    assert info.after_n == MAX_VALUES
    assert info.after_mean == pytest.approx(sum(values) / MAX_VALUES)


def test_bad_phase_and_unknown_metric(svc: MeasurementService, world: World,
                                      metric: MetricInfo) -> None:
    with pytest.raises(ValidationError) as err:
        svc.add_measurements(world.supervisor_id, metric.id, "during", [1.0])  # type: ignore[arg-type]
    assert err.value.field == "phase"
    with pytest.raises(NotFound):
        svc.add_measurements(world.supervisor_id, 9999, BEFORE, [1.0])
    with pytest.raises(NotFound):
        svc.values(9999, BEFORE)
