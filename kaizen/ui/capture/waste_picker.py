"""Choosing wastes with the keyboard or the mouse: big buttons for one waste, chips for several.

:class:`KeyedButtons` is a row or grid of checkable buttons that is a single Tab stop: digits pick
a button by its number, the arrow keys move, Space toggles; the button under the keyboard is
outlined while the group has focus. A form with seven wastes and two 1-to-5 scales would
otherwise need a dozen Tab presses to get past them.

- :class:`WastePicker`: the seven wastes as large buttons (icon, label, the one-line help text
  and the key that picks it); exactly one is chosen. The observation form uses it.
- :class:`WasteChips`: the seven wastes as small toggles with the help text as tooltip; any number
  may be on. The idea form uses it for "the wastes it attacks".

Labels and help texts come from :class:`~kaizen.domain.enums.WasteCategory`; only the icons are
chosen here (:data:`WASTE_ICONS`, for any view that shows a waste).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.enums import WasteCategory
from kaizen.ui import resources

WASTE_ICONS: dict[WasteCategory, str] = {
    WasteCategory.TRANSPORT: "mdi6.forklift",
    WasteCategory.INVENTORY: "mdi6.package-variant-closed",
    WasteCategory.MOTION: "mdi6.walk",
    WasteCategory.WAITING: "mdi6.timer-sand",
    WasteCategory.OVERPRODUCTION: "mdi6.layers-triple-outline",
    WasteCategory.OVER_PROCESSING: "mdi6.cog-refresh-outline",
    WasteCategory.DEFECTS: "mdi6.alert-octagon-outline",
}
WASTES: tuple[WasteCategory, ...] = tuple(WasteCategory)

_BUTTON_MARGINS = (12, 10, 10, 10)
_BUTTON_SPACING = 4
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


class WasteButton(QPushButton):
    """A large waste button: icon, bold label and key number on top, the help text below."""

    def __init__(self, category: WasteCategory, number: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category = category
        self.setObjectName("WasteButton")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"{category.label}: {category.help_text} (key {number})")
        self.setAccessibleName(category.label)
        self.setAccessibleDescription(category.help_text)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

        self.icon_label = QLabel()
        self._icon_name = WASTE_ICONS[category]
        self.title_label = QLabel(category.label)
        self.title_label.setObjectName("WasteTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        key = QLabel(str(number))
        key.setObjectName("WasteKey")
        key.setTextFormat(Qt.TextFormat.PlainText)
        self.help_label = QLabel(category.help_text)
        self.help_label.setObjectName("WasteHelp")
        self.help_label.setTextFormat(Qt.TextFormat.PlainText)
        self.help_label.setWordWrap(True)
        self.help_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        for label in (self.icon_label, self.title_label, key, self.help_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.icon_label)
        top.addWidget(self.title_label, 1)
        top.addWidget(key, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout(self)
        column.setContentsMargins(*_BUTTON_MARGINS)
        column.setSpacing(_BUTTON_SPACING)
        column.addLayout(top)
        column.addWidget(self.help_label, 1)
        self.toggled.connect(self._paint_icon)
        self._paint_icon(False)

    def _paint_icon(self, checked: bool) -> None:
        colour = resources.ACCENT if checked else resources.MUTED
        self.icon_label.setPixmap(resources.icon(self._icon_name, colour).pixmap(QSize(24, 24)))

    def height_for(self, width: int) -> int:
        """The height that shows the whole help text when the button is ``width`` wide."""
        self.ensurePolished()
        self.help_label.ensurePolished()
        self.title_label.ensurePolished()
        inner = max(40, width - _BUTTON_MARGINS[0] - _BUTTON_MARGINS[2])
        text = self.help_label.fontMetrics().boundingRect(
            QRect(0, 0, inner, 10_000), int(Qt.TextFlag.TextWordWrap), self.help_label.text()
        )
        top = max(24, self.title_label.sizeHint().height())
        return _BUTTON_MARGINS[1] + top + _BUTTON_SPACING + text.height() + _BUTTON_MARGINS[3]

    def sizeHint(self) -> QSize:
        # QPushButton sizes itself from its own text; this one is made of child labels, and its
        # height is set by the picker from the width it gets (see WastePicker.fit_height).
        return QSize(200, self.height_for(200))

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.height())


class WastePicker(KeyedButtons):
    """Exactly one of the seven wastes, from large buttons; keys 1–7 pick one."""

    categoryChanged = Signal(object)  # WasteCategory | None

    def __init__(self, columns: int = 4, parent: QWidget | None = None) -> None:
        super().__init__(exclusive=True, columns=columns, parent=parent)
        self.setObjectName("WastePicker")
        self.setAccessibleName("Waste")
        self.setToolTip("")
        for number, category in enumerate(WASTES, start=1):
            self.add_button(WasteButton(category, number))
        # Equal columns, whatever the length of each label.
        for column in range(columns):
            self.grid.setColumnStretch(column, 1)
        self.changed.connect(self._emit_category)
        self._fitted_width = -1

    def fit_height(self, width: int) -> None:
        """Give every button the height its help text needs at ``width`` for the whole picker.

        Set as fixed heights rather than through height-for-width, which a dialog's own size
        does not follow: the wrapped help text would be cut off."""
        if width == self._fitted_width or width <= 0:
            return
        self._fitted_width = width
        spacing = self.grid.horizontalSpacing()
        column = (width - spacing * (self.columns - 1)) // self.columns
        height = max(b.height_for(column) for b in self.buttons if isinstance(b, WasteButton))
        for button in self.buttons:
            button.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_height(event.size().width())

    def category(self) -> WasteCategory | None:
        checked = self.checked_indexes()
        return WASTES[checked[0]] if checked else None

    def set_category(self, category: WasteCategory | None) -> None:
        self.set_checked_indexes([] if category is None else [WASTES.index(category)])

    def _emit_category(self) -> None:
        self.categoryChanged.emit(self.category())


class WasteChips(KeyedButtons):
    """Any of the seven wastes as toggles; digits 1–7 or Space toggle, arrows move."""

    def __init__(self, columns: int = 4, parent: QWidget | None = None) -> None:
        super().__init__(exclusive=False, columns=columns, parent=parent)
        self.setObjectName("WasteChips")
        self.setAccessibleName("Wastes it attacks")
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(6)
        for number, category in enumerate(WASTES, start=1):
            chip = QPushButton(resources.icon(WASTE_ICONS[category]), category.label)
            chip.setObjectName("WasteChip")
            chip.setIconSize(QSize(16, 16))
            chip.setCursor(Qt.CursorShape.PointingHandCursor)
            chip.setToolTip(f"{category.help_text} (key {number})")
            chip.setAccessibleName(category.label)
            chip.setAccessibleDescription(category.help_text)
            self.add_button(chip)
        for column in range(columns):
            self.grid.setColumnStretch(column, 1)

    def selected(self) -> list[WasteCategory]:
        return [WASTES[i] for i in self.checked_indexes()]

    def set_selected(self, categories: Sequence[WasteCategory]) -> None:
        self.set_checked_indexes([WASTES.index(c) for c in categories])
