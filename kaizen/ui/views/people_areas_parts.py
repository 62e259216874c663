"""The parts the People & areas tabs are made of, each made in its place (issue 21).

A tab is laid out before its widgets are made and each widget is made in its parent: a widget
put in the styled page later is styled again with its whole tree (a list with its model set had
its header sized again too; see docs/architecture.md, "build a view"). A tab filled while it is
on screen is filled out of sight and shown whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kaizen.ui import resources


def tool_button(text: str, icon_name: str, parent: QWidget, *,
                primary: bool = False) -> QPushButton:
    """A button of a tab's tools row (or the corner), its icon muted or, primary, white."""
    button = QPushButton(text, parent)
    colour = "#ffffff" if primary else resources.MUTED
    button.setIcon(resources.icon(icon_name, colour))
    button.setIconSize(QSize(18, 18))
    if primary:
        button.setObjectName("PrimaryButton")
    return button


def toggle_button(button: QPushButton, back: bool, bring_back: tuple[str, str],
                  set_aside: tuple[str, str]) -> None:
    """A (de)activate button says what it would do to the one selected: bring it ``back``
    (``bring_back``: its text and icon name) or set it aside (``set_aside``)."""
    text, icon_name = bring_back if back else set_aside
    button.setText(text)
    button.setIcon(resources.icon(icon_name))


@contextmanager
def out_of_sight(tab: QWidget) -> Iterator[None]:
    """Fill ``tab`` hidden if it is on screen, then show it whole: Qt shows a widget made in a
    visible one a turn later, so a read right after the fill (Ctrl+F focusing the search field)
    would find it hidden."""
    shown = tab.isVisible()
    if shown:
        tab.hide()
    try:
        yield
    finally:
        if shown:
            tab.show()


def tab_rows(tab: QWidget) -> tuple[QHBoxLayout, QVBoxLayout]:
    """A tab's column: its tools row (filters, then the buttons on the right), then what the
    caller adds below it (a summary line, the list). Laid out before its widgets are made, so
    each is made in its place (issue 21: a widget put in a styled page later is styled again,
    its whole tree with it; see docs/architecture.md, "build a view")."""
    column = QVBoxLayout(tab)
    column.setContentsMargins(0, 14, 0, 0)
    column.setSpacing(10)
    tools = QHBoxLayout()
    tools.setSpacing(10)
    column.addLayout(tools)
    return tools, column


def list_below(tab: QWidget, column: QVBoxLayout) -> tuple[QLabel, QStackedWidget]:
    """The summary line and the stack of the list (and its empty states) under the tools."""
    label = QLabel("", tab)
    label.setObjectName("PageNote")
    label.setTextFormat(Qt.TextFormat.PlainText)
    column.addWidget(label)
    stack = QStackedWidget(tab)
    column.addWidget(stack, 1)
    return label, stack
