"""Event logs: import a CSV or XES file into the database, list, delete, and load one back as
columns for the mining engine (:mod:`kaizen.mining`).

An import is one audited, all-or-nothing unit of work: the log row, its dictionaries and every
event commit together or not at all (a refused file, a Cancel or an error leaves nothing). The
file is read before the unit of work starts, so the database is not held while a large file is
parsed. ``actor_id=None`` is the command line: the site's operator, not a person in the app.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import Session

from kaizen.db.models import (
    EventLogEvent,
    EventLogName,
    EventLogRecord,
    Person,
    Process,
    ProcessMap,
)
from kaizen.domain.errors import NotFound, ValidationError
from kaizen.domain.kpis import MapKind
from kaizen.domain.permissions import Action, require
from kaizen.domain.process_model import loads
from kaizen.i18n import translate
from kaizen.mining.builder import Duplicates
from kaizen.mining.conformance import Conformance, check, structure_of
from kaizen.mining.csv_reader import read_csv
from kaizen.mining.discovery import summary
from kaizen.mining.lifecycle import has_start_complete, only_complete
from kaizen.mining.log import CancelCheck, EventLog
from kaizen.mining.timestamps import ns_to_datetime
from kaizen.mining.xes_reader import read_xes
from kaizen.services.base import Service, audit, clean_text, get_or_404, load_actor
from kaizen.services.event_log_store import read_events, write_events, write_names
from kaizen.services.processes import ProcessInfo, process_infos

MAX_LOG_NAME = 200
ENTITY = "event_log"

# Import progress: (phase, done, total); phase "read" counts bytes of the file, "store" events.
ImportProgress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class EventLogInfo:
    id: int
    name: str
    source_file: str
    source_format: str
    imported_at: datetime
    imported_by: str | None      # None: the command line
    cases: int
    events: int
    activities: int
    resources: int
    first_event: datetime        # UTC
    last_event: datetime


def file_format(path: Path) -> str:
    """``xes`` for .xes / .xes.gz (or gzip content), ``csv`` otherwise."""
    name = path.name.lower()
    if name.endswith((".xes", ".xes.gz")):
        return "xes"
    if name.endswith(".csv"):
        return "csv"
    with open(path, "rb") as handle:
        head = handle.read(256)
    return "xes" if head[:2] == b"\x1f\x8b" or b"<log" in head else "csv"


def read_log_file(path: str | os.PathLike[str], columns: dict[str, str | None] | None = None,
                  *, progress: Callable[[int, int], None] | None = None,
                  cancelled: CancelCheck | None = None,
                  duplicates: Duplicates = "error") -> tuple[EventLog, str]:
    """Read a CSV or XES file into columns; (log, format). Columns apply to CSV only."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(
            translate("services.event_logs", "No such file: {path}").format(path=path), field="file"
        )
    kind = file_format(path)
    if kind == "xes":
        if columns and any(columns.values()):
            raise ValidationError(
                translate(
                    "services.event_logs",
                    "Column names apply to CSV files only; an XES file names its "
                    "attributes itself.",
                ),
                field="file",
            )
        return read_xes(path, progress=progress, cancelled=cancelled,
                        duplicates=duplicates), kind
    return read_csv(path, columns, progress=progress, cancelled=cancelled,
                    duplicates=duplicates), kind


@dataclass(frozen=True, slots=True)
class MiningScreen:
    """What the process-mining page lists: the stored logs and the processes to check a log
    against."""

    logs: list[EventLogInfo]
    processes: list[ProcessInfo]


