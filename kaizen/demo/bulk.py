"""Large data sets for benchmarks: ideas, observations, cycles, measurements and savings in bulk.

Rows are made column by column (numpy draws the per-row random numbers in one go) and go in
through the driver's executemany (:func:`insert_columns`), in one transaction, in the
proportions of a large site (per idea: 0.5 observations, 0.1 PDCA cycles, 10 measurements,
0.5 savings entries). The rows keep the rules the services enforce: only accepted ideas have
cycles, every cycle has a stage-change history that ends in its stage, closed cycles close their
idea as standardised or abandoned, savings belong to standardised ideas and start after they
closed. Bulk rows have no audit events: they were never changed by a person.

On SQLite the load runs inside :func:`bulk_load`: the secondary indexes of the loaded tables are
dropped first and created again once the rows are in (one sort per index instead of a random
B-tree insert per row and index), and the full-text index is rebuilt once; all inside the
caller's transaction, so a failure leaves the schema as it was.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, DateTime, Enum, Table, func, insert, select

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

CHUNK = 50_000
SAMPLES = 50  # measurements per metric and phase, an hour apart
_FLOW = [PdcaStage.PLAN, PdcaStage.DO, PdcaStage.CHECK, PdcaStage.ACT, PdcaStage.DONE]
_EXPECTED = (800, 1500, 2500, 4000, 6000, 9000, 15000)
_COSTS = (0, 150, 400, 900, 2500)
_MINUTES = (2, 5, 10, 15)
_PER_WEEK = (1, 3, 5, 10)
_HOURS = [f"{h:02d}" for h in range(24)]

Columns = dict[str, list[Any]]

if TYPE_CHECKING:  # numpy is imported where used: the demo template load needs none
    import numpy as np


class StoredText(list[str]):
    """A column of values already in the form SQLite stores (DateTime or Date text, enum names,
    JSON text): inserted as it is, not converted again."""


@contextmanager
def large_cache(connection: Connection) -> Iterator[None]:
    """SQLite's page cache at 512 MB for the block: with the default 2 MB every index built or
    updated over two million measurements went to disk."""
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql("PRAGMA cache_size=-524288")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")


@contextmanager
def bulk_load(connection: Connection, tables: Sequence[Table]) -> Iterator[None]:
    """Load many rows into ``tables`` without index upkeep per row (SQLite; elsewhere a no-op).

    The secondary indexes of ``tables`` are dropped and re-created from their stored SQL after
    the block, the full-text index is rebuilt once (:func:`fts_triggers_suspended`), and the
    page cache is large throughout. Everything happens in the caller's transaction: when the
    block fails, the rollback brings the indexes and triggers back as they were.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    names = ", ".join(f"'{table.name}'" for table in tables)  # the models' own names
    indexes = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({names})"
    ).all()
    with large_cache(connection), fts_triggers_suspended(connection):
        for name, _sql in indexes:
            connection.exec_driver_sql(f'DROP INDEX "{name}"')
        yield
        for _name, sql in indexes:
            connection.exec_driver_sql(sql)


def _converter(type_: Any, dialect: Any) -> Callable[[list[Any]], list[Any]] | None:
    """A function from one column's Python values to what the driver stores, or None when they
    go as they are: the column type's own bind processor, made cheap for the columns that
    repeat it millions of times."""
    if type(type_) is DateTime and not type_.timezone:
        # The text SQLAlchemy stores, in a third of its time; text given already passes.
        def datetimes(values: list[Any]) -> list[Any]:
            return [v if v is None or type(v) is str else _text(v)
                    for v in values]
        return datetimes
    process = type_._cached_bind_processor(dialect)
    if process is None:
        return None
    if isinstance(type_, Enum):
        # A handful of members over millions of rows: each converted once.
        def members(values: list[Any]) -> list[Any]:
            stored = {value: process(value) for value in set(values)}
            return list(map(stored.__getitem__, values))
        return members
    return lambda values: [process(v) for v in values]


