"""Suggestions (ideas): capture, edit, review, assign, and the comment thread on each.

Review follows the design's status flow: ``submitted`` → ``under_review`` → ``accepted`` |
``rejected``; accepting or rejecting straight from ``submitted`` is allowed, and a reviewer may
send an idea back to ``submitted`` with a note. Accepting opens PDCA cycle 1.

The ideas list (``query_ids``, ``rows``, ``count``, ``status_counts``) filters and sorts in SQL:
see :mod:`kaizen.services.listing`. ``review_many`` reviews a multi-selection, one unit of work
per idea. Photos given to ``create`` and ``update`` are checked before anything is written and
stored in the same unit of work as the idea (see :mod:`kaizen.services.attachments`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session, selectinload

from kaizen.db import audit_chain
from kaizen.db.engine import Database
from kaizen.db.models import Comment, PdcaCycle, Person, Suggestion, SuggestionWaste
from kaizen.db.search import SUGGESTIONS_TEXT, similar_ids
from kaizen.domain.enums import PdcaStage, SuggestionStatus, WasteCategory
from kaizen.domain.errors import Conflict, KaizenError, ValidationError
from kaizen.domain.input_domains import ID_MAX, check_date, check_ids, check_whole
from kaizen.domain.permissions import Action, require, require_edit_suggestion
from kaizen.i18n import translate
from kaizen.services import listing
from kaizen.services.attachments import (
    PhotoStore,
    StoredPhoto,
    attach_photos,
    check_photos,
    stored_photos,
)
from kaizen.services.audit_trail import AuditEntry, audit_entries
from kaizen.services.base import (
    MAX_TITLE,
    Actor,
    Clock,
    Service,
    audit,
    check_number,
    clean_line,
    clean_text,
    connection_of,
    get_if_id,
    get_or_404,
    is_record_id,
    load_acting,
    load_actor,
    snapshot,
    system_clock,
)
from kaizen.services.conflicts import changed_by_of
from kaizen.services.frozen_rows import frozen_maker
from kaizen.services.idea_reads import (
    _acting_and_area,
    _active_area,
    _area_of,
)
from kaizen.services.idea_rows import insert_idea_rows
from kaizen.services.listing import IdeaColumn, IdeaFilter, IdeaRow
from kaizen.services.pdca import CycleInfo, PdcaService, open_cycle
from kaizen.services.people import AreaInfo, PersonInfo, area_infos, load_settings, people_infos

MAX_COMMENT = 4_000
MAX_MONEY = 1e12
MAX_LIST = 1_000

_FIELDS = (
    "title", "problem", "proposal", "area_id", "expected_savings", "implementation_cost",
    "impact", "effort", "owner_id", "due_date", "status", "review_note",
)


@dataclass(frozen=True)
class SuggestionInput:
    title: str
    problem: str
    proposal: str
    area_id: int
    wastes: list[WasteCategory] = field(default_factory=list)
    expected_savings: float = 0.0
    implementation_cost: float = 0.0
    impact: int = 3
    effort: int = 3


@dataclass(frozen=True, slots=True)
class SuggestionInfo:
    id: int
    title: str
    problem: str
    proposal: str
    submitter_id: int
    submitter_name: str
    area_id: int
    area_name: str
    wastes: list[WasteCategory]
    expected_savings: float
    implementation_cost: float
    impact: int
    effort: int
    owner_id: int | None
    owner_name: str | None
    due_date: date | None
    status: SuggestionStatus
    review_note: str
    created_at: datetime
    updated_at: datetime
    version: int
    current_cycle_id: int | None
    current_stage: PdcaStage | None


# SuggestionInfo's constructor at a plain dataclass's price (kaizen.services.frozen_rows): a
# frozen 23-field instance costs several microseconds through its own __init__.
_suggestion_info = frozen_maker(SuggestionInfo)


class ReviewAction(StrEnum):
    """What a supervisor does to a multi-selection of ideas."""

    ACCEPT = "accept"
    REJECT = "reject"
    SEND_BACK = "send_back"
    START_REVIEW = "start_review"


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    """What happened to one idea of a batch: done, or refused and why."""

    id: int
    ok: bool
    message: str
    version: int | None = None  # the idea's version after it (for an undo), when done


@dataclass(frozen=True, slots=True)
class CommentInfo:
    id: int
    suggestion_id: int
    parent_id: int | None
    author_id: int
    author_name: str
    body: str
    created_at: datetime


# --- shared with observations.py ----------------------------------------------------------------


@dataclass(slots=True)  # private to the checks and the save; not frozen: built on every save
class _CleanInput:
    title: str
    problem: str
    proposal: str
    area_id: int
    wastes: tuple[WasteCategory, ...]
    expected_savings: float
    implementation_cost: float
    impact: int
    effort: int
    # The area's name when it was read to check it (a new idea's info shows it).
    area_name: str | None = None


def _check_scale(value: Any, field_name: str, label: str) -> int:
    return check_whole(value, field_name, label, minimum=1, maximum=5)


def _check_wastes(values: Iterable[Any] | None) -> tuple[WasteCategory, ...]:
    if values is not None and (isinstance(values, str | bytes) or not isinstance(values, Iterable)):
        raise ValidationError(
            translate("services.suggestions", "Pick the wastes from the list."), field="wastes"
        )
    chosen: set[WasteCategory] = set()
    for value in values or ():
        try:
            chosen.add(WasteCategory(value))
        except ValueError:
            raise ValidationError(
                translate("services.suggestions", "Unknown waste {value!r}.").format(value=value),
                field="wastes",
            ) from None
    # Stored and shown in the enum's order, whatever order they were ticked in.
    return tuple(w for w in _WASTE_ORDER if w in chosen)


_WASTE_ORDER = tuple(WasteCategory)  # iterating the Enum class itself costs more, every save


def _each_once(ids: Iterable[Any]) -> list[Any]:
    """Each id once, in the order given (values that cannot be ids are kept, to be refused one by
    one as ideas that do not exist)."""
    seen: set[Any] = set()
    unique: list[Any] = []
    for value in ids:
        key = value if is_record_id(value) else ("not an id", repr(value))
        if key not in seen:
            seen.add(key)
            unique.append(value)
    return unique


def _check_input(session: Session | Connection, data: SuggestionInput,
                 keep_area_id: int | None = None,
                 area_row: tuple[Any, Any, Any] | None = None) -> _CleanInput:
    """Clean ``data``; ``keep_area_id`` is the area the idea already has, which may stay even if
    it was retired since; ``area_row`` is the area already read (id, name, active), if it was."""
    title = clean_line(
        data.title, "title", translate("services.suggestions", "Title"), max_len=MAX_TITLE
    )
    problem = clean_text(data.problem, "problem", translate("services.suggestions", "Problem"))
    proposal = clean_text(data.proposal, "proposal", translate("services.suggestions", "Proposal"))
    area_id, area_name = (
        (data.area_id, None) if keep_area_id is not None and data.area_id == keep_area_id
        else _area_of(area_row) if area_row is not None
        else _active_area(session, data.area_id)
    )
    savings = check_number(
        data.expected_savings,
        "expected_savings",
        translate("services.suggestions", "Expected savings"),
        maximum=MAX_MONEY,
    )
    cost = check_number(
        data.implementation_cost,
        "implementation_cost",
        translate("services.suggestions", "Implementation cost"),
        maximum=MAX_MONEY,
    )
    assert savings is not None and cost is not None  # required=True guarantees a number
    return _CleanInput(
        title=title, problem=problem, proposal=proposal, area_id=area_id,
        wastes=_check_wastes(data.wastes), expected_savings=savings, implementation_cost=cost,
        impact=_check_scale(data.impact, "impact", "Impact"),
        effort=_check_scale(data.effort, "effort", "Effort"), area_name=area_name,
    )


def _snapshot(suggestion: Suggestion) -> dict[str, Any]:
    data = snapshot(suggestion, _FIELDS)
    data["wastes"] = sorted(w.category.value for w in suggestion.wastes)
    return data


def create_suggestion(session: Session, actor: Person | Actor, data: SuggestionInput,
                      at: datetime) -> Suggestion:
    """Validate and add a new suggestion by ``actor``, with its audit event, inside the caller's
    unit of work, and return it as an ORM object (observations.py turns an observation into an
    idea with it and links the two)."""
    info = insert_suggestion(session, actor, data, at)
    suggestion: Suggestion = session.get_one(Suggestion, info.id)
    return suggestion


def insert_suggestion(session: Session | Connection, actor: Person | Actor, data: SuggestionInput,
                      at: datetime, area_row: tuple[Any, Any, Any] | None = None,
                      head: Any = audit_chain.UNREAD) -> SuggestionInfo:
    """Validate and insert a new suggestion by ``actor`` with its wastes and its audit event,
    inside the caller's unit of work, as Core inserts (nothing is read back): its info.
    ``area_row`` and ``head``: the idea's area and the audit trail's head, already read with
    the person (:func:`_acting_and_area`)."""
    require(actor.role, Action.CREATE_SUGGESTION)
    clean = _check_input(session, data, area_row=area_row)
    assert clean.area_name is not None  # a new idea's area is always read to check it
    # Core statements, not the ORM unit of work (its flush cost more CPU than the inserts),
    # as SQLite's own SQL text there (kaizen/services/idea_rows.py; issue 21).
    idea_id = insert_idea_rows(connection_of(session), {
        "title": clean.title, "problem": clean.problem, "proposal": clean.proposal,
        "submitter_id": actor.id, "area_id": clean.area_id,
        "expected_savings": clean.expected_savings,
        "implementation_cost": clean.implementation_cost, "impact": clean.impact,
        "effort": clean.effort, "owner_id": None, "due_date": None,
        "status": SuggestionStatus.SUBMITTED, "review_note": "", "created_at": at,
        "updated_at": at, "reviewed_at": None, "closed_at": None, "version": 1,
    }, clean.wastes)
    info = _suggestion_info(
        id=idea_id, title=clean.title, problem=clean.problem, proposal=clean.proposal,
        submitter_id=actor.id, submitter_name=actor.name, area_id=clean.area_id,
        area_name=clean.area_name, wastes=list(clean.wastes),
        expected_savings=clean.expected_savings,
        implementation_cost=clean.implementation_cost, impact=clean.impact,
        effort=clean.effort, owner_id=None, owner_name=None, due_date=None,
        status=SuggestionStatus.SUBMITTED, review_note="", created_at=at, updated_at=at,
        version=1, current_cycle_id=None, current_stage=None,
    )
    # What _snapshot gives for the new idea (its fields as JSON-ready data), built from the
    # values just inserted rather than read back.
    after = {
        "title": clean.title, "problem": clean.problem, "proposal": clean.proposal,
        "area_id": clean.area_id, "expected_savings": clean.expected_savings,
        "implementation_cost": clean.implementation_cost, "impact": clean.impact,
        "effort": clean.effort, "owner_id": None, "due_date": None,
        "status": SuggestionStatus.SUBMITTED.value, "review_note": "",
        "wastes": sorted(w.value for w in clean.wastes),
    }
    audit(session, actor_id=actor.id, at=at, entity="suggestion", entity_id=idea_id,
          action="create", after=after, head=head)
    return info


def recent_infos(s: Session, limit: int) -> list[SuggestionInfo]:
    """The ``limit`` newest ideas, newest first, inside the caller's session (a screen read
    lists them beside its other data: the What-if page's idea picker)."""
    rows = s.scalars(
        select(Suggestion)
        .options(selectinload(Suggestion.submitter), selectinload(Suggestion.owner),
                 selectinload(Suggestion.area), selectinload(Suggestion.wastes))
        .order_by(Suggestion.created_at.desc(), Suggestion.id.desc())
        .limit(limit)
    ).all()
    return suggestion_infos(s, rows)


