"""Before a run: the arrival rate the simulator will use, each step's expected visits per case
(the traffic equations, rework loops included) and its load; a step loaded at or above 100% is
unstable (its queue grows without limit) and is named in a warning.

Traffic equations (Jackson 1957; any queueing text, e.g. Kleinrock, Queueing Systems vol. 1,
section 4.8): with ``p0[j]`` the chance a case starts at step j and ``P[i][j]`` the chance it goes
from step i to step j, the expected visits solve ``v = p0 + P^T v``. The load of step j is
``rate x v[j] x E[duration j] / (resources j x share of the day its shifts cover)``.

Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kaizen.domain.process_model import END, START, Distribution, ModelError, ProcessModel
from kaizen.i18n import translate
from kaizen.simulation.calendar import ShiftCalendar, hour_length
from kaizen.simulation.sampling import expected


@dataclass(frozen=True)
class StepLoad:
    name: str
    visits: float  # expected visits per case
    load: float  # offered load per resource, 0 to 1 for a stable step

    @property
    def unstable(self) -> bool:
        return self.load >= 1.0


def arrival_distribution(model: ProcessModel) -> Distribution:
    """The model's arrivals; without them, its demand as a Poisson stream (``units`` in
    ``available_time``); without either, a ModelError: nothing would arrive."""
    if model.arrivals is not None:
        return model.arrivals
    if model.demand is not None:
        return Distribution("exponential", mean=model.demand.available_time / model.demand.units)
    raise ModelError(translate(
        "simulation.stability",
        'The model has no arrivals (and no demand) to simulate: add "arrivals".'),
                     field="arrivals")


def arrival_rate(model: ProcessModel) -> float:
    """Mean arrivals per model time unit (a schedule: its average over the day)."""
    dist = arrival_distribution(model)
    if dist.kind == "schedule":
        return sum(dist.per_hour) / (24.0 * hour_length(model.time_unit))
    mean = expected(dist)
    return float("inf") if mean == 0 else 1.0 / mean


def expected_visits(model: ProcessModel) -> dict[str, float]:
    """Visits per case to each step, from the traffic equations."""
    names = [s.name for s in model.steps]
    index = {name: i for i, name in enumerate(names)}
    n = len(names)
    p0 = np.zeros(n)
    routing = np.zeros((n, n))
    for flow in model.flows:
        if flow.target == END:
            continue
        j = index[flow.target]
        if flow.source == START:
            p0[j] += flow.chance
        else:
            routing[index[flow.source], j] += flow.chance
    # Every step has a way to end (the parser checks it), so I - P^T is invertible.
    visits = np.linalg.solve(np.eye(n) - routing.T, p0)
    return {name: float(visits[index[name]]) for name in names}


def step_loads(model: ProcessModel) -> list[StepLoad]:
    rate = arrival_rate(model)
    visits = expected_visits(model)
    hour = hour_length(model.time_unit)
    loads = []
    for step in model.steps:
        share = ShiftCalendar(step.shifts, hour).open_fraction if step.shifts else 1.0
        work = rate * visits[step.name] * expected(step.duration)
        loads.append(StepLoad(step.name, visits[step.name], work / (step.resources * share)))
    return loads


def stability_warnings(model: ProcessModel) -> list[str]:
    """One sentence per step loaded at or above 100%, naming it; empty for a stable model."""
    out = []
    for item in step_loads(model):
        if item.unstable:
            out.append(
                translate(
                    "simulation.stability",
                    'Step "{name}" is loaded at {load:.0%} (arrivals x visits x mean '
                    'duration / resources): its queue will grow for as long as the run '
                    'lasts, so its waits and the lead time depend on the horizon. Add '
                    'resources, shorten it or lower the demand.').format(
                        name=item.name, load=item.load))
    return out
