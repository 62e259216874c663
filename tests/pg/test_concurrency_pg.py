"""Eight PCs on one PostgreSQL server for 20 seconds: nothing lost, nothing duplicated.

Runs :mod:`bench.pg_concurrency` (each client its own process and engine, saving ideas and
moving cards between Plan and Do) and checks with its :func:`~bench.pg_concurrency.verify` that
every save a client was told succeeded is in the database exactly once, that no other idea
appeared, and that each card's stage, version, stage history and audit trail agree.
"""

from __future__ import annotations

import pytest

from kaizen.config import REPO_ROOT

CLIENTS = 8
SECONDS = 20.0


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201 - the bench module
    # The clients are spawned processes: they find ``bench`` through the parent's sys.path.
    monkeypatch.syspath_prepend(str(REPO_ROOT))
    from bench import pg_concurrency

    return pg_concurrency


def test_eight_clients_for_twenty_seconds_lose_and_duplicate_nothing(bench, empty_pg_url: str,
                                                                     capsys) -> None:
    result = bench.run(empty_pg_url, clients=CLIENTS, seconds=SECONDS)
    problems = bench.verify(empty_pg_url, result)
    assert problems == []
    assert len(result.reports) == CLIENTS
    for report in result.reports:
        assert report.errors == []
        # Every client got work done, of both kinds.
        assert report.ideas and report.moves, report.client
    ideas = sum(len(r.ideas) for r in result.reports)
    moves = sum(len(r.moves) for r in result.reports)
    assert result.saves == ideas + moves
    with capsys.disabled():
        print("", *bench.describe(result), sep="\n")


def test_verify_notices_a_lost_save(bench, empty_pg_url: str) -> None:
    """The check can fail: a save the client reported but the database does not hold."""
    result = bench.run(empty_pg_url, clients=2, seconds=2.0)
    assert bench.verify(empty_pg_url, result) == []
    result.reports[0].ideas.append((10_000_000, "Client 0 idea never saved"))
    cycle = next(iter(result.setup.cards))
    result.reports[1].moves.append((cycle, "plan", "do", 999))
    problems = bench.verify(empty_pg_url, result)
    assert any(p.startswith("ideas: 1 reported but missing") for p in problems)
    assert any(p.startswith(f"cycle {cycle}:") for p in problems)
