"""Value-stream figures of a process map: lead time, process time, value-added ratio, rolled %
complete and accurate, takt, the bottleneck and capacity against demand.

Pure: a :class:`~kaizen.domain.process_model.ProcessModel` in, a frozen dataclass out. The rules,
written out in docs/process-model.md ("Value-stream figures"):

* The **main path** follows, from ``start``, the most likely flow at each step (ties: the flow
  written first) among flows to a step not yet on the path from which ``end`` can still be reached
  without crossing the path; a flow back onto the path is rework, not the main path.
* **Rework** is weighted by expected visits. The counted steps are the main path's steps and every
  step in a loop with one of them (same strongly connected component). Kept flows: the main path's
  and those inside such a loop, rescaled per step to sum to 1. That absorbing Markov chain gives
  the expected visits v = p0 (I - Q)^-1 (Kemeny and Snell, Finite Markov Chains, ch. 3).
* The **bottleneck** weighs each step's duration by its expected visits in the *whole* map (every
  branch taken with its probability), divided by its resources.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from kaizen.domain.process_model import END, START, VALUE_ADDING, Flow, ProcessModel

Outgoing = Mapping[str, list[Flow]]


@dataclass(frozen=True)
class StepFigures:
    """One step's share of the figures (times in the map's unit)."""

    name: str
    on_main_path: bool
    # Counted in lead and process time (on the main path or in a loop with it).
    counted: bool
    # Expected visits per unit along the main path with its rework (0 when not counted).
    visits: float
    # Expected visits per unit over the whole map (every branch with its probability).
    visits_all: float
    wait: float
    duration: float
    # Work per unit at the step: visits_all x duration / resources (what the bottleneck compares).
    load: float


@dataclass(frozen=True)
class ValueStream:
    time_unit: str
    main_path: tuple[str, ...]
    lead_time: float
    process_time: float
    wait_time: float
    value_added_time: float
    va_ratio: float
    rolled_complete_accurate: float
    takt: float | None
    bottleneck: str
    bottleneck_load: float
    # Units the bottleneck can finish in the demand's available time (or per time unit without
    # demand); None when every step takes no time at all.
    capacity: float | None
    demand_units: float | None
    # Capacity / demand (>= 1: demand met); None without demand or with infinite capacity.
    capacity_ratio: float | None
    steps: tuple[StepFigures, ...]

    @property
    def meets_demand(self) -> bool | None:
        if self.demand_units is None:
            return None
        return self.capacity is None or self.capacity >= self.demand_units - 1e-9

    def summary(self) -> dict[str, float | str | None]:
        """The figures ``kaizen process show --json`` prints, by the issue's names."""
        return {
            "lead_time": self.lead_time, "process_time": self.process_time,
            "value_added_time": self.value_added_time, "va_ratio": self.va_ratio,
            "rolled_complete_accurate": self.rolled_complete_accurate, "takt": self.takt,
            "bottleneck": self.bottleneck,
        }


def value_stream(model: ProcessModel) -> ValueStream:
    """The figures of ``model`` (rules in the module docstring)."""
    names = [s.name for s in model.steps]
    means = {s.name: s.duration.expected for s in model.steps}
    out = outgoing(model)
    component = _components(model, out)
    path = main_path(model, out, component)
    on_path = set(path)
    looped = {component[n] for n in path}
    counted = [n for n in names if component[n] in looped]
    counted_set = set(counted)
    main_flows = set(zip(path, [*path[1:], END], strict=True))

    def kept(source: str, target: str) -> bool:
        if (source, target) in main_flows:
            return True
        return target != END and target in counted_set and component[target] == component[source]

    visits = expected_visits(model, counted, path[0], kept, out)
    visits_all = expected_visits(model, names, None, lambda _s, _t: True, out)

    lead = process = wait = value_added = 0.0
    for name in counted:
        step = model.step(name)
        lead += visits[name] * (step.wait_before + means[name])
        process += visits[name] * means[name]
        wait += visits[name] * step.wait_before
        if step.value == VALUE_ADDING:
            value_added += min(visits[name], 1.0) * means[name]
    rolled = math.prod(model.step(n).pct_complete_accurate / 100.0 for n in path)

    figures = []
    for s in model.steps:
        load = visits_all[s.name] * means[s.name] / s.resources
        figures.append(StepFigures(
            name=s.name, on_main_path=s.name in on_path, counted=s.name in counted_set,
            visits=visits.get(s.name, 0.0), visits_all=visits_all[s.name], wait=s.wait_before,
            duration=means[s.name], load=load,
        ))
    # max() keeps the first of equal loads: ties go to the step written first.
    neck = max(figures, key=lambda f: f.load)

    takt = None
    demand_units = None
    window = 1.0
    if model.demand is not None:
        takt = model.demand.available_time / model.demand.units
        demand_units = model.demand.units
        window = model.demand.available_time
    capacity = window / neck.load if neck.load > 0 else None
    ratio = None
    if demand_units is not None and capacity is not None:
        ratio = capacity / demand_units
    return ValueStream(
        time_unit=model.time_unit, main_path=tuple(path), lead_time=lead, process_time=process,
        wait_time=wait, value_added_time=value_added,
        va_ratio=value_added / lead if lead > 0 else 0.0,
        rolled_complete_accurate=rolled, takt=takt, bottleneck=neck.name,
        bottleneck_load=neck.load, capacity=capacity, demand_units=demand_units,
        capacity_ratio=ratio, steps=tuple(figures),
    )


