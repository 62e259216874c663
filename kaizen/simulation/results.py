"""Figures over replications: each a mean with its 95% confidence interval (Student t with
n - 1 degrees of freedom over the replications' own figures, which are independent).

A replication with nothing to measure for a figure (no case finished, no visit to a step) leaves
it out of that figure's interval; with fewer than two values there is no interval (None).

Pure (scipy.special's Student t quantile: lighter to import in each worker than scipy.stats).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kaizen.simulation.engine import ReplicationResult


@dataclass(frozen=True)
class Estimate:
    mean: float | None
    low: float | None
    high: float | None
    n: int

    @property
    def half_width(self) -> float | None:
        return None if self.low is None or self.high is None else (self.high - self.low) / 2

    def contains(self, value: float) -> bool:
        return self.low is not None and self.high is not None and self.low <= value <= self.high

    def to_dict(self) -> dict[str, Any]:
        return {"mean": self.mean, "ci95": [self.low, self.high]}


def estimate(values: Iterable[float]) -> Estimate:
    """Mean and 95% t-interval of the finite ``values``."""
    data = [v for v in values if v is not None and math.isfinite(v)]
    n = len(data)
    if n == 0:
        return Estimate(None, None, None, 0)
    mean = math.fsum(data) / n
    if n < 2:
        return Estimate(mean, None, None, n)
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in data) / (n - 1))
    from scipy.special import stdtrit  # at use: importing the engine must not load scipy

    half = float(stdtrit(n - 1, 0.975)) * sd / math.sqrt(n)
    return Estimate(mean, mean - half, mean + half, n)


@dataclass(frozen=True)
class StepFigures:
    name: str
    wait: Estimate  # mean queue wait per visit
    utilisation: Estimate  # 0 to 1
    visits: Estimate  # visits per replication in the window
    observed_wait: float  # the map's wait_before, for comparison


@dataclass(frozen=True)
class SimulationResult:
    time_unit: str
    horizon: float
    warmup: float
    seed: int
    throughput: Estimate
    lead_time: Estimate
    lead_time_p90: Estimate
    wip: Estimate
    steps: tuple[StepFigures, ...]
    runs: tuple[ReplicationResult, ...] = field(repr=False)
    warnings: tuple[str, ...] = ()

    @property
    def replications(self) -> int:
        return len(self.runs)

    def step(self, name: str) -> StepFigures:
        return next(s for s in self.steps if s.name == name)

    def to_dict(self) -> dict[str, Any]:
        """The document ``kaizen simulate --json`` prints (docs/simulation.md)."""
        return {
            "replications": self.replications,
            "time_unit": self.time_unit,
            "throughput": self.throughput.to_dict(),
            "lead_time": self.lead_time.to_dict(),
            "lead_time_p90": self.lead_time_p90.to_dict(),
            "wip": self.wip.to_dict(),
            "steps": {s.name: {"wait": s.wait.to_dict(),
                               "utilisation": s.utilisation.to_dict(),
                               "observed_wait": s.observed_wait}
                      for s in self.steps},
            "warnings": list(self.warnings),
        }


def summarise(runs: list[ReplicationResult], *, time_unit: str, horizon: float,
              warmup: float, seed: int, observed: dict[str, float],
              warnings: tuple[str, ...] = ()) -> SimulationResult:
    runs = sorted(runs, key=lambda r: r.replication)
    names = list(observed)
    return SimulationResult(
        time_unit=time_unit, horizon=horizon, warmup=warmup, seed=seed,
        throughput=estimate(r.throughput for r in runs),
        lead_time=estimate(r.lead_time for r in runs),
        lead_time_p90=estimate(r.lead_time_p90 for r in runs),
        wip=estimate(r.wip for r in runs),
        steps=tuple(StepFigures(name,
                                wait=estimate(r.waits[name] for r in runs),
                                utilisation=estimate(r.utilisation[name] for r in runs),
                                visits=estimate(float(r.visits[name]) for r in runs),
                                observed_wait=observed[name])
                    for name in names),
        runs=tuple(runs), warnings=warnings)
