"""Choices made with the keyboard or the mouse, as checkable buttons behind one Tab stop.

:class:`KeyedButtons` is a row or grid of checkable buttons that is a single Tab stop: digits pick
a button by its number, the arrow keys move, Space toggles; the button under the keyboard is
outlined while the group has focus. A form with seven wastes and two 1-to-5 scales would
otherwise need a dozen Tab presses to get past them.

:class:`ScaleSelector` is the one editor of a 1-to-5 value (impact, effort), in the capture form
and the idea's detail dialog alike; the wastes' pickers are in ``kaizen.ui.capture.waste_picker``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QPushButton, QWidget

from kaizen.i18n import translate

DEFAULT_SCALE = 3
_DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}

_STYLE = """
KeyedButtons { background: transparent; border: none; }
QPushButton#WasteButton {
    background: #ffffff; border: 1px solid #d0d5dd; border-radius: 12px; padding: 0px;
    text-align: left;
}
QPushButton#WasteButton:hover { background: #f6fbfa; border-color: #98a2b3; }
QPushButton#WasteButton:checked { background: #e6f3f1; border: 1px solid #0f766e; }
QPushButton#WasteButton[current="true"] { border: 2px solid #0f766e; }
QLabel#WasteTitle { font-weight: 600; font-size: 10.5pt; color: #101828; }
QLabel#WasteHelp { color: #667085; font-size: 9pt; }
QLabel#WasteKey {
    color: #667085; background: #f2f4f7; border-radius: 4px; padding: 0px 5px; font-size: 8.5pt;
}
QPushButton#WasteChip, QPushButton#ScaleSegment {
    background: #ffffff; border: 1px solid #d0d5dd; border-radius: 14px; padding: 4px 12px;
    min-height: 18px;
}
QPushButton#ScaleSegment { border-radius: 8px; padding: 4px 0px; min-width: 34px; }
QPushButton#WasteChip:hover, QPushButton#ScaleSegment:hover {
    background: #f6fbfa; border-color: #98a2b3;
}
QPushButton#WasteChip:checked, QPushButton#ScaleSegment:checked {
    background: #d5ece9; border-color: #0f766e; color: #0b5d56;
}
QPushButton#WasteChip[current="true"], QPushButton#ScaleSegment[current="true"] {
    border: 2px solid #0f766e;
}
"""


class KeyedButtons(QFrame):
    """Checkable buttons behind one focus stop. ``changed`` fires when what is checked changes.

    Keys while the group has focus: 1…n check (exclusive) or toggle (multi) button n; Left/Right
    (and Up/Down, a row at a time) move; Space checks or toggles the outlined button; Home/End.
    In exclusive mode moving also checks, as with radio buttons.
    """

    changed = Signal()

    def __init__(self, *, exclusive: bool, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet(_STYLE)
        self.exclusive = exclusive
        self.columns = columns
        self.buttons: list[QPushButton] = []
        self._current = 0
        self._read_only = False
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(8)

    # -- building -----------------------------------------------------------------------------
    def add_button(self, button: QPushButton) -> None:
        index = len(self.buttons)
        button.setCheckable(True)
        # One Tab stop for the whole group; the keys move between buttons.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAutoDefault(False)
        button.clicked.connect(self._on_clicked)
        self.buttons.append(button)
        self.grid.addWidget(button, index // self.columns, index % self.columns)

    def set_read_only(self, read_only: bool) -> None:
        """Show the choice without letting it change (buttons greyed, keys ignored)."""
        self._read_only = read_only
        for button in self.buttons:
            button.setEnabled(not read_only)

    # -- state ---------------------------------------------------------------------------------
    def checked_indexes(self) -> list[int]:
        return [i for i, b in enumerate(self.buttons) if b.isChecked()]

    def set_checked_indexes(self, indexes: Sequence[int]) -> None:
        wanted = set(indexes)
        if self.exclusive and len(wanted) > 1:
            raise ValueError("Only one button can be checked.")
        before = self.checked_indexes()
        for i, button in enumerate(self.buttons):
            button.setChecked(i in wanted)
        if wanted:
            self._current = min(wanted)
        self._mark_current()
        if self.checked_indexes() != before:
            self.changed.emit()

    @property
    def current_index(self) -> int:
        """The button the keyboard is on (outlined while the group has focus)."""
        return self._current

    # -- keyboard and mouse -----------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        count = len(self.buttons)
        if key in _DIGIT_KEYS and mods == Qt.KeyboardModifier.NoModifier:
            number = _DIGIT_KEYS[key]
            if 1 <= number <= count:
                self.activate(number - 1)
                event.accept()
                return
        moves = {
            Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: -self.columns, Qt.Key.Key_Down: self.columns,
        }
        if key in moves and mods == Qt.KeyboardModifier.NoModifier and count:
            target = self._current + moves[key]
            if 0 <= target < count:
                self._move_to(target)
            event.accept()
            return
        if key in (Qt.Key.Key_Home, Qt.Key.Key_End) and count:
            self._move_to(0 if key == Qt.Key.Key_Home else count - 1)
            event.accept()
            return
        if key == Qt.Key.Key_Space and count:
            self.activate(self._current)
            event.accept()
            return
        super().keyPressEvent(event)

    def activate(self, index: int) -> None:
        """What a click on button ``index`` does: check it (exclusive) or toggle it (multi)."""
        if self._read_only:
            return
        self._current = index
        if self.exclusive:
            self.set_checked_indexes([index])
        else:
            button = self.buttons[index]
            button.setChecked(not button.isChecked())
            self._mark_current()
            self.changed.emit()

    def _move_to(self, index: int) -> None:
        if self.exclusive:
            self.activate(index)
        else:
            self._current = index
            self._mark_current()

    def _on_clicked(self) -> None:
        button = self.sender()
        if not isinstance(button, QPushButton) or button not in self.buttons:
            return
        index = self.buttons.index(button)
        # The click already toggled the button; undo that and apply the group's own rule.
        button.setChecked(not button.isChecked())
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.activate(index)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        checked = self.checked_indexes()
        if checked and self._current not in checked:
            self._current = checked[0]
        self._mark_current()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._mark_current()

    def _mark_current(self) -> None:
        focused = self.hasFocus()
        for i, button in enumerate(self.buttons):
            value = focused and i == self._current
            if bool(button.property("current")) != value:
                button.setProperty("current", value)
                # A dynamic property only restyles after a re-polish.
                button.style().unpolish(button)
                button.style().polish(button)


class ScaleSelector(KeyedButtons):
    """1 to 5 as a row of segments: one Tab stop, digits 1–5 or Left/Right choose."""

    def __init__(self, name: str, low: str, high: str, parent: QWidget | None = None, *,
                 key: str | None = None) -> None:
        """``name``, ``low`` and ``high`` as shown (the caller translates them); ``key`` names
        the widget ("ImpactScale") whatever the language (default: ``name``)."""
        super().__init__(exclusive=True, columns=5, parent=parent)
        self.setObjectName(f"{key or name}Scale")
        self.setAccessibleName(name)
        self.setToolTip(translate("ui.widgets.keyed_buttons",
                                  "{name}: 1 {low} … 5 {high} (keys 1–5 or arrows)").format(
            name=name, low=low, high=high))
        self.setAccessibleDescription(
            translate("ui.widgets.keyed_buttons", "1 {low} to 5 {high}").format(low=low,
                                                                                high=high))
        self.grid.setHorizontalSpacing(4)
        for value in range(1, 6):
            segment = QPushButton(str(value))
            segment.setObjectName("ScaleSegment")
            segment.setCursor(Qt.CursorShape.PointingHandCursor)
            segment.setAccessibleName(f"{name} {value}")
            segment.setToolTip(f"{name} {value}: 1 {low} … 5 {high}")
            self.add_button(segment)
        self.set_value(DEFAULT_SCALE)

    def value(self) -> int:
        checked = self.checked_indexes()
        return checked[0] + 1 if checked else DEFAULT_SCALE

    def set_value(self, value: int) -> None:
        self.set_checked_indexes([value - 1])
