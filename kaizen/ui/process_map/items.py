"""The graphics items of a map: steps, the start and end nodes, and flows.

Items paint their text themselves (no child text items): a 200-step map stays fluid when panned
or dragged. A moved node tells its flows to follow (``ItemSendsGeometryChanges``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from kaizen.domain.process_model import END, START, WASTE
from kaizen.i18n import translate
from kaizen.ui.process_map import style

Change = QGraphicsItem.GraphicsItemChange


class NodeItem(QGraphicsItem):
    """A box the flows attach to: a step, or the start or end node."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.flows: list[FlowItem] = []
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsMovable
                      | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                      | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        # No pixmap cache: a device cache is re-rendered at every zoom step and an item cache
        # blurs the text; painting directly measured fastest (bench/process_map.py).
        self.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        self.setZValue(2)

    def itemChange(self, change: Change, value: Any) -> Any:
        if change == Change.ItemPositionHasChanged:
            for flow in self.flows:
                flow.adjust()
        return super().itemChange(change, value)


class TerminalItem(NodeItem):
    """The start or end node: a rounded pill."""

    def boundingRect(self) -> QRectF:
        return QRectF(-style.NODE_W / 2 - 2, -style.NODE_H / 2 - 2, style.NODE_W + 4,
                      style.NODE_H + 4)

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem,
              _widget: QWidget | None = None) -> None:
        rect = QRectF(-style.NODE_W / 2, -style.NODE_H / 2, style.NODE_W, style.NODE_H)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = style.SELECTED if self.isSelected() else style.MUTED
        painter.setPen(QPen(color, 2.5 if self.isSelected() else 1.5))
        painter.setBrush(QColor("#ffffff"))
        painter.drawRoundedRect(rect, style.NODE_H / 2, style.NODE_H / 2)
        painter.setPen(style.TEXT)
        font = QFont(painter.font())
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, node_label(self.name))


def node_label(name: str) -> str:
    """The start or end node's word ("Start", "End"); a step's name as it is."""
    if name == START:
        return translate("ui.process_map.items", "Start")
    if name == END:
        return translate("ui.process_map.items", "End")
    return name.capitalize()


class StepItem(NodeItem):
    """A step box: its name, value type in words, time, wait, resources and role."""

    def __init__(self, step: dict[str, Any], unit: str, *, duration: float | None,
                 bottleneck: bool = False, links: int = 0) -> None:
        super().__init__(step["name"])
        self.step = step
        self.unit = unit
        self.duration = duration
        self.bottleneck = bottleneck
        self.links = links
        self.setToolTip(self._tooltip())

    def set_step(self, step: dict[str, Any], *, duration: float | None, bottleneck: bool,
                 links: int) -> None:
        """Show new fields of the same step; repaints only when something shown changed."""
        if (step, duration, bottleneck, links) == (self.step, self.duration, self.bottleneck,
                                                   self.links):
            return
        self.step, self.duration, self.bottleneck, self.links = step, duration, bottleneck, links
        self.setToolTip(self._tooltip())
        self.update()

    def _tooltip(self) -> str:
        s = self.step
        parts = [s["name"], style.value_label(s.get("value", ""))]
        if self.bottleneck:
            parts.append(translate(
                "ui.process_map.items",
                "The bottleneck: the most work per unit for its resources."))
        if self.links:
            parts.append(translate(
                "ui.process_map.items", "{count} linked observation(s) and idea(s)").format(
                                       count=self.links))
        return "\n".join(p for p in parts if p)

    def boundingRect(self) -> QRectF:
        return QRectF(-style.STEP_W / 2 - 4, -style.STEP_H / 2 - 14, style.STEP_W + 8,
                      style.STEP_H + 18)

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem,
              _widget: QWidget | None = None) -> None:
        s = self.step
        value = s.get("value", "")
        rect = QRectF(-style.STEP_W / 2, -style.STEP_H / 2, style.STEP_W, style.STEP_H)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(style.edge_pen(value, bottleneck=self.bottleneck,
                                      selected=self.isSelected()))
        painter.setBrush(style.fill_brush(value))
        painter.drawRoundedRect(rect, 6, 6)
        hatch = style.hatch_brush(value)
        if hatch is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(hatch)
            painter.drawRoundedRect(rect.adjusted(2, 2, -2, -2), 5, 5)
        base = QFont(painter.font())
        inner = rect.adjusted(8, 6, -8, -6)
        # The value type in words, small caps at the top (colour is never the only cue).
        small = QFont(base)
        small.setPointSizeF(max(6.5, base.pointSizeF() * 0.78))
        small.setBold(True)
        painter.setFont(small)
        painter.setPen(style.EDGE.get(value, style.MUTED).darker(130))
        kind = style.value_short(value)
        if value == WASTE and s.get("waste"):
            kind += f" · {style.waste_word(str(s['waste']))}"
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, kind)
        # The name, bold, up to two lines, elided.
        bold = QFont(base)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(style.TEXT)
        metrics = QFontMetricsF(bold)
        name_rect = QRectF(inner.left(), inner.top() + metrics.height() + 1, inner.width(),
                           metrics.height() * 2)
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                         _elide_two_lines(s["name"], metrics, inner.width()))
        painter.setFont(small)
        painter.setPen(style.MUTED)
        unit = style.unit_short(self.unit)
        time = (translate("ui.process_map.items", "t ?") if self.duration is None
                else translate("ui.process_map.items", "t {time} {unit}").format(
                    time=style.shown(self.duration), unit=unit))
        facts = [time, f"×{s.get('resources', 1)}"]
        if s.get("role"):
            facts.append(str(s["role"]))
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                         QFontMetricsF(small).elidedText("  ·  ".join(facts),
                                                         Qt.TextElideMode.ElideRight,
                                                         inner.width()))
        if self.bottleneck:
            _badge(painter, QPointF(rect.left() + 6, rect.top() - 12),
                   translate("ui.process_map.items", "BOTTLENECK"),
                   style.BOTTLENECK, small)
        if self.links:
            _badge(painter, QPointF(rect.right() - 36, rect.top() - 12), f"● {self.links}",
                   QColor("#7A3EB1"), small)


