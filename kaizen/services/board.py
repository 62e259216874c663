"""The PDCA board: the cards of every open cycle, the Done lane, the change token, the audit trail.

What the board reads, in as few queries as a board of thousands of cards needs:

- :meth:`BoardService.cards` reads every card in one query (cycles joined to their suggestion,
  area and owner; open and overdue action counts from one GROUP BY over the open actions; the
  time the current stage was entered from the last stage-change record), plus one small query
  for the change token and the age thresholds, in the same read transaction so the token
  describes exactly the cards returned.
- :meth:`BoardService.token` is that small query alone. It changes whenever anything the board
  shows changes (a move, an edit of a cycle, an action added or ticked, any audited change such
  as a renamed idea or new age thresholds, and the day turning), so a board can poll it every few
  seconds and reload only when it differs.
- :meth:`BoardService.timing` gives a cycle's time per stage and lead time, computed from its
  stage-change records with :mod:`kaizen.domain.pdca` (never stored).
- :meth:`BoardService.audit_trail` lists the audit events of one record; for a PDCA cycle it
  includes the events of the cycle's actions, which are the cycle's Do stage.

The Done lane holds the cycles closed this month that ended their idea: standardised (adopt) or
abandoned. A cycle closed by "adapt" is not a finished change: its idea goes on in the next cycle,
which is on the board in Plan.

Anyone may read the board; moving cards is :class:`kaizen.services.pdca.PdcaService`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    String,
    bindparam,
    case,
    func,
    literal,
    literal_column,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, aliased

from kaizen.db.models import (
    Area,
    AuditEvent,
    PdcaAction,
    PdcaCycle,
    Person,
    Setting,
    StageChange,
    Suggestion,
)
from kaizen.domain.enums import ActDecision, PdcaStage, SuggestionStatus
from kaizen.domain.errors import ValidationError
from kaizen.domain.input_domains import check_id
from kaizen.domain.months import first_of_next_month
from kaizen.domain.pdca import AgeBand, age_band, days_in_stage, lead_time, stage_durations
from kaizen.i18n import translate
from kaizen.services.audit_trail import AuditEntry as AuditEntry
from kaizen.services.audit_trail import audit_entries
from kaizen.services.base import Service, driver_rows, get_or_404
from kaizen.services.frozen_rows import frozen_maker
from kaizen.services.measurements import MetricInfo, metric_infos
from kaizen.services.pdca import CycleInfo, PdcaService
from kaizen.services.people import PersonInfo, SiteSettings, people_infos
from kaizen.services.suggestions import SuggestionInfo, suggestion_infos

# A stage or decision as the row holds it (the member, or its stored value) -> the member.
_STAGES: dict[Any, PdcaStage] = {**{m: m for m in PdcaStage}, **{m.value: m for m in PdcaStage}}
_DECISIONS: dict[Any, ActDecision] = {**{m: m for m in ActDecision},
                                      **{m.value: m for m in ActDecision}}

OPEN_STAGES = (PdcaStage.PLAN, PdcaStage.DO, PdcaStage.CHECK, PdcaStage.ACT)
BOARD_STAGES = (*OPEN_STAGES, PdcaStage.DONE)
# The decisions that end an idea; an "adapt" closes a cycle, not the change.
_FINAL_DECISIONS = (ActDecision.ADOPT, ActDecision.ABANDON)
_DEFAULTS = SiteSettings()


@dataclass(frozen=True, slots=True)
class BoardFilter:
    """Which cards to show. ``area_id`` includes the areas below it; ``mine_for`` keeps the cards
    owned by that person (the "Mine" toggle); ``overdue_only`` keeps cards with overdue actions;
    ``stalled_only`` keeps open cards in their stage for the site's "stale after" days or more."""

    area_id: int | None = None
    owner_id: int | None = None
    mine_for: int | None = None
    overdue_only: bool = False
    stalled_only: bool = False


@dataclass(frozen=True, slots=True)
class CardInfo:
    cycle_id: int
    suggestion_id: int
    title: str
    owner_name: str | None
    area_name: str
    cycle_number: int
    stage: PdcaStage
    # When the current stage was entered: the cycle's last stage-change record.
    stage_entered_at: datetime
    days_in_stage: int
    overdue_actions: int
    open_actions: int
    age_band: AgeBand
    version: int
    owner_id: int | None = None
    closed_at: datetime | None = None
    decision: ActDecision | None = None


