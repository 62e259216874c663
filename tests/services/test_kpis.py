"""KPI series of a process (kaizen/services/kpis.py): series and their defaults, points typed,
pasted and imported all or nothing, phases that start where a change on the process completed,
XmR limits per phase, and the dashboard's signals. On SQLite and PostgreSQL.

Limits follow Wheeler's XmR (NIST/SEMATECH e-Handbook 6.3.2.2; kaizen/domain/control_chart.py):
centre = mean, UCL/LCL = centre +/- 2.66 x mean moving range; worked by hand below.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from kaizen.domain.enums import MetricDirection
from kaizen.domain.errors import PermissionDenied, ValidationError
from kaizen.domain.kpis import KpiKind
from kaizen.services.kpis import NEW_BOTTLENECK, NOT_HOLDING
from kaizen.services.measurements import MeasurementService
from kaizen.services.pdca import PdcaService

from .process_factories import MAP, a_map, standardise


@pytest.fixture
def process(site, processes):
    return processes.create_process(site.supervisor_id, name="Order picking",
                                    area_id=site.line_id, document=MAP)


def days(start: datetime, values: list[float]) -> list[tuple[datetime, float]]:
    return [(start + timedelta(days=i), v) for i, v in enumerate(values)]


def test_series_defaults_and_custom_series(site, kpis, process) -> None:
    cycle = kpis.add_series(site.supervisor_id, process.process.id, kind=KpiKind.CYCLE_TIME)
    assert (cycle.name, cycle.unit, cycle.direction) == (
        "Cycle time", "minute", MetricDirection.LOWER_IS_BETTER)
    happy = kpis.add_series(site.supervisor_id, process.process.id, kind="custom",
                            name="Picker happiness", unit="1-5", direction="higher")
    assert happy.kind is KpiKind.CUSTOM and happy.direction is MetricDirection.HIGHER_IS_BETTER
    with pytest.raises(ValidationError) as caught:
        kpis.add_series(site.supervisor_id, process.process.id, kind="custom", name="Other")
    assert caught.value.field == "unit"
    with pytest.raises(ValidationError) as caught:
        kpis.add_series(site.supervisor_id, process.process.id, kind="cycle_time")
    assert caught.value.field == "name"  # "Cycle time" exists
    with pytest.raises(ValidationError) as caught:
        kpis.add_series(site.supervisor_id, process.process.id, kind="speed")
    assert caught.value.field == "kind"
    with pytest.raises(PermissionDenied):
        kpis.add_series(site.staff_id, process.process.id, kind="lead_time")
    assert [s.name for s in kpis.list_series(process.process.id)] == [
        "Cycle time", "Picker happiness"]


def test_points_typed_pasted_and_imported_all_or_nothing(site, kpis, process, sql) -> None:
    series = kpis.add_series(site.supervisor_id, process.process.id, kind="lead_time")
    assert kpis.add_points(site.supervisor_id, series.id,
                           days(datetime(2026, 1, 1), [5.0, 6.0])) == 2
    with pytest.raises(ValidationError, match="Point 2: the value must be a finite number"):
        kpis.add_points(site.supervisor_id, series.id,
                        [(datetime(2026, 1, 3), 1.0), (datetime(2026, 1, 4), float("nan"))])
    with pytest.raises(ValidationError, match="the columns are the time"):
        kpis.paste_points(site.supervisor_id, series.id, "Date\tLead time\tNote\n")
    # A spreadsheet's header names the KPI; decimal commas.
    assert kpis.paste_points(site.supervisor_id, series.id,
                             "Date\tLead time\n2026-01-05\t7,5\n2026-01-06\t8,25\n") == 2
    with pytest.raises(ValidationError) as caught:
        kpis.import_csv(site.supervisor_id, series.id,
                        b"at;value\n2026-01-07;9\n2026-13-01;9\n2026-01-09;x\n")
    assert caught.value.field == "file"
    assert "Line 3: '2026-13-01' is not an ISO date" in str(caught.value)
    assert "Line 4: 'x' is not a number" in str(caught.value)
    assert kpis.import_csv(site.supervisor_id, series.id,
                           b"value,date\n9,2026-01-07\n10.5,2026-01-08 14:30\n") == 2
    with pytest.raises(PermissionDenied):
        kpis.add_points(site.staff_id, series.id, [(datetime(2026, 2, 1), 1.0)])
    chart = kpis.chart(series.id)
    assert chart.values == (5.0, 6.0, 7.5, 8.25, 9.0, 10.5)
    assert chart.times[-1] == datetime(2026, 1, 8, 14, 30)
    assert sql("SELECT source, count(*) FROM kpi_points GROUP BY source ORDER BY source") == [
        ("csv", 2), ("pasted", 2), ("typed", 2)]


def test_a_completed_change_starts_a_new_phase_with_its_own_limits(
        site, db, clock, kpis, processes, process) -> None:
    series = kpis.add_series(site.supervisor_id, process.process.id, kind="cycle_time")
    pdca, measures = PdcaService(db, clock), MeasurementService(db, clock)
    idea_id = standardise(site, pdca, measures, title="Fast movers near the door")
    processes.link_idea(site.supervisor_id, process.steps[1].id, idea_id)
    done = clock()
    kpis.add_points(site.supervisor_id, series.id,
                    days(done - timedelta(days=6), [10, 12, 11, 13, 10, 12]))
    kpis.add_points(site.supervisor_id, series.id, days(done, [6, 7, 6, 7]))
    chart = kpis.chart(series.id)
    before, after = chart.phases
    assert before.change is None and (before.first, before.end) == (0, 6)
    # Before: mean 68 / 6, moving ranges 2, 1, 2, 3, 2 -> mR-bar 2, UCL = 11.33 + 5.32.
    assert before.limits.centre == pytest.approx(68 / 6)
    assert before.limits.ucl == pytest.approx(68 / 6 + 2.66 * 2)
    # After: mean 6.5, moving ranges 1, 1, 1 -> limits 6.5 +/- 2.66.
    assert after.change.suggestion_id == idea_id and after.start == done
    assert (after.first, after.end) == (6, 10)
    assert after.limits.centre == pytest.approx(6.5)
    assert after.limits.lcl == pytest.approx(6.5 - 2.66)
    assert after.signals == () and kpis.process_signals(process.process.id) == []
    assert [c.title for c in kpis.changes(process.process.id)] == ["Fast movers near the door"]


def test_drifting_back_after_a_change_is_an_improvement_not_holding(
        site, db, clock, kpis, processes, process) -> None:
    series = kpis.add_series(site.supervisor_id, process.process.id, kind="cycle_time")
    idea_id = standardise(site, PdcaService(db, clock), MeasurementService(db, clock))
    processes.link_idea(site.supervisor_id, process.steps[1].id, idea_id)
    done = clock()
    # 20 baseline points 6, 7, 6, 7 ... (centre 6.5, limits 6.5 +/- 2.66), then 8 at 7.5: a run
    # of 8 above the centre, the worse side when lower is better.
    baseline = [6.0, 7.0] * 10
    kpis.add_points(site.supervisor_id, series.id, days(done, baseline + [7.5] * 8))
    signals = kpis.process_signals()
    assert [(s.kind, s.series_id) for s in signals] == [(NOT_HOLDING, series.id)]
    # The run above the centre: the last baseline point (7, day 19) and the eight 7.5s.
    assert signals[0].since == done + timedelta(days=19)
    assert "Cycle time is drifting back" in signals[0].message
    assert "(9 point(s) on the worse side" in signals[0].message


def test_a_run_on_the_better_side_is_no_warning(site, db, clock, kpis, processes,
                                                process) -> None:
    series = kpis.add_series(site.supervisor_id, process.process.id, kind="cycle_time")
    idea_id = standardise(site, PdcaService(db, clock), MeasurementService(db, clock))
    processes.link_idea(site.supervisor_id, process.steps[1].id, idea_id)
    kpis.add_points(site.supervisor_id, series.id,
                    days(clock(), [6.0, 7.0] * 10 + [5.5] * 8))
    chart = kpis.chart(series.id)
    assert len(chart.phases[-1].signals) >= 8 and chart.phases[-1].worse == ()
    assert kpis.process_signals() == []


def test_a_bottleneck_that_moved_after_a_change_is_a_new_bottleneck(
        site, db, clock, kpis, processes, process) -> None:
    # Loads per unit: Receive 2, Pick 5, Pack 3 / 0.9 = 3.33, Check 1 / 0.9: Pick is the
    # bottleneck. With two pickers Pick carries 2.5 and Pack becomes the bottleneck.
    assert process.figures.bottleneck == "Pick"
    clock.advance(days=1)
    idea_id = standardise(site, PdcaService(db, clock), MeasurementService(db, clock))
    processes.link_idea(site.supervisor_id, process.steps[1].id, idea_id)
    assert kpis.process_signals() == []
    clock.advance(days=2)
    doc = a_map()
    doc["steps"][1]["resources"] = 2
    saved = processes.save_map(site.supervisor_id, process.map.id, doc)
    assert saved.figures.bottleneck == "Pack"
    signals = kpis.process_signals(process.process.id)
    assert [(s.kind, s.series_id) for s in signals] == [(NEW_BOTTLENECK, None)]
    assert "the bottleneck is now 'Pack'; it was 'Pick'" in signals[0].message


def test_a_charts_series_info_is_the_listed_one_with_or_without_a_cut(site, kpis,
                                                                        process) -> None:
    """The chart reads every point once and takes the count and the last point from them (issue
    21); with ``until`` the info still describes the whole series, as the list gives it."""
    series = kpis.add_series(site.supervisor_id, process.process.id, kind=KpiKind.CYCLE_TIME)
    empty = kpis.chart(series.id)
    assert (empty.series.points, empty.series.last_value, empty.series.last_at) == (0, None, None)
    start = datetime(2026, 1, 5, 8, 30, 15, 250000)  # microseconds survive the stored text
    kpis.add_points(site.supervisor_id, series.id, days(start, [4.0, 5.0, 6.5]))
    # Two points at the same time: the later one added is the last (time, then id).
    kpis.add_points(site.supervisor_id, series.id, [(start + timedelta(days=2), 7.25)])
    [listed] = kpis.list_series(process.process.id)
    whole = kpis.chart(series.id)
    assert whole.series == listed
    assert (listed.points, listed.last_value, listed.last_at) == (
        4, 7.25, start + timedelta(days=2))
    assert whole.times[0] == start and whole.values == (4.0, 5.0, 6.5, 7.25)
    cut = kpis.chart(series.id, until=start + timedelta(days=1))
    assert cut.series == listed  # the whole series' info
    assert cut.times == (start, start + timedelta(days=1)) and cut.values == (4.0, 5.0)