def insert_columns(connection: Connection, table: Table, columns: Columns) -> None:
    """Rows given column by column (equal lists of Python values) into ``table``.

    Each value is stored as an ORM or Core insert stores it (dates, enums, JSON through the
    column type's bind processor; a DateTime column may also hold the stored text already, value
    by value or as a whole :class:`StoredText` column that is not even looked at), and
    columns left out get their Python-side default. On SQLite the rows go straight to the
    driver's executemany, without SQLAlchemy's per-row parameter handling, which cost three
    times SQLite's own work for a million rows.
    """
    names = list(columns)
    count = len(columns[names[0]]) if names else 0
    if not count:
        return
    values = dict(columns)
    for column in table.columns:
        default = column.default
        if column.name in values or default is None or not hasattr(default, "arg"):
            continue
        # Callables (default=list) are wrapped by SQLAlchemy to take an execution context.
        value = default.arg(None) if callable(default.arg) else default.arg
        values[column.name] = [value] * count
    dialect = connection.dialect
    if dialect.name != "sqlite":  # the SQL below uses SQLite's paramstyle
        keys = list(values)
        for start in range(0, count, CHUNK):
            rows = zip(*(values[k][start:start + CHUNK] for k in keys), strict=True)
            connection.execute(insert(table), [dict(zip(keys, row, strict=True))
                                               for row in rows])
        return
    stored = []
    for name, column_values in values.items():
        convert = None if isinstance(column_values, StoredText) else _converter(
            table.c[name].type, dialect)
        stored.append(column_values if convert is None else convert(column_values))
    quote = dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in values)}) "
           f"VALUES ({', '.join('?' for _ in values)})")
    cursor = connection.connection.driver_connection.cursor()
    try:
        # One executemany over an iterator of tuples: SQLite reads them as it goes.
        cursor.executemany(sql, zip(*stored, strict=True))
    finally:
        cursor.close()


