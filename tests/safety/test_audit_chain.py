"""Issue 14, point 5: the audit trail cannot be rewritten, and an edit made around its guards shows.

- ``INSERT OR REPLACE`` / ``REPLACE`` / an upsert with an existing id (whose implicit delete fires
  no DELETE trigger) are refused by the database, on SQLite and PostgreSQL.
- Each event carries SHA-256 over the previous event's hash and its own canonical form: a hash
  chain, the tamper-evident log of Crosby and Wallach ("Efficient Data Structures for
  Tamper-Evident Logging", USENIX Security 2009, section 3: ``C_i = H(C_{i-1} || X_i)``), with
  SHA-256 as FIPS 180-4 defines it (Python's ``hashlib``). The test recomputes it by hand.
- ``kaizen db check`` names the first event that breaks the chain after an edit made outside
  Kaizen (triggers dropped and put back on SQLite; replication role on PostgreSQL).
- Appends from two writers at the same moment still form one chain (PostgreSQL: the advisory
  lock; SQLite: the write lock).
- Revision 0006 hashes the events already there exactly as the app does; ``db copy`` keeps the
  chain valid in the target and refuses a source whose chain is broken.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from datetime import datetime
from pathlib import Path

import pytest
from services.factories import idea, make_site
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError

from kaizen.cli import main
from kaizen.db import audit_chain, migrate
from kaizen.db.backup import audit_guard_present
from kaizen.db.copy import CopyRefused, copy_database
from kaizen.db.engine import Database
from kaizen.services.base import audit

from .conftest import fingerprint


@pytest.fixture
def site(db, clock):
    site = make_site(db, clock)
    site.suggestions.create(site.staff_id, idea(site, title="Café trolley — 2 × faster"))
    return site


def chain(db: Database) -> audit_chain.ChainReport:
    with db.read() as s:
        return audit_chain.verify_chain(s.connection())


def db_check(capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["db", "check"])
    return code, capsys.readouterr().out


def stored_rows(db: Database) -> list[dict]:
    with db.read() as s:
        return [dict(r._mapping) for r in s.execute(text(
            "SELECT id, at, person_id, entity, entity_id, action, before, after, row_hash "
            "FROM audit_events ORDER BY id"))]


# --- the chain as published, recomputed by hand ---------------------------------------------------


def test_every_event_hashes_the_one_before_and_its_own_content(site, db):
    site.suggestions.update(site.staff_id, 1, idea(site, title="Trolley, with a price of 3.5"),
                            expected_version=1)
    rows = stored_rows(db)
    assert len(rows) > 5
    prev = "0" * 64
    for row in rows:
        before, after = row["before"], row["after"]
        if isinstance(before, str):  # SQLite hands the JSON column's text back
            before = json.loads(before)
        if isinstance(after, str):
            after = json.loads(after)
        at = row["at"] if isinstance(row["at"], datetime) else datetime.fromisoformat(row["at"])
        body = json.dumps({"id": row["id"], "at": at.strftime("%Y-%m-%dT%H:%M:%S.%f"),
                           "person_id": row["person_id"], "entity": row["entity"],
                           "entity_id": row["entity_id"], "action": row["action"],
                           "before": before, "after": after},
                          sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        prev = hashlib.sha256(f"{prev}\n{body}".encode("ascii")).hexdigest()
        assert row["row_hash"] == prev, f"event #{row['id']}"
    report = chain(db)
    assert report.ok and report.events == len(rows) and report.head == prev


def test_db_check_reports_the_intact_chain(site, db, capsys):
    code, out = db_check(capsys)
    assert code == 0, out
    assert "Audit trail: protected" in out
    assert f"Hash chain: hash chain intact over {len(stored_rows(db)):,} events" in out


# --- rewriting through the front door is refused ------------------------------------------------


def _forged_values(db: Database, row_id: int) -> tuple:
    row = stored_rows(db)[row_id - 1]
    forged = audit_chain.next_event(None, {**row, "action": "forged"}, row_id=row_id)
    return (row_id, "2026-11-02 09:00:00.000000", None, row["entity"], row["entity_id"],
            "forged", None, None, forged["row_hash"])


@pytest.mark.sqlite_only(reason="SQLite's REPLACE conflict resolution, through the sqlite3 module")
@pytest.mark.parametrize("statement", [
    "INSERT OR REPLACE INTO audit_events ({cols}) VALUES ({marks})",
    "REPLACE INTO audit_events ({cols}) VALUES ({marks})",
    "INSERT INTO audit_events ({cols}) VALUES ({marks}) "
    "ON CONFLICT (id) DO UPDATE SET action = 'forged'",
    "INSERT OR IGNORE INTO audit_events ({cols}) VALUES ({marks})",
])
def test_an_existing_event_cannot_be_replaced_on_sqlite(site, db, db_path, statement):
    before = fingerprint(db)
    cols = "id, at, person_id, entity, entity_id, action, before, after, row_hash"
    conn = sqlite3.connect(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(statement.format(cols=cols, marks=", ".join("?" * 9)),
                         _forged_values(db, 2))
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):  # no id: not chained
            conn.execute("INSERT INTO audit_events (at, entity, entity_id, action, row_hash) "
                         f"VALUES ('2026-11-02', 'x', 1, 'forged', '{'a' * 64}')")
        conn.commit()
    finally:
        conn.close()
    assert fingerprint(db) == before
    assert chain(db).ok


def test_an_existing_event_cannot_be_replaced_on_postgres(site, db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's upsert (SQLite's REPLACE has its own test)")
    before = fingerprint(db)
    cols = "id, at, person_id, entity, entity_id, action, before, after, row_hash"
    values = _forged_values(db, 2)
    params = dict(zip(cols.split(", "), values, strict=True))
    marks = ", ".join(f":{c}" for c in params)
    for tail in ("ON CONFLICT (id) DO UPDATE SET action = EXCLUDED.action, "
                 "row_hash = EXCLUDED.row_hash", ""):
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
            conn.execute(text(f"INSERT INTO audit_events ({cols}) VALUES ({marks}) {tail}"),
                         params)
    assert fingerprint(db) == before
    # A rolled-back save leaves a gap in the id sequence; a back-dated event cannot fill it.
    with pytest.raises(RuntimeError), db.write() as s:
        audit(s, actor_id=None, at=datetime(2026, 11, 2, 9), entity="test", entity_id=1,
              action="rolled back")
        raise RuntimeError("the save fails after its audit event")
    with db.write() as s:
        audit(s, actor_id=None, at=datetime(2026, 11, 2, 9), entity="test", entity_id=2,
              action="kept")
    ids = [r["id"] for r in stored_rows(db)]
    gap = ids[-1] - 1
    assert gap not in ids
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text(f"INSERT INTO audit_events ({cols}) VALUES ({marks})"),
                     {**params, "id": gap})
    assert chain(db).ok


def test_an_event_appended_with_a_made_up_hash_is_named(site, db, capsys):
    """Appending is allowed (the trigger only keeps it at the end); a forged hash shows."""
    with db.engine.begin() as conn:
        last = conn.execute(text("SELECT max(id) FROM audit_events")).scalar_one()
        conn.execute(text(
            "INSERT INTO audit_events (id, at, entity, entity_id, action, row_hash) "
            "VALUES (:id, '2026-11-02 09:00:00', 'suggestion', 1, 'approved', :h)"),
            {"id": last + 1, "h": "a" * 64})
    code, out = db_check(capsys)
    assert code == 2, out
    assert f"HASH CHAIN BROKEN at event #{last + 1}:" in out, out


# --- an edit around the guards shows, and is named ---------------------------------------------


def _edit_outside_kaizen_sqlite(path: Path, sql: str) -> None:
    """What someone with the file and a DB browser can do: lift the guard, edit, put it back."""
    conn = sqlite3.connect(path)
    try:
        triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                "AND tbl_name = 'audit_events'").fetchall()
        for name, _ in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute(sql)
        for _, create in triggers:
            conn.execute(create)
        conn.commit()
    finally:
        conn.close()


@pytest.mark.sqlite_only(reason="edits the SQLite file with the sqlite3 module")
@pytest.mark.parametrize(("edit", "first_bad"), [
    ("UPDATE audit_events SET after = '{\"title\": \"Forged\"}' WHERE id = 5", 5),
    ("UPDATE audit_events SET entity_id = entity_id + 1 WHERE id = 3", 3),
    ("DELETE FROM audit_events WHERE id = 4", 5),  # the next one no longer follows
    ("UPDATE audit_events SET at = '2020-01-01 00:00:00.000000' WHERE id = 6", 6),
])
def test_db_check_names_the_first_event_an_outside_edit_broke(site, db, db_path, capsys, edit,
                                                              first_bad):
    db.dispose()
    _edit_outside_kaizen_sqlite(db_path, edit)
    code, out = db_check(capsys)
    assert code == 2, out
    assert "Audit trail: protected" in out  # the triggers are back: only the chain tells
    assert f"HASH CHAIN BROKEN at event #{first_bad}:" in out, out


def test_db_check_names_the_event_edited_past_the_triggers_on_postgres(site, db, capsys):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's replication role (SQLite has its own test)")
    with db.engine.begin() as conn:  # a superuser's session skips ordinary triggers
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text("UPDATE audit_events SET action = 'forged' WHERE id = 4"))
    code, out = db_check(capsys)
    assert code == 2, out
    assert "Audit trail: protected" in out
    assert "HASH CHAIN BROKEN at event #4:" in out, out


def test_a_disabled_trigger_is_not_protection_on_postgres(site, db, capsys):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's ALTER TABLE ... DISABLE TRIGGER")
    with db.engine.begin() as conn:
        conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_at_end"))
    assert not audit_guard_present(db)
    code, out = db_check(capsys)
    assert code == 2 and "Audit trail: NOT PROTECTED" in out, out


# --- two writers at once -------------------------------------------------------------------------


def test_two_writers_at_the_same_moment_make_one_chain(site, db, db_url):
    """Writer A appends and holds its transaction open; writer B appends meanwhile. B must
    build on A's event: without the lock it would read the old head and fork the chain."""
    other = Database(db_url)
    head_read = threading.Event()

    def spy(_conn, _cursor, statement, *_args) -> None:
        if "row_hash FROM audit_events" in statement:
            head_read.set()

    event.listen(other.engine, "after_cursor_execute", spy)
    failures: list[BaseException] = []

    def writer_b() -> None:
        try:
            with other.write() as s:
                audit(s, actor_id=None, at=datetime(2026, 11, 2, 9), entity="test",
                      entity_id=2, action="b")
        except BaseException as exc:  # reported below, on the test's thread
            failures.append(exc)

    thread = threading.Thread(target=writer_b)
    try:
        with db.write() as s:
            audit(s, actor_id=None, at=datetime(2026, 11, 2, 9), entity="test", entity_id=1,
                  action="a")
            thread.start()
            # With the lock, B cannot read the head before A commits: this wait runs out and
            # proves nothing by itself; without it, B reads the stale head here.
            head_read.wait(timeout=3)
        thread.join()
    finally:
        thread.join()
        other.dispose()
    assert not failures, failures
    report = chain(db)
    assert report.ok, report.describe()
    assert [r["action"] for r in stored_rows(db)[-2:]] == ["a", "b"]


