"""One fresh app process for the suite: start-up to the dashboard, peak memory, saving ideas.

Run by :mod:`bench.suite` in a new interpreter each time (``python -m bench.app_child ...``), so
every import, the database check and the first paint are paid as a person starting Kaizen pays
them. It prints one JSON line on stdout with what it measured; the suite turns them into BENCH
lines.

- ``start``: the real :func:`kaizen.ui.app.run_gui` on the given SQLite file, offscreen. The
  times are from ``--t0`` (the parent's ``time.time()`` just before it started this process) to
  the first paint of the main window (``window_ms``; its "Loading…" dashboard, shown before the
  database is opened), to the paint of the last dashboard kept as a picture by the previous
  run (``picture_ms``, when there is one) and to the dashboard's cards and both
  charts shown (``dashboard_ms``), and the CPU time the process had used by then (all threads;
  ``*_cpu_ms``), which a busy machine does not stretch, and the longest the GUI thread went
  without running its 2 ms poll in between (``gui_block_ms``). With ``--walk`` the Ideas list is
  then opened and scrolled from top to bottom before the peak RSS (``VmHWM``) is read. The
  daily backup is not started (it would copy the whole file on every run; in the app it runs
  once a day, in the background).
- ``save``: ``--count`` ideas saved one after the other through ``SuggestionService.create``,
  each its own unit of work with its commit; the milliseconds of each, and before each the
  same save by hand in plain sqlite3 (``bench.suite.RawSaver``), so each pair sees the same
  machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _cpu_ms() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return (usage.ru_utime + usage.ru_stime) * 1000


def _rss_mb() -> float:
    """This process's own peak resident memory, in MB.

    Linux's ``ru_maxrss`` starts a new program at the high-water mark of the process it was
    started from (one started by a suite that had just built the set read 1.6 GB); ``VmHWM``
    is the program's own. Elsewhere ``ru_maxrss`` is all there is.
    """
    try:
        for entry in Path("/proc/self/status").read_text().splitlines():
            if entry.startswith("VmHWM:"):
                return int(entry.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def start(db_file: Path, data_dir: Path, t0: float, walk: bool) -> dict[str, Any]:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from kaizen.config import resolve_paths, sqlite_url
    from kaizen.ui import app as app_module
    from kaizen.ui import worker

    result: dict[str, Any] = {"imports_ms": (time.time() - t0) * 1000}
    qt_app = app_module.ensure_application()
    app_module.start_backup_if_due = lambda *_a, **_k: None  # see the module docstring

    def window() -> Any:
        from kaizen.ui.main_window import MainWindow

        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow):
                return widget
        return None

    class FirstPaint(QObject):
        def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 (Qt override)
            if event.type() != QEvent.Type.Paint:
                return False
            if "window_ms" not in result:
                main = window()
                if main is not None and hasattr(watched, "window") and watched.window() is main:
                    result["window_ms"] = (time.time() - t0) * 1000
                    result["window_cpu_ms"] = _cpu_ms()
                    # Off again after this paint (the kept picture, if any, paints in it): a
                    # Python filter on every event of the app (each one waiting for the GIL
                    # while the start-up imports hold it) would slow what follows.
                    QTimer.singleShot(0, lambda: qt_app.removeEventFilter(self))
            if "picture_ms" not in result and watched.objectName() == "LastDashboard":
                # The last dashboard kept from the previous run, shown until the fresh one.
                result["picture_ms"] = (time.time() - t0) * 1000
                result["picture_cpu_ms"] = _cpu_ms()
            return False

    painter = FirstPaint()
    qt_app.installEventFilter(painter)
    poll = QTimer()
    poll.setInterval(2)
    deadline = time.time() + 120

    def dashboard_filled(main: Any) -> bool:
        if main.is_loading:  # the "Loading…" skeleton: the database is still being opened
            return False
        view = main.page_at(0)
        return (view.figures is not None and not view.savings_chart.is_loading
                and not view.pareto_chart.is_loading)

    beats: list[float] = []
    cpu_beats: list[float] = []

    def check() -> None:
        main = window()
        if "window_ms" in result and "dashboard_ms" not in result:
            # The poll runs every 2 ms on the GUI thread: a longer pause between two runs is
            # the GUI thread blocked (or starved of the GIL) between painting and filling.
            now = time.perf_counter()
            # The GUI thread's own CPU between two beats: what it did itself, which a busy
            # machine (or a worker holding the GIL) does not stretch.
            now_cpu = time.thread_time()
            if beats:
                result["gui_block_ms"] = max(result.get("gui_block_ms", 0.0),
                                             (now - beats[-1]) * 1000)
                result["gui_block_cpu_ms"] = max(result.get("gui_block_cpu_ms", 0.0),
                                                 (now_cpu - cpu_beats[-1]) * 1000)
            beats.append(now)
            cpu_beats.append(now_cpu)
        if time.time() > deadline:
            result["error"] = "timed out"
            poll.stop()
            if main is not None:
                main.close()
            return
        if main is None or "window_ms" not in result:
            return
        if "dashboard_ms" not in result:
            if not dashboard_filled(main):
                return
            result["dashboard_ms"] = (time.time() - t0) * 1000
            result["dashboard_cpu_ms"] = _cpu_ms()
            result["rss_start_mb"] = _rss_mb()
            if not walk:
                poll.stop()
                main.close()
                return
            main.show_view(1)
            result["walk_step"] = 0
            return
        if worker.active_tasks():
            return
        ideas = main.page_at(1)
        bar = ideas.table.verticalScrollBar()
        step = result["walk_step"]
        if ideas.model.rowCount() == 0 and step < 50:
            result["walk_step"] = step + 1
            return
        if step >= 20 or bar.maximum() == 0:
            result["ideas_rows"] = ideas.model.rowCount()
            poll.stop()
            main.close()
            return
        bar.setValue(bar.maximum() * step // 19)
        result["walk_step"] = step + 1

    poll.timeout.connect(check)
    poll.start()
    paths = resolve_paths(sqlite_url(db_file), data_dir)
    app_module.run_gui(paths)
    result["peak_rss_mb"] = _rss_mb()
    return result


def save(db_file: Path, count: int) -> dict[str, Any]:
    from sqlalchemy import select

    from kaizen.config import sqlite_url
    from kaizen.db.engine import Database
    from kaizen.db.models import Area, Person
    from kaizen.domain.enums import Role, WasteCategory
    from kaizen.services import Services
    from kaizen.services.suggestions import SuggestionInput

    db = Database(sqlite_url(db_file))
    services = Services.create(db)
    with db.read() as s:
        person = s.scalar(select(Person.id).where(Person.active, Person.role == Role.STAFF)
                          .order_by(Person.id).limit(1))
        area = s.scalar(select(Area.id).where(Area.active).order_by(Area.id).limit(1))
    assert person is not None and area is not None
    from bench.suite import RawSaver

    raw = RawSaver(db_file, person, area)  # the floor, saved by hand between ours
    times: list[float] = []
    cpu: list[float] = []
    raw_times: list[float] = []
    raw_cpu: list[float] = []
    process_cpu = 0.0
    for i in range(count + 1):  # the first one is a warm-up
        data = SuggestionInput(
            title=f"Bench idea {i}: label the torque tools", problem="Tools get mixed up.",
            proposal="Shadow board with labels.", area_id=area, wastes=[WasteCategory.MOTION],
            expected_savings=1200.0, implementation_cost=150.0,
        )
        started, started_cpu = time.perf_counter(), time.thread_time()
        raw.save()
        raw_times.append((time.perf_counter() - started) * 1000)
        raw_cpu.append((time.thread_time() - started_cpu) * 1000)
        # The whole process for our saves: the saving thread and the background checkpoints.
        started_process = time.process_time()
        started, started_cpu = time.perf_counter(), time.thread_time()
        services.suggestions.create(person, data)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
        if i:
            process_cpu += time.process_time() - started_process
    raw.close()
    db.dispose()  # waits for a background checkpoint still running
    process_cpu = process_cpu * 1000 / max(1, count)
    return {"save_ms": times[1:], "save_cpu_ms": cpu[1:], "process_cpu_ms": process_cpu,
            "raw_ms": raw_times[1:], "raw_cpu_ms": raw_cpu[1:],
            "person_id": person, "area_id": area}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.app_child")
    parser.add_argument("what", choices=("start", "save"))
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--t0", type=float, default=0.0)
    parser.add_argument("--walk", action="store_true")
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args(argv)
    if args.what == "start":
        out = start(args.db, args.data_dir, args.t0, args.walk)
    else:
        out = save(args.db, args.count)
    print("BENCH-CHILD " + json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