def suggestion_infos(session: Session, suggestions: Sequence[Suggestion], *,
                     new: bool = False) -> list[SuggestionInfo]:
    """Plain copies of ``suggestions`` with names and the current PDCA cycle, in few queries
    (``new``: ideas created in this unit of work, which cannot have a cycle yet)."""
    ids = [s.id for s in suggestions]
    current: dict[int, tuple[int, int, PdcaStage]] = {}
    if ids and not new:
        rows = session.execute(
            select(PdcaCycle.suggestion_id, PdcaCycle.number, PdcaCycle.id, PdcaCycle.stage)
            .where(PdcaCycle.suggestion_id.in_(ids))
        )
        for sid, number, cycle_id, stage in rows:
            if sid not in current or number > current[sid][0]:
                current[sid] = (number, cycle_id, stage)
    infos = []
    for s in suggestions:
        cycle = current.get(s.id)
        infos.append(SuggestionInfo(
            id=s.id, title=s.title, problem=s.problem, proposal=s.proposal,
            submitter_id=s.submitter_id, submitter_name=s.submitter.name,
            area_id=s.area_id, area_name=s.area.name,
            wastes=[w for w in WasteCategory if w in {x.category for x in s.wastes}],
            expected_savings=s.expected_savings, implementation_cost=s.implementation_cost,
            impact=s.impact, effort=s.effort, owner_id=s.owner_id,
            owner_name=s.owner.name if s.owner is not None else None, due_date=s.due_date,
            status=s.status, review_note=s.review_note, created_at=s.created_at,
            updated_at=s.updated_at, version=s.version,
            current_cycle_id=cycle[1] if cycle else None,
            current_stage=cycle[2] if cycle else None,
        ))
    return infos


