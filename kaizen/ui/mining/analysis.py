"""What the mining screen shows, computed off the GUI thread from a log and the filters.

:func:`analyse` applies the filters in Disco's order (time window, variant, attribute, then the
activity slider on the events and the path slider on the edges) and gathers every figure the
screen shows, the Graphviz layout included, into one :class:`MiningResult`. It imports no Qt, so
a worker runs it and tests call it directly. The engine (:mod:`kaizen.mining`) does the maths.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from kaizen.mining.discovery import (
    DfgEdge,
    Durations,
    Variant,
    case_duration_stats,
    case_durations_s,
    directly_follows,
    end_activities,
    start_activities,
    variants,
)
from kaizen.mining.filters import (
    keep_attribute,
    keep_top_activities,
    keep_top_paths,
    keep_variant,
    time_window,
)
from kaizen.mining.findings import Bottleneck, Rework, bottlenecks, rework, span_s
from kaizen.mining.lifecycle import ActivityTimes, activity_times, has_start_complete
from kaizen.mining.log import EventLog
from kaizen.ui.mining import layout as graph_layout
from kaizen.ui.mining.layout import END, START, GraphLayout, pseudo_label
from kaizen.ui.mining.text import count

MAX_CASES_LISTED = 200


@dataclass(frozen=True)
class FilterSpec:
    """The filters, as the panel sets them; the defaults keep everything."""

    activities_pct: float = 100.0
    paths_pct: float = 100.0
    start_ns: int | None = None            # time window (cases contained in it), UTC ns
    end_ns: int | None = None
    variant: tuple[str, ...] | None = None
    resource: str | None = None

    @property
    def is_default(self) -> bool:
        return self == FilterSpec()


@dataclass(frozen=True)
class MiningResult:
    log_name: str
    spec: FilterSpec
    log: EventLog                       # the filtered log (clicks list its cases)
    cases: int
    events: int
    activity_events: dict[str, int]     # events per activity shown, most first
    start: dict[str, int]
    end: dict[str, int]
    edges: list[DfgEdge]                # the edges the path slider keeps
    all_edges: int
    variants: list[Variant]
    durations: Durations
    span_s: float
    activity_times: list[ActivityTimes]
    bottlenecks: list[Bottleneck]
    rework: list[Rework]
    layout: GraphLayout | None
    layout_error: str | None = None
    lifecycle: bool = False
    resources: tuple[str, ...] = field(default=())
    case_durations_s: np.ndarray = field(default_factory=lambda: np.zeros(0))


def filtered(log: EventLog, spec: FilterSpec) -> EventLog:
    """The log after the filters that remove events or cases (not the path slider)."""
    if spec.start_ns is not None and spec.end_ns is not None:
        log = time_window(log, spec.start_ns, spec.end_ns, "contained")
    if spec.variant is not None:
        log = keep_variant(log, spec.variant)
    if spec.resource is not None:
        log = keep_attribute(log, "resource", [spec.resource], "events")
    if spec.activities_pct < 100:
        log = keep_top_activities(log, spec.activities_pct)
    return log


def analyse(log: EventLog, spec: FilterSpec, *, log_name: str = "",
            with_layout: bool = True) -> MiningResult:
    """Every figure of the screen for ``log`` under ``spec``."""
    shown = filtered(log, spec)
    all_edges = directly_follows(shown)
    kept = keep_top_paths(all_edges, spec.paths_pct) if all_edges else []
    counts = np.bincount(shown.activity, minlength=len(shown.activity_names))
    names = shown.activity_names
    per_activity = {names[a]: int(counts[a])
                    for a in sorted(np.flatnonzero(counts), key=lambda a: (-counts[a], names[a]))}
    start = start_activities(shown) if shown.events else {}
    end = end_activities(shown) if shown.events else {}
    graph, error = None, None
    if with_layout:
        try:
            graph = graph_layout.layout(*graph_input(per_activity, start, end, kept))
        except graph_layout.LayoutError as exc:
            error = str(exc)
    used = np.unique(shown.resource[shown.resource >= 0]) if shown.events else []
    return MiningResult(
        log_name=log_name, spec=spec, log=shown, cases=shown.cases, events=shown.events,
        activity_events=per_activity, start=start, end=end, edges=kept,
        all_edges=len(all_edges), variants=variants(shown),
        durations=case_duration_stats(shown), span_s=span_s(shown),
        activity_times=activity_times(shown), bottlenecks=bottlenecks(shown, all_edges),
        rework=rework(shown), layout=graph, layout_error=error,
        lifecycle=has_start_complete(shown),
        resources=tuple(sorted(shown.resource_names[int(r)] for r in used)),
        case_durations_s=case_durations_s(shown))


def graph_input(per_activity: dict[str, int], start: dict[str, int], end: dict[str, int],
                edges: Sequence[DfgEdge]) -> tuple[list[tuple[str, list[str]]],
                                                    list[tuple[str, str, str]]]:
    """Nodes (name, label lines) and edges (source, target, label) for the layout, with the
    start and end pseudo nodes joined to the start and end activities."""
    nodes: list[tuple[str, list[str]]] = []
    if start:  # sized for the label shown (translated); keyed by the constant
        nodes.append((START, [pseudo_label(START)]))
    nodes.extend((name, [name, count(n)]) for name, n in per_activity.items())
    if end:
        nodes.append((END, [pseudo_label(END)]))
    links = [(START, name, count(n)) for name, n in start.items()]
    links += [(e.source_name, e.target_name, count(e.count)) for e in edges]
    links += [(name, END, count(n)) for name, n in end.items()]
    return nodes, links


def edge_rows(log: EventLog, source: str, target: str) -> np.ndarray:
    """The rows (of ``log``) where ``source`` is directly followed by ``target``: the first
    event of each such pair."""
    codes = {name: code for code, name in enumerate(log.activity_names)}
    if source not in codes or target not in codes or log.events < 2:
        return np.zeros(0, dtype=np.int64)
    same = log.case[1:] == log.case[:-1]
    hit = same & (log.activity[:-1] == codes[source]) & (log.activity[1:] == codes[target])
    return np.flatnonzero(hit)


def edge_cases(log: EventLog, source: str, target: str) -> list[str]:
    """The cases in which ``source`` is directly followed by ``target``, in log order."""
    rows = edge_rows(log, source, target)
    return _case_names(log, log.case[rows])


def activity_cases(log: EventLog, activity: str) -> list[str]:
    """The cases that hold ``activity``, in log order."""
    codes = {name: code for code, name in enumerate(log.activity_names)}
    if activity not in codes:
        return []
    return _case_names(log, log.case[log.activity == codes[activity]])


def _case_names(log: EventLog, case_codes: np.ndarray) -> list[str]:
    unique = case_codes[np.sort(np.unique(case_codes, return_index=True)[1])]
    return [log.case_names[int(c)] for c in unique]
