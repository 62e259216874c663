"""The one way a form saves: run the service call off the GUI thread, show any refusal once.

Modelled on Anki's ``CollectionOp`` (``qt/aqt/operations/__init__.py``: the caller gives the
operation and what to do on success; a single default failure path handles the rest) and on
Orange3's ``ConcurrentWidgetMixin`` (busy state kept in one place). A form owns one
:class:`FormSaver`; each save is ``saver.save(collect, on_success)`` where ``collect`` reads the
widgets (on the GUI thread) and returns the job to run on the worker (plain values and services
only, never widgets). Everything else lives here:

- the busy state (``busy``, ``busyChanged``): one save at a time per form;
- a ``ValidationError`` under the field it names (its tab brought forward), else on the form's
  message line;
- the database server away (:class:`Unavailable` before the commit): the entry is kept and a
  Retry button runs the same save again;
- a :class:`Conflict` (someone else saved first): the service's words, with Reload when the form
  can read the saved version; a busy database (a ``Conflict`` subclass): its words with Retry;
- the disk full: nothing was saved, free some space, Retry;
- anything unexpected: logged with its traceback, and said in plain words;
- the keyboard: :meth:`FormSaver.submit_on` makes Ctrl+Enter (either Enter key) save the form,
  the same keys in every form (issue 16);
- stale messages: a field's message goes as soon as that field is edited (issue 16; the
  :class:`~kaizen.ui.widgets.form.FieldForm` rows and the labels added here watch their editor).

Where refusals show is a :class:`Refusals`: the form's :class:`FieldForm` rows (and any loose
:class:`ErrorLabel`), plus one message line (a form's own line, or a dialog's message bar).
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from kaizen.domain.errors import Conflict, DiskFull, KaizenError, ValidationError
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui.widgets.form import (
    ClearOnEdit,
    ErrorLabel,
    FieldForm,
    offers_retry,
    retry_message,
    retry_text,
)
from kaizen.ui.worker import ProgressFn, Task, run_in_background

log = logging.getLogger(__name__)

# The words live with the error (kaizen.domain.errors.DiskFull), one home for the CLI and the GUI;
# the form keeps what was typed and offers Retry beside them. Translated where shown, in the
# errors module's context (its owner marks it there).
DISK_FULL_MESSAGE = DiskFull.DEFAULT
RELOAD_TEXT = QT_TRANSLATE_NOOP("ui.form_op", "Reload")
# Ctrl with the main Enter key (Return) and with the keypad's Enter: one save key everywhere.
SUBMIT_KEYS = ("Ctrl+Return", "Ctrl+Enter")
SUBMIT_HINT = "Ctrl+Enter"
# PostgreSQL's SQLSTATE for "disk full" (class 53, insufficient resources).
_PG_DISK_FULL = "53100"

Action = Callable[[], None]
MessageFn = Callable[[str, Action | None, str], None]  # text, action, action's button text
Job = Callable[[], Any]


def is_disk_full(error: BaseException) -> bool:
    """True when ``error`` (or what caused it) says the disk or the database file is full.

    Looks through the exception chain and a driver error wrapped as ``.orig`` (SQLAlchemy's
    ``DBAPIError``) without importing the database layer: an ``OSError`` with ``ENOSPC``,
    SQLite's ``SQLITE_FULL``, PostgreSQL's ``53100``."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno == errno.ENOSPC:
            return True
        if getattr(current, "sqlite_errorname", None) == "SQLITE_FULL":
            return True
        if getattr(current, "sqlstate", None) == _PG_DISK_FULL:
            return True
        if "database or disk is full" in str(current):
            return True
        orig = getattr(current, "orig", None)
        pending.extend([current.__cause__, current.__context__,
                        orig if isinstance(orig, BaseException) else None])
    return False


