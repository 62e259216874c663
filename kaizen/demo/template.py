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
- inserts the rows table by table in one transaction with the driver's executemany, the
  indexes built and the full-text index rebuilt once after them (:func:`bulk_load`).

Format 2 keeps that load to a few hundred milliseconds of CPU (issue 16: the first start on a
busy two-core PC): the audit events' before/after are stored as JSON text (and, where the keys
are in another order, the canonical text the chain hashes beside it), moved by one regex pass
and hashed as text, never parsed and dumped per value; each distinct day is moved once; and on
SQLite every moved value goes to the driver in the form SQLite stores.

The same template loaded for :data:`REFERENCE` gives the generator's rows exactly
(tests/test_demo_template.py compares them), which is how a stale template is caught.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import resources
from typing import Any

from sqlalchemy import Connection, Date, DateTime, Enum, Table, func, select

from kaizen.db.audit_chain import GENESIS
from kaizen.db.engine import Database
from kaizen.db.ids import advance_id_sequences
from kaizen.db.models import Base

REFERENCE = date(2026, 11, 25)  # the day the shipped template was generated for
SEED = 1
MONTHS = 18
FORMAT = 2  # 2: the audit events' before/after as JSON text, with their canonical text
TEMPLATE_FILE = "plant.json.gz"
# Columns holding nanoseconds since the epoch (event logs) rather than a DateTime.
_NS_COLUMNS = {("event_logs", "first_ns"), ("event_logs", "last_ns"),
               ("event_log_events", "ts_ns")}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?")
_MONTH = re.compile(r"\d{4}-\d{2}")
_DAY_NS = 86_400 * 1_000_000_000
_AUDIT_JSON_COLUMNS = ("before", "after")
_CANONICAL = "_canonical"  # the template's extra audit columns: "before_canonical", ...
WEEKS_BACK = 8  # how many weeks the plant may end before now, at most, to keep months in place


class TemplateError(RuntimeError):
    """The shipped template is missing or not in a format this version reads."""


# --- writing the template (once, by the developers) ----------------------------------------------


def canonical_json(value: Any) -> str:
    """``value`` as the audit chain's canonical form writes it (kaizen/db/audit_chain.py)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def compact_json(value: Any) -> str:
    """``value`` as JSON text with its keys in their own order, no spaces, ASCII only."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True)


def _canonical_columns(columns: dict[str, list[Any]]) -> None:
    """Beside each audit JSON column, its canonical text where that differs (keys in another
    order), else None: the loader hashes it without parsing and dumping each value again."""
    for name in _AUDIT_JSON_COLUMNS:
        texts = []
        for text in columns[name]:
            canonical = None if text is None else canonical_json(json.loads(text))
            texts.append(None if canonical == text else canonical)
        columns[name + _CANONICAL] = texts


def _jsonable(table: Table, name: str, value: Any) -> Any:
    if value is None:
        return None
    if table.name == "audit_events" and name in _AUDIT_JSON_COLUMNS:
        # Text, not nested objects: parsed in a fraction of the time and moved by one regex
        # pass (see _moved_audit); the key order stays the generator's.
        return compact_json(value)
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
    if "audit_events" in tables:
        _canonical_columns(tables["audit_events"])
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


# The values inside the audit events' canonical JSON text that Shift.json moves: a month under
# the key "month", a date or time string value (never a key: not followed by ":"), and (in a
# second pass, only where such a key appears) an integer under a key ending in "_ns". A quote
# right after "{", ":", "," or "[" is JSON structure (a quote inside a string is always escaped
# as \"), so no match starts inside a longer string. Each pattern starts with a quote, which
# the regex engine finds fast. tests/test_demo_template.py checks this against Shift.json.
_AUDIT_STAMPS = re.compile(
    r'(?<=[{,:\[])"(?:month":"(\d{4}-\d{2})"'
    r'|(\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)?)"(?!:))')
_AUDIT_NS = re.compile(r'(?<=[{,])"((?:[^"\\]|\\.)*_ns)":(-?\d+)(?=[,}\]])')


