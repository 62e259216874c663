"""The demo plant: believable, built through the services, reproducible from its seed."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from kaizen.db.engine import Database
from kaizen.demo.generator import DemoRefused, build_demo

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copyfile(template_db, path)
    db = Database(f"sqlite:///{path}")
    build_demo(db, seed=1, today=TODAY)
    db.dispose()
    return path


def _rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _one(path: Path, sql: str) -> object:
    return _rows(path, sql)[0][0]


def test_a_plant_of_about_forty_people_in_six_departments(demo_file: Path) -> None:
    roles = dict(_rows(demo_file, "SELECT role, count(*) FROM people GROUP BY role"))
    assert roles == {"admin": 1, "supervisor": 6, "staff": 33}
    kinds = dict(_rows(demo_file, "SELECT kind, count(*) FROM areas GROUP BY kind"))
    assert kinds["site"] == 1 and kinds["department"] == 6


def test_eighteen_months_of_ideas_and_observations_of_every_waste(demo_file: Path) -> None:
    first, last = _rows(demo_file, "SELECT min(created_at), max(created_at) FROM suggestions")[0]
    assert first < "2025-06-15" and last > "2026-11-01"
    assert _one(demo_file, "SELECT count(*) FROM suggestions") > 150
    wastes = {r[0] for r in _rows(demo_file, "SELECT DISTINCT category FROM waste_observations")}
    assert len(wastes) == 7
    statuses = {r[0] for r in _rows(demo_file, "SELECT DISTINCT status FROM suggestions")}
    assert {"submitted", "accepted", "rejected", "standardised"} <= statuses


def test_cycles_in_every_stage_with_consistent_history(demo_file: Path) -> None:
    stages = {r[0] for r in _rows(demo_file, "SELECT DISTINCT stage FROM pdca_cycles")}
    assert stages == {"plan", "do", "check", "act", "done"}
    # The last stage change of every cycle ends where the cycle stands.
    mismatched = _one(demo_file, """
        SELECT count(*) FROM pdca_cycles c
        WHERE c.stage != (SELECT to_stage FROM stage_changes s WHERE s.cycle_id = c.id
                          ORDER BY s.id DESC LIMIT 1)""")
    assert mismatched == 0
    # Only accepted (or closed after acceptance) ideas have cycles.
    wrong = _one(demo_file, """
        SELECT count(*) FROM pdca_cycles c JOIN suggestions s ON s.id = c.suggestion_id
        WHERE s.status NOT IN ('accepted', 'standardised', 'abandoned')""")
    assert wrong == 0


def test_measurements_before_and_after_and_validated_savings(demo_file: Path) -> None:
    phases = dict(_rows(demo_file, "SELECT phase, count(*) FROM measurements GROUP BY phase"))
    assert phases["before"] > 100 and phases["after"] > 100
    validated = _one(demo_file, "SELECT count(*) FROM savings_entries "
                                "WHERE validated_at IS NOT NULL AND NOT is_forecast")
    assert validated > 50
    months = _one(demo_file, "SELECT count(DISTINCT month) FROM savings_entries")
    assert months >= 12


def test_every_change_left_an_audit_event(demo_file: Path) -> None:
    ideas = _one(demo_file, "SELECT count(*) FROM suggestions")
    created = _one(demo_file, "SELECT count(*) FROM audit_events "
                              "WHERE entity = 'suggestion' AND action = 'create'")
    assert created == ideas


def test_database_is_healthy_after_the_demo(demo_file: Path) -> None:
    assert _one(demo_file, "PRAGMA integrity_check") == "ok"
    assert _rows(demo_file, "PRAGMA foreign_key_check") == []


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        # PIN hashes are salted at random on purpose; everything else must be identical.
        return [line for line in conn.iterdump() if "scrypt$" not in line]
    finally:
        conn.close()


def _build(tmp_path: Path, template: Path, name: str, seed: int) -> Path:
    path = tmp_path / name
    shutil.copyfile(template, path)
    db = Database(f"sqlite:///{path}")
    build_demo(db, seed=seed, today=TODAY, months=2)
    db.dispose()
    return path


def test_same_seed_gives_the_same_data(tmp_path: Path, template_db: Path) -> None:
    first = _dump(_build(tmp_path, template_db, "a.db", seed=1))
    second = _dump(_build(tmp_path, template_db, "b.db", seed=1))
    assert len(first) > 500
    assert first == second


def test_another_seed_gives_other_data(tmp_path: Path, template_db: Path) -> None:
    assert _dump(_build(tmp_path, template_db, "a.db", seed=1)) != _dump(
        _build(tmp_path, template_db, "c.db", seed=2))


def test_demo_refuses_a_database_with_people(demo_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    shutil.copyfile(demo_file, copy)
    db = Database(f"sqlite:///{copy}")
    with pytest.raises(DemoRefused):
        build_demo(db, seed=1, today=TODAY)
    db.dispose()


def test_scale_adds_bulk_rows_that_keep_the_rules(tmp_path: Path, template_db: Path) -> None:
    path = tmp_path / "scale.db"
    shutil.copyfile(template_db, path)
    db = Database(f"sqlite:///{path}")
    summary = build_demo(db, seed=1, today=TODAY, months=1, scale=5000)
    db.dispose()
    assert summary.bulk_ideas == 5000
    assert _one(path, "SELECT count(*) FROM suggestions") >= 5000
    assert _one(path, "SELECT count(*) FROM measurements") > 20_000
    assert _one(path, """
        SELECT count(*) FROM pdca_cycles c JOIN suggestions s ON s.id = c.suggestion_id
        WHERE s.status NOT IN ('accepted', 'standardised', 'abandoned')""") == 0
    assert _one(path, """
        SELECT count(*) FROM pdca_cycles c
        WHERE c.stage != (SELECT to_stage FROM stage_changes s WHERE s.cycle_id = c.id
                          ORDER BY s.id DESC LIMIT 1)""") == 0
    assert _one(path, """
        SELECT count(*) FROM savings_entries e JOIN suggestions s ON s.id = e.suggestion_id
        WHERE s.status != 'standardised'""") == 0
    assert _rows(path, "PRAGMA foreign_key_check") == []
    # The full-text index was rebuilt after the bulk load, and its triggers are back.
    matched = _one(path, "SELECT count(*) FROM suggestions_fts "
                         "WHERE suggestions_fts MATCH 'torque'")
    scanned = _one(path, "SELECT count(*) FROM suggestions WHERE title LIKE '%torque%' "
                         "OR problem LIKE '%torque%' OR proposal LIKE '%torque%'")
    assert matched == scanned > 100
    triggers = {r[0] for r in _rows(path, "SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert {"suggestions_fts_insert", "waste_observations_fts_insert"} <= triggers
