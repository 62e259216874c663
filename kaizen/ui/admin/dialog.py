"""The frame every admin dialog shares: a heading, a form whose rows show errors, Save / Cancel.

A subclass adds its fields to ``self.form`` (a :class:`FieldForm`), calls ``finish()``, and
implements ``collect()``: read what was typed and return the job to run, a function that calls
the service (on a pool thread, so it captures plain values only, never widgets). ``save()`` runs
it through the form's :class:`~kaizen.ui.form_op.FormSaver` (the one save mechanism): success
emits ``saved(result)`` and closes the dialog; a refusal lands under the field the service named
(or on the form-wide line) and what was typed stays; when the database server could not be
reached, the form-wide line offers Retry (the same save again). Enter saves (Save is the default
button), Esc cancels, except while a save is running.

An editor of an existing record (area, site settings) saves with the version it was filled from;
when someone else saved in between, the service's Conflict ("changed by NAME at TIME") shows on
the form-wide line with a Reload button, as the detail dialogs do: Reload reads the saved record
(its new version and what it holds now, shown in words) and keeps what was typed, so the next
Save is a deliberate choice over the other person's change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.errors import ValidationError
from kaizen.domain.numbers import format_number
from kaizen.i18n import current_language, translate
from kaizen.ui import resources
from kaizen.ui.admin.style import DIALOG_STYLE
from kaizen.ui.form_op import FormSaver, Refusals
from kaizen.ui.widgets.form import FieldForm
from kaizen.ui.widgets.money import MoneyEdit

DIALOG_WIDTH = 520
Job = Callable[[], Any]


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("FieldHint")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def with_suffix(edit: QWidget, suffix: QLabel) -> QWidget:
    """``edit`` followed by a unit (e.g. "EUR per hour"); errors focus the edit."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(8)
    row.addWidget(edit)
    suffix.setObjectName("FieldSuffix")
    suffix.setTextFormat(Qt.TextFormat.PlainText)
    # Never squeezed below its text (issue 16: cut-off suffixes); the stretch gives way.
    suffix.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
    row.addWidget(suffix)
    row.addStretch(1)
    holder.setFocusProxy(edit)
    return holder


class RateField:
    """A money-per-hour row (an area's rate, the site default): a :class:`MoneyEdit` (issue 15:
    the one editor of money, read as the language writes numbers), its unit ("EUR per hour")
    beside it, and the typed rate read back for the service field ``field``. The service checks
    the range."""

    def __init__(self, field: str, label: str, unit: str, rate: float | None = None) -> None:
        """``label`` and ``unit`` as shown (translated by the caller); ``rate`` the current
        one (None: empty)."""
        self.field = field
        self.label = label
        self.edit = MoneyEdit(optional=True, placeholder="")
        self.edit.setFixedWidth(140)
        if rate is not None:
            # Cents always, as every rate is shown (the tree, the inherited placeholder).
            self.edit.setText(format_number(rate, 2))
        self.unit = QLabel(unit)
        self.widget = with_suffix(self.edit, self.unit)

    def value(self) -> float | None:
        """The typed rate, None when empty; ValidationError naming the field when unreadable."""
        try:
            return self.edit.value()
        except ValueError:
            # Inside a sentence the label is written small, except in German, whose nouns keep
            # their capital ("Stundensatz").
            inside = self.label if current_language() == "de" else self.label.lower()
            raise ValidationError(
                translate("ui.admin.dialog", "Type the {label} as a number, e.g. 38.50.").format(
                    label=inside), self.field) from None


class AdminDialog(QDialog):
    """Heading, form and buttons; ``saved(result)`` after the service accepted the change."""

    saved = Signal(object)

    def __init__(self, *, title: str, heading: str, text: str, icon_name: str,
                 save_text: str | None = None, parent: QWidget | None = None) -> None:
        """``title``, ``heading``, ``text`` and ``save_text`` as shown: the caller translates
        them (``save_text`` defaults to "Save")."""
        super().__init__(parent)
        if save_text is None:
            save_text = translate("ui.admin.dialog", "Save")
        self.setWindowTitle(title)
        self.setModal(True)
        self.setStyleSheet(DIALOG_STYLE)
        self.result_value: Any = None
        self._save_text = save_text

        self.badge = QLabel()
        self.badge.setPixmap(resources.icon(icon_name, resources.ACCENT).pixmap(QSize(28, 28)))
        self.badge.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.heading = QLabel(heading)
        self.heading.setObjectName("DialogHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.text = QLabel(text)
        self.text.setObjectName("DialogText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setVisible(bool(text))

        self.form = FieldForm()
        self.form.general_error.setObjectName("FormError")
        self.form.general_error.setStyleSheet("")  # the dialog style draws it as a red box
        self.form.general_error.button_inset = 8  # its Retry button sits inside that box

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(save_text)
        self.save_button.setObjectName("PrimaryButton")
        self.save_button.setDefault(True)
        self.save_button.setToolTip(
            translate("ui.admin.dialog", "{action} (Enter)").format(action=save_text))
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(translate("ui.admin.dialog", "Cancel"))
        self.cancel_button.setToolTip(translate("ui.admin.dialog", "Close without saving (Esc)"))
        self.cancel_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.saver = FormSaver(self, Refusals(self.form), what=title.lower())
        self.saver.submit_on(self.save)
        self.saver.busyChanged.connect(self._set_busy)
        self.saver.finished.connect(lambda _saved: self.adjustSize())  # fit the message

    def finish(self) -> None:
        """Lay out the heading, the form, the form-wide message and the buttons."""
        head = QVBoxLayout()
        head.setSpacing(4)
        head.addWidget(self.heading)
        head.addWidget(self.text)
        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(head, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.setSpacing(18)
        layout.addLayout(top)
        layout.addLayout(self.form)
        layout.addWidget(self.form.general_error)
        layout.addWidget(self.buttons)
        self.setFixedWidth(DIALOG_WIDTH)

    # -- saving -------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.saver.busy

    def collect(self) -> Job:
        """What was typed, as a job for the worker; raise ValidationError for a local problem."""
        raise NotImplementedError

    def save(self) -> None:
        # A plain Conflict (someone saved this record first) offers Reload where there is one.
        self.saver.reload = self.reload if self.reload_job() is not None else None
        self.saver.save(self.collect, self._on_saved, name=self.windowTitle())

    def _on_saved(self, result: Any) -> None:
        self.result_value = result
        self.saved.emit(result)
        self.accept()

    def reload_job(self) -> Job | None:
        """The job that reads the record being edited again (None: nothing to reload)."""
        return None

    def reloaded(self, result: Any) -> str:
        """Take the record read again (its version); returns what it holds now, in words."""
        raise NotImplementedError

    def reload(self) -> None:
        """Read the record again after a conflict; what was typed stays in the form."""
        job = self.reload_job()
        if job is None or self.busy:
            return
        self.saver.save(lambda: job, self._on_reloaded, name=f"{self.windowTitle()}: reload")

    def _on_reloaded(self, result: Any) -> None:
        now = self.reloaded(result)
        self.form.clear_errors()
        self.form.general_error.show_message(
            translate("ui.admin.dialog", "Reloaded. Saved now: {now}. Your changes are still in "
                      "the form: check them and save again.").format(now=now))
        self.adjustSize()

    def _set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.save_button.setText(translate("ui.admin.dialog", "Saving…") if busy
                                 else self._save_text)

    def reject(self) -> None:
        if not self.busy:
            super().reject()
