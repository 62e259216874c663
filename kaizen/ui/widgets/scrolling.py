"""A tab's body in a scroll area that only scrolls down (the detail dialogs' long forms)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

# Room left on the screen for the window's title bar and frame.
_FRAME_ROOM = QSize(16, 48)


def fitting(size: QSize, near: QWidget | None = None) -> QSize:
    """``size``, shrunk to fit the screen ``near`` is on (a 1280x720 screen is 720 tall with
    the title bar and the task bar inside)."""
    screen = near.screen() if near is not None else QGuiApplication.primaryScreen()
    if screen is None:
        return size
    room = screen.availableGeometry().size() - _FRAME_ROOM
    return size.boundedTo(room)


def with_footer(area: QScrollArea, footer: QWidget) -> QWidget:
    """The scrolling body with ``footer`` (a tab's Save row) fixed below it, so the button is
    on screen however long the form (issue 16: "Save plan" below the fold at 1280x720)."""
    page = QWidget()
    page.setObjectName("TabPage")
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    column.addWidget(area, 1)
    footer.setObjectName("TabFooter")
    footer.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    column.addWidget(footer)
    return page


def scrolling(body: QWidget) -> QScrollArea:
    body.setObjectName("TabBody")
    area = QScrollArea()
    area.setObjectName("TabScroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(body)
    # Not a Tab stop of its own (it was one after the dialog's last button): Tab goes to the
    # fields inside, and the area scrolls to the one focused.
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area
