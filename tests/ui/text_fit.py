"""Find cut-off text on a shown window (issue 16): labels whose text is wider than their room,
buttons narrower than their text (with their padding), text elided with "…", tab bars whose
tabs do not all fit (scroll arrows), and labels or buttons overlapping a sibling. Used by
tests/ui/test_text_fits.py; each finding names the widget and its text."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QTabBar,
    QToolButton,
    QWidget,
)

from kaizen.ui import worker

SLACK = 1  # pixels: rounding in the font metrics
PUSH_BUTTON_FLOOR = 80  # QCommonStyle: a text button's least width


LAYOUT_PASSES = 5


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__}({widget.objectName() or '-'})"


def _plain(label: QLabel) -> str:
    text = label.text()
    if label.textFormat() == Qt.TextFormat.RichText or (
            label.textFormat() == Qt.TextFormat.AutoText and "<" in text and ">" in text):
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


def _label_cut(label: QLabel) -> str | None:
    text = _plain(label)
    if not text.strip() or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    room = label.contentsRect().width() - 2 * label.margin() - max(label.indent(), 0)
    metrics = label.fontMetrics()
    if label.wordWrap():
        # Wrapped text must fit in the height it is given.
        needed = label.heightForWidth(label.width())
        if needed > label.height() + SLACK:
            return f"needs {needed} px of height, has {label.height()}"
        words = max((metrics.horizontalAdvance(w) for w in text.split()), default=0)
        if words > room + SLACK:
            return f"a word needs {words} px, has {room}"
        return None
    widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
    if widest > room + SLACK:
        return f"needs {widest} px, has {room}"
    return None


def _button_cut(button: QAbstractButton) -> str | None:
    text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    if not text.strip():
        return None
    if isinstance(button, QToolButton) and (
            button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly):
        return None
    needed = button.fontMetrics().horizontalAdvance(text)
    if not button.icon().isNull():
        needed += button.iconSize().width() + 4
    if isinstance(button, QCheckBox | QRadioButton):
        needed += 20  # the box or the circle
    room = button.width() - (8 if isinstance(button, QPushButton | QToolButton) else 0)
    if needed > room + SLACK:
        return f"needs {needed} px, has {room}"
    # A styled push button's padding is in its size hint, not in the 8 px above: one squeezed
    # below its hint clips its text ("Propose savings.." at 1280 px, issue 16). Qt gives a
    # short text's button a width of at least 80 px; that floor is no padding.
    hint = button.sizeHint().width()
    if isinstance(button, QPushButton) and hint > PUSH_BUTTON_FLOOR and (
            button.width() + SLACK < hint):
        return f"needs {hint} px with its padding, has {button.width()}"
    return None


def _tabs_cut(bar: QTabBar) -> str | None:
    """A tab bar whose tabs do not all fit shows scroll arrows (or elides its tabs' text)."""
    arrows = [b for b in bar.findChildren(QToolButton) if b.isVisible()]
    if arrows:
        return (f"its tabs do not all fit ({bar.width()} px): scroll arrows shown, tabs "
                f"{[bar.tabText(i) for i in range(bar.count())]}")
    return None


def _elided(widget: QWidget) -> str | None:
    text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
    # An ellipsis inside a word is text cut by an elide ("Discard this…bservation?").
    for index, char in enumerate(text):
        if char == "\u2026" and 0 < index < len(text) - 1 and text[index - 1].isalnum() and (
                text[index + 1].isalnum()):
            return "elided in the middle"
    return None


def _visible(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.width() > 0 and widget.height() > 0


def _overlaps(parent: QWidget, window: QWidget) -> list[str]:
    """Labels, buttons and combos of one parent whose rectangles cross by more than a sliver."""
    kinds = (QLabel, QAbstractButton, QComboBox)
    children = [w for w in parent.findChildren(QWidget, options=Qt.FindChildOption.
                                               FindDirectChildrenOnly)
                if isinstance(w, kinds) and _visible(w, window) and not w.isWindow()]
    found = []
    for i, first in enumerate(children):
        for second in children[i + 1:]:
            cross: QRect = first.geometry().intersected(second.geometry())
            if cross.width() > 2 and cross.height() > 2:
                found.append(f"{_name(first)} {_text(first)!r} overlaps {_name(second)} "
                             f"{_text(second)!r}")
    return found


def _text(widget: QWidget) -> str:
    if isinstance(widget, QComboBox):
        return widget.currentText()
    return widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""


def settle(qtbot) -> None:
    """Background work done and its results shown, with the layouts they asked for applied.

    A worker's count drops before its queued result reaches the view, and a label given new
    text lays out again in a posted event: checked in between, "3 open · 0 done" overlapped the
    Refresh button (a chance failure, issue 14). Posted events are delivered here, several
    passes since each layout may post the next, so the check sees the settled screen."""
    qtbot.waitUntil(lambda: worker.active_tasks() == 0, timeout=30_000)
    for _ in range(LAYOUT_PASSES):
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    qtbot.waitUntil(lambda: worker.active_tasks() == 0, timeout=30_000)


def cut_texts(window: QWidget) -> list[str]:
    """Every cut-off text on ``window`` (shown, laid out): one line per finding."""
    found: list[str] = []
    widgets = [window, *window.findChildren(QWidget)]
    for widget in widgets:
        if not _visible(widget, window) and widget is not window:
            continue
        why = None
        if isinstance(widget, QLabel):
            why = _label_cut(widget) or _elided(widget)
        elif isinstance(widget, QAbstractButton):
            why = _button_cut(widget) or _elided(widget)
        elif isinstance(widget, QTabBar):
            why = _tabs_cut(widget)
        if why:
            found.append(f"{_name(widget)} {_text(widget)!r}: {why}")
        found.extend(_overlaps(widget, window))
    return found
