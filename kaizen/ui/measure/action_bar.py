"""A row of leading widgets and action buttons that moves the buttons it has no room for into a
"More" menu, instead of squeezing them until their text is cut (issue 16: "Propose savings.."
at 1280 px, longer still in German).

The buttons stay the real actions (tests and shortcuts click them): an overflowed button is
only hidden, and its menu entry, built each time the menu opens, copies its text, icon, enabled
state and tooltip (the reason it is disabled) and clicks it.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from kaizen.i18n import translate
from kaizen.ui import resources

SPACING = 8


class ActionBar(QWidget):
    """``leading`` widgets on the left (the first one stretches), ``actions`` on the right in
    order of importance: the last ones go into the More menu first."""

    def __init__(self, leading: list[QWidget], actions: list[QPushButton],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.leading = leading
        self.actions_shown = actions
        self.more_button = QToolButton()
        self.more_button.setObjectName("MoreActions")
        self.more_button.setIcon(resources.icon("mdi6.dots-horizontal"))
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setIconSize(QSize(18, 18))
        tip = translate("ui.measure.action_bar", "More actions")
        self.more_button.setToolTip(tip)
        self.more_button.setAccessibleName(tip)
        self.menu = QMenu(self.more_button)
        self.menu.setToolTipsVisible(True)
        self.menu.aboutToShow.connect(self._fill_menu)
        self.more_button.setMenu(self.menu)
        self.more_button.hide()

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(SPACING)
        for index, widget in enumerate(leading):
            row.addWidget(widget, 1 if index == 0 else 0)
        row.addStretch(0)
        for button in actions:
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            row.addWidget(button)
        row.addWidget(self.more_button)

    def overflowed(self) -> list[QPushButton]:
        """The buttons in the More menu now."""
        return [b for b in self.actions_shown if b.isHidden()]

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.fit(event.size().width())

    def fit(self, width: int | None = None) -> None:
        """Show as many buttons as fit beside the leading widgets at their least width."""
        width = self.width() if width is None else width
        used = sum(max(w.minimumSizeHint().width(), w.minimumWidth()) for w in self.leading
                   if not w.isHidden())
        used += SPACING * max(0, len(self.leading) - 1)
        more = self.more_button.sizeHint().width() + SPACING
        wanted = [b.sizeHint().width() + SPACING for b in self.actions_shown]
        shown = len(wanted)
        while shown and used + sum(wanted[:shown]) + (more if shown < len(wanted) else 0) > width:
            shown -= 1
        for index, button in enumerate(self.actions_shown):
            button.setHidden(index >= shown)
        self.more_button.setHidden(shown == len(wanted))

    def _fill_menu(self) -> None:
        self.menu.clear()
        for button in self.overflowed():
            action = QAction(button.icon(), button.text(), self.menu)
            action.setEnabled(button.isEnabled())
            action.setToolTip(button.toolTip())
            action.triggered.connect(button.click)
            self.menu.addAction(action)
