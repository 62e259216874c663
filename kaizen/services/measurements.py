"""Metrics of a suggestion and their before/after measurements: the proof that a change worked.

Supervisors and admins record (``Action.RECORD_MEASUREMENT``); anyone may read. Counts and means
are computed by the database with GROUP BY, so a metric with 100,000 samples costs one query,
and samples are inserted in bulk in one unit of work.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypedDict

from sqlalchemy import case, func, insert, select
from sqlalchemy.orm import Session

from kaizen.db.models import Measurement, Metric, Suggestion
from kaizen.domain.enums import MeasurementPhase, MetricDirection
from kaizen.domain.errors import ValidationError
from kaizen.domain.input_domains import check_moment
from kaizen.domain.permissions import Action, require
from kaizen.i18n import translate
from kaizen.services.base import (
    Service,
    audit,
    check_idea_id,
    clean_line,
    get_or_404,
    load_actor,
    snapshot,
    table_of,
)
from kaizen.services.csv_table import MAX_ROWS
from kaizen.services.measurement_import import check_count

if TYPE_CHECKING:
    from kaizen.services.measurement_import import ParsedRow

MAX_VALUES = MAX_ROWS  # the one limit (measurement_import.check_count)
MAX_UNIT = 40


@dataclass(frozen=True, slots=True)
class MetricInfo:
    id: int
    suggestion_id: int
    name: str
    unit: str
    direction: MetricDirection
    before_n: int
    after_n: int
    before_mean: float | None
    after_mean: float | None


class MeasurementService(Service):
    def add_metric(
        self,
        actor_id: int,
        suggestion_id: int,
        *,
        name: str,
        unit: str,
        direction: MetricDirection,
        plan: Mapping[str, Any] | None = None,
    ) -> MetricInfo:
        """Add a metric; ``plan`` (fields of the statistics plan, see
        :mod:`kaizen.services.metric_statistics`) is recorded in the same unit of work, so a
        refused plan leaves no metric behind."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.RECORD_MEASUREMENT)
            get_or_404(s, Suggestion, suggestion_id, translate("services.measurements", "Idea"))
            metric = Metric(
                suggestion_id=suggestion_id,
                name=clean_line(
                    name, "name", translate("services.measurements", "The metric name")
                ),
                unit=clean_line(
                    unit,
                    "unit",
                    translate("services.measurements", "The unit"),
                    max_len=MAX_UNIT,
                    required=False,
                ),
                direction=_direction(direction),
                created_at=self._clock(),
            )
            s.add(metric)
            s.flush()
            audit(s, actor_id=actor.id, at=self._clock(), entity="metric", entity_id=metric.id,
                  action="add",
                  after=snapshot(metric, ["suggestion_id", "name", "unit", "direction"]))
            if plan:
                from kaizen.services.metric_statistics import apply_plan

                apply_plan(s, actor.id, metric, dict(plan), self._clock())
            return MetricInfo(
                id=metric.id,
                suggestion_id=metric.suggestion_id,
                name=metric.name,
                unit=metric.unit,
                direction=metric.direction,
                before_n=0,
                after_n=0,
                before_mean=None,
                after_mean=None,
            )

    def add_measurements(
        self,
        actor_id: int,
        metric_id: int,
        phase: MeasurementPhase,
        values: Sequence[float],
        measured_at: datetime | None = None,
    ) -> int:
        """Record samples of one phase in one go; returns how many were stored.

        All or nothing: one bad value refuses the whole batch, so a pasted column is never half
        imported.
        """
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.RECORD_MEASUREMENT)
            get_or_404(s, Metric, metric_id, translate("services.measurements", "Metric"))
            stage = _phase(phase)
            numbers = _check_values(values)
            at = (
                check_moment(
                    measured_at,
                    "measured_at",
                    translate("services.measurements", "The measurement time"),
                )
                or self._clock()
            )
            # Core insert on the table, the columns shared by the batch bound once: one
            # executemany with no ORM bookkeeping per row (the ORM bulk path was ~30% slower;
            # 100,000 samples take ~2.5 s, most of it SQLAlchemy's per-row parameter handling).
            batch = insert(table_of(Measurement)).values(
                metric_id=metric_id, phase=stage, measured_at=at, person_id=actor.id
            )
            s.execute(batch, [{"value": value} for value in numbers])
            # One audit event per batch: the values themselves are the measurements table.
            audit(s, actor_id=actor.id, at=self._clock(), entity="metric", entity_id=metric_id,
                  action="add_measurements",
                  after={"phase": stage.value, "count": len(numbers),
                         "measured_at": at.isoformat()})
            return len(numbers)

    def import_rows(
        self, actor_id: int, metric_id: int, rows: Sequence[ParsedRow]
    ) -> dict[MeasurementPhase, int]:
        """Store imported rows (see :mod:`kaizen.services.measurement_import`) in one unit of
        work, all or nothing; returns how many were stored per phase (both phases are keys).

        A row without a time is stamped with the clock. Bad rows raise
        ValidationError(field="file") naming the row; nothing is stored then.
        """
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.RECORD_MEASUREMENT)
            get_or_404(s, Metric, metric_id, translate("services.measurements", "Metric"))
            now = self._clock()
            batch = _check_rows(rows, now)
            counts = dict.fromkeys(MeasurementPhase, 0)
            for row in batch:
                counts[row["phase"]] += 1
            s.execute(
                insert(table_of(Measurement)).values(metric_id=metric_id, person_id=actor.id),
                batch,
            )
            audit(s, actor_id=actor.id, at=now, entity="metric", entity_id=metric_id,
                  action="import_measurements",
                  after={"count": len(batch),
                         **{phase.value: n for phase, n in counts.items()}})
            return counts

    def list_metrics(self, suggestion_id: int) -> list[MetricInfo]:
        """The suggestion's metrics with sample counts and means per phase, oldest first."""
        check_idea_id(suggestion_id)
        with self._db.read() as s:
            return metric_infos(s, suggestion_id)

    def values(self, metric_id: int, phase: MeasurementPhase) -> list[float]:
        """The samples of one phase in the order they were measured (for statistics and charts)."""
        stage = _phase(phase)
        with self._db.read() as s:
            get_or_404(s, Metric, metric_id, translate("services.measurements", "Metric"))
            return list(
                s.scalars(
                    select(Measurement.value)
                    .where(Measurement.metric_id == metric_id, Measurement.phase == stage)
                    .order_by(Measurement.measured_at, Measurement.id)
                )
            )