class EventLogService(Service):
    def import_file(self, actor_id: int | None, path: str | os.PathLike[str], *,
                    name: str | None = None, columns: dict[str, str | None] | None = None,
                    progress: ImportProgress | None = None, cancelled: CancelCheck | None = None,
                    duplicates: Duplicates = "error") -> EventLogInfo:
        """Read ``path`` and store it as ``name`` (default: the file name without its
        extensions). Refused before reading when the name is taken or bad."""
        path = Path(path)
        chosen = self._check_name(name if name is not None else _default_name(path))
        self._check_actor_and_free_name(actor_id, chosen)
        log, kind = read_log_file(
            path, columns, duplicates=duplicates, cancelled=cancelled,
            progress=(lambda done, total: progress("read", done, total)) if progress else None)
        return self.import_log(actor_id, log, name=chosen, source_file=str(path.resolve()),
                               source_format=kind, progress=progress, cancelled=cancelled)

    def import_log(self, actor_id: int | None, log: EventLog, *, name: str, source_file: str = "",
                   source_format: str = "csv", progress: ImportProgress | None = None,
                   cancelled: CancelCheck | None = None) -> EventLogInfo:
        """Store an event log read elsewhere: one unit of work, audited, all or nothing."""
        name = self._check_name(name)
        if log.events == 0:
            raise ValidationError(
                translate("services.event_logs", "The log holds no events."), field="file"
            )
        with self._db.write() as s:
            actor = self._actor(s, actor_id)
            self._refuse_taken(s, name)
            record = EventLogRecord(
                name=name, source_file=source_file[:1000], source_format=source_format,
                imported_at=self._clock(), imported_by_id=actor.id if actor else None,
                cases=log.cases, events=log.events,
                activities=len(log.activity_names), resources=len(log.resource_names),
                first_ns=int(log.timestamp.min()), last_ns=int(log.timestamp.max()))
            s.add(record)
            s.flush()
            conn = s.connection()
            write_names(conn, record.id, _dictionary_rows(log))
            write_events(conn, record.id, log, cancelled=cancelled,
                         progress=(lambda done, total: progress("store", done, total))
                         if progress else None)
            audit(s, actor_id=actor.id if actor else None, at=record.imported_at, entity=ENTITY,
                  entity_id=record.id, action="import", after={
                      "name": name, "source_file": record.source_file,
                      "source_format": source_format, "cases": log.cases,
                      "events": log.events, "activities": record.activities})
            return _info(record, actor.name if actor else None)

    def list_logs(self) -> list[EventLogInfo]:
        """Every stored log, by name."""
        with self._db.read() as s:
            return log_infos(s)

    def mining_screen(self) -> MiningScreen:
        """The process-mining page's data in one read: every stored log (the picker) and
        every process (the conformance picker), from the same moment."""
        with self._db.read() as s:
            return MiningScreen(logs=log_infos(s), processes=process_infos(s))

    def get(self, name: str) -> EventLogInfo:
        with self._db.read() as s:
            record = self._find(s, name)
            who = s.get(Person, record.imported_by_id) if record.imported_by_id else None
            return _info(record, who.name if who else None)

    def delete(self, actor_id: int | None, name: str) -> None:
        """Remove a log with its dictionaries and events; audited."""
        with self._db.write() as s:
            actor = self._actor(s, actor_id)
            record = self._find(s, name)
            before = {"name": record.name, "source_file": record.source_file,
                      "cases": record.cases, "events": record.events}
            # Children first, as set statements: no ORM object per event.
            s.execute(delete(EventLogEvent).where(EventLogEvent.log_id == record.id))
            s.execute(delete(EventLogName).where(EventLogName.log_id == record.id))
            s.execute(delete(EventLogRecord).where(EventLogRecord.id == record.id))
            audit(s, actor_id=actor.id if actor else None, at=self._clock(), entity=ENTITY,
                  entity_id=record.id, action="delete", before=before)

    def load(self, name: str) -> EventLog:
        """The stored log as engine columns, in the engine's order."""
        with self._db.read() as s:
            return self._load(s, name)

    def show(self, name: str, lifecycle: str = "all") -> dict[str, object]:
        """The figures of ``kaizen log show NAME --json``: all events, or only the ``complete``
        ones (see :func:`kaizen.mining.discovery.summary` for the shape)."""
        if lifecycle not in ("all", "complete"):
            raise ValidationError(
                translate("services.event_logs", "Pick all or complete events."), field="lifecycle"
            )
        log = self.load(name)
        return summary(only_complete(log) if lifecycle == "complete" else log)

    def conformance(self, name: str, process_id: int, *,
                    list_cases: int = 1000) -> Conformance:
        """Replay the log called ``name`` on the current-state map of ``process_id`` (its
        steps matched to the log's activities by name; only the completions of a log with
        start and complete events): fitness, the pairs the map does not
        allow, skipped and extra steps, and the deviating cases (at most ``list_cases``)."""
        with self._db.read() as s:
            process = get_or_404(
                s, Process, process_id, translate("services.event_logs", "Process")
            )
            document = s.scalars(select(ProcessMap.document).where(
                ProcessMap.process_id == process.id,
                ProcessMap.kind == MapKind.CURRENT)).first()
            if document is None:
                raise NotFound(
                    translate(
                        "services.event_logs", "The process {name!r} has no current-state map."
                    ).format(name=process.name)
                )
            log = self._load(s, name)
        # A log with start and complete events runs each activity once: its completions.
        if has_start_complete(log):
            log = only_complete(log)
        return check(log, structure_of(loads(document)), list_cases=list_cases)

    # --- helpers --------------------------------------------------------------------------

    def _load(self, s: Session, name: str) -> EventLog:
        return load_log(s, name)

    @staticmethod
    def _check_name(name: str | None) -> str:
        return clean_text(
            name,
            "name",
            translate("services.event_logs", "The log's name"),
            max_len=MAX_LOG_NAME,
            required=True,
        )

    def _check_actor_and_free_name(self, actor_id: int | None, name: str) -> None:
        with self._db.read() as s:
            self._actor(s, actor_id)
            self._refuse_taken(s, name)

    @staticmethod
    def _actor(s: Session, actor_id: int | None) -> Person | None:
        if actor_id is None:
            return None
        actor = load_actor(s, actor_id)
        require(actor.role, Action.MANAGE_EVENT_LOGS)
        return actor

    @staticmethod
    def _refuse_taken(s: Session, name: str) -> None:
        taken = s.scalar(select(func.count()).select_from(EventLogRecord)
                         .where(EventLogRecord.name == name))
        if taken:
            raise ValidationError(
                translate(
                    "services.event_logs",
                    "An event log named '{name}' already exists: give another "
                    "name, or delete that log first.",
                ).format(name=name),
                field="name",
            )

    @staticmethod
    def _find(s: Session, name: str) -> EventLogRecord:
        record = s.scalar(select(EventLogRecord).where(EventLogRecord.name == name)) \
            if isinstance(name, str) else None
        if record is None:
            raise NotFound(
                translate("services.event_logs", "There is no event log named '{name}'.").format(
                    name=str(name)[:200]
                )
            )
        return record


