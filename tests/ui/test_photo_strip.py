"""The photo strip: files checked as they are added (off the GUI thread), thumbnails, refusals
shown under the strip, drag and drop, the file picker, removing, and the read-only mode."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSize, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

from kaizen.services.attachments import MAX_PHOTOS, PhotoCheck, check_photo
from kaizen.ui.widgets.photo_strip import THUMB_SIZE, PhotoStrip, read_thumbnail

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120


def make_photo(path: Path, size: tuple[int, int] = (640, 480),
               colour: tuple[int, int, int] = (30, 120, 200)) -> Path:
    """A real picture file; the format follows the extension."""
    Image.new("RGB", size, colour).save(path)
    return path


def make_executable(path: Path) -> Path:
    """An ELF executable's bytes under a photo's name."""
    path.write_bytes(ELF)
    return path


def make_huge(path: Path, megabytes: int = 200) -> Path:
    """A sparse file of ``megabytes`` MB: takes no disk space, but says it is that big."""
    with path.open("wb") as handle:
        handle.truncate(megabytes * 1024 * 1024)
    return path


def drop_files(qtbot, widget, paths: list[Path], urls: list[QUrl] | None = None) -> bool:
    """Drag ``paths`` over ``widget`` and drop them there, as a file manager would.
    Returns whether the drag was accepted on entering."""
    mime = QMimeData()
    mime.setUrls(urls if urls is not None else [QUrl.fromLocalFile(str(p)) for p in paths])
    centre = widget.rect().center()
    # Qt's signatures: drag enter takes a QPoint, the drop a QPointF.
    enter = QDragEnterEvent(centre, Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    accepted = enter.isAccepted()
    drop = QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    return accepted


@pytest.fixture
def strip(qtbot) -> PhotoStrip:
    widget = PhotoStrip(open_on_activate=False)
    widget.resize(640, 300)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def settle(qtbot, strip: PhotoStrip) -> None:
    qtbot.waitUntil(lambda: not strip.is_busy(), timeout=10_000)


def test_photos_are_checked_off_the_gui_thread_and_thumbnailed(qtbot, tmp_path: Path) -> None:
    threads: list[threading.Thread] = []

    def recording_check(path: Path) -> PhotoCheck:
        threads.append(threading.current_thread())
        return check_photo(path)

    strip = PhotoStrip(check=recording_check, open_on_activate=False)
    qtbot.addWidget(strip)
    strip.resize(640, 300)
    strip.show()
    photos = [make_photo(tmp_path / f"p{i}.jpg", colour=(i * 60, 90, 90)) for i in range(3)]
    with qtbot.waitSignal(strip.busyChanged, timeout=2000) as started:
        strip.add_paths(photos)
    assert started.args == [True]
    assert strip.is_busy() and strip.paths() == []  # pending photos are not offered yet
    settle(qtbot, strip)

    assert strip.paths() == photos
    assert threads and all(t is not threading.main_thread() for t in threads)
    tiles = [strip.tile_grid.itemAt(i).widget() for i in range(strip.tile_grid.count())]
    assert len(tiles) == 3
    for tile in tiles:
        pixmap = tile.thumb.pixmap()
        assert not pixmap.isNull()
        logical = pixmap.deviceIndependentSize()
        assert logical.width() <= THUMB_SIZE.width() and logical.height() <= THUMB_SIZE.height()
        assert tile.remove_button is not None
    assert strip.error_text() == ""


def test_thumbnails_are_decoded_scaled_down(tmp_path: Path) -> None:
    big = make_photo(tmp_path / "big.jpg", size=(4000, 3000))
    image = read_thumbnail(big, QSize(224, 168))
    assert image is not None
    assert (image.width(), image.height()) == (224, 168)
    tall = make_photo(tmp_path / "tall.png", size=(900, 1800))
    image = read_thumbnail(tall, QSize(224, 168))
    assert image is not None and image.height() == 168 and image.width() == 84


def test_an_executable_named_like_a_photo_is_refused_under_the_strip(qtbot, strip: PhotoStrip,
                                                                      tmp_path: Path) -> None:
    good = make_photo(tmp_path / "good.png")
    fake = make_executable(tmp_path / "photo.jpg")
    strip.add_paths([good, fake])
    settle(qtbot, strip)
    assert strip.paths() == [good]
    assert strip.error_text() == (
        "photo.jpg: this is not a photo Kaizen can read (JPEG, PNG, WebP or GIF)."
    )
    assert strip.error_label.isVisible()
    assert strip.tile_grid.count() == 1  # the refused file's tile is gone


def test_a_200_mb_file_is_refused_by_its_size(qtbot, strip: PhotoStrip, tmp_path: Path) -> None:
    huge = make_huge(tmp_path / "huge.jpg")
    strip.add_paths([huge])
    settle(qtbot, strip)
    assert strip.paths() == []
    assert strip.error_text() == "huge.jpg: the file is 200.0 MB; a photo can be at most 15 MB."


def test_dropping_files_adds_them(qtbot, strip: PhotoStrip, tmp_path: Path) -> None:
    photos = [make_photo(tmp_path / "a.jpg"), make_photo(tmp_path / "b.png", colour=(9, 9, 9))]
    with qtbot.waitSignal(strip.changed, timeout=20_000):
        assert drop_files(qtbot, strip, photos)
    settle(qtbot, strip)
    assert strip.paths() == photos


def test_a_drop_of_something_that_is_not_a_local_file_is_not_taken(qtbot, strip: PhotoStrip,
                                                                      tmp_path: Path) -> None:
    web = [QUrl("https://example.com/photo.jpg")]
    assert not drop_files(qtbot, strip, [], urls=web)
    assert strip.paths() == [] and strip.tile_grid.count() == 0
    # Mixed: the local file is added, the other is named as left out.
    local = make_photo(tmp_path / "local.jpg")
    drop_files(qtbot, strip, [], urls=[QUrl.fromLocalFile(str(local)), *web])
    settle(qtbot, strip)
    assert strip.paths() == [local]
    assert strip.error_text() == "Only files on this computer can be added."


def test_the_file_picker_adds_the_chosen_files(qtbot, strip: PhotoStrip, tmp_path: Path) -> None:
    make_photo(tmp_path / "one.jpg")
    make_photo(tmp_path / "two.png", colour=(200, 10, 10))
    qtbot.mouseClick(strip.add_button, Qt.MouseButton.LeftButton)
    dialog = strip.file_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    dialog.setDirectory(str(tmp_path))
    name_edit = dialog.findChild(QLineEdit, "fileNameEdit")
    assert name_edit is not None
    # Set rather than typed: the name completer's popup would take the keys half-way.
    name_edit.setText('"one.jpg" "two.png"')
    open_button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Open)
    # The folder is listed in the background; Open is enabled once both names are known.
    qtbot.waitUntil(open_button.isEnabled)
    qtbot.mouseClick(open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: strip.file_dialog is None)
    settle(qtbot, strip)
    assert sorted(p.name for p in strip.paths()) == ["one.jpg", "two.png"]


def test_remove_button_and_delete_key_remove_a_photo(qtbot, strip: PhotoStrip,
                                                     tmp_path: Path) -> None:
    photos = [make_photo(tmp_path / f"{n}.jpg", colour=(n * 40, 0, 0)) for n in range(3)]
    strip.add_paths(photos)
    settle(qtbot, strip)
    first = strip.tile_grid.itemAt(0).widget()
    with qtbot.waitSignal(strip.changed):
        qtbot.mouseClick(first.remove_button, Qt.MouseButton.LeftButton)
    assert strip.paths() == photos[1:]
    # The keyboard stays in the strip, on the next tile; Delete removes that one.
    tile = strip.tile_grid.itemAt(0).widget()
    assert tile.hasFocus()
    with qtbot.waitSignal(strip.changed):
        qtbot.keyClick(tile, Qt.Key.Key_Delete)
    assert strip.paths() == photos[2:]


def test_the_same_photo_twice_is_kept_once(qtbot, strip: PhotoStrip, tmp_path: Path) -> None:
    first = make_photo(tmp_path / "first.jpg")
    copy = tmp_path / "copy.jpg"
    copy.write_bytes(first.read_bytes())
    strip.add_paths([first])
    settle(qtbot, strip)
    strip.add_paths([first, copy])  # the same path is skipped; the same bytes are refused
    settle(qtbot, strip)
    assert strip.paths() == [first]
    assert strip.error_text() == "copy.jpg: this photo is already added."


def test_no_more_than_the_maximum_is_taken(qtbot, strip: PhotoStrip, tmp_path: Path) -> None:
    photos = [make_photo(tmp_path / f"p{n:02}.png", size=(20, 20), colour=(n * 20, n, 0))
              for n in range(MAX_PHOTOS + 2)]
    strip.add_paths(photos)
    assert strip.error_text() == f"At most {MAX_PHOTOS} photos: p10.png, p11.png were not added."
    settle(qtbot, strip)
    assert strip.paths() == photos[:MAX_PHOTOS]


def test_show_existing_is_read_only(qtbot, strip: PhotoStrip, tmp_path: Path) -> None:
    stored = make_photo(tmp_path / "3f2a.jpg")
    activated: list[Path] = []
    strip.photoActivated.connect(activated.append)
    strip.show_existing([("Pallets at dock 4.jpg", stored)])
    qtbot.waitUntil(lambda: not strip.tile_grid.itemAt(0).widget().thumb.pixmap().isNull())
    tile = strip.tile_grid.itemAt(0).widget()
    assert tile.toolTip() == "Pallets at dock 4.jpg"  # the label itself may be elided
    assert tile.accessibleName() == "Photo Pallets at dock 4.jpg"
    assert tile.remove_button is None
    assert not strip.drop_zone.isVisible()
    assert not drop_files(qtbot, strip, [make_photo(tmp_path / "more.jpg")])
    assert strip.paths() == []
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert activated == [stored]

    strip.show_existing([])
    assert strip.empty_label.isVisible()
    assert strip.empty_label.text() == "No photos"


def test_clear_forgets_photos_and_messages(qtbot, strip: PhotoStrip, tmp_path: Path) -> None:
    strip.add_paths([make_photo(tmp_path / "a.jpg"), make_executable(tmp_path / "b.jpg")])
    settle(qtbot, strip)
    assert strip.paths() and strip.error_text()
    strip.clear()
    assert strip.paths() == [] and strip.error_text() == ""
    assert not strip.tiles.isVisible()
