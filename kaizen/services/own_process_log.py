"""Kaizen's own improvement process as an event log (issue 19, "Where ideas stall"): one case
per idea, one event per status it entered (from the audit trail: submitted, under review,
accepted, rejected, standardised, abandoned) and per PDCA stage it entered (from the
append-only stage changes: "Cycle 2: Do"), the person who moved it as the resource. Mined as
any other log, its directly-follows graph shows where ideas wait longest.

Read-only and never stored: it is built afresh from the database on each read, so it is always
current. Times are read as stored (the app's clock), in one time line.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from kaizen.db.models import AuditEvent, PdcaCycle, Person, StageChange, Suggestion
from kaizen.domain.enums import PdcaStage, SuggestionStatus
from kaizen.domain.errors import ValidationError
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.mining.log import NO_CODE, Encoder, EventLog
from kaizen.services.base import Service

# Shown translated where it is shown: translate("services.own_process_log", OWN_LOG_NAME).
OWN_LOG_NAME = QT_TRANSLATE_NOOP("services.own_process_log",
                                 "Kaizen's own improvement process")


def status_label(value: str) -> str:
    try:
        status = SuggestionStatus(value).label.lower()
    except ValueError:
        status = value
    return translate("services.own_process_log", "Idea {status}").format(status=status)


def stage_label(number: int, stage: PdcaStage) -> str:
    return translate("services.own_process_log", "Cycle {number}: {stage}").format(
        number=number, stage=stage.label)


class OwnProcessLogService(Service):
    def improvement_log(self) -> EventLog:
        """Every idea's status and stage changes as an event log (ValidationError when no idea
        has been submitted yet)."""
        with self._db.read() as s:
            rows = _rows(s)
        if not rows:
            raise ValidationError(
                translate(
                    "services.own_process_log",
                    "No idea has been submitted yet: Kaizen's own improvement "
                    "process has no events to mine.",
                ),
                field="log",
            )
        cases, activities, resources = Encoder(), Encoder(), Encoder()
        case, activity, stamp, resource = [], [], [], []
        # Sorted by idea, time, then status before stage (an idea accepted enters Plan at the
        # same instant), then id: the order an idea went through them.
        for idea, title, at, _kind, _id, what, who in sorted(rows, key=lambda r: r[:5]):
            case.append(cases.code(f"#{idea} {title}"))
            activity.append(activities.code(what))
            stamp.append(_ns(at))
            resource.append(resources.code(who) if who else NO_CODE)
        return EventLog.from_columns(np.array(case), np.array(activity), np.array(stamp),
                                     np.array(resource), None, cases.names, activities.names,
                                     resources.names)


Row = tuple[int, str, datetime, int, int, str, str | None]


def _rows(s: Session) -> list[Row]:
    names: dict[int, str] = {pid: name for pid, name in s.execute(select(Person.id, Person.name))}
    titles: dict[int, str] = {sid: title for sid, title in
                              s.execute(select(Suggestion.id, Suggestion.title))}
    rows: list[Row] = []
    audits = s.execute(select(AuditEvent.id, AuditEvent.entity_id, AuditEvent.at,
                              AuditEvent.person_id, AuditEvent.before, AuditEvent.after)
                       .where(AuditEvent.entity == "suggestion").order_by(AuditEvent.id))
    for audit_id, idea, at, person, before, after in audits:
        new = (after or {}).get("status")
        old = (before or {}).get("status")
        if new and new != old and idea in titles:
            rows.append((idea, titles[idea], at, 0, audit_id, status_label(str(new)),
                         names.get(person)))
    stages = s.execute(select(StageChange.id, PdcaCycle.suggestion_id, PdcaCycle.number,
                              StageChange.at, StageChange.to_stage, StageChange.person_id)
                       .join(PdcaCycle, PdcaCycle.id == StageChange.cycle_id))
    for change_id, idea, number, at, stage, person in stages:
        if idea in titles:
            rows.append((idea, titles[idea], at, 1, change_id, stage_label(number, stage),
                         names.get(person)))
    return rows


def _ns(at: datetime) -> int:
    moment = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return int(moment.timestamp()) * 1_000_000_000 + moment.microsecond * 1_000
