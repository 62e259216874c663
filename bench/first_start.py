"""First start (issue 16): a new person's first ``kaizen --demo`` until the demo plant shows.

Each run is a fresh interpreter on an empty data folder: the real :func:`kaizen.ui.app.run_gui`
with ``demo=True``, offscreen, from process start (the parent's ``time.time()`` just before it
starts the child) until the dashboard shows the plant's figures and both charts. The quiet
figure runs alone; the busy one runs beside CPU-bound jobs, one per core (the site PC running a
virus scan of issue 21). Target 5 s for both. Also the template load alone
(``demo_template_load_ms``: the rows moved and inserted, audit chain computed again) in this
process.

    python -m bench.first_start [--runs 3]

Prints ``BENCH first_start_ms``, ``first_start_cpu_ms``, ``first_start_busy_ms``,
``first_start_busy_cpu_ms``, ``demo_template_load_ms`` and ``demo_template_load_cpu_ms`` (CPU
time, all threads), and the load average beside them.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.children import child_env


def line(name: str, values: list[float], unit: str = "ms") -> None:
    print(f"BENCH {name} {statistics.median(values):.0f} {unit} "
          f"(min {min(values):.0f} max {max(values):.0f}, n {len(values)})", flush=True)


def _spin(stop: Any) -> None:
    while not stop.is_set():
        sum(i * i for i in range(10_000))


@contextmanager
def busy_machine(jobs: int | None = None) -> Iterator[None]:
    """CPU-bound processes beside the measured one, one per core by default."""
    stop = multiprocessing.Event()
    workers = [multiprocessing.Process(target=_spin, args=(stop,), daemon=True)
               for _ in range(jobs or os.cpu_count() or 2)]
    for w in workers:
        w.start()
    try:
        yield
    finally:
        stop.set()
        for w in workers:
            w.join(5)


def child(data_dir: Path, t0: float) -> dict[str, Any]:
    """In the child: run the app with ``--demo`` until the dashboard shows the plant."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import resource

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kaizen.config import resolve_paths
    from kaizen.ui import app as app_module

    result: dict[str, Any] = {}
    qt_app = app_module.ensure_application()
    app_module.start_backup_if_due = lambda *_a, **_k: None  # as bench.app_child does
    poll = QTimer()
    poll.setInterval(5)
    deadline = time.time() + 300

    seen: dict[str, Any] = {}
    real_load_demo = app_module.load_demo

    def load_demo(window: Any, services: Any, **kwargs: Any) -> Any:
        # The figures shown when the demo is in (the empty database's, or none yet when the
        # window waited for the demo): the filled dashboard is the next set read after it.
        def done(_summary: Any) -> None:
            seen["demo_in"] = True
            seen["before"] = window.page_at(0).figures if not window.is_loading else None

        return real_load_demo(window, services, on_done=done, **kwargs)

    app_module.load_demo = load_demo

    def check() -> None:
        from kaizen.ui.main_window import MainWindow

        tops = QApplication.topLevelWidgets()
        main = next((w for w in tops if isinstance(w, MainWindow)), None)
        if time.time() > deadline:
            result["error"] = "timed out"
        elif main is None or main.is_loading:
            return
        else:
            if "demo_in" not in seen:
                return
            view = main.page_at(0)
            if (view.figures is None or view.figures is seen["before"]
                    or view.savings_chart.is_loading or view.pareto_chart.is_loading):
                return
            usage = resource.getrusage(resource.RUSAGE_SELF)
            result["ms"] = (time.time() - t0) * 1000
            result["cpu_ms"] = (usage.ru_utime + usage.ru_stime) * 1000
        poll.stop()
        qt_app.closeAllWindows()

    poll.timeout.connect(check)
    poll.start()
    app_module.run_gui(resolve_paths(None, data_dir), demo=True)
    return result


def _run_child() -> dict[str, Any]:
    env = child_env()
    with tempfile.TemporaryDirectory() as folder:
        t0 = time.time()
        done = subprocess.run(
            [sys.executable, "-m", "bench.first_start", "--child", folder, "--t0", repr(t0)],
            capture_output=True, text=True, timeout=600, check=False, env=env)
    for out in done.stdout.splitlines():
        if out.startswith("FIRST-START "):
            return dict(json.loads(out[len("FIRST-START "):]))
    raise RuntimeError(f"first start child failed:\n{done.stderr[-3000:]}")


def template_load(runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of :func:`load_template` into a fresh migrated database."""
    from kaizen.db.engine import Database
    from kaizen.db.migrate import prepare_database
    from kaizen.demo.template import load_template

    times, cpu = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            db = Database(f"sqlite:///{Path(folder) / 'k.db'}")
            prepare_database(db, Path(folder) / "b")
            started, cpu_started = time.perf_counter(), time.process_time()
            load_template(db)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            db.dispose()
    return times, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.first_start")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", type=Path)
    parser.add_argument("--t0", type=float)
    args = parser.parse_args(argv)
    if args.child is not None:
        print("FIRST-START " + json.dumps(child(args.child, args.t0)), flush=True)
        return 0
    print(f"# load average {os.getloadavg()[0]:.1f} (1 min) at the start", flush=True)
    wall, cpu = template_load(args.runs)
    line("demo_template_load_ms", wall)
    # CPU time: what the load costs whatever else the machine runs (on a loaded machine the
    # wall figure mostly measures the other jobs).
    line("demo_template_load_cpu_ms", cpu)
    for label, busy in (("first_start", False), ("first_start_busy", True)):
        results = []
        for _ in range(args.runs):
            if busy:
                with busy_machine():
                    results.append(_run_child())
            else:
                results.append(_run_child())
        if any("error" in r for r in results):
            print(f"# {label}: {results}")
            continue
        line(f"{label}_ms", [r["ms"] for r in results])
        line(f"{label}_cpu_ms", [r["cpu_ms"] for r in results])
    print(f"# load average {os.getloadavg()[0]:.1f} (1 min) at the end", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
