"""How the map looks: colours by value type that colour-blind readers can tell apart.

The palette is Okabe and Ito's ("Color Universal Design", 2008): blue, orange and vermillion
stay distinct under the common colour-vision deficiencies. Colour never works alone: each step
also prints its value type in words, and waste steps are hatched.

The words a map shows (value types, waste categories, distributions, units, idea statuses) are
here too, as functions: they are looked up in the language of the work when shown; the stored
values (``value_adding``, ``over_processing``, ``minute``) never change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPen

from kaizen.domain.numbers import format_number
from kaizen.domain.process_model import NECESSARY, VALUE_ADDING, WASTE
from kaizen.i18n import SOURCE_LANGUAGE, current_language, translate

STEP_W, STEP_H = 190.0, 100.0
NODE_W, NODE_H = 84.0, 44.0

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


def value_label(value: str) -> str:
    """A value type in words: "Value-adding", "Necessary (non-value-adding)", "Waste"."""
    return {VALUE_ADDING: translate("ui.process_map.style", "Value-adding"),
            NECESSARY: translate("ui.process_map.style", "Necessary (non-value-adding)"),
            WASTE: translate("ui.process_map.style", "Waste")}.get(value, "")


def value_short(value: str) -> str:
    """The value type as the step box's small capitals."""
    return {VALUE_ADDING: translate("ui.process_map.style", "VALUE-ADDING"),
            NECESSARY: translate("ui.process_map.style", "NECESSARY"),
            WASTE: translate("ui.process_map.style", "WASTE")}.get(value, value)


def waste_word(category: str) -> str:
    """A waste category (its stored value) as a map writes it: "over-processing"."""
    return {"transport": translate("ui.process_map.style", "transport"),
            "inventory": translate("ui.process_map.style", "inventory"),
            "motion": translate("ui.process_map.style", "motion"),
            "waiting": translate("ui.process_map.style", "waiting"),
            "overproduction": translate("ui.process_map.style", "overproduction"),
            "over_processing": translate("ui.process_map.style", "over-processing"),
            "defects": translate("ui.process_map.style", "defects"),
            }.get(category, category.replace("_", "-"))


def distribution_word(name: str) -> str:
    """A duration distribution (the document's keyword) in words."""
    return {"fixed": translate("ui.process_map.style", "fixed"),
            "exponential": translate("ui.process_map.style", "exponential"),
            "normal": translate("ui.process_map.style", "normal"),
            "lognormal": translate("ui.process_map.style", "lognormal"),
            "triangular": translate("ui.process_map.style", "triangular"),
            "empirical": translate("ui.process_map.style", "empirical")}.get(name, name)


def status_word(status: str) -> str:
    """An idea's status (its stored value) as the step's links list writes it."""
    return {"submitted": translate("ui.process_map.style", "submitted"),
            "under_review": translate("ui.process_map.style", "under_review"),
            "accepted": translate("ui.process_map.style", "accepted"),
            "rejected": translate("ui.process_map.style", "rejected"),
            "standardised": translate("ui.process_map.style", "standardised"),
            "abandoned": translate("ui.process_map.style", "abandoned")}.get(status, status)


def unit_short(unit: str) -> str:
    return {"second": translate("ui.process_map.style", "s"),
            "minute": translate("ui.process_map.style", "min"),
            "hour": translate("ui.process_map.style", "h"),
            "day": translate("ui.process_map.style", "d")}.get(unit, unit)


def number(x: float) -> str:
    """Plain decimals, never exponents: 3, 2.5, 0.125."""
    if abs(x - round(x)) < 1e-9:
        return f"{round(x):d}"
    return f"{x:.2f}".rstrip("0").rstrip(".") if abs(x) >= 0.01 else f"{x:.4f}".rstrip("0")


def shown(x: float) -> str:
    """A figure drawn on the map: :func:`number`'s decimals in the language's way of writing
    them ("2,5" in German); editors keep :func:`number`, which their parser reads back."""
    text = number(x)
    if current_language() == SOURCE_LANGUAGE:
        return text
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return format_number(x, decimals)
