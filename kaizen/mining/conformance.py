"""Conformance: replay an event log on a process map's directly-follows structure.

The map is read as the Petri net pm4py builds from a directly-follows graph ("activity defines
place", pm4py 2.7 ``objects/conversion/dfg``): a place per step holding "the last step done was
this one", a source and a sink; a transition labelled B per flow A -> B (and per start flow
source -> B), and a silent transition to the sink from each step that flows to ``end``.

Two readings of fit come out of one replay of each variant:

- **Token-based replay** (A. Rozinat and W. van der Aalst, "Conformance checking of processes
  based on monitoring real behavior", *Information Systems* 33(1), 2008; as pm4py 2.7's
  ``token_replay`` counts it): produced p, consumed c, missing m and remaining r tokens; a case's
  fitness is ½(1 − m/c) + ½(1 − r/p), the log's is the same over the summed counts. As in
  pm4py, an event whose activity is no step of the map is passed over by the replay (and
  listed as an extra step).
- **Strict fit** (issue 19): a case fits when every directly-follows pair of it, start and end
  included, is a flow of the map, so a step the map does not know makes it deviate.

For a deviating case the pairs the map does not allow are explained, alignments-lite: when the
map leads from the first to the second by a shortest path, the steps on it were *skipped*; when
it leads only the other way, the two ran in the *wrong order*; an activity the map lacks is an
*extra* step. Variants are replayed once each (numpy groups the cases), so the work grows with
the variants, not the events.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass

import numpy as np

from kaizen.domain.process_model import ProcessModel
from kaizen.i18n import translate
from kaizen.mining.discovery import variant_ids
from kaizen.mining.log import EventLog

START, END = "start", "end"


@dataclass(frozen=True)
class MapStructure:
    """What replay needs of a map: its steps and its flows (``start``/``end`` included)."""

    steps: tuple[str, ...]
    flows: frozenset[tuple[str, str]]

    @property
    def starts(self) -> frozenset[str]:
        return frozenset(b for a, b in self.flows if a == START)

    @property
    def ends(self) -> frozenset[str]:
        return frozenset(a for a, b in self.flows if b == END)


def structure_of(model: ProcessModel) -> MapStructure:
    """A process model document's steps and flows (docs/process-model.md)."""
    return MapStructure(tuple(s.name for s in model.steps),
                        frozenset((f.source, f.target) for f in model.flows))


@dataclass(frozen=True)
class Deviation:
    kind: str                  # "skipped", "extra", "wrong order", "not allowed"
    source: str                # the pair at fault (start / end at the ends)
    target: str
    steps: tuple[str, ...]     # the skipped steps, or the extra activity

    def text(self) -> str:
        if self.kind == "skipped":
            return translate(
                "mining.conformance", "skipped {steps} between {source} and {target}").format(
                    steps=', '.join(self.steps), source=self.source, target=self.target)
        if self.kind == "extra":
            return translate(
                "mining.conformance", "{step} is not a step of the map").format(step=self.steps[0])
        if self.kind == "wrong order":
            return translate(
                "mining.conformance", "{target} after {source}: out of the map's order").format(
                    target=self.target, source=self.source)
        return translate(
            "mining.conformance", "{source} → {target} is not a flow of the map").format(
                source=self.source, target=self.target)


@dataclass(frozen=True)
class CaseFit:
    case: str
    activities: tuple[str, ...]
    fits: bool                 # strict: every pair a flow of the map
    fitness: float             # token-based replay, 0..1
    deviations: tuple[Deviation, ...]


@dataclass(frozen=True)
class EdgeCount:
    source: str
    target: str
    count: int                 # occurrences over all cases


@dataclass(frozen=True)
class Conformance:
    cases: int
    fitting_cases: int         # strict fit
    replay_fitting_cases: int  # no missing and no remaining token (pm4py's fitting traces)
    log_fitness: float         # ½(1 − Σm/Σc) + ½(1 − Σr/Σp)
    average_fitness: float     # the mean of the cases' fitness
    disallowed: tuple[EdgeCount, ...]       # pairs the map has no flow for, most first
    skipped: tuple[tuple[str, int], ...]    # step -> cases that skipped it
    extra: tuple[tuple[str, int], ...]      # activity not in the map -> cases holding it
    wrong_order: tuple[EdgeCount, ...]
    unseen_steps: tuple[str, ...]           # steps of the map no case ran
    deviating: tuple[CaseFit, ...]          # the cases that do not fit, in case order
    variants: tuple[CaseFit, ...]           # one per variant (case = an example), most first

    @property
    def fitness(self) -> float:
        """The share of cases that fit strictly (issue 19's fitness), 0..1."""
        return self.fitting_cases / self.cases if self.cases else 1.0


