"""The view over a map scene: zoom (Ctrl+wheel, Ctrl+= and Ctrl+-, fit), pan (drag the empty
canvas, or the scroll bars) and the connect mode (press on one node, release on another)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsView

from kaizen.ui.process_map.items import NodeItem

MIN_ZOOM, MAX_ZOOM = 0.1, 4.0
# "Fit" never shrinks below this: step text stays readable, the rest is a pan away.
MIN_FIT_ZOOM = 0.75
ZOOM_STEP = 1.2


class MapCanvas(QGraphicsView):
    """``connectRequested(source, target)`` fires when a drag in connect mode joins two nodes."""

    connectRequested = Signal(str, str)

    def __init__(self, scene, parent=None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        # Only what changed is repainted: dragging one box in 200 stays cheap.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        # Items change the painter's font and pen: its state is saved around each one.
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.connect_mode = False
        self._connect_from: str | None = None

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        target = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom * factor))
        factor = target / self.zoom
        self.scale(factor, factor)

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / ZOOM_STEP)

    def fit(self, minimum: float = MIN_FIT_ZOOM) -> None:
        """The whole map in view, but never smaller than ``minimum`` (nor above 150 %): a
        large map then shows its beginning (the top left), where start is."""
        rect = self.scene().itemsBoundingRect().adjusted(-20, -20, 20, 20)
        if rect.isEmpty():
            return
        self.fitInView(QRectF(rect), Qt.AspectRatioMode.KeepAspectRatio)
        zoom = min(1.5, max(minimum, self.zoom))
        if zoom != self.zoom:
            self.resetTransform()
            self.scale(zoom, zoom)
            self.centerOn(rect.center())
            if zoom == minimum:
                self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())

    def set_connect_mode(self, on: bool) -> None:
        self.connect_mode = on
        self.setDragMode(QGraphicsView.DragMode.NoDrag if on
                         else QGraphicsView.DragMode.ScrollHandDrag)
        self.viewport().setCursor(Qt.CursorShape.CrossCursor if on
                                  else Qt.CursorShape.OpenHandCursor)

    def _node_at(self, pos) -> NodeItem | None:
        for item in self.items(pos):
            if isinstance(item, NodeItem):
                return item
        return None

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            event.accept()
            return
        super().wheelEvent(event)

    def mousePressEvent(self, event) -> None:
        if self.connect_mode and event.button() == Qt.MouseButton.LeftButton:
            node = self._node_at(event.position().toPoint())
            self._connect_from = node.name if node else None
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self.connect_mode:
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self.connect_mode and event.button() == Qt.MouseButton.LeftButton:
            node = self._node_at(event.position().toPoint())
            if self._connect_from and node is not None and node.name != self._connect_from:
                self.connectRequested.emit(self._connect_from, node.name)
            self._connect_from = None
            event.accept()
            return
        super().mouseReleaseEvent(event)
