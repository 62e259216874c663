"""Benchmark of the PDCA board with 2,000 open cards: the service read and the view opening.

It builds a database in a temporary folder (or reuses ``--db``): the demo plant, one month of it,
then 2,000 accepted ideas with an open PDCA cycle each, inserted in bulk through the driver's
executemany (:func:`kaizen.demo.bulk.insert_rows`) and keeping the rules the services enforce:
every cycle belongs to an accepted idea, has the stage-change history that led to its stage
(``stage_entered_at`` and ``version`` agree with it), its plan is complete once past Plan, its
actions are all done once past Do (in Do some are open, a few of those overdue), and a cycle in
Act has a metric with before and after samples.

Figures, each the median of at least seven runs after one warm-up, in the BENCH format
(``BENCH <name> <median> <unit> (min <x> max <y>, n <runs>)``; ``#`` lines are context):

- ``board_cards_ms``: ``services.board.cards()`` for the whole board.
- ``board_token_ms``: ``services.board.token()``, what the board polls every 10 s.
- ``board_open_ms``: building a ``PdcaBoardView``, loading every card through the worker, and
  painting it (offscreen, ``QT_QPA_PLATFORM=offscreen``) at 1600 x 1000.
- ``board_gui_thread_ms``: the part of it that blocks the GUI thread: the five models taking a
  snapshot of every card, and one paint.

Run: ``python -m bench --board`` or ``python -m bench.board [--db PATH] [--runs N]``.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import func, select  # noqa: E402

from bench.search import line, timed  # noqa: E402
from kaizen.config import sqlite_url  # noqa: E402
from kaizen.db import migrate  # noqa: E402
from kaizen.db.engine import Database  # noqa: E402
from kaizen.db.models import (  # noqa: E402
    Area,
    Measurement,
    Metric,
    PdcaAction,
    PdcaCycle,
    Person,
    StageChange,
    Suggestion,
    SuggestionWaste,
)
from kaizen.demo import catalogue as cat  # noqa: E402
from kaizen.demo.bulk import insert_rows, large_cache  # noqa: E402
from kaizen.demo.generator import build_demo  # noqa: E402
from kaizen.domain.enums import (  # noqa: E402
    MeasurementPhase,
    PdcaStage,
    Role,
    SuggestionStatus,
    WasteCategory,
)
from kaizen.services import Services  # noqa: E402
from kaizen.services.board import OPEN_STAGES, BoardFilter  # noqa: E402

CARDS = 2_000
RUNS = 9
TARGET_MS = 300.0
VIEW_SIZE = (1600, 1000)
_FLOW = list(OPEN_STAGES)


def insert_open_cards(db: Database, cards: int = CARDS, *, seed: int = 1,
                      today: date | None = None) -> int:
    """Add ``cards`` accepted ideas, each with an open cycle and its history; returns cards."""
    rng = random.Random(seed)
    now = datetime.combine(today or date.today(), datetime.min.time()) + timedelta(hours=8)
    wastes = list(WasteCategory)
    with db.write() as s:
        areas = list(s.scalars(select(Area.id).where(Area.active)))
        people = s.execute(select(Person.id, Person.role)).all()
        staff = [p.id for p in people if p.role is Role.STAFF]
        bosses = [p.id for p in people if p.role is not Role.STAFF]
        if not areas or not staff or not bosses:
            raise RuntimeError("The board bench needs the demo plant (areas and people) first.")

        def next_id(model: Any) -> int:
            return (s.scalar(select(func.max(model.id))) or 0) + 1

        sid, cid, scid = next_id(Suggestion), next_id(PdcaCycle), next_id(StageChange)
        mid = next_id(Metric)
        ideas: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        cycles: list[dict[str, Any]] = []
        changes: list[dict[str, Any]] = []
        actions: list[dict[str, Any]] = []
        metrics: list[dict[str, Any]] = []
        samples: list[dict[str, Any]] = []
        for i in range(cards):
            idea_id, cycle_id = sid + i, cid + i
            waste = wastes[rng.randrange(len(wastes))]
            title, problem, proposal = cat.IDEAS[waste][rng.randrange(len(cat.IDEAS[waste]))]
            boss = bosses[rng.randrange(len(bosses))]
            owner = rng.choice([boss, staff[rng.randrange(len(staff))]])
            reached = rng.choices(range(1, 5), weights=[4, 4, 2, 2])[0]  # Plan .. Act
            accepted = now - timedelta(days=rng.uniform(5, 90))
            created = accepted - timedelta(days=rng.uniform(1, 20))
            times = [accepted]
            for _ in range(reached - 1):
                times.append(times[-1] + (now - times[-1]) * rng.uniform(0.2, 0.7))
            stage = _FLOW[reached - 1]
            planned = reached > 1 or rng.random() < 0.5
            name, unit, direction, base, spread = cat.METRICS[waste]
            ideas.append({
                "id": idea_id, "title": title, "problem": problem, "proposal": proposal,
                "submitter_id": staff[rng.randrange(len(staff))],
                "area_id": areas[rng.randrange(len(areas))], "expected_savings": 2500.0,
                "implementation_cost": 400.0, "impact": rng.randint(1, 5),
                "effort": rng.randint(1, 5), "owner_id": owner, "due_date": None,
                "status": SuggestionStatus.ACCEPTED, "review_note": "", "created_at": created,
                "updated_at": accepted, "reviewed_at": accepted, "closed_at": None,
                "version": 1,
            })
            links.append({"suggestion_id": idea_id, "category": waste})
            cycles.append({
                "id": cycle_id, "suggestion_id": idea_id, "number": 1, "stage": stage,
                "stage_entered_at": times[-1],
                "problem_statement": problem if planned else "", "why_chain": [],
                "root_cause": "", "target_metric": f"{name} ({unit})" if planned else "",
                "target_from": base if planned else None,
                "target_to": round(base * 0.8, 2) if planned else None, "target_by": None,
                "countermeasure": proposal if planned else "", "check_result": "",
                "act_decision": None, "standard_change": "", "share_note": "",
                "started_at": accepted, "closed_at": None,
                # One version per write the services would have made: the plan, each move.
                "version": 1 + (1 if planned else 0) + (reached - 1),
            })
            previous = None
            for index in range(reached):
                changes.append({
                    "id": scid + len(changes), "cycle_id": cycle_id, "from_stage": previous,
                    "to_stage": _FLOW[index], "person_id": boss, "at": times[index],
                    "note": "",
                })
                previous = _FLOW[index]
            if reached >= 2:  # the Do gate needs actions; past Do they are all done
                for k in range(rng.randint(1, 4)):
                    due = (times[1] + timedelta(days=rng.randint(3, 30))).date()
                    done = None
                    if reached > 2:  # ticked while in Do, before the move to Check
                        done = times[1] + (times[2] - times[1]) * rng.uniform(0.1, 0.9)
                    elif rng.random() < 0.4:
                        done = times[1] + (now - times[1]) * rng.uniform(0.1, 0.9)
                    actions.append({"cycle_id": cycle_id, "text": f"Step {k + 1}: {proposal}",
                                    "owner_id": owner, "due_date": due, "done_at": done})
            if reached == 4:  # the Check gate needs before and after data
                metric_id = mid + len(metrics)
                metrics.append({"id": metric_id, "suggestion_id": idea_id, "name": name,
                                "unit": unit, "direction": direction, "created_at": accepted})
                for phase, mean, when in ((MeasurementPhase.BEFORE, base, times[0]),
                                          (MeasurementPhase.AFTER, base * 0.8, times[2])):
                    for k in range(5):
                        samples.append({"metric_id": metric_id, "phase": phase,
                                        "value": round(rng.gauss(mean, spread), 2),
                                        "measured_at": when + timedelta(hours=k),
                                        "person_id": boss})
        connection = s.connection()
        with large_cache(connection):
            for model, rows in ((Suggestion, ideas), (SuggestionWaste, links),
                                (PdcaCycle, cycles), (StageChange, changes),
                                (PdcaAction, actions), (Metric, metrics),
                                (Measurement, samples)):
                # The driver's executemany, as the bulk set goes in (kaizen.demo.bulk).
                insert_rows(connection, model.__table__, rows)
    return cards


def build(path: Path, cards: int) -> float:
    started = time.perf_counter()
    db = Database(sqlite_url(path))
    try:
        migrate.upgrade(db)
        build_demo(db, seed=1, months=1)
        insert_open_cards(db, cards)
    finally:
        db.dispose()
    return time.perf_counter() - started


class BoardBench:
    def __init__(self, db: Database, runs: int) -> None:
        self.db = db
        self.runs = runs
        self.services = Services.create(db)

    def service(self) -> None:
        board = self.services.board
        times, snapshot = timed(lambda: board.cards(BoardFilter()), self.runs)
        counts = ", ".join(f"{stage.label} {len(cards):,}"
                           for stage, cards in snapshot.columns.items())
        print(f"#   {snapshot.total:,} cards: {counts}", flush=True)
        line("board_cards_ms", times, "ms")
        times, _ = timed(board.token, self.runs)
        line("board_token_ms", times, "ms")

    def view(self) -> None:
        from PySide6.QtCore import QCoreApplication

        from kaizen.ui import worker
        from kaizen.ui.app import ensure_application
        from kaizen.ui.views.pdca_board import PdcaBoardView

        ensure_application()
        supervisor = next(p for p in self.services.people.list_people()
                          if p.role is Role.SUPERVISOR)

        def open_board() -> int:
            view = PdcaBoardView(self.services)
            view.resize(*VIEW_SIZE)
            view.set_person(supervisor)
            view.show()
            view.refresh()
            while view.snapshot is None or worker.active_tasks():
                QCoreApplication.processEvents()
                time.sleep(0.0005)
            view.grab()  # paints every visible card through the delegate
            shown = sum(column.count for column in view.columns.values())
            view.close()
            view.deleteLater()
            QCoreApplication.processEvents()
            return shown

        times, shown = timed(open_board, self.runs)
        print(f"#   the view shows {shown:,} cards (delegate-painted, one list view per column); "
              f"target {TARGET_MS:.0f} ms", flush=True)
        line("board_open_ms", times, "ms")

        # What the GUI thread itself spends (the read runs in the worker): the models taking
        # a snapshot, and one paint of the visible cards.
        view = PdcaBoardView(self.services)
        view.resize(*VIEW_SIZE)
        view.show()
        snapshot = self.services.board.cards(BoardFilter())

        def show_snapshot() -> None:
            view.apply_snapshot(snapshot)
            view.grab()

        times, _ = timed(show_snapshot, self.runs)
        line("board_gui_thread_ms", times, "ms")
        view.close()
        worker.wait_for_all()


def run(*, db_path: Path | None = None, runs: int = RUNS, cards: int = CARDS) -> None:
    with tempfile.TemporaryDirectory(prefix="kaizen-board-bench-") as folder:
        path = db_path or Path(folder) / "board.db"
        if path.exists():
            print(f"# reusing {path}", flush=True)
        else:
            print(f"# building the demo plant and {cards:,} open cards in {path} ...",
                  flush=True)
            print(f"# built in {build(path, cards):.0f} s", flush=True)
        db = Database(sqlite_url(path))
        try:
            with db.read() as s:
                open_cycles = s.scalar(select(func.count(PdcaCycle.id))
                                       .where(PdcaCycle.stage != PdcaStage.DONE)) or 0
            if open_cycles < cards:
                raise SystemExit(f"{path} holds {open_cycles:,} open cycles, fewer than "
                                 f"{cards:,}; remove it to build it again.")
            bench = BoardBench(db, runs)
            bench.service()
            bench.view()
        finally:
            db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.board", description=__doc__.split(
        "\n")[0])
    parser.add_argument("--db", type=Path, default=None,
                        help="keep the generated database in this file and reuse it next time")
    parser.add_argument("--runs", type=int, default=RUNS,
                        help=f"timed runs per figure, after one warm-up (default: {RUNS})")
    args = parser.parse_args(argv)
    run(db_path=args.db, runs=max(7, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
