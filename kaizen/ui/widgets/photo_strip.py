"""The photo strip: add photos by drop or file picker, see thumbnails, remove; or just show them.

Editable (capture forms): a dashed drop zone with an "Add photos…" button (forms bind Ctrl+P to
:meth:`PhotoStrip.open_picker`), then one tile per photo with a remove button. Each file is
checked with the attachment service's ``check_photo`` as it is added (type from its bytes, size
cap, decompression bombs) and its thumbnail is decoded with ``QImageReader`` scaled down while
reading, both on the background worker: checking a 14 MB JPEG and decoding it takes about 0.4 s,
far over what the GUI thread may spend. A tile shows "Checking…" until then; a refused file's
tile goes away and the reason is shown under the strip, in the service's words.
:meth:`PhotoStrip.paths` gives the accepted files, in the order they were added.

Read-only (detail views): :meth:`PhotoStrip.show_existing` shows stored photos as tiles, with no
drop zone and no remove buttons; activating a tile (double-click, Enter) emits ``photoActivated``
and opens the file in the system viewer unless ``open_on_activate`` is off.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QImage,
    QImageReader,
    QKeyEvent,
    QMouseEvent,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kaizen.config import pictures_dir
from kaizen.domain.numbers import format_number
from kaizen.i18n import translate
from kaizen.services.attachments import MAX_PHOTO_BYTES, MAX_PHOTOS, PhotoCheck, check_photo
from kaizen.ui import resources
from kaizen.ui.worker import run_in_background

THUMB_SIZE = QSize(112, 84)
TILE_SPACING = 8
PATTERNS = "*.jpg *.jpeg *.png *.webp *.gif *.JPG *.JPEG *.PNG *.WEBP *.GIF"



def name_filter() -> str:
    """The file dialog's filter for photos, named in the app's language."""
    return translate("ui.widgets.photo_strip", "Photos ({patterns})").format(patterns=PATTERNS)

CheckFn = Callable[[Path], PhotoCheck]

_STYLE = """
QFrame#PhotoDropZone {
    background: #fcfcfd; border: 1px dashed #c4cad3; border-radius: 10px;
}
QFrame#PhotoDropZone[dragging="true"] { background: #e6f3f1; border: 1px dashed #0f766e; }
QLabel#PhotoDropText { color: #475467; }
QLabel#PhotoDropNote { color: #98a2b3; font-size: 9pt; }
QFrame#PhotoTile { background: #ffffff; border: 1px solid #e4e7ec; border-radius: 8px; }
QFrame#PhotoTile:focus { border: 2px solid #0f766e; }
QLabel#PhotoThumb { background: #f2f4f7; border-radius: 6px; color: #98a2b3; }
QLabel#PhotoName { color: #475467; font-size: 8.5pt; }
QToolButton#PhotoRemove {
    background: rgba(16, 24, 40, 0.62); border: none; border-radius: 10px; padding: 2px;
}
QToolButton#PhotoRemove:hover { background: rgba(180, 35, 24, 0.9); }
QLabel#PhotoEmpty { color: #98a2b3; }
QLabel#PhotoError { color: #b42318; font-size: 9pt; }
"""


def load_photo(path: Path, check: CheckFn, box: QSize) -> tuple[PhotoCheck, QImage | None]:
    """Check ``path`` and, when it is a photo, decode a thumbnail that fits ``box``.

    Runs on a pool thread: it touches no widget (QImage is a plain value, safe off the GUI
    thread). The file is checked first so a bomb never reaches the decoder.
    """
    result = check(path)
    if not result.ok:
        return result, None
    return result, read_thumbnail(path, box)


def read_thumbnail(path: Path, box: QSize) -> QImage | None:
    """The picture at ``path`` scaled to fit ``box`` while it is decoded (JPEG decodes at a
    fraction of its size directly), turned upright from its EXIF orientation; None if Qt cannot
    read it."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and (size.width() > box.width() or size.height() > box.height()):
        reader.setScaledSize(size.scaled(box, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return None
    if image.width() > box.width() or image.height() > box.height():
        # EXIF rotation is applied after scaling, so a portrait photo can come out too tall.
        image = image.scaled(box, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    return image


LAST_FOLDER_KEY = "photos/lastFolder"


def picker_folder() -> Path:
    """The folder photos were last picked from (kept per machine), else Pictures or home."""
    stored = QSettings().value(LAST_FOLDER_KEY)
    if isinstance(stored, str) and stored and Path(stored).is_dir():
        return Path(stored)
    return pictures_dir()


def remember_picker_folder(paths: list[str]) -> None:
    if paths:
        QSettings().setValue(LAST_FOLDER_KEY, str(Path(paths[0]).parent))


@dataclass
class _Photo:
    token: int
    path: Path
    name: str
    tile: PhotoTile
    check: PhotoCheck | None = None
    existing: bool = False

    @property
    def pending(self) -> bool:
        return self.check is None and not self.existing


class PhotoTile(QFrame):
    """One photo: its thumbnail (or a placeholder while it is checked), its name and, when the
    strip is editable, a remove button. Delete removes it, Enter or a double-click opens it."""

    removeRequested = Signal(int)
    activated = Signal(int)

    def __init__(self, token: int, name: str, *, removable: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.token = token
        self.setObjectName("PhotoTile")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(name)
        self.setAccessibleName(translate("ui.widgets.photo_strip", "Photo {name}").format(
            name=name))
        self.thumb = QLabel(translate("ui.widgets.photo_strip", "Checking…"))
        self.thumb.setObjectName("PhotoThumb")
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumb.setFixedSize(THUMB_SIZE)
        self.name_label = QLabel()
        self.name_label.setObjectName("PhotoName")
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.name_label.setFixedWidth(THUMB_SIZE.width())
        self.name_label.setText(
            self.name_label.fontMetrics().elidedText(name, Qt.TextElideMode.ElideMiddle,
                                                     THUMB_SIZE.width())
        )
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 3)
        column.setSpacing(3)
        column.addWidget(self.thumb)
        column.addWidget(self.name_label)

        self.remove_button: QToolButton | None = None
        if removable:
            button = QToolButton(self)
            button.setObjectName("PhotoRemove")
            button.setIcon(resources.icon("mdi6.close", "#ffffff"))
            button.setIconSize(QSize(14, 14))
            button.setFixedSize(QSize(20, 20))
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            # Tiles take the keyboard (Delete); the button is for the mouse.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(translate("ui.widgets.photo_strip", "Remove {name} (Delete)")
                              .format(name=name))
            button.setAccessibleName(translate("ui.widgets.photo_strip", "Remove {name}")
                                     .format(name=name))
            button.clicked.connect(self._on_remove)
            button.move(4 + THUMB_SIZE.width() - 22, 6)
            button.raise_()
            self.remove_button = button

    def set_image(self, image: QImage | None) -> None:
        if image is None:
            self.thumb.setText("")
            self.thumb.setPixmap(resources.icon("mdi6.image-outline", resources.FAINT)
                                 .pixmap(QSize(32, 32)))
            return
        pixmap = QPixmap.fromImage(image)
        ratio = max(1.0, self.devicePixelRatioF())
        pixmap.setDevicePixelRatio(ratio)
        self.thumb.setText("")
        self.thumb.setPixmap(pixmap)

    def _on_remove(self) -> None:
        self.removeRequested.emit(self.token)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.remove_button:
            self.removeRequested.emit(self.token)
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.token)
            event.accept()
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.activated.emit(self.token)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)


