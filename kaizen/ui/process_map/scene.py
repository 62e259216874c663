"""The scene of one map: step and flow items from a :class:`MapDraft`, the legend above and the
value-stream timeline ladder underneath.

The figures (bottleneck, ladder) come from :func:`kaizen.domain.value_stream.value_stream` when
the draft is a valid map; otherwise the ladder says, in the parser's words, why there are none.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QStyleOptionGraphicsItem, QWidget

from kaizen.domain.numbers import format_number
from kaizen.domain.process_model import END, NECESSARY, START, VALUE_ADDING, WASTE, ModelError
from kaizen.domain.value_stream import ValueStream, value_stream
from kaizen.i18n import translate
from kaizen.ui.process_map import style
from kaizen.ui.process_map.draft import MapDraft
from kaizen.ui.process_map.items import FlowItem, NodeItem, StepItem, TerminalItem

LADDER_GAP = 90.0
LADDER_STEP = 150.0


class MapScene(QGraphicsScene):
    """Items for every step, flow and terminal of ``draft``; ``rebuild()`` after a change."""

    nodesMoved = Signal(dict, dict)  # {name: old (x, y)}, {name: new (x, y)}

    def __init__(self, draft: MapDraft, parent=None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.nodes: dict[str, NodeItem] = {}
        self.flow_items: dict[tuple[str, str], FlowItem] = {}
        self.figures: ValueStream | None = None
        self.error: ModelError | None = None
        self.links: dict[str, int] = {}
        self._pressed: dict[str, tuple[float, float]] = {}
        self.legend = LegendItem()
        self.ladder = LadderItem()
        self.setBackgroundBrush(QColor("#fbfcfd"))

    def _figures(self) -> None:
        try:
            self.figures, self.error = value_stream(self.draft.model()), None
        except ModelError as exc:
            self.figures, self.error = None, exc

    def rebuild(self, *, full: bool = False) -> None:
        """Draw the draft again after an edit. When the steps and flows are the same ones (a
        step's fields or a flow's probability changed), the items are updated in place: an edit
        of a 200-step map stays within the GUI thread's budget (bench/process_map.py)."""
        names = self.draft.names()
        flows = [(f["from"], f["to"]) for f in self.draft.flows]
        if (not full and self.nodes and set(self.nodes) == {START, END, *names}
                and len(names) + 2 == len(self.nodes)
                and set(self.flow_items) == set(flows) and len(flows) == len(self.flow_items)):
            self._update_in_place()
        else:
            self._rebuild_items()

    def _update_in_place(self) -> None:
        self._figures()
        bottleneck = self.figures.bottleneck if self.figures else None
        means = {f.name: f.duration for f in self.figures.steps} if self.figures else {}
        for step in self.draft.steps:
            item = self.nodes[step["name"]]
            assert isinstance(item, StepItem)
            item.set_step(step, duration=means.get(step["name"]),
                          bottleneck=step["name"] == bottleneck,
                          links=self.links.get(step["name"], 0))
        for f in self.draft.flows:
            item = self.flow_items[(f["from"], f["to"])]
            if item.probability != f.get("probability"):
                item.probability = f.get("probability")
                item.update()
        self.place_extras()
        self.ladder.update()

    def _rebuild_items(self) -> None:
        for item in list(self.items()):
            if item not in (self.legend, self.ladder):
                self.removeItem(item)
        for extra in (self.legend, self.ladder):
            if extra.scene() is None:
                self.addItem(extra)
        self.nodes.clear()
        self.flow_items.clear()
        self._figures()
        unit = self.draft.header.get("time_unit", "minute")
        bottleneck = self.figures.bottleneck if self.figures else None
        means = {f.name: f.duration for f in self.figures.steps} if self.figures else {}
        for name in (START, END):
            self._place(TerminalItem(name))
        for step in self.draft.steps:
            self._place(StepItem(step, unit, duration=means.get(step["name"]),
                                 bottleneck=step["name"] == bottleneck,
                                 links=self.links.get(step["name"], 0)))
        pairs = {(f["from"], f["to"]) for f in self.draft.flows}
        for f in self.draft.flows:
            a, b = self.nodes.get(f["from"]), self.nodes.get(f["to"])
            if a is None or b is None:
                continue
            backwards = b.pos().x() < a.pos().x() - 1 or (f["to"], f["from"]) in pairs
            item = FlowItem(a, b, f.get("probability"), bend=60.0 if backwards else 0.0)
            self.addItem(item)
            self.flow_items[(f["from"], f["to"])] = item
        self.place_extras()

    def _place(self, item: NodeItem) -> None:
        x, y = self.draft.positions.get(item.name, (0.0, 0.0))
        item.setPos(x, y)
        self.addItem(item)
        self.nodes[item.name] = item

    def place_extras(self) -> None:
        """The legend above the nodes and the ladder below them."""
        box = QRectF()
        for item in self.nodes.values():
            box = box.united(item.sceneBoundingRect())
        self.legend.setPos(box.left(), box.top() - self.legend.boundingRect().height() - 24)
        self.ladder.set_data(self.figures, self.error, self.draft.header.get("time_unit",
                                                                               "minute"))
        self.ladder.setPos(box.left(), box.bottom() + LADDER_GAP)
        self.setSceneRect(self.itemsBoundingRect().adjusted(-60, -60, 60, 60))

    def apply_positions(self, positions: dict[str, tuple[float, float]]) -> None:
        self.draft.positions.update(positions)
        for name, (x, y) in positions.items():
            if name in self.nodes:
                self.nodes[name].setPos(x, y)
        self.place_extras()

    # --- drag tracking: one undoable move per drag ------------------------------------------

    def mousePressEvent(self, event) -> None:
        super().mousePressEvent(event)
        self._pressed = {i.name: (i.pos().x(), i.pos().y()) for i in self.selectedItems()
                         if isinstance(i, NodeItem)}

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        old, new = {}, {}
        for name, before in self._pressed.items():
            item = self.nodes.get(name)
            if item is None:
                continue
            after = (item.pos().x(), item.pos().y())
            if after != before:
                old[name], new[name] = before, after
        self._pressed = {}
        if new:
            self.nodesMoved.emit(old, new)


