"""Hours of the day in the simulator's clock: step shifts and arrival schedules.

The clock starts at midnight of day one (time 0) and runs in the model's time unit; an hour is
``3600 / SECONDS_PER_UNIT[time_unit]`` of it (60 in a minute model, 1/24 in a day model).

A step with shifts works only inside them: work that has started pauses at the end of a shift and
goes on at the start of the next one (the case keeps its resource meanwhile, as a patient keeps a
bed overnight), and a case that gets a resource outside the shift waits for the shift to begin.
That keeps busy time inside working hours, so utilisation is the busy share of the hours worked.

Pure.
"""

from __future__ import annotations

import math

from kaizen.domain.process_model import SECONDS_PER_UNIT, Shift


def hour_length(time_unit: str) -> float:
    """One hour in the model's time unit."""
    return 3600.0 / SECONDS_PER_UNIT[time_unit]


class ShiftCalendar:
    """Working intervals repeated every day; answers "when does work started at t end?"."""

    def __init__(self, shifts: tuple[Shift, ...], hour: float) -> None:
        merged: list[list[float]] = []
        for shift in sorted(shifts, key=lambda s: s.start):
            if merged and shift.start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], shift.end)
            else:
                merged.append([shift.start, shift.end])
        self.day = 24.0 * hour
        self.intervals = [(a * hour, b * hour) for a, b in merged]
        self.open_per_day = math.fsum(b - a for a, b in self.intervals)
        self._slack = 1e-9 * self.day

    @property
    def open_fraction(self) -> float:
        return self.open_per_day / self.day

    def _locate(self, t: float) -> tuple[int, int, float]:
        """(day, interval index, first working moment) at or after ``t``.

        Later steps move on by (day, index), never by recomputing offsets from floats: a time
        at an interval's edge, rounded a hair either side, cannot stall the walk.
        """
        day = math.floor(t / self.day)
        offset = t - day * self.day
        for index, (a, b) in enumerate(self.intervals):
            if offset < b:
                return day, index, max(t, day * self.day + a)
        return day + 1, 0, (day + 1) * self.day + self.intervals[0][0]

    def next_open(self, t: float) -> float:
        """The first working moment at or after ``t``."""
        return self._locate(t)[2]

    def finish(self, start: float, work: float) -> float:
        """When ``work`` units of working time begun at ``start`` are done (paused outside the
        shifts)."""
        day, index, t = self._locate(start)
        last = len(self.intervals) - 1
        while True:
            end = day * self.day + self.intervals[index][1]
            room = end - t
            # Work that fills the interval to within rounding ends in it, not on the next day.
            if work <= room + self._slack:
                return t + work
            work -= max(room, 0.0)
            day, index = (day, index + 1) if index < last else (day + 1, 0)
            t = day * self.day + self.intervals[index][0]

    def open_until(self, t: float) -> float:
        """Working time from 0 to ``t``."""
        day = math.floor(t / self.day)
        offset = t - day * self.day
        within = math.fsum(max(0.0, min(b, offset) - a) for a, b in self.intervals)
        return day * self.open_per_day + within

    def open_between(self, a: float, b: float) -> float:
        return 0.0 if b <= a else self.open_until(b) - self.open_until(a)


class HourlyRate:
    """A non-homogeneous Poisson process with a constant rate within each hour of the day.

    ``per_hour[h]`` arrivals are expected in hour ``h``. The next arrival after ``t`` is found by
    inverting the cumulative rate: it is where the expected count since ``t`` reaches a unit
    exponential draw. That is exact for piecewise-constant rates (no thinning needed) and uses
    one uniform number per arrival, so a scenario with scaled demand keeps its arrivals paired.
    """

    def __init__(self, per_hour: tuple[float, ...], hour: float) -> None:
        self.hour = hour
        self.rates = [count / hour for count in per_hour]  # arrivals per model time unit
        if not any(self.rates):
            raise ValueError("a schedule needs arrivals in some hour")

    def next_after(self, t: float, unit_exponential: float) -> float:
        need = unit_exponential
        slot = math.floor(t / self.hour)
        while True:
            rate = self.rates[slot % 24]
            slot_end = (slot + 1) * self.hour
            if rate > 0:
                reach = rate * (slot_end - t)
                if need <= reach:
                    return t + need / rate
                need -= reach
            t = slot_end
            slot += 1
