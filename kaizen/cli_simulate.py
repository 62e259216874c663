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

from kaizen.domain.numbers import format_number
from kaizen.i18n import translate

USAGE_ERROR = 2


def add_parser(sub: Any) -> None:
    """The ``simulate`` subcommand on the main parser's subparsers."""
    sim = sub.add_parser(
        "simulate", help=translate(
            "cli_simulate", "run a process model (JSON) as a what-if simulation and print its "
            "throughput, lead time, WIP and each step's wait and utilisation"))
    sim.add_argument("model", metavar="MODEL.json",
                     help=translate("cli_simulate", "the process model document"))
    sim.add_argument("--replications", type=int, default=10, metavar="N", help=translate(
        "cli_simulate", "independent runs, spread over the cores (default 10)"))
    sim.add_argument("--warmup", type=float, default=None, metavar="T", help=translate(
        "cli_simulate", "time discarded at the start of each run, in the model's time unit "
        "(default: a tenth of the horizon)"))
    sim.add_argument("--horizon", type=float, default=None, metavar="T", help=translate(
        "cli_simulate", "length of each run, in the model's time unit (default: long enough "
        "for 10,000 arrivals, in whole days when there are shifts or a schedule)"))
    sim.add_argument("--seed", type=int, default=0, metavar="S", help=translate(
        "cli_simulate", "random seed: the same seed gives the same numbers (default 0)"))
    sim.add_argument("--json", action="store_true",
                     help=translate("cli_simulate", "print the result as JSON"))


def run(path: str, *, replications: int, warmup: float | None, horizon: float | None,
        seed: int, as_json: bool) -> int:
    from kaizen.domain.errors import ValidationError
    from kaizen.domain.process_model import loads
    from kaizen.simulation import RunOptions, SimulationCancelled, simulate

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print("error: " + translate("cli_simulate", "cannot read {file}: {why}").format(
            file=path, why=reason), file=sys.stderr)
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
        print("\n" + translate("cli_simulate", "cancelled"), file=sys.stderr)
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
    print("\r" + translate("cli_simulate", "Simulating: {done}/{total} replications").format(
        done=done, total=total), end="", file=sys.stderr, flush=True)


def _num(value: float | None) -> str:
    """Plain decimals, never exponents: 1,234 / 12.35 / 0.043 (a wait of 0.000006 is 0.000)."""
    if value is None:
        return "-"
    size = abs(value)
    if size < 1 and round(value, 3) == 0:
        return format_number(0.0, 3)  # never "-0.000"
    return format_number(value, 0 if size >= 1000 else 2 if size >= 1 else 3)


def _percent(ratio: float) -> str:
    return format_number(ratio * 100) + "%"


def _ci(estimate: Any) -> str:
    if estimate.low is None:
        return translate("cli_simulate", "(no interval)")
    return translate("cli_simulate", "{low} to {high}").format(low=_num(estimate.low),
                                                               high=_num(estimate.high))


def render_table(name: str, result: Any) -> str:
    """The readable result: the process figures, then one row per step."""
    unit = result.time_unit
    lines = [
        translate("cli_simulate", "{name}: {replications} replications of {horizon} {unit}s "
                  "(first {warmup} discarded), seed {seed}").format(
            name=name, replications=result.replications, horizon=f"{result.horizon:g}",
            unit=unit, warmup=f"{result.warmup:g}", seed=result.seed),
        "",
        "{figure:<32}{mean:>12}   {interval}".format(
            figure=translate("cli_simulate", "Figure"), mean=translate("cli_simulate", "Mean"),
            interval=translate("cli_simulate", "95% confidence interval")),
    ]
    rows = [(translate("cli_simulate", "Throughput (per {unit})").format(unit=unit),
             result.throughput),
            (translate("cli_simulate", "Lead time ({unit}s)").format(unit=unit),
             result.lead_time),
            (translate("cli_simulate", "Lead time, 90th pct ({unit}s)").format(unit=unit),
             result.lead_time_p90),
            (translate("cli_simulate", "Work in progress (cases)"), result.wip)]
    for label, estimate in rows:
        lines.append(f"{label:<32}{_num(estimate.mean):>12}   {_ci(estimate)}")
    width = max(12, *(len(s.name) for s in result.steps)) + 2
    ci = translate("cli_simulate", "95% CI")
    step_word, wait = translate("cli_simulate", "Step"), translate("cli_simulate", "Wait")
    busy, map_wait = (translate("cli_simulate", "Utilisation"),
                      translate("cli_simulate", "Map wait"))
    lines += ["", f"{step_word:<{width}}{wait:>10}   {ci:<22}{busy:>12}   {ci:<18}"
                  f"{map_wait:>9}"]
    for step in result.steps:
        util = step.utilisation
        util_ci = (translate("cli_simulate", "(no interval)") if util.low is None
                   else translate("cli_simulate", "{low} to {high}").format(
                       low=_percent(util.low), high=_percent(util.high)))
        util_mean = "-" if util.mean is None else _percent(util.mean)
        lines.append(f"{step.name:<{width}}{_num(step.wait.mean):>10}   "
                     f"{_ci(step.wait):<22}{util_mean:>12}   {util_ci:<18}"
                     f"{_num(step.observed_wait):>9}")
    lines.append("\n" + translate("cli_simulate", "Wait: mean queue wait per visit, in {unit}s; "
                                 "Map wait: the wait_before the map records, for comparison.")
                 .format(unit=unit))
    return "\n".join(lines)
