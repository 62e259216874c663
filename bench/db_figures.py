"""The maps' and KPIs' database figures against plain sqlite3 (issue 21: each within 2x).

``python -m bench --only db`` (or ``python -m bench.db_figures``) builds a fresh SQLite file
beside nothing else (a site, an admin, one line), with a process whose current map has
``STEPS`` steps (the 200-step map of ``bench.process_map``) and a KPI series of ten years of
daily points, then times, each in pairs with its floor so both see the same machine:

- ``map_view``: ``ProcessService.map_view`` (the map editor's load); its floor, the SELECTs it
  sent replayed in plain sqlite3 plus the pure work on the rows that any implementation does
  (the stored document parsed and checked, its value-stream figures: kaizen.domain, no
  database) (``_raw_ms``), and the ratio (``_vs_raw``).
- ``save_map``: ``ProcessService.save_map`` of the map's document as it is (the editor's save
  with nothing changed: the service reads, compares and writes nothing), committed; its floor,
  every statement it sent replayed in plain sqlite3 inside ``BEGIN IMMEDIATE`` ... ``COMMIT``,
  plus the same pure work (the incoming document parsed and checked, the figures returned).
- ``kpi_chart``: ``KpiService.chart`` (the series read with its phases and limits) against its
  SELECTs replayed plus the same pure work on the rows (the baseline's control limits and the
  signals, kaizen.domain.control_chart).

Replays bind the very parameters the service bound, so the floor runs the same plans. The
mining load's floor is in :mod:`bench.mining` (``mining_load_vs_raw``).
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.search import line
from bench.value_stream import line_map

STEPS = 200
KPI_DAYS = 3650


@contextmanager
def every_statement(db: Any) -> Iterator[list[tuple[str, Any]]]:
    """Every statement run on ``db`` inside the block (not only SELECTs), with parameters,
    as the driver got them (the transaction's BEGIN is the app's own pragma, left out)."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if not statement.strip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def paired(name: str, ours: Callable[[], Any], floor: Callable[[], Any], runs: int) -> None:
    ours(), floor()  # warm-up
    a, b, a_cpu, b_cpu = [], [], [], []
    for _ in range(runs):
        for fn, wall, cpu in ((ours, a, a_cpu), (floor, b, b_cpu)):
            started, started_cpu = time.perf_counter(), time.thread_time()
            fn()
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - started_cpu) * 1000)
    line(f"{name}_ms", a, "ms")
    line(f"{name}_raw_ms", b, "ms")
    line(f"{name}_vs_raw", [statistics.median(a) / max(statistics.median(b), 1e-6)], "x")
    # The thread's CPU (SQLite runs on it too): what a shared machine does not stretch.
    line(f"{name}_cpu_vs_raw", [statistics.median(a_cpu) / max(statistics.median(b_cpu), 1e-6)],
         "x")


def _reads(raw: sqlite3.Connection, statements: list[tuple[str, Any]]) -> Callable[[], Any]:
    def replay() -> list[Any]:
        return [raw.execute(sql, params).fetchall() for sql, params in statements]
    return replay


def _writes(raw: sqlite3.Connection, statements: list[tuple[str, Any]]) -> Callable[[], Any]:
    import json

    from kaizen.db.audit_chain import next_event

    def replay() -> None:
        raw.execute("BEGIN IMMEDIATE")
        for sql, params in statements:
            if sql.lstrip().startswith("INSERT INTO audit_events"):
                # The trail is a hash chain: the replayed event goes at its head, as the app
                # appends it (the head was read by the replayed SELECT just before).
                head = raw.execute("SELECT id, row_hash FROM audit_events ORDER BY id DESC "
                                   "LIMIT 1").fetchone()
                _id, at, person, entity, entity_id, action, before, after, _hash = params
                event = next_event(head, {
                    "at": datetime.fromisoformat(at), "person_id": person, "entity": entity,
                    "entity_id": entity_id, "action": action,
                    "before": None if before is None else json.loads(before),
                    "after": None if after is None else json.loads(after)})
                params = (event["id"], at, person, entity, entity_id, action, before, after,
                          event["row_hash"])
            if isinstance(params, list):  # an executemany
                raw.executemany(sql, params)
            else:
                raw.execute(sql, params).fetchall()
        raw.execute("COMMIT")
    return replay


