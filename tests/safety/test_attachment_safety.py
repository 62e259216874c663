"""Point 9 of the data-safety issue, the cases tests/services/test_attachments.py does not cover:
symlinks (inside the attachments folder pointing out, and as the file picked), a name with NUL,
a Windows-style ``..\\..\\x.png`` name, and the refusals through the services (huge file, bomb,
a program named .jpg) leaving no row and no file. Stored files never leave the folder.
"""

from __future__ import annotations

import hashlib
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from services.factories import idea, make_site

from kaizen.db.models import Attachment
from kaizen.domain.errors import KaizenError, NotFound, ValidationError
from kaizen.services.attachments import MAX_PHOTO_BYTES, check_photo

from .conftest import fingerprint

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt",
                                    reason="symlinks need POSIX here")


@pytest.fixture
def site(db, clock):
    return make_site(db, clock)


def picture(path: Path, colour=(200, 30, 30)) -> Path:
    Image.new("RGB", (8, 6), colour).save(path, "PNG")
    return path


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")} if folder.exists() else set()


def png_declaring(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


@needs_symlinks
def test_a_symlink_inside_the_folder_never_leads_a_write_outside(site, services, photos_dir,
                                                                  tmp_path, db):
    photo = picture(tmp_path / "shelf.png")
    sha = hashlib.sha256(photo.read_bytes()).hexdigest()
    outside = tmp_path / "outside"
    outside.mkdir()
    photos_dir.mkdir()
    (photos_dir / sha[:2]).symlink_to(outside, target_is_directory=True)
    before = fingerprint(db)

    with pytest.raises(KaizenError) as refused:
        services.suggestions.create(site.staff_id, idea(site), photos=[photo])

    assert "outside the attachments folder" in refused.value.message
    assert list(outside.iterdir()) == []  # nothing written through the link
    assert fingerprint(db) == before  # and no idea without its photo


@needs_symlinks
def test_a_stored_file_swapped_for_a_symlink_is_not_served(site, services, photos_dir,
                                                           tmp_path):
    created = services.suggestions.create(site.staff_id, idea(site),
                                          photos=[picture(tmp_path / "p.png")])
    [info] = services.attachments.list_for_suggestion(created.id)
    stored = services.attachments.path_of(info.id)
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not yours")
    stored.unlink()
    stored.symlink_to(secret)
    with pytest.raises(NotFound, match="outside the attachments folder"):
        services.attachments.path_of(info.id)


@needs_symlinks
def test_a_picked_symlink_is_read_and_stored_as_a_plain_copy_inside(site, services, photos_dir,
                                                                    tmp_path):
    real = picture(tmp_path / "real.png", (1, 2, 3))
    link = tmp_path / "link.png"
    link.symlink_to(real)
    passwd = tmp_path / "passwd.png"
    passwd.symlink_to("/etc/passwd")
    assert not check_photo(passwd).ok  # a link to something that is not a photo is refused
    created = services.suggestions.create(site.staff_id, idea(site), photos=[link])
    [info] = services.attachments.list_for_suggestion(created.id)
    stored = services.attachments.path_of(info.id)
    assert not stored.is_symlink() and stored.read_bytes() == real.read_bytes()
    assert stored.resolve().is_relative_to(photos_dir.resolve())


def test_names_with_nul_or_windows_traversal_are_refused_or_kept_as_names_only(
        site, services, photos_dir, tmp_path, db):
    nul = tmp_path / "photo\x00.png"
    check = check_photo(nul)
    assert not check.ok and "does not exist" in check.message
    with pytest.raises(ValidationError) as refused:
        services.suggestions.create(site.staff_id, idea(site), photos=[nul])
    assert refused.value.field == "photos"

    windows = tmp_path / "..\\..\\Windows\\evil.png"  # one odd file name on POSIX
    picture(windows)
    def outside() -> set[Path]:  # everything but the photos and the database folder
        return {p for p in files_under(tmp_path)
                if not p.is_relative_to(photos_dir) and not p.is_relative_to(tmp_path / "data")}

    outside_before = outside()
    created = services.suggestions.create(site.staff_id, idea(site), photos=[windows])
    [info] = services.attachments.list_for_suggestion(created.id)
    assert info.file_name == "evil.png"
    stored = services.attachments.path_of(info.id)
    assert stored.parent.parent == photos_dir.resolve()
    assert stored.name == f"{info.sha256}.png"
    assert outside() == outside_before


@pytest.mark.parametrize("kind", ["huge", "bomb", "program", "text"])
def test_bad_files_are_refused_with_a_message_and_leave_nothing(site, services, photos_dir,
                                                                tmp_path, db, kind):
    bad = tmp_path / "holiday.jpg"
    if kind == "huge":
        with bad.open("wb") as handle:
            handle.truncate(MAX_PHOTO_BYTES + 1)
    elif kind == "bomb":
        bad.write_bytes(png_declaring(40_000, 40_000))
    elif kind == "program":
        bad.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + os.urandom(512))
    else:
        bad.write_text("#!/bin/sh\nrm -rf /\n")
    good = picture(tmp_path / "good.png")
    before = fingerprint(db)
    with pytest.raises(ValidationError) as refused:
        services.suggestions.create(site.staff_id, idea(site), photos=[good, bad])
    assert refused.value.field == "photos"
    assert refused.value.message.startswith("holiday.jpg: ")
    expected = {"huge": "MB", "bomb": "decompression bomb", "program": "not a photo",
                "text": "not a photo"}[kind]
    assert expected in refused.value.message
    assert fingerprint(db) == before
    assert files_under(photos_dir) == set()  # not even the good one


def test_every_stored_file_is_a_plain_file_inside_the_folder(site, services, photos_dir,
                                                              tmp_path, db):
    for number in range(4):
        services.suggestions.create(site.staff_id, idea(site, title=f"Idea {number}"), photos=[
            picture(tmp_path / f"p{number}.png", (number, 9, 9))])
    with db.read() as s:
        rows = s.query(Attachment).all()
        expected = {(r.sha256, r.mime_type) for r in rows}
    root = photos_dir.resolve()
    stored = [p for p in root.rglob("*") if p.is_file()]
    assert len(stored) == len(expected) == 4
    for path in stored:
        assert not path.is_symlink() and path.resolve().is_relative_to(root)
        assert path.stem == hashlib.sha256(path.read_bytes()).hexdigest()
