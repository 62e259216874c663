"""Large data sets for benchmarks: ideas, observations, cycles, measurements and savings in bulk.

Rows go in through the driver's executemany (:func:`insert_rows`), in one transaction, in
the proportions of a large site (per idea: 0.5 observations, 0.1 PDCA cycles, 10 measurements,
0.5 savings entries). The rows keep the rules the services enforce: only accepted ideas have
cycles, every cycle has a stage-change history that ends in its stage, closed cycles close their
idea as standardised or abandoned, savings belong to standardised ideas and start after they
closed. Bulk rows have no audit events: they were never changed by a person.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, DateTime, Table, func, insert, select

from kaizen.db.engine import Database
from kaizen.db.ids import advance_id_sequences
from kaizen.db.models import (
    Area,
    Measurement,
    Metric,
    PdcaCycle,
    Person,
    SavingsEntry,
    StageChange,
    Suggestion,
    SuggestionWaste,
    WasteObservation,
)
from kaizen.db.search import fts_triggers_suspended
from kaizen.demo import catalogue as cat
from kaizen.domain.enums import (
    ActDecision,
    MeasurementPhase,
    PdcaStage,
    Role,
    SavingsKind,
    SuggestionStatus,
    WasteCategory,
)

CHUNK = 20_000
_FLOW = [PdcaStage.PLAN, PdcaStage.DO, PdcaStage.CHECK, PdcaStage.ACT, PdcaStage.DONE]


def _chunks(rows: list[tuple[Any, ...]]) -> Iterable[list[tuple[Any, ...]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start:start + CHUNK]


@contextmanager
def _large_cache(connection: Connection) -> Iterator[None]:
    """SQLite's page cache at 256 MB for the block: the default 2 MB made every index insert of
    two million measurements go to disk."""
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql("PRAGMA cache_size=-262144")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")


def _iso_datetime(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(" ", "microseconds")


def _processor(type_: Any, dialect: Any) -> Any:
    """The column type's bind processor; for a plain DateTime the same text made by
    ``isoformat`` (a third of the time of SQLAlchemy's formatting, two million times over)."""
    if type(type_) is DateTime and not type_.timezone:
        return _iso_datetime
    return type_._cached_bind_processor(dialect)


def insert_rows(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """``rows`` (dicts with the same keys) into ``table`` through the driver's executemany.

    Each value goes through its column type's own bind processor (dates, enums, JSON come out
    exactly as an ORM or Core insert stores them) and columns left out get their Python-side
    default, but without SQLAlchemy's per-row parameter handling, which cost three times the
    time of SQLite's own work for a million rows.
    """
    if not rows:
        return
    dialect = connection.dialect
    if dialect.name != "sqlite":  # the SQL below uses SQLite's paramstyle
        for start in range(0, len(rows), CHUNK):
            connection.execute(insert(table), rows[start:start + CHUNK])
        return
    names = list(rows[0])
    defaults: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if column.name in names or default is None or not hasattr(default, "arg"):
            continue
        # Callables (default=list) are wrapped by SQLAlchemy to take an execution context.
        defaults[column.name] = default.arg(None) if callable(default.arg) else default.arg
    columns = names + list(defaults)
    processors = [_processor(table.c[name].type, dialect) for name in columns]
    extra = tuple(defaults.values())
    quote = dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    # Column by column, then zipped into rows: a generator per row cost more than SQLite.
    values: list[list[Any]] = []
    for name, process in zip(names, processors, strict=False):
        column = [row[name] for row in rows]
        values.append(column if process is None else [process(v) for v in column])
    for value, process in zip(extra, processors[len(names):], strict=True):
        values.append([value if process is None else process(value)] * len(rows))
    data = list(zip(*values, strict=True))
    for chunk in _chunks(data):
        connection.exec_driver_sql(sql, chunk)


def bulk_insert(db: Database, *, ideas: int, seed: int = 1, today: date | None = None) -> int:
    """Insert ``ideas`` ideas and their related rows; returns the number of ideas inserted."""
    rng = random.Random(seed * 7919 + ideas)
    end = datetime.combine(today or date.today(), time(16, 0))
    span = timedelta(days=3650 if ideas >= 50_000 else 548)
    start = end - span
    wastes = list(WasteCategory)
    with db.write() as s:
        areas = list(s.scalars(select(Area.id).where(Area.active)))
        people = s.execute(select(Person.id, Person.role, Person.home_area_id)).all()
        staff = [p.id for p in people if p.role is Role.STAFF] or [p.id for p in people]
        bosses = [p.id for p in people if p.role is not Role.STAFF]
        if not areas or not bosses:
            raise RuntimeError("Bulk data needs the demo plant (areas and supervisors) first.")

        def next_id(model: Any) -> int:
            return (s.scalar(select(func.max(model.id))) or 0) + 1

        sid, oid, cid = next_id(Suggestion), next_id(WasteObservation), next_id(PdcaCycle)
        mid, scid = next_id(Metric), next_id(StageChange)
        suggestions, links, observations, cycles, changes, metrics = [], [], [], [], [], []
        measurements, savings = [], []
        seconds = int(span.total_seconds())
        for i in range(ideas):
            idea_id = sid + i
            created = start + timedelta(seconds=int(seconds * (i + rng.random()) / ideas))
            waste = wastes[rng.randrange(7)]
            title, problem, proposal = cat.IDEAS[waste][rng.randrange(len(cat.IDEAS[waste]))]
            area = areas[rng.randrange(len(areas))]
            boss = bosses[rng.randrange(len(bosses))]
            age_days = (end - created).days
            roll = rng.random()
            status = SuggestionStatus.REJECTED
            closed = reviewed = None
            has_cycle = roll < 0.1
            if has_cycle:
                status = SuggestionStatus.ACCEPTED
            elif age_days < 30 or roll < 0.35:
                status = (SuggestionStatus.SUBMITTED if rng.random() < 0.6
                          else SuggestionStatus.UNDER_REVIEW)
            if status is not SuggestionStatus.SUBMITTED:
                # Never after the end: a review in the future made a cycle of no stage
                # reached, which wrapped round to Done with dates to come.
                reviewed = min(created + timedelta(days=rng.uniform(1, 10)), end)
            expected = float(rng.choice([800, 1500, 2500, 4000, 6000, 9000, 15000]))
            if has_cycle:
                stage_times = [reviewed]
                for _ in range(4):
                    stage_times.append(stage_times[-1] + timedelta(days=rng.uniform(3, 25)))
                reached = sum(1 for t in stage_times if t <= end)
                stage = _FLOW[reached - 1]
                decision = None
                if stage is PdcaStage.DONE:
                    decision = ActDecision.ADOPT if rng.random() < 0.85 else ActDecision.ABANDON
                    status = (SuggestionStatus.STANDARDISED if decision is ActDecision.ADOPT
                              else SuggestionStatus.ABANDONED)
                    closed = stage_times[4]
                cycle_id = cid + len(cycles)
                cycles.append({
                    "id": cycle_id, "suggestion_id": idea_id, "number": 1, "stage": stage,
                    "stage_entered_at": stage_times[reached - 1], "problem_statement": problem,
                    "why_chain": [], "root_cause": "", "target_metric": cat.METRICS[waste][0],
                    "countermeasure": proposal, "check_result": "", "act_decision": decision,
                    "standard_change": "Standard updated." if decision else "",
                    "share_note": "", "started_at": stage_times[0], "closed_at": closed,
                    "version": reached,
                })
                previous = None
                for stage_index in range(reached):
                    changes.append({
                        "id": scid + len(changes), "cycle_id": cycle_id,
                        "from_stage": previous, "to_stage": _FLOW[stage_index],
                        "person_id": boss, "at": stage_times[stage_index], "note": "",
                    })
                    previous = _FLOW[stage_index]
                name, unit, direction, base, spread = cat.METRICS[waste]
                metric_id = mid + len(metrics)
                metrics.append({"id": metric_id, "suggestion_id": idea_id, "name": name,
                                "unit": unit, "direction": direction,
                                "created_at": stage_times[0]})
                better = -1 if direction.value == "lower" else 1
                for phase, mean, when in (
                    (MeasurementPhase.BEFORE, base, stage_times[0]),
                    (MeasurementPhase.AFTER, base * (1 + better * rng.uniform(0.05, 0.35)),
                     stage_times[2] if reached >= 3 else None),
                ):
                    if when is None:
                        continue
                    for k in range(50):
                        measurements.append({
                            "metric_id": metric_id, "phase": phase,
                            "value": round(rng.gauss(mean, spread), 2),
                            "measured_at": when + timedelta(hours=k), "person_id": boss,
                        })
                if status is SuggestionStatus.STANDARDISED and closed is not None:
                    month = (closed.date().replace(day=1) + timedelta(days=32)).replace(day=1)
                    for _ in range(7):
                        if month >= end.date().replace(day=1):
                            break
                        savings.append({
                            "suggestion_id": idea_id, "month": month.strftime("%Y-%m"),
                            "amount": round(expected / 12 * rng.uniform(0.6, 1.2), 2),
                            "kind": rng.choices(list(SavingsKind), weights=[6, 3, 1])[0],
                            "is_forecast": False, "note": "", "created_by_id": boss,
                            "created_at": datetime.combine(month, time(9, 0)),
                            "validated_by_id": boss,
                            "validated_at": datetime.combine(month, time(11, 0)),
                        })
                        month = (month + timedelta(days=32)).replace(day=1)
            suggestions.append({
                "id": idea_id, "title": title, "problem": problem, "proposal": proposal,
                "submitter_id": staff[rng.randrange(len(staff))], "area_id": area,
                "expected_savings": expected,
                "implementation_cost": float(rng.choice([0, 150, 400, 900, 2500])),
                "impact": rng.randint(1, 5), "effort": rng.randint(1, 5),
                "owner_id": boss if has_cycle else None, "due_date": None, "status": status,
                "review_note": "Not now." if status is SuggestionStatus.REJECTED else "",
                "created_at": created, "updated_at": reviewed or created,
                "reviewed_at": reviewed, "closed_at": closed, "version": 1,
            })
            links.append({"suggestion_id": idea_id, "category": waste})
            if i % 2 == 0:
                observations.append({
                    "id": oid + len(observations), "category": waste, "area_id": area,
                    "observer_id": staff[rng.randrange(len(staff))],
                    "observed_at": created - timedelta(hours=rng.randint(1, 72)),
                    "description": cat.OBSERVATIONS[waste][rng.randrange(
                        len(cat.OBSERVATIONS[waste]))],
                    "minutes_per_occurrence": float(rng.choice([2, 5, 10, 15])),
                    "occurrences_per_week": float(rng.choice([1, 3, 5, 10])),
                    "cost_per_occurrence": None, "suggestion_id": idea_id if has_cycle else None,
                    "created_at": created, "version": 1,
                })
        tables = ((Suggestion, suggestions), (SuggestionWaste, links),
                  (WasteObservation, observations), (PdcaCycle, cycles), (StageChange, changes),
                  (Metric, metrics), (Measurement, measurements), (SavingsEntry, savings))
        connection = s.connection()
        with fts_triggers_suspended(connection), _large_cache(connection):
            for model, rows in tables:
                # Straight to the driver (not ORM bulk inserts, nor Core's per-row parameter
                # handling): see insert_rows.
                insert_rows(connection, model.__table__, rows)
        advance_id_sequences(connection, [model.__table__ for model, _rows in tables])
    return ideas
