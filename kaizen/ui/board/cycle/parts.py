"""Small builders the cycle detail tabs share: captions, text boxes, tables, a field with its
error line (registered with the dialog's :class:`~kaizen.ui.form_op.Refusals`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kaizen.ui.form_op import Refusals
from kaizen.ui.widgets.form import ErrorLabel


def caption(text: str, name: str = "FieldLabel") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def text_box(placeholder: str, height: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


def table(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(36)
    view.setShowGrid(False)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    # Tab leaves the table for the next field (Qt's default walks its cells: a keyboard trap).
    view.setTabKeyNavigation(False)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                                | Qt.AlignmentFlag.AlignVCenter)
    return view


def error_line(refusals: Refusals, field: str, widget: QWidget | None) -> ErrorLabel:
    """The line under ``widget`` where a refusal naming ``field`` shows."""
    label = ErrorLabel()
    refusals.add_label(field, label, widget)
    return label


def add_field(column: QVBoxLayout, refusals: Refusals, label: str, widget: QWidget, field: str,
              hint: str = "") -> None:
    """A caption (and hint), the widget and its error line."""
    column.addWidget(caption(label))
    if hint:
        column.addWidget(caption(hint, "FieldHint"))
    column.addWidget(widget)
    column.addWidget(error_line(refusals, field, widget))
    column.addSpacing(6)


def tab_layout(body: QWidget, spacing: int) -> QVBoxLayout:
    """The column every tab lays its content in."""
    body.setObjectName("TabBody")
    # A QWidget subclass paints its style sheet background only when asked to.
    body.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    column = QVBoxLayout(body)
    column.setContentsMargins(20, 16, 20, 16)
    column.setSpacing(spacing)
    return column
