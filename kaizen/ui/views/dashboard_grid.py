"""The dashboard's card grid: five cards across in a wide window, three in a narrow one.

Shared by the dashboard and by the loading skeleton that stands in for it while the database
opens (which must not import the dashboard module: that loads the services and SQLAlchemy).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QGridLayout, QWidget

WIDE_LAYOUT_PX = 900  # below this content width the cards go three across, charts stacked
WIDE_COLUMNS = 5
NARROW_COLUMNS = 3


def columns_for(content_width: int) -> int:
    """How many cards go across at this content width."""
    return WIDE_COLUMNS if content_width >= WIDE_LAYOUT_PX else NARROW_COLUMNS


def place_cards(grid: QGridLayout, cards: Sequence[tuple[QWidget, int]], columns: int) -> None:
    """Lay ``cards`` (each with the columns it spans) out row by row, ``columns`` across."""
    for widget, _span in cards:
        grid.removeWidget(widget)
    row = col = 0
    for widget, span in cards:
        if col + span > columns:
            row, col = row + 1, 0
        grid.addWidget(widget, row, col, 1, span)
        col += span
    for index in range(WIDE_COLUMNS):
        grid.setColumnStretch(index, 1 if index < columns else 0)
