"""Run replications of a model, in separate processes across the cores or in this process, and
summarise them (:func:`simulate`).

Replication ``r`` is seeded from ``(seed, r)`` alone, so the numbers are the same whatever the
number of workers and whichever finishes first: the same seed gives the same numbers. Worker
processes are started with ``spawn`` (never ``fork``: the GUI has threads, and a forked copy of a
process with threads can hang). One worker runs everything in this process (tests, small runs).

``progress(done, total)`` is called after each replication; ``cancelled()`` is asked between
replications and, in this process, twenty times within each: a true answer raises
:class:`SimulationCancelled`.

Pure: no Qt, no database.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from kaizen.domain.errors import ValidationError
from kaizen.domain.numbers import format_number
from kaizen.domain.process_model import SCHEDULE, ProcessModel, model_to_dict, parse_model
from kaizen.i18n import translate
from kaizen.simulation.calendar import hour_length
from kaizen.simulation.engine import ReplicationResult, SimulationCancelled, run_replication
from kaizen.simulation.results import SimulationResult, summarise
from kaizen.simulation.stability import arrival_distribution, arrival_rate, stability_warnings

MAX_REPLICATIONS = 1000
MAX_SEED = 2**63 - 1
# Expected arrivals per replication above which a run is refused (memory, and hours of waiting).
MAX_CASES = 5_000_000
# Without --horizon: long enough for this many arrivals; without --warmup: this share of it.
DEFAULT_CASES = 10_000
DEFAULT_WARMUP_SHARE = 0.1
# With workers=None, fewer expected cases than this (all replications together) stay in this
# process: starting worker processes (a second or so each) would cost more than it saves.
SMALL_RUN_CASES = 40_000

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class RunOptions:
    """What the user may set; None takes the default for the model."""

    replications: int = 10
    horizon: float | None = None
    warmup: float | None = None
    seed: int = 0


@dataclass(frozen=True)
class RunPlan:
    replications: int
    horizon: float
    warmup: float
    seed: int


def plan(model: ProcessModel, options: RunOptions) -> RunPlan:
    """The options checked against the model, defaults filled in; a ValidationError names the
    option at fault."""
    reps = options.replications
    if isinstance(reps, bool) or not isinstance(reps, int) or not 1 <= reps <= MAX_REPLICATIONS:
        raise ValidationError(translate(
            "simulation.runner", "replications must be a whole number from 1 to {most}.").format(
                most=MAX_REPLICATIONS), field="replications")
    seed = options.seed
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValidationError(translate("simulation.runner",
                                        "seed must be a whole number of 0 or more."), field="seed")
    rate = arrival_rate(model)  # a ModelError when nothing arrives
    if not (math.isfinite(rate) and rate > 0):
        raise ValidationError(translate(
            "simulation.runner", "arrivals: the time between arrivals averages 0, so endless "
            "cases would arrive at once; give it a mean above 0."), field="arrivals")
    unit = model.time_unit
    if options.horizon is None:
        horizon = DEFAULT_CASES / rate
        cyclic = (arrival_distribution(model).kind == SCHEDULE
                  or any(step.shifts for step in model.steps))
        if cyclic:  # whole days, so every hour of the day counts as often
            day = 24 * hour_length(unit)
            horizon = math.ceil(horizon / day) * day
    else:
        horizon = _positive(options.horizon, "horizon", unit)
    if rate * horizon > MAX_CASES:
        raise ValidationError(translate(
            "simulation.runner", "horizon: {horizon} {units} bring about {cases} cases per "
            "replication; at most {most} are simulated. Shorten the horizon.").format(
                horizon=f"{horizon:g}", units=_units(unit), cases=format_number(rate * horizon),
                most=format_number(MAX_CASES)), field="horizon")
    if options.warmup is None:
        warmup = DEFAULT_WARMUP_SHARE * horizon
    else:
        warmup = options.warmup
        if (isinstance(warmup, bool) or not isinstance(warmup, int | float)
                or not math.isfinite(warmup) or not 0 <= warmup < horizon):
            raise ValidationError(translate(
                "simulation.runner", "warmup must be a time of 0 or more, below the horizon "
                "({horizon} {units}).").format(horizon=f"{horizon:g}", units=_units(unit)),
                field="warmup")
    return RunPlan(reps, float(horizon), float(warmup), seed)


def _positive(value: object, name: str, unit: str) -> float:
    if (isinstance(value, bool) or not isinstance(value, int | float)
            or not math.isfinite(value) or value <= 0):
        raise ValidationError(translate("simulation.runner",
                                        "{name} must be a time above 0 (in {units}).").format(
                                            name=name, units=_units(unit)), field=name)
    return float(value)


def _units(unit: str) -> str:
    """A model's time unit in the plural, in the language of the work ("minutes")."""
    return {"second": translate("simulation.runner", "seconds"),
            "minute": translate("simulation.runner", "minutes"),
            "hour": translate("simulation.runner", "hours"),
            "day": translate("simulation.runner", "days")}.get(unit, f"{unit}s")