# CardInfo's constructor for the thousands of cards of one read (see kaizen.services.frozen_rows).
_card = frozen_maker(CardInfo)


@dataclass(frozen=True, slots=True)
class BoardSnapshot:
    """The cards by stage (every board stage is a key, empty or not) and the change token."""

    columns: dict[PdcaStage, list[CardInfo]]
    version_token: str
    ageing_after_days: int = _DEFAULTS.ageing_after_days
    stale_after_days: int = _DEFAULTS.stale_after_days

    @property
    def total(self) -> int:
        return sum(len(cards) for cards in self.columns.values())

    def find(self, cycle_id: int) -> CardInfo | None:
        for cards in self.columns.values():
            for card in cards:
                if card.cycle_id == cycle_id:
                    return card
        return None


@dataclass(frozen=True, slots=True)
class CycleTiming:
    """Time a cycle spent in each stage (all visits summed) and its lead time once Done."""

    durations: dict[PdcaStage, timedelta]
    lead_time: timedelta | None
    days_in_stage: int


@dataclass(frozen=True, slots=True)
class CycleDetail:
    """A card's detail dialog's data (:meth:`BoardService.cycle_detail`), from one read."""

    cycle: CycleInfo
    suggestion: SuggestionInfo
    metrics: list[MetricInfo]
    timing: CycleTiming
    audit: list[AuditEntry]
    people: list[PersonInfo]


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    ageing_after_days: int
    stale_after_days: int


class BoardService(Service):
    """Read the board; see the module docstring for the queries and the token."""

    def cards(self, flt: BoardFilter | None = None) -> BoardSnapshot:
        flt = flt or BoardFilter()
        _check_filter(flt)
        now = self._clock()
        owners = tuple(p for p in (flt.owner_id, flt.mine_for) if p is not None)
        query = _cards_query(flt.area_id is not None, len(owners), flt.overdue_only)
        with self._db.read_connection() as conn:
            # Core statements in one read transaction, so the token describes exactly the
            # cards returned, without the ORM's row loading or session. Both statements are
            # built once (see _cards_query): building one of this size cost more than running
            # it on a board of a few hundred cards.
            token = _read_token(conn, now)
            # The driver's own tuples, no Row per card: the two times are the only columns a
            # type converts, and on SQLite they are parsed below in one C call each (issue 21:
            # a tenth of the call went into the Rows).
            rows = driver_rows(conn, query, _cards_params(flt, owners, now))
            as_text = conn.dialect.name == "sqlite"
        ageing, stale = token.ageing_after_days, token.stale_after_days
        columns: dict[PdcaStage, list[CardInfo]] = {stage: [] for stage in BOARD_STAGES}
        stages, decisions, done, card = _STAGES, _DECISIONS, PdcaStage.DONE, _card
        stalled_only = flt.stalled_only
        # The rows come longest waiting first (the statement's ORDER BY), which is the order
        # of every open column: what needs attention is at the top.
        parse = datetime.fromisoformat
        for (cycle_id, suggestion_id, number, stage, entered, version, closed_at, decision,
             title, owner_id, owner_name, area_name, open_count, overdue) in rows:
            if as_text:  # SQLite: the stored text of the two DateTime columns
                entered = parse(entered)
                if closed_at is not None:
                    closed_at = parse(closed_at)
            # Plain tuple unpacking and dict lookups (the stage and decision come as their
            # stored text, not through the Enum type): a board of thousands of cards spends
            # its time in this loop.
            stage = stages[stage]
            days = days_in_stage(entered, now)
            if stage is done:
                if stalled_only:
                    continue
                band: AgeBand = "fresh"  # a closed change does not age
            else:
                if stalled_only and days < stale:
                    continue
                band = age_band(days, ageing, stale)
            columns[stage].append(card(
                cycle_id, suggestion_id, title, owner_name, area_name, number, stage, entered,
                days, overdue or 0, open_count or 0, band, version, owner_id, closed_at,
                None if decision is None else decisions[decision],
            ))
        columns[done].sort(
            key=lambda c: (c.closed_at or c.stage_entered_at, c.cycle_id), reverse=True
        )
        return BoardSnapshot(columns=columns, version_token=token.text,
                             ageing_after_days=ageing, stale_after_days=stale)

    def token(self) -> str:
        """A short string that changes whenever anything on the board changes (for polling)."""
        with self._db.read_connection() as conn:
            return _read_token(conn, self._clock()).text

    def timing(self, cycle_id: int) -> CycleTiming:
        """Days per stage and lead time of one cycle, from its stage-change records."""
        now = self._clock()
        with self._db.read() as s:
            return _timing(s, cycle_id, now)

    def audit_trail(self, entity: str, entity_id: int) -> list[AuditEntry]:
        """Audit events of one record, oldest first; a PDCA cycle's include its actions'."""
        if not isinstance(entity, str) or not entity:
            raise ValidationError(
                translate("services.board", "Name the kind of record."), field="entity"
            )
        check_id(entity_id, "entity_id", translate("services.board", "A record"), required=True)
        with self._db.read() as s:
            return audit_entries(s, entity, entity_id)

    def cycle_detail(self, cycle_id: int) -> CycleDetail:
        """Everything a card's detail dialog shows, in one read transaction: the cycle, its
        idea, the idea's metrics, the stage timings, the audit trail and the active people (for
        the owner lists)."""
        now = self._clock()
        pdca = PdcaService(self._db, self._clock)
        with self._db.read() as s:
            cycle = pdca.info_in(s, cycle_id)  # NotFound for an unknown cycle
            idea = get_or_404(
                s, Suggestion, cycle.suggestion_id, translate("services.board", "Idea")
            )
            return CycleDetail(
                cycle=cycle,
                suggestion=suggestion_infos(s, [idea])[0],
                metrics=metric_infos(s, cycle.suggestion_id),
                timing=_timing(s, cycle_id, now),
                audit=audit_entries(s, "pdca_cycle", cycle_id),
                people=people_infos(s),
            )



