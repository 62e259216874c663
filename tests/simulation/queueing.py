"""Analytic queueing results the tests compare the simulator with.

Sources: Gross, Shortle, Thompson & Harris, Fundamentals of Queueing Theory (4th ed.), sections
2.2 (M/M/1) and 2.3 (M/M/c, the Erlang C formula), 4.1 (open Jackson networks, traffic
equations); Little, "A proof for the queuing formula L = lambda W", Operations Research 9 (1961).
"""

from __future__ import annotations

import math


def erlang_c(servers: int, arrival_rate: float, mean_service: float) -> float:
    """P(an arrival waits) in M/M/c: C(c, a) = (a^c / c!) (c / (c - a)) /
    (sum_{k<c} a^k / k! + (a^c / c!) (c / (c - a))), with a = lambda E[S]."""
    a = arrival_rate * mean_service
    top = a**servers / math.factorial(servers) * servers / (servers - a)
    return top / (sum(a**k / math.factorial(k) for k in range(servers)) + top)


def mmc_wait(servers: int, arrival_rate: float, mean_service: float) -> float:
    """Mean queue wait in M/M/c: Wq = C(c, a) / (c mu - lambda); M/M/1: rho / (mu - lambda)."""
    mu = 1.0 / mean_service
    return erlang_c(servers, arrival_rate, mean_service) / (servers * mu - arrival_rate)


def mmc_sojourn(servers: int, arrival_rate: float, mean_service: float) -> float:
    """Mean time in the system: W = Wq + E[S]."""
    return mmc_wait(servers, arrival_rate, mean_service) + mean_service


def mmc_number(servers: int, arrival_rate: float, mean_service: float) -> float:
    """Mean number in the system, by Little's law: L = lambda W."""
    return arrival_rate * mmc_sojourn(servers, arrival_rate, mean_service)
