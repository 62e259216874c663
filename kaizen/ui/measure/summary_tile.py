""":class:`SummaryTile`: one figure of the savings ledger's summary (a caption, a value, and its
detail as a tip)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtWidgets import (
    QLabel,
)

from kaizen.ui.measure.style import polish

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)

class SummaryTile:
    """One figure of the ledger's summary: a caption and a value (with its detail as a tip)."""

    def __init__(self, caption: str, tip: str) -> None:
        self.tip = tip
        self.caption_label = QLabel(caption)
        self.caption_label.setObjectName("TileCaption")
        self.caption_label.setToolTip(tip)
        self.value_label = QLabel("—")
        self.value_label.setObjectName("TileValue")
        self.value_label.setTextFormat(Qt.TextFormat.PlainText)
        self.value_label.setToolTip(tip)
        self.detail = ""

    def set_value(self, value: str, detail: str = "", tone: str = "") -> None:
        self.value_label.setText(value)
        self.detail = detail
        tip = f"{detail[0].upper()}{detail[1:]}.\n{self.tip}" if detail else self.tip
        self.value_label.setToolTip(tip)
        polish(self.value_label, "tone", tone)
