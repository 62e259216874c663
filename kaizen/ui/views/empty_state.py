"""A centred empty state: a big muted icon, a title, one line of explanation, maybe a button.

Used wherever a list or a page has nothing to show yet, so an empty screen always says what it
is for and what to do next.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kaizen.ui import resources

ICON_SIZE = 72
TEXT_WIDTH = 480


class EmptyState(QWidget):
    """Centred icon, title and explanation; ``actionTriggered`` fires when the button is clicked."""

    actionTriggered = Signal()

    def __init__(self, icon_name: str, title: str, text: str, *, action_text: str | None = None,
                 action_icon: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EmptyState")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.icon_label = QLabel()
        self.icon_label.setObjectName("EmptyIcon")
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.icon_label.setPixmap(
            resources.icon(icon_name, resources.FAINT).pixmap(QSize(ICON_SIZE, ICON_SIZE))
        )

        self.title_label = QLabel(title)
        self.title_label.setObjectName("EmptyTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title_label.setWordWrap(True)

        self.text_label = QLabel(text)
        self.text_label.setObjectName("EmptyText")
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text_label.setWordWrap(True)

        # A fixed-width column keeps wrapped lines short and stops the labels collapsing.
        body = QWidget()
        body.setObjectName("EmptyBody")
        body.setFixedWidth(TEXT_WIDTH)
        body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        column.addWidget(self.icon_label)
        column.addSpacing(4)
        column.addWidget(self.title_label)
        column.addWidget(self.text_label)

        self.action_button: QPushButton | None = None
        if action_text:
            button = QPushButton(action_text)
            button.setObjectName("PrimaryButton")
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            if action_icon:
                button.setIcon(resources.icon(action_icon, "#ffffff"))
            button.clicked.connect(self.actionTriggered)
            column.addSpacing(8)
            column.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
            self.action_button = button

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(2)
        outer.addWidget(body, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(3)

    def set_text(self, title: str, text: str) -> None:
        self.title_label.setText(title)
        self.text_label.setText(text)
        self._fit_height()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        self._fit_height()
        super().showEvent(event)

    def _fit_height(self) -> None:
        """The wrapped lines' full height, in the style sheet's font (issue 16: the last line's
        foot was cut by a few pixels)."""
        for label in (self.title_label, self.text_label):
            label.ensurePolished()
            label.setMinimumHeight(label.heightForWidth(TEXT_WIDTH))