def moved_json_text(text: str, shift: Shift) -> str:
    """JSON ``text`` (no spaces, ASCII) with its dates, times and months moved as
    :meth:`Shift.json` moves the parsed value: the result is the moved value's text."""
    return moved_json_texts([text], shift)[0]  # type: ignore[return-value]


def moved_json_texts(texts: list[str | None], shift: Shift) -> list[str | None]:
    """:func:`moved_json_text` of each text (None stays None), in one regex pass over them all
    joined by newlines (JSON text escapes a newline inside a string, so none is lost), each
    distinct date, time or month moved once."""
    moved: dict[str, str] = {}

    def move(match: re.Match[str]) -> str:
        found = match.group(0)
        done = moved.get(found)
        if done is None:
            month, stamp = match.groups()
            if month is not None:
                done = f'"month":"{shift.month(month)}"'
            else:
                day = shift.time(stamp) if len(stamp) > 10 else shift.day(stamp)
                done = f'"{day.isoformat()}"'
            moved[found] = done
        return done

    present = [text for text in texts if text is not None]
    joined = _AUDIT_STAMPS.sub(move, "\n".join(present))
    if '_ns":' in joined:
        late = shift.days * _DAY_NS
        joined = _AUDIT_NS.sub(lambda m: f'"{m.group(1)}":{int(m.group(2)) + late}', joined)
    done = iter(joined.split("\n") if present else [])
    return [None if text is None else next(done) for text in texts]


class _Days:
    """Date texts moved by ``days``, each distinct day computed once (a plant has a few hundred
    days over tens of thousands of stamps)."""

    def __init__(self, days: int) -> None:
        self._delta = timedelta(days=days)
        self._moved: dict[str, str] = {}

    def __call__(self, day: str) -> str:
        moved = self._moved.get(day)
        if moved is None:
            moved = self._moved[day] = (date.fromisoformat(day) + self._delta).isoformat()
        return moved


def _moved_times(values: list[Any], days: _Days) -> list[Any]:
    """ISO times ("YYYY-MM-DDTHH:MM:SS.ffffff") moved by whole days: only the date changes."""
    return [None if v is None else days(v[:10]) + v[10:] for v in values]


def _column(table: Table, name: str, values: list[Any], shift: Shift, days: _Days,
            dialect: Any) -> list[Any]:
    """One template column moved, as the driver stores it on SQLite (a :class:`StoredText`
    nothing converts again) or as Python values for the column type elsewhere."""
    from kaizen.demo.bulk import StoredText

    sqlite = dialect.name == "sqlite"
    column_type = table.c[name].type
    if (table.name, name) in _NS_COLUMNS:
        late = shift.days * _DAY_NS
        return [None if v is None else v + late for v in values]
    if table.name == "savings_entries" and name == "month":
        months: dict[str, str] = {}
        return StoredText([None if v is None else months.get(v) or months.setdefault(
            v, shift.month(v)) for v in values])
    if isinstance(column_type, DateTime):
        moved = _moved_times(values, days)
        if sqlite:  # the text SQLAlchemy stores in SQLite: a space between date and time
            return StoredText([None if v is None else v[:10] + " " + v[11:] for v in moved])
        return [None if v is None else datetime.fromisoformat(v) for v in moved]
    if isinstance(column_type, Date):
        moved = [None if v is None else days(v) for v in values]
        return StoredText(moved) if sqlite else [
            None if v is None else date.fromisoformat(v) for v in moved]
    if isinstance(column_type, Enum) and column_type.enum_class is not None:
        enum_class = column_type.enum_class
        members = {v: enum_class(v) for v in set(values) if v is not None}
        if sqlite:  # each member's stored form once, not once per row
            process = column_type._cached_bind_processor(dialect)
            stored = {v: process(m) if process else m for v, m in members.items()}
            return StoredText([None if v is None else stored[v] for v in values])
        return [None if v is None else members[v] for v in values]
    return values  # numbers and text as they are; JSON through the column type