def _setting(key: str) -> Any:
    return select(Setting.value).where(Setting.key == key).scalar_subquery()


# The token's one statement, built once: what changes when anything on the board changes.
_TOKEN_QUERY = select(
    select(func.max(AuditEvent.id)).scalar_subquery(),
    select(func.max(StageChange.id)).scalar_subquery(),
    select(func.count(PdcaCycle.id)).scalar_subquery(),
    select(func.coalesce(func.sum(PdcaCycle.version), 0)).scalar_subquery(),
    select(func.max(PdcaAction.id)).scalar_subquery(),
    select(func.count(PdcaAction.done_at)).scalar_subquery(),
    _setting("ageing_after_days"),
    _setting("stale_after_days"),
)


def _read_token(conn: Connection, now: datetime) -> _Token:
    row = conn.execute(_TOKEN_QUERY).one()
    audit_id, change_id, cycles, versions, action_id, done, ageing_raw, stale_raw = row
    ageing = _days(ageing_raw, _DEFAULTS.ageing_after_days)
    stale = _days(stale_raw, _DEFAULTS.stale_after_days)
    if ageing > stale:  # a hand-edited pair must not stop the board from opening
        ageing = stale
    # The day is part of the token: at midnight the days in stage and the overdue actions
    # change without any write.
    text = (
        f"{now:%Y%m%d}:{audit_id or 0}:{change_id or 0}:{cycles or 0}:{versions or 0}:"
        f"{action_id or 0}:{done or 0}:{ageing}:{stale}"
    )
    return _Token(text, ageing, stale)


def _cards_params(flt: BoardFilter, owners: tuple[int, ...], now: datetime) -> dict[str, Any]:
    """The values bound to :func:`_cards_query`'s parameters for ``flt`` at ``now``."""
    today = now.date()
    params: dict[str, Any] = {
        "today": today,
        "month_start": datetime.combine(today.replace(day=1), time.min),
        "next_month": datetime.combine(first_of_next_month(today), time.min),
    }
    if flt.area_id is not None:
        params["area_id"] = flt.area_id
    for index, person_id in enumerate(owners):
        params[f"owner_{index}"] = person_id
    return params


