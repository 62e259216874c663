"""The savings ledger: one entry per suggestion, month and kind, validated by a supervisor.

Ledger rules:

- Supervisors and admins record entries (``Action.RECORD_SAVINGS``) and validate them
  (``Action.VALIDATE_SAVINGS``); anyone may read.
- Months are stored as "YYYY-MM" text, so monthly totals group on an indexed column.
- A forecast is a promise, not money: it can be edited but never validated.
- A validated entry is locked. It is never edited or deleted; a mistake is fixed by a correction,
  a new entry pointing at the one it corrects (``corrects_id``) with a signed amount and a note.
  Only corrections may be negative. A correction can itself be validated, and then it is locked
  too.
- Two pairs of eyes (issue 16): the validator is not a person who entered or changed the entry,
  unless the site setting ``savings_one_person`` allows it for a one-person site. And the money
  is real only once the change is tried: an entry is validated only after one of the idea's
  PDCA cycles has reached Check.
- Two people editing one entry: ``update_entry(..., expected=<the entry as the form read it>)``
  refuses the second save with a Conflict naming who changed it and when (entries carry no
  version counter, so what was read is compared with what is stored, under a row lock).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kaizen.db.models import AuditEvent, PdcaCycle, Person, SavingsEntry, Suggestion
from kaizen.domain import input_domains
from kaizen.domain.enums import PdcaStage, SavingsKind, SuggestionStatus
from kaizen.domain.errors import Conflict, PermissionDenied, ValidationError
from kaizen.domain.permissions import Action, require
from kaizen.domain.savings_math import payback_month, roi
from kaizen.i18n import translate
from kaizen.services.analytics import SuggestionSavings, read_suggestion_savings
from kaizen.services.base import (
    Service,
    audit,
    check_idea_id,
    clean_text,
    get_or_404,
    load_actor,
    snapshot,
)
from kaizen.services.conflicts import changed_by_of
from kaizen.services.metric_statistics import proof_for_suggestion
from kaizen.services.people import load_settings

MAX_AMOUNT = 1e12
MAX_REASON = 2000
_ENTRY_FIELDS = (
    "suggestion_id",
    "month",
    "amount",
    "kind",
    "is_forecast",
    "note",
    "corrects_id",
    "validated_by_id",
    "validated_at",
)


@dataclass(frozen=True, slots=True)
class SavingsEntryInfo:
    id: int
    suggestion_id: int
    month: str
    amount: float
    kind: SavingsKind
    is_forecast: bool
    note: str
    corrects_id: int | None
    created_by_id: int
    created_at: datetime
    validated_by_id: int | None
    validated_at: datetime | None
    locked: bool


@dataclass(frozen=True, slots=True)
class Ledger:
    """One idea's savings ledger (:meth:`SavingsService.ledger`): entries by month (corrections
    after what they correct), totals, names by person id, the currency, ROI on validated
    savings (None without a one-off cost) and the payback months, validated and forecast (None
    when not reached)."""

    suggestion_id: int
    entries: list[SavingsEntryInfo]
    summary: SuggestionSavings
    names: dict[int, str]
    currency: str
    roi: float | None
    payback: str | None
    forecast_payback: str | None
    # Why nothing can be validated yet (the change has not reached Check), or None.
    not_ready: str | None = None
    # The site allows the person who entered an entry to validate it (one-person site).
    one_person: bool = False


class SavingsService(Service):
    def add_entry(
        self,
        actor_id: int,
        suggestion_id: int,
        *,
        month: str,
        amount: float,
        kind: SavingsKind,
        is_forecast: bool = False,
        note: str = "",
    ) -> SavingsEntryInfo:
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.RECORD_SAVINGS)
            get_or_404(s, Suggestion, suggestion_id, translate("services.savings", "Idea"))
            entry = SavingsEntry(
                suggestion_id=suggestion_id,
                month=check_month(month, "month"),
                amount=_check_amount(amount, "amount", allow_negative=False),
                kind=_kind(kind),
                is_forecast=bool(is_forecast),
                note=clean_text(note, "note", translate("services.savings", "The note")),
                created_by_id=actor.id,
                created_at=self._clock(),
            )
            s.add(entry)
            s.flush()
            audit(s, actor_id=actor.id, at=self._clock(), entity="savings_entry",
                  entity_id=entry.id, action="add", after=snapshot(entry, _ENTRY_FIELDS))
            return _info(entry)

    def update_entry(
        self,
        actor_id: int,
        entry_id: int,
        *,
        month: str | None = None,
        amount: float | None = None,
        kind: SavingsKind | None = None,
        is_forecast: bool | None = None,
        note: str | None = None,
        expected: SavingsEntryInfo | None = None,
    ) -> SavingsEntryInfo:
        """Change an entry that is not validated yet; arguments left as None stay as they are.
        ``expected``: the entry as it was read before editing; refused if it changed since."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.RECORD_SAVINGS)
            entry: SavingsEntry = get_or_404(
                s, SavingsEntry, entry_id, translate("services.savings", "Savings entry")
            )
            if expected is not None:
                # Locked until the commit (PostgreSQL): a second save waits, then compares.
                s.refresh(entry, with_for_update=True)
            if entry.validated_at is not None:
                raise Conflict(_locked_message(s, entry))
            if expected is not None and _changed_since(entry, expected):
                raise Conflict(
                    translate(
                        "services.savings",
                        "Someone else changed this savings entry while you were "
                        "editing it ({changed_by_of}nothing of yours was saved). "
                        "Reload it and make your change again.",
                    ).format(changed_by_of=changed_by_of(entry, "savings_entry"))
                )
            before = snapshot(entry, _ENTRY_FIELDS)
            if month is not None:
                entry.month = check_month(month, "month")
            if amount is not None:
                entry.amount = _check_amount(
                    amount, "amount", allow_negative=entry.corrects_id is not None
                )
            if kind is not None:
                entry.kind = _kind(kind)
            if is_forecast is not None:
                if is_forecast and entry.corrects_id is not None:
                    raise ValidationError(
                        translate("services.savings", "A correction is an actual, not a forecast."),
                        field="is_forecast",
                    )
                entry.is_forecast = bool(is_forecast)
            if note is not None:
                entry.note = clean_text(
                    note,
                    "note",
                    translate("services.savings", "The note"),
                    required=entry.corrects_id is not None,
                )
            s.flush()
            after = snapshot(entry, _ENTRY_FIELDS)
            if after != before:
                audit(s, actor_id=actor.id, at=self._clock(), entity="savings_entry",
                      entity_id=entry.id, action="update", before=before, after=after)
            return _info(entry)

    def validate(
        self, actor_id: int, entry_id: int, *, override_reason: str | None = None
    ) -> SavingsEntryInfo:
        """Confirm an actual amount; from then on the entry is locked.

        Savings follow proof (issue 17): the idea's after-phase must show the improvement (see
        :func:`kaizen.services.metric_statistics.proof_for_suggestion`). Without proof the
        validator must write ``override_reason``; it is stored on the entry and audited.
        """
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.VALIDATE_SAVINGS)
            entry: SavingsEntry = get_or_404(
                s, SavingsEntry, entry_id, translate("services.savings", "Savings entry")
            )
            if entry.is_forecast:
                raise Conflict(
                    translate(
                        "services.savings",
                        "A forecast cannot be validated; record the actual amount "
                        "once the month is over and validate that.",
                    )
                )
            if entry.validated_at is not None:
                raise Conflict(
                    translate("services.savings", "This entry is already {validated_by}.").format(
                        validated_by=_validated_by(s, entry)
                    )
                )
            not_ready = _not_ready(s, entry.suggestion_id)
            if not_ready is not None:
                raise Conflict(not_ready)
            if (actor.id in _entered_by(s, entry)
                    and not load_settings(s).savings_one_person):
                raise PermissionDenied(second_person())
            reason = (
                clean_text(
                    override_reason,
                    "override_reason",
                    translate("services.savings", "The reason"),
                    max_len=MAX_REASON,
                )
                if override_reason
                else ""
            )
            proven, proof = proof_for_suggestion(s, entry.suggestion_id)
            if not proven and not reason:
                raise ValidationError(
                    translate(
                        "services.savings",
                        "Savings follow proof, and there is none yet: {proof} Write "
                        "why these savings should be validated anyway (the reason is "
                        "recorded).",
                    ).format(proof=proof),
                    field="override_reason",
                )
            fields = ["validated_by_id", "validated_at", "proof_override"]
            before = snapshot(entry, fields)
            entry.validated_by_id = actor.id
            entry.validated_at = self._clock()
            entry.proof_override = None if proven else reason
            s.flush()
            after = snapshot(entry, fields)
            after["proof"] = proof
            audit(s, actor_id=actor.id, at=self._clock(), entity="savings_entry",
                  entity_id=entry.id, action="validate",
                  before=before, after=after)
            return _info(entry)

    def correct(
        self, actor_id: int, entry_id: int, *, amount_delta: float, note: str
    ) -> SavingsEntryInfo:
        """Fix a validated (locked) entry with a new entry of ``amount_delta`` pointing at it.

        An entry that is not validated yet is simply edited with :meth:`update_entry`.
        """
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.RECORD_SAVINGS)
            original: SavingsEntry = get_or_404(
                s, SavingsEntry, entry_id, translate("services.savings", "Savings entry")
            )
            if original.validated_at is None:
                raise Conflict(
                    translate(
                        "services.savings",
                        "This entry is not validated yet; edit it instead of adding a correction.",
                    )
                )
            delta = _check_amount(amount_delta, "amount_delta", allow_negative=True)
            if delta == 0:
                raise ValidationError(
                    translate(
                        "services.savings", "A correction changes the amount; it cannot be 0."
                    ),
                    field="amount_delta",
                )
            correction = SavingsEntry(
                suggestion_id=original.suggestion_id,
                month=original.month,
                amount=delta,
                kind=original.kind,
                is_forecast=False,
                note=clean_text(
                    note,
                    "note",
                    translate("services.savings", "The reason for the correction"),
                    required=True,
                ),
                corrects_id=original.id,
                created_by_id=actor.id,
                created_at=self._clock(),
            )
            s.add(correction)
            s.flush()
            audit(s, actor_id=actor.id, at=self._clock(), entity="savings_entry",
                  entity_id=correction.id, action="correct",
                  after=snapshot(correction, _ENTRY_FIELDS))
            return _info(correction)

    def list_entries(self, suggestion_id: int) -> list[SavingsEntryInfo]:
        """The suggestion's entries by month, each correction after what it corrects."""
        check_idea_id(suggestion_id)
        with self._db.read() as s:
            entries = s.scalars(
                select(SavingsEntry)
                .where(SavingsEntry.suggestion_id == suggestion_id)
                .order_by(SavingsEntry.month, SavingsEntry.id)
            )
            return [_info(entry) for entry in entries]

    def ledger(self, suggestion_id: int) -> Ledger:
        """Everything the savings ledger screen shows for one idea, in one read transaction:
        entries, totals, people's names, the currency, ROI and payback (from the domain)."""
        with self._db.read() as s:
            summary = read_suggestion_savings(s, suggestion_id)  # NotFound for an unknown idea
            entries = [_info(entry) for entry in s.scalars(
                select(SavingsEntry)
                .where(SavingsEntry.suggestion_id == suggestion_id)
                .order_by(SavingsEntry.month, SavingsEntry.id)
            )]
            names = {pid: name for pid, name in s.execute(select(Person.id, Person.name))}
            settings = load_settings(s)
            not_ready = _not_ready(s, suggestion_id)
        cost = summary.one_off_cost
        return Ledger(
            suggestion_id=suggestion_id, entries=entries, summary=summary, names=names,
            currency=settings.currency, not_ready=not_ready,
            one_person=settings.savings_one_person, roi=roi(summary.total_validated, cost),
            payback=payback_month(summary.monthly_validated, cost) if cost > 0 else None,
            forecast_payback=(payback_month(summary.monthly_forecast, cost) if cost > 0
                              else None),
        )

    def monthly_totals(
        self, from_month: str, to_month: str
    ) -> list[tuple[str, SavingsKind, bool, float]]:
        """Sum of amounts per (month, kind, forecast or actual), months inclusive, in order.

        Corrections are entries like any other, so they net into the month they correct.
        """
        first = check_month(from_month, "from_month")
        last = check_month(to_month, "to_month")
        if first > last:
            raise ValidationError(
                translate("services.savings", "The last month comes before the first."),
                field="to_month",
            )
        query = (
            select(
                SavingsEntry.month,
                SavingsEntry.kind,
                SavingsEntry.is_forecast,
                func.sum(SavingsEntry.amount),
            )
            # "YYYY-MM" sorts as text in calendar order, so BETWEEN works on the index.
            .where(SavingsEntry.month.between(first, last))
            .group_by(SavingsEntry.month, SavingsEntry.kind, SavingsEntry.is_forecast)
            .order_by(SavingsEntry.month, SavingsEntry.kind, SavingsEntry.is_forecast)
        )
        with self._db.read() as s:
            return [
                (month, kind, bool(forecast), float(total))
                for month, kind, forecast, total in s.execute(query)
            ]


