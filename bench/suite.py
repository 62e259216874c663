"""The benchmark suite of issue 8: one command builds (or reuses) the plant-scale data set and
prints every figure.

``python -m bench`` (scale ``large``, the ten-year set of a large site: 200,000 ideas, 100,000
waste observations, 20,000 PDCA cycles, about 2,000,000 measurements and 100,000 savings entries,
plus 2,000 open PDCA cards) or ``--scale small`` (a tenth of it, for CI: the whole run in under
a minute).

The data set is built with bulk inserts (:func:`kaizen.demo.bulk.bulk_insert`: rows drawn
column-wise with numpy, the driver's executemany, secondary and search indexes built after the
load), in a fresh interpreter, and kept in the cache folder (``--db``) under a key made of
everything that shapes it: the scale, the sources that generate it and the migrations. A changed
generator or schema builds a new file; an unchanged one is reused.

Every figure is one line ``BENCH <name> <median> <unit> (min <x> max <y>, n <runs>)``; each
DB-bound figure is followed by ``<name>_raw_ms`` (the same statements replayed in plain
``sqlite3``, whose plans ``--explain`` prints) and ``<name>_vs_raw`` (the ratio, run in pairs so
both see the same machine). Lines starting with ``#`` are context. The groups (``--only``):

- ``build``: ``build_dataset_s`` (demo plant, bulk rows, open cards, indexes), ``build_rows_per_s``
  and ``build_1m_rows_s`` (the bulk insert's pace per million rows; target under 10 s).
- ``startup``: fresh processes of the real app (``run_gui``, offscreen): ``start_to_window_ms``
  (first paint of the main window; target 500 ms), ``start_to_last_dashboard_ms`` (the previous
  run's dashboard, kept as a picture with its time, painted: every start but the first of a
  series; target 1,000 ms) and ``start_to_dashboard_ms`` (the fresh cards and both charts shown;
  the same target), each with its ``_cpu_ms`` (the process's CPU by then, all threads).
- ``views``: :mod:`bench.gui_stall`: the longest the GUI thread is blocked in each view, at
  its first show and when shown again and refreshed (``gui_block_<view>_first_ms``,
  ``gui_block_<view>_ms``, each with ``_cpu_ms``; target 50 ms), in a fresh app process.
- ``ideas``: the Ideas list's service calls on the whole set: ``ideas_open_ms`` (every id newest
  first plus the first page of rows; target 100 ms), ``ideas_sort_ms`` (by title; 300 ms),
  ``ideas_search_ms`` (one word; 50 ms), ``ideas_filter_ms`` (an area with the lines below it;
  150 ms).
- ``board``: ``board_cards_ms`` (the service) and ``board_open_ms`` (the view built, filled and
  painted; 300 ms) from :mod:`bench.board`.
- ``dashboard``: ``dashboard_ms`` (a year's aggregates; 150 ms) and each chart: its data
  (``pareto_ms``, ``savings_series_ms``; ``chart_*_data_ms`` as the builder asks for it) and the
  chart alone, from data already fetched: figure made, laid out and rendered at 460 x 300 as the
  worker does (``chart_pareto_ms``, ``chart_savings_ms``; 100 ms each; ``chart_*_cpu_ms``, the
  drawing thread's CPU), with the text cache warm (a refresh) and cold (``chart_*_cold_ms``:
  the first draw of its strings in the process).
- ``inbox``: :mod:`bench.inbox`: ``inbox_ms`` (``InboxService.inbox`` for the reviewer with the
  most waiting; target 50 ms on the large set) with ``inbox_raw_ms`` and ``inbox_vs_raw``.
- ``report``: :func:`bench.report.run` (``report_pdf_ms`` under 2 s, ``report_xlsx_ms``,
  ``report_csv_ms``).
- ``save``: ``save_idea_ms`` and ``save_idea_p99_ms`` (one idea through
  ``SuggestionService.create`` with its commit, in a fresh process; median 5 ms, p99 20 ms).
  Each run adds its ideas to the cached set (a few hundred in 200,000).
- ``rss``: ``peak_rss_mb`` of the app with the set open, the dashboard shown and the Ideas list
  scrolled from top to bottom (target 300 MB).
- ``simulation``: :mod:`bench.simulation` (``simulate_20x10x10k_s``: 20 replications of a
  10-step model with 10,000 cases each on 2 worker processes, target under 10 s; needs no data
  set).
- ``mining``: event logs (issue 19), on logs it generates itself: :mod:`bench.mining`
  (``mining_load_vs_raw``: the stored log's load against its rows in plain sqlite3, in
  pairs over ``--runs``; ``mining_load_cpu_vs_raw`` the same in CPU).
- ``db``: :mod:`bench.db_figures`: the process map's load and save and a KPI series' read,
  each against its plain-sqlite3 floor (``map_view``, ``save_map``, ``kpi_chart``; within 2x),
  on a fresh file of its own.
- ``lists-ui``: the list views through the GUI path (:mod:`bench.lists_ui`); not in the default
  run.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.children import child_env
from bench.search import captured, line

REPO = Path(__file__).resolve().parent.parent
GROUPS = ("build", "startup", "views", "ideas", "board", "dashboard", "inbox", "db", "report",
          "save", "rss", "simulation", "mining")
# Groups that time their own generated data (or a model), not the plant set.
OWN_DATA = ("simulation", "mining", "db")
EXTRA_GROUPS = ("lists-ui",)
SCALES: dict[str, dict[str, int]] = {
    "large": {"ideas": 200_000, "cards": 2_000, "runs": 7, "starts": 5, "saves": 300,
              "report_runs": 3},
    # CI runs this one: every figure once or a few times, the whole run under a minute.
    "small": {"ideas": 20_000, "cards": 200, "runs": 3, "starts": 1, "saves": 100,
              "report_runs": 1},
}
# Whatever shapes the data set: a change to any of these builds a new one.
_KEY_SOURCES = ("kaizen/demo/bulk.py", "kaizen/demo/generator.py", "kaizen/demo/catalogue.py",
                "bench/board.py")
DATASET_VERSION = "2"  # 2: the full-text index left merged after the load
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "kaizen-bench"
IDEA_WORD = "torque"
AREA = "Assembly"


# --- the data set ------------------------------------------------------------------------------


def dataset_key(scale: str) -> str:
    shape = SCALES[scale]
    digest = hashlib.sha256(f"{DATASET_VERSION} {shape['ideas']} {shape['cards']}".encode())
    sources = [REPO / name for name in _KEY_SOURCES]
    sources += sorted((REPO / "migrations" / "versions").glob("*.py"))
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def ensure_dataset(folder: Path, scale: str) -> Path:
    """The cached data set of ``scale`` in ``folder``, built first when missing."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"kaizen-{scale}-{dataset_key(scale)}.db"
    if path.exists():
        print(f"# reusing {path} ({path.stat().st_size / 1_048_576:,.0f} MB)", flush=True)
        return path
    building = path.with_suffix(".building")
    for leftover in folder.glob(building.name + "*"):
        leftover.unlink()
    # In a fresh interpreter: the build peaks at over a gigabyte, and Linux hands a process's
    # peak on to the programs it starts (``ru_maxrss`` of a child counts its parent's high-water
    # mark from before the exec), so an app started by this process after an in-process build
    # reported the build's 1.6 GB as its own peak memory.
    subprocess.run([sys.executable, "-c", _BUILD_CHILD, str(building), scale], cwd=REPO,
                   check=True)
    building.rename(path)  # only a finished build is ever reused
    for stale in folder.glob(f"kaizen-{scale}-*.db*"):
        # Sets of an older generator or schema: half a gigabyte each at the large scale.
        if not stale.name.startswith(path.name):
            stale.unlink()
            print(f"# removed the outdated set {stale.name}", flush=True)
    return path