def _replicate(doc: dict[str, Any], horizon: float, warmup: float, seed: int,
               replication: int) -> ReplicationResult:
    """One replication in a worker process (the model travels as its document)."""
    return run_replication(parse_model(doc), horizon=horizon, warmup=warmup, seed=seed,
                           replication=replication)


def simulate(model: ProcessModel, options: RunOptions = RunOptions(), *,
             workers: int | None = 1, progress: Progress | None = None,
             cancelled: Cancelled | None = None) -> SimulationResult:
    """Replications of ``model``, summarised; ``workers`` None uses every core (but keeps a
    small run in this process)."""
    run = plan(model, options)
    warnings = tuple(stability_warnings(model))
    if workers is None:
        small = arrival_rate(model) * run.horizon * run.replications < SMALL_RUN_CASES
        count = 1 if small else (os.cpu_count() or 1)
    else:
        count = max(1, workers)
    count = min(count, run.replications)
    if count == 1:
        runs = _in_process(model, run, progress, cancelled)
    else:
        runs = _in_pool(model, run, count, progress, cancelled)
    return summarise(runs, time_unit=model.time_unit, horizon=run.horizon, warmup=run.warmup,
                     seed=run.seed, observed={s.name: s.wait_before for s in model.steps},
                     warnings=warnings)


def _in_process(model: ProcessModel, run: RunPlan, progress: Progress | None,
                cancelled: Cancelled | None) -> list[ReplicationResult]:
    runs = []
    for r in range(run.replications):
        if cancelled is not None and cancelled():
            raise SimulationCancelled()
        runs.append(run_replication(model, horizon=run.horizon, warmup=run.warmup,
                                    seed=run.seed, replication=r, cancelled=cancelled))
        if progress is not None:
            progress(r + 1, run.replications)
    return runs


def _in_pool(model: ProcessModel, run: RunPlan, count: int, progress: Progress | None,
             cancelled: Cancelled | None) -> list[ReplicationResult]:
    doc = model_to_dict(model)
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=count, mp_context=context)
    runs: list[ReplicationResult] = []
    finished = False
    try:
        pending: set[Future[ReplicationResult]] = {
            pool.submit(_replicate, doc, run.horizon, run.warmup, run.seed, r)
            for r in range(run.replications)}
        while pending:
            # A short timeout only so that Cancel is noticed while replications run.
            done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in done:
                runs.append(future.result())
                if progress is not None:
                    progress(len(runs), run.replications)
            if pending and cancelled is not None and cancelled():
                raise SimulationCancelled()
        finished = True
    finally:
        if not finished:
            _stop_workers(pool)
        # Wait even after Cancel: the pool's manager thread reaps the ended workers, and a caller
        # that reaped them too would race it for each exit status (os.waitpid answers only one of
        # them, and the other then sees a live process that is gone). With its workers ended the
        # manager thread stops at once.
        pool.shutdown(wait=True, cancel_futures=True)
    return runs


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """On Cancel or an error, end the replications still running: left alone, a long one would
    keep a core busy (and the program from exiting) for as long as it takes. Python 3.11's pool
    has no public way to do it (3.14 adds terminate_workers()), so its processes are ended."""
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        if process.is_alive():
            process.terminate()
