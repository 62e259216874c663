"""Forms whose fields show the service's message right under them.

A service refuses bad input with ``ValidationError(message, field)``; :class:`FieldForm` maps the
field name to the widget it was registered under and shows the message there in red, leaving what
the person typed untouched. Errors without a known field go to the form-wide message line.

Connection loss is handled here once for every form: a save refused with ``Unavailable`` (the
database server could not be reached) says so in :data:`RETRY_MESSAGE`, keeps the form as it is,
and puts a Retry button on the message line that runs the caller's ``retry`` (the same save
again). :func:`refusal_text` and :func:`offers_retry` give the same words and choice to the views
that show refusals in a message bar (detail dialogs, board moves).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, SignalInstance
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.errors import KaizenError, Unavailable, ValidationError
from kaizen.i18n import QT_TRANSLATE_NOOP, translate

# Marked here, translated where shown (retry_message(), retry_text()): the language is set after
# the imports.
RETRY_MESSAGE = QT_TRANSLATE_NOOP(
    "ui.widgets.form",
    "Cannot reach the database server: nothing was saved. Your entry is kept — Retry?")
RETRY_TEXT = QT_TRANSLATE_NOOP("ui.widgets.form", "Retry")
_ERROR_STYLE = "color: #b42318; font-size: 9pt;"


def retry_message() -> str:
    """:data:`RETRY_MESSAGE` in the app's language."""
    return translate("ui.widgets.form", RETRY_MESSAGE)


def retry_text() -> str:
    """The Retry button's text in the app's language."""
    return translate("ui.widgets.form", RETRY_TEXT)


def offers_retry(error: BaseException) -> bool:
    """True when the same save may simply be tried again: the server could not be reached and
    nothing was saved (a connection cut during the commit leaves the outcome unknown: reload)."""
    return isinstance(error, Unavailable) and not error.during_commit


def refusal_text(error: BaseException) -> str:
    """What to tell the person about a refused save."""
    if offers_retry(error):
        return retry_message()
    return error.message if isinstance(error, KaizenError) else str(error)


def edited_signals(widget: QWidget) -> list[SignalInstance]:
    """The signals saying a person changed ``widget`` (or an editor inside it): typing in a
    line or text box, a choice in a combo, a tick, a shared widget's own ``changed``."""
    found: list[SignalInstance] = []
    for part in (widget, *widget.findChildren(QWidget)):
        if isinstance(part, QLineEdit):
            found.append(part.textEdited)
        elif isinstance(part, (QPlainTextEdit, QTextEdit)):
            found.append(part.textChanged)
        elif isinstance(part, QComboBox):
            found.append(part.activated)
        elif isinstance(part, QAbstractButton) and part.isCheckable():
            found.append(part.toggled)
        for name in ("changed", "dateChanged"):
            signal = getattr(part, name, None)
            if isinstance(signal, SignalInstance):
                found.append(signal)
    return found


class ClearOnEdit(QObject):
    """Empties an error label as soon as its field is edited (issue 16: "Title is required."
    stayed after a title was typed). A QObject owned by the label, so no lambda outlives it."""

    def __init__(self, label: ErrorLabel, widget: QWidget) -> None:
        super().__init__(label)
        self.label = label
        for signal in edited_signals(widget):
            signal.connect(self.clear)

    def clear(self, *_args: Any) -> None:
        if self.label.text():
            self.label.show_message("")


class ErrorLabel(QLabel):
    """A field's message line (red, small), with an optional action button such as Retry.

    ``style`` is the line's own look (the kiosk's is larger, for reading at arm's length)."""

    def __init__(self, parent: QWidget | None = None, *, style: str = _ERROR_STYLE) -> None:
        super().__init__(parent)
        self.setObjectName("FieldError")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self._style = style
        self.setStyleSheet(style)
        self.hide()

        self.action_button: QPushButton | None = None
        self._action: Callable[[], None] | None = None
        # Distance of the action button from the bottom-right corner: a label drawn as a box
        # (a style sheet's border and padding) keeps its button inside the box.
        self.button_inset = 0

    def show_message(self, message: str, *, action: Callable[[], None] | None = None,
                     action_text: str | None = None) -> None:
        """Show ``message``; with ``action``, a button beside it runs it (once) when clicked
        (``action_text``, Retry by default)."""
        self._action = action
        if action is not None:
            button = self._button()
            button.setText(retry_text() if action_text is None else action_text)
            button.show()
            # The button sits under the text, on the right; the padding makes room for it (a
            # style sheet's, as Qt ignores a styled label's own contents margins).
            room = button.sizeHint().height() + 4 + self.button_inset
            self.setStyleSheet(f"QLabel#{self.objectName()} {{ {self._style} "
                               f"padding-bottom: {room}px; }}")
            # Sized after the label's style sheet is set, which styles the button again (sized
            # before, a long Retry text such as German "Erneut versuchen" was cut).
            button.ensurePolished()
            button.adjustSize()
            self._place_button()
        elif self.action_button is not None:
            self.action_button.hide()
            self.setStyleSheet(self._style)
        self.setText(message)
        self.setVisible(bool(message))

    def _button(self) -> QPushButton:
        if self.action_button is None:
            button = QPushButton(self)
            button.setObjectName("FieldErrorAction")
            button.setAutoDefault(False)
            button.clicked.connect(self._on_action)
            self.action_button = button
        return self.action_button

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place_button()

    def _place_button(self) -> None:
        button = self.action_button
        if button is not None and not button.isHidden():
            inset = self.button_inset
            button.move(self.width() - button.width() - inset,
                        self.height() - button.height() - inset)

    def _on_action(self) -> None:
        action = self._action
        self.show_message("")
        if action is not None:
            action()


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
        ClearOnEdit(error, widget)  # the message goes once the field is edited
        self._errors[name] = error
        self._widgets[name] = widget
        return widget

    def alias(self, field: str, name: str) -> None:
        """Show errors for service field ``field`` under the row registered as ``name``."""
        self._errors[field] = self._errors[name]
        self._widgets[field] = self._widgets[name]

    def field(self, name: str) -> tuple[ErrorLabel, QWidget] | None:
        """The error line and the widget of the field registered as ``name``, if any."""
        if name not in self._errors:
            return None
        return self._errors[name], self._widgets[name]

    def clear_errors(self) -> None:
        for label in self._errors.values():
            label.show_message("")
        self.general_error.show_message("")

    def error_text(self, name: str) -> str:
        label = self._errors.get(name)
        return label.text() if label is not None and not label.isHidden() else ""

    def show_error(self, error: KaizenError, retry: Callable[[], None] | None = None) -> None:
        """Show ``error`` next to its field (focusing it), or on the form-wide line; when the
        server could not be reached and ``retry`` is given, with a Retry button running it."""
        self.clear_errors()
        field = error.field if isinstance(error, ValidationError) else None
        if field is not None and field in self._errors:
            self._errors[field].show_message(error.message)
            self._widgets[field].setFocus()
        elif retry is not None and offers_retry(error):
            self.general_error.show_message(retry_message(), action=retry)
            if self.general_error.action_button is not None:
                self.general_error.action_button.setFocus()
        else:
            # Without a retry to offer, the service's own words ("nothing was saved"); the
            # form's Save button is the way to try again.
            self.general_error.show_message(error.message)
