"""Small pieces shared by the measurement widgets and the dashboard: an eliding label, number and
money formats, and the "pick who is working first" wording.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from kaizen.domain import numbers
from kaizen.domain.months import MONTHS as MONTHS
from kaizen.domain.months import month_label as month_label
from kaizen.domain.numbers import format_money as format_money
from kaizen.domain.numbers import format_number
from kaizen.i18n import QT_TRANSLATE_NOOP

# Marked only: the code that shows it translates it (context "ui.measure.common").
PICK_PERSON = QT_TRANSLATE_NOOP("ui.measure.common", "Pick who is working first")


def fit_height(window: QWidget) -> None:
    """Make ``window`` (a dialog) at least as tall as its wrapped texts need at its width.

    A top-level window's minimum size ignores height-for-width, so a dialog whose hints wrap
    (longer in German) was squeezed and its rows overlapped; the layout knows the height the
    wrapped rows need at the current width, and that becomes the minimum. Call it from
    ``showEvent`` and ``resizeEvent``.
    """
    layout = window.layout()
    if layout is None or not layout.hasHeightForWidth():
        return
    needed = layout.totalHeightForWidth(window.width())
    if needed > 0 and needed != window.minimumHeight():
        window.setMinimumHeight(needed)


class ElidedLabel(QLabel):
    """A one-line plain-text label that ends in "…" when it does not fit."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(24)

    def minimumSizeHint(self) -> QSize:
        return QSize(24, super().minimumSizeHint().height())

    def paintEvent(self, event: Any) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             rect.width())
        self.style().drawItemText(painter, rect, int(self.alignment()), self.palette(),
                                  self.isEnabled(), text, self.foregroundRole())


def format_measure(value: float | None) -> str:
    """A measured value as the charts of :mod:`kaizen.charts` write it, so the panel and the
    chart agree; "—" for none."""
    return "—" if value is None else numbers.format_measure(value)


def format_stat(value: float | None) -> str:
    """A mean, median or standard deviation: three significant digits at least (10.45, 24.40,
    0.0123), so that two phases' summaries can be told apart."""
    if value is None:
        return "—"
    size = abs(value)
    if size >= 1000:
        decimals = 0
    elif size >= 100:
        decimals = 1
    elif size >= 1 or size == 0:
        decimals = 2
    else:
        decimals = min(6, 2 - math.floor(math.log10(size)))
    return format_number(value, decimals)


def format_sample(value: float) -> str:
    """A sample as it was typed: up to four decimals, without trailing zeros (12.5, 13; in
    German 12,5: the decimal mark is the language's, so it is found, not assumed)."""
    text = format_number(value, 4)
    mark = format_number(0.5, 1)[1]  # "." in English, "," in German and Spanish
    return text.rstrip("0").rstrip(mark) if mark in text else text


def compact_number(amount: float) -> str:
    """12,345 → "12.3k", 330,356 → "330k", 1,234,567 → "1.23M": big numbers in small cards.
    Rounded as :func:`~kaizen.domain.numbers.format_number` rounds (halves up), so a card and
    the report agree: 2,350.5 → "2,351"."""
    size = abs(amount)
    sign = "−" if amount < 0 else ""
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if size >= limit * 10 or (suffix != "k" and size >= limit):
            scaled = size / limit
            digits = 0 if scaled >= 100 else 1 if scaled >= 10 else 2
            return f"{sign}{format_number(scaled, digits)}{suffix}"
    return f"{sign}{format_number(size)}"


def compact_money(amount: float, currency: str) -> str:
    return f"{compact_number(amount)} {currency}"
