"""Start to a filled dashboard with the last dashboard kept (issue 21): fresh app processes.

The app keeps its filled dashboard as a picture when it closes and shows it, marked with its
time, at the next start until the fresh figures replace it
(:mod:`kaizen.ui.views.last_dashboard`). Each run is a fresh interpreter running the real
:func:`kaizen.ui.app.run_gui`, offscreen, from process start (the parent's ``time.time()``
just before it starts the child):

- ``start_to_last_dashboard_ms`` (and ``_cpu_ms``: CPU of the process, all threads, by then):
  until the kept picture is painted;
- ``start_to_fresh_dashboard_ms`` (and ``_cpu_ms``): until the dashboard's own cards and both
  charts are shown (the figure bench.app_child measures without a kept picture).

The quiet figures run alone; the ``_busy`` ones beside CPU-bound jobs, one per core. The first
start of each series only keeps the picture and is not counted. The database is copied (SQLite's
backup API) into a scratch data folder first, so the picture and the settings stay there.

    python -m bench.start_snapshot [--db FILE] [--runs 3]

Without ``--db`` the demo plant (kaizen/demo/template.py) is used; for the ten-year set give
the suite's cached file (``~/.cache/kaizen-bench/kaizen-large-*.db``).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.children import child_env
from bench.first_start import busy_machine, line


def child(data_dir: Path, t0: float) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import resource

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from kaizen.config import resolve_paths
    from kaizen.ui import app as app_module

    def cpu_ms() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return (usage.ru_utime + usage.ru_stime) * 1000

    result: dict[str, Any] = {}
    qt_app = app_module.ensure_application()
    app_module.start_backup_if_due = lambda *_a, **_k: None  # as bench.app_child does

    def window() -> Any:
        from kaizen.ui.main_window import MainWindow

        return next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)),
                    None)

    class PicturePainted(QObject):
        def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 (Qt override)
            if ("picture_ms" not in result and event.type() == QEvent.Type.Paint
                    and watched.objectName() == "LastDashboard"):
                result["picture_ms"] = (time.time() - t0) * 1000
                result["picture_cpu_ms"] = cpu_ms()
                QTimer.singleShot(0, lambda: qt_app.removeEventFilter(self))
            return False

    painted = PicturePainted()
    qt_app.installEventFilter(painted)
    poll = QTimer()
    poll.setInterval(2)
    deadline = time.time() + 300

    def check() -> None:
        main = window()
        if time.time() > deadline:
            result["error"] = "timed out"
        elif main is None or main.is_loading:
            return
        else:
            view = main.page_at(0)
            if (view.figures is None or view.savings_chart.is_loading
                    or view.pareto_chart.is_loading):
                return
            result["dashboard_ms"] = (time.time() - t0) * 1000
            result["dashboard_cpu_ms"] = cpu_ms()
        poll.stop()
        qt_app.closeAllWindows()  # keeps the filled dashboard for the next start

    poll.timeout.connect(check)
    poll.start()
    app_module.run_gui(resolve_paths(None, data_dir))
    return result


def _start(data_dir: Path) -> dict[str, Any]:
    env = child_env()
    t0 = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "bench.start_snapshot", "--child", str(data_dir), "--t0",
         repr(t0)], capture_output=True, text=True, timeout=600, check=False, env=env)
    for out in done.stdout.splitlines():
        if out.startswith("START-SNAPSHOT "):
            return dict(json.loads(out[len("START-SNAPSHOT "):]))
    raise RuntimeError(f"start child failed:\n{done.stderr[-3000:]}")


def _prepare(folder: Path, source: Path | None) -> None:
    from kaizen.config import DB_FILE_NAME

    target = folder / DB_FILE_NAME
    if source is not None:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(target)
        src.backup(dst)
        dst.close()
        src.close()
        return
    from kaizen.config import sqlite_url
    from kaizen.db.engine import Database
    from kaizen.db.migrate import prepare_database
    from kaizen.demo.template import load_template

    db = Database(sqlite_url(target))
    prepare_database(db, folder / "backups")
    load_template(db)
    db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.start_snapshot")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", type=Path)
    parser.add_argument("--t0", type=float)
    args = parser.parse_args(argv)
    if args.child is not None:
        print("START-SNAPSHOT " + json.dumps(child(args.child, args.t0)), flush=True)
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        _prepare(folder, args.db)
        os.environ["XDG_CONFIG_HOME"] = str(folder / "config")  # the window's own settings
        for suffix, busy in (("", False), ("_busy", True)):
            _start(folder)  # keeps the picture
            runs = []
            for _ in range(args.runs):
                if busy:
                    with busy_machine():
                        runs.append(_start(folder))
                else:
                    runs.append(_start(folder))
            if any("error" in r or "picture_ms" not in r for r in runs):
                print(f"# start_snapshot{suffix}: {runs}")
                continue
            line(f"start_to_last_dashboard{suffix}_ms", [r["picture_ms"] for r in runs])
            line(f"start_to_last_dashboard{suffix}_cpu_ms", [r["picture_cpu_ms"] for r in runs])
            line(f"start_to_fresh_dashboard{suffix}_ms", [r["dashboard_ms"] for r in runs])
            line(f"start_to_fresh_dashboard{suffix}_cpu_ms",
                 [r["dashboard_cpu_ms"] for r in runs])
    return 0


if __name__ == "__main__":
    sys.exit(main())
