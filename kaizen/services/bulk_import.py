"""Importing ideas, observations and measurements from a CSV file (``kaizen import``).

Each line goes through the same checks as the app's forms: the idea and observation checks of
:mod:`kaizen.services.suggestions` and :mod:`kaizen.services.observations`, the role rules of
:mod:`kaizen.domain.permissions` for the person the line names, and the measurement import's
reading of numbers and dates (:mod:`kaizen.services.csv_table`). A file is one unit of work, all
or nothing: every line is checked, and when any is refused nothing is saved and each refused
line is reported with its line number (:class:`ImportRefused`). Each saved record gets its audit
event, made by the person its line names, as if that person had typed it.

The files (a header line names the columns, in any order; ``;`` or ``,`` between fields):

- ideas: ``title, problem, proposal, area, submitter`` and optionally ``wastes`` (names
  separated by ``,`` ``|`` or ``+``), ``expected_savings``, ``implementation_cost``, ``impact``,
  ``effort`` (1 to 5, default 3);
- observations: ``category, area, observer, description, minutes_per_occurrence,
  occurrences_per_week`` and optionally ``cost_per_occurrence``, ``observed_at``;
- measurements: ``idea, metric, phase, value, recorded_by`` and optionally ``measured_at``
  (the metric by its name on that idea; phase before or after; the recorder must be allowed to
  record measurements).

People are named by their name (or badge number, when they have one), areas by their name or
their place in the tree ("Plant / Assembly"), case-insensitively.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from kaizen.db.models import Measurement, Metric, Person, Suggestion, WasteObservation
from kaizen.domain.enums import MeasurementPhase, WasteCategory
from kaizen.domain.errors import NotFound, PermissionDenied, ValidationError
from kaizen.domain.input_domains import check_moment
from kaizen.domain.permissions import Action, require
from kaizen.i18n import translate
from kaizen.services.base import Service, audit, snapshot, table_of
from kaizen.services.csv_table import CsvRecord, CsvTable, moment_cell, number_cell, read_table
from kaizen.services.observations import _FIELDS as _OBSERVATION_FIELDS
from kaizen.services.observations import ObservationInput
from kaizen.services.observations import _check_input as _check_observation
from kaizen.services.people import area_infos
from kaizen.services.suggestions import SuggestionInput, insert_suggestion

IDEA_COLUMNS = ("title", "problem", "proposal", "area", "submitter")
IDEA_OPTIONAL = ("wastes", "expected_savings", "implementation_cost", "impact", "effort")
OBSERVATION_COLUMNS = ("category", "area", "observer", "description", "minutes_per_occurrence",
                       "occurrences_per_week")
OBSERVATION_OPTIONAL = ("cost_per_occurrence", "observed_at")
MEASUREMENT_COLUMNS = ("idea", "metric", "phase", "value", "recorded_by")
MEASUREMENT_OPTIONAL = ("measured_at",)

# The service checks name their form fields; a refused line names the file's column instead.
_COLUMN_OF_FIELD = {"area_id": "area", "category": "category", "wastes": "wastes"}


@dataclass(frozen=True, slots=True)
class RefusedLine:
    line: int
    reason: str

    def describe(self) -> str:
        return translate("services.bulk_import", "line {line}: {reason}").format(
            line=self.line, reason=self.reason)


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What a file put in the database: how many records of which kind, and their ids."""

    kind: str  # "ideas", "observations", "measurements"
    count: int
    ids: tuple[int, ...]  # the new ideas' or observations' ids; the metrics' for measurements


class ImportRefused(ValidationError):
    """Some lines were refused, so nothing was saved; ``refused`` lists every one in order."""

    def __init__(self, refused: Sequence[RefusedLine]) -> None:
        count = len(refused)
        message = (translate("services.bulk_import",
                             "Nothing was imported: {count} line refused.")
                   if count == 1 else
                   translate("services.bulk_import",
                             "Nothing was imported: {count} lines refused."))
        super().__init__(message.format(count=count), "file")
        self.refused = list(refused)


