"""The engine's mechanics: same seed = same numbers (whatever the number of worker processes),
common random numbers across variants of a model, the warm-up window, shifts, arrival schedules,
the duration distributions, the stability warning, progress and Cancel, and refused options."""

from __future__ import annotations

import math

import numpy as np
import pytest
import simpy

from kaizen.domain.errors import ValidationError
from kaizen.domain.process_model import Distribution, ModelError, Shift, parse_model
from kaizen.simulation import (
    RunOptions,
    SimulationCancelled,
    simulate,
    stability_warnings,
    step_loads,
)
from kaizen.simulation.blocks import Station, SystemTally
from kaizen.simulation.calendar import HourlyRate, ShiftCalendar, hour_length
from kaizen.simulation.sampling import expected, lognormal_params, sampler

from .models import exponential, line, step

SMALL = RunOptions(replications=3, horizon=2_000, warmup=100, seed=7)


def _two_steps(mean_b: float = 1.5):  # noqa: ANN202
    return line([step("A", exponential(0.8)), step("B", exponential(mean_b), resources=2)],
                exponential(1.0))


def test_same_seed_gives_the_same_numbers_and_another_seed_others() -> None:
    first = simulate(_two_steps(), SMALL)
    again = simulate(_two_steps(), SMALL)
    other = simulate(_two_steps(), RunOptions(replications=3, horizon=2_000, warmup=100,
                                              seed=8))
    assert first.to_dict() == again.to_dict()
    assert first.lead_time.mean != other.lead_time.mean


def test_worker_processes_give_the_numbers_of_one_process() -> None:
    # Replication r is seeded from (seed, r) only: two spawned workers, same numbers.
    single = simulate(_two_steps(), SMALL, workers=1)
    pooled = simulate(_two_steps(), SMALL, workers=2)
    assert pooled.to_dict() == single.to_dict()
    assert [r.replication for r in pooled.runs] == [0, 1, 2]


def test_common_random_numbers_pair_arrivals_and_untouched_steps() -> None:
    # A slower B changes nothing upstream: the same arrivals reach A, and A's durations are
    # keyed by A's name, so A's figures are identical draw for draw.
    current = simulate(_two_steps(1.5), SMALL)
    slower = simulate(_two_steps(1.9), SMALL)
    for a, b in zip(current.runs, slower.runs, strict=True):
        assert a.arrivals == b.arrivals
        assert a.waits["A"] == b.waits["A"]
        assert a.waits["B"] != b.waits["B"]
    # Removing B keeps A's draws too.
    only_a = simulate(line([step("A", exponential(0.8))], exponential(1.0)), SMALL)
    assert [r.waits["A"] for r in only_a.runs] == [r.waits["A"] for r in current.runs]


