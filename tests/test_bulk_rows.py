"""kaizen.demo.bulk: rows through the driver are stored as SQLAlchemy would store them, and the
bulk set never holds a day after its end (issue 8's benchmark set)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import insert, select, text

from kaizen.db.engine import Database
from kaizen.db.models import Measurement, PdcaCycle, SavingsEntry, Suggestion
from kaizen.demo.bulk import bulk_insert, insert_rows
from kaizen.demo.generator import build_demo
from kaizen.domain.enums import MeasurementPhase, PdcaStage

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
