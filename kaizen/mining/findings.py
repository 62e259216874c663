"""Findings that become waste observations: bottlenecks (waiting) and rework (defects).

A bottleneck is a directly-follows edge ranked by the waiting hours it adds up to in a year: the
seconds of all its occurrences, scaled from the log's time span to 365.25 days. Rework is an
activity that happens more than once in a case (van der Aalst, *Process Mining*, 2nd ed., §
9.4 on loops and rework); for a log with start and complete events only the completions count,
so one execution is not counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kaizen.mining.discovery import DfgEdge, directly_follows
from kaizen.mining.lifecycle import has_start_complete, only_complete
from kaizen.mining.log import EventLog

YEAR_S = 365.25 * 86400


@dataclass(frozen=True)
class Bottleneck:
    source: str
    target: str
    count: int
    mean_s: float
    median_s: float
    hours_per_year: float


@dataclass(frozen=True)
class Rework:
    activity: str
    cases: int         # cases in which the activity repeats
    repeats: int       # executions beyond the first, over all cases
    share: float       # cases with the repeat / cases in which the activity occurs


def span_s(log: EventLog) -> float:
    """Seconds from the log's first event to its last."""
    if log.events == 0:
        return 0.0
    return float(log.timestamp.max() - log.timestamp.min()) / 1e9


def bottlenecks(log: EventLog, edges: list[DfgEdge] | None = None,
                limit: int | None = None) -> list[Bottleneck]:
    """Edges by total waiting hours per year, largest first (edges with no time left out).

    A log spanning less than a day is not scaled up (a year of it would be a guess)."""
    if edges is None:
        edges = directly_follows(log)
    span = span_s(log)
    scale = YEAR_S / span if span >= 86400 else 1.0
    found = [Bottleneck(e.source_name, e.target_name, e.count, e.mean_s, e.median_s,
                        e.total_s / 3600 * scale) for e in edges if e.total_s > 0]
    found.sort(key=lambda b: (-b.hours_per_year, b.source, b.target))
    return found[:limit] if limit is not None else found


def rework(log: EventLog) -> list[Rework]:
    """Activities repeated within a case, most cases first."""
    if has_start_complete(log):
        log = only_complete(log)
    if log.events == 0:
        return []
    width = len(log.activity_names)
    case_index = np.repeat(np.arange(log.cases, dtype=np.int64), np.diff(log.bounds))
    # One entry per (case, activity) present: memory grows with the events, not cases x activities.
    pairs, counts = np.unique(case_index * width + log.activity, return_counts=True)
    activity = pairs % width
    occurs = np.bincount(activity, minlength=width)
    repeated = np.bincount(activity[counts > 1], minlength=width)
    extra = np.bincount(activity, weights=counts - 1, minlength=width)
    out = [Rework(log.activity_names[a], int(repeated[a]), int(extra[a]),
                  float(repeated[a]) / float(occurs[a]))
           for a in np.flatnonzero(repeated)]
    out.sort(key=lambda r: (-r.cases, r.activity))
    return out
