"""The demo plant as a template shipped in the package: on screen within a second, not a minute.

Building the plant through the services takes a minute or more (issue 16: 34 s on a quiet
machine, 63 s on a busy one). The template (``plant.json.gz``, written by
``python -m kaizen.demo.template``) holds every row the generator wrote for :data:`REFERENCE`
(seed 1, 18 months), so every rule held when the rows were written and every change has its
audit event. Loading it:

- shifts every time by a whole number of weeks, the largest that leaves the last event before
  now (weekdays and working hours stay as the generator made them);
- maps each savings month to the month its 16th lands in; the generator records a month's
  savings mid-month after it and starts forecasts 16 days after adoption, so an entry mostly
  still follows the month it reports. Where one would not (or two months would fall on one),
  the shift is taken a week earlier, and again, until every entry keeps its place;
- shifts the dates and times inside the audit events' before/after data the same way, and
  computes the audit hash chain again over the shifted events (the chain covers their times);
- inserts the rows table by table in one transaction with the driver's executemany.

The same template loaded for :data:`REFERENCE` gives the generator's rows exactly
(tests/test_demo_template.py compares them), which is how a stale template is caught.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import resources
from typing import Any

from sqlalchemy import JSON, Connection, Date, DateTime, Enum, Table, func, select

from kaizen.db.audit_chain import GENESIS, chain_hash
from kaizen.db.engine import Database
from kaizen.db.ids import advance_id_sequences
from kaizen.db.models import Base

REFERENCE = date(2026, 11, 25)  # the day the shipped template was generated for
SEED = 1
MONTHS = 18
FORMAT = 1
TEMPLATE_FILE = "plant.json.gz"
# Columns holding nanoseconds since the epoch (event logs) rather than a DateTime.
_NS_COLUMNS = {("event_logs", "first_ns"), ("event_logs", "last_ns"),
               ("event_log_events", "ts_ns")}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?")
_MONTH = re.compile(r"\d{4}-\d{2}")
_DAY_NS = 86_400 * 1_000_000_000
WEEKS_BACK = 8  # how many weeks the plant may end before now, at most, to keep months in place


class TemplateError(RuntimeError):
    """The shipped template is missing or not in a format this version reads."""


# --- writing the template (once, by the developers) ----------------------------------------------


def _jsonable(table: Table, name: str, value: Any) -> Any:
    if value is None:
        return None
    column_type = table.c[name].type
    if isinstance(column_type, DateTime):
        return value.isoformat(timespec="microseconds")
    if isinstance(column_type, Date):
        return value.isoformat()
    if isinstance(column_type, Enum):
        return value.value if hasattr(value, "value") else value
    return value


def record(db: Database) -> dict[str, Any]:
    """Every row of every table of ``db`` (the generator's plant), column by column."""
    tables: dict[str, dict[str, list[Any]]] = {}
    with db.read() as session:
        for table in Base.metadata.sorted_tables:
            rows = session.execute(select(table).order_by(*table.primary_key.columns)).all()
            if not rows:
                continue
            names = [c.name for c in table.columns]
            tables[table.name] = {
                name: [_jsonable(table, name, row[i]) for row in rows]
                for i, name in enumerate(names)
            }
    return {"format": FORMAT, "reference": REFERENCE.isoformat(), "seed": SEED,
            "months": MONTHS, "tables": tables}


def write_template(path: Any) -> None:
    """Build the plant through the services in a scratch database and store it at ``path``."""
    import tempfile
    from pathlib import Path

    from kaizen.db.migrate import prepare_database
    from kaizen.demo.generator import DemoBuilder

    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{Path(folder) / 'demo.db'}")
        try:
            prepare_database(db, Path(folder) / "backups")
            DemoBuilder(db, seed=SEED, today=REFERENCE, months=MONTHS, progress=None).run()
            data = record(db)
        finally:
            db.dispose()
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    # mtime=0: the same plant gives the same bytes.
    Path(path).write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


# --- loading it --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Shift:
    """How the template's calendar moves: ``days`` (whole weeks) and each month's new name."""

    days: int
    months: dict[str, str]

    def time(self, text: str) -> datetime:
        return datetime.fromisoformat(text) + timedelta(days=self.days)

    def day(self, text: str) -> date:
        return date.fromisoformat(text) + timedelta(days=self.days)

    def month(self, text: str) -> str:
        return self.months.get(text) or _month_of(date.fromisoformat(text + "-16"), self.days)

    def json(self, value: Any, key: str = "") -> Any:
        """``value`` from an audit event's data with its dates, times and months moved."""
        if isinstance(value, dict):
            return {k: self.json(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.json(v, key) for v in value]
        if isinstance(value, str):
            if key == "month" and _MONTH.fullmatch(value):
                return self.month(value)
            if _DATETIME.fullmatch(value):
                return self.time(value).isoformat()
            if _DATE.fullmatch(value):
                return self.day(value).isoformat()
        if key.endswith("_ns") and isinstance(value, int) and not isinstance(value, bool):
            return value + self.days * _DAY_NS
        return value


def _month_of(day: date, days: int) -> str:
    return (day + timedelta(days=days)).strftime("%Y-%m")


def plan_shift(last_event: datetime, entries: Iterable[tuple[str, str, bool]],
               now: datetime) -> Shift:
    """The whole-week shift that brings ``last_event`` closest before ``now`` while every
    savings entry (month, created at, is forecast) keeps its place: an actual after the month
    it reports, a forecast before it, and no two months on one (see the module docstring)."""
    weeks = (now - last_event).days // 7
    entries = [(m, datetime.fromisoformat(c), f) for m, c, f in entries]
    months = sorted({m for m, _c, _f in entries})
    for step in range(WEEKS_BACK):
        days = (weeks - step) * 7
        mapped = {m: _month_of(date.fromisoformat(m + "-16"), days) for m in months}
        if len(set(mapped.values())) < len(mapped):
            continue
        late = timedelta(days=days)
        if all((mapped[m] < (c + late).strftime("%Y-%m")) != f for m, c, f in entries):
            return Shift(days, mapped)
    raise TemplateError("No whole-week shift keeps the demo's savings months in place.")


def read_template() -> dict[str, Any]:
    try:
        raw = (resources.files(__package__) / TEMPLATE_FILE).read_bytes()
    except OSError as exc:
        raise TemplateError(f"The demo template {TEMPLATE_FILE} is missing: {exc}") from exc
    data: dict[str, Any] = json.loads(gzip.decompress(raw))
    if data.get("format") != FORMAT:
        raise TemplateError(f"The demo template {TEMPLATE_FILE} is in format "
                            f"{data.get('format')!r}; this version reads format {FORMAT}.")
    return data


def savings_entries(tables: dict[str, dict[str, list[Any]]]) -> list[tuple[str, str, bool]]:
    """(month, created at, is forecast) of each savings entry of the template's tables."""
    entries = tables.get("savings_entries")
    if not entries:
        return []
    return list(zip(entries["month"], entries["created_at"], entries["is_forecast"],
                    strict=True))


def _last_event(tables: dict[str, dict[str, list[Any]]]) -> datetime:
    return max(datetime.fromisoformat(t) for t in tables["audit_events"]["at"])


def _convert(table: Table, name: str, shift: Shift) -> Callable[[Any], Any] | None:
    column_type = table.c[name].type
    if (table.name, name) in _NS_COLUMNS:
        return lambda v: v + shift.days * _DAY_NS
    if table.name == "savings_entries" and name == "month":
        return shift.month
    if isinstance(column_type, DateTime):
        return shift.time
    if isinstance(column_type, Date):
        return shift.day
    if isinstance(column_type, Enum) and column_type.enum_class is not None:
        return column_type.enum_class  # type: ignore[no-any-return]
    if isinstance(column_type, JSON) and table.name == "audit_events":
        return shift.json
    return None


def _shifted(table: Table, columns: dict[str, list[Any]], shift: Shift) -> dict[str, list[Any]]:
    out = {}
    for name, values in columns.items():
        convert = _convert(table, name, shift)
        out[name] = values if convert is None else [
            None if v is None else convert(v) for v in values]
    return out


def _rechain(columns: dict[str, list[Any]]) -> None:
    """The audit events' hashes again, over their shifted content, in id order."""
    previous = GENESIS
    hashes = []
    fields = ("id", "at", "person_id", "entity", "entity_id", "action", "before", "after")
    for values in zip(*(columns[f] for f in fields), strict=True):
        row = dict(zip(fields, values, strict=True))
        previous = chain_hash(previous, row, parsed=True)  # plain JSON values already
        hashes.append(previous)
    columns["row_hash"] = hashes


@dataclass(frozen=True, slots=True)
class Loaded:
    """What :func:`load_template` put in: rows per table and the shift it used."""

    rows: dict[str, int]
    cycles_closed: int
    shift_days: int


def load_template(db: Database, *, now: datetime | None = None) -> Loaded:
    """Fill ``db`` (migrated, empty) with the shipped demo plant, moved to end before ``now``."""
    from kaizen.demo.bulk import insert_columns

    data = read_template()
    tables = data["tables"]
    now = now or datetime.now()
    shift = plan_shift(_last_event(tables), savings_entries(tables), now)
    counts = {}
    with db.write() as session:
        connection: Connection = session.connection()
        for table in Base.metadata.sorted_tables:
            columns = tables.get(table.name)
            if not columns:
                continue
            columns = _shifted(table, columns, shift)
            if table.name == "audit_events":
                _rechain(columns)
            insert_columns(connection, table, columns)
            counts[table.name] = len(next(iter(columns.values())))
        advance_id_sequences(connection, Base.metadata.sorted_tables)
        if connection.dialect.name == "sqlite":
            # The planner's figures for the new rows, as a long-running site would have them.
            connection.exec_driver_sql("ANALYZE")
        # Nothing else may have slipped in beside the load (an empty database was asked for).
        people = session.scalar(select(func.count()).select_from(Base.metadata.tables["people"]))
        assert people == counts.get("people", 0)
    closed = sum(1 for stage in tables.get("pdca_cycles", {}).get("stage", []) if stage == "done")
    return Loaded(rows=counts, cycles_closed=closed, shift_days=shift.days)


if __name__ == "__main__":  # python -m kaizen.demo.template: write the shipped template again
    from pathlib import Path

    target = Path(__file__).with_name(TEMPLATE_FILE)
    write_template(target)
    print(f"Wrote {target} ({target.stat().st_size:,} bytes)")