_NAMES = (select(EventLogName.kind, EventLogName.name)
          .where(EventLogName.log_id == bindparam("log_id"))
          .order_by(EventLogName.kind, EventLogName.code))


def load_log(s: Session, name: str) -> EventLog:
    """The stored log called ``name`` as engine columns, read on ``s`` (the caller's unit of
    work: the KPI service derives series from it)."""
    record = EventLogService._find(s, name)
    names: dict[str, list[str]] = {"activity": [], "case": [], "resource": [], "lifecycle": []}
    # Core rows on the session's connection (not the ORM's row loading): a log has a name per
    # case, thousands of them (issue 21: the load within 2x of plain sqlite3).
    for kind, name_, in s.connection().execute(_NAMES, {"log_id": record.id}):
        names[kind].append(name_)
    columns = read_events(s.connection(), record.id, record.events)
    return EventLog.from_columns(*columns, names["case"], names["activity"],
                                 names["resource"], names["lifecycle"], presorted=True)


def _default_name(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".xes", ".csv"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name or path.name


def _dictionary_rows(log: EventLog) -> list[tuple[str, int, str]]:
    rows: list[tuple[str, int, str]] = []
    for kind, names in (("activity", log.activity_names), ("case", log.case_names),
                        ("resource", log.resource_names), ("lifecycle", log.lifecycle_names)):
        rows.extend((kind, code, name) for code, name in enumerate(names))
    return rows


def _info(record: EventLogRecord, who: str | None) -> EventLogInfo:
    return EventLogInfo(
        id=record.id, name=record.name, source_file=record.source_file,
        source_format=record.source_format, imported_at=record.imported_at, imported_by=who,
        cases=record.cases, events=record.events, activities=record.activities,
        resources=record.resources, first_event=ns_to_datetime(record.first_ns),
        last_event=ns_to_datetime(record.last_ns))


def log_infos(s: Session) -> list[EventLogInfo]:
    """Every stored log, by name, inside the caller's session (the mining and What-if pages'
    screen reads)."""
    rows = s.execute(
        select(EventLogRecord, Person.name)
        .outerjoin(Person, Person.id == EventLogRecord.imported_by_id)
        .order_by(EventLogRecord.name)).all()
    return [_info(record, who) for record, who in rows]
