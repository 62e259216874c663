"""The inbox: what waits for the person working, in one read (issue 22).

Five kinds of work, each only for those whose role lets them do it (kaizen.domain.permissions):

- **ideas to review** (reviewers): ideas submitted or under review, not owned by someone else;
- **my overdue actions**: open Do actions I own whose due date has passed;
- **cards waiting on me**: open PDCA cycles of ideas I own that have been in their stage for
  the site's "ageing" days (Site settings, as the board marks them);
- **savings to validate** (validators): actual savings entries nobody has validated yet;
- **KPI signals on my processes** (those who map processes): an improvement not holding, or a
  new bottleneck (the dashboard's check, :mod:`kaizen.services.kpis`), on the processes of my
  home area and the areas below it (every process when I have no home area).

:meth:`InboxService.inbox` counts every item of each kind and lists the oldest
:data:`ITEMS_PER_KIND` of each, in one read transaction; each item carries the ids that open
its record. bench/inbox.py times it on the benchmark set against the same statements in plain
sqlite3 (under 50 ms on the large set).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from kaizen.db.models import (
    Area,
    KpiSeries,
    PdcaAction,
    PdcaCycle,
    Person,
    Process,
    SavingsEntry,
    Suggestion,
)
from kaizen.domain.enums import SuggestionStatus
from kaizen.domain.numbers import format_money
from kaizen.domain.permissions import Action, can
from kaizen.services.base import Service, load_actor
from kaizen.services.kpis import _chart, _new_bottleneck, _not_holding
from kaizen.services.listing import _area_and_below
from kaizen.services.people import load_settings

ITEMS_PER_KIND = 50
_TO_REVIEW = (SuggestionStatus.SUBMITTED, SuggestionStatus.UNDER_REVIEW)


class InboxKind(enum.StrEnum):
    REVIEW = "review"
    OVERDUE_ACTION = "overdue_action"
    WAITING_CARD = "waiting_card"
    SAVINGS = "savings"
    KPI_SIGNAL = "kpi_signal"

    @property
    def label(self) -> str:
        return {
            InboxKind.REVIEW: "Ideas to review",
            InboxKind.OVERDUE_ACTION: "My overdue actions",
            InboxKind.WAITING_CARD: "Cards waiting on me",
            InboxKind.SAVINGS: "Savings to validate",
            InboxKind.KPI_SIGNAL: "KPI signals on my processes",
        }[self]


@dataclass(frozen=True, slots=True)
class InboxItem:
    """One thing that waits; the ids say which record opens it."""

    kind: InboxKind
    title: str
    detail: str
    suggestion_id: int | None = None
    cycle_id: int | None = None
    savings_id: int | None = None
    process_id: int | None = None
    series_id: int | None = None


@dataclass(frozen=True, slots=True)
class Inbox:
    person_id: int
    # Every kind the person's role has, with how many items wait (more than listed, maybe).
    counts: dict[InboxKind, int] = field(default_factory=dict)
    items: tuple[InboxItem, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def of(self, kind: InboxKind) -> list[InboxItem]:
        return [item for item in self.items if item.kind is kind]


class InboxService(Service):
    def inbox(self, person_id: int) -> Inbox:
        """What waits for ``person_id`` now (PermissionDenied for an unknown or retired one)."""
        with self._db.read() as s:
            me = load_actor(s, person_id)
            now = self._clock()
            counts: dict[InboxKind, int] = {}
            items: list[InboxItem] = []
            parts = [(InboxKind.OVERDUE_ACTION, _overdue_actions(s, me, now.date())),
                     (InboxKind.WAITING_CARD, _waiting_cards(s, me, now))]
            if can(me.role, Action.REVIEW_SUGGESTION):
                parts.insert(0, (InboxKind.REVIEW, _to_review(s, me)))
            if can(me.role, Action.VALIDATE_SAVINGS):
                parts.append((InboxKind.SAVINGS, _savings_to_validate(s)))
            if can(me.role, Action.MAP_PROCESS):
                parts.append((InboxKind.KPI_SIGNAL, _kpi_signals(s, me)))
            for kind, (count, found) in parts:
                counts[kind] = count
                items.extend(found)
            return Inbox(person_id=me.id, counts=counts, items=tuple(items))


def _to_review(s: Session, me: Person) -> tuple[int, list[InboxItem]]:
    where = (Suggestion.status.in_(_TO_REVIEW),
             or_(Suggestion.owner_id.is_(None), Suggestion.owner_id == me.id))
    count = s.scalar(select(func.count()).select_from(Suggestion).where(*where)) or 0
    rows = s.execute(
        select(Suggestion.id, Suggestion.title, Suggestion.status, Suggestion.created_at,
               Area.name)
        .join(Area, Area.id == Suggestion.area_id).where(*where)
        .order_by(Suggestion.created_at, Suggestion.id).limit(ITEMS_PER_KIND)).all()
    return count, [
        InboxItem(InboxKind.REVIEW, f"#{idea_id} {title}",
                  f"{status.label} since {created:%Y-%m-%d} · {area}", suggestion_id=idea_id)
        for idea_id, title, status, created, area in rows]


def _overdue_actions(s: Session, me: Person, today: date) -> tuple[int, list[InboxItem]]:
    where = (PdcaAction.owner_id == me.id, PdcaAction.done_at.is_(None),
             PdcaAction.due_date < today, PdcaCycle.closed_at.is_(None))
    count = s.scalar(select(func.count()).select_from(PdcaAction)
                     .join(PdcaCycle, PdcaCycle.id == PdcaAction.cycle_id).where(*where)) or 0
    rows = s.execute(
        select(PdcaAction.text, PdcaAction.due_date, PdcaCycle.id, PdcaCycle.suggestion_id,
               Suggestion.title)
        .join(PdcaCycle, PdcaCycle.id == PdcaAction.cycle_id)
        .join(Suggestion, Suggestion.id == PdcaCycle.suggestion_id).where(*where)
        .order_by(PdcaAction.due_date, PdcaAction.id).limit(ITEMS_PER_KIND)).all()
    items = []
    for text, due, cycle_id, idea_id, title in rows:
        assert due is not None  # the query takes only actions with a due date
        late = (today - due).days
        items.append(InboxItem(
            InboxKind.OVERDUE_ACTION, _one_line(text),
            f"Due {due:%Y-%m-%d}, {late} day{'s' if late != 1 else ''} late · #{idea_id} "
            f"{title}", suggestion_id=idea_id, cycle_id=cycle_id))
    return count, items


def _waiting_cards(s: Session, me: Person, now: datetime) -> tuple[int, list[InboxItem]]:
    days = load_settings(s).ageing_after_days
    where = (Suggestion.owner_id == me.id, PdcaCycle.closed_at.is_(None),
             PdcaCycle.stage_entered_at <= now - timedelta(days=days))
    count = s.scalar(select(func.count()).select_from(PdcaCycle)
                     .join(Suggestion, Suggestion.id == PdcaCycle.suggestion_id)
                     .where(*where)) or 0
    rows = s.execute(
        select(PdcaCycle.id, PdcaCycle.number, PdcaCycle.stage, PdcaCycle.stage_entered_at,
               Suggestion.id, Suggestion.title)
        .join(Suggestion, Suggestion.id == PdcaCycle.suggestion_id).where(*where)
        .order_by(PdcaCycle.stage_entered_at, PdcaCycle.id).limit(ITEMS_PER_KIND)).all()
    items = []
    for cycle_id, number, stage, entered, idea_id, title in rows:
        waited = (now - entered).days
        items.append(InboxItem(
            InboxKind.WAITING_CARD, f"#{idea_id} {title}",
            f"In {stage.label} for {waited} days (cycle {number})", suggestion_id=idea_id,
            cycle_id=cycle_id))
    return count, items


def _savings_to_validate(s: Session) -> tuple[int, list[InboxItem]]:
    where = (SavingsEntry.validated_at.is_(None), SavingsEntry.is_forecast.is_(False))
    count = s.scalar(select(func.count()).select_from(SavingsEntry).where(*where)) or 0
    rows = s.execute(
        select(SavingsEntry.id, SavingsEntry.month, SavingsEntry.amount, SavingsEntry.kind,
               Suggestion.id, Suggestion.title)
        .join(Suggestion, Suggestion.id == SavingsEntry.suggestion_id).where(*where)
        .order_by(SavingsEntry.month, SavingsEntry.id).limit(ITEMS_PER_KIND)).all()
    currency = load_settings(s).currency
    return count, [
        InboxItem(InboxKind.SAVINGS, f"#{idea_id} {title}",
                  f"{month}: {format_money(amount, currency)} {kind.value} savings, not yet "
                  "validated", suggestion_id=idea_id, savings_id=entry_id)
        for entry_id, month, amount, kind, idea_id, title in rows]


def _kpi_signals(s: Session, me: Person) -> tuple[int, list[InboxItem]]:
    query = select(Process).order_by(func.lower(Process.name), Process.id)
    if me.home_area_id is not None:
        query = query.where(Process.area_id.in_(_area_and_below(s, me.home_area_id)))
    items: list[InboxItem] = []
    for process in s.scalars(query):
        signals = [_not_holding(_chart(s, series), process) for series in s.scalars(
            select(KpiSeries).where(KpiSeries.process_id == process.id).order_by(KpiSeries.id))]
        signals.append(_new_bottleneck(s, process))
        items.extend(
            InboxItem(InboxKind.KPI_SIGNAL, process.name, signal.message,
                      process_id=process.id, series_id=signal.series_id)
            for signal in signals if signal is not None)
    return len(items), items[:ITEMS_PER_KIND]


def _one_line(text: str, limit: int = 120) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