_BUILD_CHILD = ("import sys; from pathlib import Path; from bench.suite import build_dataset; "
                "build_dataset(Path(sys.argv[1]), sys.argv[2])")


def build_dataset(path: Path, scale: str) -> None:
    from sqlalchemy import event

    from bench.board import insert_open_cards
    from kaizen.config import sqlite_url
    from kaizen.db import migrate
    from kaizen.db.engine import Database
    from kaizen.demo.bulk import bulk_insert
    from kaizen.demo.generator import build_demo

    shape = SCALES[scale]
    print(f"# building the {scale} set in {path} ...", flush=True)
    started, started_cpu = time.perf_counter(), time.process_time()
    db = Database(sqlite_url(path))
    try:
        migrate.upgrade(db)
        build_demo(db, seed=1, months=1)
    finally:
        db.dispose()
    demo_s = time.perf_counter() - started
    before = _row_count(path)
    bulk_started, bulk_cpu = time.perf_counter(), time.process_time()
    # The bulk rows through connections set for loading a file nobody else has open yet.
    loader = Database(sqlite_url(path))
    event.listen(loader.engine, "connect", _loading_pragmas)
    try:
        # The cards first: they go into the small tables of the demo plant, and the bulk load
        # builds every index once over both (after it, 2,000 ideas cost a second of index and
        # full-text upkeep row by row).
        insert_open_cards(loader, shape["cards"])
        bulk_insert(loader, ideas=shape["ideas"])
    finally:
        loader.dispose()
    bulk_s = time.perf_counter() - bulk_started
    bulk_cpu = time.process_time() - bulk_cpu
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        raw.execute("PRAGMA journal_mode=WAL")  # what the app and every bench open
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.execute("ANALYZE")
    finally:
        raw.close()
    total_s = time.perf_counter() - started
    rows = _row_count(path) - before
    print(f"# demo plant {demo_s:.1f} s, {rows:,} bulk rows in {bulk_s:.1f} s", flush=True)
    for name, count in _table_counts(path):
        print(f"#   {name}: {count:,}", flush=True)
    line("build_dataset_s", [total_s], "s")
    line("build_dataset_cpu_s", [time.process_time() - started_cpu], "s")
    line("build_rows_per_s", [rows / bulk_s], "rows/s")
    line("build_1m_rows_s", [bulk_s * 1_000_000 / rows], "s")
    # CPU time of this process for the bulk part: what a busy machine does not stretch.
    line("build_1m_rows_cpu_s", [bulk_cpu * 1_000_000 / rows], "s")


