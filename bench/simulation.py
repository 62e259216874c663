"""Simulation figures of issue 20: replications of a 10-step model across the worker processes.

``large``: 20 replications x 10,000 cases each through a 10-step line (100,000 step visits per
replication) on 2 worker processes; target under 10 s. ``small``: 4 replications x 2,000 cases.

- ``simulate_<reps>x10x<cases>_s``: wall time of ``simulate`` with 2 workers (process start-up,
  every replication, the summary);
- ``simulate_replication_cpu_s``: CPU time of one replication in this process, which a busy
  machine stretches less than the wall time;
- ``simulate_visits_per_cpu_s``: step visits per CPU second from the same replication.
"""

from __future__ import annotations

import time

from bench.search import line
from kaizen.domain.process_model import ProcessModel, parse_model
from kaizen.simulation import RunOptions, run_replication, simulate

SHAPES = {"large": {"replications": 20, "cases": 10_000, "runs": 3},
          "small": {"replications": 4, "cases": 2_000, "runs": 3}}
STEPS = 10


def ten_step_model() -> ProcessModel:
    """A line of ten steps, one arrival a minute on average, each step 55-85% loaded, with the
    document's duration kinds mixed."""
    kinds = [
        {"distribution": "exponential", "mean": 0.7},
        {"distribution": "triangular", "min": 0.5, "mode": 1.2, "max": 2.5},
        {"distribution": "lognormal", "mean": 1.6, "sd": 0.8},
        {"distribution": "normal", "mean": 0.6, "sd": 0.2},
        {"distribution": "exponential", "mean": 2.2},
    ]
    resources = [1, 2, 2, 1, 3]
    steps = [{"name": f"Step {i + 1}", "value": "value-adding", "resources": resources[i % 5],
              "duration": kinds[i % 5]} for i in range(STEPS)]
    names = ["start", *[s["name"] for s in steps], "end"]
    flows = [{"from": a, "to": b} for a, b in zip(names, names[1:], strict=False)]
    return parse_model({"name": "Bench line", "time_unit": "minute",
                        "arrivals": {"distribution": "exponential", "mean": 1.0},
                        "steps": steps, "flows": flows})


def run(scale: str, runs: int | None = None) -> None:
    shape = SHAPES[scale]
    model = ten_step_model()
    reps, cases = shape["replications"], shape["cases"]
    # Arrivals every minute on average: the horizon brings `cases` cases; a tenth is warm-up.
    options = RunOptions(replications=reps, horizon=float(cases), warmup=cases / 10, seed=1)
    walls = []
    for _ in range(runs or shape["runs"]):
        started = time.perf_counter()
        result = simulate(model, options, workers=2)
        walls.append(time.perf_counter() - started)
    print(f"# simulation: {reps} replications x {cases:,} cases x {STEPS} steps on 2 worker "
          f"processes; lead time {result.lead_time.mean:.1f} min, throughput "
          f"{result.throughput.mean:.3f}/min", flush=True)
    line(f"simulate_{reps}x{STEPS}x{cases // 1000}k_s", walls, "s")
    cpu = []
    for r in range(3):
        started = time.process_time()
        one = run_replication(model, horizon=float(cases), warmup=cases / 10, seed=1,
                              replication=r)
        cpu.append(time.process_time() - started)
    visits = sum(one.visits.values()) / (1 - 0.1)  # the visits counted are the window's
    line("simulate_replication_cpu_s", cpu, "s")
    line("simulate_visits_per_cpu_s", [visits / c for c in cpu], "visits/s")
    if scale == "large":
        print("#   target: 20 replications x 10,000 cases of a 10-step model under 10 s on "
              "2 cores", flush=True)
