"""`kaizen db copy`: a line's SQLite history into PostgreSQL and back, checked row by row.

The source is the demo plant (two months, built once per module) with a photo on one idea. The
round trip SQLite -> PostgreSQL -> SQLite must give back every row of every table exactly; the
PostgreSQL copy keeps the ids, finds ideas by full-text search, and hands out fresh ids after.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, make_url, select, text

from kaizen.cli import main
from kaizen.db import audit_chain, migrate
from kaizen.db.copy import CopyRefused, copy_database
from kaizen.db.engine import Database
from kaizen.db.models import Attachment, AuditEvent, Base, Person, Suggestion
from kaizen.demo.generator import build_demo
from kaizen.domain.enums import Role, SuggestionStatus, WasteCategory
from kaizen.services import Services
from kaizen.services.listing import IdeaFilter
from kaizen.services.suggestions import SuggestionInput

TODAY = date(2026, 11, 2)


def _sqlite(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo plant in a SQLite file, with one photo stored under ``attachments`` beside it."""
    folder = tmp_path_factory.mktemp("line")
    path = folder / "kaizen.db"
    db = Database(_sqlite(path))
    migrate.upgrade(db)
    build_demo(db, seed=7, today=TODAY, months=2)
    picture = folder / "tape.png"
    Image.new("RGB", (40, 30), (200, 120, 40)).save(picture)
    services = Services.create(db, lambda: datetime(2026, 11, 2, 8),
                               attachments_dir=folder / "attachments")
    with db.read() as s:
        admin = s.scalar(select(Person.id).where(Person.role == Role.ADMIN).limit(1))
        idea = s.scalar(select(func.min(Suggestion.id)).where(
            Suggestion.status == SuggestionStatus.SUBMITTED))
    services.attachments.store(admin, picture, suggestion_id=idea)
    db.dispose()
    return path


@pytest.fixture
def source(demo_source: Path, tmp_path: Path) -> Path:
    """This test's own copy of the demo file and its photo folder."""
    folder = tmp_path / "line"
    folder.mkdir()
    shutil.copyfile(demo_source, folder / "kaizen.db")
    shutil.copytree(demo_source.parent / "attachments", folder / "attachments")
    return folder / "kaizen.db"


def _all_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            return {
                table.name: [tuple(r) for r in conn.execute(
                    select(table).order_by(*table.primary_key.columns))]
                for table in Base.metadata.sorted_tables
            }
    finally:
        db.dispose()


def _chain(url: str) -> audit_chain.ChainReport:
    db = Database(url)
    try:
        with db.read() as s:
            return audit_chain.verify_chain(s.connection())
    finally:
        db.dispose()


def _ids(url: str, model: Any) -> list[int]:
    db = Database(url)
    try:
        with db.read() as s:
            return list(s.scalars(select(model.id).order_by(model.id)))
    finally:
        db.dispose()


def test_round_trip_sqlite_postgres_sqlite_keeps_every_row(source: Path, pg_url: str,
                                                           tmp_path: Path) -> None:
    before = _all_rows(_sqlite(source))
    assert len(before["audit_events"]) > 100 and len(before["measurements"]) > 100
    assert len(before["attachments"]) == 1

    pg_photos = tmp_path / "site-photos"
    there = copy_database(_sqlite(source), pg_url, attachments_to=pg_photos)
    assert all(t.ok for t in there.tables)
    assert {t.table: t.target_rows for t in there.tables} == {
        name: len(rows) for name, rows in before.items()}
    sums = {t.table: t.sums for t in there.tables}
    assert sums["savings_entries"]["amount"][0] == pytest.approx(
        sum(r[3] for r in before["savings_entries"]))
    assert sums["measurements"]["value"][1] > 0
    assert there.attachments_copied == 1
    sha = before["attachments"][0][1]
    assert [p.name for p in (pg_photos / sha[:2]).iterdir()] == [f"{sha}.png"]

    # Ids are the source's, on the server too (spot checks on three tables).
    for model in (Suggestion, AuditEvent, Person):
        assert _ids(pg_url, model) == _ids(_sqlite(source), model)
    # The audit trail's hash chain verifies on the server, to the same head (issue 14).
    assert there.audit_chain is not None and there.audit_chain.ok
    assert _chain(pg_url).ok and _chain(pg_url).head == _chain(_sqlite(source)).head

    back = tmp_path / "back" / "kaizen.db"
    back.parent.mkdir()
    returned = copy_database(pg_url, _sqlite(back), attachments_from=pg_photos)
    assert returned.schema_created
    assert returned.attachments_copied == 1
    assert (back.parent / "attachments" / sha[:2] / f"{sha}.png").read_bytes() == (
        source.parent / "attachments" / sha[:2] / f"{sha}.png").read_bytes()
    after = _all_rows(_sqlite(back))
    for name, rows in before.items():
        assert after[name] == rows, name
    assert _chain(_sqlite(back)).head == _chain(_sqlite(source)).head
    # The FTS5 index of the SQLite copy was rebuilt: every idea is found by its own title.
    returned_db = Database(_sqlite(back))
    try:
        search = Services.create(returned_db).suggestions
        for row in before["suggestions"][:5]:
            assert row[0] in search.query_ids(IdeaFilter(text=row[1] + " ")), row[1]
    finally:
        returned_db.dispose()


