"""Revision 0002: the FTS5 tables, their triggers and backfill, the sort indexes, both ways."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.dialects import postgresql

from kaizen.config import MIGRATIONS_DIR
from kaizen.db import migrate
from kaizen.db.engine import Database
from kaizen.db.models import Suggestion, WasteObservation
from kaizen.db.search import (
    CASEFOLD_INDEXES,
    FTS_TUNING,
    OBSERVATIONS_TEXT,
    SUGGESTIONS_TEXT,
    TEXT_INDEXES,
    is_unmapped_schema_name,
    pg_document,
)
from kaizen.domain.enums import Role, WasteCategory
from kaizen.services import Services
from kaizen.services.listing import IdeaFilter, ObservationFilter
from kaizen.services.observations import ObservationInput
from kaizen.services.suggestions import SuggestionInput

TRIGGERS = {f"{t}_fts_{verb}" for t in ("suggestions", "waste_observations")
            for verb in ("insert", "update", "delete")}


_PG_OBJECTS = {
    "table": "SELECT tablename, '' FROM pg_tables WHERE schemaname = 'public'",
    "trigger": "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal",
    "index": "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
}


def _objects(db: Database, kind: str) -> dict[str, str]:
    with db.engine.connect() as conn:
        if not db.is_sqlite:
            return {name: sql for name, sql in conn.execute(text(_PG_OBJECTS[kind]))}
        rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = :kind"),
                            {"kind": kind})
        return {name: sql or "" for name, sql in rows}


def _search_objects(db: Database) -> set[str]:
    names = set(_objects(db, "table")) | set(_objects(db, "trigger")) | set(_objects(db, "index"))
    pg_indexes = {index.pg_index for index in TEXT_INDEXES}
    return {n for n in names if "_fts" in n or n in CASEFOLD_INDEXES or n in pg_indexes}


def _consistent(db: Database) -> None:
    if not db.is_sqlite:  # an expression index: the server keeps it, there is nothing to check
        return
    with db.write() as s:
        for index in TEXT_INDEXES:
            fts = index.fts_table
            s.execute(text(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)"))


class _Site:
    """Just enough of a site to add ideas and observations through the services."""

    def __init__(self, db: Database, clock) -> None:  # noqa: ANN001
        self.services = Services.create(db, clock)
        people = self.services.people
        admin = people.bootstrap(site_name="Plant", admin_name="Ada", admin_pin="1234")
        self.area_id = admin.home_area_id
        self.staff_id = people.create_person(admin.id, name="Stan", role=Role.STAFF,
                                             home_area_id=self.area_id).id

    def idea(self, title: str) -> int:
        data = SuggestionInput(title=title, problem="", proposal="", area_id=self.area_id)
        return self.services.suggestions.create(self.staff_id, data).id

    def rename(self, suggestion_id: int, title: str) -> None:
        data = SuggestionInput(title=title, problem="", proposal="", area_id=self.area_id)
        self.services.suggestions.update(self.staff_id, suggestion_id, data)

    def observation(self, description: str) -> int:
        data = ObservationInput(category=WasteCategory.WAITING, area_id=self.area_id,
                                description=description, minutes_per_occurrence=1,
                                occurrences_per_week=1)
        return self.services.observations.create(self.staff_id, data).id

    def ideas(self, search: str) -> list[int]:
        return self.services.suggestions.query_ids(IdeaFilter(text=search))

    def observations(self, search: str) -> list[int]:
        return self.services.observations.query_ids(ObservationFilter(text=search))


def _copy_idea(db: Database, source: int, title: str) -> int:
    """A new idea row copied from ``source`` with another title, in plain SQL (any revision)."""
    with db.engine.begin() as conn:
        columns = [c["name"] for c in inspect(conn).get_columns("suggestions") if c["name"] != "id"]
        values = [":title" if c == "title" else c for c in columns]
        conn.execute(text(f"INSERT INTO suggestions ({', '.join(columns)}) "
                          f"SELECT {', '.join(values)} FROM suggestions WHERE id = :id"),
                     {"id": source, "title": title})
        return int(conn.execute(text("SELECT max(id) FROM suggestions")).scalar())


def _migration_0002(number: str = "0002") -> ModuleType:
    [path] = (MIGRATIONS_DIR / "versions").glob(f"*_{number}_*.py")
    spec = importlib.util.spec_from_file_location(f"migration_{number}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_head_has_the_search_indexes_on_postgres(db):
    if db.is_sqlite:
        pytest.skip("PostgreSQL's indexes (SQLite's FTS5 tables have their own test)")
    indexes = _objects(db, "index")
    for index in TEXT_INDEXES:
        assert "USING gin (to_tsvector('kaizen_search'::regconfig" in indexes[index.pg_index]
    for name, (table, column) in CASEFOLD_INDEXES.items():
        assert indexes[name].endswith(f"ON public.{table} USING btree (lower(({column})::text))")


@pytest.mark.sqlite_only(reason="SQLite's FTS5 tables, triggers and NOCASE indexes")
def test_head_has_the_search_tables_triggers_and_sort_indexes(db):
    tables = _objects(db, "table")
    for index in TEXT_INDEXES:
        assert "USING fts5" in tables[index.fts_table]
        assert f"content='{index.table}'" in tables[index.fts_table]
    # A later batch rebuild of suggestions or waste_observations drops these: it must make them
    # again (see kaizen/db/search.py).
    assert set(_objects(db, "trigger")) >= TRIGGERS
    indexes = _objects(db, "index")
    for name, (table, column) in CASEFOLD_INDEXES.items():
        assert indexes[name] == f"CREATE INDEX {name} ON {table} ({column} COLLATE NOCASE)"
    _consistent(db)


def test_upgrade_fills_the_index_with_the_rows_already_there(fresh, clock):
    # Rows written at head by today's services, then the database taken back to 0001 (the rows
    # stay, the index goes): the upgrade must index the rows that are there.
    migrate.upgrade(fresh)
    site = _Site(fresh, clock)
    made = site.idea("Torque station moved")
    seen = site.observation("Forklift")
    fresh.dispose()
    migrate.downgrade(fresh, "0001")
    assert _search_objects(fresh) == set()
    migrate.upgrade(fresh)
    assert migrate.schema_status(fresh).state is migrate.SchemaState.CURRENT
    assert site.ideas("torq") == [made]
    assert site.observations("fork") == [seen]
    _consistent(fresh)


def test_downgrade_removes_it_all_and_upgrade_brings_it_back(fresh, clock):
    migrate.upgrade(fresh)
    site = _Site(fresh, clock)
    first = site.idea("Before the downgrade")
    migrate.downgrade(fresh, "0001")
    assert _search_objects(fresh) == set()
    # Without the triggers the tables still take every change. Written in SQL: today's
    # services write columns that revision 0001 does not have (areas.version, revision 0007).
    second = _copy_idea(fresh, first, "During the downgrade")
    with fresh.engine.begin() as conn:
        conn.execute(text("UPDATE suggestions SET title = 'Renamed meanwhile' WHERE id = :id"),
                     {"id": first})
        assert conn.execute(text("SELECT count(*) FROM suggestions")).scalar() == 2
    migrate.upgrade(fresh)
    assert site.ideas("downgrade") == [second]
    assert site.ideas("renamed") == [first]
    _consistent(fresh)
    migrate.downgrade(fresh, "base")
    assert _objects(fresh, "table").keys() <= {"alembic_version"}
    assert _search_objects(fresh) == set()


def test_the_migration_and_the_queries_agree(db):
    module = _migration_0002()
    assert {i.table: i.columns for i in TEXT_INDEXES} == module.TEXT_COLUMNS
    assert module.CASEFOLD_INDEXES == CASEFOLD_INDEXES
    # PostgreSQL uses an expression index only for the very same expression (the indexes were
    # rebuilt on the accent-blind configuration by revision 0004).
    latest = _migration_0002("0004")
    assert latest.TEXT_COLUMNS == module.TEXT_COLUMNS
    for index, model in ((SUGGESTIONS_TEXT, Suggestion), (OBSERVATIONS_TEXT, WasteObservation)):
        built = str(pg_document(index, model.__table__).compile(dialect=postgresql.dialect()))
        assert built.replace(f"{index.table}.", "") == latest.pg_document(index.columns)


def test_only_the_search_objects_are_left_out_of_autogenerate():
    for name in ("suggestions_fts", "suggestions_fts_data", "suggestions_fts_idx",
                 "suggestions_fts_docsize", "suggestions_fts_config", "waste_observations_fts",
                 "waste_observations_fts_data"):
        assert is_unmapped_schema_name(name, "table")
    for name in ("suggestions", "waste_observations", "suggestions_ftsx", "people"):
        assert not is_unmapped_schema_name(name, "table")
    assert is_unmapped_schema_name("ix_suggestions_title_ci", "index")
    assert is_unmapped_schema_name("ix_suggestions_search", "index")
    assert not is_unmapped_schema_name("ix_suggestions_status", "index")
    assert not is_unmapped_schema_name("suggestions_fts", "column")
    assert not is_unmapped_schema_name(None, "table")


def _fts_settings(db: Database) -> dict[str, dict[str, int]]:
    with db.engine.connect() as conn:
        return {index.fts_table: {k: int(v) for k, v in conn.execute(
                    text(f"SELECT k, v FROM {index.fts_table}_config WHERE k != 'version'"))}
                for index in TEXT_INDEXES}


@pytest.mark.sqlite_only("FTS5 settings: PostgreSQL searches through a GIN index")
def test_fts_merging_is_off_the_save_path_at_head_and_back_on_below(fresh):
    migrate.upgrade(fresh)
    tuned = dict(FTS_TUNING)
    assert tuned == {"automerge": 0, "crisismerge": 64}
    assert _fts_settings(fresh) == {index.fts_table: tuned for index in TEXT_INDEXES}
    migrate.downgrade(fresh, "0004")
    defaults = {"automerge": 4, "crisismerge": 16}  # FTS5's own defaults
    assert _fts_settings(fresh) == {index.fts_table: defaults for index in TEXT_INDEXES}
    migrate.upgrade(fresh)
    assert _fts_settings(fresh) == {index.fts_table: tuned for index in TEXT_INDEXES}
    _consistent(fresh)
