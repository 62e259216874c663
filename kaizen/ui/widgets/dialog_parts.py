"""Small parts several dialogs and views build the same way: one home each.

- :func:`field_error_label`: the hidden red line under a field (style sheet object name
  ``FieldError``), plain text so a message never renders as markup.
- :func:`ok_cancel_box`: the OK/Cancel button row whose OK button carries the dialog's own
  action text and the primary look.
- :func:`primary_button` and :func:`button_row`: a dialog's main action (primary look, the
  default for Enter) and the row of its action buttons, ``None`` standing for the stretch.
- :func:`read_only_rows`: a table or tree where a person picks one whole row and edits nothing.
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
