"""One message line with an action button beside it, for the process map screens.

The map editor, the KPI tab and the process maps page each say what happened on one line of
text (green or plain when it went well, red when refused). Their saves go through a
:class:`~kaizen.ui.form_op.FormSaver`, which wants a message line that can carry a button
(Retry when the server is away, Reload when someone saved first): :meth:`MessageLine.refusal` is
that :data:`~kaizen.ui.form_op.MessageFn`. Any later message takes the button away, so a stale
Retry never runs an old save.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

ERROR_STYLE = "color: #B42318;"


class MessageLine(QWidget):
    """``label`` holds the text, ``action_button`` the Retry or Reload (hidden when none)."""

    def __init__(self, *, ok_style: str = "", hide_empty: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ok_style = ok_style
        self.hide_empty = hide_empty
        self.label = QLabel("")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.action_button = QPushButton()
        self.action_button.setObjectName("MessageLineAction")
        self.action_button.setAutoDefault(False)
        self.action_button.hide()
        self.action_button.clicked.connect(self._on_action)
        self._action: Callable[[], None] | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignTop)
        if hide_empty:
            self.hide()

    def say(self, text: str, *, error: bool = False) -> None:
        """Show ``text`` (red when ``error``) with no button."""
        self._action = None
        self.action_button.hide()
        self.label.setStyleSheet(ERROR_STYLE if error else self.ok_style)
        self.label.setText(text)
        if self.hide_empty:
            self.setVisible(bool(text))

    def refusal(self, text: str, action: Callable[[], None] | None, action_text: str) -> None:
        """A refusal in red, with ``action`` on a button labelled ``action_text`` when given."""
        self.say(text, error=True)
        if action is not None:
            self._action = action
            self.action_button.setText(action_text)
            self.action_button.show()
            self.action_button.setFocus()

    def _on_action(self) -> None:
        action = self._action
        self.say("")
        if action is not None:
            action()


__all__ = ["MessageLine"]
