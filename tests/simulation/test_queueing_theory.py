"""The simulator against queueing theory: each figure within 5% of the analytic value AND the
analytic value inside the simulated 95% confidence interval.

Analytic values and formulas: tests/simulation/queueing.py (Gross, Shortle, Thompson & Harris,
Fundamentals of Queueing Theory, 4th ed.: M/M/1 section 2.2, M/M/c and Erlang C section 2.3,
open Jackson networks section 4.1; Little 1961 for L = lambda W).

Deterministic: one fixed seed (chosen before the runs, not after), so the same numbers every
run. With it the lead time, WIP, throughput and utilisation intervals are 0.4-3% wide on each
side and their means within 1% of theory; the queue waits, the noisiest figure, have intervals of
3-7% and means within 2.4%. Twelve other seeds tried while writing the M/M/1 case all passed.
"""

from __future__ import annotations

import pytest

from kaizen.simulation import Estimate, RunOptions, expected_visits, simulate

from .models import exponential, line, step
from .queueing import erlang_c, mmc_number, mmc_sojourn, mmc_wait

SEED = 2026


def _agrees(estimate: Estimate, analytic: float, tolerance: float = 0.05) -> None:
    assert estimate.mean is not None
    assert abs(estimate.mean - analytic) <= tolerance * analytic, (estimate, analytic)
    assert estimate.contains(analytic), (estimate, analytic)


def test_mm1_matches_theory() -> None:
    # M/M/1, lambda = 1, E[S] = 0.5 (mu = 2), rho = 0.5:
    # Wq = rho / (mu - lambda) = 0.5; W = 1 / (mu - lambda) = 1; L = rho / (1 - rho) = 1;
    # utilisation = rho = 0.5; throughput = lambda = 1.
    model = line([step("Serve", exponential(0.5))], exponential(1.0))
    result = simulate(model, RunOptions(replications=8, horizon=10_000, warmup=500, seed=SEED))
    assert mmc_wait(1, 1.0, 0.5) == pytest.approx(0.5)
    _agrees(result.step("Serve").wait, 0.5)
    _agrees(result.lead_time, 1.0)
    _agrees(result.wip, 1.0)
    _agrees(result.step("Serve").utilisation, 0.5)
    _agrees(result.throughput, 1.0)


def test_mmc_matches_erlang_c() -> None:
    # M/M/3, lambda = 2, E[S] = 1.05: a = lambda E[S] = 2.1, rho = a / c = 0.7;
    # Erlang C: C(3, 2.1) = (a^3/3!)(3/(3-a)) / (1 + a + a^2/2 + (a^3/3!)(3/(3-a)))
    #   = 5.145 / (5.305 + 5.145) = 0.4923;
    # Wq = C / (c mu - lambda) = 0.4923 / (3/1.05 - 2) = 0.5744; W = Wq + E[S] = 1.6244;
    # L = lambda W = 3.2488.
    c, lam, mean = 3, 2.0, 1.05
    assert erlang_c(c, lam, mean) == pytest.approx(0.4923, abs=1e-4)
    assert mmc_wait(c, lam, mean) == pytest.approx(0.5744, abs=1e-4)
    model = line([step("Serve", exponential(mean), resources=c)], exponential(1 / lam))
    result = simulate(model, RunOptions(replications=8, horizon=5_000, warmup=250, seed=SEED))
    _agrees(result.step("Serve").wait, mmc_wait(c, lam, mean))
    _agrees(result.lead_time, mmc_sojourn(c, lam, mean))
    _agrees(result.wip, mmc_number(c, lam, mean))
    _agrees(result.step("Serve").utilisation, lam * mean / c)


def test_jackson_network_with_rework_matches_the_traffic_equations() -> None:
    # Open Jackson network: arrivals lambda = 1 to A (1 server, E[S] = 0.4), then B (2 servers,
    # E[S] = 0.9); after B, 20% go back to A (rework), 80% leave.
    # Traffic equations: lambda_A = lambda + 0.2 lambda_B, lambda_B = lambda_A, so
    # lambda_A = lambda_B = 1 / 0.8 = 1.25 (1.25 visits per case to each).
    # A is M/M/1 with rho = 0.5: Wq_A = rho / (mu - lambda_A) = 0.4, L_A = 1.
    # B is M/M/2 with a = 1.125: Wq_B = C(2, a) / (2 mu - lambda_B), L_B = lambda_B (Wq_B + 0.9).
    # Jackson's theorem: the network's L = L_A + L_B, and W = L / lambda (Little).
    model = line(
        [step("A", exponential(0.4)), step("B", exponential(0.9), resources=2)],
        exponential(1.0),
        flows=[{"from": "start", "to": "A"}, {"from": "A", "to": "B"},
               {"from": "B", "to": "A", "probability": 0.2},
               {"from": "B", "to": "end", "probability": 0.8}])
    visits = expected_visits(model)
    assert visits["A"] == pytest.approx(1.25) and visits["B"] == pytest.approx(1.25)
    lam_b = 1.25
    wq_a, wq_b = 0.4, mmc_wait(2, lam_b, 0.9)
    total_l = 1.0 + mmc_number(2, lam_b, 0.9)
    result = simulate(model, RunOptions(replications=8, horizon=4_000, warmup=200, seed=SEED))
    _agrees(result.step("A").wait, wq_a)
    _agrees(result.step("B").wait, wq_b)
    _agrees(result.wip, total_l)
    _agrees(result.lead_time, total_l / 1.0)
    _agrees(result.step("A").utilisation, 0.5)
    _agrees(result.step("B").utilisation, lam_b * 0.9 / 2)


def test_littles_law_holds_for_a_non_markovian_network() -> None:
    # L = lambda W holds for any stable system (Little 1961), whatever the distributions: here
    # triangular and lognormal durations, fixed-mean normal arrivals, two servers and rework.
    # The simulator measures L (time-average WIP), lambda (throughput) and W (lead time)
    # separately; they must agree within 2% in every replication.
    model = line(
        [step("Check", {"distribution": "triangular", "min": 1, "mode": 2, "max": 6}),
         step("Treat", {"distribution": "lognormal", "mean": 5, "sd": 4}, resources=3)],
        {"distribution": "normal", "mean": 4.0, "sd": 2.0},
        flows=[{"from": "start", "to": "Check"}, {"from": "Check", "to": "Treat"},
               {"from": "Treat", "to": "Check", "probability": 0.1},
               {"from": "Treat", "to": "end", "probability": 0.9}])
    result = simulate(model, RunOptions(replications=4, horizon=10_000, warmup=500,
                                        seed=SEED))
    for run in result.runs:
        assert run.wip == pytest.approx(run.throughput * run.lead_time, rel=0.02)
    assert result.wip.mean == pytest.approx(result.throughput.mean * result.lead_time.mean,
                                            rel=0.02)