class Refusals:
    """Where one form shows refusals: field errors beside their fields, the rest on one line.

    ``forms`` are searched in order for the field a ``ValidationError`` names; labels outside a
    FieldForm join with :meth:`add_label`. ``message`` shows form-wide text with an optional
    action button (default: the first form's own message line). ``reveal`` is told which widget
    holds a field in error (a tabbed dialog brings its tab forward)."""

    def __init__(self, *forms: FieldForm, message: MessageFn | None = None,
                 reveal: Callable[[QWidget], None] | None = None) -> None:
        if message is None and not forms:
            raise ValueError("Refusals needs a message line or a form that has one")
        self.forms = list(forms)
        self._message = message
        self._reveal = reveal
        self._labels: dict[str, tuple[ErrorLabel, QWidget | None]] = {}
        self._routes: dict[str, tuple[Callable[[str], None], QWidget | None]] = {}

    def set_message(self, message: MessageFn) -> None:
        """Show form-wide text elsewhere from now on (a panel inside a dialog uses the
        dialog's message bar)."""
        self._message = message

    def add_form(self, form: FieldForm) -> None:
        if form not in self.forms:
            self.forms.append(form)

    def add_label(self, field: str, label: ErrorLabel, focus: QWidget | None = None) -> None:
        """Show errors for ``field`` in ``label`` (focusing ``focus``); editing ``focus``
        clears it."""
        self._labels[field] = (label, focus)
        if focus is not None:
            ClearOnEdit(label, focus)

    def add_route(self, field: str, show: Callable[[str], None],
                  focus: QWidget | None = None) -> None:
        """Show errors for ``field`` through ``show`` (a widget with its own message line, such
        as the photo strip, which also lists refused files and so clears its own messages)."""
        self._routes[field] = (show, focus)

    def _find(self, field: str) -> tuple[ErrorLabel, QWidget | None] | None:
        if field in self._labels:
            return self._labels[field]
        for form in self.forms:
            found = form.field(field)
            if found is not None:
                return found
        return None

    def knows(self, field: str | None) -> bool:
        return field is not None and (field in self._routes or self._find(field) is not None)

    def field_error(self, field: str) -> str:
        """The message shown beside ``field`` ("" when none)."""
        found = self._find(field)
        if found is None or found[0].isHidden():
            return ""
        return found[0].text()

    def clear(self) -> None:
        for form in self.forms:
            form.clear_errors()
        for label, _focus in self._labels.values():
            label.show_message("")

    def show_field(self, field: str, message: str) -> bool:
        """Show ``message`` beside ``field``; False when this form has no such field."""
        if field in self._routes:
            show, focus_widget = self._routes[field]
            show(message)
            if focus_widget is not None:
                focus_widget.setFocus()
            return True
        found = self._find(field)
        if found is None:
            return False
        label, focus = found
        label.show_message(message)
        if self._reveal is not None:
            self._reveal(label)
        if focus is not None:
            focus.setFocus()
        return True

    def show_message(self, text: str, action: Action | None = None,
                     action_text: str | None = None) -> None:
        if action_text is None:
            action_text = retry_text()
        if self._message is not None:
            self._message(text, action, action_text)
            return
        line = self.forms[0].general_error
        line.show_message(text, action=action, action_text=action_text)
        if action is not None and line.action_button is not None:
            line.action_button.setFocus()


def bar_message(bar: Any) -> MessageFn:
    """A :data:`MessageFn` over an ``ActionMessageBar`` (the detail dialogs and the board)."""

    def show(text: str, action: Action | None, action_text: str) -> None:
        bar.show_message(text, "error", action_text=action_text if action else "",  # i18n: no
                         action=action)

    return show


def line_saver(owner: QWidget, field: str, line: ErrorLabel, editor: QWidget, *, what: str,
               unexpected: str, message: MessageFn) -> FormSaver:
    """The saver of a form with one field whose every refusal shows on the one ``line`` under
    it (the PIN dialog, the kiosk's sign-in): the field's own errors, and through ``message``
    the rest, Retry beside them; editing ``editor`` clears the line."""
    refusals = Refusals(message=message)
    refusals.add_label(field, line, editor)
    return FormSaver(owner, refusals, what=what, unexpected=unexpected)


