"""Calibration from an event log: arrivals by hour of day, durations from start/complete pairs
or from gaps, routing shares, resources per activity and the observed waits, recovered from a
synthetic log whose true values are known; and the calibrated model's simulated lead time shown
beside the log's real one."""

from __future__ import annotations

import numpy as np
import pytest

from kaizen.domain.errors import ValidationError
from kaizen.simulation import RunOptions
from kaizen.simulation.calibrate import calibrate, credibility

MIN = 60 * 10**9  # one minute in ns
DAYS = 30
# Expected new cases in each hour of the day: 6 an hour from 08:00 to 18:00, 0.5 at night.
PER_HOUR = [0.5] * 8 + [6.0] * 10 + [0.5] * 6


def _log(*, lifecycle: bool, wait: float) -> dict[str, object]:
    """Cases: A (uniform 5-15 min, by one of three clerks), then B (20 min, one of five
    fitters) with chance 0.7 or C (exponential mean 30 min, one of four nurses) with 0.3;
    ``wait`` minutes between A's completion and the next start. Arrivals: a Poisson process
    with the rates above. Busiest hour loads: clerks 33%, fitters 28%, nurses 23%."""
    rng = np.random.default_rng(7)
    rows: list[tuple[int, int, float, int, int]] = []  # case, activity, minute, resource, life
    case = 0
    for day in range(DAYS):
        for hour, rate in enumerate(PER_HOUR):
            for _ in range(rng.poisson(rate)):
                t0 = day * 1440 + hour * 60 + rng.uniform(0, 60)
                a_end = t0 + rng.uniform(5, 15)
                clerk = int(rng.integers(0, 3))
                rows += [(case, 0, t0, clerk, 0), (case, 0, a_end, clerk, 1)]
                begin = a_end + wait
                if rng.random() < 0.7:
                    fitter = 3 + int(rng.integers(0, 5))
                    rows += [(case, 1, begin, fitter, 0), (case, 1, begin + 20, fitter, 1)]
                else:
                    nurse = 8 + int(rng.integers(0, 4))
                    rows += [(case, 2, begin, nurse, 0),
                             (case, 2, begin + rng.exponential(30), nurse, 1)]
                case += 1
    table = np.array(rows)
    keep = np.ones(len(table), bool) if lifecycle else table[:, 4] == 1
    table = table[keep]
    return {"case": table[:, 0].astype(np.int32), "activity": table[:, 1].astype(np.int32),
            "timestamp": (table[:, 2] * MIN).astype(np.int64),
            "resource": table[:, 3].astype(np.int32),
            "lifecycle": table[:, 4].astype(np.int8) if lifecycle else None,
            "lifecycle_names": ("start", "complete") if lifecycle else (),
            "activity_names": ("Register", "Repair", "Treat")}


def test_start_and_complete_events_give_durations_routing_resources_and_waits() -> None:
    calibration = calibrate(**_log(lifecycle=True, wait=10.0))  # type: ignore[arg-type]
    model = calibration.model
    assert calibration.durations_from == "start/complete"
    assert [s.name for s in model.steps] == ["Register", "Repair", "Treat"]
    register, repair, treat = (model.step(n) for n in ("Register", "Repair", "Treat"))
    # Durations: Register uniform(5, 15) has mean 10; Repair is 20 every time; Treat mean 30.
    assert register.duration.kind == "empirical"
    assert register.duration.expected == pytest.approx(10.0, rel=0.03)
    assert set(repair.duration.values) == {20.0}
    assert treat.duration.expected == pytest.approx(30.0, rel=0.1)
    # Resources: three clerks, five fitters, four nurses.
    assert (register.resources, repair.resources, treat.resources) == (3, 5, 4)
    # Routing: 70% to Repair, 30% to Treat (about 2,000 cases: 3 standard errors is 0.03).
    chances = {f.target: f.chance for f in model.outgoing("Register")}
    assert chances["Repair"] == pytest.approx(0.7, abs=0.03)
    assert sum(chances.values()) == pytest.approx(1.0)
    assert {f.target for f in model.outgoing("Repair")} == {"end"}
    # The observed wait before Repair and Treat: 10 minutes; before Register none.
    assert repair.wait_before == pytest.approx(10.0) and register.wait_before == 0
    # Arrivals by hour of the day: 67 a day in all, 6 an hour in the day.
    assert model.arrivals is not None and model.arrivals.kind == "schedule"
    per_hour = model.arrivals.per_hour
    assert sum(per_hour) == pytest.approx(sum(PER_HOUR), rel=0.05)
    assert np.mean(per_hour[8:18]) == pytest.approx(6.0, rel=0.05)
    assert np.mean(per_hour[:8]) == pytest.approx(0.5, rel=0.3)
    # Real lead time: 10 + 10 + (0.7 x 20 + 0.3 x 30) = 43 minutes on average.
    assert calibration.observed_lead_time_mean == pytest.approx(43.0, rel=0.05)


def test_complete_events_alone_give_durations_from_the_gaps() -> None:
    # Without start events a duration is the gap since the case's previous event (wait
    # included): Repair's gap is 20; the first activity has no gap, so no duration.
    calibration = calibrate(**_log(lifecycle=False, wait=0.0))  # type: ignore[arg-type]
    model = calibration.model
    assert calibration.durations_from == "gaps"
    assert set(model.step("Repair").duration.values) == {20.0}
    assert model.step("Register").duration.kind == "fixed"
    assert model.step("Register").duration.mean == 0.0


def test_simulated_lead_time_is_shown_beside_the_real_one() -> None:
    # No waits in the log and light loads: the calibrated model reproduces the real lead time
    # (Register + Repair or Treat: 10 + 0.7 x 20 + 0.3 x 30 = 33 minutes) within 10%.
    calibration = calibrate(**_log(lifecycle=True, wait=0.0))  # type: ignore[arg-type]
    check = credibility(calibration, RunOptions(replications=4, horizon=10 * 1440,
                                                warmup=1440, seed=1))
    assert check.observed_mean == pytest.approx(33.0, rel=0.05)
    assert check.simulated.mean is not None
    assert check.relative_gap is not None and abs(check.relative_gap) < 0.10


def test_an_empty_or_timeless_log_is_refused() -> None:
    with pytest.raises(ValidationError):
        calibrate(case=np.array([], np.int32), activity=np.array([], np.int32),
                  timestamp=np.array([], np.int64), activity_names=())
    with pytest.raises(ValidationError, match="two cases"):
        calibrate(case=np.array([0, 0]), activity=np.array([0, 0]),
                  timestamp=np.array([0, MIN]), activity_names=("A",))