class PhotoStrip(QWidget):
    """Photos for one idea or observation. ``changed`` fires when the accepted photos change;
    ``busyChanged(bool)`` while files are being checked; ``photoActivated(Path)`` on a tile."""

    changed = Signal()
    busyChanged = Signal(bool)
    photoActivated = Signal(Path)

    def __init__(self, parent: QWidget | None = None, *, max_photos: int = MAX_PHOTOS,
                 check: CheckFn = check_photo, open_on_activate: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("PhotoStrip")
        self.setStyleSheet(_STYLE)
        self.setAcceptDrops(True)
        self.max_photos = max_photos
        self.open_on_activate = open_on_activate
        self._check = check
        self._photos: list[_Photo] = []
        self._tokens = itertools.count(1)
        self._messages: list[str] = []
        # Refusals of checked files by tile token: listed in the order the files were given, not
        # in the order their background checks happened to finish.
        self._refusals: dict[int, str] = {}
        self._editable = True
        self._columns = 0
        self.file_dialog: QFileDialog | None = None

        self.drop_zone = QFrame()
        self.drop_zone.setObjectName("PhotoDropZone")
        self.drop_zone.setProperty("dragging", False)
        icon = QLabel()
        icon.setPixmap(resources.icon("mdi6.image-plus-outline", resources.MUTED)
                       .pixmap(QSize(22, 22)))
        self.drop_text = QLabel(translate("ui.widgets.photo_strip", "Drop photos here, or"))
        self.drop_text.setObjectName("PhotoDropText")
        self.add_button = QPushButton(translate("ui.widgets.photo_strip", "Add photos…"))
        self.add_button.setObjectName("AddPhotosButton")
        self.add_button.setAutoDefault(False)
        self.add_button.setToolTip(translate("ui.widgets.photo_strip",
                                             "Choose photos from this computer (Ctrl+P)"))
        self.add_button.clicked.connect(self.open_picker)
        self.note = QLabel(
            translate("ui.widgets.photo_strip",
                      "JPEG, PNG, WebP or GIF · up to {megabytes} MB each · {count} at most")
            .format(megabytes=MAX_PHOTO_BYTES // 1_048_576, count=max_photos)
        )
        self.note.setObjectName("PhotoDropNote")
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(icon)
        top.addWidget(self.drop_text)
        top.addWidget(self.add_button)
        top.addStretch(1)
        zone = QVBoxLayout(self.drop_zone)
        zone.setContentsMargins(12, 8, 12, 8)
        zone.setSpacing(4)
        zone.addLayout(top)
        zone.addWidget(self.note)

        self.tiles = QWidget()
        self.tiles.setObjectName("PhotoTiles")
        self.tile_grid = QGridLayout(self.tiles)
        self.tile_grid.setContentsMargins(0, 0, 0, 0)
        self.tile_grid.setSpacing(TILE_SPACING)
        self.tile_grid.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.tiles.hide()

        self.empty_label = QLabel(translate("ui.widgets.photo_strip", "No photos"))
        self.empty_label.setObjectName("PhotoEmpty")
        self.empty_label.hide()

        self.error_label = QLabel()
        self.error_label.setObjectName("PhotoError")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(self.drop_zone)
        column.addWidget(self.tiles)
        column.addWidget(self.empty_label)
        column.addWidget(self.error_label)

    # -- public -------------------------------------------------------------------------------
    def paths(self) -> list[Path]:
        """The files accepted so far, in the order they were added (pending ones excluded)."""
        return [p.path for p in self._photos if p.check is not None and p.check.ok]

    def is_busy(self) -> bool:
        return any(p.pending for p in self._photos)

    def error_text(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def show_message(self, message: str) -> None:
        """Show ``message`` under the strip (a refusal from the service when saving)."""
        self._messages = [message] if message else []
        self._refusals = {}
        self._show_messages()

    def add_paths(self, paths: Iterable[Path | str]) -> None:
        """Add files: each is checked and thumbnailed in the background; refusals are listed
        under the strip. A file already in the strip is skipped."""
        if not self._editable:
            return
        self._messages = []
        self._refusals = {}
        have = {p.path for p in self._photos}
        fresh: list[Path] = []
        for raw in paths:
            path = Path(raw)
            if path in have or path in fresh:
                continue
            fresh.append(path)
        room = self.max_photos - len(self._photos)
        if len(fresh) > room:
            left_out = [p.name for p in fresh[max(room, 0):]]
            names = ", ".join(left_out)
            self._messages.append(
                translate("ui.widgets.photo_strip",
                          "At most {count} photos: {names} was not added.")
                .format(count=self.max_photos, names=names) if len(left_out) == 1 else
                translate("ui.widgets.photo_strip",
                          "At most {count} photos: {names} were not added.")
                .format(count=self.max_photos, names=names)
            )
            fresh = fresh[: max(room, 0)]
        was_busy = self.is_busy()
        box = self._thumb_box()
        for path in fresh:
            photo = self._add_tile(path, path.name, removable=True)
            run_in_background(
                functools.partial(load_photo, path, self._check, box),
                on_success=functools.partial(self._on_loaded, photo.token),
                on_failure=functools.partial(self._on_load_failed, photo.token),
                owner=self, name="photo check",
            )
        self._show_messages()
        if fresh and not was_busy:
            self.busyChanged.emit(True)

    def remove(self, path: Path | str) -> None:
        photo = next((p for p in self._photos if p.path == Path(path)), None)
        if photo is not None:
            self._remove_token(photo.token)

    def clear(self) -> None:
        """Forget every photo and message (a saved form starting again)."""
        was_busy = self.is_busy()
        had = bool(self.paths())
        for photo in self._photos:
            photo.tile.deleteLater()
        self._photos = []
        self._messages = []
        self._refusals = {}
        self._relayout()
        self._show_messages()
        if was_busy:
            self.busyChanged.emit(False)
        if had:
            self.changed.emit()

    def show_existing(self, items: Sequence[tuple[str, Path]]) -> None:
        """Read-only: show stored photos as (display name, file) pairs; no adding, no removing."""
        self.clear()
        self._editable = False
        self.setAcceptDrops(False)
        self.drop_zone.hide()
        box = self._thumb_box()
        for name, path in items:
            photo = self._add_tile(Path(path), name, removable=False)
            photo.existing = True
            run_in_background(
                functools.partial(read_thumbnail, Path(path), box),
                on_success=functools.partial(self._on_thumbnail, photo.token),
                on_failure=functools.partial(self._on_thumbnail_failed, photo.token),
                owner=self, name="photo thumbnail",
            )
        self.empty_label.setVisible(not items)

    def open_picker(self) -> None:
        """The file dialog for choosing photos (non-blocking; Ctrl+P in the capture forms)."""
        if not self._editable or not self.isEnabled():
            return
        if self.file_dialog is not None:
            self.file_dialog.raise_()
            return
        dialog = QFileDialog(self.window(), translate("ui.widgets.photo_strip", "Add photos"),
                             str(picker_folder()))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters([name_filter(),
                               translate("ui.widgets.photo_strip", "All files (*)")])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.filesSelected.connect(remember_picker_folder)
        dialog.filesSelected.connect(self.add_paths)
        dialog.finished.connect(self._on_picker_closed)
        self.file_dialog = dialog
        dialog.open()

    # -- drag and drop --------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._editable and self._local_files(event.mimeData().urls()):
            event.acceptProposedAction()
            self._set_dragging(True)
            return
        event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._editable and event.mimeData().hasUrls():
            event.acceptProposedAction()
            return
        event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_dragging(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_dragging(False)
        if not self._editable or not event.mimeData().hasUrls():
            event.ignore()
            return
        urls = event.mimeData().urls()
        files = self._local_files(urls)
        event.acceptProposedAction()
        self.add_paths(files)
        if len(files) < len(urls):
            self._messages.append(translate("ui.widgets.photo_strip",
                                            "Only files on this computer can be added."))
            self._show_messages()

    # -- internals ----------------------------------------------------------------------------
    @staticmethod
    def _local_files(urls: Iterable[QUrl]) -> list[Path]:
        return [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]

    def _set_dragging(self, on: bool) -> None:
        self.drop_zone.setProperty("dragging", on)
        self.drop_zone.style().unpolish(self.drop_zone)
        self.drop_zone.style().polish(self.drop_zone)

    def _thumb_box(self) -> QSize:
        ratio = max(1.0, self.devicePixelRatioF())
        return QSize(round(THUMB_SIZE.width() * ratio), round(THUMB_SIZE.height() * ratio))

    def _add_tile(self, path: Path, name: str, *, removable: bool) -> _Photo:
        token = next(self._tokens)
        tile = PhotoTile(token, name, removable=removable)
        tile.removeRequested.connect(self._remove_token)
        tile.activated.connect(self._on_tile_activated)
        photo = _Photo(token=token, path=path, name=name, tile=tile)
        self._photos.append(photo)
        self._relayout()
        return photo

    def _find(self, token: int) -> _Photo | None:
        return next((p for p in self._photos if p.token == token), None)

    def _on_loaded(self, token: int, outcome: tuple[PhotoCheck, QImage | None]) -> None:
        photo = self._find(token)
        if photo is None:
            return  # removed while it was being checked
        check, image = outcome
        if not check.ok:
            self._refusals[token] = check.message
            self._drop(photo)
        elif any(p.check is not None and p.check.sha256 == check.sha256 for p in self._photos):
            self._refusals[token] = translate(
                "ui.widgets.photo_strip", "{name}: this photo is already added.").format(
                name=check.display_name)
            self._drop(photo)
        else:
            photo.check = check
            photo.tile.set_image(image)
            photo.tile.setToolTip(
                f"{check.display_name} · {check.width} × {check.height} · "
                f"{_size_text(check.size_bytes)}"
            )
            self._after_settled()
            self.changed.emit()
            return
        self._after_settled()

    def _on_load_failed(self, token: int, error: BaseException) -> None:
        photo = self._find(token)
        if photo is None:
            return
        self._refusals[token] = translate(
            "ui.widgets.photo_strip", "{name}: the file could not be read ({error}).").format(
            name=photo.name, error=error)
        self._drop(photo)
        self._after_settled()

    def _on_thumbnail(self, token: int, image: QImage | None) -> None:
        photo = self._find(token)
        if photo is not None:
            photo.tile.set_image(image)

    def _on_thumbnail_failed(self, token: int, _error: BaseException) -> None:
        self._on_thumbnail(token, None)

    def _drop(self, photo: _Photo) -> None:
        self._photos.remove(photo)
        photo.tile.hide()
        photo.tile.deleteLater()
        self._relayout()

    def _after_settled(self) -> None:
        self._show_messages()
        if not self.is_busy():
            self.busyChanged.emit(False)

    def _remove_token(self, token: int) -> None:
        photo = self._find(token)
        if photo is None or not self._editable:
            return
        was_busy = self.is_busy()
        index = self._photos.index(photo)
        accepted = photo.check is not None and photo.check.ok
        self._drop(photo)
        self._messages = []
        self._refusals = {}
        self._show_messages()
        if self._photos:
            # Keep the keyboard in the strip: the next tile, or the one before.
            self._photos[min(index, len(self._photos) - 1)].tile.setFocus()
        else:
            self.add_button.setFocus()
        if was_busy and not self.is_busy():
            self.busyChanged.emit(False)
        if accepted:
            self.changed.emit()

    def _on_tile_activated(self, token: int) -> None:
        photo = self._find(token)
        if photo is None or photo.pending:
            return
        self.photoActivated.emit(photo.path)
        if self.open_on_activate:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(photo.path)))

    def _on_picker_closed(self, _result: int) -> None:
        self.file_dialog = None

    def _show_messages(self) -> None:
        refusals = [self._refusals[token] for token in sorted(self._refusals)]
        text = "\n".join(self._messages + refusals)
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _columns_for(self, width: int) -> int:
        tile = THUMB_SIZE.width() + 10 + TILE_SPACING
        return max(1, (width + TILE_SPACING) // tile)

    def _relayout(self) -> None:
        columns = self._columns_for(self.width())
        self._columns = columns
        while self.tile_grid.count():
            self.tile_grid.takeAt(0)
        for index, photo in enumerate(self._photos):
            self.tile_grid.addWidget(photo.tile, index // columns, index % columns)
            photo.tile.show()
        self.tiles.setVisible(bool(self._photos))
        if not self._editable:
            self.empty_label.setVisible(not self._photos)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._columns_for(event.size().width()) != self._columns:
            self._relayout()


def _size_text(size: int) -> str:
    if size >= 1_048_576:
        return translate("ui.widgets.photo_strip", "{size} MB").format(
            size=format_number(size / 1_048_576, 1))
    return translate("ui.widgets.photo_strip", "{size} KB").format(
        size=max(1, round(size / 1024)))  # under 1,025: no thousands separator to write
