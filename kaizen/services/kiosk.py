"""The shop-floor kiosk's reads and the badge numbers it finds people by (issue 22).

A shared PC shows only quick capture. A person picks themselves from the list of active people
or by the number on their badge; staff need no PIN (supervisors and admins still confirm with
theirs: :meth:`kaizen.services.people.PeopleService.authenticate`). Admins set badge numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kaizen.db.models import Area, Person, Suggestion
from kaizen.domain.enums import Role, SuggestionStatus
from kaizen.domain.errors import Conflict, NotFound, ValidationError
from kaizen.domain.permissions import Action, require
from kaizen.i18n import translate
from kaizen.services.base import Service, audit, get_or_404, load_actor

MAX_BADGE = 32
# Letters, digits and the separators printed on badges; what a badge scanner types.
_BADGE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._/-]*")
MY_IDEAS = 50


@dataclass(frozen=True, slots=True)
class KioskPerson:
    id: int
    name: str
    role: Role
    badge_number: str | None

    @property
    def needs_pin(self) -> bool:
        return self.role.needs_pin


@dataclass(frozen=True, slots=True)
class MyIdea:
    id: int
    title: str
    status: SuggestionStatus
    created_at: datetime
    area_name: str


def clean_badge(value: object) -> str:
    """A badge number as typed or scanned (spaces around it dropped); ValidationError on
    ``badge_number`` otherwise."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            translate("services.kiosk", "Enter the number on the badge."), field="badge_number"
        )
    text = value.strip()
    if len(text) > MAX_BADGE or _BADGE.fullmatch(text) is None:
        raise ValidationError(
            translate(
                "services.kiosk",
                "A badge number is letters and digits, at most {max_badge} characters.",
            ).format(max_badge=MAX_BADGE),
            field="badge_number",
        )
    return text


def _kiosk_person(person: Person) -> KioskPerson:
    return KioskPerson(person.id, person.name, person.role, person.badge_number)


class KioskService(Service):
    def people(self) -> list[KioskPerson]:
        """The active people, by name: the kiosk's list to pick oneself from."""
        with self._db.read() as s:
            return [_kiosk_person(p) for p in s.scalars(
                select(Person).where(Person.active.is_(True))
                .order_by(func.lower(Person.name), Person.id))]

    def person_by_badge(self, badge_number: str) -> KioskPerson:
        """The active person with this badge (NotFound in words when nobody has it)."""
        badge = clean_badge(badge_number)
        with self._db.read() as s:
            person = s.scalar(select(Person).where(Person.badge_number == badge))
            if person is None or not person.active:
                raise NotFound(
                    translate(
                        "services.kiosk",
                        "No one working here has the badge {badge}. Pick your name "
                        "from the list, or ask an admin to add your badge number.",
                    ).format(badge=badge)
                )
            return _kiosk_person(person)

    def my_ideas(self, person_id: int) -> list[MyIdea]:
        """The person's own ideas, newest first (the kiosk shows the last fifty)."""
        with self._db.read() as s:
            me = load_actor(s, person_id)
            rows = s.execute(
                select(Suggestion.id, Suggestion.title, Suggestion.status,
                       Suggestion.created_at, Area.name)
                .join(Area, Area.id == Suggestion.area_id)
                .where(Suggestion.submitter_id == me.id)
                .order_by(Suggestion.created_at.desc(), Suggestion.id.desc()).limit(MY_IDEAS))
            return [MyIdea(*row) for row in rows]

    def set_badge_number(self, actor_id: int, person_id: int,
                         badge_number: str | None) -> KioskPerson:
        """Give a person a badge number (None or blank: take it away). Admins only."""
        badge = None if badge_number is None or not str(badge_number).strip() else \
            clean_badge(badge_number)
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MANAGE_PEOPLE)
            person: Person = get_or_404(s, Person, person_id, translate("services.kiosk", "Person"))
            _check_free(s, badge, person.id)
            before = person.badge_number
            if before != badge:
                person.badge_number = badge
                s.flush()
                audit(s, actor_id=actor.id, at=self._clock(), entity="person",
                      entity_id=person.id, action="update", before={"badge_number": before},
                      after={"badge_number": badge})
            return _kiosk_person(person)


def _check_free(s: Session, badge: str | None, person_id: int) -> None:
    if badge is None:
        return
    holder = s.scalar(select(Person).where(Person.badge_number == badge,
                                           Person.id != person_id))
    if holder is not None:
        raise Conflict(
            translate("services.kiosk", "The badge {badge} already belongs to {name}.").format(
                badge=badge, name=holder.name
            )
        )
