"""Shared fixtures: a real, migrated SQLite file per test, and the services over it.

The schema is migrated once per test session into a template file; each test gets its own copy
(migrating per test would cost ~0.3 s each).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

# Qt needs a platform before any Qt import; offscreen works without a display (CI, no terminal).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

import pytest

from kaizen.db import migrate
from kaizen.db.engine import Database
from kaizen.domain import pins


class FixedClock:
    """A clock tests can read and move: services take it instead of datetime.now."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture(autouse=True)
def fast_pin_hashing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash PINs with a small scrypt cost in tests, as Django's test settings do with passwords.

    The cost is stored inside each hash, so verification is unchanged; tests marked
    ``real_pin_cost`` (the PIN tests themselves) keep the production cost.
    """
    if request.node.get_closest_marker("real_pin_cost") is None:
        monkeypatch.setattr(pins, "_N", 2**8)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    db.dispose()
    return path


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("KAIZEN_DATA_DIR", str(folder))
    monkeypatch.delenv("KAIZEN_DB_URL", raising=False)
    return folder


@pytest.fixture
def db_path(template_db: Path, data_dir: Path) -> Path:
    path = data_dir / "kaizen.db"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{db_path}")
    yield database
    database.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 2, 9, 0, 0))
