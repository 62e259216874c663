"""Forms whose fields show the service's message right under them.

A service refuses bad input with ``ValidationError(message, field)``; :class:`FieldForm` maps the
field name to the widget it was registered under and shows the message there in red, leaving what
the person typed untouched. Errors without a known field go to the form-wide message line.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from kaizen.domain.errors import KaizenError, ValidationError


class ErrorLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FieldError")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setStyleSheet("color: #b42318; font-size: 9pt;")
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))


class FieldForm(QFormLayout):
    """A QFormLayout whose rows carry an error line; ``show_error`` routes a service error."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.setVerticalSpacing(10)
        self.setHorizontalSpacing(14)
        self._errors: dict[str, ErrorLabel] = {}
        self._widgets: dict[str, QWidget] = {}
        self.general_error = ErrorLabel()

    def add_field(self, name: str, label: str, widget: QWidget) -> QWidget:
        """Add a row for the service field ``name``; returns the widget for chaining."""
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = ErrorLabel()
        column.addWidget(error)
        self.addRow(label, holder)
        self._errors[name] = error
        self._widgets[name] = widget
        return widget

    def alias(self, field: str, name: str) -> None:
        """Show errors for service field ``field`` under the row registered as ``name``."""
        self._errors[field] = self._errors[name]
        self._widgets[field] = self._widgets[name]

    def clear_errors(self) -> None:
        for label in self._errors.values():
            label.show_message("")
        self.general_error.show_message("")

    def error_text(self, name: str) -> str:
        label = self._errors.get(name)
        return label.text() if label is not None and not label.isHidden() else ""

    def show_error(self, error: KaizenError) -> None:
        """Show ``error`` next to its field (focusing it), or on the form-wide line."""
        self.clear_errors()
        field = error.field if isinstance(error, ValidationError) else None
        if field is not None and field in self._errors:
            self._errors[field].show_message(error.message)
            self._widgets[field].setFocus()
        else:
            self.general_error.show_message(error.message)
