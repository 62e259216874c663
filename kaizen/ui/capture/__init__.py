"""Quick capture: the "New idea" and "Log waste" dialogs, and what both share.

:class:`CaptureDialog` is the common frame of the two forms (``idea_form.IdeaDialog`` and
``observation_form.ObservationDialog``): the header, a :class:`~kaizen.ui.widgets.form.FieldForm`,
the photo strip, the buttons and the keys, loading the areas and site settings in the worker,
and the save itself:

- Ctrl+Enter saves and closes, Ctrl+Shift+Enter (or "Save and new") saves and clears the form
  for the next entry (the area is kept, focus goes back to the first field), Ctrl+P adds photos,
  Esc cancels and asks first when something was typed.
- The service call runs through the form's :class:`~kaizen.ui.form_op.FormSaver` with the Save
  button showing "Saving…"; a save asked for while the areas load or photos are still being
  checked waits for them.
- A ``ValidationError`` shows under its field, anything else on the form-wide line (Retry when
  the server is away or the disk is full); nothing typed is cleared on an error.
  ``saved(info)`` fires after each successful save.

Numbers and money are typed in the one number editor (:mod:`kaizen.ui.widgets.numbers`): text
that is not a number is refused with a message under its field, and a negative or huge number
goes to the service, which says why it is refused. A spin box would instead swallow the minus
sign or quietly put back the previous value, turning what was typed into something else.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kaizen.i18n import translate
from kaizen.ui import resources
from kaizen.ui.form_op import FormSaver, Refusals
from kaizen.ui.widgets.form import FieldForm
from kaizen.ui.widgets.photo_strip import PhotoStrip
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.people import AreaInfo, PersonInfo, SiteSettings

log = logging.getLogger(__name__)

SAVE_NEW_KEYS = ("Ctrl+Shift+Return", "Ctrl+Shift+Enter")
PHOTO_KEY = "Ctrl+P"
# QLineEdit keeps at most 32,767 characters by default and silently cuts a longer paste; the form
# takes it all so the service can say how long it was and what the limit is.
UNLIMITED_LENGTH = 1 << 30

_STYLE = """
QLabel#CaptureBadge { background: #e6f3f1; border-radius: 12px; }
QLabel#CaptureSaved { color: #067647; }
QLabel#FieldSuffix { color: #667085; }
QLabel#FieldHint { color: #98a2b3; font-size: 9pt; }
"""


def line_edit(placeholder: str, accessible_name: str) -> QLineEdit:
    """A one-line text field that never shortens what is typed or pasted into it."""
    edit = QLineEdit()
    edit.setMaxLength(UNLIMITED_LENGTH)
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(accessible_name)
    return edit


def suffix_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("FieldSuffix")
    label.setTextFormat(Qt.TextFormat.PlainText)
    # Never squeezed below its text (issue 16: "EUR a year" was cut at 1280x720).
    label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
    return label


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("FieldHint")
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def row_of(*items: QWidget | int, stretch: bool = True) -> QWidget:
    """Widgets side by side (an int is a gap in pixels), focus handed to the first widget."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(8)
    first: QWidget | None = None
    for item in items:
        if isinstance(item, int):
            row.addSpacing(item)
            continue
        row.addWidget(item)
        if first is None and item.focusPolicy() != Qt.FocusPolicy.NoFocus:
            first = item
    if stretch:
        row.addStretch(1)
    if first is not None:
        # FieldForm focuses the row's widget on an error: the first input then gets it.
        holder.setFocusProxy(first)
    return holder


