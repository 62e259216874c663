"""What the idea and observation detail dialogs share: the header, the message bar, reading the
record on the worker, saving through it, and keeping what was typed.

Reading: :meth:`DetailDialog.load` runs the subclass's reader on the worker and fills the
dialog on the main thread. Whatever the person changed and has not saved (compared with the
values the form was last filled with) is put back after every read, so a reload after a
Conflict, after a review decision or after a new comment never loses typing.

Saving: :meth:`DetailDialog.run` calls a service as the person working, through the dialog's
:class:`~kaizen.ui.form_op.FormSaver` (the one save mechanism). A refusal
is shown where it belongs: a ``ValidationError`` under the field it names (the Details tab is
brought forward), a ``Conflict`` in the message bar with a Reload button, a server that could not
be reached in the message bar with a Retry button (the same save again), anything else in the
message bar. What was typed stays.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.errors import KaizenError
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui import resources
from kaizen.ui.detail.history import HistoryModel, history_tab
from kaizen.ui.detail.photos import PhotoPanel, PhotoViewer
from kaizen.ui.detail.widgets import STYLE, StatusPill, label
from kaizen.ui.form_op import FormSaver, Refusals, bar_message
from kaizen.ui.widgets.dialog_parts import show_tab_of, stacked
from kaizen.ui.widgets.form import FieldForm
from kaizen.ui.widgets.idea_links import IdeaRefs
from kaizen.ui.widgets.message_bar import ActionMessageBar
from kaizen.ui.widgets.scrolling import scrolling
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from pathlib import Path

    from kaizen.services import Services
    from kaizen.services.people import PersonInfo

log = logging.getLogger(__name__)

DIALOG_SIZE = QSize(920, 720)
PICK_PERSON = QT_TRANSLATE_NOOP("ui.detail.base", "Pick who is working first")
# The question before a photo goes, whole for each kind of record (never a glued noun).
_REMOVE_PHOTO = {
    "idea": QT_TRANSLATE_NOOP("ui.detail.base", "Remove the photo “{name}” from this idea?"),
    "observation": QT_TRANSLATE_NOOP("ui.detail.base",
                                     "Remove the photo “{name}” from this observation?"),
    "record": QT_TRANSLATE_NOOP("ui.detail.base", "Remove the photo “{name}” from this record?"),
}


def field_form() -> FieldForm:
    """A FieldForm for a narrow column: each field carries its caption above it (see
    :meth:`DetailDialog.add_field`), so the form's own label column stays empty."""
    form = FieldForm()
    form.setVerticalSpacing(5)
    form.setHorizontalSpacing(0)
    return form


def captioned(text: str, widget: QWidget) -> QWidget:
    """``widget`` with its caption above it; focus goes to the widget."""
    return stacked(label(text, "FormLabel"), widget, focus=widget)


def grow_in_form(*edits: QWidget) -> None:
    """Let these text boxes take the room a column has left: every layer between the box and
    the form (caption box, FieldForm's holder) has to ask for it.

    Captions sit inside the field rather than in a wrapped form row because QFormLayout never
    gives extra height to the fields of wrapped rows."""
    for edit in edits:
        widget = edit.parentWidget()
        for _ in range(2):
            if widget is None:
                break
            widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
            widget = widget.parentWidget()