def _loading_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Settings for the bulk load of a set being built, after the app's own (engine.py).

    The file is a ``.building`` one that is thrown away when the build fails, so it needs no
    crash safety: no WAL (every page written once, not to the log and then again to the file),
    the rollback journal in memory, no disk syncs. Foreign keys are not looked up per row (a
    quarter of SQLite's work for the measurements); the generator keeps them, as
    tests/test_bulk_rows.py checks with ``PRAGMA foreign_key_check``.
    """
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=MEMORY")
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA foreign_keys=OFF")
    finally:
        cursor.close()


_TABLES = ("suggestions", "waste_observations", "pdca_cycles", "measurements",
           "savings_entries", "stage_changes", "metrics", "pdca_actions", "suggestion_wastes")


def _table_counts(path: Path) -> list[tuple[str, int]]:
    raw = sqlite3.connect(path)
    try:
        return [(t, raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in _TABLES]
    finally:
        raw.close()


def _row_count(path: Path) -> int:
    return sum(count for _, count in _table_counts(path))


# --- helpers -----------------------------------------------------------------------------------


def versus_raw(db: Any, path: Path, name: str, fn: Callable[[], Any], runs: int,
               explain: bool = False, target_ms: float | None = None) -> None:
    """``name``: ``fn`` timed; then the statements it sent replayed in plain sqlite3, in pairs."""
    with captured(db) as statements:
        fn()
    raw = sqlite3.connect(path)
    try:
        def plain() -> list[Any]:
            return [raw.execute(sql, params).fetchall() for sql, params in statements]

        fn()
        plain()
        ours, theirs, ours_cpu, theirs_cpu = [], [], [], []
        for _ in range(runs):
            cpu = time.thread_time()
            a = _once(fn)[0]
            ours_cpu.append((time.thread_time() - cpu) * 1000)
            cpu = time.thread_time()
            b = _once(plain)[0]
            theirs_cpu.append((time.thread_time() - cpu) * 1000)
            ours.append(a)
            theirs.append(b)
        if explain:
            for sql, params in statements:
                print(f"#   plan of {name}: {' '.join(sql.split())[:140]}")
                for row in raw.execute("EXPLAIN QUERY PLAN " + sql, params):
                    print(f"#     {row[3]}")
    finally:
        raw.close()
    line(f"{name}_ms", ours, "ms")
    line(f"{name}_raw_ms", theirs, "ms")
    line(f"{name}_vs_raw", [statistics.median(ours) / max(statistics.median(theirs), 1e-6)],
         "x")
    # The same in the thread's CPU (SQLite runs on it): what a shared machine does not stretch.
    line(f"{name}_cpu_vs_raw",
         [statistics.median(ours_cpu) / max(statistics.median(theirs_cpu), 1e-6)], "x")
    if target_ms is not None:
        print(f"#   {name}: target {target_ms:,.0f} ms, {len(statements)} statements",
              flush=True)


def _once(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result


def _child(args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``python -m bench.app_child args`` and return what it printed."""
    full_env = child_env(env)
    t0 = time.time()
    done = subprocess.run([sys.executable, "-m", "bench.app_child", *args, "--t0", repr(t0)],
                          cwd=REPO, env=full_env, capture_output=True, text=True, timeout=600)
    for out in done.stdout.splitlines():
        if out.startswith("BENCH-CHILD "):
            return dict(json.loads(out[len("BENCH-CHILD "):]))
    raise RuntimeError(f"bench.app_child {' '.join(args)} failed:\n{done.stderr[-3000:]}")


# --- the groups --------------------------------------------------------------------------------


def startup(path: Path, starts: int, walk: bool, report_start: bool) -> dict[str, Any]:
    windows, dashboards, walked = [], [], {}
    window_cpu, dashboard_cpu, blocks = [], [], []
    block_cpu: list[float] = []
    pictures: list[float] = []
    picture_cpu: list[float] = []
    with tempfile.TemporaryDirectory(prefix="kaizen-bench-start-") as folder:
        # Settings and the data folder of a fresh install, never the user's.
        env = {"XDG_CONFIG_HOME": str(Path(folder) / "config"), "QT_QPA_PLATFORM": "offscreen"}
        for run in range(starts + (1 if walk else 0)):
            wants_walk = walk and run == starts
            args = ["start", "--db", str(path), "--data-dir", str(Path(folder) / "data")]
            result = _child(args + (["--walk"] if wants_walk else []), env)
            if "error" in result:
                raise RuntimeError(f"the app did not fill its dashboard: {result}")
            if wants_walk:
                walked = result
            # The walking run's start-up counts too: the walk comes after the dashboard.
            windows.append(result["window_ms"])
            if "picture_ms" in result:  # every start after the first: the last run kept one
                pictures.append(result["picture_ms"])
                picture_cpu.append(result["picture_cpu_ms"])
            dashboards.append(result["dashboard_ms"])
            window_cpu.append(result["window_cpu_ms"])
            dashboard_cpu.append(result["dashboard_cpu_ms"])
            blocks.append(result.get("gui_block_ms", 0.0))
            block_cpu.append(result.get("gui_block_cpu_ms", 0.0))
    if report_start:
        line("start_to_window_ms", windows, "ms")
        line("start_to_dashboard_ms", dashboards, "ms")
        if pictures:
            # Issue 21's first idea: the previous run's dashboard, kept as a picture with its
            # time, painted at once and then replaced by the fresh one (the line above).
            line("start_to_last_dashboard_ms", pictures, "ms")
            line("start_to_last_dashboard_cpu_ms", picture_cpu, "ms")
        # CPU time of the process (all its threads) by then: what a busy machine cannot stretch.
        line("start_to_window_cpu_ms", window_cpu, "ms")
        line("start_to_dashboard_cpu_ms", dashboard_cpu, "ms")
        # The longest the GUI thread was blocked between the window's paint and the dashboard.
        line("start_gui_block_max_ms", blocks, "ms")
        # The GUI thread's own CPU in its longest gap: what it did itself, not its waits for
        # the CPU (a busy machine) or for Python's GIL (the start-up threads).
        line("start_gui_block_max_cpu_ms", block_cpu, "ms")
        print("#   targets: window 500 ms; the last or the fresh dashboard 1,000 ms, wall and CPU;"
              " GUI thread blocked under 50 ms",
              flush=True)
    return walked


def ideas(db: Any, path: Path, runs: int, explain: bool) -> None:
    from kaizen.services import Services
    from kaizen.services.listing import IdeaColumn, IdeaFilter

    svc = Services.create(db).suggestions
    area = _area_id(db)

    def open_list() -> Any:
        ids = svc.query_ids(IdeaFilter())
        return svc.rows(ids[:100])

    versus_raw(db, path, "ideas_open", open_list, runs, explain, 100)
    versus_raw(db, path, "ideas_sort", lambda: svc.query_ids(IdeaFilter(), IdeaColumn.TITLE,
                                                              False), runs, explain, 300)
    versus_raw(db, path, "ideas_search", lambda: svc.query_ids(IdeaFilter(text=IDEA_WORD)),
               runs, explain, 50)
    versus_raw(db, path, "ideas_filter", lambda: svc.query_ids(IdeaFilter(area_id=area)),
               runs, explain, 150)


def board(db: Any, path: Path, runs: int, explain: bool) -> None:
    from bench.board import BoardBench
    from kaizen.services import Services
    from kaizen.services.board import BoardFilter

    services = Services.create(db)
    versus_raw(db, path, "board_cards", lambda: services.board.cards(BoardFilter()), runs,
               explain)
    bench = BoardBench(db, runs)
    bench.view()


def dashboard(db: Any, path: Path, runs: int, explain: bool) -> None:
    import gc
    import shutil

    from bench.dashboard import DashboardBench, Fetched
    from kaizen.services.dashboard import DashboardFilter
    from kaizen.ui.charts.chart_widget import prerender
    from kaizen.ui.views.dashboard import build_pareto_chart, build_savings_chart

    bench = DashboardBench(db, path, runs, explain)
    bench.run()
    today = date.today()
    year = DashboardFilter(today - timedelta(days=364), today)
    services = bench.services

    # As the chart card's worker does, in two parts: the builder's service calls (the data,
    # also timed above as pareto_ms / savings_series_ms), then the builder again on that data
    # already fetched: the figure made, laid out and rendered at half the dashboard of a
    # 1280 x 800 window. Only the second part is the chart's own cost.
    from PySide6.QtCore import QSize

    from kaizen.ui.charts import text_cache, text_store
    from kaizen.ui.charts.text_warm import warm_dashboard_text

    size = QSize(460, 300)
    currency = services.people.settings().currency  # as the page's one read gives it
    # The text cache is kept on disk as the app keeps it (beside the kept chart pictures):
    # a cold draw is the first of a new process, reading what the run before kept; an
    # uncached one finds no file either (the first chart ever, or after an update).
    kept_text = Path(tempfile.mkdtemp(prefix="kaizen-bench-text-"))
    text_store.use_folder(kept_text)
    for name, build in (("chart_savings", build_savings_chart),
                        ("chart_pareto", build_pareto_chart)):
        data_ms, wall_ms, cpu_ms, cold_ms, cold_cpu_ms = [], [], [], [], []
        bare_ms, bare_cpu_ms, warmed_ms, warmed_cpu_ms = [], [], [], []
        kinds = ("cold", "warm", "uncached", "warmed")
        for i in range(len(kinds) * runs + 1):  # the first one warms up; then each kind
            fetched = Fetched(services)
            build(fetched, year, currency)
            kind = kinds[(i - 1) % len(kinds)] if i else "warm"
            if kind != "warm":  # the first draw of these strings in the process
                text_cache.clear(as_new_process=True)
            if kind in ("uncached", "warmed"):
                (kept_text / text_store.FILE_NAME).unlink(missing_ok=True)
            if kind == "warmed":  # as the first start may do while the demo plant loads
                warm_dashboard_text(size, 1.0, currency)
            # As in the app, whose cyclic GC runs on the GUI thread's timer only
            # (kaizen.ui.worker.MainThreadGarbageCollector), never in the chart's worker.
            gc.collect()
            gc.disable()
            try:
                started, cpu = time.perf_counter(), time.thread_time()
                prerender(build(fetched, year, currency), size, 1.0)
                wall = (time.perf_counter() - started) * 1000
                cpu = (time.thread_time() - cpu) * 1000
            finally:
                gc.enable()
            if not i:
                continue
            if kind == "cold":
                cold_ms.append(wall)
                cold_cpu_ms.append(cpu)
            elif kind == "uncached":
                bare_ms.append(wall)
                bare_cpu_ms.append(cpu)
            elif kind == "warmed":
                warmed_ms.append(wall)
                warmed_cpu_ms.append(cpu)
            else:
                wall_ms.append(wall)
                cpu_ms.append(cpu)
                data_ms.append(fetched.fetch_ms)
        line(f"{name}_data_ms", data_ms, "ms")
        line(f"{name}_ms", wall_ms, "ms")
        line(f"{name}_cpu_ms", cpu_ms, "ms")
        line(f"{name}_cold_ms", cold_ms, "ms")
        line(f"{name}_cold_cpu_ms", cold_cpu_ms, "ms")
        line(f"{name}_uncached_ms", bare_ms, "ms")
        line(f"{name}_uncached_cpu_ms", bare_cpu_ms, "ms")
        line(f"{name}_uncached_warmed_ms", warmed_ms, "ms")
        line(f"{name}_uncached_warmed_cpu_ms", warmed_cpu_ms, "ms")
    text_store.use_folder(None)
    shutil.rmtree(kept_text, ignore_errors=True)
    print("#   targets: dashboard aggregates 150 ms in all, each chart 100 ms CPU (figure, "
          "layout and pixels, the data excluded); _cold: the first draw in a process (the "
          "chart's strings read from the text cache the run before kept on disk), "
          "_uncached: the same with no kept file either (the first chart ever), "
          "_uncached_warmed: that after kaizen.ui.charts.text_warm drew sample charts (the "
          "fixed strings: titles, labels, months, categories), else a "
          "redraw of the same strings; the GC collects outside the draw, as in the app",
          flush=True)


def save(path: Path, count: int) -> None:
    result = _child(["save", "--db", str(path), "--count", str(count)])
    times = sorted(result["save_ms"])
    p99 = times[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))]
    line("save_idea_ms", times, "ms")
    line("save_idea_p99_ms", [p99], "ms")
    # CPU time of the saving thread: what a busy machine does not stretch.
    line("save_idea_cpu_ms", result["save_cpu_ms"], "ms")
    # All threads of the process per save, background WAL checkpoints included (a mean).
    line("save_idea_process_cpu_ms", [result["process_cpu_ms"]], "ms")
    # The floor, saved by hand in the same child between our saves (pairs: same machine).
    raw, raw_cpu = result["raw_ms"], result["raw_cpu_ms"]
    line("save_idea_raw_ms", raw, "ms")
    line("save_idea_raw_cpu_ms", raw_cpu, "ms")
    line("save_idea_vs_raw", [statistics.median(times) / statistics.median(raw)], "x")
    line("save_idea_cpu_vs_raw",
         [statistics.median(result["save_cpu_ms"]) / statistics.median(raw_cpu)], "x")
    print("#   targets: median 5 ms, p99 20 ms, within 2x of the floor", flush=True)