def second_person() -> str:
    """The refusal when the person who entered an entry tries to validate it."""
    return translate(
        "services.savings",
        "You entered or changed this entry, so a second person must validate it. (A one-person "
        "site can allow this in Site settings.)")

# Stages at or after Check: a cycle there has tried the change and is measuring it.
_CHECKED = (PdcaStage.CHECK, PdcaStage.ACT, PdcaStage.DONE)


def _not_ready(s: Session, suggestion_id: int) -> str | None:
    """Why the idea's savings cannot be validated yet, or None once a cycle reached Check."""
    status = s.scalar(select(Suggestion.status).where(Suggestion.id == suggestion_id))
    if status is SuggestionStatus.STANDARDISED:
        return None
    stages = list(s.execute(
        select(PdcaCycle.number, PdcaCycle.stage)
        .where(PdcaCycle.suggestion_id == suggestion_id).order_by(PdcaCycle.number)))
    if any(stage in _CHECKED for _number, stage in stages):
        return None
    if not stages:
        return translate("services.savings", "Savings are validated once the change has reached "
                         "Check; this idea has no PDCA cycle yet.")
    number, stage = stages[-1]
    return translate("services.savings", "Savings are validated once the change has reached "
                     "Check; cycle {number} is still in {stage}.").format(number=number,
                                                                           stage=stage.label)


