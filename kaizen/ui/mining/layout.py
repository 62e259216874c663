"""Lay the directly-follows graph out with Graphviz ``dot`` (run as a program, ``-Tplain``).

Graphviz places the boxes and routes the edges as cubic B-splines; the app then draws them on a
QGraphicsScene itself, so clicks, colours and zoom stay ours. Node names go to dot as ids
``n0``, ``n1``… and labels, so no activity name has to survive dot's quoting. Coordinates come
back in inches with y pointing up; they are returned in points (1/72 inch) with y pointing down,
as Qt draws. Reference: the Graphviz "plain" output format,
https://graphviz.org/docs/outputs/plain/.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

from kaizen.domain.errors import KaizenError
from kaizen.i18n import translate

POINTS = 72.0
DOT_TIMEOUT_S = 60
# The pseudo nodes Disco draws at both ends, by key (shown as :func:`pseudo_label` says).
START, END = "\u25b6 start", "\u25a0 end"


def pseudo_label(key: str) -> str:
    """The start or end node's label in the language of the work."""
    if key == START:
        return translate("ui.mining.layout", "\u25b6 start")
    return translate("ui.mining.layout", "\u25a0 end")


class LayoutError(KaizenError):
    """Graphviz is missing or could not lay the graph out."""


@dataclass(frozen=True)
class NodeBox:
    name: str
    x: float          # centre, points
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class EdgeCurve:
    source: str
    target: str
    points: tuple[tuple[float, float], ...]   # B-spline control points: p0, then triples
    label_at: tuple[float, float] | None


@dataclass(frozen=True)
class GraphLayout:
    width: float
    height: float
    nodes: dict[str, NodeBox]
    edges: dict[tuple[str, str], EdgeCurve]


def node_size(label_lines: Sequence[str]) -> tuple[float, float]:
    """A box big enough for the label at the app's font, in inches (dot keeps it fixed)."""
    longest = max((len(line) for line in label_lines), default=4)
    return max(1.3, 0.1 * longest + 0.35), 0.3 + 0.2 * len(label_lines)


def dot_source(nodes: Sequence[tuple[str, Sequence[str]]],
               edges: Sequence[tuple[str, str, str]]) -> tuple[str, dict[str, str]]:
    """The dot text for ``nodes`` (name, label lines) and ``edges`` (source, target, label),
    and the id given to each node name."""
    ids = {name: f"n{i}" for i, (name, _) in enumerate(nodes)}
    lines = ["digraph dfg {", "  rankdir=TB; nodesep=0.35; ranksep=0.45;",
             '  node [shape=box, fixedsize=true, fontsize=10, fontname="DejaVu Sans"];',
             "  edge [arrowhead=none, fontsize=9];"]
    for name, label in nodes:
        width, height = node_size(label)
        lines.append(f"  {ids[name]} [width={width:.2f}, height={height:.2f}, "
                     f"label={_quote(' '.join(label))}];")
    for source, target, label in edges:
        lines.append(f"  {ids[source]} -> {ids[target]} [label={_quote(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n", ids


def layout(nodes: Sequence[tuple[str, Sequence[str]]],
           edges: Sequence[tuple[str, str, str]], *, program: str = "dot") -> GraphLayout:
    """Run Graphviz over the graph and read its plain output back."""
    if not nodes:
        return GraphLayout(0.0, 0.0, {}, {})
    executable = shutil.which(program)
    if executable is None:
        raise LayoutError(translate(
            "ui.mining.layout",
            "Graphviz is not installed: the graph needs its 'dot' program (apt-get install "
            "graphviz, or graphviz.org)."))
    text, ids = dot_source(nodes, edges)
    try:
        done = subprocess.run([executable, "-Tplain"], input=text, capture_output=True,
                              text=True, timeout=DOT_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise LayoutError(translate(
            "ui.mining.layout",
            "Graphviz took over {seconds} s to lay the graph out: keep fewer activities or "
            "paths.").format(seconds=DOT_TIMEOUT_S)) from None
    if done.returncode != 0:
        raise LayoutError(translate(
            "ui.mining.layout", "Graphviz could not lay the graph out: {error}").format(
            error=done.stderr.strip()[:300]))
    return parse_plain(done.stdout, {node_id: name for name, node_id in ids.items()})


def parse_plain(text: str, names: dict[str, str]) -> GraphLayout:
    """Read dot's ``-Tplain`` output (ids mapped back to names by ``names``)."""
    height = width = 0.0
    nodes: dict[str, NodeBox] = {}
    edges: dict[tuple[str, str], EdgeCurve] = {}
    for line in text.splitlines():
        parts = shlex.split(line)
        if not parts:
            continue
        if parts[0] == "graph":
            width, height = float(parts[2]) * POINTS, float(parts[3]) * POINTS
        elif parts[0] == "node":
            name = names[parts[1]]
            x, y, w, h = (float(v) for v in parts[2:6])
            nodes[name] = NodeBox(name, x * POINTS, height - y * POINTS, w * POINTS, h * POINTS)
        elif parts[0] == "edge":
            source, target, count = names[parts[1]], names[parts[2]], int(parts[3])
            coords = [float(v) for v in parts[4:4 + 2 * count]]
            points = tuple((coords[i] * POINTS, height - coords[i + 1] * POINTS)
                           for i in range(0, len(coords), 2))
            rest = parts[4 + 2 * count:]
            label_at = ((float(rest[1]) * POINTS, height - float(rest[2]) * POINTS)
                        if len(rest) >= 5 else None)
            edges[(source, target)] = EdgeCurve(source, target, points, label_at)
    return GraphLayout(width, height, nodes, edges)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
