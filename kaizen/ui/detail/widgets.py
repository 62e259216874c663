"""Small pieces the idea and observation detail dialogs share: labels, the status pill, the
money fields, and the dialogs' style rules.

The style extends the PDCA detail panel's (same tabs, text fields and message bar), so every
detail dialog of the app looks alike; the colours are those of resources/style.qss.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from kaizen.domain.enums import SuggestionStatus
from kaizen.domain.months import format_day
from kaizen.domain.numbers import format_money
from kaizen.ui.board.style import DETAIL_STYLE

DASH = "—"

# Status pill colours: background, border, text.
_PILL = {
    SuggestionStatus.SUBMITTED: ("#eff4ff", "#c7d7fe", "#3538cd"),
    SuggestionStatus.UNDER_REVIEW: ("#fffaeb", "#fedf89", "#b54708"),
    SuggestionStatus.ACCEPTED: ("#d5ece9", "#b7dcd7", "#0b5d56"),
    SuggestionStatus.REJECTED: ("#fef3f2", "#fecdca", "#b42318"),
    SuggestionStatus.STANDARDISED: ("#ecfdf3", "#abefc6", "#067647"),
    SuggestionStatus.ABANDONED: ("#f2f4f7", "#e4e7ec", "#475467"),
}

STYLE = DETAIL_STYLE + """
QLabel#StatusPill {
    border-radius: 13px;
    padding: 4px 14px;
    font-weight: 600;
}
QLabel#PdcaLine {
    color: #0b5d56;
    font-weight: 600;
}
QLabel#ReadOnlyNote {
    background: #fffaeb;
    border: 1px solid #fedf89;
    border-radius: 8px;
    color: #93370d;
    padding: 6px 10px;
}
QLabel#ReviewNote {
    background: #f9fafb;
    border: 1px solid #e4e7ec;
    border-radius: 8px;
    color: #344054;
    padding: 6px 10px;
}
QFrame#Section {
    background: #ffffff;
    border: 1px solid #e4e7ec;
    border-radius: 10px;
}
QFrame#CostCard {
    background: #f0f8f7;
    border: 1px solid #b7dcd7;
    border-radius: 10px;
}
QLabel#CostValue {
    font-size: 16pt;
    font-weight: 600;
    color: #0b5d56;
}
QLabel#CostCaption {
    color: #475467;
}
QDoubleSpinBox, QSpinBox, QDateTimeEdit, QLineEdit#NumberEdit, QLineEdit#MoneyEdit {
    background: #ffffff;
    border: 1px solid #d0d5dd;
    border-radius: 8px;
    padding: 5px 8px;
    min-height: 20px;
}
QDoubleSpinBox {
    padding-right: 10px;
}
/* No arrows on number fields (the keyboard's arrows still step). Zero-width buttons rather
   than NoButtons: with NoButtons and a styled border Qt 6 paints no text at all. */
QDoubleSpinBox::up-button, QDoubleSpinBox::down-button {
    width: 0px;
    border: none;
}
QDateTimeEdit::drop-down {
    border: none;
    width: 24px;
}
QDoubleSpinBox:focus, QSpinBox:focus, QDateTimeEdit:focus, QLineEdit#NumberEdit:focus,
QLineEdit#MoneyEdit:focus {
    border: 1px solid #0f766e;
}
QDoubleSpinBox:disabled, QSpinBox:disabled, QDateTimeEdit:disabled, QComboBox:disabled,
QDoubleSpinBox:read-only, QSpinBox:read-only, QLineEdit#NumberEdit:read-only,
QLineEdit#MoneyEdit:read-only {
    background: #f9fafb;
    color: #475467;
}
QTreeView#CommentTree {
    background: #ffffff;
    border: none;
    outline: 0;
}
QListView#PhotoList, QTableView#HistoryTable {
    background: #ffffff;
    border: 1px solid #e4e7ec;
    border-radius: 10px;
    outline: 0;
}
QListView#PhotoList {
    padding: 4px;
}
QScrollBar:horizontal {
    background: transparent;
    height: 10px;
    margin: 2px;
}
QScrollBar::handle:horizontal {
    background: #d0d5dd;
    border-radius: 3px;
    min-width: 24px;
}
QScrollBar::add-line:horizontal, QScrollBar::sub-line:horizontal {
    width: 0px;
}
QLabel#PhotoViewerImage {
    background: #101828;
}
"""


def label(text: str, name: str = "FieldLabel") -> QLabel:
    """A plain-text label (user text is never read as rich text), wrapped, with a style name."""
    widget = QLabel(text)
    widget.setObjectName(name)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setWordWrap(True)
    return widget


class StatusPill(QLabel):
    """The status of an idea as a coloured rounded label."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StatusPill")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status: SuggestionStatus | None = None
        self.hide()

    def set_status(self, status: SuggestionStatus | None, text: str | None = None) -> None:
        if status is None:
            self.status = None
            self.hide()
            return
        if status is not self.status:  # a new style sheet costs a re-polish: only on change
            background, border, colour = _PILL[status]
            self.setStyleSheet(f"background: {background}; border: 1px solid {border}; "
                               f"color: {colour};")
        self.status = status
        self.setText(text or status.label)
        self.show()

    def set_plain(self, text: str) -> None:
        """A pill in the accent colours, for something that is not an idea's status."""
        self.status = None
        self.setStyleSheet("background: #d5ece9; border: 1px solid #b7dcd7; color: #0b5d56;")
        self.setText(text)
        self.setVisible(bool(text))


class TextEdit(QPlainTextEdit):
    """A plain-text box that asks for its minimum height and grows into any room left.

    QPlainTextEdit asks for 192 px; in a scrolling two-column form that request alone makes the
    column scroll when the box could simply be shorter."""

    def sizeHint(self) -> QSize:
        return QSize(240, max(self.minimumHeight(), 60))


def text_edit(placeholder: str, minimum_height: int = 90) -> TextEdit:
    edit = TextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(minimum_height)
    return edit


def show_date(value: date | datetime | None, *, time: bool = False) -> str:
    if value is None:
        return DASH
    return format_day(value, time=time and isinstance(value, datetime))


def in_sentence(label: str) -> str:
    """A label inside a sentence: its first letter small ("Under review" -> "under review";
    German "In Prüfung" -> "in Prüfung", the noun keeps its capital)."""
    return label[:1].lower() + label[1:]


def money(value: float, currency: str) -> str:
    """Cents only below 100 (an estimate of a few euros)."""
    return format_money(value, currency, 0 if abs(value) >= 100 else 2)


def no_default_buttons(widget: QWidget) -> None:
    """Enter belongs to the field that has focus; no button may take it as the default."""
    for button in widget.findChildren(QPushButton):
        button.setAutoDefault(False)
        button.setDefault(False)


class LinkButton(QPushButton):
    """A flat button that looks like a link and elides its text to the room it has (a long
    idea title must not widen the column); the full text is its tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LinkButton")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._full = ""

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = self.width() - self.iconSize().width() - 24
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                                   max(room, 40)))
