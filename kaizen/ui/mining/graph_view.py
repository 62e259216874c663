"""The directly-follows graph on a QGraphicsScene, laid out by Graphviz (see ``layout``).

Activities are boxes (darker for more events); an edge's thickness grows with its frequency and
its colour runs from cool to hot with its median time (log scale, see :class:`TimeScale`, which
the legend below the graph shares). Clicking an activity or an edge emits its name(s); the wheel
zooms and dragging pans. :meth:`DfgGraphView.export` writes PNG, SVG or PDF.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QMouseEvent,
    QPageSize,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPdfWriter,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from kaizen.domain.errors import ValidationError
from kaizen.i18n import translate
from kaizen.mining.discovery import DfgEdge
from kaizen.ui.mining.layout import END, START, EdgeCurve, GraphLayout, NodeBox, pseudo_label
from kaizen.ui.mining.text import count

COOL, HOT = QColor("#7fa7c9"), QColor("#c2410c")
NODE_FILL_LOW, NODE_FILL_HIGH = QColor("#e6f3f1"), QColor("#0f766e")
MIN_PEN, MAX_PEN = 1.0, 7.0
HIT_WIDTH = 12.0           # edges are clickable a few pixels either side of the line
ARROW = 8.0
EXPORT_SCALE = 2.0         # PNG pixels per scene point
ROLE_KIND, ROLE_KEY = 0, 1  # QGraphicsItem.data keys
NODE_FONT_PT = 10.0


class TimeScale:
    """Maps an edge's median seconds to a colour between COOL and HOT on a log scale."""

    def __init__(self, seconds: list[float]) -> None:
        positive = [s for s in seconds if s > 0]
        self.low = min(positive) if positive else 1.0
        self.high = max(positive) if positive else 1.0

    def fraction(self, seconds: float) -> float:
        if seconds <= 0 or self.high <= self.low:
            return 0.0
        return (math.log(max(seconds, self.low)) - math.log(self.low)) / (
            math.log(self.high) - math.log(self.low))

    def colour(self, seconds: float) -> QColor:
        return mix(COOL, HOT, self.fraction(seconds))