@lru_cache(maxsize=16)
def _cards_query(by_area: bool, owners: int, overdue_only: bool) -> Any:
    """Every card's row in one statement, longest waiting first, for one shape of filter.

    Built once per shape with bound parameters (the day, the month, the filter's ids), so the
    statement and its compiled form are reused. The stage and the decision are read as their
    stored text (``type_coerce``): the board maps them with a dict, and the Enum type's own
    conversion of every row cost a tenth of the call.

    Two branches joined by UNION ALL, each with its own best plan: the open cycles through the
    partial index ``ix_pdca_cycles_open`` (revision 0014), this month's closed ones through
    ``closed_at``. Joined by OR in one WHERE, SQLite read every cycle of the site.
    """
    today = bindparam("today", type_=Date)
    actions = (
        select(
            PdcaAction.cycle_id.label("cycle_id"),
            func.count().label("open"),
            func.sum(case((PdcaAction.due_date < today, 1), else_=0)).label("overdue"),
        )
        .where(PdcaAction.done_at.is_(None))
        .group_by(PdcaAction.cycle_id)
        .subquery("open_actions")
    )
    last_change = (
        select(StageChange.at)
        .where(StageChange.cycle_id == PdcaCycle.id)
        .order_by(StageChange.id.desc())
        .limit(1)
        .correlate(PdcaCycle)
        .scalar_subquery()
    )
    # When the current stage was entered: the last stage-change record, else the stored time.
    entered = func.coalesce(last_change, PdcaCycle.stage_entered_at, type_=DateTime).label(
        "entered_at")
    owner = aliased(Person)
    base = (
        select(
            PdcaCycle.id.label("cycle_id"),
            PdcaCycle.suggestion_id,
            PdcaCycle.number,
            type_coerce(PdcaCycle.stage, String).label("stage"),
            entered,
            PdcaCycle.version,
            PdcaCycle.closed_at,
            type_coerce(PdcaCycle.act_decision, String).label("act_decision"),
            Suggestion.title,
            Suggestion.owner_id,
            owner.name.label("owner_name"),
            Area.name.label("area_name"),
            actions.c.open,
            actions.c.overdue,
        )
        .join(Suggestion, Suggestion.id == PdcaCycle.suggestion_id)
        .join(Area, Area.id == Suggestion.area_id)
        .outerjoin(owner, owner.id == Suggestion.owner_id)
        .outerjoin(actions, actions.c.cycle_id == PdcaCycle.id)
    )
    if by_area:
        tree = (
            select(Area.id.label("id"))
            .where(Area.id == bindparam("area_id"))
            .cte("area_tree", recursive=True)
        )
        # UNION, not UNION ALL: a loop in a damaged tree ends instead of running forever.
        tree = tree.union(select(Area.id).join(tree, Area.parent_id == tree.c.id))
        base = base.where(Suggestion.area_id.in_(select(tree.c.id)))
    for index in range(owners):
        base = base.where(Suggestion.owner_id == bindparam(f"owner_{index}"))
    if overdue_only:
        base = base.where(func.coalesce(actions.c.overdue, literal(0)) > 0)
    open_cards = base.where(
        # An open cycle as the partial index states it, the stage as a literal: a bound value
        # cannot be matched to the index's condition (the check constraint allows only the
        # five stages, so this is the four open ones).
        type_coerce(PdcaCycle.stage, String) != literal_column(f"'{PdcaStage.DONE.value}'"),
        Suggestion.status == SuggestionStatus.ACCEPTED,
    )
    done_cards = base.where(
        PdcaCycle.stage == PdcaStage.DONE,
        PdcaCycle.act_decision.in_(_FINAL_DECISIONS),
        PdcaCycle.closed_at >= bindparam("month_start", type_=DateTime),
        PdcaCycle.closed_at < bindparam("next_month", type_=DateTime),
    )
    return union_all(open_cards, done_cards).order_by(literal_column("entered_at"),
                                                      literal_column("cycle_id"))


def _check_filter(flt: BoardFilter) -> None:
    for value, field, label in (
        (flt.area_id, "area_id", translate("services.board", "An area")),
        (flt.owner_id, "owner_id", translate("services.board", "An owner")),
        (flt.mine_for, "mine_for", translate("services.board", "The person working")),
    ):
        # An id in the database's range: 2**70 cannot even be bound to the query.
        check_id(value, field, label)


def _days(raw: str | None, default: int) -> int:
    # As kaizen.services.people.load_settings: an unreadable value falls back to the default.
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        return default
    return value if value >= 0 else default


def _timing(s: Session, cycle_id: int, now: datetime) -> CycleTiming:
    get_or_404(s, PdcaCycle, cycle_id, translate("services.board", "PDCA cycle"))
    changes = [
        (PdcaStage(stage), at)
        for stage, at in s.execute(
            select(StageChange.to_stage, StageChange.at)
            .where(StageChange.cycle_id == cycle_id)
            .order_by(StageChange.at, StageChange.id)
        )
    ]
    entered = changes[-1][1] if changes else now
    return CycleTiming(
        durations=stage_durations(changes, now),
        lead_time=lead_time(changes),
        days_in_stage=days_in_stage(entered, now),
    )
