"""The longest the GUI thread is blocked in each view (issue 21: never over 50 ms).

``python -m bench.gui_stall --db FILE [--visits N] [--size 1280x800]`` runs a fresh app process
(the child, ``--child``) over the given set, offscreen: the real main window on the real
services, 1280 x 800. A heartbeat ``QTimer`` fires every 2 ms on the GUI thread; the gap between
two beats, less the 2 ms, is how long the thread could not run its event loop (a slow slot, a
query, a chart drawn, or Python's GIL held by a worker for that long). The GUI thread's own CPU
time between two beats (``_cpu_ms``; the largest of a visit) is what it did itself: a busy
machine stretches the wall time, not this. Each view is then visited
in sidebar order: shown (the first visit builds the page and imports its code), and left to
settle until no background task has run for ``SETTLE_MS``; each further visit shows it again
after another view and calls its ``refresh()``. The longest gap of a visit is its stall.

Lines: ``BENCH gui_block_<view>_first_ms`` (and ``_first_cpu_ms``), the page's first show;
``gui_block_<view>_ms`` (and ``_cpu_ms``) over the later visits, whose ``max`` is the one that
matters against the 50 ms target; then ``gui_block_all_max_ms`` over every visit, and which
visit held it, with how much of it was Python's cyclic garbage collection on the GUI thread.
Collections are timed through ``gc.callbacks``: ``gui_gc_max_ms`` is the longest the walk met
(its step and generation printed below it). After the views come the two collections a session
meets later, each as a step of its own: the first full one, which walks what the views made
(``gui_gc_full_collection_ms``), and the walk of the whole heap every ``THAW_EVERY_S``
(``gui_gc_thaw_collection_ms``: the collector's clock moved on by hand; the collector runs it
only once nobody has used the app for ``THAW_IDLE_S``, so the bench's idle source says someone
works through the walk and pauses for that step).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BEAT_MS = 2
SETTLE_MS = 400  # no task running and no long gap for this long: the view has settled
TIMEOUT_S = 120
TARGET_MS = 50.0
# After the views: the first full collection (it walks what the walk made), then the collection
# a session meets every THAW_EVERY_S (kaizen.ui.worker), the clock moved on by hand.
THAW_STEP = "thaw collection"
GC_STEPS = ("full collection", THAW_STEP)


def _slug(title: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in title.lower()).split()
    return "_".join(words)


class Watchdog:
    """With ``--why``: a thread that samples the GUI thread's Python stack whenever its
    heartbeat is late by more than the target, and counts where it was (the profile of the
    stalls, printed by the child on stderr)."""

    def __init__(self, beat: dict[str, Any]) -> None:
        import collections
        import threading

        self.beat = beat
        self.main = threading.main_thread().ident
        self.seen: collections.Counter[str] = collections.Counter()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        self.own = self.thread.ident

    def _run(self) -> None:
        import traceback

        while not self.stop.wait(0.005):
            late = (time.perf_counter() - self.beat["last"]) * 1000
            if late < TARGET_MS or self.beat["step"] < 0:
                continue
            frames = sys._current_frames()
            frame = frames.get(self.main)
            if frame is None:
                continue
            step = self.beat["step"]
            label = self.beat["labels"][step] if step < len(self.beat["labels"]) else "end"
            self.seen[f"[{label}] " + self._where(traceback.extract_stack(frame))] += 1
            # The other threads meanwhile: a GUI thread that is not running (wall far above
            # its CPU) waits for the GIL or a core, taken by one of these.
            for ident, other in frames.items():
                if ident not in (self.main, self.own):
                    where = self._where(traceback.extract_stack(other), 3)
                    if where:
                        self.seen[f"[{label}]   beside: {where}"] += 1

    @staticmethod
    def _where(stack: Any, deep: int = 6) -> str:
        where = [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in stack
                 if "/kaizen/" in f.filename or "site-packages" in f.filename]
        return " <- ".join(reversed(where[-deep:]))

    def report(self) -> None:
        self.stop.set()
        for where, count in self.seen.most_common(60):
            print(f"{count * 5:6d} ms  {where}", file=sys.stderr)


class GcWatch:
    """Python's cyclic collections on the GUI thread, timed through ``gc.callbacks``: each one's
    wall and CPU milliseconds, generation and objects freed, and which step of the walk it ran
    in; ``in_gap`` adds up the collections since the last heartbeat (was a stall a collection?).
    Pool threads never collect (the app switches automatic collection off)."""

    def __init__(self, state: dict[str, Any]) -> None:
        import gc
        import threading

        self.state = state
        self.main = threading.get_ident()
        self.started = (0.0, 0.0)
        self.in_gap = 0.0
        self.runs: list[dict[str, Any]] = []
        self.gc = gc
        gc.callbacks.append(self._on_gc)

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        import threading

        if threading.get_ident() != self.main:
            return
        if phase == "start":
            self.started = (time.perf_counter(), time.thread_time())
            return
        ms = (time.perf_counter() - self.started[0]) * 1000
        cpu = (time.thread_time() - self.started[1]) * 1000
        self.in_gap += ms
        step = self.state["step"]
        labels = self.state["labels"]
        label = labels[step] if 0 <= step < len(labels) else "before the walk"
        self.runs.append({"ms": round(ms, 2), "cpu_ms": round(cpu, 2),
                          "generation": info["generation"],
                          "freed": info["collected"], "step": label})

    def take_gap(self) -> float:
        """The collections' milliseconds since the last call (one heartbeat's gap)."""
        ms, self.in_gap = self.in_gap, 0.0
        return ms

    def stop(self) -> list[dict[str, Any]]:
        self.gc.callbacks.remove(self._on_gc)
        return self.runs


def child(db_file: Path, visits: int, width: int, height: int,
          why: bool = False) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt, QTimer

    from kaizen.config import sqlite_url
    from kaizen.db.engine import Database
    from kaizen.services import Services
    from kaizen.ui import app as app_module
    from kaizen.ui import worker
    from kaizen.ui.main_window import VIEW_SPECS

    qt_app = app_module.ensure_application()
    db = Database(sqlite_url(db_file))
    services = Services.create(db)
    window = app_module.build_main_window(services, db_location=str(db_file))
    window.resize(width, height)
    window.show()
    # The collector's clock runs with the real one; the thaw step moves it on by hand. Its idle
    # source says someone works through the walk, and pauses for the thaw step (the whole heap
    # is walked only in a pause: kaizen.ui.worker.THAW_IDLE_S).
    later, idle = [0.0], [0.0]
    collector = worker.MainThreadGarbageCollector(
        qt_app, clock=lambda: time.monotonic() + later[0], idle_seconds=lambda: idle[0])

    # The plan: every view once (its first show), then ``visits - 1`` rounds of show + refresh,
    # then the two collections a session meets later (GC_STEPS): the first full one, which
    # walks what the walk made, and the one after THAW_EVERY_S of running.
    plan: list[tuple[int, str]] = [(i, "first show") for i in range(len(VIEW_SPECS))]
    for _ in range(visits - 1):
        plan += [(i, "show + refresh") for i in range(len(VIEW_SPECS))]
    plan += [(-1, phase) for phase in GC_STEPS]
    stalls: dict[str, list[float]] = {_slug(spec.title): [] for spec in VIEW_SPECS}
    stalls.update({_slug(phase): [] for phase in GC_STEPS})
    worst: dict[str, Any] = {"ms": 0.0}
    stalls_cpu: dict[str, list[float]] = {name: [] for name in stalls}
    state: dict[str, Any] = {"step": -1, "last": time.perf_counter(), "quiet_since": None,
                             "last_cpu": time.thread_time(), "gap": 0.0, "gap_cpu": 0.0,
                             "deadline": time.time() + TIMEOUT_S}

    def title(index: int, phase: str) -> str:
        return VIEW_SPECS[index].title if index >= 0 else phase

    def act(index: int, phase: str) -> None:
        if index < 0:
            if phase == THAW_STEP:
                later[0] += worker.THAW_EVERY_S
                idle[0] = worker.THAW_IDLE_S
            collector.collect_all()
            return
        window.show_view(index)
        if phase != "first show":
            window.page_at(index).refresh()

    def beat() -> None:
        now, cpu_now = time.perf_counter(), time.thread_time()
        gap = max(0.0, (now - state["last"]) * 1000 - BEAT_MS)
        cpu = (cpu_now - state["last_cpu"]) * 1000
        in_gc = collections.take_gap()
        state["last"], state["last_cpu"] = now, cpu_now
        step = state["step"]
        if step >= 0:
            state["gap"] = max(state["gap"], gap)
            state["gap_cpu"] = max(state["gap_cpu"], cpu)
            index, phase = plan[step]
            if gap > worst["ms"] and index >= 0:  # the views' walk; GC_STEPS print their own
                worst.update(ms=gap, cpu_ms=cpu, gc_ms=in_gc, view=title(index, phase),
                             phase=phase)
        if time.time() > state["deadline"]:
            state["error"] = f"timed out at step {step}"
            qt_app.quit()
            return
        busy = worker.active_tasks() > 0
        if step >= 0 and (busy or state["quiet_since"] is None):
            state["quiet_since"] = None if busy else now
            return
        if step >= 0 and (now - state["quiet_since"]) * 1000 < SETTLE_MS:
            return
        if step >= 0:
            index, phase = plan[step]
            stalls[_slug(title(index, phase))].append(state["gap"])
            stalls_cpu[_slug(title(index, phase))].append(state["gap_cpu"])
        step += 1
        state["step"], state["gap"], state["gap_cpu"] = step, 0.0, 0.0
        state["quiet_since"] = None
        if step >= len(plan):
            qt_app.quit()
            return
        # Queued, so the heartbeat sees the whole of the action as one gap.
        QTimer.singleShot(0, lambda: act(*plan[step]))

    state["labels"] = [f"{title(i, phase)}, {phase}" if i >= 0 else phase for i, phase in plan]
    collections = GcWatch(state)
    dog = Watchdog(state) if why else None
    heart = QTimer()
    heart.setTimerType(Qt.TimerType.PreciseTimer)
    heart.setInterval(BEAT_MS)
    heart.timeout.connect(beat)
    # Let the window's own start (the dashboard's first load) settle before the first visit.
    QTimer.singleShot(1500, heart.start)
    qt_app.exec()
    heart.stop()
    if dog is not None:
        dog.report()
    window.close()
    worker.wait_for_all()
    gc_runs = collections.stop()
    collector.stop()
    db.dispose()
    out: dict[str, Any] = {"stalls": stalls, "stalls_cpu": stalls_cpu, "worst": worst,
                           "gc": gc_runs}
    if "error" in state:
        out["error"] = state["error"]
    return out


def run(db_file: Path, visits: int = 3, size: str = "1280x800") -> dict[str, list[float]]:
    """Run the child on ``db_file`` and print the BENCH lines; returns the stalls per view."""
    from bench.children import child_env
    from bench.search import line

    env = child_env({"QT_QPA_PLATFORM": "offscreen"})
    done = subprocess.run(
        [sys.executable, "-m", "bench.gui_stall", "--child", "--db", str(db_file),
         "--visits", str(visits), "--size", size],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=TIMEOUT_S + 120)
    result = None
    for out in done.stdout.splitlines():
        if out.startswith("BENCH-CHILD "):
            result = json.loads(out[len("BENCH-CHILD "):])
    if result is None or "error" in result:
        raise RuntimeError(f"bench.gui_stall failed: {result}\n{done.stderr[-3000:]}")
    stalls: dict[str, list[float]] = result["stalls"]
    steps = {_slug(phase): phase for phase in GC_STEPS}
    for name, values in stalls.items():
        if values and name not in steps:
            # The first visit builds the page; the others show it again and refresh it.
            cpu = result["stalls_cpu"][name]
            line(f"gui_block_{name}_first_ms", values[:1], "ms")
            line(f"gui_block_{name}_first_cpu_ms", cpu[:1], "ms")
            if len(values) > 1:
                line(f"gui_block_{name}_ms", values[1:], "ms")
                line(f"gui_block_{name}_cpu_ms", cpu[1:], "ms")
    every = [v for name, values in stalls.items() if name not in steps for v in values]
    line("gui_block_all_max_ms", [max(every)], "ms")
    line("gui_block_all_max_cpu_ms", [max(
        v for name, values in result["stalls_cpu"].items() if name not in steps
        for v in values)], "ms")
    worst = result["worst"]
    print(f"#   longest GUI-thread stall {worst['ms']:.0f} ms (CPU {worst.get('cpu_ms', 0):.0f}, "
          f"collecting {worst.get('gc_ms', 0):.0f}): {worst.get('view')} ({worst.get('phase')}); "
          f"target {TARGET_MS:.0f} ms in every view", flush=True)
    _gc_lines(result, stalls, steps)
    return stalls


def _gc_lines(result: dict[str, Any], stalls: dict[str, list[float]],
              steps: dict[str, str]) -> None:
    """The collections' lines: the longest one the walk met on its own (``gui_gc_max_ms``, in
    which step, which generation), then the stall of each of the GC_STEPS."""
    from bench.search import line

    runs = [run for run in result["gc"] if run["step"] not in steps.values()]
    if runs:
        longest = max(runs, key=lambda run: run["ms"])
        line("gui_gc_max_ms", [longest["ms"]], "ms")
        line("gui_gc_max_cpu_ms", [longest["cpu_ms"]], "ms")
        print(f"#   longest collection in the walk: generation {longest['generation']} in "
              f"{longest['step']}, {longest['freed']} freed; {len(runs)} collections",
              flush=True)
    for name, phase in steps.items():
        if stalls.get(name):
            line(f"gui_gc_{name}_ms", stalls[name], "ms")
            line(f"gui_gc_{name}_cpu_ms", result["stalls_cpu"][name], "ms")
            walked = [run["ms"] for run in result["gc"] if run["step"] == phase]
            print(f"#   {phase}: {len(walked)} collections, longest "
                  f"{max(walked, default=0):.0f} ms", flush=True)
    return stalls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gui_stall")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--visits", type=int, default=3)
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--why", action="store_true",
                        help="(with --child) print where the GUI thread was during stalls")
    args = parser.parse_args(argv)
    if args.child:
        width, height = (int(v) for v in args.size.split("x"))
        out = child(args.db, max(1, args.visits), width, height, args.why)
        print("BENCH-CHILD " + json.dumps(out), flush=True)
        return 0
    run(args.db, args.visits, args.size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