def run(runs: int = 7, folder: Path | None = None) -> None:
    from kaizen.config import sqlite_url
    from kaizen.db import migrate
    from kaizen.db.engine import Database
    from kaizen.domain.enums import AreaKind
    from kaizen.services import Services

    with tempfile.TemporaryDirectory(prefix="kaizen-bench-db-", dir=folder) as where:
        path = Path(where) / "figures.db"
        db = Database(sqlite_url(path))
        try:
            migrate.upgrade(db)
            services = Services.create(db)
            admin = services.people.bootstrap(site_name="Bench Works", admin_name="Pat Admin",
                                              admin_pin="2468")
            site = services.people.create_area(admin.id, name="Site", kind=AreaKind.SITE)
            dept = services.people.create_area(admin.id, name="Assembly", parent_id=site.id,
                                               kind=AreaKind.DEPARTMENT)
            area = services.people.create_area(admin.id, name="Line 1", parent_id=dept.id,
                                               kind=AreaKind.LINE)
            document = line_map(STEPS)
            view = services.processes.create_process(admin.id, name="Assembly flow",
                                                     area_id=area.id, document=document)
            map_id = view.map.id
            series = services.kpis.add_series(admin.id, view.process.id, kind="cycle_time")
            start = datetime(2016, 1, 1, 8)
            services.kpis.add_points(admin.id, series.id, [
                (start + timedelta(days=d), 10.0 + (d % 17) * 0.3) for d in range(KPI_DAYS)])
            print(f"# maps and KPIs: a {STEPS}-step map, a KPI series of {KPI_DAYS:,} daily "
                  f"points, fresh SQLite file", flush=True)
            raw = sqlite3.connect(path, isolation_level=None)
            raw.execute("PRAGMA foreign_keys=ON")
            try:
                _time_all(db, services, raw, admin.id, map_id, series.id, document, runs)
            finally:
                raw.close()
        finally:
            db.dispose()
    print("#   target: each within 2x of its plain-sqlite3 floor", flush=True)


def _time_all(db: Any, services: Any, raw: sqlite3.Connection, admin: int, map_id: int,
              series_id: int, document: dict[str, Any], runs: int) -> None:
    from kaizen.domain.process_model import loads, parse_model
    from kaizen.domain.value_stream import value_stream

    processes = services.processes
    with every_statement(db) as statements:
        processes.map_view(map_id)
    reads = _reads(raw, statements)
    stored = raw.execute("SELECT document FROM process_maps WHERE id = ?", (map_id,)).fetchone()[0]

    def map_floor() -> Any:
        # The rows, then the pure work any editor needs on them: the stored document parsed
        # and checked, and its value-stream figures (kaizen.domain, no database).
        reads()
        return value_stream(loads(stored))

    paired("map_view", lambda: processes.map_view(map_id), map_floor, runs)

    # The editor's save of the document as it is: every step's row kept and rewritten.
    def save() -> Any:
        return processes.save_map(admin, map_id, document)

    save()
    with every_statement(db) as statements:
        save()  # the statements of one save: replayed as the floor (the same rows again)
    if "--show" in sys.argv:
        for sql, params in statements:
            print("#   save_map:", " ".join(sql.split())[:120], str(params)[:80])
    writes = _writes(raw, statements)

    def floor() -> Any:
        # The statements, then the pure work any save needs: the incoming document parsed
        # and checked, and the saved map's value-stream figures for the editor.
        writes()
        parse_model(document)
        return value_stream(loads(stored))
    paired("save_map", save, floor, runs)

    from kaizen.domain import control_chart
    from kaizen.services.kpis import BASELINE_POINTS

    kpis = services.kpis
    with every_statement(db) as statements:
        kpis.chart(series_id)
    kpi_reads = _reads(raw, statements)
    points = next(i for i, (sql, _p) in enumerate(statements) if "FROM kpi_points" in sql)

    def kpi_floor() -> Any:
        # The rows, then the pure work on them: the control limits of the series' baseline
        # and its signals (kaizen.domain.control_chart, as the service's one phase does).
        values = [float(row[1]) for row in kpi_reads()[points]]
        limits = control_chart.xmr_limits(values[:BASELINE_POINTS])
        return control_chart.signals(values, limits)

    paired("kpi_chart", lambda: kpis.chart(series_id), kpi_floor, runs)


def _renamed(document: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    def name(value: str) -> str:
        return new if value == old else value

    return {**document,
            "steps": [{**step, "name": name(step["name"])} for step in document["steps"]],
            "flows": [{**flow, "from": name(flow["from"]), "to": name(flow["to"])}
                      for flow in document["flows"]]}


if __name__ == "__main__":
    run()