def comment_infos(s: Session, suggestion_id: int) -> list[CommentInfo]:
    """An idea's comments, oldest first, read in the caller's transaction."""
    rows = s.execute(
        select(Comment, Person.name)
        .join(Person, Person.id == Comment.author_id)
        .where(Comment.suggestion_id == suggestion_id)
        .order_by(Comment.created_at, Comment.id)
    ).all()
    return [_comment_info(comment, name) for comment, name in rows]


def _comment_info(comment: Comment, author_name: str) -> CommentInfo:
    return CommentInfo(
        id=comment.id, suggestion_id=comment.suggestion_id, parent_id=comment.parent_id,
        author_id=comment.author_id, author_name=author_name, body=comment.body,
        created_at=comment.created_at,
    )


def _check_version(expected: int | None, suggestion: Suggestion) -> None:
    if expected is not None and expected != suggestion.version:
        raise Conflict(
            translate(
                "services.suggestions",
                "Someone else changed idea #{id} while you were looking at "
                "it ({changed_by_of}your copy is version {expected}, the "
                "saved one is version {version}). Reload it and make your "
                "change again.",
            ).format(
                id=suggestion.id,
                changed_by_of=changed_by_of(suggestion, "suggestion"),
                expected=expected,
                version=suggestion.version,
            )
        )


