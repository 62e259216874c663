"""Photos: checked by content (not by name), size and pixel caps, stored once by SHA-256 under a
generated name, attached in the same unit of work as their idea or observation."""

from __future__ import annotations

import hashlib
import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, features

from kaizen.db.models import Attachment, AuditEvent, Suggestion, WasteObservation
from kaizen.domain.errors import NotFound, PermissionDenied, ValidationError
from kaizen.services import Services
from kaizen.services.attachments import (
    MAX_PHOTO_BYTES,
    MAX_PHOTOS,
    AttachmentService,
    PhotoStore,
    check_photo,
    clean_display_name,
)

from .factories import count, idea, observation


@pytest.fixture
def store_dir(tmp_path) -> Path:
    return tmp_path / "photos"


@pytest.fixture
def services(db, clock, store_dir) -> Services:
    return Services.create(db, clock, attachments_dir=store_dir)


def picture(path: Path, fmt: str = "PNG", size: tuple[int, int] = (8, 6),
            colour: tuple[int, int, int] = (200, 30, 30)) -> Path:
    """A real, small image file made with Pillow."""
    Image.new("RGB", size, colour).save(path, fmt)
    return path


def png_declaring(width: int, height: int) -> bytes:
    """A tiny, well-formed PNG whose header claims ``width`` x ``height`` pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit grey
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def stored_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# --- checking ----------------------------------------------------------------------------------


def test_a_real_png_and_jpeg_are_accepted(tmp_path):
    png = check_photo(picture(tmp_path / "shelf.png"))
    assert png.ok and png.message == ""
    assert (png.mime_type, png.extension, png.width, png.height) == ("image/png", "png", 8, 6)
    data = (tmp_path / "shelf.png").read_bytes()
    assert (png.size_bytes, png.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    jpeg = check_photo(picture(tmp_path / "line.jpg", "JPEG", (40, 30)))
    assert jpeg.ok and (jpeg.mime_type, jpeg.extension) == ("image/jpeg", "jpg")
    gif = check_photo(picture(tmp_path / "board.gif", "GIF"))
    assert gif.ok and gif.mime_type == "image/gif"


@pytest.mark.skipif(not features.check("webp"), reason="Pillow built without WebP")
def test_webp_is_accepted(tmp_path):
    assert check_photo(picture(tmp_path / "cell.webp", "WEBP")).mime_type == "image/webp"


def test_the_type_comes_from_the_content_not_the_name(tmp_path):
    disguised = picture(tmp_path / "really-a-jpeg.png", "JPEG")
    check = check_photo(disguised)
    assert check.ok and (check.mime_type, check.extension) == ("image/jpeg", "jpg")
    assert check.display_name == "really-a-jpeg.png"  # the name is only shown


@pytest.mark.parametrize("content", [
    b"Just some notes, not a photo.\n",
    b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56 + b"\x3e\x00" * 100,
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    b"\xff\xd8\xff\xe0 but then nothing like a JPEG",
], ids=["text", "elf", "exe", "pdf", "fake-jpeg-magic"])
def test_anything_that_is_not_a_photo_is_refused(tmp_path, content):
    path = tmp_path / "holiday.jpg"
    path.write_bytes(content)
    check = check_photo(path)
    assert not check.ok
    assert check.message.startswith("holiday.jpg: ")
    assert "photo" in check.message or "damaged" in check.message


def test_other_image_types_are_refused(tmp_path):
    check = check_photo(picture(tmp_path / "scan.jpg", "BMP"))
    assert not check.ok and "JPEG, PNG, WebP or GIF" in check.message


def test_a_damaged_png_is_refused(tmp_path):
    data = bytearray(picture(tmp_path / "ok.png").read_bytes())
    data[40] ^= 0xFF  # inside the image data: its checksum no longer matches
    path = tmp_path / "damaged.png"
    path.write_bytes(bytes(data))
    check = check_photo(path)
    assert not check.ok and "damaged.png" in check.message


def test_files_over_15_mb_are_refused(tmp_path):
    big = tmp_path / "huge.jpg"
    with big.open("wb") as handle:
        handle.truncate(16 * 1024 * 1024)
    check = check_photo(big)
    assert not check.ok and "16.0 MB" in check.message and "15 MB" in check.message
    just_over = tmp_path / "just-over.png"
    just_over.write_bytes(picture(tmp_path / "p.png").read_bytes().ljust(MAX_PHOTO_BYTES + 1,
                                                                          b"\x00"))
    assert not check_photo(just_over).ok


@pytest.mark.parametrize("size", [(30_000, 30_000), (10_000, 10_000)],
                         ids=["bomb-error", "bomb-warning"])
def test_decompression_bombs_are_refused(tmp_path, size):
    path = tmp_path / "tiny.png"
    path.write_bytes(png_declaring(*size))
    assert path.stat().st_size < 1_000
    check = check_photo(path)
    assert not check.ok and "decompression bomb" in check.message


def test_the_pixel_cap_holds_even_with_pillows_guard_switched_off(tmp_path, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    path = tmp_path / "tiny.png"
    path.write_bytes(png_declaring(30_000, 30_000))
    assert "decompression bomb" in check_photo(path).message


def test_missing_empty_and_non_files_are_refused(tmp_path):
    assert "does not exist" in check_photo(tmp_path / "nope.png").message
    (tmp_path / "empty.png").write_bytes(b"")
    assert "empty" in check_photo(tmp_path / "empty.png").message
    (tmp_path / "folder.png").mkdir()
    assert "not a file" in check_photo(tmp_path / "folder.png").message
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.png")
        assert not check_photo(tmp_path / "pipe.png").ok  # refused, and without blocking


@pytest.mark.parametrize(("raw", "shown"), [
    ("../../etc/passwd.png", "passwd.png"),
    ("..\\..\\Windows\\evil.png", "evil.png"),
    ("/abs/path/photo.jpg", "photo.jpg"),
    ("line\x00\x1b[31m\nred.png", "line[31mred.png"),
    ("invoice\u202egnp.exe", "invoicegnp.exe"),
    ("..", "photo.png"),
    ("", "photo.png"),
    (" . ", "photo.png"),
    ("a" * 300 + ".png", "a" * 251 + ".png"),
])
def test_display_names_are_made_safe(raw, shown):
    assert clean_display_name(raw, "png") == shown


# --- storing -----------------------------------------------------------------------------------


def test_store_writes_the_bytes_once_under_a_generated_name(site, services, store_dir, tmp_path,
                                                            db):
    created = site.suggestions.create(site.staff_id, idea(site))
    source = picture(tmp_path / "before.png")
    info = services.attachments.store(site.staff_id, source, suggestion_id=created.id,
                                      display_name="../../etc/passwd.png")
    assert info.file_name == "passwd.png"
    assert (info.suggestion_id, info.observation_id, info.mime_type) == (
        created.id, None, "image/png")
    path = services.attachments.path_of(info.id)
    assert path == store_dir.resolve() / info.sha256[:2] / f"{info.sha256}.png"
    assert path.is_relative_to(store_dir.resolve())
    assert path.read_bytes() == source.read_bytes()
    assert stored_files(store_dir) == [path]  # no temporary file left behind
    assert not (tmp_path / "etc").exists()
    assert services.attachments.list_for_suggestion(created.id) == [info]
    assert services.attachments.get(info.id) == info
    with db.read() as s:
        [event] = s.query(AuditEvent).filter_by(entity="attachment").all()
        assert (event.action, event.after["file_name"]) == ("create", "passwd.png")


def test_the_same_bytes_are_stored_once_and_kept_while_used(site, services, store_dir, tmp_path):
    one = site.suggestions.create(site.staff_id, idea(site)).id
    two = site.suggestions.create(site.staff_id, idea(site, title="Second")).id
    obs = site.observations.create(site.staff_id, observation(site)).id
    source = picture(tmp_path / "same.png")
    copy = tmp_path / "copy.PNG"
    copy.write_bytes(source.read_bytes())
    a = services.attachments.store(site.staff_id, source, suggestion_id=one)
    b = services.attachments.store(site.staff_id, copy, suggestion_id=two)
    c = services.attachments.store(site.staff_id, source, observation_id=obs)
    assert a.sha256 == b.sha256 == c.sha256 and len(stored_files(store_dir)) == 1
    assert services.attachments.list_for_observation(obs) == [c]
    # The same photo again on the same record is not a second photo.
    assert services.attachments.store(site.staff_id, copy, suggestion_id=one) == a
    path = services.attachments.path_of(a.id)
    services.attachments.remove(site.staff_id, a.id)
    services.attachments.remove(site.staff_id, b.id)
    assert path.is_file()  # the observation still shows it
    services.attachments.remove(site.staff_id, c.id)
    assert not path.exists()
    with pytest.raises(NotFound):
        services.attachments.path_of(a.id)


def test_store_needs_exactly_one_record_and_edit_rights(site, services, tmp_path):
    mine = site.suggestions.create(site.staff_id, idea(site)).id
    photo = picture(tmp_path / "p.png")
    with pytest.raises(ValidationError) as err:
        services.attachments.store(site.staff_id, photo)
    assert err.value.field == "photos"
    with pytest.raises(ValidationError):
        services.attachments.store(site.staff_id, photo, suggestion_id=mine, observation_id=1)
    with pytest.raises(PermissionDenied):
        services.attachments.store(site.other_staff_id, photo, suggestion_id=mine)
    with pytest.raises(NotFound):
        services.attachments.store(site.staff_id, photo, suggestion_id=999)
    info = services.attachments.store(site.supervisor_id, photo, suggestion_id=mine)
    with pytest.raises(PermissionDenied):
        services.attachments.remove(site.other_staff_id, info.id)
    bad = tmp_path / "bad.png"
    bad.write_text("no")
    with pytest.raises(ValidationError) as err:
        services.attachments.store(site.staff_id, bad, suggestion_id=mine)
    assert "bad.png" in err.value.message


def test_path_of_never_leaves_the_folder(site, services, tmp_path, db):
    mine = site.suggestions.create(site.staff_id, idea(site)).id
    info = services.attachments.store(site.staff_id, picture(tmp_path / "p.png"),
                                      suggestion_id=mine)
    for sha in ("../../../../etc/passwd", "/etc/passwd", "a" * 63 + "/"):
        with db.write() as s:
            s.get(Attachment, info.id).sha256 = sha
        with pytest.raises(NotFound):
            services.attachments.path_of(info.id)


def test_a_file_changed_after_its_check_is_not_stored(tmp_path):
    source = picture(tmp_path / "p.png")
    check = check_photo(source)
    picture(source, colour=(0, 0, 255))
    with pytest.raises(ValidationError) as err:
        PhotoStore(tmp_path / "photos").write(check)
    assert err.value.field == "photos" and "changed" in err.value.message
    assert stored_files(tmp_path / "photos") == []


# --- photos with their idea or observation ---------------------------------------------------


def test_create_an_idea_with_photos(site, services, store_dir, tmp_path):
    photos = [picture(tmp_path / "a.png"), picture(tmp_path / "b.jpg", "JPEG"),
              tmp_path / "a.png"]
    created = services.suggestions.create(site.staff_id, idea(site), photos=photos)
    stored = services.attachments.list_for_suggestion(created.id)
    assert [a.file_name for a in stored] == ["a.png", "b.jpg"]  # the repeat is kept once
    assert len(stored_files(store_dir)) == 2


def test_one_bad_photo_saves_nothing(site, services, store_dir, tmp_path, db):
    bad = tmp_path / "setup.jpg"
    bad.write_bytes(b"MZ\x90\x00" + b"\x00" * 100)
    before = (count(db, Suggestion), count(db, Attachment), count(db, AuditEvent))
    with pytest.raises(ValidationError) as err:
        services.suggestions.create(site.staff_id, idea(site),
                                    photos=[picture(tmp_path / "good.png"), bad])
    assert err.value.field == "photos" and "setup.jpg" in err.value.message
    assert (count(db, Suggestion), count(db, Attachment), count(db, AuditEvent)) == before
    assert stored_files(store_dir) == []


def test_a_bad_idea_with_good_photos_writes_no_file(site, services, store_dir, tmp_path, db):
    with pytest.raises(ValidationError) as err:
        services.suggestions.create(site.staff_id, idea(site, title=""),
                                    photos=[picture(tmp_path / "good.png")])
    assert err.value.field == "title"
    assert (count(db, Suggestion), count(db, Attachment)) == (0, 0)
    assert stored_files(store_dir) == []


def test_at_most_ten_photos_per_record(site, services, store_dir, tmp_path, db):
    photos = [picture(tmp_path / f"p{n}.png", colour=(n, 0, 0)) for n in range(MAX_PHOTOS + 1)]
    with pytest.raises(ValidationError) as err:
        services.suggestions.create(site.staff_id, idea(site), photos=photos)
    assert err.value.field == "photos"
    assert count(db, Suggestion) == 0
    created = services.suggestions.create(site.staff_id, idea(site), photos=photos[:8])
    with pytest.raises(ValidationError) as err:
        services.suggestions.update(site.staff_id, created.id, idea(site, title="Renamed"),
                                    photos=photos[8:])
    assert err.value.field == "photos" and "8 already" in err.value.message
    assert services.suggestions.get(created.id).title == created.title  # nothing half-saved
    updated = services.suggestions.update(site.staff_id, created.id, idea(site, title="Renamed"),
                                          photos=photos[8:10])
    assert updated.title == "Renamed"
    assert len(services.attachments.list_for_suggestion(created.id)) == MAX_PHOTOS


def test_observations_take_photos_too(site, services, tmp_path, db):
    obs = services.observations.create(site.staff_id, observation(site),
                                       photos=[picture(tmp_path / "mess.png")])
    [photo] = services.attachments.list_for_observation(obs.id)
    assert photo.file_name == "mess.png"
    services.observations.update(site.staff_id, obs.id, observation(site),
                                 photos=[picture(tmp_path / "more.gif", "GIF")])
    assert len(services.attachments.list_for_observation(obs.id)) == 2
    bad = tmp_path / "notes.png"
    bad.write_text("text")
    before = (count(db, WasteObservation), count(db, Attachment))
    with pytest.raises(ValidationError):
        services.observations.create(site.staff_id, observation(site), photos=[bad])
    assert (count(db, WasteObservation), count(db, Attachment)) == before
    # Someone else's observation: refused before any file is written.
    with pytest.raises(PermissionDenied):
        services.observations.update(site.other_staff_id, obs.id, observation(site),
                                     photos=[picture(tmp_path / "x.png", colour=(1, 2, 3))])
    assert len(services.attachments.list_for_observation(obs.id)) == 2


def test_photos_default_to_the_data_folder(site, data_dir, tmp_path, db, clock):
    created = site.suggestions.create(site.staff_id, idea(site),
                                      photos=[picture(tmp_path / "p.png")])
    assert created.id
    [stored] = stored_files(data_dir / "attachments")
    assert stored.suffix == ".png"
    default = Services.create(db, clock)
    assert default.attachments.attachments_dir == data_dir / "attachments"
    assert isinstance(default.attachments, AttachmentService)


def test_photos_are_not_a_single_path(site, services, tmp_path):
    with pytest.raises(ValidationError):
        services.suggestions.create(site.staff_id, idea(site),
                                    photos=str(picture(tmp_path / "p.png")))  # type: ignore[arg-type]


def test_thumbnails_can_be_read_back(site, services, tmp_path):
    created = services.suggestions.create(site.staff_id, idea(site),
                                          photos=[picture(tmp_path / "p.jpg", "JPEG", (64, 48))])
    [photo] = services.attachments.list_for_suggestion(created.id)
    with Image.open(io.BytesIO(services.attachments.path_of(photo.id).read_bytes())) as image:
        assert image.size == (64, 48)