def _direction(value: MetricDirection | str) -> MetricDirection:
    try:
        return MetricDirection(value)
    except ValueError:
        raise ValidationError(
            translate("services.measurements", "Say whether lower or higher is better."),
            field="direction",
        ) from None


def _phase(value: MeasurementPhase | str) -> MeasurementPhase:
    try:
        return MeasurementPhase(value)
    except ValueError:
        raise ValidationError(
            translate("services.measurements", "Pick before or after."), field="phase"
        ) from None


def _check_batch(items: object, field: str, *, not_a_list: str, empty: str) -> None:
    """A batch is a list (not text), not empty, and within the one limit on measurements at a
    time; ValidationError naming ``field`` otherwise (``not_a_list`` and ``empty`` say what
    is wrong in the words of the caller's input)."""
    if isinstance(items, str | bytes) or not isinstance(items, Sequence):
        raise ValidationError(not_a_list, field=field)
    if not items:
        raise ValidationError(empty, field=field)
    check_count(len(items), field)


def _check_values(values: Sequence[float]) -> list[float]:
    _check_batch(
        values, "values",
        not_a_list=translate("services.measurements",
                             "Give the measurements as a list of numbers."),
        empty=translate("services.measurements", "Enter at least one measurement."),
    )
    numbers: list[float] = []
    for position, value in enumerate(values, start=1):
        # bool is an int in Python, but True is never a measurement someone meant to type.
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(
                translate("services.measurements", "Value {position} is not a number.").format(
                    position=position
                ),
                field="values",
            )
        number = _as_float(value)
        if not math.isfinite(number):
            raise ValidationError(
                translate(
                    "services.measurements", "Value {position} is not a finite number."
                ).format(position=position),
                field="values",
            )
        numbers.append(number)
    return numbers


