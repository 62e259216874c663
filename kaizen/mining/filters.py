"""Filters as Disco users know them: the activity and path sliders, a time window, one
variant, an attribute value. Each returns a new :class:`EventLog` (or edge list) and leaves the
original alone; the dictionaries are shared, so codes keep their meaning.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np

from kaizen.domain.errors import ValidationError
from kaizen.i18n import translate
from kaizen.mining.discovery import DfgEdge, variant_ids
from kaizen.mining.log import EventLog


def _check_percent(percent: float, field: str) -> None:
    if not isinstance(percent, int | float) or not 0 <= percent <= 100:
        raise ValidationError(translate(
            "mining.filters", "Give a percentage from 0 to 100 (got {percent!r}).").format(
                percent=percent), field)


def _how_many(percent: float, n: int) -> int:
    # At least one item stays: a 0% slider still shows the most frequent activity, as Disco does.
    return max(1, math.ceil(n * percent / 100 - 1e-9)) if n else 0


def keep_top_activities(log: EventLog, percent: float) -> EventLog:
    """Only the events of the most frequent ``percent``% of activities (by event count, ties
    by name); cases left with no events disappear."""
    _check_percent(percent, "activities")
    counts = np.bincount(log.activity, minlength=len(log.activity_names))
    present = [int(a) for a in np.flatnonzero(counts)]
    present.sort(key=lambda a: (-counts[a], log.activity_names[a]))
    kept = present[:_how_many(percent, len(present))]
    if len(kept) == len(present):
        return log
    keep = np.zeros(len(log.activity_names), dtype=bool)
    keep[kept] = True
    return log.take(keep[log.activity])


def keep_top_paths(edges: Sequence[DfgEdge], percent: float) -> list[DfgEdge]:
    """The most frequent ``percent``% of the graph's edges (the path slider), most frequent
    first; the events stay as they are."""
    _check_percent(percent, "paths")
    ranked = sorted(edges, key=lambda e: (-e.count, e.source_name, e.target_name))
    return ranked[:_how_many(percent, len(ranked))]


WindowMode = Literal["contained", "intersecting", "trim"]


def time_window(log: EventLog, start_ns: int, end_ns: int,
                mode: WindowMode = "contained") -> EventLog:
    """Cases wholly inside [start, end] (``contained``), cases with any event in it
    (``intersecting``), or only the events in it (``trim``). Times in ns since the epoch, UTC."""
    if end_ns < start_ns:
        raise ValidationError(translate(
            "mining.filters", "The window ends before it starts."), field="end")
    inside = (log.timestamp >= start_ns) & (log.timestamp <= end_ns)
    if mode == "trim":
        return log.take(inside)
    if mode not in ("contained", "intersecting"):
        raise ValidationError(translate(
            "mining.filters", "Unknown window mode '{mode}'.").format(mode=mode), field="mode")
    b = log.bounds
    per_case = np.add.reduceat(inside.astype(np.int64), b[:-1]) if log.events else inside
    lengths = np.diff(b)
    keep_case = per_case == lengths if mode == "contained" else per_case > 0
    return log.take(np.repeat(keep_case, lengths))


def keep_variant(log: EventLog, activities: Sequence[str]) -> EventLog:
    """Only the cases whose activity sequence is exactly ``activities``."""
    codes = {name: code for code, name in enumerate(log.activity_names)}
    if any(name not in codes for name in activities):
        return log.take(np.zeros(log.events, dtype=bool))
    wanted = np.array([codes[name] for name in activities], dtype=np.int32).tobytes()
    ids, keys = variant_ids(log)
    if wanted not in keys:
        return log.take(np.zeros(log.events, dtype=bool))
    keep_case = ids == keys.index(wanted)
    return log.take(np.repeat(keep_case, np.diff(log.bounds)))


Attribute = Literal["resource", "activity", "lifecycle"]


def keep_attribute(log: EventLog, attribute: Attribute, values: Iterable[str],
                   mode: Literal["events", "cases"] = "events") -> EventLog:
    """Events whose ``attribute`` is one of ``values`` (``events``), or whole cases with at
    least one such event (``cases``)."""
    column, names = {
        "resource": (log.resource, log.resource_names),
        "activity": (log.activity, log.activity_names),
        "lifecycle": (log.lifecycle, log.lifecycle_names),
    }.get(attribute, (None, ()))
    if column is None:
        raise ValidationError(translate(
            "mining.filters",
            "Unknown attribute '{attribute}': use resource, activity or lifecycle.").format(
                attribute=attribute), field="attribute")
    wanted = set(values)
    if attribute == "lifecycle":
        wanted = {value.lower() for value in wanted}
    codes = [code for code, name in enumerate(names) if name in wanted]
    hit = np.isin(column, np.array(codes, dtype=column.dtype)) if codes else np.zeros(
        log.events, dtype=bool)
    if mode == "events":
        return log.take(hit)
    if mode != "cases":
        raise ValidationError(translate(
            "mining.filters", "Unknown attribute filter mode '{mode}'.").format(mode=mode),
            field="mode")
    if not log.events:
        return log
    b = log.bounds
    keep_case = np.add.reduceat(hit.astype(np.int64), b[:-1]) > 0
    return log.take(np.repeat(keep_case, np.diff(b)))