def test_copy_on_postgres_searches_and_guards_the_audit_trail(source: Path,
                                                              pg_url: str) -> None:
    copy_database(_sqlite(source), pg_url)
    db = Database(pg_url)
    try:
        with db.read() as s:
            title = s.scalar(select(Suggestion.title).order_by(Suggestion.id).limit(1))
            first_audit = s.scalar(select(func.min(AuditEvent.id)))
        word = max(title.split(), key=len).strip(".,:;()")
        services = Services.create(db)
        ids = services.suggestions.query_ids(IdeaFilter(text=word + " "))
        assert ids, f"no idea found for {word!r} after the copy"
        with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_events WHERE id = :i"), {"i": first_audit})
    finally:
        db.dispose()


def test_a_new_idea_on_the_server_gets_a_fresh_id(source: Path, pg_url: str) -> None:
    copy_database(_sqlite(source), pg_url)
    largest = max(_ids(pg_url, Suggestion))
    largest_audit = max(_ids(pg_url, AuditEvent))
    db = Database(pg_url)
    try:
        services = Services.create(db)
        with db.read() as s:
            person_id, area_id = s.execute(select(Person.id, Person.home_area_id).where(
                Person.role == Role.STAFF, Person.home_area_id.is_not(None)).limit(1)).one()
        info = services.suggestions.create(person_id, SuggestionInput(
            title="Label the empty-bin shelf", problem="Empties pile up.",
            proposal="A painted shelf.", area_id=area_id, wastes=[WasteCategory.MOTION]))
        assert info.id == largest + 1
        assert max(_ids(pg_url, AuditEvent)) == largest_audit + 1
        assert _chain(pg_url).ok  # the new event builds on the copied chain
    finally:
        db.dispose()


def test_a_non_empty_target_is_refused_and_left_alone(source: Path, pg_url: str) -> None:
    copy_database(_sqlite(source), pg_url)
    held = _all_rows(pg_url)
    with pytest.raises(CopyRefused, match="not empty"):
        copy_database(_sqlite(source), pg_url)
    assert _all_rows(pg_url) == held


def test_a_source_at_another_revision_is_refused(source: Path, pg_url: str) -> None:
    old = Database(_sqlite(source))
    migrate.downgrade(old, "0002")
    old.dispose()
    with pytest.raises(CopyRefused, match=f"revision 0002.*{migrate.head_revision()}"):
        copy_database(_sqlite(source), pg_url)
    db = Database(pg_url)
    try:
        with db.read() as s:
            assert s.scalar(select(func.count()).select_from(Attachment)) == 0
            assert s.scalar(select(func.count()).select_from(Person)) == 0
    finally:
        db.dispose()


def test_an_empty_server_database_gets_the_schema_then_the_rows(source: Path,
                                                                 empty_pg_url: str) -> None:
    report = copy_database(_sqlite(source), empty_pg_url)
    assert report.schema_created
    assert _ids(empty_pg_url, Suggestion) == _ids(_sqlite(source), Suggestion)


def test_command_line_prints_what_was_copied(source: Path, pg_url: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--data-dir", str(tmp_path / "data"), "db", "copy", "--from",
                 _sqlite(source), "--to", pg_url, "--attachments-to", str(tmp_path / "p")])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "audit_events" in out.out and "savings_entries" in out.out
    assert "Photos: 1 copied" in out.out
    # The target named as the user gave it, its password (when the URL has one) masked.
    target = make_url(pg_url)
    assert target.render_as_string(hide_password=True) in out.out
    if target.password:
        assert f":{target.password}@" not in out.out and ":***@" in out.out
    assert main(["--data-dir", str(tmp_path / "data"), "db", "copy", "--from",
                 _sqlite(source), "--to", pg_url]) == 1
    assert "not empty" in capsys.readouterr().err


def test_sqlite_to_sqlite_copies_the_photos_beside_the_file(source: Path,
                                                            tmp_path: Path) -> None:
    target = tmp_path / "other" / "kaizen.db"
    target.parent.mkdir()
    report = copy_database(_sqlite(source), _sqlite(target))
    assert report.attachments_copied == 1
    assert _all_rows(_sqlite(target)) == _all_rows(_sqlite(source))
