"""Frame times of the map editor on a 200-step map: ``python -m bench.process_map [--runs N]``.

The map is bench.value_stream's line of 200 steps with a rework loop every tenth step, laid out by
dot (or the grid when dot is missing), shown in a 1280x720 editor at 100 % zoom (offscreen). Each
frame changes the view and repaints the canvas synchronously (``viewport().repaint()``):
- pan: the scroll bars move by 40 px;
- zoom: Ctrl+wheel in or out by one step (alternating);
- drag: one step box moves by 8 px (its flows follow);
- edit: one undoable edit (a step's wait changes, then back): the figures are computed again and
  the scene rebuilt, what every structural edit costs (the GUI-thread budget is ~50 ms).
Prints ``BENCH map_<what>_200 <median> ms (min <x> max <y>, n <frames>)``; the target is 16 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from bench.value_stream import line_map  # noqa: E402


def _frames(name: str, editor, change: Callable[[int], None], runs: int) -> None:
    viewport = editor.canvas.viewport()
    times = []
    for i in range(runs + 3):
        started = time.perf_counter()
        change(i)
        viewport.repaint()
        QApplication.processEvents()
        if i >= 3:  # the first frames warm the caches
            times.append((time.perf_counter() - started) * 1000)
    print(f"BENCH map_{name}_200 {statistics.median(times):.1f} ms "
          f"(min {min(times):.1f} max {max(times):.1f}, n {runs})")


def run(runs: int) -> None:
    app = QApplication.instance() or QApplication([])
    from kaizen.ui import worker
    from kaizen.ui.process_map.editor import MapEditor

    with worker.synchronous():
        editor = MapEditor()
        editor.resize(1280, 720)
        editor.show()
        editor.load_document(line_map(200))
    app.processEvents()
    editor.canvas.resetTransform()
    editor.canvas.centerOn(editor.scene.nodes["S20"])
    bar = editor.canvas.horizontalScrollBar()

    def pan(i: int) -> None:
        bar.setValue(bar.value() + (40 if (i // 20) % 2 == 0 else -40))

    def zoom(i: int) -> None:
        editor.canvas.zoom_by(1.2 if i % 2 == 0 else 1 / 1.2)

    node = editor.scene.nodes["S21"]

    def drag(i: int) -> None:
        node.moveBy(8 if (i // 10) % 2 == 0 else -8, 0)

    _frames("pan", editor, pan, runs)
    _frames("zoom", editor, zoom, runs)
    _frames("drag", editor, drag, runs)

    def edit(i: int) -> None:
        step = dict(editor.draft.step("S21"))
        step["wait_before"] = 1 + i % 2
        editor.edit_step("S21", step)

    _frames("edit", editor, edit, max(10, runs // 4))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.process_map")
    parser.add_argument("--runs", type=int, default=60)
    run(parser.parse_args().runs)
