"""Small parts several dialogs and views build the same way: one home each.

- :func:`field_error_label`: the hidden red line under a field (style sheet object name
  ``FieldError``), plain text so a message never renders as markup.
- :func:`ok_cancel_box`: the OK/Cancel button row whose OK button carries the dialog's own
  action text and the primary look.
- :func:`primary_button` and :func:`button_row`: a dialog's main action (primary look, the
  default for Enter) and the row of its action buttons, ``None`` standing for the stretch.
- :func:`badge_layout`: the small dialogs with an icon badge on the left of their text and the
  button box below (the move-back note, the PIN prompt).
- :func:`show_tab_of`: brings forward the tab holding a widget (a refused field in a tabbed
  detail dialog).
- :func:`read_only_rows`: a table or tree where a person picks one whole row and edits nothing.
- :func:`stacked` and :func:`with_hint`: a form row made of a field and a line under it (help,
  a result) or a caption above it; focus, and a refusal's focus, go to the field.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)


def field_error_label() -> QLabel:
    """An empty, hidden ``FieldError`` label that wraps and shows its text as plain text."""
    label = QLabel("")
    label.setObjectName("FieldError")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def ok_cancel_box(ok_text: str, *, enabled: bool = True) -> tuple[QDialogButtonBox, QPushButton]:
    """An OK/Cancel box and its OK button, which says ``ok_text`` in the primary look; the
    caller connects ``accepted``/``rejected`` (what OK means is the dialog's own)."""
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setObjectName("PrimaryButton")
    ok.setEnabled(enabled)
    return box, ok


def read_only_rows(view: QAbstractItemView) -> None:
    """One whole row is picked at a time, nothing is edited in place, rows alternate colour."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)


def primary_button(text: str, on_click: Callable[[], object]) -> QPushButton:
    """The dialog's main action: primary look, pressed by Enter, runs ``on_click``."""
    button = QPushButton(text)
    button.setObjectName("PrimaryButton")
    button.setDefault(True)
    button.clicked.connect(on_click)
    return button


def button_row(*parts: QWidget | None) -> QHBoxLayout:
    """A row of a dialog's buttons in the order given; ``None`` is the stretch between them."""
    row = QHBoxLayout()
    for part in parts:
        if part is None:
            row.addStretch(1)
        else:
            row.addWidget(part)
    return row


def badge_layout(dialog: QWidget, badge: QWidget, column: QVBoxLayout,
                 buttons: QWidget) -> None:
    """Lay ``dialog`` out as the badge dialogs are: the badge left of the text ``column``, the
    ``buttons`` below both."""
    top = QHBoxLayout()
    top.setSpacing(14)
    top.addWidget(badge)
    top.addLayout(column, 1)
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(20, 20, 20, 16)
    layout.setSpacing(16)
    layout.addLayout(top)
    layout.addWidget(buttons)


def show_tab_of(tabs: QTabWidget, widget: QWidget | None) -> None:
    """Show the page of ``tabs`` that holds ``widget`` (nothing when no page does)."""
    while widget is not None:
        index = tabs.indexOf(widget)
        if index >= 0:
            tabs.setCurrentIndex(index)
            return
        widget = widget.parentWidget()


def stacked(*parts: QWidget, focus: QWidget) -> QWidget:
    """``parts`` one under the other, 4 px apart, as one form row; focus goes to ``focus``."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(4)
    for part in parts:
        column.addWidget(part)
    holder.setFocusProxy(focus)
    return holder


def with_hint(widget: QWidget, hint: QWidget) -> QWidget:
    """``widget`` with a line (help, a result) right under it; errors still focus the widget."""
    return stacked(widget, hint, focus=widget)