class RawSaver:
    """What one save does, by hand in plain sqlite3: the person and area read to check them
    (one statement, as the app reads them), the idea, its waste, its audit event (chained, with
    the same content as the app's: the new idea's fields), and the commit. Run by the save
    child between its own saves, so each pair sees the same machine."""

    def __init__(self, path: Path, person: int, area: int) -> None:
        from datetime import datetime

        self.raw = sqlite3.connect(path, isolation_level=None)
        self.raw.execute("PRAGMA foreign_keys=ON")
        self.raw.execute("PRAGMA journal_mode=WAL")
        self.raw.execute("PRAGMA synchronous=NORMAL")
        self.person, self.area = person, area
        self.now = "2026-11-25 12:00:00.000000"
        self.at = datetime.fromisoformat(self.now)
        self.count = 0

    def save(self) -> None:
        from kaizen.db.audit_chain import next_event

        raw, person, area, now = self.raw, self.person, self.area, self.now
        self.count += 1
        title = f"Raw bench idea {self.count}: label the torque tools"
        problem, proposal = "Tools get mixed up.", "Shadow board with labels."
        raw.execute("BEGIN IMMEDIATE")
        # The reads every save needs before it writes (issue 21: a floor that skips them is not
        # the same save): the person is active and may create ideas, the area exists, and the
        # head of the audit trail's hash chain. One statement, as the app reads them.
        read = raw.execute(
            "SELECT people.id, people.name, people.role, people.active, areas.id, areas.name, "
            "areas.active, head.id, head.row_hash FROM (SELECT 1 AS one) AS one "
            "LEFT JOIN people ON people.id = ? LEFT JOIN areas ON areas.id = ? "
            "LEFT JOIN (SELECT id, row_hash FROM audit_events ORDER BY id DESC LIMIT 1) AS head "
            "ON 1", (person, area)).fetchone()
        cursor = raw.execute(
            "INSERT INTO suggestions (title, problem, proposal, submitter_id, area_id, "
            "expected_savings, implementation_cost, impact, effort, status, review_note, "
            "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, 1)",
            (title, problem, proposal, person, area, 1200.0, 150.0, 3, 3, "submitted", "", now,
             now),
        )
        raw.execute("INSERT INTO suggestion_wastes (suggestion_id, category) VALUES (?, ?)",
                    (cursor.lastrowid, "motion"))
        # The event at the head of the audit trail's hash chain, as the app appends it, with
        # the same content: the new idea's fields, which the trail keeps (issue 21: the same
        # result, not a shorter event).
        after = {"title": title, "problem": problem, "proposal": proposal, "area_id": area,
                 "expected_savings": 1200.0, "implementation_cost": 150.0, "impact": 3,
                 "effort": 3, "owner_id": None, "due_date": None, "status": "submitted",
                 "review_note": "", "wastes": ["motion"]}
        head = None if read[7] is None else (read[7], read[8])
        event = next_event(head, {
            "at": self.at, "person_id": person, "entity": "suggestion",
            "entity_id": cursor.lastrowid, "action": "create", "before": None,
            "after": after})
        raw.execute("INSERT INTO audit_events (id, at, person_id, entity, entity_id, action, "
                    "after, row_hash) VALUES (?, ?, ?, 'suggestion', ?, 'create', ?, ?)",
                    (event["id"], now, person, cursor.lastrowid, json.dumps(after),
                     event["row_hash"]))
        raw.execute("COMMIT")

    def close(self) -> None:
        self.raw.close()


