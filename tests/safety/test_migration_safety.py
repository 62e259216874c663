"""Point 5 of the data-safety issue, with data at a previous revision: an upgrade is backed up
first (a verified copy holding the rows), runs in one transaction (a failing step leaves the old
revision and every row), and a batch migration that rebuilds a parent table keeps its children
(foreign keys are off while migrating, so SQLite's DROP TABLE does not cascade). A database from
a newer Kaizen opens read-only: tests/db/test_migrations.py and test_database_dialog.py.
"""

from __future__ import annotations

import shutil
import sqlite3
import textwrap
from pathlib import Path

import pytest
from pdca_factories import row_counts
from services.factories import idea, make_site, observation

from kaizen.config import MIGRATIONS_DIR
from kaizen.db import migrate
from kaizen.db.backup import audit_guard_present, check_sqlite_file
from kaizen.db.engine import Database

pytestmark = pytest.mark.sqlite_only(
    reason='SQLite batch-mode migrations of a '
           'file (foreign keys off, backup first)')

CHILD_TABLES = ("comments", "suggestion_wastes", "pdca_cycles", "stage_changes", "attachments",
                "waste_observations")


@pytest.fixture
def old_db(request, tmp_path, clock, photos_dir, monkeypatch):
    """A database at ``request.param`` (a revision before head) filled through the services:
    ideas with wastes, photos and comments, an accepted one with its PDCA cycle, an observation
    linked to an idea, audit events for all of it. Filled at head, then downgraded: today's
    services write today's columns (revision 0007 added ``areas.version``), and every downgrade
    keeps the rows."""
    path = tmp_path / "old.db"
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    site = make_site(db, clock)
    from PIL import Image

    from kaizen.services import Services

    services = Services.create(db, clock, attachments_dir=photos_dir)
    Image.new("RGB", (8, 8), (10, 200, 30)).save(tmp_path / "p.png")
    ideas = [services.suggestions.create(site.staff_id, idea(site, title=f"Idea {n}"),
                                         photos=[tmp_path / "p.png"]) for n in range(4)]
    for info in ideas:
        services.suggestions.add_comment(site.supervisor_id, info.id, "Looks good")
    services.suggestions.accept(site.supervisor_id, ideas[0].id)
    obs = services.observations.create(site.staff_id, observation(site))
    services.observations.link_to_suggestion(site.staff_id, obs.id, ideas[1].id)
    db.dispose()
    migrate.downgrade(db, request.param)
    yield db, path
    db.dispose()


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%_fts%' "
            "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def revision_of(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("old_db", ["0001", "0002"], indirect=True)
def test_an_upgrade_is_backed_up_first_and_keeps_every_row(old_db, tmp_path):
    db, path = old_db
    before = counts(path)
    old = revision_of(path)
    assert before["suggestions"] == 4 and before["comments"] == 4

    backup = migrate.upgrade(db, tmp_path / "backups")

    assert backup is not None and backup.exists()
    assert f"pre-upgrade-{old}" in backup.name
    assert check_sqlite_file(backup).ok
    assert revision_of(backup) == old  # the database as it was before the upgrade
    assert counts(backup) == before
    assert revision_of(path) == migrate.head_revision()
    after = row_counts(db)
    # Every table that was there keeps its rows; tables added since start empty.
    assert {k: v for k, v in after.items() if k in before} == \
        {k: v for k, v in before.items() if k in after}
    assert not any(after[k] for k in after.keys() - before.keys())
    assert audit_guard_present(db)  # the append-only triggers survive every revision


