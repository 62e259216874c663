"""The legend under the graph: the time colours (fast to slow) and what thickness means."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from kaizen.i18n import translate
from kaizen.ui.mining.graph_view import COOL, HOT, MAX_PEN, MIN_PEN, TimeScale
from kaizen.ui.mining.text import duration

BAR_WIDTH = 110


class GraphLegend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("GraphLegend")
        self.scale = TimeScale([])
        self.setFixedHeight(30)
        self.setToolTip(translate(
            "ui.mining.legend",
            "Colour: the median time between the two activities (log scale). Thickness: how "
            "often the path is taken. Drag to pan, wheel to zoom."))

    def set_scale(self, scale: TimeScale) -> None:
        self.scale = scale
        self.update()

    def texts(self) -> tuple[str, str]:
        return (translate("ui.mining.legend", "median {time}").format(
            time=duration(self.scale.low)), duration(self.scale.high))

    def sizeHint(self) -> QSize:
        return QSize(620, 34)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        y = self.height() / 2
        low, high = self.texts()
        x = 4.0
        painter.setPen(QColor("#475467"))
        painter.drawText(QRectF(x, 0, metrics.horizontalAdvance(low) + 4, self.height()),
                         Qt.AlignmentFlag.AlignVCenter, low)
        x += metrics.horizontalAdvance(low) + 10
        gradient = QLinearGradient(x, 0, x + BAR_WIDTH, 0)
        gradient.setColorAt(0, COOL)
        gradient.setColorAt(1, HOT)
        painter.fillRect(QRectF(x, y - 5, BAR_WIDTH, 10), gradient)
        x += BAR_WIDTH + 8
        painter.drawText(QRectF(x, 0, metrics.horizontalAdvance(high) + 4, self.height()),
                         Qt.AlignmentFlag.AlignVCenter, high)
        x += metrics.horizontalAdvance(high) + 28
        for width in (MIN_PEN, (MIN_PEN + MAX_PEN) / 2, MAX_PEN):
            painter.setPen(QPen(QColor("#667085"), width, Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.RoundCap))
            painter.drawLine(int(x), int(y), int(x + 18), int(y))
            x += 26
        painter.setPen(QColor("#475467"))
        label = translate("ui.mining.legend", "thicker = more often")
        painter.drawText(QRectF(x, 0, self.width() - x, self.height()),
                         Qt.AlignmentFlag.AlignVCenter, label)
        painter.end()
