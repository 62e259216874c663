"""Benchmark of the Ideas and Waste walk views through the GUI path, at 20,000 or 200,000 ideas.

It builds (or reuses, ``--db``) the same database as :mod:`bench.search`, then drives the real
views offscreen (``QT_QPA_PLATFORM=offscreen``) at the size they have in a 1280 x 800 window:
ids and pages are read by the background worker exactly as in the app, and each figure stops
when the rows on screen are read and painted (``grab()``).

Figures, each the median of at least seven runs after one warm-up, in the BENCH format
(``BENCH <name> <median> <unit> (min <x> max <y>, n <runs>)``; ``#`` lines are context):

- ``ideas_view_open_ms``: building an ``IdeasView``, its first id list (newest first) and the
  first screen of rows, painted.
- ``ideas_view_sort_title_ms`` / ``ideas_view_sort_savings_ms``: a header click (the model's
  ``sort``) until the rows on screen are those of the new order, painted.
- ``ideas_view_search_ms``: a search for two words (the pause after typing not counted: the
  search is flushed as Enter does), until the matching rows are painted; ``_prefix_ms`` for the
  first two letters typed, which match a great many ideas.
- ``ideas_view_jump_ms``: dragging the scroll bar to somewhere else in the list, until the rows
  there are read and painted.
- ``walk_view_open_ms`` and ``walk_view_sort_cost_ms``: the same for the Waste walk view (the
  yearly cost is the one sort with a sort step).
- ``*_gui_block_max_ms``: the longest stretch the GUI thread was busy in one go during those
  runs (how late a 10 ms heartbeat timer came, or one call made on the GUI thread: a header
  click, a paint); under 100 ms keeps the window responsive.

Run: ``python -m bench --lists-ui [--scale large] [--db PATH]`` or
``python -m bench.lists_ui [--scale large] [--db PATH] [--runs N]``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import func, select  # noqa: E402

from bench.search import RUNS, SCALES, build, line  # noqa: E402
from kaizen.config import sqlite_url  # noqa: E402
from kaizen.db.engine import Database  # noqa: E402
from kaizen.db.models import Suggestion  # noqa: E402
from kaizen.services import Services  # noqa: E402

# The page of a 1280 x 800 window: the window less the sidebar, the toolbar and the status bar.
VIEW_SIZE = (1056, 720)
TIMEOUT_S = 60.0
HEARTBEAT_MS = 10


class ListsUiBench:
    def __init__(self, db: Database, runs: int) -> None:
        from kaizen.ui.app import ensure_application
        from kaizen.ui.worker import MainThreadGarbageCollector

        ensure_application()
        # As the app does: Python's cyclic GC only on the GUI thread, so a collection started
        # by a worker never deletes Qt objects (the timers made here) off that thread.
        self.collector = MainThreadGarbageCollector()
        self.db = db
        self.runs = runs
        self.services = Services.create(db)
        self.blocks: list[tuple[float, str]] = []

    # -- driving the event loop ----------------------------------------------------------------
    def on_gui(self, fn: Callable[[], Any]) -> Any:
        """Call ``fn`` on the GUI thread, counting how long it held it."""
        started = time.perf_counter()
        result = fn()
        what = getattr(fn, "__qualname__", "a call")
        self.blocks.append(((time.perf_counter() - started) * 1000, what))
        return result

    def wait_painted(self, view: Any, *, whole: bool = False) -> None:
        """Run the event loop until the rows on screen are read, then paint the table once
        (``whole``: the whole page, as when it is first shown).

        A real event loop, idle between events as in the app: a loop polling
        ``processEvents`` would fight the worker for the GIL and slow it down threefold. A
        heartbeat timer measures how late each tick comes: the GUI thread was busy that long.
        """
        from PySide6.QtCore import QEventLoop, QTimer

        from kaizen.ui import worker

        model, table = view.model, view.table
        loop = QEventLoop()
        last = [time.perf_counter()]

        def ready() -> bool:
            if worker.active_tasks() or model.is_busy or model._dispatch_timer.isActive():
                return False
            return all(model.is_row_loaded(r) for r in table.visible_rows())

        def check() -> None:
            if ready():
                loop.quit()

        def tick() -> None:
            now = time.perf_counter()
            self.blocks.append((max((now - last[0]) * 1000 - HEARTBEAT_MS, 0.0),
                                "the event loop"))
            last[0] = now
            check()

        heartbeat = QTimer()
        heartbeat.setInterval(HEARTBEAT_MS)
        heartbeat.timeout.connect(tick)
        soon = QTimer()
        soon.setSingleShot(True)
        soon.setInterval(0)
        soon.timeout.connect(check)
        # Look again right after anything arrives (the paint it causes comes first).
        model.idsLoaded.connect(soon.start)
        model.pageLoaded.connect(soon.start)
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.timeout.connect(loop.quit)
        deadline.start(int(TIMEOUT_S * 1000))
        heartbeat.start()
        soon.start()
        loop.exec()
        heartbeat.stop()
        model.idsLoaded.disconnect(soon.start)
        model.pageLoaded.disconnect(soon.start)
        if not ready():
            raise TimeoutError("the list did not finish loading")
        self.on_gui(view.grab if whole else table.grab)

    def timed(self, name: str, fn: Callable[[], Any], unit: str = "ms") -> Any:
        fn()  # warm-up
        times, cpu = [], []
        result = None
        for _ in range(self.runs):
            started, started_cpu = time.perf_counter(), time.thread_time()
            result = fn()
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - started_cpu) * 1000)
        line(name, times, unit)
        # What the GUI thread itself computed (a busy machine stretches the wall clock).
        print(f"#   GUI thread CPU {statistics.median(cpu):.1f} ms of it", flush=True)
        return result

    def new_view(self, view_class: type) -> Any:
        view = self.on_gui(lambda: view_class(self.services))
        view.resize(*VIEW_SIZE)
        view.show()
        self.on_gui(view.refresh)
        self.wait_painted(view, whole=True)
        return view

    def report_blocks(self, name: str) -> None:
        worst = sorted(self.blocks, reverse=True)
        line(name, [worst[0][0]], "ms")
        print("#   longest: " + ", ".join(f"{ms:.0f} ms {what}" for ms, what in worst[:4]),
              flush=True)

    @staticmethod
    def close(view: Any) -> None:
        from PySide6.QtCore import QCoreApplication

        from kaizen.ui import worker

        worker.wait_for_all()
        view.close()
        view.deleteLater()
        QCoreApplication.processEvents()

    # -- the figures ---------------------------------------------------------------------------
    def ideas(self) -> None:
        from PySide6.QtCore import Qt

        from kaizen.ui.models import ideas_table as it
        from kaizen.ui.views.ideas import IdeasView

        self.blocks = []

        def open_view() -> int:
            view = self.new_view(IdeasView)
            shown = view.model.rowCount()
            self.close(view)
            return shown

        shown = self.timed("ideas_view_open_ms", open_view)
        print(f"#   {shown:,} ideas listed; rows read a page ({view_page()} ids) at a time",
              flush=True)

        view = self.new_view(IdeasView)
        orders = iter([Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder] * 100)

        def sort_by(column: int) -> Callable[[], None]:
            def run() -> None:
                self.on_gui(lambda: view.model.sort(column, next(orders)))
                self.wait_painted(view)
            return run

        self.timed("ideas_view_sort_title_ms", sort_by(it.COL_TITLE))
        self.timed("ideas_view_sort_savings_ms", sort_by(it.COL_SAVINGS))
        self.on_gui(lambda: view.model.sort(it.COL_CREATED, Qt.SortOrder.DescendingOrder))
        self.wait_painted(view)

        words = iter(["torque stat", "torque"] * 100)

        def search(text: Callable[[], str]) -> Callable[[], int]:
            def type_and_enter() -> None:
                bar = view.filter_bar
                bar.search.setText(text())
                bar.search_timer.start()  # as typing does
                bar.flush_search()  # as Enter does: no waiting for the pause

            def run() -> int:
                self.on_gui(type_and_enter)
                self.wait_painted(view)
                return view.model.rowCount()
            return run

        found = self.timed("ideas_view_search_ms", search(lambda: next(words)))
        print(f"#   'torque' finds {found:,} ideas", flush=True)
        prefixes = iter(["to", "tor"] * 100)
        found = self.timed("ideas_view_search_prefix_ms", search(lambda: next(prefixes)))
        print(f"#   'tor' (the word still being typed) finds {found:,} ideas", flush=True)
        self.on_gui(view.filter_bar.clear)
        self.wait_painted(view)

        rng = random.Random(7)
        bar = view.table.verticalScrollBar()

        def jump() -> None:
            self.on_gui(lambda: bar.setValue(rng.randrange(bar.maximum() + 1)))
            self.wait_painted(view)

        self.timed("ideas_view_jump_ms", jump)
        print(f"#   the model read {view.model.fetched_pages:,} pages for all that, and holds "
              f"{len(view.model.cached_rows()):,} rows", flush=True)
        self.close(view)
        self.report_blocks("ideas_view_gui_block_max_ms")

    def waste_walk(self) -> None:
        from PySide6.QtCore import Qt

        from kaizen.ui.models import observations_table as ot
        from kaizen.ui.views.waste_walk import WasteWalkView

        self.blocks = []

        def open_view() -> int:
            view = self.new_view(WasteWalkView)
            shown = view.model.rowCount()
            self.close(view)
            return shown

        shown = self.timed("walk_view_open_ms", open_view)
        print(f"#   {shown:,} observations listed", flush=True)
        view = self.new_view(WasteWalkView)
        orders = iter([Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder] * 100)

        def sort_cost() -> None:
            self.on_gui(lambda: view.model.sort(ot.COL_COST, next(orders)))
            self.wait_painted(view)

        self.timed("walk_view_sort_cost_ms", sort_cost)
        self.close(view)
        self.report_blocks("walk_view_gui_block_max_ms")


def view_page() -> int:
    from kaizen.ui.models.lazy_table import PAGE_SIZE

    return PAGE_SIZE


def run(scale: str, *, db_path: Path | None = None, runs: int = RUNS) -> None:
    ideas = SCALES[scale]
    with tempfile.TemporaryDirectory(prefix="kaizen-lists-ui-bench-") as folder:
        path = db_path or Path(folder) / "bench.db"
        if path.exists():
            print(f"# reusing {path}", flush=True)
        else:
            print(f"# building {ideas:,} ideas in {path} ...", flush=True)
            print(f"# built in {build(path, ideas):.0f} s", flush=True)
        db = Database(sqlite_url(path))
        try:
            with db.read() as s:
                held = s.scalar(select(func.count(Suggestion.id))) or 0
            if held < ideas:
                raise SystemExit(f"{path} holds {held:,} ideas, fewer than the {scale} scale; "
                                 "remove it to build it again.")
            print(f"# the list views over {held:,} ideas, offscreen at {VIEW_SIZE[0]} x "
                  f"{VIEW_SIZE[1]}", flush=True)
            bench = ListsUiBench(db, runs)
            try:
                bench.ideas()
                bench.waste_walk()
            finally:
                bench.collector.stop()
        finally:
            db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lists_ui",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small",
                        help="small: 20,000 ideas; large: 200,000 ideas (default: small)")
    parser.add_argument("--db", type=Path, default=None,
                        help="keep the generated database in this file and reuse it next time")
    parser.add_argument("--runs", type=int, default=RUNS,
                        help=f"timed runs per figure, after one warm-up (default: {RUNS})")
    args = parser.parse_args(argv)
    run(args.scale, db_path=args.db, runs=max(7, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