def insert_rows(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """``rows`` (dicts with the same keys) into ``table``: :func:`insert_columns` for rows."""
    if rows:
        insert_columns(connection, table, {name: [row[name] for row in rows]
                                           for name in rows[0]})


def _text(value: datetime) -> str:
    """A datetime as SQLAlchemy stores it in SQLite."""
    return value.isoformat(" ", "microseconds")


def _microseconds(values: np.ndarray) -> np.ndarray:
    import numpy as np

    return (values * 1_000_000).astype(np.int64).astype("timedelta64[us]")


def _stamps(values: np.ndarray, as_text: bool) -> list[Any]:
    """numpy datetimes as a list of datetimes, or of the text SQLite stores when ``as_text``
    (numpy formats them, ``T`` made a space in place: a third of ``isoformat``'s time)."""
    import numpy as np

    if not as_text:
        return values.astype("datetime64[us]").tolist()
    text = np.datetime_as_string(values.astype("datetime64[us]"), unit="us")
    if len(text):
        text.view(np.uint32).reshape(len(text), -1)[:, 10] = ord(" ")
    return text.tolist()


def _hourly(when: datetime, count: int, as_text: bool) -> list[Any]:
    """``count`` times an hour apart from ``when``; as stored text when ``as_text`` (the date
    and the minutes formatted once, not two million times)."""
    if not as_text:
        return [when + timedelta(hours=k) for k in range(count)]
    first = when.isoformat(" ", "microseconds")
    tail = first[13:]  # ":MM:SS.ffffff"
    days = [(when.date() + timedelta(days=d)).isoformat() + " "
            for d in range((when.hour + count - 1) // 24 + 1)]
    return [days[h // 24] + _HOURS[h % 24] + tail
            for h in range(when.hour, when.hour + count)]


class _Table:
    """The rows of one table being generated, as tuples in the order of ``names``."""

    def __init__(self, *names: str, **constants: Any) -> None:
        self.names = names
        self.rows: list[tuple[Any, ...]] = []
        # A bound method: appending a tuple is the cheapest thing done per row.
        self.add = self.rows.append
        self._constants = constants

    @property
    def columns(self) -> Columns:
        """The columns made, with the constant ones as long as the others."""
        count = len(self.rows)
        made = zip(*self.rows, strict=True) if self.rows else [[] for _ in self.names]
        columns: Columns = dict(zip(self.names, map(list, made), strict=True))
        return columns | {name: [value] * count for name, value in self._constants.items()}

    def __len__(self) -> int:
        return len(self.rows)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the block: millions of new tuples and strings (none in
    a cycle) made it walk the growing heap again and again, a fifth of the generation time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def bulk_insert(db: Database, *, ideas: int, seed: int = 1, today: date | None = None) -> int:
    """Insert ``ideas`` ideas and their related rows; returns the number of ideas inserted."""
    import numpy as np

    rng = random.Random(seed * 7919 + ideas)
    draw = np.random.default_rng(seed * 7919 + ideas)
    end = datetime.combine(today or date.today(), time(16, 0))
    span = timedelta(days=3650 if ideas >= 50_000 else 548)
    start = end - span
    wastes = list(WasteCategory)
    with _collector_paused(), db.write() as s:
        connection = s.connection()
        as_text = connection.dialect.name == "sqlite"
        areas = list(s.scalars(select(Area.id).where(Area.active)))
        people = s.execute(select(Person.id, Person.role, Person.home_area_id)).all()
        staff = [p.id for p in people if p.role is Role.STAFF] or [p.id for p in people]
        bosses = [p.id for p in people if p.role is not Role.STAFF]
        if not areas or not bosses:
            raise RuntimeError("Bulk data needs the demo plant (areas and supervisors) first.")
        # Savings are validated by a second person (issue 16): the next boss checks each one.
        checker = {b: bosses[(i + 1) % len(bosses)] for i, b in enumerate(bosses)}

        def next_id(model: Any) -> int:
            return (s.scalar(select(func.max(model.id))) or 0) + 1

        sid, oid, cid = next_id(Suggestion), next_id(WasteObservation), next_id(PdcaCycle)
        mid, scid = next_id(Metric), next_id(StageChange)

        # Every per-idea draw at once; the loop below only picks from these lists.
        seconds = int(span.total_seconds())
        offsets = (seconds * (np.arange(ideas) + draw.random(ideas)) / ideas).astype(np.int64)
        created_us = np.datetime64(start, "us") + (offsets * 1_000_000).astype("timedelta64[us]")
        # Never after the end: a review in the future made a cycle of no stage reached, which
        # wrapped round to Done with dates to come.
        reviewed_us = np.minimum(created_us + _microseconds(draw.uniform(1, 10, ideas) * 86_400),
                                 np.datetime64(end, "us"))
        observed_us = created_us - _microseconds(draw.integers(1, 73, ideas) * 3_600)
        # Datetimes for the cycles' arithmetic; the rows take them as stored text already.
        reviewed_all = reviewed_us.tolist()
        created_out, reviewed_out = _stamps(created_us, as_text), _stamps(reviewed_us, as_text)
        observed_out = _stamps(observed_us, as_text)
        age_all = ((seconds - offsets) // 86400).tolist()
        waste_all = draw.integers(0, len(wastes), ideas).tolist()
        pick_all = draw.random(ideas).tolist()  # which idea of its waste
        text_all = draw.random(ideas).tolist()  # which description of the waste seen
        area_all = draw.integers(0, len(areas), ideas).tolist()
        boss_all = draw.integers(0, len(bosses), ideas).tolist()
        submitter_all = draw.integers(0, len(staff), ideas).tolist()
        observer_all = draw.integers(0, len(staff), ideas).tolist()
        roll_all = draw.random(ideas).tolist()
        waiting_all = draw.random(ideas).tolist()  # submitted or under review
        expected_all = draw.choice(np.array(_EXPECTED, dtype=float), ideas).tolist()
        cost_all = draw.choice(np.array(_COSTS, dtype=float), ideas).tolist()
        impact_all = draw.integers(1, 6, ideas).tolist()
        effort_all = draw.integers(1, 6, ideas).tolist()
        minutes_all = draw.choice(np.array(_MINUTES, dtype=float), ideas).tolist()
        weekly_all = draw.choice(np.array(_PER_WEEK, dtype=float), ideas).tolist()

        suggestions = _Table("id", "title", "problem", "proposal", "submitter_id", "area_id",
                             "expected_savings", "implementation_cost", "impact", "effort",
                             "owner_id", "status", "review_note", "created_at", "updated_at",
                             "reviewed_at", "closed_at", due_date=None, version=1)
        links = _Table("suggestion_id", "category")
        observations = _Table("id", "category", "area_id", "observer_id", "observed_at",
                              "description", "minutes_per_occurrence", "occurrences_per_week",
                              "suggestion_id", "created_at", cost_per_occurrence=None,
                              version=1)
        cycles = _Table("id", "suggestion_id", "stage", "stage_entered_at",
                        "problem_statement", "target_metric", "countermeasure",
                        "act_decision", "standard_change", "started_at", "closed_at",
                        "version", number=1, why_chain=[], root_cause="", check_result="",
                        share_note="")
        changes = _Table("id", "cycle_id", "from_stage", "to_stage", "person_id", "at", note="")
        metrics = _Table("id", "suggestion_id", "name", "unit", "direction", "created_at")
        savings = _Table("suggestion_id", "month", "amount", "kind", "created_by_id",
                         "created_at", "validated_by_id", "validated_at", is_forecast=False,
                         note="")
        # Measurement blocks (metric, phase, mean, spread, first time, boss): SAMPLES rows each.
        blocks: list[tuple[int, MeasurementPhase, float, float, datetime, int]] = []
        kinds = list(SavingsKind)
        months: dict[date, tuple[str, Any, Any]] = {}

        def month_stamps(month: date) -> tuple[str, Any, Any]:
            entered = datetime.combine(month, time(9, 0))
            validated = datetime.combine(month, time(11, 0))
            if as_text:
                entered, validated = _text(entered), _text(validated)
            months[month] = (f"{month.year:04d}-{month.month:02d}", entered, validated)
            return months[month]

        last_month = end.date().replace(day=1)
        for i in range(ideas):
            idea_id = sid + i
            waste = wastes[waste_all[i]]
            choices = cat.IDEAS[waste]
            title, problem, proposal = choices[int(pick_all[i] * len(choices))]
            area = areas[area_all[i]]
            boss = bosses[boss_all[i]]
            roll = roll_all[i]
            status = SuggestionStatus.REJECTED
            closed = reviewed = None
            has_cycle = roll < 0.1
            if has_cycle:
                status = SuggestionStatus.ACCEPTED
            elif age_all[i] < 30 or roll < 0.35:
                status = (SuggestionStatus.SUBMITTED if waiting_all[i] < 0.6
                          else SuggestionStatus.UNDER_REVIEW)
            if status is not SuggestionStatus.SUBMITTED:
                reviewed = reviewed_all[i]
            expected = expected_all[i]
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
                cycles.add((cycle_id, idea_id, stage, stage_times[reached - 1], problem,
                            cat.METRICS[waste][0], proposal, decision,
                            "Standard updated." if decision else "", stage_times[0], closed,
                            reached))
                previous = None
                for stage_index in range(reached):
                    changes.add((scid + len(changes), cycle_id, previous, _FLOW[stage_index],
                                 boss, stage_times[stage_index]))
                    previous = _FLOW[stage_index]
                name, unit, direction, base, spread = cat.METRICS[waste]
                metric_id = mid + len(metrics)
                metrics.add((metric_id, idea_id, name, unit, direction, stage_times[0]))
                better = -1 if direction.value == "lower" else 1
                blocks.append((metric_id, MeasurementPhase.BEFORE, base, spread,
                               stage_times[0], boss))
                after = base * (1 + better * rng.uniform(0.05, 0.35))
                if reached >= 3:
                    blocks.append((metric_id, MeasurementPhase.AFTER, after, spread,
                                   stage_times[2], boss))
                if status is SuggestionStatus.STANDARDISED and closed is not None:
                    month = (closed.date().replace(day=1) + timedelta(days=32)).replace(day=1)
                    for _ in range(7):
                        if month >= last_month:
                            break
                        kind = rng.random()  # hard 6 : soft 3 : avoidance 1
                        text, entered, validated = months.get(month) or month_stamps(month)
                        savings.add((idea_id, text,
                                     round(expected / 12 * rng.uniform(0.6, 1.2), 2),
                                     kinds[0 if kind < 0.6 else 1 if kind < 0.9 else 2], boss,
                                     entered, checker[boss], validated))
                        month = (month + timedelta(days=32)).replace(day=1)
            suggestions.add((idea_id, title, problem, proposal, staff[submitter_all[i]], area,
                             expected, cost_all[i], impact_all[i], effort_all[i],
                             boss if has_cycle else None, status,
                             "Not now." if status is SuggestionStatus.REJECTED else "",
                             created_out[i],
                             created_out[i] if reviewed is None else reviewed_out[i],
                             None if reviewed is None else reviewed_out[i], closed))
            links.add((idea_id, waste))
            if i % 2 == 0:
                texts = cat.OBSERVATIONS[waste]
                observations.add((oid + len(observations), waste, area, staff[observer_all[i]],
                                  observed_out[i],
                                  texts[int(text_all[i] * len(texts))], minutes_all[i],
                                  weekly_all[i], idea_id if has_cycle else None,
                                  created_out[i]))

        measurements = _measurements(blocks, draw, as_text)
        tables = ((Suggestion, suggestions.columns), (SuggestionWaste, links.columns),
                  (WasteObservation, observations.columns), (PdcaCycle, cycles.columns),
                  (StageChange, changes.columns), (Metric, metrics.columns),
                  (Measurement, measurements), (SavingsEntry, savings.columns))
        with bulk_load(connection, [model.__table__ for model, _columns in tables]):
            for model, columns in tables:
                insert_columns(connection, model.__table__, columns)
        advance_id_sequences(connection, [model.__table__ for model, _columns in tables])
    return ideas


def _measurements(blocks: list[tuple[int, MeasurementPhase, float, float, datetime, int]],
                  draw: np.random.Generator, as_text: bool) -> Columns:
    """SAMPLES measurements per block, normally spread round its mean, an hour apart."""
    import numpy as np

    if not blocks:
        return {}
    metric_ids, phases, means, spreads, firsts, people = zip(*blocks, strict=True)
    values = np.round(draw.normal(size=(len(blocks), SAMPLES)) * np.array(spreads)[:, None]
                      + np.array(means)[:, None], 2)
    measured: list[Any] = StoredText() if as_text else []
    for first in firsts:
        measured.extend(_hourly(first, SAMPLES, as_text))

    def repeat(items: tuple[Any, ...]) -> list[Any]:
        return [item for item in items for _ in range(SAMPLES)]

    return {"metric_id": repeat(metric_ids), "phase": repeat(phases),
            "value": values.ravel().tolist(), "measured_at": measured,
            "person_id": repeat(people)}