class CaptureDialog(QDialog):
    """The frame both capture forms share; subclasses add their fields and build the save."""

    saved = Signal(object)  # the SuggestionInfo or ObservationInfo just saved
    saveFinished = Signal()  # after every save attempt, saved or refused
    referenceLoaded = Signal()  # areas and settings are in

    kind = "record"  # "idea", "observation": the worker's task names (the words are methods)
    heading = ""  # marked with QT_TRANSLATE_NOOP by each form; shown by heading_text()
    icon_name = "mdi6.plus"
    width_px = 720

    def __init__(self, services: Services, person: PersonInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(type(self).__name__)
        self.setStyleSheet(_STYLE)
        self.setWindowTitle(self.heading_text())
        self.setModal(True)
        self.services = services
        self.person = person
        self.areas: dict[int, AreaInfo] = {}
        self.site: SiteSettings | None = None
        self.discard_box: QMessageBox | None = None
        self._discard_button: QPushButton | None = None
        self._loaded = False
        self._pending_save: bool | None = None  # the "and new" flag of a save waiting its turn
        self._first_area_load = True

        self.form = FieldForm()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.photos = PhotoStrip()
        self.photos.changed.connect(self._on_edited)
        self.photos.busyChanged.connect(self._on_photos_busy)

        self.saved_label = QLabel("")
        self.saved_label.setObjectName("CaptureSaved")
        self.saved_label.setTextFormat(Qt.TextFormat.PlainText)
        self.saved_label.hide()
        self.cancel_button = QPushButton(translate("ui.capture", "Cancel"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setToolTip(translate("ui.capture", "Close without saving (Esc)"))
        self.cancel_button.clicked.connect(self.reject)
        self.save_new_button = QPushButton(translate("ui.capture", "Save and new"))
        self.save_new_button.setObjectName("SaveNewButton")
        self.save_new_button.setAutoDefault(False)
        self.save_new_button.setToolTip(self.save_new_tip())
        self.save_new_button.clicked.connect(self.save_and_new)
        self.save_button = QPushButton(translate("ui.capture", "Save"))
        self.save_button.setObjectName("PrimaryButton")
        self.save_button.setAutoDefault(False)
        self.save_button.setToolTip(self.save_tip())
        self.save_button.clicked.connect(self.save)
        self._save_text = self.save_button.text()

        # The one save mechanism; the forms add routes for fields outside self.form.
        self.refusals = Refusals(self.form)
        self.refusals.add_route("photos", self.photos.show_message, self.photos.add_button)
        self.saver = FormSaver(self, self.refusals, what=f"the {self.kind}")
        self.saver.busyChanged.connect(lambda busy: self._set_busy(busy))
        self.saver.finished.connect(lambda _saved: self.saveFinished.emit())

        self._build_layout()
        self.saver.submit_on(self.save)  # Ctrl+Enter, as in every form
        for keys in SAVE_NEW_KEYS:
            QShortcut(QKeySequence(keys), self, activated=self.save_and_new)
        QShortcut(QKeySequence(PHOTO_KEY), self, activated=self.photos.open_picker)
        self.setMinimumWidth(self.width_px)
        self._load_reference()

    # -- to fill in by each form ------------------------------------------------------------
    def build_fields(self, form: FieldForm) -> None:
        """Add the form's rows (the photo row is added after them)."""
        raise NotImplementedError

    def build_above(self) -> QWidget | None:
        """Anything shown full width above the form's rows (the waste picker)."""
        return None

    def make_save(self) -> Callable[[], Any]:
        """Read the widgets into service input and return the call to run in the worker.

        Runs on the GUI thread; the returned function runs on a pool thread, so it must hold
        plain data and services only. May raise ValidationError for input the form can judge
        itself (text that is not a number)."""
        raise NotImplementedError

    def clear_for_next(self) -> None:
        """Empty the fields for the next entry, keeping the area."""
        raise NotImplementedError

    def has_typed_input(self) -> bool:
        """Whether closing would throw away something the person typed or chose."""
        raise NotImplementedError

    def first_field(self) -> QWidget:
        raise NotImplementedError

    def area_combo_widget(self) -> Any:
        raise NotImplementedError

    def heading_text(self) -> str:
        """The form's title as shown (each form translates its own)."""
        return self.heading

    def save_tip(self) -> str:
        return translate("ui.capture", "Save and close (Ctrl+Enter)")

    def save_new_tip(self) -> str:
        return translate("ui.capture",
                         "Save, then clear the form for the next one (Ctrl+Shift+Enter)")

    def discard_question(self) -> str:
        return translate("ui.capture", "Discard what you typed?")

    def saved_message(self, info: Any) -> str:
        return translate("ui.capture", "#{id} saved").format(id=info.id)

    def on_reference_loaded(self) -> None:
        """Areas and settings are in ``self.areas`` / ``self.site``."""

    # -- public -------------------------------------------------------------------------------
    @property
    def is_ready(self) -> bool:
        return self._loaded and not self.saver.busy and not self.photos.is_busy()

    def save(self) -> None:
        self._request_save(and_new=False)

    def save_and_new(self) -> None:
        self._request_save(and_new=True)

    def reject(self) -> None:
        if self.saver.busy:
            return  # the save decides; closing now would hide its outcome
        if self.has_typed_input():
            self._ask_discard()
            return
        super().reject()

    # -- building -----------------------------------------------------------------------------
    def _build_layout(self) -> None:
        badge = QLabel()
        badge.setObjectName("CaptureBadge")
        badge.setFixedSize(QSize(44, 44))
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        badge.setPixmap(resources.icon(self.icon_name, resources.ACCENT).pixmap(QSize(24, 24)))
        title = QLabel(self.heading_text())
        title.setObjectName("DialogTitle")
        title.setTextFormat(Qt.TextFormat.PlainText)
        subtitle = QLabel(self.subtitle_text())
        subtitle.setObjectName("DialogText")
        subtitle.setTextFormat(Qt.TextFormat.PlainText)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(title)
        titles.addWidget(subtitle)
        header = QHBoxLayout()
        header.setSpacing(14)
        header.addWidget(badge)
        header.addLayout(titles, 1)

        self.build_fields(self.form)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.saved_label)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_new_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(16)
        layout.addLayout(header)
        above = self.build_above()
        if above is not None:
            layout.addWidget(above)
        layout.addLayout(self.build_body())
        layout.addWidget(self.form.general_error)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def subtitle_text(self) -> str:
        return translate("ui.capture", "By {name}").format(name=self.person.name)

    def build_body(self) -> QLayout:
        """The form's rows with the photos as the last one; the observation form puts the
        photos beside the rows instead."""
        self.form.addRow(translate("ui.capture", "Photos"), self.photos)
        return self.form

    # -- reference data -------------------------------------------------------------------------
    def _load_reference(self) -> None:
        people = self.services.people
        run_in_background(
            lambda: (people.list_areas(), people.settings()),
            on_success=self._on_reference,
            on_failure=self._on_reference_failed,
            owner=self, name="capture areas",
        )

    def _on_reference(self, payload: tuple[list[AreaInfo], SiteSettings]) -> None:
        areas, site = payload
        self.areas = {a.id: a for a in areas}
        self.site = site
        combo = self.area_combo_widget()
        combo.set_areas(areas)
        if self._first_area_load:
            self._first_area_load = False
            # The person's home area, else the site (the first area in tree order).
            combo.set_selected_id(self.person.home_area_id)
        self._loaded = True
        self.on_reference_loaded()
        self.referenceLoaded.emit()
        self._run_pending_save()

    def _on_reference_failed(self, error: BaseException) -> None:
        log.error("Loading areas for the capture form failed: %r", error)
        self.form.general_error.show_message(
            translate("ui.capture", "The areas could not be loaded: {error}").format(error=error))

    # -- saving ---------------------------------------------------------------------------------
    def _request_save(self, *, and_new: bool) -> None:
        if self.saver.busy:
            return
        if not self._loaded or self.photos.is_busy():
            self._pending_save = and_new
            self._set_busy(True, waiting=True)
            return
        self._start_save(and_new)

    def _run_pending_save(self) -> None:
        if self._pending_save is None or not self._loaded or self.photos.is_busy():
            return
        and_new, self._pending_save = self._pending_save, None
        self._set_busy(False)
        self._start_save(and_new)

    def _on_photos_busy(self, busy: bool) -> None:
        if not busy:
            self._run_pending_save()

    def _start_save(self, and_new: bool) -> None:
        self.saved_label.hide()
        self.saver.save(self.make_save, functools.partial(self._on_saved, and_new=and_new),
                        retry=functools.partial(self._request_save, and_new=and_new),
                        name=f"save {self.kind}")

    def _set_busy(self, busy: bool, *, waiting: bool = False) -> None:
        self.save_button.setEnabled(not busy)
        self.save_new_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy or waiting)
        if waiting:
            text = (translate("ui.capture", "Waiting for photos…") if self._loaded
                    else translate("ui.capture", "Loading…"))
        else:
            text = translate("ui.capture", "Saving…") if busy else self._save_text
        self.save_button.setText(text)

    def _on_saved(self, info: Any, *, and_new: bool) -> None:
        self.saved.emit(info)
        if not and_new:
            self.accept()
            return
        self.clear_for_next()
        self.photos.clear()
        self.refusals.clear()
        self.saved_label.setText(translate("ui.capture", "✓ {saved}. Ready for the next one.")
                                 .format(saved=self.saved_message(info)))
        self.saved_label.show()
        self.first_field().setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_edited(self, *_args: object) -> None:
        self.saved_label.hide()

    # -- cancelling -----------------------------------------------------------------------------
    def _ask_discard(self) -> None:
        if self.discard_box is not None:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        # A short title: the long one was cut in the title bar ("Discard this…bservation?").
        box.setWindowTitle(translate("ui.capture", "Discard?"))
        box.setText(self.discard_question())
        box.setInformativeText(translate("ui.capture",
                                         "What you typed has not been saved and will be lost."))
        discard = box.addButton(translate("ui.capture", "Discard"),
                                QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(translate("ui.capture", "Keep editing"),
                             QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.discard_box = box
        self._discard_button = discard
        box.finished.connect(self._on_discard_answered)
        box.open()

    def _on_discard_answered(self, _result: int) -> None:
        box, self.discard_box = self.discard_box, None
        if box is not None and box.clickedButton() is self._discard_button:
            QDialog.reject(self)
