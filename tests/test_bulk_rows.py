"""kaizen.demo.bulk: rows through the driver are stored as SQLAlchemy would store them, the bulk
set never holds a day after its end, and the bulk load (indexes dropped, then built again) leaves
a sound database with its indexes, triggers, full-text index and id sequences as they should be
(issue 8's benchmark set)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Connection, insert, select, text

from kaizen.db.engine import Database
from kaizen.db.models import Measurement, PdcaCycle, SavingsEntry, Suggestion
from kaizen.db.search import merge_step
from kaizen.demo.bulk import bulk_insert, bulk_load, insert_rows
from kaizen.demo.generator import build_demo
from kaizen.domain.enums import MeasurementPhase, PdcaStage, SuggestionStatus

TODAY = date(2026, 11, 25)


@pytest.fixture
def plant(databases, template_url: str) -> Database:
    db = Database(databases.copy(template_url))
    build_demo(db, seed=1, today=TODAY, months=1)
    yield db
    db.dispose()


def _raw(db: Database, table: str, ids: list[int]) -> list[tuple]:
    with db.engine.connect() as conn:
        rows = conn.execute(text(f"SELECT * FROM {table} WHERE id IN ({','.join(map(str, ids))}) "
                                 "ORDER BY id")).all()
    return [tuple(row)[1:] for row in rows]  # without the id


def test_insert_rows_stores_what_a_core_insert_stores(plant: Database) -> None:
    with plant.read() as s:
        metric, person = s.execute(text("SELECT id, (SELECT min(id) FROM people) FROM metrics "
                                        "LIMIT 1")).one()
    row = {"metric_id": metric, "phase": MeasurementPhase.AFTER, "value": 12.5,
           "measured_at": datetime(2026, 11, 2, 7, 30, 0, 250), "person_id": person}
    with plant.write() as s:
        core_id = s.execute(insert(Measurement).returning(Measurement.id), [row]).scalar_one()
        insert_rows(s.connection(), Measurement.__table__, [row])
        ours_id = s.scalar(select(Measurement.id).order_by(Measurement.id.desc()).limit(1))
    assert ours_id != core_id
    assert _raw(plant, "measurements", [core_id]) == _raw(plant, "measurements", [ours_id])
    with plant.read() as s:
        back = s.get(Measurement, ours_id)
        assert back is not None
        assert back.phase is MeasurementPhase.AFTER
        assert back.measured_at == datetime(2026, 11, 2, 7, 30, 0, 250)


def test_columns_left_out_get_their_python_default(plant: Database) -> None:
    with plant.read() as s:
        idea = s.scalar(select(Suggestion.id).limit(1))
    row = {"suggestion_id": idea, "number": 9, "started_at": datetime(2026, 11, 1, 8, 0),
           "stage_entered_at": datetime(2026, 11, 1, 8, 0)}  # stage, why_chain... left out
    with plant.write() as s:
        insert_rows(s.connection(), PdcaCycle.__table__, [row])
    with plant.read() as s:
        cycle = s.scalar(select(PdcaCycle).where(PdcaCycle.number == 9))
        assert cycle is not None
        assert cycle.stage is PdcaStage.PLAN and cycle.why_chain == [] and cycle.version == 1


def test_the_bulk_set_ends_on_its_last_day(plant: Database) -> None:
    bulk_insert(plant, ideas=3000, today=TODAY)
    end = datetime(2026, 11, 25, 16, 0)
    with plant.read() as s:
        assert s.scalar(select(Suggestion.created_at).order_by(Suggestion.created_at.desc())
                        .limit(1)) <= end
        assert s.scalar(select(PdcaCycle.stage_entered_at)
                        .order_by(PdcaCycle.stage_entered_at.desc()).limit(1)) <= end
        assert s.scalar(select(SavingsEntry.month).order_by(SavingsEntry.month.desc())
                        .limit(1)) < "2026-11"


def _schema_of(connection: Connection) -> set[tuple[str, str, str]]:
    return {tuple(row) for row in connection.execute(text(
        "SELECT type, name, coalesce(sql, '') FROM sqlite_master "
        "WHERE type IN ('index', 'trigger')"))}


def _schema(db: Database) -> set[tuple[str, str, str]]:
    with db.engine.connect() as conn:
        return _schema_of(conn)


def test_the_bulk_load_leaves_every_index_and_trigger_as_it_found_them(
        plant: Database, on_postgres: bool) -> None:
    if on_postgres:
        pytest.skip("indexes are dropped and rebuilt on SQLite only")
    before = _schema(plant)
    assert any(name == "ix_measurements_metric_phase" for _t, name, _s in before)
    with plant.write() as s:
        # FTS5 flushes its pending data as a new segment every 'hashsize' bytes (1 MB by
        # default): small, so this load's rebuild makes many, as 200,000 ideas do.
        s.execute(text("INSERT INTO suggestions_fts(suggestions_fts, rank) "
                       "VALUES ('hashsize', 16384)"))
    bulk_insert(plant, ideas=2000, today=TODAY)
    assert _schema(plant) == before
    with plant.engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        # The rebuilt indexes serve the queries they exist for.
        plan = conn.execute(text("EXPLAIN QUERY PLAN SELECT value FROM measurements "
                                 "WHERE metric_id = 5 AND phase = 'before'")).all()
        assert "ix_measurements_metric_phase" in " ".join(str(row[-1]) for row in plan)
        # Every idea is in the full-text index, found by a word of its title.
        found = conn.execute(text("SELECT count(*) FROM suggestions_fts "
                                  "WHERE suggestions_fts MATCH 'kanban'")).scalar()
        scanned = conn.execute(text("SELECT count(*) FROM suggestions WHERE title LIKE "
                                    "'%kanban%' OR problem LIKE '%kanban%' OR proposal LIKE "
                                    "'%kanban%'")).scalar()
        assert found == scanned > 10
    # The index is left merged: no save after the load pays for merging the load's segments.
    raw = plant.engine.raw_connection()
    try:
        assert not merge_step(raw.driver_connection), "the bulk load left segments to merge"
        raw.rollback()
    finally:
        raw.close()


def test_a_failed_bulk_load_rolls_back_to_the_indexes_it_dropped(
        plant: Database, on_postgres: bool) -> None:
    if on_postgres:
        pytest.skip("indexes are dropped and rebuilt on SQLite only")
    before = _schema(plant)
    with pytest.raises(RuntimeError), plant.write() as s:
        connection = s.connection()
        with bulk_load(connection, [Measurement.__table__, Suggestion.__table__]):
            assert not any(name == "ix_measurements_metric_phase"
                           for _t, name, _s in _schema_of(connection))
            raise RuntimeError("the load failed")
    assert _schema(plant) == before


def test_ids_saved_after_a_bulk_load_follow_on(plant: Database) -> None:
    bulk_insert(plant, ideas=1000, today=TODAY)
    with plant.read() as s:
        last = s.scalar(select(Suggestion.id).order_by(Suggestion.id.desc()).limit(1))
    with plant.write() as s:
        new_id = s.execute(insert(Suggestion).returning(Suggestion.id), [{
            "title": "After the load", "problem": "p", "proposal": "q",
            "submitter_id": s.scalar(text("SELECT min(id) FROM people")),
            "area_id": s.scalar(text("SELECT min(id) FROM areas")),
            "status": SuggestionStatus.SUBMITTED, "created_at": datetime(2026, 11, 25, 9, 0),
            "updated_at": datetime(2026, 11, 25, 9, 0)}]).scalar_one()
    assert new_id == last + 1