def test_progress_is_reported_and_cancel_stops_the_run() -> None:
    seen: list[tuple[int, int]] = []
    simulate(_two_steps(), SMALL, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    calls = {"n": 0}

    def cancel_after_a_while() -> bool:
        calls["n"] += 1
        return calls["n"] > 5  # inside the first replication

    seen.clear()
    with pytest.raises(SimulationCancelled):
        simulate(_two_steps(), SMALL, cancelled=cancel_after_a_while,
                 progress=lambda done, total: seen.append((done, total)))
    assert seen == []


@pytest.mark.parametrize(("options", "field"), [
    (RunOptions(replications=0), "replications"),
    (RunOptions(replications=True), "replications"),  # type: ignore[arg-type]
    (RunOptions(horizon=0), "horizon"),
    (RunOptions(horizon=float("nan")), "horizon"),
    (RunOptions(horizon=1e12), "horizon"),
    (RunOptions(horizon=100, warmup=100), "warmup"),
    (RunOptions(warmup=-1), "warmup"),
    (RunOptions(seed=-1), "seed"),
])
def test_bad_options_are_refused_naming_the_option(options: RunOptions, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        simulate(_two_steps(), options)
    assert caught.value.field == field


def test_arrivals_with_no_time_between_them_are_refused() -> None:
    model = line([step("A", exponential(1.0))],
                 {"distribution": "triangular", "min": 0, "mode": 0, "max": 0})
    with pytest.raises(ValidationError) as caught:
        simulate(model, SMALL)
    assert caught.value.field == "arrivals"


def test_defaults_and_demand_as_arrivals() -> None:
    # No arrivals: the demand (units in available_time) becomes a Poisson stream; the default
    # horizon brings 10,000 cases and the default warm-up is a tenth of it.
    doc = {"name": "d", "time_unit": "minute", "demand": {"units": 120, "available_time": 480},
           "steps": [{"name": "A", "value": "necessary",
                      "duration": {"distribution": "fixed", "mean": 1}}],
           "flows": [{"from": "start", "to": "A"}, {"from": "A", "to": "end"}]}
    result = simulate(parse_model(doc), RunOptions(replications=2))
    assert result.horizon == pytest.approx(40_000)  # 10,000 x 4 minutes between arrivals
    assert result.warmup == pytest.approx(4_000)
    assert result.throughput.mean == pytest.approx(0.25, rel=0.03)
    del doc["demand"]
    with pytest.raises(ModelError) as caught:
        simulate(parse_model(doc), RunOptions(replications=2))
    assert caught.value.field == "arrivals"


def test_an_overloaded_step_is_named_before_the_run() -> None:
    # Load = arrival rate x visits x mean duration / resources. B: 1 x 1 x 2.2 / 2 = 110%.
    model = _two_steps(2.2)
    loads = {item.name: item.load for item in step_loads(model)}
    assert loads == pytest.approx({"A": 0.8, "B": 1.1})
    warnings = stability_warnings(model)
    assert len(warnings) == 1 and '"B"' in warnings[0] and "110%" in warnings[0]
    assert stability_warnings(_two_steps(1.5)) == []
    # Rework raises the visits: 1 / (1 - 0.25) to A, so A at 0.8 x 1.333 = 107%.
    rework = line([step("A", exponential(0.8))], exponential(1.0),
                  flows=[{"from": "start", "to": "A"},
                         {"from": "A", "to": "A", "probability": 0.25},
                         {"from": "A", "to": "end", "probability": 0.75}])
    assert step_loads(rework)[0].load == pytest.approx(0.8 / 0.75)
    assert '"A"' in stability_warnings(rework)[0]


def test_the_tally_counts_only_inside_the_window() -> None:
    tally = SystemTally((2.0, 10.0))
    tally.arrive(1.0)  # before the warm-up ends
    tally.arrive(3.0)
    tally.depart(1.0, 5.0)  # counted as a departure, but its lead time met the warm-up
    tally.depart(3.0, 6.0)
    tally.arrive(9.0)  # still inside at the end
    tally.close()
    # WIP: 2 cases from 3 to 5, 1 from 2 to 3 and 5 to 6, 1 from 9 to 10: 4 + 1 + 1 + 1 = 7
    assert tally.area == pytest.approx(7.0)
    assert tally.departures == 2
    assert tally.lead_times == [3.0]


def test_shift_calendar_pauses_work_outside_the_shift() -> None:
    cal = ShiftCalendar((Shift(8, 12), Shift(13, 17)), hour=1.0)  # hours as the unit
    assert cal.open_fraction == pytest.approx(8 / 24)
    assert cal.next_open(7.0) == 8.0 and cal.next_open(12.5) == 13.0
    assert cal.next_open(17.0) == 24 + 8.0
    assert cal.finish(11.0, 2.0) == 14.0  # 1 h before lunch, 1 h after
    assert cal.finish(16.0, 3.0) == 24 + 10.0  # 1 h today, 2 h tomorrow morning
    assert cal.open_between(0.0, 48.0) == pytest.approx(16.0)
    assert cal.open_between(11.5, 13.5) == pytest.approx(1.0)
    assert hour_length("minute") == 60.0 and hour_length("day") == pytest.approx(1 / 24)


def test_shift_edges_in_a_day_model_do_not_stall_the_walk() -> None:
    # In a day model the shift edges (8/24, 20/24) are not exact in binary: a start a hair
    # before or after an edge must still move on (this once looped for ever).
    cal = ShiftCalendar((Shift(8, 20),), hour=1 / 24)
    for day in range(0, 2000, 7):
        end = day + 20 / 24
        for start in (end, math.nextafter(end, 0), math.nextafter(end, 9e9)):
            done = cal.finish(start, 0.01)
            assert done == pytest.approx(day + 1 + 8 / 24 + 0.01, abs=1e-9)
        opening = day + 8 / 24
        assert cal.finish(math.nextafter(opening, 0), 0.5) == pytest.approx(opening + 0.5)


def test_a_step_with_a_shift_works_only_in_it_and_is_loaded_over_its_hours() -> None:
    # Hour model: one arrival an hour around the clock, 15 minutes of work each, one clerk on
    # 9-17. Work per day 24 x 0.25 = 6 h of the 8 worked: utilisation 0.75 (the stability
    # figure says the same), throughput 1 per hour.
    model = line([step("Clerk", {"distribution": "fixed", "mean": 0.25},
                       shifts=[{"start": 9, "end": 17}])],
                 exponential(1.0), unit="hour")
    assert step_loads(model)[0].load == pytest.approx(0.75)
    result = simulate(model, RunOptions(replications=4, horizon=24 * 300, warmup=24 * 10,
                                        seed=3))
    assert result.step("Clerk").utilisation.mean == pytest.approx(0.75, rel=0.03)
    assert result.throughput.mean == pytest.approx(1.0, rel=0.03)
    # Every piece of work starts inside the shift (the building block, watched directly).
    env = simpy.Environment()
    clerk = Station(env, "Clerk", 1, lambda: 0.25, ShiftCalendar((Shift(9, 17),), 1.0))
    starts: list[float] = []

    def case():  # noqa: ANN202
        _, started, _ = yield from clerk.visit()
        starts.append(started)

    for t in np.arange(0.0, 72.0, 0.7):
        env.process(_later(env, float(t), case))
    env.run(until=24 * 4)
    assert starts and all(9 <= s % 24 < 17 for s in starts)


def _later(env, delay, make):  # noqa: ANN001, ANN202
    yield env.timeout(delay)
    yield from make()


def test_a_schedule_brings_its_arrivals_in_each_hour() -> None:
    # Per-hour rates by inverting the cumulative rate: over 400 days, each hour of the day gets
    # per_hour x 400 arrivals (Poisson: within 4 standard deviations, sqrt(count)).
    per_hour = tuple([0.0] * 8 + [6.0] * 4 + [2.0] * 6 + [0.5] * 6)
    rate = HourlyRate(per_hour, hour=60.0)  # a minute model
    rng = np.random.default_rng(1)
    counts = [0] * 24
    t = 0.0
    while True:
        t = rate.next_after(t, float(rng.exponential()))
        if t >= 400 * 1440:
            break
        counts[int(t // 60) % 24] += 1
    for hour, expected_count in enumerate(400 * p for p in per_hour):
        assert abs(counts[hour] - expected_count) <= 4 * math.sqrt(max(expected_count, 1))


def test_durations_follow_the_documented_parameters() -> None:
    # lognormal (mean, sd) are the variable's own: sigma^2 = ln(1 + sd^2/mean^2),
    # mu = ln(mean) - sigma^2/2; truncated normal mean = m + sd phi(a) / (1 - Phi(a)), a = -m/sd.
    rng = np.random.default_rng(11)
    n = 200_000

    def draws(dist: Distribution) -> np.ndarray:
        draw = sampler(dist, rng)
        return np.array([draw() for _ in range(n)])

    mu, sigma = lognormal_params(5.0, 2.0)
    assert sigma**2 == pytest.approx(math.log(1 + 4 / 25))
    logn = draws(Distribution("lognormal", mean=5.0, sd=2.0))
    assert logn.mean() == pytest.approx(5.0, rel=0.01)
    assert logn.std() == pytest.approx(2.0, rel=0.02)
    normal = Distribution("normal", mean=1.0, sd=1.0)
    truncated = draws(normal)
    assert truncated.min() >= 0
    # 1 + phi(-1) / Phi(1) = 1 + 0.24197 / 0.84134 = 1.2876
    assert expected(normal) == pytest.approx(1.2876, abs=1e-4)
    assert truncated.mean() == pytest.approx(1.2876, rel=0.01)
    tri = draws(Distribution("triangular", min=2.0, mode=3.0, max=8.0))
    assert tri.min() >= 2 and tri.max() <= 8
    assert tri.mean() == pytest.approx(13 / 3, rel=0.01)
    emp = draws(Distribution("empirical", values=(1.0, 2.0, 7.0)))
    assert set(np.unique(emp)) == {1.0, 2.0, 7.0}
    assert np.mean(emp == 7.0) == pytest.approx(1 / 3, abs=0.01)
    assert draws(Distribution("fixed", mean=2.5)).tolist() == [2.5] * n