_REVIEW_FROM: dict[str, frozenset[SuggestionStatus]] = {
    "start the review of": frozenset({SuggestionStatus.SUBMITTED}),
    "accept": frozenset({SuggestionStatus.SUBMITTED, SuggestionStatus.UNDER_REVIEW}),
    "reject": frozenset({SuggestionStatus.SUBMITTED, SuggestionStatus.UNDER_REVIEW}),
    "send back": frozenset({SuggestionStatus.SUBMITTED, SuggestionStatus.UNDER_REVIEW}),
}


def _check_transition(suggestion: Suggestion, verb: str) -> None:
    allowed = _REVIEW_FROM[verb]
    if suggestion.status not in allowed:
        names = " or ".join(sorted(s.label.lower() for s in allowed))
        raise Conflict(
            translate(
                "services.suggestions",
                "Idea #{id} is {status}; only an idea that is {names} can be {past}.",
            ).format(
                id=suggestion.id,
                status=suggestion.status.label.lower(),
                names=names,
                past=_past(verb),
            )
        )


def _done(action: ReviewAction) -> str:
    """A batch outcome's words (in the language of the work: built at call time)."""
    return {
        ReviewAction.ACCEPT: translate("services.suggestions", "Idea #{id} accepted."),
        ReviewAction.REJECT: translate("services.suggestions", "Idea #{id} rejected."),
        ReviewAction.SEND_BACK: translate("services.suggestions", "Idea #{id} sent back."),
        ReviewAction.START_REVIEW: translate("services.suggestions",
                                             "Idea #{id} taken into review."),
    }[action]


def _past(verb: str) -> str:
    """The past tense of a review transition (the keys of _REVIEW_FROM), for its refusal."""
    return {
        "start the review of": translate("services.suggestions", "taken into review"),
        "accept": translate("services.suggestions", "accepted"),
        "reject": translate("services.suggestions", "rejected"),
        "send back": translate("services.suggestions", "sent back"),
    }[verb]


@dataclass(frozen=True, slots=True)
class IdeaDetail:
    """An idea's detail dialog's data (:meth:`SuggestionService.detail`), from one read."""

    info: SuggestionInfo
    comments: list[CommentInfo]
    photos: list[StoredPhoto]
    areas: list[AreaInfo]
    people: list[PersonInfo]
    cycle: CycleInfo | None
    history: list[AuditEntry]
    currency: str