def test_many_writers_keep_one_chain(site, db, db_url):
    before = chain(db).events
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        mine = Database(db_url)
        try:
            for k in range(10):
                with mine.write() as s:
                    audit(s, actor_id=None, at=datetime(2026, 11, 2, 9), entity="test",
                          entity_id=n, action=f"w{k}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            mine.dispose()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    report = chain(db)
    assert report.ok, report.describe()
    assert report.events == before + 40


# --- the migration and the copy -----------------------------------------------------------------


def test_the_migration_hashes_existing_events_as_the_app_does(site, db):
    rows = stored_rows(db)
    migrate.downgrade(db, "0005")
    with db.engine.connect() as conn:
        columns = {r[0] for r in conn.execute(text(
            "SELECT name FROM pragma_table_info('audit_events')" if db.is_sqlite else
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'audit_events'"))}
    assert "row_hash" not in columns
    assert not chain(db).chained
    migrate.upgrade(db)
    assert stored_rows(db) == rows  # the same hashes, recomputed by revision 0006
    assert chain(db).ok
    assert audit_guard_present(db)
    site.suggestions.create(site.staff_id, idea(site, title="After the upgrade"))
    assert chain(db).ok


@pytest.mark.sqlite_only(reason="copies a SQLite file (PostgreSQL: tests/pg/test_db_copy.py)")
def test_db_copy_keeps_the_chain_and_refuses_a_broken_one(site, db, db_path, tmp_path):
    db.dispose()
    target = tmp_path / "copy" / "kaizen.db"
    target.parent.mkdir()
    copy_database(f"sqlite:///{db_path}", f"sqlite:///{target}")
    copied = Database(f"sqlite:///{target}")
    try:
        assert chain(copied).ok and chain(copied).head == chain(db).head
    finally:
        copied.dispose()

    _edit_outside_kaizen_sqlite(db_path, "UPDATE audit_events SET action = 'x' WHERE id = 3")
    other = tmp_path / "other" / "kaizen.db"
    other.parent.mkdir()
    with pytest.raises(CopyRefused, match="BROKEN at event #3"):
        copy_database(f"sqlite:///{db_path}", f"sqlite:///{other}")
    check = Database(f"sqlite:///{other}")
    try:
        with check.read() as s:
            assert s.execute(text("SELECT count(*) FROM audit_events")).scalar() == 0
    finally:
        check.dispose()
