"""``kaizen simulate MODEL.json [--replications N] [--warmup T] [--horizon T] [--seed S] [--json]``
(issue 20): run a process model document's replications across the cores and print each figure
with its 95% confidence interval.

With ``--json`` it prints one document::

    {"replications": N, "time_unit": "minute",
     "throughput": {"mean": m, "ci95": [low, high]}, "lead_time": {...},
     "lead_time_p90": {...}, "wip": {...},
     "steps": {name: {"wait": {...}, "utilisation": {...}, "observed_wait": w}},
     "warnings": [...]}

Times are in the model's time unit; ``wait`` is the mean queue wait per visit; ``utilisation``
the busy share of the step's resources (0 to 1). The same seed gives the same numbers. A bad
model or option prints the reason in words and exits with 2, never a traceback; warnings (an
overloaded step) go to stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

USAGE_ERROR = 2


def add_parser(sub: Any) -> None:
    """The ``simulate`` subcommand on the main parser's subparsers."""
    sim = sub.add_parser(
        "simulate", help="run a process model (JSON) as a what-if simulation and print its "
                         "throughput, lead time, WIP and each step's wait and utilisation")
    sim.add_argument("model", metavar="MODEL.json", help="the process model document")
    sim.add_argument("--replications", type=int, default=10, metavar="N",
                     help="independent runs, spread over the cores (default 10)")
    sim.add_argument("--warmup", type=float, default=None, metavar="T",
                     help="time discarded at the start of each run, in the model's time unit "
                          "(default: a tenth of the horizon)")
    sim.add_argument("--horizon", type=float, default=None, metavar="T",
                     help="length of each run, in the model's time unit (default: long enough "
                          "for 10,000 arrivals, in whole days when there are shifts or a "
                          "schedule)")
    sim.add_argument("--seed", type=int, default=0, metavar="S",
                     help="random seed: the same seed gives the same numbers (default 0)")
    sim.add_argument("--json", action="store_true", help="print the result as JSON")


def run(path: str, *, replications: int, warmup: float | None, horizon: float | None,
        seed: int, as_json: bool) -> int:
    from kaizen.domain.errors import ValidationError
    from kaizen.domain.process_model import loads
    from kaizen.simulation import RunOptions, SimulationCancelled, simulate

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"error: cannot read {path}: {reason}", file=sys.stderr)
        return USAGE_ERROR
    options = RunOptions(replications=replications, horizon=horizon, warmup=warmup, seed=seed)
    progress = _progress if sys.stderr.isatty() else None
    try:
        model = loads(text)
        result = simulate(model, options, workers=None, progress=progress)
    except ValidationError as exc:  # ModelError included: the words name the step or flow
        where = f" ({exc.field})" if exc.field else ""
        print(f"error: {path}{where}: {exc.message}", file=sys.stderr)
        return USAGE_ERROR
    except (KeyboardInterrupt, SimulationCancelled):
        print("\ncancelled", file=sys.stderr)
        return 130
    if progress is not None:
        print("\r" + " " * 40 + "\r", end="", file=sys.stderr, flush=True)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if as_json:
        print(json.dumps(result.to_dict(), indent=2, allow_nan=False))
    else:
        print(render_table(model.name, result))
    return 0


def _progress(done: int, total: int) -> None:
    print(f"\rSimulating: {done}/{total} replications", end="", file=sys.stderr, flush=True)


def _num(value: float | None) -> str:
    """Plain decimals, never exponents: 1,234 / 12.35 / 0.043 (a wait of 0.000006 is 0.000)."""
    if value is None:
        return "-"
    size = abs(value)
    text = (f"{value:,.0f}" if size >= 1000 else f"{value:.2f}" if size >= 1
            else f"{value:.3f}")
    return "0.000" if text in ("-0.000", "-0.00") else text


def _ci(estimate: Any) -> str:
    if estimate.low is None:
        return "(no interval)"
    return f"{_num(estimate.low)} to {_num(estimate.high)}"


def render_table(name: str, result: Any) -> str:
    """The readable result: the process figures, then one row per step."""
    unit = result.time_unit
    lines = [
        f"{name}: {result.replications} replications of {result.horizon:g} {unit}s "
        f"(first {result.warmup:g} discarded), seed {result.seed}",
        "",
        f"{'Figure':<32}{'Mean':>12}   95% confidence interval",
    ]
    rows = [(f"Throughput (per {unit})", result.throughput),
            (f"Lead time ({unit}s)", result.lead_time),
            (f"Lead time, 90th pct ({unit}s)", result.lead_time_p90),
            ("Work in progress (cases)", result.wip)]
    for label, estimate in rows:
        lines.append(f"{label:<32}{_num(estimate.mean):>12}   {_ci(estimate)}")
    width = max(12, *(len(s.name) for s in result.steps)) + 2
    lines += ["", f"{'Step':<{width}}{'Wait':>10}   {'95% CI':<22}{'Utilisation':>12}   "
                  f"{'95% CI':<18}{'Map wait':>9}"]
    for step in result.steps:
        util = step.utilisation
        util_ci = ("(no interval)" if util.low is None
                   else f"{util.low:.0%} to {util.high:.0%}")
        util_mean = "-" if util.mean is None else f"{util.mean:.0%}"
        lines.append(f"{step.name:<{width}}{_num(step.wait.mean):>10}   "
                     f"{_ci(step.wait):<22}{util_mean:>12}   {util_ci:<18}"
                     f"{_num(step.observed_wait):>9}")
    lines.append(f"\nWait: mean queue wait per visit, in {unit}s; Map wait: the wait_before "
                 "the map records, for comparison.")
    return "\n".join(lines)
