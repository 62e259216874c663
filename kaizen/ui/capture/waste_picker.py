"""Choosing the one waste seen with the keyboard or the mouse: :class:`WastePicker`, the seven
wastes as large buttons (icon, label, the one-line help text and the key that picks it); exactly
one is chosen. The observation form uses it.

A :class:`~kaizen.ui.widgets.keyed_buttons.KeyedButtons` like the chips that pick several wastes
(:class:`~kaizen.ui.widgets.wastes.WasteChips`, whose module also holds the icons): one Tab
stop, digits pick.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.enums import WasteCategory
from kaizen.i18n import translate
from kaizen.ui import resources
from kaizen.ui.widgets.keyed_buttons import KeyedButtons
from kaizen.ui.widgets.wastes import WASTE_ICONS, WASTES

__all__ = ["WASTES", "WASTE_ICONS", "WasteButton", "WastePicker"]


_BUTTON_MARGINS = (12, 10, 10, 10)
_BUTTON_SPACING = 4



# The title's size in the style sheet (keyed_buttons.py), the smallest it is written in, and the
# width of the key badge ("7") beside it.
_TITLE_POINTS = 10.5
_SMALLEST_TITLE_POINTS = 8.0
_KEY_ROOM = 26


class WasteButton(QPushButton):
    """A large waste button: icon, bold label and key number on top, the help text below."""

    def __init__(self, category: WasteCategory, number: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category = category
        self.setObjectName("WasteButton")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(translate("ui.capture.waste_picker", "{label}: {help} (key {number})")
                        .format(label=category.label, help=category.help_text, number=number))
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

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_title()

    def _fit_title(self) -> None:
        """A long waste name ("Überbearbeitung", "Sobreprocesamiento") is written a little
        smaller rather than cut: the room beside the icon and the key is what it is."""
        label = self.title_label
        room = (self.width() - _BUTTON_MARGINS[0] - _BUTTON_MARGINS[2] - 24 - 2 * 8
                - _KEY_ROOM)
        font = QFont(label.font())
        size = _TITLE_POINTS
        font.setPointSizeF(size)
        while size > _SMALLEST_TITLE_POINTS and QFontMetrics(font).horizontalAdvance(
                label.text()) > room:
            size -= 0.5
            font.setPointSizeF(size)
        label.setStyleSheet("" if size == _TITLE_POINTS else f"font-size: {size}pt;")

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
        self.setAccessibleName(translate("ui.capture.waste_picker", "Waste"))
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
