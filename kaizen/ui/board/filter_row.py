"""The board's filter row pieces (kaizen.ui.views.pdca_board): its count line, which gives way
whole parts when the row is full, and the area and owner combos refilled keeping their choice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QComboBox, QSizePolicy, QWidget

from kaizen.ui.views.list_filters import CountLine

if TYPE_CHECKING:
    from collections.abc import Sequence


def refill(combo: QComboBox, everything: str, items: list[tuple[str, int, str]],
            chosen: int | None = None) -> None:
    """Replace a filter combo's choices, keeping the chosen id (or selecting ``chosen``) when it
    is there."""
    if chosen is None:
        chosen = combo.currentData()
    icon = combo.itemIcon(0)
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(icon, everything, None)
    for text, item_id, tip in items:
        combo.addItem(text, item_id)
        combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
    found = combo.findData(chosen) if chosen is not None else 0
    combo.setCurrentIndex(max(found, 0))
    combo.blockSignals(False)


class BoardSummary(CountLine):
    """The board's counts ("5 open · 1 overdue · 0 done"): the whole line when the filter row
    has room for it; when it has not (German words at 1280 px), the parts after the first give
    way whole ("31 offen · 12 überfällig · …"), never a part cut. The tooltip explains them all."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("BoardSummary")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def set_parts(self, parts: Sequence[str]) -> None:
        super().set_parts(parts)
        self.updateGeometry()  # a new preferred width: the whole line

    def _width(self, text: str) -> int:
        margins = self.contentsMargins()
        return self.fontMetrics().horizontalAdvance(text) + margins.left() + margins.right() + 2

    def sizeHint(self) -> QSize:
        return QSize(self._width(self.full_text()), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        first = self._parts[:1] + (["…"] if len(self._parts) > 1 else [])
        return QSize(self._width(self.SEPARATOR.join(first)), super().minimumSizeHint().height())
