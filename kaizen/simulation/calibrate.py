"""Calibrate a process model from an event log (issue 20, "Calibrate from reality").

Pure function over plain columns, the shape of the mining engine's ``EventLog``
(kaizen/mining/log.py): per event a case code, an activity code, a timestamp (int64 ns since the
epoch, UTC), a resource code and a lifecycle code (-1 where none), with the name tuples beside
them. :func:`calibrate_log` takes such a log object as it is; :func:`calibrate` the columns.

What is derived:
- **arrivals**: each case arrives at its first event. With two days of log or more, a schedule of
  expected arrivals in each hour of the day (UTC hours, as the timestamps are), else exponential
  gaps with the log's mean gap;
- **durations** per activity: with ``start`` and ``complete`` events, from start to complete
  (each complete closes the earliest open start of the same activity in the case, as in the XES
  lifecycle model and kaizen/mining/lifecycle.py); otherwise from the gap since the case's
  previous event, which also holds any wait, so it is an upper bound. They become an empirical
  distribution (at most 200 values, the durations' evenly spaced quantiles);
- **routing**: the share of each activity's instances followed by each next activity (or the
  case's end), and of cases starting with each activity;
- **resources** per activity: the distinct resources that did it (1 where the log names none);
- **wait_before**: the mean observed wait before the activity (start minus the previous
  completion; 0 when the log has no start events, as the gap counts as the duration).

The log's real lead times (first to last event of each case) come back beside the model, so the
calibrated model's simulated lead time can be shown next to them (:func:`credibility`).

Pure: numpy; no Qt, no database, no import of the mining package.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any

import numpy as np

from kaizen.domain.errors import ValidationError
from kaizen.domain.process_model import (
    END,
    MAX_NAME,
    RESERVED,
    SECONDS_PER_UNIT,
    START,
    TIME_UNITS,
    ProcessModel,
    parse_model,
)
from kaizen.i18n import translate
from kaizen.simulation.results import Estimate
from kaizen.simulation.runner import RunOptions, simulate

NS = 1e9
MAX_VALUES = 200
DAY_S = 86_400.0


@dataclass(frozen=True)
class Calibration:
    model: ProcessModel
    cases: int
    observed_lead_time_mean: float  # in the model's time unit
    observed_lead_time_p90: float
    durations_from: str  # "start/complete" or "gaps"


@dataclass(frozen=True)
class Credibility:
    simulated: Estimate  # lead time of the calibrated model, 95% interval
    observed_mean: float
    observed_p90: float

    @property
    def relative_gap(self) -> float | None:
        """(simulated - observed) / observed of the mean lead time."""
        if self.simulated.mean is None or self.observed_mean == 0:
            return None
        return (self.simulated.mean - self.observed_mean) / self.observed_mean


def calibrate_log(log: Any, *, name: str | None = None,
                  time_unit: str = "minute") -> Calibration:
    """:func:`calibrate` on a mining ``EventLog`` (or anything with its columns)."""
    return calibrate(
        case=log.case, activity=log.activity, timestamp=log.timestamp,
        activity_names=log.activity_names, resource=log.resource,
        lifecycle=log.lifecycle, lifecycle_names=log.lifecycle_names, name=name,
        time_unit=time_unit)


def _step_names(activity_names: tuple[str, ...] | list[str]) -> list[str]:
    """Activity names usable as step names: "start"/"end" renamed, trimmed to the limit, unique."""
    out: list[str] = []
    seen: set[str] = set()
    for raw in activity_names:
        text = (str(raw).strip() or "(unnamed)")[:MAX_NAME]
        if text in RESERVED:
            text = f"{text} (activity)"
        base, n = text, 2
        while text in seen:
            suffix = f" ({n})"
            text = base[:MAX_NAME - len(suffix)] + suffix
            n += 1
        seen.add(text)
        out.append(text)
    return out


def calibrate(*, case: np.ndarray, activity: np.ndarray, timestamp: np.ndarray,
              activity_names: tuple[str, ...] | list[str], resource: np.ndarray | None = None,
              lifecycle: np.ndarray | None = None,
              lifecycle_names: tuple[str, ...] | list[str] = (),
              name: str | None = None,
              time_unit: str = "minute") -> Calibration:
    """A process model document fitted to the log's columns, parsed (see the module's text);
    without a ``name``, the model is called "Calibrated from the event log" in the language of
    the work."""
    if name is None:
        name = translate("simulation.calibrate", "Calibrated from the event log")
    if time_unit not in TIME_UNITS:
        raise ValidationError(translate(
            "simulation.calibrate", "time_unit must be one of {names}.").format(
                names=', '.join(TIME_UNITS)), field="time_unit")
    case = np.asarray(case)
    n = len(case)
    if n == 0:
        raise ValidationError(translate(
            "simulation.calibrate", "The log has no events to calibrate from."), field="log")
    unit_s = SECONDS_PER_UNIT[time_unit]
    order = np.lexsort((np.asarray(timestamp), case))  # by case, then time; stable
    cases = case[order].tolist()
    acts = np.asarray(activity)[order].tolist()
    secs = (np.asarray(timestamp, dtype=np.int64)[order] / NS).tolist()
    res = (np.asarray(resource)[order].tolist() if resource is not None
           else [-1] * n)
    names = list(lifecycle_names)
    life = (np.asarray(lifecycle)[order].tolist() if lifecycle is not None and names
            else [-1] * n)
    start_code = names.index("start") if "start" in names else -1
    complete_code = names.index("complete") if "complete" in names else -1
    paired = start_code >= 0 and complete_code >= 0

    durations: dict[int, list[float]] = defaultdict(list)
    waits: dict[int, list[float]] = defaultdict(list)
    performers: dict[int, set[int]] = defaultdict(set)
    moves: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))  # -1: start/end
    first_times: list[float] = []
    leads: list[float] = []

    row = 0
    while row < n:
        end = row
        while end < n and cases[end] == cases[row]:
            end += 1
        first_times.append(secs[row])
        leads.append(secs[end - 1] - secs[row])
        # The case's activity instances as (began, activity), in order of beginning.
        instances: list[tuple[float, int]] = []
        if paired:
            open_starts: dict[int, deque[tuple[float, float]]] = defaultdict(deque)
            last_done = secs[row]
            for i in range(row, end):
                a, kind = acts[i], life[i]
                if res[i] >= 0:
                    performers[a].add(res[i])
                if kind == start_code:
                    open_starts[a].append((secs[i], last_done))
                elif kind == complete_code:
                    if open_starts[a]:
                        began, ready = open_starts[a].popleft()
                        durations[a].append(secs[i] - began)
                        waits[a].append(max(began - ready, 0.0))
                        instances.append((began, a))
                    else:  # a complete without its start: an instant at its time
                        instances.append((secs[i], a))
                    last_done = secs[i]
        else:
            previous = None
            for i in range(row, end):
                a = acts[i]
                if res[i] >= 0:
                    performers[a].add(res[i])
                if previous is not None:
                    durations[a].append(secs[i] - previous)
                waits[a].append(0.0)
                instances.append((secs[i], a))
                previous = secs[i]
        instances.sort(key=lambda item: item[0])  # stable: ties keep the log's order
        sequence = [-1] + [a for _, a in instances] + [-1]
        for here, there in zip(sequence, sequence[1:], strict=False):
            if not (here == -1 and there == -1):
                moves[here][there] += 1
        row = end

    step_names = _step_names(activity_names)
    used = sorted({a for a in moves if a >= 0} | {b for m in moves.values() for b in m if b >= 0})
    if not used:
        raise ValidationError(translate(
            "simulation.calibrate",
            "No activity instance could be read from the log (a log with start events "
            "needs their complete events)."), field="log")
    steps = []
    for a in used:
        spans = sorted(d / unit_s for d in durations.get(a, []))
        if len(spans) >= 2:
            picks = (spans if len(spans) <= MAX_VALUES else
                     [spans[round(q)] for q in np.linspace(0, len(spans) - 1, MAX_VALUES)])
            duration: dict[str, Any] = {"distribution": "empirical",
                                        "values": [round(v, 6) for v in picks]}
        else:
            duration = {"distribution": "fixed", "mean": round(spans[0], 6) if spans else 0.0}
        observed = waits.get(a, [])
        steps.append({
            "name": step_names[a], "value": "necessary",
            "resources": max(1, min(len(performers.get(a, ())), 10_000)),
            "duration": duration,
            "wait_before": round(math.fsum(observed) / len(observed) / unit_s, 6)
            if observed else 0.0,
        })
    flows = []
    for source in [-1, *used]:
        out = moves.get(source, {})
        total = sum(out.values())
        for target, count in sorted(out.items(), key=lambda kv: (kv[0] == -1, kv[0])):
            flow: dict[str, Any] = {"from": START if source == -1 else step_names[source],
                                    "to": END if target == -1 else step_names[target]}
            if len(out) > 1:
                flow["probability"] = count / total
            flows.append(flow)
    # Rounding of the shares: the last flow of each step takes what makes them sum to 1.
    _close_probabilities(flows)

    arrivals = _arrivals(sorted(first_times), unit_s)
    model = parse_model({"name": name, "time_unit": time_unit, "arrivals": arrivals,
                         "steps": steps, "flows": flows})
    lead = np.asarray(leads) / unit_s
    return Calibration(model=model, cases=len(first_times),
                       observed_lead_time_mean=float(lead.mean()),
                       observed_lead_time_p90=float(np.percentile(lead, 90)),
                       durations_from="start/complete" if paired else "gaps")


def _close_probabilities(flows: list[dict[str, Any]]) -> None:
    by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for flow in flows:
        if "probability" in flow:
            by_source[flow["from"]].append(flow)
    for group in by_source.values():
        rest = 1.0 - math.fsum(f["probability"] for f in group[:-1])
        group[-1]["probability"] = min(1.0, max(rest, 1e-12))


def _arrivals(first_times: list[float], unit_s: float) -> dict[str, Any]:
    """A schedule by hour of day (two days of log or more), else exponential gaps."""
    span = first_times[-1] - first_times[0]
    if len(first_times) < 2 or span <= 0:
        raise ValidationError(translate(
            "simulation.calibrate",
            "The log needs at least two cases at different times to estimate the "
            "arrivals."), field="log")
    if span >= 2 * DAY_S:
        days = span / DAY_S
        hours = np.floor(np.asarray(first_times) % DAY_S / 3600.0).astype(int)
        counts = np.bincount(hours, minlength=24)[:24]
        return {"distribution": "schedule",
                "per_hour": [round(float(c) / days, 6) for c in counts]}
    return {"distribution": "exponential", "mean": span / (len(first_times) - 1) / unit_s}


def credibility(calibration: Calibration, options: RunOptions | None = None, *,
                workers: int | None = 1) -> Credibility:
    """The calibrated model's simulated lead time beside the log's real one."""
    result = simulate(calibration.model, options or RunOptions(), workers=workers)
    return Credibility(result.lead_time, calibration.observed_lead_time_mean,
                       calibration.observed_lead_time_p90)