def mix(a: QColor, b: QColor, t: float) -> QColor:
    t = min(max(t, 0.0), 1.0)
    return QColor(round(a.red() + (b.red() - a.red()) * t),
                  round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


class EdgeItem(QGraphicsPathItem):
    """A spline; its clickable shape is wider than its pen."""

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(max(HIT_WIDTH, self.pen().widthF()))
        return stroker.createStroke(self.path())


class DfgGraphView(QGraphicsView):
    activityClicked = Signal(str)
    edgeClicked = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DfgGraph")
        self.graph_scene = QGraphicsScene(self)
        # A few hundred items: a linear hit test is instant, and no BSP tree to rebuild.
        self.graph_scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setScene(self.graph_scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        # A file dropped on the graph goes up to the mining view, which imports it.
        self.setAcceptDrops(False)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QColor("#ffffff"))
        self.node_items: dict[str, QGraphicsItem] = {}
        self.edge_items: dict[tuple[str, str], EdgeItem] = {}
        self.time_scale = TimeScale([])
        self.selected: tuple[str, ...] | None = None

    # --- drawing ---------------------------------------------------------------------------

    def show_graph(self, layout: GraphLayout, activity_events: dict[str, int],
                   edges: list[DfgEdge]) -> None:
        self.graph_scene.clear()
        self.node_items, self.edge_items = {}, {}
        self.selected = None
        self.time_scale = TimeScale([e.median_s for e in edges])
        top_count = max((e.count for e in edges), default=1)
        top_events = max(activity_events.values(), default=1)
        by_pair = {(e.source_name, e.target_name): e for e in edges}
        for key, curve in layout.edges.items():
            edge = by_pair.get(key)
            self._add_edge(curve, edge, top_count)
        for name, box in layout.nodes.items():
            self._add_node(box, activity_events.get(name), top_events)
        self.graph_scene.setSceneRect(QRectF(0, 0, layout.width, layout.height)
                                      .marginsAdded(QMarginsF(20, 20, 20, 20)))
        self.fit()

    def _add_node(self, box: NodeBox, events: int | None, top_events: int) -> None:
        rect = QRectF(box.x - box.width / 2, box.y - box.height / 2, box.width, box.height)
        path = QPainterPath()
        pseudo = box.name in (START, END)
        if pseudo:
            path.addEllipse(rect)
        else:
            path.addRoundedRect(rect, 6, 6)
        item = QGraphicsPathItem(path)
        fraction = (events or 0) / top_events if top_events else 0
        fill = QColor("#f2f4f7") if pseudo else mix(NODE_FILL_LOW, NODE_FILL_HIGH, fraction * 0.8)
        item.setBrush(QBrush(fill))
        item.setPen(QPen(QColor("#0b5d56") if not pseudo else QColor("#98a2b3"), 1.2))
        item.setData(ROLE_KIND, "activity")
        item.setData(ROLE_KEY, box.name)
        # The start and end nodes are keyed by their English text and shown translated.
        shown = pseudo_label(box.name) if pseudo else box.name
        item.setToolTip(shown if events is None else translate(
            "ui.mining.graph_view", "{name}: {count} events").format(
            name=shown, count=count(events)))
        item.setZValue(2)
        dark = fraction * 0.8 > 0.5
        lines = [shown] if events is None else [shown, count(events)]
        texts = []
        for number, line in enumerate(lines):
            font = QFont()
            font.setPointSizeF(NODE_FONT_PT if number == 0 else NODE_FONT_PT - 1.5)
            font.setBold(number == 0 and not pseudo)
            text = QGraphicsSimpleTextItem(line, item)
            text.setFont(font)
            text.setBrush(QColor("#ffffff") if dark else QColor("#1f2933"))
            texts.append(text)
        height = sum(t.boundingRect().height() for t in texts)
        top = box.y - height / 2
        for text in texts:
            bounds = text.boundingRect()
            # A long name is shrunk to the box rather than cut (the tooltip has it whole).
            scale = min(1.0, (box.width - 8) / bounds.width()) if bounds.width() else 1.0
            text.setScale(scale)
            text.setPos(box.x - bounds.width() * scale / 2, top)
            top += bounds.height()
        # Added once built: every change to an item already in the scene re-indexes it.
        self.graph_scene.addItem(item)
        self.node_items[box.name] = item

    def _add_edge(self, curve: EdgeCurve, edge: DfgEdge | None, top_count: int) -> None:
        points = [QPointF(x, y) for x, y in curve.points]
        if len(points) < 2:
            return
        path = QPainterPath(points[0])
        for i in range(1, len(points) - 2, 3):
            path.cubicTo(points[i], points[i + 1], points[i + 2])
        if edge is None:  # to or from the start / end pseudo node
            colour, width = QColor("#98a2b3"), 1.2
            pen = QPen(colour, width, Qt.PenStyle.DashLine)
        else:
            colour = self.time_scale.colour(edge.median_s)
            width = MIN_PEN + (MAX_PEN - MIN_PEN) * math.sqrt(edge.count / top_count)
            pen = QPen(colour, width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        item = EdgeItem(path)
        item.setPen(pen)
        item.setZValue(1)
        item.setData(ROLE_KIND, "edge" if edge is not None else "link")
        item.setData(ROLE_KEY, f"{curve.source}\x1f{curve.target}")
        if edge is not None:
            item.setToolTip(translate(
                "ui.mining.graph_view", "{source} → {target}: {count} times").format(
                source=edge.source_name, target=edge.target_name, count=count(edge.count)))
            self.edge_items[(curve.source, curve.target)] = item
        self._add_arrow(points[-2], points[-1], colour, width, item)
        if curve.label_at is not None and edge is not None:
            label = QGraphicsSimpleTextItem(count(edge.count), item)
            font = QFont()
            font.setPointSizeF(8.5)
            label.setFont(font)
            label.setBrush(QColor("#475467"))
            bounds = label.boundingRect()
            label.setPos(curve.label_at[0] - bounds.width() / 2,
                         curve.label_at[1] - bounds.height() / 2)
        self.graph_scene.addItem(item)

    @staticmethod
    def _add_arrow(before: QPointF, tip: QPointF, colour: QColor, width: float,
                   parent: QGraphicsItem) -> None:
        dx, dy = tip.x() - before.x(), tip.y() - before.y()
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        size = ARROW + width
        base = QPointF(tip.x() - ux * size, tip.y() - uy * size)
        left = QPointF(base.x() - uy * size / 2, base.y() + ux * size / 2)
        right = QPointF(base.x() + uy * size / 2, base.y() - ux * size / 2)
        head = QGraphicsPathItem(parent)
        arrow = QPainterPath()
        arrow.addPolygon(QPolygonF([tip, left, right, tip]))
        head.setPath(arrow)
        head.setBrush(colour)
        head.setPen(Qt.PenStyle.NoPen)

    def clear_graph(self) -> None:
        self.graph_scene.clear()
        self.node_items, self.edge_items = {}, {}

    # --- interaction -----------------------------------------------------------------------

    def fit(self) -> None:
        rect = self.graph_scene.sceneRect()
        if not rect.isEmpty():
            self.resetTransform()
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
            if self.transform().m11() > 1.4:  # a small graph is not blown up
                self.resetTransform()
                self.scale(1.4, 1.4)

    def zoom(self, factor: float) -> None:
        current = self.transform().m11()
        if 0.05 <= current * factor <= 8:
            self.scale(factor, factor)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.click_at(event.position().toPoint())
        super().mousePressEvent(event)

    def click_at(self, viewport_point: object) -> None:
        item = self.itemAt(viewport_point)  # type: ignore[arg-type]
        while item is not None and item.data(ROLE_KIND) is None:
            item = item.parentItem()
        if item is None:
            return
        kind, key = item.data(ROLE_KIND), item.data(ROLE_KEY)
        if kind == "activity" and key not in (START, END):
            self.highlight(item)
            self.activityClicked.emit(key)
        elif kind == "edge":
            source, target = key.split("\x1f")
            self.highlight(item)
            self.edgeClicked.emit(source, target)

    def highlight(self, chosen: QGraphicsItem) -> None:
        for item in [*self.node_items.values(), *self.edge_items.values()]:
            item.setOpacity(1.0 if item is chosen else 0.55)

    def edge_point(self, source: str, target: str) -> QPointF:
        """The middle of an edge's line, in viewport coordinates (tests click there)."""
        item = self.edge_items[(source, target)]
        return self.mapFromScene(item.path().pointAtPercent(0.5))

    def node_point(self, name: str) -> QPointF:
        return self.mapFromScene(self.node_items[name].boundingRect().center())

    # --- export ----------------------------------------------------------------------------

    def export(self, path: Path) -> None:
        """Write the whole graph as PNG, SVG or PDF, by the file's extension."""
        rect = self.graph_scene.sceneRect()
        if rect.isEmpty():
            raise ValidationError(translate(
                "ui.mining.graph_view", "There is no graph to export."), field="file")
        suffix = path.suffix.lower()
        if suffix == ".png":
            image = QImage(QSize(math.ceil(rect.width() * EXPORT_SCALE),
                                 math.ceil(rect.height() * EXPORT_SCALE)),
                           QImage.Format.Format_ARGB32)
            image.fill(QColor("#ffffff"))
            self._render(image, rect)
            if not image.save(str(path)):
                raise ValidationError(translate(
                    "ui.mining.graph_view", "Could not write {path}.").format(path=path),
                                      field="file")
        elif suffix == ".svg":
            generator = QSvgGenerator()
            generator.setFileName(str(path))
            generator.setSize(QSize(math.ceil(rect.width()), math.ceil(rect.height())))
            generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
            generator.setTitle(translate("ui.mining.graph_view", "Directly-follows graph"))
            self._render(generator, rect)
        elif suffix == ".pdf":
            writer = QPdfWriter(str(path))
            writer.setPageSize(QPageSize(QSizeF(rect.width(), rect.height()),
                                         QPageSize.Unit.Point))
            writer.setResolution(72)
            self._render(writer, rect)
        else:
            raise ValidationError(translate(
                "ui.mining.graph_view", "Export to a .png, .svg or .pdf file."), field="file")

    def _render(self, device: object, rect: QRectF) -> None:
        painter = QPainter(device)  # type: ignore[call-overload]
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            target = QRectF(0, 0, painter.device().width(), painter.device().height())
            self.graph_scene.render(painter, target, rect)
        finally:
            painter.end()
