"""Conformance of a large generated log against a map (issue 19): ``conformance_check_ms``, the
replay of every case of the bench's generated log (bench/mining_data.py, 2,000,000 events at the
large scale) on the directly-follows map of its two most frequent variants, so that most cases
deviate and their explanations are worked out (kaizen/mining/conformance.py)."""

from __future__ import annotations

from bench.mining_data import generate
from bench.search import line, timed
from kaizen.mining.conformance import END, START, MapStructure, check
from kaizen.mining.discovery import variants
from kaizen.mining.log import EventLog


def run(events: int, runs: int) -> None:
    cols = generate(events)
    width = int(cols["activity"].max()) + 1
    cases = int(cols["case"].max()) + 1
    log = EventLog.from_columns(cols["case"], cols["activity"], cols["timestamp"], None, None,
                                [str(i) for i in range(cases)], [f"a{i}" for i in range(width)],
                                presorted=True)
    top = [v.activities for v in variants(log)[:2]]
    flows = ({(a, b) for t in top for a, b in zip(t, t[1:], strict=False)}
             | {(START, t[0]) for t in top} | {(t[-1], END) for t in top})
    structure = MapStructure(tuple(sorted({a for t in top for a in t})), frozenset(flows))
    times, found = timed(lambda: check(log, structure), runs)
    print(f"# conformance: {log.events:,} events, {log.cases:,} cases on a map of the two "
          f"most frequent variants: {found.fitness:.1%} fit, token fitness "
          f"{found.log_fitness:.3f}", flush=True)
    line("conformance_check_ms", times, "ms")