def scripts_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, upgrade_body: str) -> str:
    """A copy of the migrations with one more revision on top, made the app's script location.
    Returns the new head."""
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.head_revision()
    body = textwrap.indent(textwrap.dedent(upgrade_body).strip(), "    ")
    (folder / "versions" / "29991231_9001_test_step.py").write_text(
        '"""A revision made by a test."""\n'
        "import sqlalchemy as sa\n"
        "from alembic import op\n\n"
        f'revision = "9001"\ndown_revision = "{head}"\nbranch_labels = None\n'
        "depends_on = None\n\n\n"
        f"def upgrade():\n{body}\n\n\n"
        "def downgrade():\n    pass\n"
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", folder)
    assert migrate.head_revision() == "9001"
    return "9001"


@pytest.mark.parametrize("old_db", ["0002"], indirect=True)
def test_a_failing_step_leaves_the_old_revision_and_every_row(old_db, tmp_path, monkeypatch):
    """Upgrading 0002 -> 0003 -> 9001 where 9001 fails half way: 0003's indexes and 9001's first
    changes are rolled back with it, because the whole upgrade is one transaction."""
    db, path = old_db
    scripts_with(tmp_path, monkeypatch, '''
        with op.batch_alter_table("suggestions", recreate="always") as batch_op:
            batch_op.add_column(sa.Column("colour", sa.String(20)))
        op.execute("INSERT INTO settings (key, value) VALUES ('half_done', 'yes')")
        op.execute("DELETE FROM comments")
        raise RuntimeError("this step breaks half way")
    ''')
    before = counts(path)
    with pytest.raises(RuntimeError, match="half way"):
        migrate.upgrade(db, tmp_path / "backups")
    db.dispose()
    assert revision_of(path) == "0002"
    assert counts(path) == before
    conn = sqlite3.connect(path)
    try:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(suggestions)")}
        indexes = {r[1] for r in conn.execute("PRAGMA index_list(suggestions)")}
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()
    assert "colour" not in columns
    assert "ix_suggestions_status_closed" not in indexes  # 0003 did not stay half applied
    assert migrate.schema_status(db).state is migrate.SchemaState.OLDER


@pytest.mark.parametrize("old_db", ["0003"], indirect=True)
def test_rebuilding_a_parent_table_keeps_its_children(old_db, tmp_path, monkeypatch):
    """Batch mode rebuilds ``suggestions`` (copy, DROP, rename). With foreign keys on, SQLite's
    DROP TABLE would first delete every row, cascading into comments, wastes, PDCA cycles..."""
    db, path = old_db
    scripts_with(tmp_path, monkeypatch, '''
        with op.batch_alter_table("suggestions", recreate="always") as batch_op:
            batch_op.add_column(sa.Column("colour", sa.String(20)))
    ''')
    before = counts(path)
    assert all(before[t] > 0 for t in CHILD_TABLES), before

    migrate.upgrade(db, tmp_path / "backups")

    db.dispose()
    assert revision_of(path) == "9001"
    after = counts(path)
    assert {t: after[t] for t in CHILD_TABLES} == {t: before[t] for t in CHILD_TABLES}
    # Every table that was there keeps its rows; tables the later revisions add start empty.
    assert {t: after[t] for t in before} == before
    assert not any(after[t] for t in after.keys() - before.keys())
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA foreign_keys").fetchone() == (0,)  # a fresh raw handle
        assert "colour" in {r[1] for r in conn.execute("PRAGMA table_info(suggestions)")}
    finally:
        conn.close()
    with db.engine.connect() as conn2:  # the app's connections have them on again
        assert conn2.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.mark.parametrize("old_db", ["0003"], indirect=True)
def test_a_step_that_would_break_references_is_refused_whole(old_db, tmp_path, monkeypatch):
    """Foreign keys are off while migrating, so SQLite itself would let a step orphan rows; the
    ``foreign_key_check`` before the commit must refuse the whole upgrade."""
    db, path = old_db
    scripts_with(tmp_path, monkeypatch, '''
        op.execute("DELETE FROM suggestions WHERE id = (SELECT min(id) FROM suggestions)")
    ''')
    before = counts(path)
    with pytest.raises(migrate.MigrationError, match="broken references; nothing was changed"):
        migrate.upgrade(db, tmp_path / "backups")
    db.dispose()
    assert revision_of(path) == "0003"
    assert counts(path) == before
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
