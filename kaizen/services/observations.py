"""Waste observations from a waste walk, priced in time and money, and turned into ideas.

An observation's yearly cost is computed on every read from the minutes, the frequency and the
area's effective hourly rate (see :func:`kaizen.services.people.effective_hourly_rate`); it is
never stored, so a change of rate re-prices every observation at once.

The waste-walk list (``query_ids``, ``rows``, ``count``, ``category_counts``) filters and sorts in
SQL, the yearly cost included: see :mod:`kaizen.services.listing`. Photos given to ``create`` and
``update`` are checked before anything is written and stored in the same unit of work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kaizen.db.engine import Database
from kaizen.db.models import Person, Suggestion, WasteObservation
from kaizen.domain.costs import observation_yearly_cost, observation_yearly_hours
from kaizen.domain.enums import WasteCategory
from kaizen.domain.errors import Conflict, PermissionDenied, ValidationError
from kaizen.domain.input_domains import ID_MAX, check_ids, check_moment, check_whole
from kaizen.domain.numbers import format_number
from kaizen.domain.permissions import Action, can_edit_observation, require
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
    MAX_TEXT,
    Clock,
    Service,
    audit,
    check_number,
    clean_text,
    get_if_id,
    get_or_404,
    load_actor,
    snapshot,
    system_clock,
)
from kaizen.services.conflicts import changed_by_of
from kaizen.services.idea_reads import check_area
from kaizen.services.listing import ObservationColumn, ObservationFilter, ObservationRow
from kaizen.services.people import (
    AreaInfo,
    area_infos,
    effective_hourly_rate,
    effective_hourly_rates,
    load_settings,
)
from kaizen.services.suggestions import (
    SuggestionInfo,
    SuggestionInput,
    create_suggestion,
    suggestion_infos,
)

MAX_MINUTES = 10_080  # one week
MAX_OCCURRENCES = 100_000
MAX_COST = 1e9
MAX_LIST = 1_000
TITLE_FROM_DESCRIPTION = 80

_FIELDS = (
    "category", "area_id", "observed_at", "description", "minutes_per_occurrence",
    "occurrences_per_week", "cost_per_occurrence", "suggestion_id",
)


@dataclass(frozen=True, slots=True)
class ObservationInput:
    category: WasteCategory
    area_id: int
    description: str
    minutes_per_occurrence: float
    occurrences_per_week: float
    cost_per_occurrence: float | None = None
    observed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ObservationInfo:
    id: int
    category: WasteCategory
    area_id: int
    area_name: str
    observer_id: int
    observer_name: str
    observed_at: datetime
    description: str
    minutes_per_occurrence: float
    occurrences_per_week: float
    cost_per_occurrence: float | None
    hourly_rate: float
    yearly_cost: float
    yearly_hours: float
    suggestion_id: int | None
    suggestion_title: str | None
    created_at: datetime
    version: int


@dataclass(frozen=True, slots=True)
class _Clean:
    category: WasteCategory
    area_id: int
    description: str
    minutes: float
    occurrences: float
    cost: float | None
    observed_at: datetime | None


def _check_input(session: Session, data: ObservationInput, now: datetime,
                 keep_area_id: int | None = None) -> _Clean:
    try:
        category = WasteCategory(data.category)
    except ValueError:
        raise ValidationError(
            translate("services.observations", "Unknown waste {category!r}.").format(
                category=data.category
            ),
            field="category",
        ) from None
    description = clean_text(
        data.description,
        "description",
        translate("services.observations", "What was seen"),
        required=True,
    )
    area_id = (
        data.area_id if keep_area_id is not None and data.area_id == keep_area_id
        else check_area(session, data.area_id).id
    )
    minutes = check_number(
        data.minutes_per_occurrence,
        "minutes_per_occurrence",
        translate("services.observations", "Minutes lost each time"),
        maximum=MAX_MINUTES,
    )
    occurrences = check_number(
        data.occurrences_per_week,
        "occurrences_per_week",
        translate("services.observations", "Times a week"),
        maximum=MAX_OCCURRENCES,
    )
    cost = check_number(
        data.cost_per_occurrence,
        "cost_per_occurrence",
        translate("services.observations", "Cost each time"),
        maximum=MAX_COST,
        required=False,
    )
    assert minutes is not None and occurrences is not None  # required numbers
    # Stored as local wall-clock time, like every other timestamp of the app; not in the future.
    observed_at = check_moment(
        data.observed_at,
        "observed_at",
        translate("services.observations", "When it was seen"),
        now=now,
    )
    return _Clean(category, area_id, description, minutes, occurrences, cost, observed_at)


def _info(obs: WasteObservation, rate: float) -> ObservationInfo:
    return ObservationInfo(
        id=obs.id, category=obs.category, area_id=obs.area_id, area_name=obs.area.name,
        observer_id=obs.observer_id, observer_name=obs.observer.name,
        observed_at=obs.observed_at, description=obs.description,
        minutes_per_occurrence=obs.minutes_per_occurrence,
        occurrences_per_week=obs.occurrences_per_week,
        cost_per_occurrence=obs.cost_per_occurrence, hourly_rate=rate,
        yearly_cost=observation_yearly_cost(
            obs.minutes_per_occurrence, obs.occurrences_per_week, rate, obs.cost_per_occurrence
        ),
        yearly_hours=observation_yearly_hours(obs.minutes_per_occurrence,
                                              obs.occurrences_per_week),
        suggestion_id=obs.suggestion_id,
        suggestion_title=obs.suggestion.title if obs.suggestion is not None else None,
        created_at=obs.created_at, version=obs.version,
    )


def _one_info(session: Session, obs: WasteObservation) -> ObservationInfo:
    session.flush()
    # Related rows may have been loaded before their ids changed in this unit of work.
    session.expire(obs, ["area", "observer", "suggestion"])
    return _info(obs, effective_hourly_rate(session, obs.area_id))


def _check_version(expected: int | None, obs: WasteObservation) -> None:
    if expected is not None and expected != obs.version:
        raise Conflict(
            translate(
                "services.observations",
                "Someone else changed observation #{id} while you were "
                "editing it ({changed_by_of}your copy is version {expected}, "
                "the saved one is version {version}). Reload it and make "
                "your change again.",
            ).format(
                id=obs.id,
                changed_by_of=changed_by_of(obs, "waste_observation"),
                expected=expected,
                version=obs.version,
            )
        )


def _require_edit(actor: Person, obs: WasteObservation) -> None:
    if can_edit_observation(actor.role, actor.id, obs.observer_id, obs.suggestion_id is not None):
        return
    if actor.id != obs.observer_id:
        raise PermissionDenied(
            translate("services.observations", "Staff can only change their own observations.")
        )
    raise PermissionDenied(
        translate(
            "services.observations",
            "This observation already led to an idea; ask a supervisor to change it.",
        )
    )


def _title_from(description: str) -> str:
    first = next((line.strip() for line in description.splitlines() if line.strip()), "")
    if len(first) <= TITLE_FROM_DESCRIPTION:
        return first
    cut = first[: TITLE_FROM_DESCRIPTION - 1]
    # Cut at a word boundary unless that throws away most of the line.
    if " " in cut and cut.rfind(" ") > TITLE_FROM_DESCRIPTION // 2:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip() + "…"


@dataclass(frozen=True, slots=True)
class ObservationDetail:
    """An observation's detail dialog's data (:meth:`ObservationService.detail`)."""

    info: ObservationInfo
    photos: list[StoredPhoto]
    areas: list[AreaInfo]
    history: list[AuditEntry]
    currency: str


class ObservationService(Service):
    """Waste observations: anyone logs them; staff edit their own until one leads to an idea."""

    def __init__(self, db: Database, clock: Clock = system_clock, *,
                 attachments_dir: Path | None = None) -> None:
        super().__init__(db, clock)
        # Resolved on first use: most callers never attach a photo.
        self._photos = PhotoStore(attachments_dir)

    def create(self, actor_id: int, data: ObservationInput,
               photos: Sequence[Path] = ()) -> ObservationInfo:
        """Log an observation, with up to ten photos checked before anything is written."""
        checks = check_photos(photos)
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.CREATE_OBSERVATION)
            now = self._clock()
            clean = _check_input(s, data, now)
            obs = WasteObservation(
                category=clean.category, area_id=clean.area_id, observer_id=actor.id,
                observed_at=clean.observed_at or now, description=clean.description,
                minutes_per_occurrence=clean.minutes, occurrences_per_week=clean.occurrences,
                cost_per_occurrence=clean.cost, created_at=now,
            )
            s.add(obs)
            s.flush()
            audit(s, actor_id=actor.id, at=now, entity="waste_observation", entity_id=obs.id,
                  action="create", after=snapshot(obs, _FIELDS))
            attach_photos(s, self._photos, checks, actor_id=actor.id, at=now,
                          observation_id=obs.id)
            return _one_info(s, obs)

    def update(self, actor_id: int, obs_id: int, data: ObservationInput,
               expected_version: int | None = None,
               photos: Sequence[Path] = ()) -> ObservationInfo:
        """Change what was recorded; ``observed_at=None`` keeps the time it was seen.
        ``photos`` are added to those it has (ten at most in all)."""
        checks = check_photos(photos)
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            obs = self._load(s, obs_id)
            _require_edit(actor, obs)
            _check_version(expected_version, obs)
            now = self._clock()
            clean = _check_input(s, data, now, keep_area_id=obs.area_id)
            before = snapshot(obs, _FIELDS)
            obs.category = clean.category
            obs.area_id = clean.area_id
            obs.description = clean.description
            obs.minutes_per_occurrence = clean.minutes
            obs.occurrences_per_week = clean.occurrences
            obs.cost_per_occurrence = clean.cost
            if clean.observed_at is not None:
                obs.observed_at = clean.observed_at
            after = snapshot(obs, _FIELDS)
            if after != before:
                s.flush()
                audit(s, actor_id=actor.id, at=now, entity="waste_observation",
                      entity_id=obs.id, action="update", before=before, after=after)
            attach_photos(s, self._photos, checks, actor_id=actor.id, at=now,
                          observation_id=obs.id)
            return _one_info(s, obs)

    def get(self, obs_id: int) -> ObservationInfo:
        with self._db.read() as s:
            obs = self._load(s, obs_id)
            return _info(obs, effective_hourly_rate(s, obs.area_id))

    def detail(self, obs_id: int) -> ObservationDetail:
        """Everything the observation's detail dialog shows, in one read transaction: the
        observation, its photos and audit trail, the areas to pick from and the currency."""
        with self._db.read() as s:
            obs = self._load(s, obs_id)  # NotFound for an unknown observation
            return ObservationDetail(
                info=_info(obs, effective_hourly_rate(s, obs.area_id)),
                photos=stored_photos(s, self._photos, observation_id=obs_id),
                areas=area_infos(s),
                history=audit_entries(s, "waste_observation", obs_id),
                currency=load_settings(s).currency,
            )

    def list_recent(self, limit: int = 100) -> list[ObservationInfo]:
        """The most recently seen wastes first."""
        limit = max(
            1,
            min(
                check_whole(
                    limit,
                    "limit",
                    translate("services.observations", "How many"),
                    minimum=-ID_MAX,
                    maximum=ID_MAX,
                ),
                MAX_LIST,
            ),
        )
        with self._db.read() as s:
            rates = effective_hourly_rates(s)
            default = load_settings(s).default_hourly_rate
            rows = s.scalars(
                select(WasteObservation)
                .options(
                    selectinload(WasteObservation.area),
                    selectinload(WasteObservation.observer),
                    selectinload(WasteObservation.suggestion),
                )
                .order_by(WasteObservation.observed_at.desc(), WasteObservation.id.desc())
                .limit(limit)
            )
            return [_info(obs, rates.get(obs.area_id, default)) for obs in rows]

    # --- the waste-walk list --------------------------------------------------------------------

    def query_ids(self, filter: ObservationFilter,
                  sort: ObservationColumn = ObservationColumn.OBSERVED_AT,
                  descending: bool = True) -> list[int]:
        """Every observation matching ``filter``, as ids in display order (ties broken by id)."""
        with self._db.read() as s:
            return listing.observation_ids(s, filter, sort, descending)

    def rows(self, ids: Sequence[int]) -> list[ObservationRow]:
        """The list rows of ``ids`` in that order (one query per 500); gone ids are left out."""
        ids = check_ids(ids, "ids", translate("services.observations", "The observations"))
        with self._db.read() as s:
            return listing.observation_rows(s, ids)

    def count(self, filter: ObservationFilter) -> int:
        with self._db.read() as s:
            return listing.observation_count(s, filter)

    def category_counts(self, filter: ObservationFilter) -> dict[WasteCategory, int]:
        """Observations per waste under every criterion of ``filter`` but its categories."""
        with self._db.read() as s:
            return listing.observation_category_counts(s, filter)

    def link_to_suggestion(self, actor_id: int, obs_id: int,
                           suggestion_id: int | None) -> ObservationInfo:
        """Record which idea the observation led to (``None`` removes the link)."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            obs = self._load(s, obs_id)
            _require_edit(actor, obs)
            if suggestion_id is not None and get_if_id(s, Suggestion, suggestion_id) is None:
                raise ValidationError(
                    translate(
                        "services.observations", "Idea #{suggestion_id} does not exist."
                    ).format(suggestion_id=suggestion_id),
                    field="suggestion_id",
                )
            if obs.suggestion_id == suggestion_id:
                return _one_info(s, obs)
            before = snapshot(obs, ["suggestion_id"])
            obs.suggestion_id = suggestion_id
            s.flush()
            audit(s, actor_id=actor.id, at=self._clock(), entity="waste_observation",
                  entity_id=obs.id, action="link" if suggestion_id is not None else "unlink",
                  before=before, after=snapshot(obs, ["suggestion_id"]))
            return _one_info(s, obs)

    def create_suggestion_from(self, actor_id: int, obs_id: int) -> SuggestionInfo:
        """Turn an observation into an idea in one step, carrying its cost over as the expected
        savings, and link the two. One unit of work: either both change or neither."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            obs = self._load(s, obs_id)
            if obs.suggestion_id is not None:
                raise Conflict(
                    translate(
                        "services.observations",
                        "This observation already led to idea #{suggestion_id}.",
                    ).format(suggestion_id=obs.suggestion_id)
                )
            _require_edit(actor, obs)
            settings = load_settings(s)
            rate = effective_hourly_rate(s, obs.area_id)
            info = _info(obs, rate)
            now = self._clock()
            summary = _cost_summary(info, settings.currency)
            # A description near the length limit is shortened so the cost summary still fits.
            room = MAX_TEXT - len(summary) - 3
            seen = obs.description if len(obs.description) <= room else (
                obs.description[: room - 1] + "…"
            )
            data = SuggestionInput(
                title=_title_from(obs.description),
                problem=f"{seen}\n\n{summary}",
                proposal="",
                area_id=obs.area_id,
                wastes=[obs.category],
                expected_savings=round(info.yearly_cost, 2),
            )
            suggestion = create_suggestion(s, actor, data, now)
            before = snapshot(obs, ["suggestion_id"])
            obs.suggestion_id = suggestion.id
            s.flush()
            audit(s, actor_id=actor.id, at=now, entity="waste_observation", entity_id=obs.id,
                  action="link", before=before, after=snapshot(obs, ["suggestion_id"]))
            return suggestion_infos(s, [suggestion])[0]

    @staticmethod
    def _load(session: Session, obs_id: int) -> WasteObservation:
        obs: WasteObservation = get_or_404(
            session, WasteObservation, obs_id, translate("services.observations", "Observation")
        )
        return obs


def _cost_summary(info: ObservationInfo, currency: str) -> str:
    # Written into the new idea's problem text, in the site's language.
    parts: list[Any] = [
        translate("services.observations",
                  "Seen {observed_at:%Y-%m-%d} in {area} ({category}): {minutes:g} min lost each "
                  "time, {times:g} times a week").format(
            observed_at=info.observed_at, area=info.area_name, category=info.category.label,
            minutes=info.minutes_per_occurrence, times=info.occurrences_per_week)
    ]
    if info.cost_per_occurrence:
        parts.append(translate("services.observations", ", plus {cost} {currency} each time")
                     .format(cost=format_number(info.cost_per_occurrence, 2), currency=currency))
    parts.append(translate(
        "services.observations",
        ". About {hours} hours and {cost} {currency} a year (at {rate} {currency}/h).",
    ).format(hours=format_number(info.yearly_hours, 1), cost=format_number(info.yearly_cost, 2),
             rate=format_number(info.hourly_rate, 2), currency=currency))
    return "".join(parts)
