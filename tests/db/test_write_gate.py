"""Database.hold_writes_until: every write waits for the gate (the start's file check, issue
21), raises while it raises, and passes once it has returned; the WAL worker's own writes
(full-text merges) wait for it too."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from kaizen.db.engine import Database
from kaizen.db.migrate import prepare_database
from kaizen.domain.errors import KaizenError


@pytest.fixture
def db(tmp_path: Path):  # noqa: ANN201
    database = Database(f"sqlite:///{tmp_path / 'k.db'}")
    prepare_database(database, None)
    yield database
    database.dispose()


def _settings_rows(db: Database) -> int:
    with db.read() as s:
        return int(s.execute(text("SELECT count(*) FROM settings")).scalar_one())


def test_a_refusing_gate_stops_every_write_before_it_begins(db: Database) -> None:
    before = _settings_rows(db)
    calls: list[str] = []

    def damaged() -> None:
        calls.append("gate")
        raise KaizenError("damaged")

    db.hold_writes_until(damaged)
    assert not db._may_maintain()  # noqa: SLF001 (the WAL worker's merges wait too)
    for unit in (db.write, db.write_connection):
        with pytest.raises(KaizenError, match="damaged"), unit() as session:
            session.execute(text("INSERT INTO settings (key, value) VALUES ('x', 'y')"))
    assert calls == ["gate", "gate"]
    assert _settings_rows(db) == before


def test_a_passing_gate_is_asked_once_then_writes_go_on(db: Database) -> None:
    calls: list[str] = []
    db.hold_writes_until(lambda: calls.append("gate"))
    for key in ("a", "b"):
        with db.write() as session:
            session.execute(text("INSERT INTO settings (key, value) VALUES (:k, 'v')"),
                            {"k": key})
    assert calls == ["gate"]
    assert db._may_maintain()  # noqa: SLF001
    with db.read() as s:
        assert s.execute(text("SELECT count(*) FROM settings WHERE key IN ('a', 'b')")
                         ).scalar_one() == 2
