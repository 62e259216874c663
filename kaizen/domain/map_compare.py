"""Current state against future state: the deltas the side-by-side view shows.

Lead time and value-added ratio from :mod:`kaizen.domain.value_stream`, and which steps the future
state removes, adds or changes (by name; a step is changed when any of its fields differ). Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from kaizen.domain.process_model import ProcessModel
from kaizen.domain.value_stream import ValueStream, value_stream


@dataclass(frozen=True)
class MapDelta:
    before: ValueStream
    after: ValueStream
    lead_time: float  # after - before (negative: shorter)
    va_ratio: float  # after - before (positive: better)
    process_time: float
    removed: tuple[str, ...]  # in the current state's order
    added: tuple[str, ...]  # in the future state's order
    changed: tuple[str, ...]  # in the future state's order
    bottleneck_moved: bool


def compare_maps(current: ProcessModel, future: ProcessModel) -> MapDelta:
    before, after = value_stream(current), value_stream(future)
    old = {s.name: s for s in current.steps}
    new = {s.name: s for s in future.steps}
    old_flows: dict[str, set[tuple[str, float]]] = {f.source: set() for f in current.flows}
    for f in current.flows:
        old_flows[f.source].add((f.target, f.chance))
    new_flows: dict[str, set[tuple[str, float]]] = {f.source: set() for f in future.flows}
    for f in future.flows:
        new_flows[f.source].add((f.target, f.chance))
    changed = tuple(
        s.name for s in future.steps
        if s.name in old and (s != old[s.name]
                              or new_flows.get(s.name) != old_flows.get(s.name))
    )
    return MapDelta(
        before=before, after=after,
        lead_time=after.lead_time - before.lead_time,
        va_ratio=after.va_ratio - before.va_ratio,
        process_time=after.process_time - before.process_time,
        removed=tuple(s.name for s in current.steps if s.name not in new),
        added=tuple(s.name for s in future.steps if s.name not in old),
        changed=changed,
        bottleneck_moved=before.bottleneck != after.bottleneck,
    )