class LegendItem(QGraphicsItem):
    """What the colours mean, in words, with the bottleneck's mark."""

    @staticmethod
    def entries() -> tuple[tuple[str, str], ...]:
        return ((VALUE_ADDING, translate("ui.process_map.scene", "Value-adding")),
                (NECESSARY, translate("ui.process_map.scene", "Necessary, non-value-adding")),
                (WASTE, translate("ui.process_map.scene", "Waste (hatched)")))

    def boundingRect(self) -> QRectF:
        # As wide as its words (German and Spanish are longer than the English's 650 px).
        scene = self.scene()
        metrics = QFontMetricsF(scene.font() if scene is not None else QFont())
        words = [label for _, label in self.entries()]
        width = sum(56 + metrics.horizontalAdvance(label) for label in words) + 32 + \
            metrics.horizontalAdvance(translate("ui.process_map.scene", "Bottleneck"))
        return QRectF(0, 0, max(760.0, width + 8), 30)

    def paint(self, painter: QPainter, _o: QStyleOptionGraphicsItem, _w: QWidget | None = None
              ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetricsF(painter.font())
        x = 0.0
        for value, label in self.entries():
            swatch = QRectF(x, 6, 26, 18)
            painter.setPen(style.edge_pen(value, bottleneck=False, selected=False))
            painter.setBrush(style.fill_brush(value))
            painter.drawRoundedRect(swatch, 3, 3)
            hatch = style.hatch_brush(value)
            if hatch is not None:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(hatch)
                painter.drawRect(swatch.adjusted(1, 1, -1, -1))
            painter.setPen(style.TEXT)
            painter.drawText(QPointF(x + 32, 15 + metrics.ascent() / 2 - 1), label)
            x += 32 + metrics.horizontalAdvance(label) + 24
        swatch = QRectF(x, 6, 26, 18)
        painter.setPen(QPen(style.BOTTLENECK, 4))
        painter.setBrush(QColor("#ffffff"))
        painter.drawRoundedRect(swatch, 3, 3)
        painter.setPen(style.TEXT)
        painter.drawText(QPointF(x + 32, 15 + metrics.ascent() / 2 - 1),
                         translate("ui.process_map.scene", "Bottleneck"))


class LadderItem(QGraphicsItem):
    """The value-stream timeline: waits on the upper rungs, process times on the lower, along
    the main path, with the lead time, process time and value-added ratio at its end."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: ValueStream | None = None
        self.error: ModelError | None = None
        self.unit = "minute"
        self._rect = QRectF(0, 0, 400, 120)
        # Paint only the exposed rungs: a 200-step ladder is 30 000 px wide.
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def set_data(self, figures: ValueStream | None, error: ModelError | None, unit: str) -> None:
        self.prepareGeometryChange()
        self.figures, self.error, self.unit = figures, error, unit
        n = len(figures.main_path) if figures else 0
        self._rect = QRectF(0, 0, max(700.0, n * LADDER_STEP + 340), 130)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              _w: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        exposed = option.exposedRect
        font = QFont(painter.font())
        metrics = QFontMetricsF(font)
        title = QFont(font)
        title.setBold(True)
        painter.setFont(title)
        painter.setPen(style.TEXT)
        painter.drawText(QPointF(0, metrics.ascent()), translate(
            "ui.process_map.scene",
            "Timeline along the main path (waits above, process times below)"))
        painter.setFont(font)
        if self.figures is None:
            painter.setPen(QColor("#B42318"))
            why = self.error.message if self.error is not None else ""
            painter.drawText(QRectF(0, 30, self._rect.width(), 80), Qt.TextFlag.TextWordWrap,
                             translate(
                                 "ui.process_map.scene", "No figures until the map is valid: {why}")
                             .format(why=why))
            return
        fig = self.figures
        unit = style.unit_short(self.unit)
        by_name = {s.name: s for s in fig.steps}
        top, bottom = 44.0, 96.0
        pen = QPen(style.TEXT, 2)
        x = 0.0
        for name in fig.main_path:
            if x + LADDER_STEP < exposed.left() or x > exposed.right():
                x += LADDER_STEP
                continue
            s = by_name[name]
            painter.setPen(pen)
            # wait: a high rung; process: a low rung
            painter.drawLine(QPointF(x, top), QPointF(x + LADDER_STEP / 2, top))
            painter.drawLine(QPointF(x + LADDER_STEP / 2, top), QPointF(x + LADDER_STEP / 2,
                                                                        bottom))
            painter.drawLine(QPointF(x + LADDER_STEP / 2, bottom), QPointF(x + LADDER_STEP,
                                                                           bottom))
            painter.drawLine(QPointF(x + LADDER_STEP, bottom), QPointF(x + LADDER_STEP, top))
            painter.setPen(style.MUTED)
            painter.drawText(QRectF(x, top - metrics.height() - 4, LADDER_STEP / 2,
                                    metrics.height()), Qt.AlignmentFlag.AlignCenter,
                             translate("ui.process_map.scene", "{time} {unit}").format(
                                 time=style.shown(s.wait * max(s.visits, 0)), unit=unit))
            painter.setPen(style.TEXT)
            painter.drawText(QRectF(x + LADDER_STEP / 2, bottom + 4, LADDER_STEP / 2,
                                    metrics.height()), Qt.AlignmentFlag.AlignCenter,
                             translate("ui.process_map.scene", "{time} {unit}").format(
                                 time=style.shown(s.duration * max(s.visits, 0)), unit=unit))
            x += LADDER_STEP
        totals = [translate("ui.process_map.scene", "Lead time {time} {unit}").format(
                      time=style.shown(fig.lead_time), unit=unit),
                  translate("ui.process_map.scene", "Process time {time} {unit}").format(
                      time=style.shown(fig.process_time), unit=unit),
                  translate("ui.process_map.scene", "Value-added ratio {percent} %").format(
                      percent=format_number(round(fig.va_ratio * 100, 1), 1))]
        if fig.takt is not None:
            totals.append(translate("ui.process_map.scene", "Takt {time} {unit}").format(
                time=style.shown(fig.takt), unit=unit))
        painter.setPen(style.TEXT)
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        for i, line in enumerate(totals):
            painter.drawText(QPointF(x + 24, top + i * (metrics.height() + 2)), line)
