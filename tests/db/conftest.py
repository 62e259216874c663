"""Database-level fixtures: ``fresh``, an empty database (no table, not even Alembic's) for the
migration tests to take up and down (see tests/migration_cycle.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kaizen.db.engine import Database


@pytest.fixture
def fresh(empty_db_url: str) -> Iterator[Database]:
    database = Database(empty_db_url)
    yield database
    database.dispose()
