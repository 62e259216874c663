"""Recognition (issue 22): who implemented what, and the savings, per person and per area.

Sites that run a suggestion programme thank people publicly. An idea counts as implemented when
it was standardised (the Act decision "adopt") within the period; the people credited with it
are its submitter (who suggested it) and its owner (who carried it through), each once. Its
savings are the validated actual savings of the period's months (corrections net in, forecasts
never count). The site setting ``recognition`` turns the section off: the read then says so and
carries no names.

:meth:`RecognitionService.read` is the one read of the view's section and the report's "thank
you" section; it returns plain dataclasses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from kaizen.db.models import Area, Person, SavingsEntry, Suggestion
from kaizen.domain.enums import SuggestionStatus
from kaizen.i18n import translate
from kaizen.services.analytics import DashboardFilter, Scope, check_filter
from kaizen.services.base import Service
from kaizen.services.people import load_settings


@dataclass(frozen=True, slots=True)
class Thanks:
    """One implemented idea and the people to thank for it."""

    suggestion_id: int
    title: str
    area_name: str
    closed_at: datetime
    submitter_name: str
    owner_name: str | None
    savings: float

    @property
    def names(self) -> str:
        """"Ana Silva (suggested) and Sam Lee (implemented)", or one name for both."""
        if self.owner_name is None or self.owner_name == self.submitter_name:
            return self.submitter_name
        return translate("services.recognition", "{submitter} (suggested) and {owner} "
                         "(implemented)").format(submitter=self.submitter_name,
                                                 owner=self.owner_name)


@dataclass(frozen=True, slots=True)
class PersonRecognition:
    person_id: int
    name: str
    home_area: str | None
    implemented: int
    savings: float


@dataclass(frozen=True, slots=True)
class AreaRecognition:
    area_id: int
    name: str
    implemented: int
    savings: float


@dataclass(frozen=True, slots=True)
class Recognition:
    """The period's recognition; empty lists (and ``enabled`` False) when the site turned it
    off. People and areas are ordered by ideas implemented, then savings, then name."""

    start: date
    end: date
    enabled: bool
    currency: str
    thanks: list[Thanks]
    people: list[PersonRecognition]
    areas: list[AreaRecognition]


class RecognitionService(Service):
    def read(self, flt: DashboardFilter) -> Recognition:
        """Ideas standardised from ``flt.period_start`` to ``flt.period_end`` (in the area and
        below it, or the whole site), thanked by name; ValidationError names a bad field."""
        with self._db.read() as s:
            scope = check_filter(s, flt)
            settings = load_settings(s)
            if not settings.recognition:
                return Recognition(scope.start, scope.end, False, settings.currency, [], [], [])
            thanks, credited = _implemented(s, scope)
            return Recognition(
                start=scope.start, end=scope.end, enabled=True, currency=settings.currency,
                thanks=thanks, people=_people(s, thanks, credited), areas=_areas(s, thanks),
            )


def _implemented(s: Session, scope: Scope) -> tuple[list[Thanks], dict[int, set[int]]]:
    """The period's standardised ideas with their savings, and who is credited with each
    (idea id -> person ids)."""
    g = Suggestion
    owner = aliased(Person)
    submitter = aliased(Person)
    first, last = f"{scope.start:%Y-%m}", f"{scope.end:%Y-%m}"
    saved = (
        select(func.coalesce(func.sum(SavingsEntry.amount), 0.0))
        .where(SavingsEntry.suggestion_id == g.id, SavingsEntry.is_forecast.is_(False),
               SavingsEntry.validated_at.is_not(None),
               SavingsEntry.month.between(first, last))
        .correlate(g).scalar_subquery()
    )
    query = (
        select(g.id, g.title, Area.name, g.closed_at, submitter.id, submitter.name, owner.id,
               owner.name, saved, g.area_id)
        .join(Area, Area.id == g.area_id)
        .join(submitter, submitter.id == g.submitter_id)
        .outerjoin(owner, owner.id == g.owner_id)
        .where(g.status == SuggestionStatus.STANDARDISED, g.closed_at >= scope.lower,
               g.closed_at < scope.upper)
        .order_by(g.closed_at, g.id)
    )
    if scope.area_ids is not None:
        query = query.where(g.area_id.in_(scope.area_ids))
    thanks: list[Thanks] = []
    credited: dict[int, set[int]] = {}
    for (idea_id, title, area, closed, sub_id, sub_name, owner_id, owner_name, amount,
         _area_id) in s.execute(query):
        thanks.append(Thanks(idea_id, title, area, closed, sub_name, owner_name,
                             float(amount or 0.0)))
        credited[idea_id] = {sub_id} | ({owner_id} if owner_id is not None else set())
    return thanks, credited


def _people(s: Session, thanks: list[Thanks],
            credited: dict[int, set[int]]) -> list[PersonRecognition]:
    count: dict[int, int] = defaultdict(int)
    money: dict[int, float] = defaultdict(float)
    for item in thanks:
        for person_id in credited[item.suggestion_id]:
            count[person_id] += 1
            money[person_id] += item.savings
    if not count:
        return []
    rows = s.execute(
        select(Person.id, Person.name, Area.name)
        .outerjoin(Area, Area.id == Person.home_area_id)
        .where(Person.id.in_(list(count)))
    ).all()
    people = [PersonRecognition(pid, name, home, count[pid], money[pid])
              for pid, name, home in rows]
    return sorted(people, key=lambda p: (-p.implemented, -p.savings, p.name))


def _areas(s: Session, thanks: list[Thanks]) -> list[AreaRecognition]:
    ids: dict[int, int] = {idea: area for idea, area in s.execute(
        select(Suggestion.id, Suggestion.area_id).where(
            Suggestion.id.in_([t.suggestion_id for t in thanks])))} if thanks else {}
    names: dict[int, str] = {area: name for area, name in s.execute(
        select(Area.id, Area.name).where(Area.id.in_(list(set(ids.values())))))} if ids else {}
    count: dict[int, int] = defaultdict(int)
    money: dict[int, float] = defaultdict(float)
    for item in thanks:
        area_id = ids[item.suggestion_id]
        count[area_id] += 1
        money[area_id] += item.savings
    areas = [AreaRecognition(a, names[a], count[a], money[a]) for a in count]
    return sorted(areas, key=lambda a: (-a.implemented, -a.savings, a.name))
