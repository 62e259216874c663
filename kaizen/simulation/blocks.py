"""The engine's building blocks on SimPy: a step as a station (``capacity`` = the step's
resources, served first come, first served, as a ``simpy.Resource`` serves them), one visit to
it, a source of arrivals, and the tally of cases in the system.

A station keeps its own queue of SimPy events instead of a ``simpy.Resource``: a visit that
finds every resource busy waits on a plain ``env.event()``, and the visit releasing a resource
hands it straight to the first one waiting (``succeed()``: scheduled now, as Resource's grant
is). The order of events, and so every figure, is the same as with ``simpy.Resource``; what
goes is its Request/Put bookkeeping, about a quarter of a replication's time (measured in
bench/simulation.py, ``simulate_replication_cpu_s``).

They are written so that SimPy's own documented examples can be rebuilt from them
(tests/simulation/test_simpy_examples.py rebuilds the carwash), and they keep their statistics
only inside the observation window ``[warmup, horizon]``: what happens during the warm-up is
simulated (queues fill up) and then discarded.

Pure: SimPy, no Qt, no database.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Generator
from typing import Any

import simpy

from kaizen.simulation.calendar import ShiftCalendar


class Station:
    """One step: its resources, its duration draws, its optional shifts and its statistics."""

    __slots__ = ("env", "name", "capacity", "in_use", "waiting", "draw", "calendar", "start",
                 "end", "wait_sum", "wait_count", "visits", "busy", "route")

    def __init__(self, env: simpy.Environment, name: str, capacity: int,
                 draw: Callable[[], float], calendar: ShiftCalendar | None = None,
                 window: tuple[float, float] = (0.0, math.inf)) -> None:
        self.env = env
        self.name = name
        self.capacity = capacity
        self.in_use = 0  # resources working
        self.waiting: deque[simpy.Event] = deque()  # visits queued, first come first served
        self.draw = draw
        self.calendar = calendar
        self.start, self.end = window
        self.wait_sum = 0.0
        self.wait_count = 0
        self.visits = 0
        self.busy = 0.0
        # Where a case goes next: set by the engine (None = to end).
        self.route: Callable[[], Station | None] = lambda: None

    def visit(self) -> Generator[Any, Any, tuple[float, float, float]]:
        """One case's visit: queue for a resource (first come, first served), work for one
        draw of the duration, release. Returns (arrived, started, finished)."""
        env = self.env
        arrived = env.now
        # A free resource with nobody queued is taken at once (what Resource.request() grants
        # without a wait); otherwise queue, and the releasing visit hands its resource over.
        if self.in_use < self.capacity and not self.waiting:
            self.in_use += 1
        else:
            turn = env.event()
            self.waiting.append(turn)
            yield turn
        started = env.now
        work = self.draw()
        calendar = self.calendar
        low, high = self.start, self.end
        if calendar is None:
            finished = started + work
            busy = (finished if finished < high else high) - (started if started > low else low)
        else:
            started = calendar.next_open(started)
            finished = calendar.finish(started, work)
            busy = calendar.open_between(max(started, low), min(finished, high))
        # Waits of visits that reach the step after the warm-up; busy time inside the window
        # (known at the start, as the finish is: a service cut by the horizon counts its part).
        if arrived >= low:
            self.wait_sum += started - arrived
            self.wait_count += 1
            self.visits += 1
        if busy > 0:
            self.busy += busy
        yield env.timeout(finished - env.now)
        # Release: the first visit queued gets this resource now, or it is free again.
        if self.waiting:
            self.waiting.popleft().succeed()
        else:
            self.in_use -= 1
        return arrived, started, finished

    def mean_wait(self) -> float:
        return self.wait_sum / self.wait_count if self.wait_count else math.nan

    def utilisation(self) -> float:
        """Busy share of the resources over the working time in the window (0 to 1)."""
        span = (self.end - self.start if self.calendar is None
                else self.calendar.open_between(self.start, self.end))
        return self.busy / (self.capacity * span) if span > 0 else math.nan


def source(env: simpy.Environment, next_time: Callable[[float], float],
           spawn: Callable[[float], Any], initial: int = 0) -> Generator[Any, Any, None]:
    """Arrivals: ``initial`` at once, then one at each ``next_time(now)`` for ever."""
    for _ in range(initial):
        spawn(env.now)
    while True:
        yield env.timeout(next_time(env.now) - env.now)
        spawn(env.now)


class SystemTally:
    """Cases in the system over the window: time-average WIP, departures, lead times."""

    __slots__ = ("start", "end", "count", "last", "area", "departures", "lead_times", "arrivals")

    def __init__(self, window: tuple[float, float]) -> None:
        self.start, self.end = window
        self.count = 0
        self.last = 0.0
        self.area = 0.0
        self.departures = 0
        self.arrivals = 0
        self.lead_times: list[float] = []

    def _advance(self, now: float) -> None:
        low, high = self.start, self.end
        a = min(max(self.last, low), high)
        b = min(max(now, low), high)
        if b > a:
            self.area += self.count * (b - a)
        self.last = now

    def arrive(self, now: float) -> None:
        self._advance(now)
        self.count += 1
        if now >= self.start:
            self.arrivals += 1

    def depart(self, arrived: float, now: float) -> None:
        self._advance(now)
        self.count -= 1
        if self.start <= now <= self.end:
            self.departures += 1
            # Lead times of cases that arrived after the warm-up (the ones before it met queues
            # that were still filling up).
            if arrived >= self.start:
                self.lead_times.append(now - arrived)

    def close(self) -> None:
        self._advance(self.end)

    @property
    def span(self) -> float:
        return self.end - self.start