def _elide_two_lines(text: str, metrics: QFontMetricsF, width: float) -> str:
    if metrics.horizontalAdvance(text) <= width:
        return text
    words, first = text.split(), ""
    while words and metrics.horizontalAdvance((first + " " + words[0]).strip()) <= width:
        first = (first + " " + words.pop(0)).strip()
    if not first:  # one long word
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    rest = metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width)
    return first + "\n" + rest


def _badge(painter: QPainter, at: QPointF, text: str, color: QColor, font: QFont) -> None:
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    rect = QRectF(at.x(), at.y(), metrics.horizontalAdvance(text) + 10, metrics.height() + 2)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawRoundedRect(rect, 3, 3)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


class FlowItem(QGraphicsPathItem):
    """An arrow from one node to another, with its probability when it has one."""

    ARROW = 11.0

    def __init__(self, source: NodeItem, target: NodeItem, probability: float | None,
                 *, bend: float = 0.0) -> None:
        super().__init__()
        self.source, self.target = source, target
        self.probability = probability
        self.bend = bend
        self._arrow = QPolygonF()
        self._label_at = QPointF()
        source.flows.append(self)
        target.flows.append(self)
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(1)
        self.adjust()

    @property
    def key(self) -> tuple[str, str]:
        return self.source.name, self.target.name

    def adjust(self) -> None:
        a, b = self.source.pos(), self.target.pos()
        line = QLineF(a, b)
        if line.length() < 1:
            self.setPath(QPainterPath())
            return
        start = _border_point(self.source, line)
        end = _border_point(self.target, QLineF(b, a))
        path = QPainterPath(start)
        if self.bend:
            mid = (start + end) / 2
            normal = QLineF(start, end).normalVector().unitVector()
            offset = QPointF(normal.dx(), normal.dy()) * self.bend
            control = mid + offset
            path.quadTo(control, end)
            direction = QLineF(control, end)
            self._label_at = (mid + control) / 2
        else:
            path.lineTo(end)
            direction = QLineF(start, end)
            self._label_at = (start + end) / 2
        self.prepareGeometryChange()
        self.setPath(path)
        self._arrow = _arrow_head(direction, self.ARROW)

    def boundingRect(self) -> QRectF:
        return super().boundingRect().united(self._arrow.boundingRect()).adjusted(-30, -14, 30, 14)

    def shape(self) -> QPainterPath:
        stroker_path = QPainterPath(self.path())
        from PySide6.QtGui import QPainterPathStroker
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        return stroker.createStroke(stroker_path)

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem,
              _widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = style.SELECTED if self.isSelected() else style.FLOW
        pen = QPen(color, 2.6 if self.isSelected() else 1.6)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path())
        painter.setBrush(QBrush(color))
        painter.drawPolygon(self._arrow)
        if self.probability is not None:
            text = translate("ui.process_map.items", "{percent} %").format(
                percent=style.shown(self.probability * 100))
            metrics = QFontMetricsF(painter.font())
            w = metrics.horizontalAdvance(text) + 8
            rect = QRectF(self._label_at.x() - w / 2, self._label_at.y() - metrics.height() / 2 - 1,
                          w, metrics.height() + 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#ffffff"))
            painter.drawRoundedRect(rect, 3, 3)
            painter.setPen(style.TEXT)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def _border_point(node: NodeItem, line: QLineF) -> QPointF:
    """Where ``line`` (from the node's centre outwards) leaves the node's box."""
    if node.name in (START, END):
        w, h = style.NODE_W / 2, style.NODE_H / 2
    else:
        w, h = style.STEP_W / 2, style.STEP_H / 2
    dx, dy = line.dx(), line.dy()
    scale = min(w / abs(dx) if dx else float("inf"), h / abs(dy) if dy else float("inf"))
    return QPointF(line.p1().x() + dx * scale, line.p1().y() + dy * scale)


def _arrow_head(direction: QLineF, size: float) -> QPolygonF:
    if direction.length() < 1:
        return QPolygonF()
    tip = direction.p2()
    unit = direction.unitVector()
    back = QPointF(unit.dx(), unit.dy()) * size
    side = QPointF(-unit.dy(), unit.dx()) * (size * 0.5)
    return QPolygonF([tip, tip - back + side, tip - back - side])