class _Directory:
    """The site's people and areas by the words a file may use for them (read once)."""

    def __init__(self, session: Session) -> None:
        self._people: dict[str, list[Person]] = defaultdict(list)
        for person in session.scalars(select(Person)):
            self._people[_key(person.name)].append(person)
            if person.badge_number:
                self._people[_key(person.badge_number)].append(person)
        self._areas: dict[str, list[int]] = defaultdict(list)
        for area in area_infos(session, include_inactive=True):
            self._areas[_key(area.name)].append(area.id)
            if _key(area.path) != _key(area.name):
                self._areas[_key(area.path)].append(area.id)

    def person(self, text: str, column: str) -> Person:
        if not text:
            raise ValueError(
                translate("services.bulk_import", "column {column}: name the person").format(
                    column=column
                )
            )
        found = {p.id: p for p in self._people.get(_key(text), [])}
        if not found:
            raise ValueError(
                translate(
                    "services.bulk_import", "column {column}: nobody is called {text!r}"
                ).format(column=column, text=text)
            )
        if len(found) > 1:
            raise ValueError(
                translate(
                    "services.bulk_import",
                    "column {column}: {count} people are called {text!r}; use their badge number",
                ).format(column=column, count=len(found), text=text)
            )
        return next(iter(found.values()))

    def area(self, text: str) -> int:
        if not text:
            raise ValueError(translate("services.bulk_import", "column area: name the area"))
        found = set(self._areas.get(_key(" / ".join(p.strip() for p in text.split("/"))), []))
        if not found:
            raise ValueError(
                translate("services.bulk_import", "column area: no area is called {text!r}").format(
                    text=text
                )
            )
        if len(found) > 1:
            raise ValueError(
                translate(
                    "services.bulk_import",
                    "column area: more than one area is called {text!r}; give "
                    "its place in the tree, e.g. 'Plant / Assembly'",
                ).format(text=text)
            )
        return found.pop()


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _waste(text: str, column: str) -> WasteCategory:
    wanted = _key(text).replace("-", "_").replace(" ", "_")
    for waste in WasteCategory:
        # The English name (an import file is a contract) or the one shown in the language.
        names = {waste.value, *(_key(label).replace("-", "_").replace(" ", "_")
                                for label in (waste.source_label, waste.label))}
        if wanted in names:
            return waste
    known = ", ".join(w.value for w in WasteCategory)
    raise ValueError(
        translate(
            "services.bulk_import",
            "column {column}: {text!r} is not one of the seven wastes ({names})",
        ).format(column=column, text=text, names=known)
    )


def _whole(text: str, column: str, default: int) -> int:
    if not text:
        return default
    if not re.fullmatch(r"[+-]?\d{1,9}", text):
        raise ValueError(
            translate(
                "services.bulk_import", "column {column}: {text!r} is not a whole number"
            ).format(column=column, text=text)
        )
    return int(text)


def _require_active(person: Person, column: str) -> None:
    """Refuse a line whose person (named in ``column``) no longer works here."""
    if not person.active:
        raise PermissionDenied(
            translate("services.bulk_import", "column {column}: {name} is no longer active").format(
                column=column, name=person.name
            )
        )


def _refusal(exc: Exception, field_column: Callable[[str | None], str]) -> str:
    if isinstance(exc, ValidationError):
        if exc.field:
            return translate("services.bulk_import", "column {column}: {reason}").format(
                column=field_column(exc.field), reason=exc)
        return str(exc)
    return str(exc)