def _rechain(columns: dict[str, list[Any]], stamps: list[str]) -> list[str]:
    """The audit events' hashes again, over their moved content, in id order.

    ``stamps``: each event's moved time as ISO text with microseconds (what the chain hashes);
    ``before``/``after`` are moved canonical JSON texts, so each row's canonical bytes
    (:func:`kaizen.db.audit_chain.canonical`: keys sorted, no spaces, ASCII) are put together
    as text instead of being dumped again; tests/test_demo_template.py compares the two.
    """
    texts: dict[Any, str] = {}

    def text(value: Any) -> str:  # an entity or action name as JSON (a handful, each once)
        done = texts.get(value)
        if done is None:
            done = texts[value] = json.dumps(value)
        return done

    previous = GENESIS
    hashes = []
    sha256 = hashlib.sha256
    for id_, at, person, entity, entity_id, action, before, after in zip(
            columns["id"], stamps, columns["person_id"], columns["entity"],
            columns["entity_id"], columns["action"], columns["before"], columns["after"],
            strict=True):
        row = (f'{{"action":{text(action)},"after":{after or "null"},"at":"{at}",'
               f'"before":{before or "null"},"entity":{text(entity)},'
               f'"entity_id":{"null" if entity_id is None else int(entity_id)},"id":{int(id_)},'
               f'"person_id":{"null" if person is None else int(person)}}}')
        previous = sha256(f"{previous}\n{row}".encode("ascii")).hexdigest()
        hashes.append(previous)
    return hashes


def _moved_audit(columns: dict[str, list[Any]], shift: Shift, days: _Days,
                 dialect: Any) -> dict[str, list[Any]]:
    """The audit events moved and chained again (the chain covers their times and data)."""
    from kaizen.demo.bulk import StoredText

    table = Base.metadata.tables["audit_events"]
    stamps = _moved_times(columns["at"], days)
    names = [*_AUDIT_JSON_COLUMNS, *(name + _CANONICAL for name in _AUDIT_JSON_COLUMNS)]
    count = len(columns["id"])
    everything = moved_json_texts([v for name in names for v in columns[name]], shift)
    moved = {name: everything[i * count:(i + 1) * count] for i, name in enumerate(names)}
    texts = {name: moved[name] for name in _AUDIT_JSON_COLUMNS}
    # What the chain hashes: the canonical text, which is the column's own text unless the
    # keys are in another order (then the template holds it beside).
    hashed = {name: [text if canonical is None else canonical
                     for text, canonical in zip(texts[name], moved[name + _CANONICAL],
                                                strict=True)]
              for name in _AUDIT_JSON_COLUMNS}
    out = {name: _column(table, name, values, shift, days, dialect)
           for name, values in columns.items()
           if name in table.c and name not in _AUDIT_JSON_COLUMNS and name != "row_hash"}
    out["row_hash"] = _rechain({**columns, **hashed}, stamps)
    for name, moved in texts.items():
        if dialect.name == "sqlite":  # the JSON column's text; None as JSON null, as it stores
            out[name] = StoredText(["null" if v is None else v for v in moved])
        else:
            out[name] = [None if v is None else json.loads(v) for v in moved]
    return out


@dataclass(frozen=True, slots=True)
class Loaded:
    """What :func:`load_template` put in: rows per table and the shift it used."""

    rows: dict[str, int]
    cycles_closed: int
    shift_days: int


def load_template(db: Database, *, now: datetime | None = None) -> Loaded:
    """Fill ``db`` (migrated, empty) with the shipped demo plant, moved to end before ``now``."""
    from kaizen.demo.bulk import bulk_load, insert_columns

    data = read_template()
    tables = data["tables"]
    now = now or datetime.now()
    shift = plan_shift(_last_event(tables), savings_entries(tables), now)
    days = _Days(shift.days)
    counts = {}
    with db.write() as session:
        connection: Connection = session.connection()
        dialect = connection.dialect
        filled = [table for table in Base.metadata.sorted_tables if tables.get(table.name)]
        # SQLite: indexes built once after the rows are in, the full-text index rebuilt once.
        with bulk_load(connection, filled):
            for table in filled:
                columns = tables[table.name]
                if table.name == "audit_events":
                    columns = _moved_audit(columns, shift, days, dialect)
                else:
                    columns = {name: _column(table, name, values, shift, days, dialect)
                               for name, values in columns.items()}
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
