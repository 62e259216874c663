"""Small parts several dialogs and views build the same way: one home each.

- :func:`field_error_label`: the hidden red line under a field (style sheet object name
  ``FieldError``), plain text so a message never renders as markup.
- :func:`ok_cancel_box`: the OK/Cancel button row whose OK button carries the dialog's own
  action text and the primary look.
- :func:`read_only_rows`: a table or tree where a person picks one whole row and edits nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QDialogButtonBox, QLabel, QPushButton


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
