"""Lifecycle transitions: keeping the ``complete`` events, and for logs with ``start`` and
``complete`` events the processing and waiting time of each activity.

Pairing as in the XES standard's lifecycle model (IEEE 1849-2016, ``standard`` extension) and
pm4py's interval lifecycle conversion: within a case, each ``complete`` closes the earliest open
``start`` of the same activity. Processing time runs from the start to the complete; waiting time
runs from the previous completion in the case (or the case's first event) to the start.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass

import numpy as np

from kaizen.mining.log import NO_CODE, EventLog

NS = 1e9


def only_complete(log: EventLog) -> EventLog:
    """The events whose lifecycle is ``complete`` (all of them when the log has no lifecycle
    column at all, as pm4py does)."""
    if not log.lifecycle_names:
        return log
    code = log.lifecycle_code("complete")
    if code == NO_CODE:  # lifecycles, but never "complete": nothing is kept
        return log.take(np.zeros(log.events, dtype=bool))
    return log.take(log.lifecycle == code)


def has_start_complete(log: EventLog) -> bool:
    return (log.lifecycle_code("start") != NO_CODE
            and log.lifecycle_code("complete") != NO_CODE)


@dataclass(frozen=True)
class ActivityTimes:
    activity: str
    instances: int            # start/complete pairs found
    processing_median_s: float
    processing_mean_s: float
    waiting_median_s: float
    waiting_mean_s: float
    processing_total_s: float
    waiting_total_s: float


def activity_times(log: EventLog) -> list[ActivityTimes]:
    """Per activity, the processing and waiting time of its start/complete pairs (activities
    with no pair are left out), most instances first."""
    start, complete = log.lifecycle_code("start"), log.lifecycle_code("complete")
    if start == NO_CODE or complete == NO_CODE:
        return []
    processing: dict[int, list[float]] = defaultdict(list)
    waiting: dict[int, list[float]] = defaultdict(list)
    act, life, ts = log.activity.tolist(), log.lifecycle.tolist(), log.timestamp.tolist()
    bounds = log.bounds.tolist()
    for first, end in zip(bounds[:-1], bounds[1:], strict=True):
        open_starts: dict[int, deque[tuple[int, int]]] = defaultdict(deque)
        last_done = ts[first]
        for row in range(first, end):
            a, kind = act[row], life[row]
            if kind == start:
                open_starts[a].append((ts[row], last_done))
            elif kind == complete:
                if open_starts[a]:
                    began, ready = open_starts[a].popleft()
                    processing[a].append((ts[row] - began) / NS)
                    waiting[a].append(max(began - ready, 0) / NS)
                last_done = ts[row]
    out = []
    for a, spans in processing.items():
        p, w = np.array(spans), np.array(waiting[a])
        out.append(ActivityTimes(log.activity_names[a], len(p), float(np.median(p)),
                                 float(p.mean()), float(np.median(w)), float(w.mean()),
                                 float(p.sum()), float(w.sum())))
    out.sort(key=lambda t: (-t.instances, t.activity))
    return out