class SuggestionService(Service):
    """Ideas from anyone; review, acceptance and assignment by supervisors and admins."""

    def __init__(self, db: Database, clock: Clock = system_clock, *,
                 attachments_dir: Path | None = None) -> None:
        super().__init__(db, clock)
        # Resolved on first use: most callers never attach a photo.
        self._photos = PhotoStore(attachments_dir)

    def create(self, actor_id: int, data: SuggestionInput,
               photos: Sequence[Path] = ()) -> SuggestionInfo:
        """Add an idea, with up to ten photos checked before anything is written."""
        checks = check_photos(photos)
        if not checks:
            # The usual save: Core statements only (the person and area read, the idea, its
            # wastes, its audit event), on a connection without an ORM session (issue 21).
            with self._db.write_connection() as conn:
                actor, area_row, head = _acting_and_area(conn, actor_id, data.area_id)
                return insert_suggestion(conn, actor, data, self._clock(), area_row, head)
        with self._db.write() as s:
            actor = load_acting(s, actor_id)  # id, name and role: no Person object needed
            now = self._clock()
            info = insert_suggestion(s, actor, data, now)
            attach_photos(s, self._photos, checks, actor_id=actor.id, at=now,
                          suggestion_id=info.id)
            return info

    def update(self, actor_id: int, suggestion_id: int, data: SuggestionInput,
               expected_version: int | None = None,
               photos: Sequence[Path] = ()) -> SuggestionInfo:
        """Change an idea; ``photos`` are added to those it has (ten at most in all)."""
        checks = check_photos(photos)
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            suggestion = self._load(s, suggestion_id)
            require_edit_suggestion(actor.role, actor.id, suggestion.submitter_id,
                                    suggestion.status)
            _check_version(expected_version, suggestion)
            clean = _check_input(s, data, keep_area_id=suggestion.area_id)
            before = _snapshot(suggestion)
            suggestion.title = clean.title
            suggestion.problem = clean.problem
            suggestion.proposal = clean.proposal
            suggestion.area_id = clean.area_id
            suggestion.expected_savings = clean.expected_savings
            suggestion.implementation_cost = clean.implementation_cost
            suggestion.impact = clean.impact
            suggestion.effort = clean.effort
            have = {w.category: w for w in suggestion.wastes}
            for category, row in have.items():
                if category not in clean.wastes:
                    suggestion.wastes.remove(row)
            suggestion.wastes.extend(
                SuggestionWaste(category=c) for c in clean.wastes if c not in have
            )
            after = _snapshot(suggestion)
            if after != before:
                self._touch(s, suggestion)
                audit(s, actor_id=actor.id, at=suggestion.updated_at, entity="suggestion",
                      entity_id=suggestion.id, action="update", before=before, after=after)
            attach_photos(s, self._photos, checks, actor_id=actor.id, at=self._clock(),
                          suggestion_id=suggestion.id)
            return self._info(s, suggestion)

    def get(self, suggestion_id: int) -> SuggestionInfo:
        with self._db.read() as s:
            return self._info(s, self._load(s, suggestion_id))

    def list_recent(self, limit: int = 100) -> list[SuggestionInfo]:
        """The newest ideas first (a short list; the big board pages in SQL elsewhere)."""
        limit = max(
            1,
            min(
                check_whole(
                    limit,
                    "limit",
                    translate("services.suggestions", "How many"),
                    minimum=-ID_MAX,
                    maximum=ID_MAX,
                ),
                MAX_LIST,
            ),
        )
        with self._db.read() as s:
            return recent_infos(s, limit)

    # --- the ideas list -------------------------------------------------------------------------

    def query_ids(self, filter: IdeaFilter, sort: IdeaColumn = IdeaColumn.CREATED_AT,
                  descending: bool = True) -> list[int]:
        """Every idea matching ``filter``, as ids in display order (ties broken by id)."""
        with self._db.read() as s:
            return listing.idea_ids(s, filter, sort, descending)

    def rows(self, ids: Sequence[int]) -> list[IdeaRow]:
        """The list rows of ``ids`` in that order (one query per 500); gone ids are left out."""
        ids = check_ids(ids, "ids", translate("services.suggestions", "The ideas"))
        with self._db.read() as s:
            return listing.idea_rows(s, ids)

    def count(self, filter: IdeaFilter) -> int:
        with self._db.read() as s:
            return listing.idea_count(s, filter)

    def status_counts(self, filter: IdeaFilter) -> dict[SuggestionStatus, int]:
        """Ideas per status under every criterion of ``filter`` but its statuses."""
        with self._db.read() as s:
            return listing.idea_status_counts(s, filter)

    # --- review ---------------------------------------------------------------------------------

    def similar(self, title: str, *, limit: int = 5) -> list[IdeaRow]:
        """The ideas sharing words with ``title``, the most relevant first (full-text search,
        any word of three letters or more): "Similar ideas already exist" in the New idea form
        while the title is typed."""
        if not isinstance(title, str):
            raise ValidationError(
                translate("services.suggestions", "The title is text."), field="title"
            )
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 50:
            raise ValidationError(
                translate("services.suggestions", "Ask for 1 to 50 similar ideas."), field="limit"
            )
        with self._db.read() as s:
            ids = similar_ids(s, SUGGESTIONS_TEXT, Suggestion.__table__, title, limit)
            return listing.idea_rows(s, ids)

    def review_many(self, actor_id: int, ids: Sequence[int], action: ReviewAction, *,
                    reason_or_note: str = "", owner_id: int | None = None,
                    due_date: date | None = None) -> list[BatchOutcome]:
        """Review a multi-selection: each idea is its own unit of work through the single-idea
        method, so one refusal (already accepted, changed meanwhile) leaves the others done.

        Who may review, the reason or note, the owner and the due date are checked once, up
        front: a refusal there changes nothing and raises.
        """
        try:
            action = ReviewAction(action)
        except ValueError:
            raise ValidationError(
                translate("services.suggestions", "Unknown review action {action!r}.").format(
                    action=action
                ),
                field="action",
            ) from None
        if isinstance(ids, str | bytes) or not isinstance(ids, Iterable):
            raise ValidationError(
                translate("services.suggestions", "Pick the ideas to review."), field="ids"
            )
        with self._db.read() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.REVIEW_SUGGESTION)
            if action is ReviewAction.ACCEPT and owner_id is not None:
                self._check_owner(s, owner_id)
        text = ""
        if action is ReviewAction.REJECT:
            text = clean_text(
                reason_or_note,
                "reason_or_note",
                translate("services.suggestions", "A reason"),
                required=True,
            )
        elif action is ReviewAction.SEND_BACK:
            text = clean_text(
                reason_or_note,
                "reason_or_note",
                translate("services.suggestions", "A note"),
                max_len=MAX_COMMENT,
                required=True,
            )
        elif action is ReviewAction.ACCEPT and due_date is not None:
            self._check_due(due_date, None, self._clock())
        outcomes: list[BatchOutcome] = []
        for suggestion_id in _each_once(ids):
            try:
                if action is ReviewAction.ACCEPT:
                    info = self.accept(actor_id, suggestion_id, owner_id=owner_id,
                                       due_date=due_date)
                elif action is ReviewAction.REJECT:
                    info = self.reject(actor_id, suggestion_id, text)
                elif action is ReviewAction.SEND_BACK:
                    info = self.send_back(actor_id, suggestion_id, text)
                else:
                    info = self.start_review(actor_id, suggestion_id)
            except KaizenError as refusal:
                outcomes.append(BatchOutcome(suggestion_id, False, refusal.message))
            else:
                outcomes.append(BatchOutcome(suggestion_id, True,
                                             _done(action).format(id=suggestion_id),
                                             info.version))
        return outcomes

    def start_review(self, actor_id: int, suggestion_id: int, *,
                     expected_version: int | None = None) -> SuggestionInfo:
        with self._db.write() as s:
            actor, suggestion = self._for_review(s, actor_id, suggestion_id, expected_version,
                                                 "start the review of")
            before = _snapshot(suggestion)
            suggestion.status = SuggestionStatus.UNDER_REVIEW
            self._touch(s, suggestion)
            audit(s, actor_id=actor.id, at=suggestion.updated_at, entity="suggestion",
                  entity_id=suggestion.id, action="start_review", before=before,
                  after=_snapshot(suggestion))
            return self._info(s, suggestion)

    def accept(self, actor_id: int, suggestion_id: int, *, owner_id: int | None = None,
               due_date: date | None = None,
               expected_version: int | None = None) -> SuggestionInfo:
        """Accept the idea and open PDCA cycle 1. Owner and due date are kept unless given."""
        with self._db.write() as s:
            actor, suggestion = self._for_review(s, actor_id, suggestion_id, expected_version,
                                                 "accept")
            now = self._clock()
            before = _snapshot(suggestion)
            if owner_id is not None:
                suggestion.owner_id = self._check_owner(s, owner_id)
            if due_date is not None:
                suggestion.due_date = self._check_due(due_date, suggestion.due_date, now)
            suggestion.status = SuggestionStatus.ACCEPTED
            # The note of an earlier send-back no longer applies; it stays in the comments.
            suggestion.review_note = ""
            suggestion.reviewed_at = now
            self._touch(s, suggestion, now)
            audit(s, actor_id=actor.id, at=now, entity="suggestion", entity_id=suggestion.id,
                  action="accept", before=before, after=_snapshot(suggestion))
            open_cycle(s, suggestion.id, actor.id, now)
            return self._info(s, suggestion)

    def reject(self, actor_id: int, suggestion_id: int, reason: str, *,
               expected_version: int | None = None) -> SuggestionInfo:
        with self._db.write() as s:
            actor, suggestion = self._for_review(s, actor_id, suggestion_id, expected_version,
                                                 "reject")
            why = clean_text(
                reason, "reason", translate("services.suggestions", "A reason"), required=True
            )
            now = self._clock()
            before = _snapshot(suggestion)
            suggestion.status = SuggestionStatus.REJECTED
            suggestion.review_note = why
            suggestion.reviewed_at = now
            suggestion.closed_at = now
            self._touch(s, suggestion, now)
            audit(s, actor_id=actor.id, at=now, entity="suggestion", entity_id=suggestion.id,
                  action="reject", before=before, after=_snapshot(suggestion))
            return self._info(s, suggestion)

    def send_back(self, actor_id: int, suggestion_id: int, note: str, *,
                  expected_version: int | None = None) -> SuggestionInfo:
        """Return the idea to its submitter with a note; the note also joins the comments."""
        with self._db.write() as s:
            actor, suggestion = self._for_review(s, actor_id, suggestion_id, expected_version,
                                                 "send back")
            text = clean_text(
                note,
                "note",
                translate("services.suggestions", "A note"),
                max_len=MAX_COMMENT,
                required=True,
            )
            now = self._clock()
            before = _snapshot(suggestion)
            suggestion.status = SuggestionStatus.SUBMITTED
            suggestion.review_note = text
            self._touch(s, suggestion, now)
            audit(s, actor_id=actor.id, at=now, entity="suggestion", entity_id=suggestion.id,
                  action="send_back", before=before, after=_snapshot(suggestion))
            self._add_comment(s, actor, suggestion.id, text, None, now)
            return self._info(s, suggestion)

    def assign(self, actor_id: int, suggestion_id: int, *, owner_id: int | None,
               due_date: date | None, expected_version: int | None = None) -> SuggestionInfo:
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.REVIEW_SUGGESTION)
            suggestion = self._load(s, suggestion_id)
            _check_version(expected_version, suggestion)
            if suggestion.status.is_closed:
                raise Conflict(
                    translate(
                        "services.suggestions",
                        "Idea #{id} is {status}; it can no longer be assigned.",
                    ).format(id=suggestion.id, status=suggestion.status.label.lower())
                )
            now = self._clock()
            before = _snapshot(suggestion)
            if owner_id != suggestion.owner_id:
                suggestion.owner_id = None if owner_id is None else self._check_owner(s, owner_id)
            suggestion.due_date = (
                None if due_date is None else self._check_due(due_date, suggestion.due_date, now)
            )
            after = _snapshot(suggestion)
            if after != before:
                self._touch(s, suggestion, now)
                audit(s, actor_id=actor.id, at=now, entity="suggestion",
                      entity_id=suggestion.id, action="assign", before=before, after=after)
            return self._info(s, suggestion)

    # --- comments -------------------------------------------------------------------------------

    def add_comment(self, actor_id: int, suggestion_id: int, body: str,
                    parent_id: int | None = None) -> CommentInfo:
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.COMMENT)
            suggestion = self._load(s, suggestion_id)
            text = clean_text(
                body,
                "body",
                translate("services.suggestions", "A comment"),
                max_len=MAX_COMMENT,
                required=True,
            )
            if parent_id is not None:
                parent = get_if_id(s, Comment, parent_id)
                if parent is None or parent.suggestion_id != suggestion.id:
                    raise ValidationError(
                        translate(
                            "services.suggestions", "The comment replied to is not on this idea."
                        ),
                        field="parent_id",
                    )
            comment = self._add_comment(s, actor, suggestion.id, text, parent_id, self._clock())
            return _comment_info(comment, actor.name)

    def list_comments(self, suggestion_id: int) -> list[CommentInfo]:
        with self._db.read() as s:
            self._load(s, suggestion_id)
            return comment_infos(s, suggestion_id)

    def detail(self, suggestion_id: int) -> IdeaDetail:
        """Everything the idea's detail dialog shows, in one read transaction: the idea, its
        comments, photos, current PDCA cycle and audit trail, the areas and people to pick
        from, and the currency."""
        with self._db.read() as s:
            info = self._info(s, self._load(s, suggestion_id))  # NotFound for an unknown idea
            cycle_id = s.scalar(select(PdcaCycle.id)
                                .where(PdcaCycle.suggestion_id == suggestion_id)
                                .order_by(PdcaCycle.number.desc()).limit(1))
            cycle = (None if cycle_id is None
                     else PdcaService(self._db, self._clock).info_in(s, cycle_id))
            return IdeaDetail(
                info=info,
                comments=comment_infos(s, suggestion_id),
                photos=stored_photos(s, self._photos, suggestion_id=suggestion_id),
                areas=area_infos(s),
                people=people_infos(s),
                cycle=cycle,
                history=audit_entries(s, "suggestion", suggestion_id),
                currency=load_settings(s).currency,
            )

    # --- helpers --------------------------------------------------------------------------------

    @staticmethod
    def _load(session: Session, suggestion_id: int) -> Suggestion:
        suggestion: Suggestion = get_or_404(
            session, Suggestion, suggestion_id, translate("services.suggestions", "Idea")
        )
        return suggestion

    @staticmethod
    def _info(session: Session, suggestion: Suggestion) -> SuggestionInfo:
        return suggestion_infos(session, [suggestion])[0]

    def _touch(self, session: Session, suggestion: Suggestion,
               now: datetime | None = None) -> None:
        suggestion.updated_at = now or self._clock()
        # Flush now so the new version number is in the returned info, and reload the related
        # rows whose ids may have just changed.
        session.flush()
        session.expire(suggestion, ["area", "owner"])

    def _for_review(self, session: Session, actor_id: int, suggestion_id: int,
                    expected_version: int | None, verb: str) -> tuple[Person, Suggestion]:
        actor = load_actor(session, actor_id)
        require(actor.role, Action.REVIEW_SUGGESTION)
        suggestion = self._load(session, suggestion_id)
        _check_version(expected_version, suggestion)
        _check_transition(suggestion, verb)
        return actor, suggestion

    @staticmethod
    def _check_owner(session: Session, owner_id: int) -> int:
        owner = get_if_id(session, Person, owner_id)
        if owner is None or not owner.active:
            raise ValidationError(
                translate("services.suggestions", "Pick an active person as owner."),
                field="owner_id",
            )
        return owner.id

    @staticmethod
    def _check_due(due: Any, current: date | None, now: datetime) -> date:
        if isinstance(due, datetime):
            due = due.date()
        day = check_date(
            due, "due_date", translate("services.suggestions", "A due date")
        )  # None stays None: no date
        if day is None:
            raise ValidationError(
                translate("services.suggestions", "A due date must be a date."), field="due_date"
            )
        # Keeping an overdue date is fine (reassigning a late idea); typing a past one is not.
        if day != current and day < now.date():
            raise ValidationError(
                translate("services.suggestions", "A due date cannot be in the past."),
                field="due_date",
            )
        return day

    def _add_comment(self, session: Session, actor: Person, suggestion_id: int, text: str,
                     parent_id: int | None, at: datetime) -> Comment:
        comment = Comment(suggestion_id=suggestion_id, parent_id=parent_id, author_id=actor.id,
                          body=text, created_at=at)
        session.add(comment)
        session.flush()
        audit(session, actor_id=actor.id, at=at, entity="comment", entity_id=comment.id,
              action="create",
              after=snapshot(comment, ["suggestion_id", "parent_id", "body"]))
        return comment