@dataclass(frozen=True)
class _Replay:
    missing: int
    consumed: int
    remaining: int
    produced: int
    deviations: tuple[Deviation, ...]

    @property
    def fitness(self) -> float:
        if self.consumed > 0 and self.produced > 0:
            return 0.5 * (1 - self.missing / self.consumed) + 0.5 * (
                1 - self.remaining / self.produced)
        return 1.0


class _Net:
    """The map's places and flows, with shortest paths for the explanations."""

    def __init__(self, structure: MapStructure) -> None:
        self.steps = set(structure.steps)
        self.flows = structure.flows
        self.ends = structure.ends
        self.inputs: dict[str, set[str]] = {}
        self.after: dict[str, list[str]] = {}
        for a, b in sorted(structure.flows):
            self.after.setdefault(a, []).append(b)
            if b != END:
                self.inputs.setdefault(b, set()).add(a)

    def path(self, a: str, b: str, done: set[str]) -> tuple[str, ...] | None:
        """The steps strictly between ``a`` and ``b`` on the map's way that skips the fewest
        steps the case did not do, then the shortest (an alignment's cheapest model moves);
        None when the map has no way."""
        best: dict[str, tuple[int, int]] = {a: (0, 0)}
        heap: list[tuple[int, int, str, tuple[str, ...]]] = [(0, 0, a, ())]
        while heap:
            undone, length, node, via = heapq.heappop(heap)
            for nxt in self.after.get(node, ()):
                if nxt == b:
                    return via
                if nxt == END:
                    continue
                cost = (undone + (nxt not in done), length + 1)
                if cost < best.get(nxt, (1 << 30, 0)):
                    best[nxt] = cost
                    heapq.heappush(heap, (*cost, nxt, (*via, nxt)))
        return None

    def explain(self, a: str, b: str, done: set[str]) -> Deviation:
        """Why ``a`` -> ``b`` is not a flow: the map's shorter way between the two decides
        the direction; steps on the way the case never did were skipped, and when it did them
        all (elsewhere), the steps ran out of the map's order."""
        forward = self.path(a, b, done)
        backward = (self.path(b, a, done) if a not in (START, END) and b not in (START, END)
                    else None)
        if forward is not None and (backward is None or len(forward) <= len(backward)):
            skipped = tuple(step for step in forward if step not in done)
            if skipped:
                return Deviation("skipped", a, b, skipped)
            return Deviation("wrong order", a, b, ())
        if backward is not None:
            return Deviation("wrong order", a, b, ())
        return Deviation("not allowed", a, b, ())

    def replay(self, trace: tuple[str, ...]) -> _Replay:
        marking: Counter[str] = Counter({START: 1})
        missing = consumed = 0
        produced = 1
        deviations: list[Deviation] = []
        previous = START
        done = set(trace)
        for activity in trace:
            if activity not in self.steps or activity not in self.inputs:
                deviations.append(Deviation("extra", previous, activity, (activity,)))
                continue
            if (previous, activity) not in self.flows:
                deviations.append(self.explain(previous, activity, done))
            # Prefer the token the last step left (the case's own thread of work), then any
            # other enabled input, by name; with none, the missing token is counted.
            places = self.inputs[activity]
            if previous in places and marking[previous] > 0:
                marking[previous] -= 1
            else:
                enabled = sorted(p for p in places if marking[p] > 0)
                if enabled:
                    marking[enabled[0]] -= 1
                else:
                    missing += 1
            consumed += 1
            produced += 1
            marking[activity] += 1
            previous = activity
        if (previous, END) not in self.flows:
            deviations.append(self.explain(previous, END, done) if previous != START
                              else Deviation("not allowed", START, END, ()))
        # pm4py moves one token to the sink through the first (by name) end step marked.
        for place in sorted(p for p, n in marking.items() if n > 0):
            if place in self.ends:
                marking[place] -= 1
                marking[END] += 1
                consumed += 1
                produced += 1
                break
        if marking[END] == 0:
            missing += 1
        consumed += 1  # the final marking's token
        remaining = sum(marking.values()) - min(marking[END], 1)
        return _Replay(missing, consumed, remaining, produced, tuple(deviations))


