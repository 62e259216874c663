"""A non-modal message bar: an icon, the message (plain text, wrapped) and a close button.

Shown above the board (and inside the detail panel) to say why a move or a save was refused,
or that something happened; it never blocks the window. Information closes itself after a few
seconds; errors stay until closed (Esc or the button) or replaced.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QWidget,
)

from kaizen.i18n import translate
from kaizen.ui import resources

INFO_MS = 6000

# The bar's look travels with it (the board, the lists, the admin pages and the dialogs show it).
STYLE = """
QFrame#MessageBar { border-radius: 10px; }
QFrame#MessageBar[kind="error"] { background: #fef3f2; border: 1px solid #fecdca; }
QFrame#MessageBar[kind="warning"] { background: #fffaeb; border: 1px solid #fedf89; }
QFrame#MessageBar[kind="info"] { background: #f0f8f7; border: 1px solid #b7dcd7; }
QLabel#MessageText { color: #344054; }
QToolButton#MessageClose { border: none; background: transparent; padding: 2px; }
"""

_KINDS = {
    "error": ("mdi6.alert-circle-outline", "#b42318"),
    "warning": ("mdi6.alert-outline", resources.WARNING),
    "info": ("mdi6.information-outline", resources.ACCENT),
}


class MessageBar(QFrame):
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MessageBar")
        self.setProperty("kind", "info")
        self.setStyleSheet(STYLE)
        self.icon_label = QLabel()
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text_label = QLabel("")
        self.text_label.setObjectName("MessageText")
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton()
        self.close_button.setObjectName("MessageClose")
        self.close_button.setIcon(resources.icon("mdi6.close", resources.MUTED))
        self.close_button.setToolTip(translate("ui.widgets.message_bar",
                                               "Close this message (Esc)"))
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 10, 8, 10)
        row.setSpacing(10)
        row.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text_label, 1)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        self.kind = "info"
        self.setVisible(False)

    @property
    def text(self) -> str:
        return self.text_label.text()

    def show_message(self, text: str, kind: str = "error") -> None:
        icon_name, colour = _KINDS.get(kind, _KINDS["info"])
        self.kind = kind
        self.icon_label.setPixmap(resources.icon(icon_name, colour).pixmap(QSize(20, 20)))
        self.text_label.setText(text)
        self.setProperty("kind", kind)
        # Re-polish so the [kind=...] style rules apply to the new value.
        self.style().unpolish(self)
        self.style().polish(self)
        self.setVisible(True)
        if kind == "info":
            self._timer.start(INFO_MS)
        else:
            self._timer.stop()

    def refused(self, refusal: str | None) -> bool:
        """Say why an action is refused (a warning) and return True; None (allowed) shows
        nothing and returns False. The views check their action's refusal through this."""
        if refusal is None:
            return False
        self.show_message(refusal, kind="warning")
        return True

    def dismiss(self) -> None:
        self._timer.stop()
        if not self.isHidden():
            self.setVisible(False)
            self.closed.emit()


class ActionMessageBar(MessageBar):
    """A message bar with one optional action button (Retry, Reload, Open idea)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.action_button = QPushButton()
        self.action_button.setAutoDefault(False)
        self.action_button.hide()
        self.action_button.clicked.connect(self._on_action)
        row = self.layout()
        # Between the text and the close button.
        row.insertWidget(2, self.action_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._action: Callable[[], None] | None = None

    def show_message(self, text: str, kind: str = "error", *, action_text: str = "",
                     action: Callable[[], None] | None = None) -> None:
        self._action = action
        self.action_button.setText(action_text)
        self.action_button.setVisible(bool(action_text and action))
        super().show_message(text, kind)
        if action is not None:
            # A message with something to do stays until it is done or closed.
            self._timer.stop()

    def _on_action(self) -> None:
        action = self._action
        self.dismiss()
        if action is not None:
            action()