def report(path: Path, scale: str, runs: int) -> None:
    from bench.report import run

    run(scale, db_path=path, runs=runs)


def lists_ui(path: Path, scale: str, runs: int) -> None:
    from bench.lists_ui import run

    run(scale, db_path=path, runs=runs)


def _area_id(db: Any) -> int:
    from sqlalchemy import select

    from kaizen.db.models import Area

    with db.read() as s:
        found = s.scalar(select(Area.id).where(Area.name == AREA))
    assert found is not None, f"the demo plant has no area {AREA!r}"
    return int(found)


def _own_data_groups(scale: str, only: tuple[str, ...], runs: int,
                     asked_runs: int | None) -> None:
    if "simulation" in only:  # no database: bench/simulation.py
        from bench.simulation import run as run_simulation

        run_simulation(scale, asked_runs)
    if "mining" in only:
        from bench.mining import run as run_mining

        run_mining(scale, runs)
    if "db" in only:  # a fresh file of its own: bench/db_figures.py
        from bench.db_figures import run as run_db

        run_db(runs)


# --- the run -----------------------------------------------------------------------------------


def run(scale: str, *, folder: Path = DEFAULT_CACHE, only: tuple[str, ...] = GROUPS,
        runs: int | None = None, explain: bool = False, dataset: Path | None = None) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    shape = SCALES[scale]
    asked_runs = runs  # the simulation group has its own default (3 runs: each is seconds long)
    runs = runs or shape["runs"]
    started = time.perf_counter()
    print(f"# Kaizen bench, scale {scale}, {date.today()}, {os.cpu_count()} cores, SQLite "
          f"{sqlite3.sqlite_version}, Python {sys.version.split()[0]}", flush=True)
    if all(group in OWN_DATA for group in only):
        _own_data_groups(scale, only, runs, asked_runs)
        print(f"# bench took {time.perf_counter() - started:.0f} s", flush=True)
        return
    cached = folder / f"kaizen-{scale}-{dataset_key(scale)}.db"
    if dataset is not None:
        if not dataset.exists():
            raise SystemExit(f"bench: no data set at {dataset}")
        print(f"# timing the given set {dataset} as it is (no build)", flush=True)
        path = dataset
    elif "build" in only and not cached.exists():
        path = ensure_dataset(folder, scale)
    else:
        if "build" in only:
            print("# build skipped: the set is cached (remove it to time the build)",
                  flush=True)
        path = ensure_dataset(folder, scale)

    if "startup" in only or "rss" in only:
        walk = "rss" in only
        starts = shape["starts"] if "startup" in only else 0
        if "startup" in only and not walk:
            starts = max(starts, 1)
        walked = startup(path, starts, walk, "startup" in only)
        if walked:
            print(f"#   peak memory after the dashboard and the Ideas list scrolled over "
                  f"{walked.get('ideas_rows', 0):,} rows (at the dashboard "
                  f"{walked['rss_start_mb']:.0f} MB); target 300 MB", flush=True)
            line("peak_rss_mb", [walked["peak_rss_mb"]], "MB")

    if "views" in only:
        from bench.gui_stall import run as run_views

        run_views(path, visits=3 if scale == "large" else 2)

    from kaizen.config import sqlite_url
    from kaizen.db.engine import Database

    db = Database(sqlite_url(path))
    try:
        if "ideas" in only:
            ideas(db, path, runs, explain)
        if "board" in only:
            board(db, path, runs, explain)
        if "dashboard" in only:
            dashboard(db, path, runs, explain)
    finally:
        db.dispose()
    if "inbox" in only:
        from bench.inbox import run as run_inbox  # it imports this module

        run_inbox(path, runs)
    if "report" in only:
        report(path, scale, shape["report_runs"])
    if "save" in only:
        save(path, shape["saves"])
    if "lists-ui" in only:
        lists_ui(path, scale, runs)
    _own_data_groups(scale, only, runs, asked_runs)
    print(f"# bench took {time.perf_counter() - started:.0f} s", flush=True)
