"""Where Kaizen keeps its files, and which database it opens.

Nothing else in the package computes a path: the data folder comes from platformdirs and can be
overridden with ``KAIZEN_DATA_DIR`` (tests and portable installs), the database URL with
``KAIZEN_DB_URL`` or the ``--db`` option.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from kaizen.db.uri import sqlite_url as _escaped_sqlite_url
from kaizen.db.uri import sqlite_url_path

APP_SLUG = "kaizen"
DB_FILE_NAME = "kaizen.db"
PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
# An installed wheel carries the style sheet, icons and migrations inside the package (setup.py
# copies them to kaizen/_data/); a source checkout or an editable install reads them in place.
BUNDLED_DIR = PACKAGE_DIR / "_data"
_DATA_ROOT = BUNDLED_DIR if (BUNDLED_DIR / "alembic.ini").is_file() else REPO_ROOT
RESOURCES_DIR = _DATA_ROOT / "resources"
MIGRATIONS_DIR = _DATA_ROOT / "migrations"
ALEMBIC_INI = _DATA_ROOT / "alembic.ini"


@dataclass(frozen=True, slots=True)
class Paths:
    """The folders and database URL one running app uses."""

    data_dir: Path
    db_url: str

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    @property
    def last_dashboard(self) -> Path:
        """The dashboard as it was at the last close, shown at the next start (issue 21)."""
        return self.data_dir / "last-dashboard.png"

    @property
    def sqlite_file(self) -> Path | None:
        """The database file when the URL names a local SQLite file, else None."""
        return sqlite_url_path(self.db_url)


def default_data_dir() -> Path:
    override = os.environ.get("KAIZEN_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_SLUG, appauthor=False))


def pictures_dir() -> Path:
    """Where a photo picker first opens: the person's Pictures folder, else their home folder
    (never the program's folder, the working directory a file dialog falls back to)."""
    try:
        pictures = Path(platformdirs.user_pictures_dir())
    except Exception:  # noqa: BLE001 (an odd desktop setup must not stop the picker)
        pictures = None
    if pictures is not None and pictures.is_dir():
        return pictures
    return Path.home()


def sqlite_url(path: Path) -> str:
    """The database URL of a SQLite file, escaped (see :mod:`kaizen.db.uri`)."""
    return _escaped_sqlite_url(path)


def resolve_paths(db_url: str | None = None, data_dir: Path | None = None) -> Paths:
    """Work out the data folder and database URL from arguments, then environment, then defaults."""
    folder = data_dir or default_data_dir()
    url = db_url or os.environ.get("KAIZEN_DB_URL") or sqlite_url(folder / DB_FILE_NAME)
    return Paths(data_dir=folder, db_url=url)


def ensure_dirs(paths: Paths) -> None:
    for folder in (paths.data_dir, paths.backups_dir, paths.attachments_dir):
        folder.mkdir(parents=True, exist_ok=True)
