"""The "Undo" offered after a review decision or a card move, and Ctrl+Z for it (issue 16).

:class:`UndoOffer` belongs to one page (the Ideas list, the PDCA board). After the page's
decision or move succeeded it calls :meth:`UndoOffer.offer` with the message to show and the
undo jobs (plain callables calling :class:`kaizen.services.undo.UndoService`, holding the
versions the decision returned). The message bar then shows the message with an "Undo" button;
the button or Ctrl+Z anywhere on the page runs the jobs through the page's one save mechanism
(a :class:`~kaizen.ui.form_op.FormSaver`). The service decides whether the undo may still
happen (its own, within 30 s, nothing changed since) and says why not; the page reloads after.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.services.undo import UNDO_SECONDS
from kaizen.ui.form_op import FormSaver, Refusals, bar_message
from kaizen.ui.widgets.message_bar import ActionMessageBar

# Marked here, translated where shown (the language is set after the imports).
UNDO_TEXT = QT_TRANSLATE_NOOP("ui.undo_offer", "Undo")
NOTHING = QT_TRANSLATE_NOOP(
    "ui.undo_offer",
    "Nothing to undo here: Ctrl+Z takes back your last review decision or card move.")
INFO = "info"  # the message bar's kind


class UndoOffer(QObject):
    """Offer to undo the page's last change; ``undone(messages)`` after an undo ran."""

    undone = Signal(list)

    def __init__(self, page: QWidget, message_bar: ActionMessageBar, *,
                 after: Callable[[], Any] | None = None) -> None:
        super().__init__(page)
        self.message_bar = message_bar
        self.after = after
        self.saver = FormSaver(page, Refusals(message=bar_message(message_bar)),
                               what="the undo", exclusive=True)
        self.saver.refused.connect(self._on_refused)
        self._jobs: list[Callable[[], Any]] = []
        # The button goes when the time is up; the service refuses a late undo either way
        # (by its own clock), so nothing depends on this timer's precision.
        self._expiry = QTimer(self)
        self._expiry.setSingleShot(True)
        self._expiry.setInterval(UNDO_SECONDS * 1000)
        self._expiry.timeout.connect(self._expire)
        self.shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), page)
        self.shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.shortcut.activated.connect(self.undo)

    @property
    def available(self) -> bool:
        return bool(self._jobs)

    def offer(self, message: str, jobs: Sequence[Callable[[], Any]], kind: str = INFO) -> None:
        """Show ``message`` with an Undo button; Ctrl+Z or the button runs ``jobs``."""
        self._jobs = list(jobs)
        if not self._jobs:
            self.message_bar.show_message(message, kind)
            return
        self.message_bar.show_message(message, kind,
                                      action_text=translate("ui.undo_offer", UNDO_TEXT),
                                      action=self.undo)
        self._expiry.start()
        self.message_bar.action_button.setToolTip(
            translate("ui.undo_offer", "Take it back (Ctrl+Z), for {seconds} seconds").format(
                seconds=UNDO_SECONDS))

    def forget(self) -> None:
        """A newer change took its place: nothing to undo from here any more."""
        self._jobs = []
        self._expiry.stop()

    def _expire(self) -> None:
        if self._jobs:
            self._jobs = []
            self.message_bar.action_button.hide()

    def undo(self) -> None:
        jobs, self._jobs = self._jobs, []
        self._expiry.stop()
        if not jobs:
            self.message_bar.show_message(translate("ui.undo_offer", NOTHING), INFO)
            return

        def run_all() -> list[str]:
            return [job().message for job in jobs]

        self.saver.save(lambda: run_all, self._on_undone, name="undo")

    def _on_undone(self, messages: list[str]) -> None:
        self.message_bar.show_message(" ".join(messages), INFO)
        self.undone.emit(messages)
        if self.after is not None:
            self.after()

    def _on_refused(self, _message: str) -> None:
        if self.after is not None:
            self.after()
