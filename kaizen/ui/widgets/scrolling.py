"""A tab's body in a scroll area that only scrolls down (the detail dialogs' long forms)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def scrolling(body: QWidget) -> QScrollArea:
    body.setObjectName("TabBody")
    area = QScrollArea()
    area.setObjectName("TabScroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(body)
    return area
