"""Issue 14: a full disk says "The disk is full: nothing was saved" wherever it happens, in the
GUI's forms (every form shows a KaizenError's message) and in the command line, not the driver's
text; and nothing of the refused save is kept.

Sources: SQLite's ``max_page_count`` pragma (writes past the limit fail with SQLITE_FULL, the
error a full disk gives) and result code list (SQLITE_FULL = 13); PostgreSQL's error codes
appendix (53100 disk_full); POSIX errno ENOSPC and EDQUOT.
"""

from __future__ import annotations

import errno
import io
import os

import psycopg.errors
import pytest
from PIL import Image
from services.factories import make_site
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from kaizen.db.disk_full import as_disk_full, is_disk_full
from kaizen.domain.errors import DiskFull, KaizenError
from kaizen.services import Services
from kaizen.services.suggestions import SuggestionInput

from .conftest import fingerprint

WORDS = "The disk is full: nothing was saved"


@pytest.fixture
def plant(db, clock, photos_dir):
    site = make_site(db, clock)
    return Services.create(db, clock, attachments_dir=photos_dir), site


def _idea(site, **extra) -> SuggestionInput:
    return SuggestionInput(title="Bigger bins", problem="p" * 19_000, proposal="",
                           area_id=site.line_id, **extra)


@pytest.mark.sqlite_only(reason="SQLite's max_page_count makes a real SQLITE_FULL")
def test_a_full_database_file_refuses_a_save_in_words_and_keeps_nothing(plant, db):
    services, site = plant
    db.engine.dispose()  # every connection from now on is opened with the limit

    @event.listens_for(db.engine, "connect")
    def no_room(dbapi_connection, _record):  # noqa: ANN001, ANN202
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    before = fingerprint(db)
    with pytest.raises(DiskFull) as caught:
        services.suggestions.create(site.staff_id, _idea(site))
    assert isinstance(caught.value, KaizenError)  # what every form shows by its message
    assert caught.value.message.startswith(WORDS)
    assert "database or disk is full" not in caught.value.message
    assert fingerprint(db) == before


def test_a_full_disk_while_storing_a_photo_refuses_the_save_in_words(plant, db, tmp_path,
                                                                   monkeypatch):
    services, site = plant
    photo = tmp_path / "bins.png"
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(out, "PNG")
    photo.write_bytes(out.getvalue())

    def no_space(_fd):  # noqa: ANN001, ANN202
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    import kaizen.services.attachments

    monkeypatch.setattr(kaizen.services.attachments.os, "fsync", no_space)
    before = fingerprint(db)
    with pytest.raises(DiskFull) as caught:
        services.suggestions.create(site.staff_id, SuggestionInput(
            title="Bins", problem="", proposal="", area_id=site.line_id), photos=[photo])
    assert caught.value.message.startswith(WORDS)
    assert fingerprint(db) == before
    assert not [p for p in services.attachments.attachments_dir.rglob("*") if p.is_file()]


@pytest.mark.parametrize("error", [
    OSError(errno.ENOSPC, "No space left on device"),
    OSError(errno.EDQUOT, "Disk quota exceeded"),
    OperationalError("INSERT", {}, psycopg.errors.DiskFull("could not extend file")),
])
def test_every_kind_of_full_disk_maps_to_the_same_words(error):
    assert is_disk_full(error)
    full = as_disk_full(error)
    assert full is not None and full.message.startswith(WORDS)
    try:  # seen through a wrapping error's cause, as a backup error carries it
        raise RuntimeError("the backup could not be written") from error
    except RuntimeError as wrapped:
        assert is_disk_full(wrapped)


@pytest.mark.parametrize("error", [OSError(errno.EACCES, "Permission denied"),
                                   OperationalError("x", {}, Exception("database is locked")),
                                   ValueError("no")])
def test_other_errors_are_not_called_a_full_disk(error):
    assert not is_disk_full(error) and as_disk_full(error) is None