def check(log: EventLog, structure: MapStructure, *, list_cases: int = 1000) -> Conformance:
    """Replay every case of ``log`` on ``structure``; ``list_cases`` caps the deviating cases
    listed (the counts cover them all)."""
    net = _Net(structure)
    names = log.activity_names
    if log.cases == 0:
        return Conformance(0, 0, 0, 1.0, 1.0, (), (), (), (), tuple(sorted(structure.steps)),
                           (), ())
    ids, keys = variant_ids(log)
    counts = np.bincount(ids, minlength=len(keys))
    traces = [tuple(names[c] for c in np.frombuffer(k, dtype=np.int32)) for k in keys]
    replays = [net.replay(t) for t in traces]

    m = c = r = p = 0
    fit = replay_fit = 0
    fitness_sum = 0.0
    disallowed: Counter[tuple[str, str]] = Counter()
    wrong: Counter[tuple[str, str]] = Counter()
    skipped: Counter[str] = Counter()
    extra: Counter[str] = Counter()
    seen: set[str] = set()
    for trace, rep, n in zip(traces, replays, counts.tolist(), strict=True):
        m, c = m + rep.missing * n, c + rep.consumed * n
        r, p = r + rep.remaining * n, p + rep.produced * n
        fitness_sum += rep.fitness * n
        fit += n if not rep.deviations else 0
        replay_fit += n if rep.missing == 0 and rep.remaining == 0 else 0
        seen.update(trace)
        for d in rep.deviations:
            if d.kind != "extra":
                disallowed[(d.source, d.target)] += n
            if d.kind == "wrong order":
                wrong[(d.source, d.target)] += n
        # A case counts once per skipped step or extra activity, however often it happens.
        for step in {s for d in rep.deviations if d.kind == "skipped" for s in d.steps}:
            skipped[step] += n
        for activity in {d.steps[0] for d in rep.deviations if d.kind == "extra"}:
            extra[activity] += n
        # Extra steps break the strict pairs around them too.
        if any(d.kind == "extra" for d in rep.deviations):
            _pairs_around_extra(trace, net, disallowed, n)

    case_codes = log.case_codes()
    # The first ``list_cases`` deviating cases, found in numpy (a log may hold millions).
    bad_variant = np.array([bool(rep.deviations) for rep in replays])
    listed = np.flatnonzero(bad_variant[ids])[:max(list_cases, 0)]
    deviating = [_case_fit(log.case_names[int(case_codes[i])], traces[v], replays[v])
                 for i, v in zip(listed.tolist(), ids[listed].tolist(), strict=True)]
    order = sorted(range(len(keys)), key=lambda v: (-counts[v], traces[v]))
    first_case = np.full(len(keys), -1, dtype=np.int64)
    first_case[ids[::-1]] = np.arange(len(ids))[::-1]
    by_variant = tuple(
        _case_fit(log.case_names[int(case_codes[first_case[v]])], traces[v], replays[v])
        for v in order)
    return Conformance(
        cases=log.cases, fitting_cases=fit, replay_fitting_cases=replay_fit,
        log_fitness=(0.5 * (1 - m / c) + 0.5 * (1 - r / p)) if c and p else 1.0,
        average_fitness=fitness_sum / log.cases,
        disallowed=_edges(disallowed), skipped=_ranked(skipped), extra=_ranked(extra),
        wrong_order=_edges(wrong),
        unseen_steps=tuple(sorted(net.steps - seen)),
        deviating=tuple(deviating), variants=by_variant)


def _pairs_around_extra(trace: tuple[str, ...], net: _Net,
                        disallowed: Counter[tuple[str, str]], n: int) -> None:
    """Count the raw pairs that touch an activity the map lacks (prev -> extra -> next)."""
    full = (START, *trace, END)
    for a, b in zip(full, full[1:], strict=False):
        if (a not in net.steps and a != START) or (b not in net.steps and b != END):
            disallowed[(a, b)] += n


def _case_fit(case: str, trace: tuple[str, ...], rep: _Replay) -> CaseFit:
    return CaseFit(case, trace, not rep.deviations, rep.fitness, rep.deviations)


def _edges(counter: Counter[tuple[str, str]]) -> tuple[EdgeCount, ...]:
    return tuple(EdgeCount(a, b, n) for (a, b), n in
                 sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _ranked(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
