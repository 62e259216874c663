"""The chart aggregates (Pareto, savings by month, one idea's ledger, a metric's samples) against
the hand-built plant of test_dashboard.py, whose rows and costs are listed there."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from kaizen.db.engine import Database
from kaizen.db.models import Measurement, Metric
from kaizen.domain.enums import MeasurementPhase, MetricDirection, SavingsKind, WasteCategory
from kaizen.domain.errors import NotFound, ValidationError
from kaizen.services.analytics import AnalyticsService, months_between, shift_month
from kaizen.services.dashboard import DashboardFilter
from kaizen.services.people import PeopleService

from .test_dashboard import NOVEMBER, Plant, build_plant

HARD, SOFT, AVOIDANCE = SavingsKind.HARD, SavingsKind.SOFT, SavingsKind.AVOIDANCE


@pytest.fixture
def plant(db: Database, clock: Any) -> Plant:
    return build_plant(db, clock)


@pytest.fixture
def analytics(db: Database, plant: Plant) -> AnalyticsService:
    return AnalyticsService(db, plant.clock)


# --- Pareto ------------------------------------------------------------------------------------


def test_pareto_lists_every_waste_seen_costliest_first(analytics: AnalyticsService) -> None:
    bars = analytics.waste_pareto(NOVEMBER)
    assert [(b.category, b.count) for b in bars] == [
        (WasteCategory.WAITING, 2),
        (WasteCategory.DEFECTS, 1),
        (WasteCategory.MOTION, 1),
        (WasteCategory.TRANSPORT, 1),
    ]
    # 1560 + 1560; 50 x 52; 2/60 x 30 x 20 x 52; 3/60 x 30 (Assembly's rate) x 5 x 52.
    assert [b.yearly_cost for b in bars] == pytest.approx([3120.0, 2600.0, 1040.0, 390.0])
    assert [b.label for b in bars] == ["Waiting", "Defects", "Motion", "Transport"]


def test_pareto_of_an_area_prices_at_its_rates(plant: Plant,
                                               analytics: AnalyticsService) -> None:
    bars = analytics.waste_pareto(DashboardFilter(NOVEMBER.period_start, NOVEMBER.period_end,
                                                  plant.logistics_id))
    # Only the Logistics waiting: 5 minutes at Logistics' 60 an hour plus 10, twice a week.
    assert [(b.category, b.yearly_cost, b.count) for b in bars] == [
        (WasteCategory.WAITING, pytest.approx((5 / 60 * 60 + 10) * 2 * 52), 1)
    ]


def test_pareto_follows_a_change_of_rate(plant: Plant, db: Database,
                                         analytics: AnalyticsService) -> None:
    people = PeopleService(db, plant.clock)
    people.update_area(plant.people["admin"], plant.assembly_id, name="Assembly",
                       hourly_rate=60.0, parent_id=plant.site_id)
    bars = {b.category: b.yearly_cost for b in analytics.waste_pareto(NOVEMBER)}
    # Line 1 inherits Assembly's new rate: 6/60 x 60 x 10 x 52 + 1560 from Logistics.
    assert bars[WasteCategory.WAITING] == pytest.approx(3120.0 + 1560.0)
    # The Site keeps the default 20, and Defects has no minutes anyway.
    assert bars[WasteCategory.DEFECTS] == pytest.approx(2600.0)


def test_pareto_is_empty_without_observations(analytics: AnalyticsService) -> None:
    assert analytics.waste_pareto(DashboardFilter(date(2020, 1, 1), date(2020, 12, 31))) == []


# --- savings by month ----------------------------------------------------------------------------


def test_savings_by_month_per_kind_with_the_forecast(analytics: AnalyticsService) -> None:
    series = analytics.savings_by_month(NOVEMBER, months_back=3)
    assert series.months == ["2026-09", "2026-10", "2026-11"]
    # November: hard 100 - 20 (correction), soft 50 (not validated), avoidance 30, forecast 500.
    assert series.actual[HARD] == pytest.approx([0.0, 200.0, 80.0])
    assert series.actual[SOFT] == pytest.approx([0.0, 0.0, 50.0])
    assert series.actual[AVOIDANCE] == pytest.approx([0.0, 0.0, 30.0])
    assert series.forecast == pytest.approx([0.0, 0.0, 500.0])
    assert series.validated_only is False


def test_savings_by_month_validated_only_drops_unvalidated_actuals(
    analytics: AnalyticsService,
) -> None:
    series = analytics.savings_by_month(NOVEMBER, months_back=3, validated_only=True)
    assert series.actual[SOFT] == pytest.approx([0.0, 0.0, 0.0])
    assert series.actual[HARD] == pytest.approx([0.0, 200.0, 80.0])
    assert series.forecast == pytest.approx([0.0, 0.0, 500.0])  # forecasts stay beside
    assert series.validated_only is True


def test_savings_by_month_crosses_the_year_and_filters_by_area(
    plant: Plant, analytics: AnalyticsService,
) -> None:
    series = analytics.savings_by_month(NOVEMBER, months_back=12)
    assert series.months[0] == "2025-12" and series.months[-1] == "2026-11"
    assert len(series.months) == 12
    assert series.actual[HARD][0] == pytest.approx(40.0)  # idea 17, December 2025
    logistics = analytics.savings_by_month(
        DashboardFilter(NOVEMBER.period_start, NOVEMBER.period_end, plant.logistics_id),
        months_back=2,
    )
    assert logistics.actual[HARD] == pytest.approx([200.0, 0.0])  # idea 16
    assert logistics.actual[AVOIDANCE] == pytest.approx([0.0, 30.0])  # idea 13
    assert logistics.forecast == pytest.approx([0.0, 0.0])


@pytest.mark.parametrize("months_back", [0, -1, 121, 2.5, True])
def test_savings_by_month_refuses_a_bad_span(analytics: AnalyticsService,
                                             months_back: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        analytics.savings_by_month(NOVEMBER, months_back=months_back)
    assert caught.value.field == "months_back"


def test_month_helpers() -> None:
    assert shift_month("2026-01", -1) == "2025-12"
    assert shift_month("2026-11", -11) == "2025-12"
    assert shift_month("2026-12", 1) == "2027-01"
    assert months_between("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]


# --- one idea's ledger ---------------------------------------------------------------------------


def test_suggestion_savings_sums_the_ledger(plant: Plant, analytics: AnalyticsService) -> None:
    ledger = analytics.suggestion_savings(plant.ideas[11])
    # Actuals: 100 + 50 - 20 = 130; validated: 100 - 20 = 80; forecast 500; cost 250.
    assert ledger.total_actual == pytest.approx(130.0)
    assert ledger.total_validated == pytest.approx(80.0)
    assert ledger.total_forecast == pytest.approx(500.0)
    assert ledger.one_off_cost == pytest.approx(250.0)
    assert ledger.monthly == [("2026-11", pytest.approx(130.0))]
    assert ledger.monthly_validated == [("2026-11", pytest.approx(80.0))]
    assert ledger.monthly_forecast == [("2026-11", pytest.approx(500.0))]


def test_suggestion_savings_of_an_idea_without_entries(plant: Plant,
                                                       analytics: AnalyticsService) -> None:
    ledger = analytics.suggestion_savings(plant.ideas[1])
    assert (ledger.total_actual, ledger.total_validated, ledger.monthly) == (0.0, 0.0, [])


def test_suggestion_savings_of_a_missing_idea(analytics: AnalyticsService) -> None:
    with pytest.raises(NotFound):
        analytics.suggestion_savings(99_999)


# --- a metric's samples --------------------------------------------------------------------------


def test_metric_samples_split_by_phase_in_time_order(plant: Plant, db: Database,
                                                     analytics: AnalyticsService) -> None:
    with db.write() as s:
        metric = Metric(suggestion_id=plant.ideas[3], name="Cycle time", unit="s",
                        direction=MetricDirection.LOWER_IS_BETTER,
                        created_at=datetime(2026, 11, 10))
        s.add(metric)
        s.flush()
        metric_id = metric.id
        for phase, value, hour in (
            (MeasurementPhase.AFTER, 40.0, 15),
            (MeasurementPhase.BEFORE, 52.0, 9),
            (MeasurementPhase.BEFORE, 50.0, 8),
            (MeasurementPhase.AFTER, 41.0, 14),
            (MeasurementPhase.BEFORE, 55.0, 10),
        ):
            s.add(Measurement(metric_id=metric_id, phase=phase, value=value,
                              measured_at=datetime(2026, 11, 12, hour)))
    samples = analytics.metric_samples(metric_id)
    assert (samples.name, samples.unit, samples.direction) == (
        "Cycle time", "s", MetricDirection.LOWER_IS_BETTER)
    assert samples.before == [50.0, 52.0, 55.0]
    assert samples.after == [41.0, 40.0]
    assert [t.hour for t in samples.before_times] == [8, 9, 10]
    assert [t.hour for t in samples.after_times] == [14, 15]
    assert samples.suggestion_id == plant.ideas[3]


def test_metric_samples_of_a_missing_metric(analytics: AnalyticsService) -> None:
    with pytest.raises(NotFound):
        analytics.metric_samples(99_999)
