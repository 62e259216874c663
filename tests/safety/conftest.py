"""Fixtures for the data-safety tests: a small site through the services, a fingerprint of the
whole database, and (for the few dialog tests) background tasks joined and garbage collected on
the main thread, as tests/ui does."""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from kaizen.db.engine import Database
from kaizen.services import Services


@pytest.fixture(autouse=True)
def join_background_tasks(request: pytest.FixtureRequest) -> Iterator[None]:
    """Only for tests that use Qt: no cyclic GC on a worker thread, tasks joined at the end."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    from kaizen.ui import worker

    gc.disable()
    try:
        yield
        assert worker.wait_for_all(), "background tasks still running at teardown"
    finally:
        gc.collect()
        gc.enable()


@pytest.fixture
def photos_dir(tmp_path: Path) -> Path:
    return tmp_path / "attachments"


@pytest.fixture
def services(db: Database, clock, photos_dir: Path) -> Services:
    return Services.create(db, clock, attachments_dir=photos_dir)


def fingerprint(db: Database) -> str:
    """A digest of every row of every table (audit trail included): equal means untouched."""
    digest = hashlib.sha256()
    with db.read() as s:
        if db.is_sqlite:
            tables = [row[0] for row in s.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                # The full-text index is derived from the tables (and partly WITHOUT ROWID).
                "AND name NOT LIKE '%\\_fts%' ESCAPE '\\' ORDER BY name"))]
            # PRAGMA table_list (SQLite 3.37+): name, ncol and the WITHOUT ROWID flag; such a
            # table (the event log's events) is ordered by all its columns instead.
            shapes = {row[1]: (row[3], row[4]) for row in s.execute(text("PRAGMA table_list"))}
            order = "rowid"
        else:
            tables = [row[0] for row in s.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"))]
            order = "ctid"  # the row's place, as rowid is on SQLite
        for table in tables:
            digest.update(table.encode())
            by = order
            if db.is_sqlite and shapes[table][1]:
                by = ", ".join(str(n) for n in range(1, shapes[table][0] + 1))
            for row in s.execute(text(f'SELECT * FROM "{table}" ORDER BY {by}')):
                digest.update(repr(tuple(row)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