class DetailDialog(QDialog):
    """The frame of a detail dialog. ``changed`` fires after every saved change, ``loaded``
    after every read, ``saved`` after a save of the form, ``refused(message)`` on a refusal."""

    changed = Signal()
    loaded = Signal()
    saved = Signal()
    refused = Signal(str)

    what = "record"

    def __init__(self, services: Services, person: PersonInfo | None, record_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(STYLE)
        self.setSizeGripEnabled(True)
        self.resize(DIALOG_SIZE)
        self.services = services
        self.person = person
        self.record_id = record_id
        self.detail: Any = None
        self._baseline: dict[str, Any] = {}
        self._busy = 0  # reads running; saves are counted by the saver
        self.viewer: PhotoViewer | None = None

        self.title_label = label(translate("ui.detail.base", "Loading…"), "DetailTitle")
        self.status_pill = StatusPill()
        self.meta_label = label("", "DetailMeta")
        self.sub_label = label("", "PdcaLine")
        self.sub_label.hide()
        self.reload_button = QPushButton(translate("ui.detail.base", "Reload"))
        self.reload_button.setIcon(resources.icon("mdi6.refresh"))
        self.reload_button.setToolTip(translate(
            "ui.detail.base", "Read it again (F5); what you typed and did not save is kept"))
        self.reload_button.clicked.connect(lambda: self.load())
        self.message_bar = ActionMessageBar()
        # The one save mechanism: field errors beside their fields (their tab brought forward),
        # the rest in the message bar, Reload on a Conflict.
        self.refusals = Refusals(message=bar_message(self.message_bar), reveal=self._show_tab_of)
        self.saver = FormSaver(self, self.refusals, what=f"the {self.what}",
                               reload=self.reload_after_conflict, exclusive=False)
        self.saver.busyChanged.connect(lambda _busy: self.update_enabled())
        self.saver.refused.connect(self.refused)
        self.note_label = label("", "ReadOnlyNote")
        self.note_label.hide()
        self.tabs = QTabWidget()
        self.save_button = QPushButton(translate("ui.detail.base", "Save"))
        self.save_button.setObjectName("PrimaryButton")
        self.save_button.setIcon(resources.icon("mdi6.content-save-outline", "#ffffff"))
        self.save_button.setToolTip(translate("ui.detail.base", "Save the changes (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.saver.submit_on(self.save)
        self.close_button = QPushButton(translate("ui.detail.base", "Close"))
        self.close_button.setToolTip(translate("ui.detail.base", "Close (Esc)"))
        self.close_button.clicked.connect(self.reject)

        heading = QVBoxLayout()
        heading.setSpacing(3)
        title_row = QHBoxLayout()
        title_row.setSpacing(12)
        title_row.addWidget(self.title_label, 1)
        title_row.addWidget(self.status_pill, 0, Qt.AlignmentFlag.AlignTop)
        heading.addLayout(title_row)
        heading.addWidget(self.meta_label)
        heading.addWidget(self.sub_label)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addLayout(heading, 1)
        top.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignTop)
        self.bottom_row = QHBoxLayout()
        self.bottom_row.setSpacing(8)
        self.bottom_row.addStretch(1)
        self.bottom_row.addWidget(self.close_button)
        self.bottom_row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 14, 24, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.note_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self.bottom_row)

        # Save is the Details form's (the first tab); the other tabs have their own buttons.
        self.tabs.currentChanged.connect(lambda index: self.save_button.setVisible(index == 0))
        for keys, slot in (("Ctrl+S", self.save), ("F5", self.load)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(lambda slot=slot: slot())
        for number in range(6):
            shortcut = QShortcut(QKeySequence(f"Alt+{number + 1}"), self)
            shortcut.activated.connect(lambda n=number: self._show_tab(n))

    # -- #123 links ---------------------------------------------------------------------------
    def link_idea_refs(self, *edits: Any) -> None:
        """Show ``#123`` in these text boxes as links that open the idea (widgets/idea_links)."""
        for text_box in edits:
            IdeaRefs(text_box).ideaRequested.connect(self.open_idea)

    def open_idea(self, suggestion_id: int) -> None:
        """A ``#123`` link: that idea's detail, over this dialog."""
        from kaizen.ui.detail.idea_detail import IdeaDetailDialog

        dialog = IdeaDetailDialog(self.services, self.person, suggestion_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.idea_dialog = dialog
        dialog.open()
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        self._order_frame_tab_stops()
        super().showEvent(event)

    def _order_frame_tab_stops(self) -> None:
        """Tab in the order things are seen (issue 16): Reload and the tabs at the top, the
        form, then Close and Save at the bottom. The frame's buttons are made before the
        dialog's fields, so Qt's creation order put Reload and the tabs after the form."""
        QWidget.setTabOrder(self.save_button, self.reload_button)
        QWidget.setTabOrder(self.reload_button, self.tabs.tabBar())

    # -- to be provided by the dialogs --------------------------------------------------------
    def read(self) -> Callable[[], Any]:
        """A function (run on the worker) that reads everything the dialog shows."""
        raise NotImplementedError

    def apply(self, detail: Any) -> None:
        """Fill the dialog from a fresh read."""
        raise NotImplementedError

    def values(self) -> dict[str, Any]:
        """The form's values, by service field name, comparable with ``==``."""
        raise NotImplementedError

    def setters(self) -> dict[str, Callable[[Any], None]]:
        """How each of :meth:`values` is put back into the form, by the same names."""
        raise NotImplementedError

    def set_value(self, name: str, value: Any) -> None:
        setter = self.setters().get(name)
        if setter is not None:
            setter(value)

    def update_enabled(self) -> None:
        raise NotImplementedError

    def save(self) -> None:
        raise NotImplementedError

    def read_only_reason(self) -> str:
        """Why the person working may not edit the record, in one line ("" when they may)."""
        raise NotImplementedError

    # -- the Details and History tabs ---------------------------------------------------------
    def start_columns(self) -> None:
        """The two field columns of the Details tab, ``left_form`` and ``right_form``."""
        self.left_form = field_form()
        self.right_form = field_form()

    def finish_columns(self) -> QWidget:
        """The Details tab: the two columns side by side (the right one a little wider), each
        with its form's general error under it, scrolling when the dialog is small."""
        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setContentsMargins(18, 10, 18, 10)
        columns.setSpacing(24)
        for form, stretch, grow in ((self.left_form, 9, False), (self.right_form, 11, True)):
            column = QVBoxLayout()
            column.addLayout(form)
            column.addWidget(form.general_error)
            if grow:
                column.addStretch(1)
            columns.addLayout(column, stretch)
        return scrolling(body)

    def history_page(self) -> QWidget:
        """The History tab: the record's audit trail (``history_model``, ``history_table``)."""
        self.history_model = HistoryModel(self)
        body, self.history_table = history_tab(self.history_model)
        return body

    def show_editable(self, editable: bool) -> None:
        """What follows from whether the person may edit: photos, Save, the read-only note."""
        reason = self.read_only_reason() if self.detail is not None else ""
        self.photos.set_editable(editable, reason)
        self.save_button.setEnabled(editable and not self.busy)
        self.save_button.setToolTip(
            translate("ui.detail.base", "Save the changes (Ctrl+S)") if editable else reason)
        self.note_label.setText(reason)
        self.note_label.setVisible(bool(reason))

    def may_save(self) -> bool:
        """Whether a save may start now; says why not when the person may not edit."""
        if self.detail is None or self.busy:
            return False
        if not self.may_edit and self.person is not None:
            self.message_bar.show_message(self.read_only_reason(),
                                          "warning")  # i18n: no (a level)
            return False
        return True

    @property
    def person_id(self) -> int:
        return self.person.id if self.person is not None else 0

    # -- forms --------------------------------------------------------------------------------
    def add_field(self, form: FieldForm, name: str, text: str, widget: QWidget) -> QWidget:
        """A row for the service field ``name``: caption ``text`` (if any) above ``widget``,
        the service's message under it."""
        form.add_field(name, "", captioned(text, widget) if text else widget)
        self.refusals.add_form(form)
        return widget

    def alias(self, form: FieldForm, field: str, name: str) -> None:
        form.alias(field, name)

    def field_error(self, name: str) -> str:
        return self.refusals.field_error(name)

    def clear_errors(self) -> None:
        self.refusals.clear()

    def show_error(self, error: BaseException) -> None:
        """Put a refusal where it belongs; what was typed is left alone."""
        self.saver.refuse(error)

    def _show_tab_of(self, widget: QWidget | None) -> None:
        show_tab_of(self.tabs, widget)

    def _show_tab(self, number: int) -> None:
        if number < self.tabs.count() and self.tabs.isTabVisible(number):
            self.tabs.setCurrentIndex(number)

    # -- reading ------------------------------------------------------------------------------
    def unsaved(self) -> dict[str, Any]:
        """Fields changed in the form since it was last filled."""
        if self.detail is None:
            return {}
        return {k: v for k, v in self.values().items() if v != self._baseline.get(k)}

    def load(self, keep: dict[str, Any] | None = None) -> None:
        """Read everything again on the worker; ``keep`` (default: the unsaved typing) is put
        back over the fresh values."""
        kept = self.unsaved() if keep is None else keep
        self._busy += 1

        def loaded(detail: Any) -> None:
            self._busy -= 1
            self.detail = detail
            self.apply(detail)
            self._baseline = self.values()
            for name, value in kept.items():
                self.set_value(name, value)
            self.update_enabled()
            self.loaded.emit()

        def failed(error: BaseException) -> None:
            self._busy -= 1
            message = error.message if isinstance(error, KaizenError) else str(error)
            if not isinstance(error, KaizenError):
                log.error("Reading %s %s failed: %r", self.what, self.record_id, error)
            self.message_bar.show_message(message, "error",  # i18n: no (a level)
                                          action_text=translate("ui.detail.base", "Try again"),
                                          action=self.load)
            self.update_enabled()
            self.loaded.emit()

        run_in_background(self.read(), on_success=loaded, on_failure=failed, owner=self,
                          name=f"read {self.what}")

    def reload_after_conflict(self) -> None:
        self.load()
        self.message_bar.show_message(translate(
            "ui.detail.base",
            "Reloaded the saved version. Your changes are still in the form: check them and save "
            "again."), "info")  # i18n: no (a level)

    # -- saving -------------------------------------------------------------------------------
    def run(self, what: str, work: Callable[[], Any],
            done: Callable[[Any], None] | None = None) -> None:
        """Save through the dialog's :class:`FormSaver`; on success call ``done`` and emit
        ``changed``."""

        def succeeded(result: Any) -> None:
            if done is not None:
                done(result)
            self.changed.emit()

        self.saver.save(lambda: work, succeeded, name=f"{what} {self.what}")

    def save_form(self, work: Callable[[], Any], message: str) -> None:
        """Save the form with ``work``; afterwards read again, keeping typing done meanwhile."""
        if self.person is None:
            self.message_bar.show_message(translate("ui.detail.base", "Pick who is working first."),
                                          "warning")  # i18n: no (a level)
            return
        if not self.photos_ready():
            return
        sent = self.values()

        def done(_result: Any) -> None:
            now = self.values()
            self.photos.clear_new()
            self.message_bar.show_message(message, "info")  # i18n: no (a level)
            self.load(keep={k: v for k, v in now.items() if v != sent.get(k)})
            self.saved.emit()

        self.run("save", work, done)

    @property
    def busy(self) -> bool:
        return self._busy > 0 or self.saver.busy

    def set_person(self, person: PersonInfo | None) -> None:
        """Follow the person working (the main window's picker)."""
        self.person = person
        self.update_enabled()

    # -- photos -------------------------------------------------------------------------------
    def make_photo_panel(self) -> PhotoPanel:
        self.photos = PhotoPanel()
        self.photos.openRequested.connect(self.open_photo)
        return self.photos

    def open_photo(self, attachment_id: int) -> PhotoViewer | None:
        """The viewer of a stored photo; whoever may edit the record can remove it there."""
        item = next((i for i in self.photos.items() if i.attachment_id == attachment_id), None)
        if item is None or item.path is None:
            return None
        remove = (lambda: self.remove_photo(attachment_id, item.name)) if self.may_edit else None
        viewer = PhotoViewer(item.path, item.name, self, on_remove=remove)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.viewer = viewer
        viewer.open()
        return viewer

    @property
    def may_edit(self) -> bool:
        """Whether the person working may edit the record (the service decides; this only greys
        out what it would refuse)."""
        return bool(self.detail is not None and self.person is not None
                    and self.person_may_edit(self.person, self.detail.info))

    def person_may_edit(self, person: PersonInfo, info: Any) -> bool:
        return False

    def confirm_remove_photo(self, name: str) -> bool:
        answer = QMessageBox.question(
            self, translate("ui.detail.base", "Remove photo"),
            translate("ui.detail.base", _REMOVE_PHOTO[self.what]).format(name=name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def remove_photo(self, attachment_id: int, name: str) -> None:
        if self.person is None or not self.confirm_remove_photo(name):
            return
        attachments, actor_id = self.services.attachments, self.person.id

        def done(_result: Any) -> None:
            self.message_bar.show_message(
                translate("ui.detail.base", "The photo “{name}” is removed.").format(name=name),
                "info")  # i18n: no (a level)
            self.load()

        self.run("remove photo", lambda: attachments.remove(actor_id, attachment_id), done)

    def new_photo_paths(self) -> list[Path]:
        return self.photos.new_paths()

    def photos_ready(self) -> bool:
        """False (and says so) while new photos are still being checked."""
        if self.photos.is_busy():
            self.message_bar.show_message(translate(
                "ui.detail.base",
                "The new photos are still being checked; save again in a moment."),
                "warning")  # i18n: no (a level)
            return False
        return True
