"""KPI points from an event log: one point per week or month, so the process's KPI chart shows
whether an improvement holds.

A case belongs to the period in which it ends (its last event, UTC): that is when its lead time
is known and when it adds to the throughput. Per period:

- ``lead_time``: the median case duration (last event − first event), in hours;
- ``throughput``: cases ended per day, over the days of the period the log covers (so a first or
  last period the log only partly spans is not read as a drop);
- ``rework_rate``: the percentage of the cases ended that repeat an activity (rework as in
  :mod:`kaizen.mining.findings`; completions only where the log has start and complete events);
- ``cases``: the number of cases ended.

Weeks start on Monday (ISO 8601); a point's time is its period's first instant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from kaizen.domain.errors import ValidationError
from kaizen.i18n import translate
from kaizen.mining.lifecycle import has_start_complete, only_complete
from kaizen.mining.log import EventLog

MEASURES = ("lead_time", "throughput", "rework_rate", "cases")
PERIODS = ("week", "month")
NS = 1_000_000_000
DAY_NS = 86_400 * NS


@dataclass(frozen=True)
class KpiPoint:
    at: datetime         # the period's first instant, UTC
    value: float
    cases: int           # cases ended in the period


def check_choice(measure: str, period: str) -> None:
    if measure not in MEASURES:
        raise ValidationError(translate(
            "mining.kpi_series", "Pick a measure: {measures} (not {measure!r}).").format(
                measures=", ".join(MEASURES), measure=measure), field="measure")
    if period not in PERIODS:
        raise ValidationError(translate(
            "mining.kpi_series", "Pick a period: week or month (not {period!r}).").format(
                period=period), field="period")


def period_start(ns: int, period: str) -> datetime:
    moment = datetime.fromtimestamp(ns / NS, UTC)
    day = datetime(moment.year, moment.month, moment.day, tzinfo=UTC)
    if period == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def next_period(start: datetime, period: str) -> datetime:
    if period == "week":
        return start + timedelta(days=7)
    return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)


def kpi_points(log: EventLog, measure: str, period: str) -> list[KpiPoint]:
    """One point per period in which at least one case ended, oldest first."""
    check_choice(measure, period)
    if log.cases == 0:
        return []
    bounds = log.bounds
    first, last = log.timestamp[bounds[:-1]], log.timestamp[bounds[1:] - 1]
    durations_h = (last - first).astype(np.float64) / NS / 3600
    repeats = _repeats(log) if measure == "rework_rate" else None
    span_from, span_to = int(log.timestamp.min()), int(log.timestamp.max())
    # Period keys: the start of the period of each case's end, found once per distinct day.
    days, day_index = np.unique(last // DAY_NS, return_inverse=True)
    day_periods = [period_start(int(d) * DAY_NS, period) for d in days.tolist()]
    keys = sorted(set(day_periods))
    key_index = np.array([keys.index(p) for p in day_periods], dtype=np.int64)[day_index]
    out = []
    for k, start in enumerate(keys):
        members = np.flatnonzero(key_index == k)
        n = len(members)
        if measure == "lead_time":
            value = float(np.median(durations_h[members]))
        elif measure == "cases":
            value = float(n)
        elif measure == "throughput":
            lo = max(int(start.timestamp() * NS), span_from)
            hi = min(int(next_period(start, period).timestamp() * NS), span_to)
            # At least a day, so a period the log touches for an hour is not inflated.
            value = n / max((hi - lo) / DAY_NS, 1.0)
        else:
            assert repeats is not None
            value = 100.0 * float(repeats[members].sum()) / n
        out.append(KpiPoint(start, value, n))
    return out


def _repeats(log: EventLog) -> np.ndarray:
    """Per case (row order), whether an activity repeats in it."""
    counted = only_complete(log) if has_start_complete(log) else log
    flags = np.zeros(log.cases, dtype=bool)
    if counted.events == 0:
        return flags
    # Cases keep their codes in ``counted``; map them back to the full log's case order.
    width = len(log.activity_names)
    pairs = counted.case.astype(np.int64) * width + counted.activity
    unique, counts = np.unique(pairs, return_counts=True)
    repeated_cases = np.unique(unique[counts > 1] // width)
    flags[np.isin(log.case_codes(), repeated_cases)] = True
    return flags