class BulkImportService(Service):
    """``kaizen import ideas|observations|measurements FILE.csv``: one file, one unit of work."""

    def import_ideas(self, source: Path | bytes) -> ImportSummary:
        table = read_table(source, IDEA_COLUMNS, IDEA_OPTIONAL)
        mark = table.decimal_mark("expected_savings", "implementation_cost")

        def one(s: Session, people: _Directory, record: CsvRecord, now: datetime) -> int:
            c = record.cells
            submitter = people.person(c["submitter"], "submitter")
            wastes = [_waste(w, "wastes") for w in re.split(r"[,|+]", c.get("wastes", ""))
                      if w.strip()]
            data = SuggestionInput(
                title=c["title"], problem=c["problem"], proposal=c["proposal"],
                area_id=people.area(c["area"]), wastes=wastes,
                expected_savings=number_cell(c.get("expected_savings", ""), mark,
                                             "expected_savings") or 0.0,
                implementation_cost=number_cell(c.get("implementation_cost", ""), mark,
                                                "implementation_cost") or 0.0,
                impact=_whole(c.get("impact", ""), "impact", 3),
                effort=_whole(c.get("effort", ""), "effort", 3))
            _require_active(submitter, "submitter")
            return insert_suggestion(s, submitter, data, now).id

        ids = self._run(table, one)
        return ImportSummary("ideas", len(ids), tuple(ids))

    def import_observations(self, source: Path | bytes) -> ImportSummary:
        table = read_table(source, OBSERVATION_COLUMNS, OBSERVATION_OPTIONAL)
        mark = table.decimal_mark("minutes_per_occurrence", "occurrences_per_week",
                                  "cost_per_occurrence")

        def one(s: Session, people: _Directory, record: CsvRecord, now: datetime) -> int:
            c = record.cells
            observer = people.person(c["observer"], "observer")
            _require_active(observer, "observer")
            require(observer.role, Action.CREATE_OBSERVATION)
            minutes = number_cell(c["minutes_per_occurrence"], mark, "minutes_per_occurrence")
            per_week = number_cell(c["occurrences_per_week"], mark, "occurrences_per_week")
            data = ObservationInput(
                category=_waste(c["category"], "category"), area_id=people.area(c["area"]),
                description=c["description"],
                minutes_per_occurrence=minutes,  # type: ignore[arg-type]  # checked below
                occurrences_per_week=per_week,  # type: ignore[arg-type]
                cost_per_occurrence=number_cell(c.get("cost_per_occurrence", ""), mark,
                                                "cost_per_occurrence"),
                observed_at=moment_cell(c.get("observed_at", ""), "observed_at"))
            # The observation form's own checks (a missing number is refused there, by name).
            clean = _check_observation(s, data, now)
            obs = WasteObservation(
                category=clean.category, area_id=clean.area_id, observer_id=observer.id,
                observed_at=clean.observed_at or now, description=clean.description,
                minutes_per_occurrence=clean.minutes, occurrences_per_week=clean.occurrences,
                cost_per_occurrence=clean.cost, created_at=now)
            s.add(obs)
            s.flush()
            audit(s, actor_id=observer.id, at=now, entity="waste_observation",
                  entity_id=obs.id, action="create", after=snapshot(obs, _OBSERVATION_FIELDS))
            return obs.id

        ids = self._run(table, one)
        return ImportSummary("observations", len(ids), tuple(ids))

    def import_measurements(self, source: Path | bytes) -> ImportSummary:
        table = read_table(source, MEASUREMENT_COLUMNS, MEASUREMENT_OPTIONAL)
        mark = table.decimal_mark("value")
        # (metric, person) -> rows: stored after every line passed, one audit event per group,
        # as the app's own import of a file records one per batch.
        groups: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
        metrics: dict[tuple[int, str], int] = {}

        def one(s: Session, people: _Directory, record: CsvRecord, now: datetime) -> int:
            c = record.cells
            person = people.person(c["recorded_by"], "recorded_by")
            _require_active(person, "recorded_by")
            require(person.role, Action.RECORD_MEASUREMENT)
            idea_text = c["idea"].removeprefix("#")
            if not re.fullmatch(r"\d{1,12}", idea_text):
                raise ValueError(
                    translate(
                        "services.bulk_import", "column idea: {text!r} is not an idea number"
                    ).format(text=c["idea"])
                )
            metric_id = self._metric(s, metrics, int(idea_text), c["metric"])
            phase_text = c["phase"].strip().lower()
            if phase_text not in {p.value for p in MeasurementPhase}:
                raise ValueError(
                    translate(
                        "services.bulk_import", "column phase: {text!r} is not before or after"
                    ).format(text=c["phase"])
                )
            value = number_cell(c["value"], mark, "value")
            if value is None:
                raise ValueError(
                    translate("services.bulk_import", "column value: the value is missing")
                )
            when = check_moment(
                moment_cell(c.get("measured_at", ""), "measured_at"),
                "measured_at",
                translate("services.bulk_import", "The measurement time"),
            )
            groups[(metric_id, person.id)].append(
                {"metric_id": metric_id, "person_id": person.id,
                 "phase": MeasurementPhase(phase_text), "value": value,
                 "measured_at": when or now})
            return metric_id

        def store(s: Session, now: datetime) -> None:
            for (metric_id, person_id), rows in groups.items():
                s.execute(insert(table_of(Measurement)), rows)
                counts = {p.value: sum(r["phase"] is p for r in rows) for p in MeasurementPhase}
                audit(s, actor_id=person_id, at=now, entity="metric", entity_id=metric_id,
                      action="import_measurements", after={"count": len(rows), **counts})

        metric_ids = self._run(table, one, store)
        return ImportSummary("measurements", len(metric_ids),
                             tuple(dict.fromkeys(metric_ids)))

    @staticmethod
    def _metric(s: Session, cache: dict[tuple[int, str], int], idea_id: int, name: str) -> int:
        key = (idea_id, _key(name))
        if key not in cache:
            if s.get(Suggestion, idea_id) is None:
                raise ValueError(
                    translate(
                        "services.bulk_import", "column idea: idea #{idea_id} does not exist"
                    ).format(idea_id=idea_id)
                )
            found = [m for m in s.scalars(select(Metric).where(Metric.suggestion_id == idea_id))
                     if _key(m.name) == key[1]]
            if not found:
                raise ValueError(
                    translate(
                        "services.bulk_import",
                        "column metric: idea #{idea_id} has no metric called {name!r}",
                    ).format(idea_id=idea_id, name=name)
                )
            cache[key] = found[0].id
        return cache[key]

    def _run(self, table: CsvTable,
             one: Callable[[Session, _Directory, CsvRecord, datetime], int],
             store: Callable[[Session, datetime], None] | None = None) -> list[int]:
        """Every line through ``one`` in one write transaction; any refusal rolls all back."""
        refused: list[RefusedLine] = []
        ids: list[int] = []
        with self._db.write() as s:
            people = _Directory(s)
            now = self._clock()
            for record in table.records:
                if record.problem is not None:
                    refused.append(RefusedLine(record.line, record.problem))
                    continue
                try:
                    ids.append(one(s, people, record, now))
                except (ValueError, ValidationError, PermissionDenied, NotFound) as exc:
                    # The checks run before each line's statements, so the transaction is whole
                    # and the next lines can still be checked.
                    refused.append(RefusedLine(record.line, _refusal(
                        exc, lambda f: _COLUMN_OF_FIELD.get(f or "", f or "file"))))
            if refused:
                raise ImportRefused(refused)  # leaving the block rolls the transaction back
            if store is not None:
                store(s, now)
        return ids