def _entered_by(s: Session, entry: SavingsEntry) -> set[int]:
    """Everyone who entered or changed the entry: its author and each editor (audited)."""
    editors = s.scalars(select(AuditEvent.person_id).where(
        AuditEvent.entity == "savings_entry", AuditEvent.entity_id == entry.id,
        AuditEvent.action.in_(("add", "update", "correct"))))
    return {entry.created_by_id} | {pid for pid in editors if pid is not None}


def check_month(value: str, field: str) -> str:
    """Check a "YYYY-MM" month (ASCII digits, within the app's calendar); return it stripped."""
    return input_domains.check_month(value, field)


def _check_amount(value: float, field: str, *, allow_negative: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(
            translate("services.savings", "The amount must be a number."), field=field
        )
    try:
        number = float(value)
    except OverflowError:  # an int beyond any float
        raise ValidationError(
            translate(
                "services.savings", "The amount cannot be larger than {max_amount:g}."
            ).format(max_amount=MAX_AMOUNT),
            field=field,
        ) from None
    if not math.isfinite(number):
        raise ValidationError(
            translate("services.savings", "The amount must be a finite number."), field=field
        )
    if abs(number) > MAX_AMOUNT:
        raise ValidationError(
            translate(
                "services.savings", "The amount cannot be larger than {max_amount:g}."
            ).format(max_amount=MAX_AMOUNT),
            field=field,
        )
    if number < 0 and not allow_negative:
        raise ValidationError(
            translate(
                "services.savings",
                "Savings cannot be negative; to reduce a validated amount, add a correction.",
            ),
            field=field,
        )
    return number


def _kind(value: SavingsKind | str) -> SavingsKind:
    try:
        return SavingsKind(value)
    except ValueError:
        raise ValidationError(
            translate("services.savings", "Pick hard, soft or avoidance."), field="kind"
        ) from None


def _validated_by(s: Session, entry: SavingsEntry) -> str:
    name = s.scalar(select(Person.name).where(Person.id == entry.validated_by_id))
    name = name or translate("services.savings", "a supervisor")
    if entry.validated_at:
        return translate("services.savings", "validated by {name} on {at:%Y-%m-%d}").format(
            name=name, at=entry.validated_at)
    return translate("services.savings", "validated by {name}").format(name=name)


def _changed_since(entry: SavingsEntry, read: SavingsEntryInfo) -> bool:
    return (entry.month, entry.amount, entry.kind, entry.is_forecast, entry.note) != (
        read.month, read.amount, read.kind, read.is_forecast, read.note)


def _locked_message(s: Session, entry: SavingsEntry) -> str:
    return translate("services.savings", "This entry was {validated} and is locked; add a "
                     "correction instead.").format(validated=_validated_by(s, entry))


def _info(entry: SavingsEntry) -> SavingsEntryInfo:
    return SavingsEntryInfo(
        id=entry.id,
        suggestion_id=entry.suggestion_id,
        month=entry.month,
        amount=entry.amount,
        kind=entry.kind,
        is_forecast=entry.is_forecast,
        note=entry.note,
        corrects_id=entry.corrects_id,
        created_by_id=entry.created_by_id,
        created_at=entry.created_at,
        validated_by_id=entry.validated_by_id,
        validated_at=entry.validated_at,
        locked=entry.validated_at is not None,
    )
