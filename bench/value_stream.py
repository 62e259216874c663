"""Value-stream figures of large maps: ``python -m bench.value_stream [--runs N]``.

A map of N steps in a line with a rework loop every tenth step (back three steps, 10 %), as
the map editor recomputes it after an edit: parse the document, then the figures. Prints
``BENCH value_stream_<N> <median> ms (min <x> max <y>, n <runs>)`` for 200 and 2000 steps (2000 is
the parser's limit), each after one warm-up run.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from kaizen.domain.process_model import parse_model
from kaizen.domain.value_stream import value_stream


def line_map(n: int) -> dict[str, Any]:
    steps = [{"name": f"S{i}", "value": "value-adding", "wait_before": 1,
              "duration": {"distribution": "fixed", "mean": 1 + i % 7}} for i in range(n)]
    flows: list[dict[str, Any]] = [{"from": "start", "to": "S0"}]
    for i in range(n - 1):
        if i % 10 == 9:
            flows += [{"from": f"S{i}", "to": f"S{i + 1}", "probability": 0.9},
                      {"from": f"S{i}", "to": f"S{i - 3}", "probability": 0.1}]
        else:
            flows.append({"from": f"S{i}", "to": f"S{i + 1}"})
    flows.append({"from": f"S{n - 1}", "to": "end"})
    return {"name": f"{n} steps", "steps": steps, "flows": flows}


def run(runs: int) -> None:
    for n in (200, 2000):
        doc = line_map(n)
        times = []
        for attempt in range(runs + 1):
            started = time.perf_counter()
            value_stream(parse_model(doc))
            if attempt:  # the first run warms up (imports, caches)
                times.append((time.perf_counter() - started) * 1000)
        print(f"BENCH value_stream_{n} {statistics.median(times):.1f} ms "
              f"(min {min(times):.1f} max {max(times):.1f}, n {runs})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.value_stream")
    parser.add_argument("--runs", type=int, default=7)
    run(parser.parse_args().runs)
