"""Shared bits of the process map editor tests: small documents and real mouse events."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

# The issue's published worked example (an MIT-licensed value-stream tool's "basic value stream
# with no rework" scenario): process times 10, 20 and 30 with waits of 5 and 10 give a lead time
# of 75 and a value-added ratio of 0.8.
WORKED = {
    "name": "Worked example, current state", "time_unit": "minute",
    "steps": [
        {"name": "A", "value": "value-adding", "duration": {"distribution": "fixed", "mean": 10}},
        {"name": "B", "value": "value-adding", "wait_before": 5,
         "duration": {"distribution": "fixed", "mean": 20}},
        {"name": "C", "value": "value-adding", "wait_before": 10,
         "duration": {"distribution": "fixed", "mean": 30}},
    ],
    "flows": [{"from": "start", "to": "A"}, {"from": "A", "to": "B"}, {"from": "B", "to": "C"},
              {"from": "C", "to": "end"}],
}


def mouse(widget, kind: QEvent.Type, at: QPoint, buttons=Qt.MouseButton.LeftButton) -> None:
    """Send one real mouse event (QTest's mouseMove carries no buttons, so drags need this)."""
    button = (Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove
              else Qt.MouseButton.LeftButton)
    held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else buttons
    event = QMouseEvent(kind, QPointF(at), QPointF(widget.mapToGlobal(at)), button, held,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def drag(widget, start: QPoint, end: QPoint, steps: int = 6) -> None:
    mouse(widget, QEvent.Type.MouseButtonPress, start)
    for i in range(1, steps + 1):
        mouse(widget, QEvent.Type.MouseMove, start + (end - start) * i / steps)
    mouse(widget, QEvent.Type.MouseButtonRelease, end)


def node_point(editor, name: str) -> QPoint:
    """Where a node's centre is on the canvas viewport."""
    return editor.canvas.mapFromScene(editor.scene.nodes[name].scenePos())
