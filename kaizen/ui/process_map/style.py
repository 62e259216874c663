"""How the map looks: colours by value type that colour-blind readers can tell apart.

The palette is Okabe and Ito's ("Color Universal Design", 2008): blue, orange and vermillion
stay distinct under the common colour-vision deficiencies. Colour never works alone: each step
also prints its value type in words, and waste steps are hatched.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPen

from kaizen.domain.process_model import NECESSARY, VALUE_ADDING, WASTE

STEP_W, STEP_H = 190.0, 100.0
NODE_W, NODE_H = 84.0, 44.0

LABELS = {VALUE_ADDING: "Value-adding", NECESSARY: "Necessary (non-value-adding)",
          WASTE: "Waste"}
SHORT = {VALUE_ADDING: "VALUE-ADDING", NECESSARY: "NECESSARY", WASTE: "WASTE"}
EDGE = {VALUE_ADDING: QColor("#0072B2"), NECESSARY: QColor("#B27600"), WASTE: QColor("#D55E00")}
FILL = {VALUE_ADDING: QColor("#D6EAF8"), NECESSARY: QColor("#FCEBC7"),
        WASTE: QColor("#F8D9C6")}
TEXT = QColor("#1d2939")
MUTED = QColor("#475467")
BOTTLENECK = QColor("#111111")
SELECTED = QColor("#7A3EB1")
FLOW = QColor("#475467")


def fill_brush(value: str) -> QBrush:
    return QBrush(FILL.get(value, QColor("#eeeeee")))


def hatch_brush(value: str) -> QBrush | None:
    """Waste steps carry a diagonal hatch on top of their fill (a second cue besides colour)."""
    if value != WASTE:
        return None
    brush = QBrush(QColor(213, 94, 0, 70), Qt.BrushStyle.BDiagPattern)
    return brush


def edge_pen(value: str, *, bottleneck: bool, selected: bool) -> QPen:
    if selected:
        return QPen(SELECTED, 3.5, Qt.PenStyle.SolidLine)
    if bottleneck:
        return QPen(BOTTLENECK, 4.0, Qt.PenStyle.SolidLine)
    return QPen(EDGE.get(value, MUTED), 2.0)


def unit_short(unit: str) -> str:
    return {"second": "s", "minute": "min", "hour": "h", "day": "d"}.get(unit, unit)


def number(x: float) -> str:
    """Plain decimals, never exponents: 3, 2.5, 0.125."""
    if abs(x - round(x)) < 1e-9:
        return f"{round(x):d}"
    return f"{x:.2f}".rstrip("0").rstrip(".") if abs(x) >= 0.01 else f"{x:.4f}".rstrip("0")