class _RowValues(TypedDict):
    """One checked imported row, as the insert's parameters."""

    phase: MeasurementPhase
    value: float
    measured_at: datetime


def _check_rows(rows: Sequence[ParsedRow], now: datetime) -> list[_RowValues]:
    """Imported rows as insert parameters; refuses the whole batch at the first bad row."""
    _check_batch(
        rows, "file",
        not_a_list=translate("services.measurements", "Give the imported rows as a list."),
        empty=translate("services.measurements", "The file holds no measurements."),
    )
    batch: list[_RowValues] = []
    for position, row in enumerate(rows, start=1):
        phase: Any = getattr(row, "phase", None)  # anything: an import is checked here
        value = getattr(row, "value", None)
        when = getattr(row, "measured_at", None)
        try:
            stage = MeasurementPhase(phase)
        except ValueError:
            raise ValidationError(
                translate("services.measurements", "Row {position}: pick before or after.").format(
                    position=position
                ),
                field="file",
            ) from None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
            _as_float(value)
        ):
            raise ValidationError(
                translate(
                    "services.measurements", "Row {position}: the value is not a finite number."
                ).format(position=position),
                field="file",
            )
        if when is not None and not isinstance(when, datetime):
            raise ValidationError(
                translate(
                    "services.measurements", "Row {position}: the time is not a date and time."
                ).format(position=position),
                field="file",
            )
        when = check_moment(
            when,
            "file",
            translate("services.measurements", "Row {position}: the time").format(
                position=position
            ),
        )
        batch.append({"phase": stage, "value": float(value), "measured_at": when or now})
    return batch


def _as_float(value: int | float) -> float:
    """The number as a float; an int too large for one is infinite (and so refused)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf


def _local(when: datetime | None, field: str, label: str) -> datetime | None:
    """A time with a zone as the site's local wall-clock time (how every time is stored)."""
    if when is None or when.tzinfo is None:
        return when
    try:
        return when.astimezone().replace(tzinfo=None)
    except (OverflowError, ValueError, OSError):  # year 1 or 9999 moved past the end
        raise ValidationError(
            translate("services.measurements", "{label} is out of range.").format(label=label),
            field=field,
        ) from None


def metric_infos(s: Session, suggestion_id: int) -> list[MetricInfo]:
    """The suggestion's metrics with sample counts and means per phase, oldest first."""
    before = Measurement.phase == MeasurementPhase.BEFORE
    after = Measurement.phase == MeasurementPhase.AFTER
    query = (
        select(
            Metric.id,
            Metric.suggestion_id,
            Metric.name,
            Metric.unit,
            Metric.direction,
            func.count(case((before, Measurement.id))),
            func.count(case((after, Measurement.id))),
            # AVG skips the NULLs the CASE gives for the other phase.
            func.avg(case((before, Measurement.value))),
            func.avg(case((after, Measurement.value))),
        )
        .outerjoin(Measurement, Measurement.metric_id == Metric.id)
        .where(Metric.suggestion_id == suggestion_id)
        .group_by(Metric.id)
        .order_by(Metric.id)
    )
    return [
        MetricInfo(
            id=row[0],
            suggestion_id=row[1],
            name=row[2],
            unit=row[3],
            direction=row[4],
            before_n=row[5],
            after_n=row[6],
            before_mean=None if row[7] is None else float(row[7]),
            after_mean=None if row[8] is None else float(row[8]),
        )
        for row in s.execute(query)
    ]