def main_path(model: ProcessModel, out: Outgoing | None = None,
              component: dict[str, int] | None = None) -> list[str]:
    """The steps of the main path from start to end (rule in the module docstring)."""
    out = out if out is not None else outgoing(model)
    component = component if component is not None else _components(model, out)
    order = {f: i for i, f in enumerate(model.flows)}
    path: list[str] = []
    on_path: set[str] = set()
    here = START
    while True:
        # A flow from start straight to end (units that skip the process) is never the path.
        options = [f for f in out.get(here, ())
                   if (f.target == END and here != START)
                   or (f.target != END and f.target not in on_path
                       and _reaches_end(out, component, here, f.target, on_path))]
        # The parser guarantees end is reachable from every step, and each move keeps a way on
        # to end that avoids the path, so there is always an option.
        best = max(options, key=lambda f: (f.chance, -order[f]))
        if best.target == END:
            return path
        path.append(best.target)
        on_path.add(best.target)
        here = best.target


def _reaches_end(out: Outgoing, component: dict[str, int], here: str, origin: str,
                 on_path: set[str]) -> bool:
    """Whether ``origin`` reaches end without crossing the path (which ends at ``here``).

    The path runs through the components of the flow graph in their order, so a component after
    ``here``'s holds no step of it and still reaches end: only a walk inside ``here``'s own
    component (a rework loop) can be cut off, and only that is searched.
    """
    if here == START or component[origin] != component[here]:
        return True
    home = component[here]
    seen, todo = {origin}, [origin]
    while todo:
        for f in out.get(todo.pop(), ()):
            if f.target == END or component[f.target] != home:
                return True
            if f.target not in seen and f.target not in on_path:
                seen.add(f.target)
                todo.append(f.target)
    return False


def outgoing(model: ProcessModel) -> Outgoing:
    """The flows out of each step and out of start, in document order, looked up once."""
    out: dict[str, list[Flow]] = {}
    for f in model.flows:
        out.setdefault(f.source, []).append(f)
    return out


def expected_visits(model: ProcessModel, states: list[str], first: str | None,
                    keep: Callable[[str, str], bool],
                    out: Outgoing | None = None) -> dict[str, float]:
    """Expected visits of each state before absorption at ``end``: v = p0 (I - Q)^-1.

    ``states`` are the transient states; ``first`` the one every unit starts in (None: start's
    flows with their probabilities); ``keep(source, target)`` says which flows count, the
    probabilities out of each state being rescaled over the kept ones. Solved as a sparse
    system: a map has about as many flows as steps.
    """
    # Imported here, numpy too: the dashboard's process signals import this module and rarely
    # solve a chain (numpy alone was ~100 ms of CPU, scipy more).
    import numpy as np
    from scipy import sparse
    from scipy.sparse.linalg import spsolve

    out = out if out is not None else outgoing(model)
    index = {n: i for i, n in enumerate(states)}
    size = len(states)
    rows: list[int] = []
    cols: list[int] = []
    data: list[float] = []
    for name in states:
        kept = [f for f in out.get(name, ())
                if (f.target == END or f.target in index) and keep(name, f.target)]
        total = math.fsum(f.chance for f in kept)
        for f in kept:
            if f.target != END:
                # (I - Q)^T: the flow name -> target lands in row target, column name.
                rows.append(index[f.target])
                cols.append(index[name])
                data.append(-f.chance / total)
    p0 = np.zeros(size)
    if first is not None:
        p0[index[first]] = 1.0
    else:
        for f in out.get(START, ()):
            if f.target != END:
                p0[index[f.target]] += f.chance
    # v (I - Q) = p0  <=>  (I - Q)^T v^T = p0^T.
    system = sparse.identity(size, format="csc") + sparse.csc_matrix(
        (data, (rows, cols)), shape=(size, size))
    v = np.atleast_1d(spsolve(system, p0))
    return {n: max(float(v[index[n]]), 0.0) for n in states}


def _components(model: ProcessModel, out: Outgoing) -> dict[str, int]:
    """Strongly connected components of the steps (Tarjan's algorithm, iterative)."""
    edges: Mapping[str, Iterable[str]] = {
        s.name: [f.target for f in out.get(s.name, ()) if f.target != END]
        for s in model.steps
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    component: dict[str, int] = {}
    counter = components = 0
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = components
                    if member == node:
                        break
                components += 1
    return component
