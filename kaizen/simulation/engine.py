"""One replication of a process model: arrivals, steps as SimPy resources, routing by the flows'
probabilities (rework loops included), optional shifts; statistics over ``[warmup, horizon]``.

Random numbers: one independent numpy stream per purpose (arrivals; each step's durations; each
step's routing), seeded from ``(seed, replication, purpose, step name)`` with SeedSequence. The
step's NAME keys its streams, not its place in the list, so a scenario that removes or adds a
step leaves every other step's draws as they were: scenarios share arrivals, durations and
routing draw by draw (common random numbers).

What ``wait_before`` means here: it is the wait the map's author OBSERVED before the step. The
simulator does not add it: waiting emerges from the queues (cases competing for the step's
resources), and each step's simulated wait is reported beside the observed one, which tells
whether the model explains the real waits (docs/simulation.md).

Pure: SimPy and numpy, no Qt, no database.
"""

from __future__ import annotations

import bisect
import math
import zlib
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy

from kaizen.domain.process_model import END, SCHEDULE, START, Flow, ProcessModel
from kaizen.simulation.blocks import Station, SystemTally, source
from kaizen.simulation.calendar import HourlyRate, ShiftCalendar, hour_length
from kaizen.simulation.sampling import Stream, sampler, transform
from kaizen.simulation.stability import arrival_distribution

# Purposes of the random streams (part of each stream's seed: never renumber).
ARRIVALS, DURATION, ROUTING = 1, 2, 3
# Slices of one run between two looks at the cancel check.
SLICES = 20


class SimulationCancelled(Exception):
    """The user pressed Cancel: the run stopped, nothing is returned."""


@dataclass(frozen=True)
class ReplicationResult:
    """The figures of one replication (times in the model's unit; nan: nothing to measure)."""

    replication: int
    throughput: float  # cases finished per time unit in the window
    lead_time: float  # mean, of cases that arrived after the warm-up and finished
    lead_time_p90: float
    wip: float  # time-average cases in the system
    arrivals: int
    completed: int
    waits: dict[str, float]  # mean queue wait per visit
    utilisation: dict[str, float]  # busy share of the resources, 0 to 1
    visits: dict[str, int]


def stream(seed: int, replication: int, purpose: int, name: str = "") -> np.random.Generator:
    key = (replication, purpose, zlib.crc32(name.encode("utf-8")))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


def _router(flows: list[Flow], rng: np.random.Generator,
            stations: dict[str, Station]) -> Callable[[], Station | None]:
    targets = [None if f.target == END else stations[f.target] for f in flows]
    if len(targets) == 1:
        only = targets[0]
        return lambda: only
    cumulative = list(np.cumsum([f.chance for f in flows]))
    cumulative[-1] = math.inf  # the probabilities sum to 1 within rounding: never fall off
    draw = Stream(rng)
    return lambda: targets[bisect.bisect_right(cumulative, draw())]


def _arrival_times(model: ProcessModel, rng: np.random.Generator) -> Callable[[float], float]:
    """next_time(now) of the model's arrivals."""
    dist = arrival_distribution(model)
    if dist.kind == SCHEDULE:
        hourly = HourlyRate(dist.per_hour, hour_length(model.time_unit))
        unit = Stream(rng, lambda u: -np.log1p(-u))
        return lambda now: hourly.next_after(now, unit())
    gap = Stream(rng, transform(dist))
    return lambda now: now + gap()


def run_replication(model: ProcessModel, *, horizon: float, warmup: float, seed: int,
                    replication: int,
                    cancelled: Callable[[], bool] | None = None) -> ReplicationResult:
    """Simulate ``model`` from empty at time 0 (midnight) to ``horizon``; count from ``warmup``."""
    env = simpy.Environment()
    window = (warmup, horizon)
    hour = hour_length(model.time_unit)
    stations: dict[str, Station] = {}
    for step in model.steps:
        calendar = ShiftCalendar(step.shifts, hour) if step.shifts else None
        draws = sampler(step.duration, stream(seed, replication, DURATION, step.name))
        stations[step.name] = Station(env, step.name, step.resources, draws, calendar, window)
    for name, station in stations.items():
        station.route = _router(model.outgoing(name), stream(seed, replication, ROUTING, name),
                                stations)
    first = _router(model.outgoing(START), stream(seed, replication, ROUTING, START), stations)
    tally = SystemTally(window)

    def case(arrived: float) -> Generator[Any, Any, None]:  # a SimPy process
        tally.arrive(arrived)
        station = first()
        while station is not None:
            yield from station.visit()
            station = station.route()
        tally.depart(arrived, env.now)

    env.process(source(env, _arrival_times(model, stream(seed, replication, ARRIVALS)),
                       lambda now: env.process(case(now))))
    for k in range(1, SLICES + 1):
        if cancelled is not None and cancelled():
            raise SimulationCancelled()
        env.run(until=horizon * k / SLICES)
    tally.close()
    leads = tally.lead_times
    return ReplicationResult(
        replication=replication,
        throughput=tally.departures / tally.span,
        lead_time=math.fsum(leads) / len(leads) if leads else math.nan,
        lead_time_p90=float(np.percentile(leads, 90)) if leads else math.nan,
        wip=tally.area / tally.span,
        arrivals=tally.arrivals,
        completed=tally.departures,
        waits={name: s.mean_wait() for name, s in stations.items()},
        utilisation={name: s.utilisation() for name, s in stations.items()},
        visits={name: s.visits for name, s in stations.items()},
    )
