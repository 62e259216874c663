"""Photos in the detail dialogs: the stored ones, new ones to add on Save, and a viewer.

:class:`PhotoPanel` is two of the shared :class:`~kaizen.ui.widgets.photo_strip.PhotoStrip`:
a read-only strip of the photos the record has (double-click or Enter opens one in
:class:`PhotoViewer`), and, for whoever may edit the record, an editable strip where new photos
are dropped or picked; those are checked as they are added and stored with the next Save.
A stored photo is removed from the viewer ("Remove photo"), after a confirmation.

The viewer decodes the picture with Pillow on the worker (JPEG draft mode, turned as the camera
meant) and gets raw RGBA bytes back, which become a ``QImage`` without decoding on the GUI
thread. The worker functions here touch no Qt object.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kaizen.i18n import translate
from kaizen.services.attachments import MAX_PHOTOS
from kaizen.ui import resources
from kaizen.ui.detail.widgets import label
from kaizen.ui.widgets.message_bar import ActionMessageBar
from kaizen.ui.widgets.photo_strip import PhotoStrip
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from kaizen.services.attachments import StoredPhoto

VIEW_MAX = 1600  # pixels, the longer side of a picture in the viewer


@dataclass(frozen=True, slots=True)
class Picture:
    """A decoded picture: width, height and RGBA bytes (no Qt object, made on a worker)."""

    width: int
    height: int
    rgba: bytes

    def image(self) -> QImage:
        image = QImage(self.rgba, self.width, self.height, 4 * self.width,
                       QImage.Format.Format_RGBA8888)
        return image.copy()  # own the pixels: the bytes object may go away


def load_picture(path: Path, longest: int) -> Picture | None:
    """``path`` scaled to at most ``longest`` pixels a side, turned as the camera meant; None if
    it cannot be read. Runs on a worker thread."""
    from PIL import Image, ImageOps  # Pillow is imported on first use only

    try:
        with Image.open(path) as image:
            image.draft("RGB", (longest, longest))  # JPEG: decode at a reduced size
            turned = ImageOps.exif_transpose(image)
            picture = turned.convert("RGBA")
        picture.thumbnail((longest, longest))
        return Picture(picture.width, picture.height, picture.tobytes())
    except Exception:  # an unreadable file: the viewer says so
        return None


class PhotoPanel(QWidget):
    """The photos of one record: stored ones (read only) and new ones for the next Save.

    ``openRequested(attachment_id)`` asks for the viewer of a stored photo;
    ``newPhotosChanged`` fires when the new photos change.
    """

    openRequested = Signal(int)
    newPhotosChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[StoredPhoto] = []
        self._shown = False
        self._editable = False
        self.existing = PhotoStrip(open_on_activate=False)
        self.existing.show_existing([])
        self.existing.photoActivated.connect(self._on_activated)
        self.new = PhotoStrip()
        self.new.changed.connect(self.newPhotosChanged)
        self.new.changed.connect(self._update)
        self.missing_label = label("", "FieldHint")
        self.missing_label.hide()
        self.read_only_label = label(translate("ui.detail.photos", "No photos."), "TabNote")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.existing)
        column.addWidget(self.missing_label)
        column.addWidget(self.new)
        column.addWidget(self.read_only_label)
        self._update()

    def show_existing(self, items: Sequence[StoredPhoto]) -> None:
        if list(items) == self._items and self._shown:
            return  # a reload with the same photos: keep the tiles (rebuilding costs ~25 ms)
        self._shown = True
        self._items = list(items)
        present = [(item.name, item.path) for item in self._items if item.path is not None]
        self.existing.show_existing(present)
        missing = [item for item in self._items if item.path is None]
        self.missing_label.setText("\n".join(item.problem for item in missing))
        self.missing_label.setVisible(bool(missing))
        # Ten at most in all: the new strip takes what is left.
        self.new.max_photos = max(0, MAX_PHOTOS - len(self._items))
        self._update()

    def items(self) -> list[StoredPhoto]:
        return list(self._items)

    def new_paths(self) -> list[Path]:
        """The files to store with the next Save."""
        return self.new.paths()

    def add_files(self, paths: Sequence[Path]) -> None:
        """Add files to the next Save (as dropping or picking them does)."""
        self.new.add_paths(paths)

    def is_busy(self) -> bool:
        return self.new.is_busy()

    def clear_new(self) -> None:
        self.new.clear()

    def show_message(self, message: str) -> None:
        self.new.show_message(message)

    def set_editable(self, editable: bool, reason: str = "") -> None:
        self._editable = editable
        self.new.setToolTip("" if editable else reason)
        self._update()

    def _update(self) -> None:
        has_existing = bool(self._items)
        self.existing.setVisible(has_existing)
        # Someone who may not edit sees only what is there; pending new files stay visible.
        self.new.setVisible(self._editable or bool(self.new.paths()))
        self.new.setEnabled(self._editable)
        self.read_only_label.setVisible(not has_existing and not self.new.isVisibleTo(self))

    def _on_activated(self, path: Path) -> None:
        item = next((i for i in self._items if i.path == path), None)
        if item is not None:
            self.openRequested.emit(item.attachment_id)


class PhotoViewer(QDialog):
    """One photo, scaled to fit (at most 1600 px a side), read on the worker. Esc closes.

    With ``on_remove``, a "Remove photo" button offers to take the photo off the record."""

    loaded = Signal()

    def __init__(self, path: Path, name: str, parent: QWidget | None = None, *,
                 on_remove: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(name)
        self.setObjectName("PhotoViewer")
        self.resize(960, 720)
        self.setSizeGripEnabled(True)
        self.image_label = QLabel(translate("ui.detail.photos", "Loading…"))
        self.image_label.setObjectName("PhotoViewerImage")
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label.setStyleSheet("color: #d0d5dd;")
        self.message_bar = ActionMessageBar()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.image_label)
        self.scroll.setStyleSheet("QScrollArea { background: #101828; border: none; }")
        self.remove_button = QPushButton(translate("ui.detail.photos", "Remove photo"))
        self.remove_button.setIcon(resources.icon("mdi6.trash-can-outline", "#b42318"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.setVisible(on_remove is not None)
        self._on_remove = on_remove
        self.remove_button.clicked.connect(self._remove)
        close = QPushButton(translate("ui.detail.photos", "Close"))
        close.setDefault(True)
        close.clicked.connect(self.accept)
        caption = label(name, "DialogNote")
        bottom = QHBoxLayout()
        bottom.addWidget(caption, 1)
        bottom.addWidget(self.remove_button)
        bottom.addWidget(close)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 12, 12, 12)
        column.addWidget(self.message_bar)
        column.addWidget(self.scroll, 1)
        column.addLayout(bottom)
        self._pixmap: QPixmap | None = None
        run_in_background(lambda: load_picture(path, VIEW_MAX), on_success=self._show,
                          owner=self, name="photo viewer")

    def _show(self, picture: Picture | None) -> None:
        if picture is None:
            self.image_label.setText("")
            self.message_bar.show_message(
                translate("ui.detail.photos", "This photo cannot be read."), "error")  # i18n: no
        else:
            self._pixmap = QPixmap.fromImage(picture.image())
            self._fit()
        self.loaded.emit()

    def _fit(self) -> None:
        if self._pixmap is None:
            return
        room = self.scroll.viewport().size()
        if self._pixmap.width() <= room.width() and self._pixmap.height() <= room.height():
            self.image_label.setPixmap(self._pixmap)
        else:
            self.image_label.setPixmap(self._pixmap.scaled(
                room, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))

    def _remove(self) -> None:
        if self._on_remove is not None:
            self.accept()
            self._on_remove()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit()

    @property
    def pixmap(self) -> QPixmap | None:
        return self._pixmap
