"""``python -m bench.pg_concurrency --url URL --clients 8 --seconds 20``: many PCs on one server.

Each client is its own process with its own engine and services, as each shop-floor PC is. For
``--seconds`` they all, at once, save new ideas (as their own staff member) and move PDCA cards
between Plan and Do (as their own supervisor, with the version they read, so two clients moving
one card at the same moment meet a Conflict, as two people at two boards would). Every client
reports each save the server accepted; afterwards :func:`verify` checks against the database
that nothing was lost or duplicated:
- every idea a client saved is there exactly once, with its title, and no other idea appeared;
- each card's stage history (stage changes and the audit trail's "move" events) holds exactly the
  moves the clients were told succeeded, chained from stage to stage, and the card's stage and
  version are where that history ends;
- the counts add up (ideas, stage changes, audit events).

The run uses a scratch database it creates on the server named by ``--url`` (and drops after,
unless ``--keep``), so the database in the URL is never touched. Output, in the bench suite's
style: ``BENCH pg_saves_per_s <median> saves/s (min <x> max <y>, n <seconds>)`` (saves in each
whole second of the run, all clients together), then totals, conflicts and CPU per save.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import statistics
import sys
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

CARDS = 24
TITLE_PREFIX = "Client "


@dataclass(slots=True)
class ClientReport:
    client: int
    ideas: list[tuple[int, str]] = field(default_factory=list)
    moves: list[tuple[int, str, str, int]] = field(default_factory=list)  # cycle, from, to, v
    save_times: list[float] = field(default_factory=list)  # seconds since the start
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)
    cpu_seconds: float = 0.0


@dataclass(slots=True)
class Setup:
    people: list[tuple[int, int]]  # per client: (staff id, supervisor id)
    area_id: int
    cards: dict[int, tuple[str, int]]  # cycle id -> (stage, version) before the run
    last_stage_change: int
    last_audit: int


@dataclass(slots=True)
class RunResult:
    reports: list[ClientReport]
    seconds: float
    setup: Setup

    @property
    def saves(self) -> int:
        return sum(len(r.save_times) for r in self.reports)

    def per_second(self) -> list[int]:
        counts = Counter(int(t) for r in self.reports for t in r.save_times)
        return [counts.get(second, 0) for second in range(int(self.seconds))]


def prepare(url: str, clients: int, cards: int = CARDS) -> Setup:
    """A site with a staff member and a supervisor per client and ``cards`` accepted ideas whose
    cycle 1 has its plan filled (so Plan -> Do passes the gate)."""
    from datetime import date

    from sqlalchemy import func, select

    from kaizen.db import migrate
    from kaizen.db.engine import Database
    from kaizen.db.models import AuditEvent, PdcaCycle, StageChange
    from kaizen.domain.enums import AreaKind, Role, WasteCategory
    from kaizen.services import Services
    from kaizen.services.suggestions import SuggestionInput

    db = Database(url)
    try:
        migrate.upgrade(db)
        services = Services.create(db)
        admin = services.people.bootstrap(site_name="Bench plant", admin_name="Bench Admin",
                                          admin_pin="1234")
        area = services.people.create_area(admin.id, name="Line 1", kind=AreaKind.LINE,
                                           parent_id=admin.home_area_id)
        people = []
        for n in range(clients):
            staff = services.people.create_person(admin.id, name=f"Staff {n}", role=Role.STAFF,
                                                  home_area_id=area.id)
            boss = services.people.create_person(admin.id, name=f"Supervisor {n}",
                                                 role=Role.SUPERVISOR, home_area_id=area.id,
                                                 pin="2468")
            people.append((staff.id, boss.id))
        boss_id = people[0][1]
        for n in range(cards):
            made = services.suggestions.create(people[0][0], SuggestionInput(
                title=f"Card {n}", problem="Parts wait.", proposal="Move them.",
                area_id=area.id, wastes=[WasteCategory.WAITING]))
            services.suggestions.accept(boss_id, made.id, owner_id=boss_id)
            cycle = services.pdca.current_cycle(made.id)
            assert cycle is not None
            services.pdca.update_plan(
                boss_id, cycle.id, problem_statement="Parts wait.", why_chain=["No slot."],
                root_cause="No slot.", target_metric="Minutes", target_from=10.0,
                target_to=2.0, target_by=date(2030, 1, 1), countermeasure="A slot.")
        with db.read() as s:
            found = {c.id: (c.stage.value, c.version) for c in s.scalars(select(PdcaCycle))}
            last_change = s.scalar(select(func.coalesce(func.max(StageChange.id), 0)))
            last_audit = s.scalar(select(func.coalesce(func.max(AuditEvent.id), 0)))
        return Setup(people=people, area_id=area.id, cards=found,
                     last_stage_change=int(last_change), last_audit=int(last_audit))
    finally:
        db.dispose()


def _client(number: int, url: str, setup: Setup, seconds: float, ready: Any, go: Any,
            results: Any) -> None:
    """One PC: its own engine; saves ideas and moves cards until the time is up."""
    report = ClientReport(client=number)
    try:
        from kaizen.db.engine import Database
        from kaizen.domain.enums import PdcaStage, WasteCategory
        from kaizen.domain.errors import Conflict
        from kaizen.services import Services
        from kaizen.services.suggestions import SuggestionInput

        db = Database(url)
        services = Services.create(db)
        staff_id, boss_id = setup.people[number]
        cycle_ids = sorted(setup.cards)
        rng = random.Random(number)
        services.pdca.get_cycle(cycle_ids[0])  # connect before the start
        ready.put(number)
        go.wait()
        started = time.perf_counter()
        cpu = time.process_time()
        n = 0
        # The time, and at least one save of each kind however slow the machine (the test
        # checks every client got both done: a count, never a speed).
        while time.perf_counter() - started < seconds or not (report.ideas and report.moves):
            if rng.random() < 0.5:
                n += 1
                title = f"{TITLE_PREFIX}{number} idea {n}"
                made = services.suggestions.create(staff_id, SuggestionInput(
                    title=title, problem="Seen on the line.", proposal="Try this.",
                    area_id=setup.area_id, wastes=[WasteCategory.MOTION]))
                report.ideas.append((made.id, title))
            else:
                cycle = services.pdca.get_cycle(rng.choice(cycle_ids))
                forward = cycle.stage is PdcaStage.PLAN
                target = PdcaStage.DO if forward else PdcaStage.PLAN
                try:
                    moved = services.pdca.move(boss_id, cycle.id, target,
                                               note="" if forward else "Back to plan.",
                                               expected_version=cycle.version)
                except Conflict:
                    report.conflicts += 1
                    continue
                report.moves.append((cycle.id, cycle.stage.value, target.value, moved.version))
            report.save_times.append(time.perf_counter() - started)
        report.cpu_seconds = time.process_time() - cpu
        db.dispose()
    except BaseException as exc:  # reported to the parent, which fails the run
        import traceback

        report.errors.append(f"{exc!r}\n{traceback.format_exc()}")
        ready.put(number)
    results.put(report)


def run(url: str, clients: int = 8, seconds: float = 20.0, cards: int = CARDS) -> RunResult:
    """Prepare ``url`` (an empty database), run the clients, return what each reported."""
    setup = prepare(url, clients, cards)
    ctx = mp.get_context("spawn")
    ready, results, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    processes = [ctx.Process(target=_client, args=(n, url, setup, seconds, ready, go, results),
                             daemon=True) for n in range(clients)]
    for process in processes:
        process.start()
    for _ in processes:
        ready.get(timeout=120)
    go.set()
    reports = [results.get(timeout=seconds + 120) for _ in processes]
    for process in processes:
        process.join(30)
    reports.sort(key=lambda r: r.client)
    return RunResult(reports=reports, seconds=seconds, setup=setup)


def verify(url: str, result: RunResult) -> list[str]:
    """Everything the clients were told was saved is in the database exactly once, and nothing
    else is; returns the problems found (none when all is well)."""
    from sqlalchemy import select

    from kaizen.db.engine import Database
    from kaizen.db.models import AuditEvent, PdcaCycle, StageChange, Suggestion

    problems = [f"client {r.client}: {e}" for r in result.reports for e in r.errors]
    reported_ideas = [idea for r in result.reports for idea in r.ideas]
    moves: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for r in result.reports:
        for cycle_id, old, new, version in r.moves:
            moves[cycle_id].append((old, new, version))
    db = Database(url)
    try:
        with db.read() as s:
            stored = [tuple(row) for row in s.execute(select(Suggestion.id, Suggestion.title)
                                                      .where(Suggestion.title.like(
                                                          f"{TITLE_PREFIX}%")))]
            if sorted(stored) != sorted(reported_ideas):
                lost = set(reported_ideas) - set(stored)
                extra = Counter(stored) - Counter(reported_ideas)
                problems.append(f"ideas: {len(lost)} reported but missing, "
                                f"{sum(extra.values())} in the database not reported once")
            created = s.scalars(select(AuditEvent.entity_id).where(
                AuditEvent.id > result.setup.last_audit, AuditEvent.entity == "suggestion",
                AuditEvent.action == "create")).all()
            if sorted(created) != sorted(i for i, _ in reported_ideas):
                problems.append(f"audit: {len(created)} idea creations for "
                                f"{len(reported_ideas)} ideas saved")
            changes = s.execute(select(StageChange.cycle_id, StageChange.from_stage,
                                       StageChange.to_stage)
                                .where(StageChange.id > result.setup.last_stage_change)
                                .order_by(StageChange.id)).all()
            audits = s.execute(select(AuditEvent.entity_id, AuditEvent.after)
                               .where(AuditEvent.id > result.setup.last_audit,
                                      AuditEvent.entity == "pdca_cycle",
                                      AuditEvent.action == "move")
                               .order_by(AuditEvent.id)).all()
            cycles = {c.id: c for c in s.scalars(select(PdcaCycle))}
            if len(changes) != sum(len(m) for m in moves.values()):
                problems.append(f"stage changes: {len(changes)} in the database, "
                                f"{sum(len(m) for m in moves.values())} moves reported")
            if len(audits) != len(changes):
                problems.append(f"audit: {len(audits)} move events for {len(changes)} moves")
            for cycle_id, (stage, version) in result.setup.cards.items():
                history = [(str(a.value if a else None), str(b.value)) for c, a, b in changes
                           if c == cycle_id]
                told = sorted(moves.get(cycle_id, []), key=lambda m: m[2])
                if [(a, b) for a, b, _v in told] != history:
                    problems.append(f"cycle {cycle_id}: moves reported {told} but the "
                                    f"history holds {history}")
                for old, new in history:
                    if old != stage:
                        problems.append(f"cycle {cycle_id}: a move from {old} while at {stage}")
                    stage = new
                card = cycles[cycle_id]
                if card.stage.value != stage:
                    problems.append(f"cycle {cycle_id} is in {card.stage.value}, its history "
                                    f"ends in {stage}")
                if card.version != version + len(history):
                    problems.append(f"cycle {cycle_id}: version {card.version} after "
                                    f"{len(history)} moves from version {version}")
                trail = [after["stage"] for c, after in audits if c == cycle_id]
                if trail != [b for _a, b in history]:
                    problems.append(f"cycle {cycle_id}: audit trail {trail} differs from the "
                                    f"stage history")
    finally:
        db.dispose()
    return problems


def describe(result: RunResult) -> list[str]:
    rates = result.per_second()
    saves, cpu = result.saves, sum(r.cpu_seconds for r in result.reports)
    ideas = sum(len(r.ideas) for r in result.reports)
    moves = sum(len(r.moves) for r in result.reports)
    conflicts = sum(r.conflicts for r in result.reports)
    clients = len(result.reports)
    return [
        f"BENCH pg_saves_per_s {statistics.median(rates):.1f} saves/s "
        f"(min {min(rates)} max {max(rates)}, n {len(rates)})",
        f"BENCH pg_saves_total {saves} saves ({ideas} ideas, {moves} card moves; "
        f"{clients} clients, {result.seconds:g} s)",
        f"BENCH pg_move_conflicts {conflicts} refused moves (two boards, one card)",
        f"BENCH pg_client_cpu_per_save {1000 * cpu / max(saves, 1):.2f} ms "
        f"(CPU of the clients, {cpu:.1f} s in all)",
    ]


def _scratch(url: str) -> tuple[str, Any]:
    """A new database on the server of ``url``, and a function that drops it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"kaizen_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return base.set(database=name).render_as_string(hide_password=False), drop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pg_concurrency",
                                     description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", required=True,
                        help="a PostgreSQL URL; the bench works in a scratch database beside it")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args(argv)
    url, drop = _scratch(args.url)
    try:
        result = run(url, args.clients, args.seconds)
        problems = verify(url, result)
        for line in describe(result):
            print(line)
        if problems:
            print("PROBLEMS:", *problems, sep="\n  ", file=sys.stderr)
            return 1
        print("Verified: every save reported is in the database exactly once; card stages "
              "match their history and the audit trail.")
        return 0
    finally:
        if args.keep:
            print(f"Kept the scratch database: {url}")
        else:
            drop()


if __name__ == "__main__":
    sys.exit(main())
