"""Auto-layout by Graphviz ``dot``: it gives the positions, Qt draws.

:func:`dot_positions` writes the map as DOT, runs ``dot -Tplain`` and reads each node's centre
(in points, y upwards, flipped here to Qt's y downwards). It is plain Python that blocks on a
subprocess, so the editor calls it through the background worker. :func:`grid_positions` is the
fallback when ``dot`` is missing: ranks by distance from start, left to right.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import deque

from kaizen.domain.process_model import END, START
from kaizen.i18n import translate
from kaizen.ui.process_map.style import STEP_H, STEP_W

POINTS_TO_PIXELS = 1.0  # dot works in points; the boxes are given in pixels / 72 inches
DOT_TIMEOUT_S = 60


class DotMissing(RuntimeError):
    """Graphviz's dot is not installed."""


def dot_source(nodes: list[str], edges: list[tuple[str, str]]) -> str:
    # The boxes' size in inches (our pixels / 72), so dot leaves room for the drawn boxes.
    lines = ["digraph map {", "  rankdir=LR; nodesep=0.45; ranksep=0.55;",
             f"  node [shape=box, width={STEP_W / 72:.3f}, height={STEP_H / 72:.3f}, "
             "fixedsize=true];"]
    for i, _name in enumerate(nodes):
        lines.append(f"  n{i};")
    index = {name: i for i, name in enumerate(nodes)}
    for source, target in edges:
        lines.append(f"  n{index[source]} -> n{index[target]};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def dot_positions(nodes: list[str], edges: list[tuple[str, str]]
                  ) -> dict[str, tuple[float, float]]:
    """Node centres from ``dot -Tplain`` (node names are written as indices, so any step name
    is safe). Raises :class:`DotMissing` when dot is not on PATH."""
    exe = shutil.which("dot")
    if exe is None:
        raise DotMissing(translate(
            "ui.process_map.layout", "Graphviz's dot is not installed: the positions were kept."))
    result = subprocess.run([exe, "-Tplain"], input=dot_source(nodes, edges),
                            capture_output=True, text=True, timeout=DOT_TIMEOUT_S, check=True)
    positions: dict[str, tuple[float, float]] = {}
    height = 0.0
    for line in result.stdout.splitlines():
        parts = line.split()
        if parts and parts[0] == "graph":
            height = float(parts[3])
        elif parts and parts[0] == "node":
            name = nodes[int(parts[1][1:])]
            x, y = float(parts[2]), float(parts[3])
            positions[name] = (x * 72 * POINTS_TO_PIXELS, (height - y) * 72 * POINTS_TO_PIXELS)
    return positions


def grid_positions(nodes: list[str], edges: list[tuple[str, str]]
                   ) -> dict[str, tuple[float, float]]:
    """Columns by distance from start (breadth first), rows in order within a column."""
    out: dict[str, list[str]] = {}
    for s, t in edges:
        out.setdefault(s, []).append(t)
    rank = {START: 0}
    queue = deque([START])
    while queue:
        here = queue.popleft()
        for nxt in out.get(here, []):
            if nxt not in rank:
                rank[nxt] = rank[here] + 1
                queue.append(nxt)
    last = max(rank.values(), default=0)
    for name in nodes:
        rank.setdefault(name, last + 1)
    rank[END] = max(rank.values()) + 1 if END in nodes else 0
    rows: dict[int, int] = {}
    positions = {}
    for name in nodes:
        r = rank[name]
        row = rows.get(r, 0)
        rows[r] = row + 1
        positions[name] = (r * (STEP_W + 50), row * (STEP_H + 40))
    return positions


def dot_json_available() -> bool:
    """Whether dot is installed (the editor says so when it is not)."""
    return shutil.which("dot") is not None


__all__ = ["DotMissing", "dot_json_available", "dot_positions", "dot_source", "grid_positions"]


def ends_beside(steps: dict[str, tuple[float, float]], edges: list[tuple[str, str]]
                ) -> dict[str, tuple[float, float]]:
    """``start`` one column left of the steps it leads to and ``end`` one column right of the
    steps leading to it (a map opened with saved step positions: only these two are placed)."""
    gap = STEP_W + 50
    firsts = [steps[t] for s, t in edges if s == START and t in steps] or list(steps.values())
    lasts = [steps[s] for s, t in edges if t == END and s in steps] or list(steps.values())
    if not firsts:
        return {START: (0.0, 0.0), END: (gap, 0.0)}
    left = min(x for x, _ in steps.values()) - gap
    right = max(x for x, _ in steps.values()) + gap
    return {START: (left, sum(y for _, y in firsts) / len(firsts)),
            END: (right, sum(y for _, y in lasts) / len(lasts))}