class FormSaver(QObject):
    """Runs a form's saves one at a time and shows every refusal the same way.

    ``busyChanged(bool)`` when a save starts or ends; ``finished(bool)`` after every attempt
    (True when saved); ``refused(str)`` with the words shown for a refusal."""

    busyChanged = Signal(bool)
    finished = Signal(bool)
    refused = Signal(str)

    def __init__(self, owner: QWidget, refusals: Refusals, *, what: str,
                 reload: Action | None = None, exclusive: bool = True,
                 unexpected: str | None = None) -> None:
        super().__init__(owner)
        self.owner = owner
        self.refusals = refusals
        self.what = what
        self.reload = reload
        self.exclusive = exclusive
        # The words for an unexpected error, translated, with {error}: an action that is not
        # a change says what it is ("The PIN could not be checked: {error}").
        self.unexpected = unexpected
        self._busy = 0

    @property
    def busy(self) -> bool:
        return self._busy > 0

    def submit_on(self, trigger: Action, widget: QWidget | None = None) -> list[QShortcut]:
        """Ctrl+Enter anywhere in ``widget`` (default: the form) runs ``trigger`` (the form's
        own save, the same as its Save button, so its checks and enabled state apply)."""
        target = widget or self.owner
        shortcuts = []
        for keys in SUBMIT_KEYS:
            shortcut = QShortcut(QKeySequence(keys), target)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(trigger)
            shortcuts.append(shortcut)
        self.submit_shortcuts = shortcuts
        return shortcuts

    def save(self, collect: Callable[[], Job], on_success: Callable[[Any], Any] | None = None,
             *, on_failure: Callable[[BaseException], Any] | None = None,
             retry: Action | None = None, name: str = "",
             on_progress: ProgressFn | None = None) -> Task | None:
        """Read the form with ``collect`` and run the job it returns on the worker.

        ``collect`` may raise ``KaizenError`` for input the form judges itself; it is shown
        like the service's refusals. ``retry`` (offered when the server is away or the disk is
        full) defaults to this same save, collected again. ``on_failure`` runs after the
        refusal is shown. With ``on_progress`` the job is called as ``job(progress=report)``
        (see :func:`~kaizen.ui.worker.run_in_background`). Returns the task, or None when
        nothing started."""
        if self.exclusive and self.busy:
            return None

        def again() -> None:
            self.save(collect, on_success, on_failure=on_failure, retry=retry, name=name,
                      on_progress=on_progress)

        self.refusals.clear()
        try:
            job = collect()
        except KaizenError as error:
            self.refuse(error)
            if on_failure is not None:
                on_failure(error)
            self.finished.emit(False)
            return None
        self._set_busy(+1)

        def succeeded(result: Any) -> None:
            self._set_busy(-1)
            if on_success is not None:
                on_success(result)
            self.finished.emit(True)

        def failed(error: BaseException) -> None:
            self._set_busy(-1)
            self.refuse(error, retry=retry or again)
            if on_failure is not None:
                on_failure(error)
            self.finished.emit(False)

        return run_in_background(job, on_success=succeeded, on_failure=failed,
                                 on_progress=on_progress, with_progress=on_progress is not None,
                                 owner=self.owner, name=name or f"save {self.what}")

    def refuse(self, error: BaseException, retry: Action | None = None) -> None:
        """Show a refusal where it belongs (the one failure path; what was typed stays)."""
        refusals = self.refusals
        refusals.clear()
        if offers_retry(error):
            text = retry_message()
            refusals.show_message(text, retry, retry_text())
        elif isinstance(error, DiskFull) or is_disk_full(error):
            log.warning("Saving %s: the disk is full (%r)", self.what, error)  # i18n: no
            text = translate("domain.errors", DISK_FULL_MESSAGE)
            refusals.show_message(text, retry, retry_text())
        elif isinstance(error, ValidationError) and refusals.show_field(
                error.field or "", error.message):
            text = error.message
        elif type(error) is Conflict and self.reload is not None:
            # Someone else saved first: Reload reads their version (what was typed stays).
            refusals.show_message(error.message, self.reload,
                                  translate("ui.form_op", RELOAD_TEXT))
            text = error.message
        elif type(error) is not Conflict and isinstance(error, Conflict) and retry is not None:
            # A Conflict subclass such as the database layer's "busy": nothing was saved and
            # the same save may simply go through in a moment. A plain Conflict (a rule said
            # no, or someone saved first where there is nothing to reload) would only be
            # refused again: its words alone.
            refusals.show_message(error.message, retry, retry_text())
            text = error.message
        elif isinstance(error, KaizenError):
            refusals.show_message(error.message)
            text = error.message
        else:
            log.error("Saving %s failed", self.what,
                      exc_info=(type(error), error, error.__traceback__))
            text = (self.unexpected or translate(
                "ui.form_op", "The change could not be saved: {error}")).format(error=error)
            refusals.show_message(text)
        self.refused.emit(text)

    def _set_busy(self, step: int) -> None:
        was = self.busy
        self._busy += step
        if self.busy != was and shiboken6.isValid(self):
            self.busyChanged.emit(self.busy)
