"""Issue 14, point 6, and "one missing photo file does not hide the others".

A stored file reference (``attachments.sha256``) reaches the disk only when it is exactly 64
lowercase hex digits, the form of a SHA-256 digest as FIPS 180-4 defines it (256 bits, written
as hex). A crafted database whose reference climbs out of the attachments folder (``../``) made
``kaizen db copy`` read a file outside the source folder and write it outside the target one;
now the copy is refused, naming the row, before any file is looked at. The services refuse the
same rows (path, remove) through the same helper, kaizen/domain/file_refs.py.

A record whose one photo file is missing (or cannot be looked up: a symlink loop) still shows
its other photos, and the missing one is named with its stored file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from PIL import Image
from services.factories import idea, make_site

from kaizen.db.copy import CopyRefused, copy_database
from kaizen.domain.errors import NotFound
from kaizen.domain.file_refs import BadFileReference, is_file_ref, stored_path
from kaizen.services import Services

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt",
                                    reason="symlinks need POSIX here")

GOOD = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"  # sha256("test")


def picture(path: Path, colour: tuple[int, int, int]) -> Path:
    Image.new("RGB", (8, 6), colour).save(path, "PNG")
    return path


@pytest.mark.parametrize("value", [
    GOOD.upper(), GOOD[:-1], GOOD + "0", "../" * 21 + "a", GOOD[:63] + "\n", " " + GOOD[1:],
    GOOD[:62] + "/x", None, 7, GOOD.encode(),
])
def test_only_64_lowercase_hex_digits_are_a_file_reference(value, tmp_path):
    assert not is_file_ref(value)
    with pytest.raises(BadFileReference, match="damaged"):
        stored_path(tmp_path, value, "png")


def test_a_good_reference_stays_inside_the_folder(tmp_path):
    assert is_file_ref(GOOD)
    assert stored_path(tmp_path, GOOD, "png") == (tmp_path / GOOD[:2] / f"{GOOD}.png").resolve()
    for extension in ("", "../png", "p/ng", "PNG", None):
        with pytest.raises(BadFileReference):
            stored_path(tmp_path, GOOD, extension)


@pytest.fixture
def line(tmp_path, clock):
    """A line's SQLite database with one real photo, and a secret file beside its folder."""
    from kaizen.db import migrate
    from kaizen.db.engine import Database

    folder = tmp_path / "line"
    folder.mkdir()
    path = folder / "kaizen.db"
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    site = make_site(db, clock)
    services = Services.create(db, clock, attachments_dir=folder / "attachments")
    services.suggestions.create(site.staff_id, idea(site),
                                photos=[picture(tmp_path / "p.png", (1, 2, 3))])
    db.dispose()
    outside = tmp_path / "outside"
    outside.mkdir()
    return path


def _craft(path: Path, reference: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE attachments SET sha256 = ?", (reference,))
    conn.commit()
    conn.close()


# A 64-character reference that climbs from <line>/attachments to <tmp>/outside/secret....
CLIMB = "../outside/" + "s" * 53


def test_db_copy_refuses_a_reference_that_leads_outside_the_folder(line, tmp_path):
    secret = tmp_path / "outside" / f"{'s' * 53}.txt"
    secret.write_text("payroll")
    assert len(CLIMB) == 64
    _craft(line, CLIMB)
    target = tmp_path / "copy" / "kaizen.db"
    target.parent.mkdir()
    with pytest.raises(CopyRefused, match=r"photo #1 names its file as '\.\./outside/s+'"):
        copy_database(f"sqlite:///{line}", f"sqlite:///{target}")
    leaked = [p for p in tmp_path.rglob(f"{'s' * 53}*") if p != secret]
    assert leaked == [], "the secret was copied"
    copied = sqlite3.connect(target)
    try:
        assert copied.execute("SELECT count(*) FROM attachments").fetchone()[0] == 0
        assert copied.execute("SELECT count(*) FROM people").fetchone()[0] == 0
    finally:
        copied.close()


def test_the_command_line_says_why_without_a_traceback(line, tmp_path, capsys):
    from kaizen.cli import main

    _craft(line, GOOD.upper())
    code = main(["--data-dir", str(tmp_path / "data"), "db", "copy", "--from",
                 f"sqlite:///{line}", "--to", f"sqlite:///{tmp_path / 'c.db'}"])
    err = capsys.readouterr().err
    assert code == 1
    assert "not as 64 lowercase hex digits" in err and "Traceback" not in err, err


@pytest.fixture
def plant(db, clock, photos_dir, tmp_path):
    site = make_site(db, clock)
    services = Services.create(db, clock, attachments_dir=photos_dir)
    made = services.suggestions.create(site.staff_id, idea(site), photos=[
        picture(tmp_path / name, colour)
        for name, colour in (("first.png", (9, 9, 9)), ("second.png", (200, 9, 9)),
                             ("third.png", (9, 200, 9)))])
    return site, services, made


def test_the_services_refuse_a_crafted_reference(plant, db):
    from sqlalchemy import update

    from kaizen.db.models import Attachment

    site, services, made = plant
    [first, *_] = services.attachments.list_for_suggestion(made.id)
    with db.write() as s:
        s.execute(update(Attachment).where(Attachment.id == first.id).values(sha256=CLIMB))
    with pytest.raises(NotFound, match="damaged"):
        services.attachments.path_of(first.id)
    services.attachments.remove(site.staff_id, first.id)  # the row goes, no file is touched


def test_one_missing_photo_does_not_hide_the_others_and_is_named(plant, photos_dir):
    _site, services, made = plant
    infos = services.attachments.list_for_suggestion(made.id)
    gone = services.attachments.path_of(infos[1].id)
    gone.unlink()
    items = services.suggestions.detail(made.id).photos
    assert [i.name for i in items] == ["first.png", "second.png", "third.png"]
    assert items[0].path is not None and items[2].path is not None
    assert items[1].path is None
    assert "second.png" in items[1].problem and gone.name in items[1].problem, items[1].problem


@needs_symlinks
def test_a_photo_whose_file_cannot_be_looked_up_does_not_hide_the_others(plant):
    _site, services, made = plant
    infos = services.attachments.list_for_suggestion(made.id)
    broken = services.attachments.path_of(infos[0].id)
    broken.unlink()
    broken.symlink_to(broken.name)  # a link to itself: resolving it never ends
    items = services.suggestions.detail(made.id).photos
    assert items[0].path is None and "first.png" in items[0].problem, items[0].problem
    assert items[1].path is not None and items[2].path is not None
