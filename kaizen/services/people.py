"""People, the area tree and site settings: who works where, who may do what, what an hour costs.

Admins manage all three. Supervisors and admins confirm who they are with a PIN on the shared PC;
five wrong PINs in a row lock that person out for a minute, counted in the database so restarting
the app does not reset the count.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from types import EllipsisType
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from kaizen.db.models import Area, Person, Setting
from kaizen.domain.enums import AreaKind, Role
from kaizen.domain.errors import Conflict, PermissionDenied, ValidationError
from kaizen.domain.permissions import Action, require
from kaizen.domain.pins import check_pin_format, hash_pin, verify_pin
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.services.base import (
    Service,
    audit,
    check_number,
    clean_line,
    get_if_id,
    get_or_404,
    is_record_id,
    load_actor,
    snapshot,
)
from kaizen.services.conflicts import changed_by_of

# The settings live in their own module; their public names stay importable from here.
from kaizen.services.site_settings import MAX_HOURLY_RATE as MAX_HOURLY_RATE
from kaizen.services.site_settings import MAX_IDLE_MINUTES as MAX_IDLE_MINUTES
from kaizen.services.site_settings import SETTINGS_ENTITY_ID as SETTINGS_ENTITY_ID
from kaizen.services.site_settings import SiteSettings as SiteSettings
from kaizen.services.site_settings import _check_settings, _check_settings_version
from kaizen.services.site_settings import load_settings as load_settings

MAX_PIN_FAILURES = 5
PIN_LOCK = timedelta(seconds=60)


_PERSON_FIELDS = ("name", "role", "home_area_id", "active")
_AREA_FIELDS = ("name", "kind", "parent_id", "hourly_rate", "active")


@dataclass(frozen=True, slots=True)
class AreaInfo:
    id: int
    name: str
    kind: AreaKind
    parent_id: int | None
    path: str  # "Site / Department / Line"
    depth: int
    hourly_rate: float | None
    # Own rate, else the nearest ancestor's, else the site default.
    effective_hourly_rate: float
    active: bool
    # Metadata for the version check, not part of what the area is: left out of ==.
    version: int = field(default=1, compare=False)


@dataclass(frozen=True, slots=True)
class PersonInfo:
    id: int
    name: str
    role: Role
    home_area_id: int | None
    home_area_name: str | None
    active: bool
    has_pin: bool
    version: int
    badge_number: str | None = None  # what the kiosk finds them by (revision 0013)


@dataclass(frozen=True, slots=True)
class AdminOverview:
    """What the People & areas page shows, read at one moment: everyone (inactive too), every
    area in tree order (retired too) and the site settings."""

    people: list[PersonInfo]
    areas: list[AreaInfo]
    settings: SiteSettings


def _resolve_rate(area_id: int | None, rates: dict[int, tuple[int | None, float | None]],
                  default: float) -> float:
    """Walk up from ``area_id`` to the first area with its own rate; ``rates`` maps an area id to
    (parent id, own rate)."""
    seen: set[int] = set()
    while area_id is not None and area_id not in seen:
        seen.add(area_id)
        parent_id, rate = rates.get(area_id, (None, None))
        if rate is not None:
            return rate
        area_id = parent_id
    return default


def effective_hourly_rates(session: Session) -> dict[int, float]:
    """Effective hourly rate of every area, in one query (for lists)."""
    rows = session.execute(select(Area.id, Area.parent_id, Area.hourly_rate)).all()
    rates = {row.id: (row.parent_id, row.hourly_rate) for row in rows}
    default = load_settings(session).default_hourly_rate
    return {area_id: _resolve_rate(area_id, rates, default) for area_id in rates}


def effective_hourly_rate(session: Session, area_id: int) -> float:
    """The area's own hourly rate, else its nearest ancestor's, else the site default."""
    rates: dict[int, tuple[int | None, float | None]] = {}
    current: int | None = area_id
    while current is not None and current not in rates:
        area = session.get(Area, current)
        if area is None:
            break
        rates[current] = (area.parent_id, area.hourly_rate)
        current = area.parent_id
    return _resolve_rate(area_id, rates, load_settings(session).default_hourly_rate)


def area_infos(s: Session, include_inactive: bool = False) -> list[AreaInfo]:
    """All areas in tree order, read in the caller's transaction."""
    areas = list(s.scalars(select(Area)))
    return list(_tree(areas, load_settings(s).default_hourly_rate, include_inactive))


def people_infos(s: Session, active_only: bool = True) -> list[PersonInfo]:
    """People by name (the active ones only, unless ``active_only`` is off), read in the
    caller's transaction."""
    query = (
        select(Person)
        .options(selectinload(Person.home_area))
        .order_by(func.lower(Person.name), Person.id)
    )
    if active_only:
        query = query.where(Person.active.is_(True))
    return [_person_info(p) for p in s.scalars(query)]


def _person_info(person: Person) -> PersonInfo:
    return PersonInfo(
        id=person.id,
        name=person.name,
        role=person.role,
        home_area_id=person.home_area_id,
        home_area_name=person.home_area.name if person.home_area is not None else None,
        active=person.active,
        has_pin=person.pin_hash is not None,
        version=person.version,
        badge_number=person.badge_number,
    )


def _check_badge(s: Session, value: str | None, person_id: int | None) -> str | None:
    """A person's badge number as the kiosk reads it (None or blank: no badge); refused on
    ``badge_number`` when it is not letters and digits or someone else already has it."""
    from kaizen.services.kiosk import clean_badge

    if value is None or not value.strip():
        return None
    badge = clean_badge(value)
    holder = s.scalar(select(Person).where(Person.badge_number == badge, Person.id != person_id)
                      if person_id is not None else
                      select(Person).where(Person.badge_number == badge))
    if holder is not None:
        raise ValidationError(
            translate("services.people", "The badge {badge} already belongs to {name}.")
            .format(badge=badge, name=holder.name), "badge_number")
    return badge


# A stale copy refused, by what it is a copy of ({name}: the person's or the area's name).
_STALE_PERSON = QT_TRANSLATE_NOOP(
    "services.people",
    "Someone else changed {name} while you were editing it "
    "({changed_by_of}your copy is version {expected}, the saved "
    "one is version {version}). Reload it and make your change "
    "again.",
)
_STALE_AREA = QT_TRANSLATE_NOOP(
    "services.people",
    "Someone else changed the area {name} while you were editing "
    "it ({changed_by_of}your copy is version {expected}, the "
    "saved one is version {version}). Reload it and make your "
    "change again.",
)


def _check_version(expected: int | None, person: Person) -> None:
    _refuse_stale(expected, person, "person", _STALE_PERSON)


def _check_area_version(expected: int | None, area: Area) -> None:
    _refuse_stale(expected, area, "area", _STALE_AREA)


def _refuse_stale(expected: int | None, record: Person | Area, kind: str, text: str) -> None:
    """Refuse a save made on version ``expected`` of ``record`` when it has moved on since."""
    if expected is not None and expected != record.version:
        raise Conflict(
            translate("services.people", text).format(
                name=record.name,
                changed_by_of=changed_by_of(record, kind),
                expected=expected,
                version=record.version,
            )
        )


def _check_pin(pin: str | None) -> str:
    if pin is None or pin == "":
        raise ValidationError(translate("services.people", "Enter a PIN."), field="pin")
    if not isinstance(pin, str):
        raise ValidationError(
            translate("services.people", "A PIN is made of digits only."), field="pin"
        )
    problem = check_pin_format(pin)
    if problem is not None:
        raise ValidationError(problem, field="pin")
    return pin


def _check_rate(hourly_rate: float | None) -> float | None:
    """An area's hourly rate: none (the site's default applies) or a number up to the most."""
    return check_number(hourly_rate, "hourly_rate", translate("services.people", "Hourly rate"),
                        maximum=MAX_HOURLY_RATE, required=False)


def _check_role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise ValidationError(
            translate("services.people", "Unknown role {role!r}.").format(role=role), field="role"
        ) from None


def _check_home_area(session: Session, area_id: int | None) -> int | None:
    if area_id is None:
        return None
    area = get_if_id(session, Area, area_id)
    if area is None or not area.active:
        raise ValidationError(
            translate("services.people", "Pick an active area as home area."), field="home_area_id"
        )
    return area_id


def _refuse_last_admin(session: Session, person: Person, refusal: str) -> None:
    """``refusal`` (naming ``{name}``) when ``person`` is the one active admin left: a site
    always keeps someone who can manage people."""
    if person.role is Role.ADMIN and person.active and _active_admins(session) <= 1:
        raise Conflict(refusal.format(name=person.name))


def _get_person(session: Session, person_id: int) -> Person:
    person: Person = get_or_404(session, Person, person_id, translate("services.people", "Person"))
    return person


def _store_pin(person: Person, pin: str) -> None:
    """A new PIN (checked) for ``person``: its hash, and a clean slate of failed tries."""
    person.pin_hash = hash_pin(pin)
    person.pin_failures = 0
    person.pin_locked_until = None


def _active_admins(session: Session) -> int:
    count = session.scalar(
        select(func.count()).select_from(Person).where(
            Person.role == Role.ADMIN, Person.active.is_(True)
        )
    )
    return int(count or 0)


class PeopleService(Service):
    """People, areas and settings. Changes need an admin, except a person's own PIN."""

    # --- people ---------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        with self._db.read() as s:
            return s.scalar(select(Person.id).limit(1)) is None

    def bootstrap(self, *, site_name: str, admin_name: str, admin_pin: str) -> PersonInfo:
        """First start: create the site and its first admin. Refused once anyone exists."""
        with self._db.write() as s:
            if s.scalar(select(Person.id).limit(1)) is not None:
                raise Conflict(
                    translate(
                        "services.people",
                        "Kaizen is already set up; an admin adds people from now on.",
                    )
                )
            site = clean_line(site_name, "site_name", translate("services.people", "Site name"))
            name = clean_line(admin_name, "admin_name", translate("services.people", "Name"))
            try:
                pin = _check_pin(admin_pin)
            except ValidationError as error:
                raise ValidationError(error.message, field="admin_pin") from None
            now = self._clock()
            area = s.scalar(
                select(Area).where(Area.parent_id.is_(None), func.lower(Area.name) == site.lower())
            )
            if area is None:
                area = Area(name=site, kind=AreaKind.SITE, parent_id=None, active=True)
                s.add(area)
                s.flush()
            admin = Person(
                name=name, role=Role.ADMIN, home_area_id=area.id, active=True,
                pin_hash=hash_pin(pin), pin_failures=0, created_at=now,
            )
            s.add(admin)
            s.flush()
            self._write_settings(s, {"site_name": site})
            audit(s, actor_id=admin.id, at=now, entity="area", entity_id=area.id,
                  action="create", after=snapshot(area, _AREA_FIELDS))
            audit(s, actor_id=admin.id, at=now, entity="person", entity_id=admin.id,
                  action="create", after=snapshot(admin, _PERSON_FIELDS))
            audit(s, actor_id=admin.id, at=now, entity="settings", entity_id=SETTINGS_ENTITY_ID,
                  action="update", after={"site_name": site})
            return _person_info(admin)

    def list_people(self, active_only: bool = True) -> list[PersonInfo]:
        with self._db.read() as s:
            return people_infos(s, active_only)

    def get_person(self, person_id: int) -> PersonInfo:
        with self._db.read() as s:
            return _person_info(_get_person(s, person_id))

    def create_person(self, actor_id: int, *, name: str, role: Role,
                      home_area_id: int | None = None, pin: str | None = None,
                      badge_number: str | None = None) -> PersonInfo:
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MANAGE_PEOPLE)
            clean_name = clean_line(name, "name", translate("services.people", "Name"))
            person_role = _check_role(role)
            area_id = _check_home_area(s, home_area_id)
            pin_hash = None
            if person_role.needs_pin or pin:
                pin_hash = hash_pin(_check_pin(pin))
            badge = _check_badge(s, badge_number, None)
            now = self._clock()
            person = Person(
                name=clean_name, role=person_role, home_area_id=area_id, active=True,
                pin_hash=pin_hash, pin_failures=0, created_at=now, badge_number=badge,
            )
            s.add(person)
            s.flush()
            after = snapshot(person, _PERSON_FIELDS)
            if badge is not None:
                after["badge_number"] = badge
            audit(s, actor_id=actor.id, at=now, entity="person", entity_id=person.id,
                  action="create", after=after)
            return _person_info(person)

    def update_person(self, actor_id: int, person_id: int, *, name: str, role: Role,
                      home_area_id: int | None, expected_version: int | None = None,
                      pin: str | None = None,
                      badge_number: str | None | EllipsisType = ...) -> PersonInfo:
        """Rename, change role or home area. ``pin`` may be given in the same step when promoting
        someone who has none yet to a role that needs one. ``badge_number``: the new one (None or
        blank takes it away; left out, it stays)."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MANAGE_PEOPLE)
            person = _get_person(s, person_id)
            _check_version(expected_version, person)
            clean_name = clean_line(name, "name", translate("services.people", "Name"))
            new_role = _check_role(role)
            area_id = (
                home_area_id if home_area_id == person.home_area_id
                else _check_home_area(s, home_area_id)
            )
            new_pin = _check_pin(pin) if pin else None
            badge = (person.badge_number if isinstance(badge_number, EllipsisType)
                     else _check_badge(s, badge_number, person.id))
            if new_role.needs_pin and person.pin_hash is None and new_pin is None:
                raise ValidationError(
                    translate(
                        "services.people",
                        "A {role} signs in with a PIN; set one for {name} first.",
                    ).format(role=new_role.label.lower(), name=person.name),
                    field="pin",
                )
            if new_role is not Role.ADMIN:
                _refuse_last_admin(s, person, translate(
                    "services.people",
                    "{name} is the last active admin; make someone else an admin first.",
                ))
            before = snapshot(person, _PERSON_FIELDS)
            person.name = clean_name
            person.role = new_role
            person.home_area_id = area_id
            if new_pin is not None:
                _store_pin(person, new_pin)
            after = snapshot(person, _PERSON_FIELDS)
            if new_pin is not None:
                # The hash itself never goes to the audit trail; only the fact it changed.
                before["pin"], after["pin"] = "old", "changed"
            if badge != person.badge_number:
                before["badge_number"], after["badge_number"] = person.badge_number, badge
                person.badge_number = badge
            if before == after:
                return _person_info(person)
            s.flush()
            audit(s, actor_id=actor.id, at=self._clock(), entity="person", entity_id=person.id,
                  action="update", before=before, after=after)
            s.expire(person, ["home_area"])
            return _person_info(person)

    def set_active(self, actor_id: int, person_id: int, active: bool) -> PersonInfo:
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MANAGE_PEOPLE)
            person = _get_person(s, person_id)
            if person.active == active:
                return _person_info(person)
            if not active:
                if person.id == actor.id:
                    raise Conflict(
                        translate(
                            "services.people", "You cannot deactivate yourself; ask another admin."
                        )
                    )
                _refuse_last_admin(s, person, translate(
                    "services.people", "{name} is the last active admin and must stay active."
                ))
            self._switch_active(s, actor, person, "person", _PERSON_FIELDS, active)
            return _person_info(person)

    def set_pin(self, actor_id: int, person_id: int, pin: str) -> PersonInfo:
        """An admin sets anyone's PIN; anyone may change their own."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            if actor.id != person_id:
                require(actor.role, Action.MANAGE_PEOPLE)
            person = _get_person(s, person_id)
            new_pin = _check_pin(pin)
            had_pin = person.pin_hash is not None
            _store_pin(person, new_pin)
            s.flush()
            audit(s, actor_id=actor.id, at=self._clock(), entity="person", entity_id=person.id,
                  action="set_pin", before={"has_pin": had_pin}, after={"has_pin": True})
            return _person_info(person)

    def authenticate(self, person_id: int, pin: str | None) -> PersonInfo:
        """Check who is working. Staff need no PIN; supervisors and admins must give theirs.

        The failure counter must survive the refusal, so the refusal is raised only after the
        unit of work that recorded it has committed.
        """
        refusal: str | None = None
        with self._db.write() as s:
            person: Person | None = get_if_id(s, Person, person_id)
            if person is None or not person.active:
                raise PermissionDenied(
                    translate("services.people", "This person is not active; pick someone else.")
                )
            if not person.role.needs_pin:
                return _person_info(person)
            now = self._clock()
            if person.pin_locked_until is not None and person.pin_locked_until > now:
                wait = math.ceil((person.pin_locked_until - now).total_seconds())
                raise PermissionDenied(
                    translate(
                        "services.people",
                        "Too many wrong PINs for {name}. Try again in {wait} seconds.",
                    ).format(name=person.name, wait=wait)
                )
            if person.pin_hash is None:
                raise PermissionDenied(
                    translate(
                        "services.people", "{name} has no PIN yet; ask an admin to set one."
                    ).format(name=person.name)
                )
            if not pin or not isinstance(pin, str):
                raise PermissionDenied(
                    translate("services.people", "Enter the PIN of {name}.").format(
                        name=person.name
                    )
                )
            try:
                right = verify_pin(pin, person.pin_hash)
            except UnicodeEncodeError:  # cannot be the PIN, which is digits
                right = False
            if right:
                if person.pin_failures or person.pin_locked_until is not None:
                    person.pin_failures = 0
                    person.pin_locked_until = None
                return _person_info(person)
            person.pin_failures += 1
            if person.pin_failures >= MAX_PIN_FAILURES:
                # A fresh count after the lock: the next lock again needs five wrong guesses.
                person.pin_failures = 0
                before = snapshot(person, ["pin_locked_until"])
                person.pin_locked_until = now + PIN_LOCK
                seconds = int(PIN_LOCK.total_seconds())
                refusal = translate(
                    "services.people",
                    "Wrong PIN. After {failures} wrong PINs in a row {name} is locked out; try "
                    "again in {seconds} seconds.",
                ).format(failures=MAX_PIN_FAILURES, name=person.name, seconds=seconds)
                audit(s, actor_id=None, at=now, entity="person", entity_id=person.id,
                      action="pin_locked", before=before,
                      after=snapshot(person, ["pin_locked_until"]))
            else:
                left = MAX_PIN_FAILURES - person.pin_failures
                refusal = (translate(
                    "services.people",
                    "Wrong PIN. {left} more wrong try and {name} is locked out for a minute.")
                    if left == 1 else translate(
                    "services.people",
                    "Wrong PIN. {left} more wrong tries and {name} is locked out for a minute.")
                ).format(left=left, name=person.name)
        raise PermissionDenied(refusal)

    def admin_overview(self) -> AdminOverview:
        """The People & areas page's data in one read transaction (issue 15: one service call
        per screen), so the people, the tree and the rates shown belong together."""
        with self._db.read() as s:
            return AdminOverview(people=people_infos(s, active_only=False),
                                 areas=area_infos(s, include_inactive=True),
                                 settings=load_settings(s))

    # --- areas ----------------------------------------------------------------------------------

    def list_areas(self, include_inactive: bool = False) -> list[AreaInfo]:
        """All areas in tree order: each area followed by its children, by name."""
        with self._db.read() as s:
            return area_infos(s, include_inactive)

    def get_area(self, area_id: int) -> AreaInfo:
        with self._db.read() as s:
            area: Area = get_or_404(s, Area, area_id, translate("services.people", "Area"))
            return _area_info(s, area)

    def create_area(self, actor_id: int, *, name: str, kind: AreaKind, parent_id: int | None = None,
                    hourly_rate: float | None = None) -> AreaInfo:
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MANAGE_AREAS)
            clean_name = clean_line(name, "name", translate("services.people", "Name"))
            try:
                area_kind = AreaKind(kind)
            except ValueError:
                raise ValidationError(
                    translate("services.people", "Unknown kind of area {kind!r}.").format(
                        kind=kind
                    ),
                    field="kind",
                ) from None
            _check_parent(s, area_kind, parent_id, None)
            _check_unique_name(s, parent_id, clean_name, None)
            rate = _check_rate(hourly_rate)
            area = Area(name=clean_name, kind=area_kind, parent_id=parent_id, hourly_rate=rate,
                        active=True)
            s.add(area)
            s.flush()
            audit(s, actor_id=actor.id, at=self._clock(), entity="area", entity_id=area.id,
                  action="create", after=snapshot(area, _AREA_FIELDS))
            return _area_info(s, area)

    def update_area(self, actor_id: int, area_id: int, *, name: str, hourly_rate: float | None,
                    parent_id: int | None, expected_version: int | None = None) -> AreaInfo:
        """Rename, re-price or move an area. With ``expected_version`` (the version the form
        was filled from), a change saved meanwhile by someone else is refused with Conflict."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MANAGE_AREAS)
            area: Area = get_or_404(s, Area, area_id, translate("services.people", "Area"))
            _check_area_version(expected_version, area)
            clean_name = clean_line(name, "name", translate("services.people", "Name"))
            if parent_id != area.parent_id:
                _check_parent(s, area.kind, parent_id, area.id)
            _check_unique_name(s, parent_id, clean_name, area.id)
            rate = _check_rate(hourly_rate)
            before = snapshot(area, _AREA_FIELDS)
            area.name = clean_name
            area.hourly_rate = rate
            area.parent_id = parent_id
            after = snapshot(area, _AREA_FIELDS)
            if before != after:
                s.flush()
                audit(s, actor_id=actor.id, at=self._clock(), entity="area", entity_id=area.id,
                      action="update", before=before, after=after)
            return _area_info(s, area)

    def set_area_active(self, actor_id: int, area_id: int, active: bool, *,
                        expected_version: int | None = None) -> AreaInfo:
        """Retire an area (its history stays) or bring it back. Children must be retired first."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MANAGE_AREAS)
            area: Area = get_or_404(s, Area, area_id, translate("services.people", "Area"))
            _check_area_version(expected_version, area)
            if area.active == active:
                return _area_info(s, area)
            if not active and any(child.active for child in area.children):
                raise Conflict(
                    translate(
                        "services.people",
                        "{name} still has active areas under it; retire those first.",
                    ).format(name=area.name)
                )
            if active and area.parent is not None and not area.parent.active:
                raise Conflict(
                    translate("services.people", "{name} is retired; bring it back first.").format(
                        name=area.parent.name
                    )
                )
            self._switch_active(s, actor, area, "area", _AREA_FIELDS, active)
            return _area_info(s, area)

    def _switch_active(self, s: Session, actor: Person, record: Person | Area, entity: str,
                       fields: tuple[str, ...], active: bool) -> None:
        """Set ``record.active``, audited as activate or deactivate with its fields before and
        after (a person and an area are switched alike)."""
        before = snapshot(record, fields)
        record.active = active
        s.flush()
        audit(s, actor_id=actor.id, at=self._clock(), entity=entity, entity_id=record.id,
              action="activate" if active else "deactivate", before=before,
              after=snapshot(record, fields))

    # --- settings -------------------------------------------------------------------------------

    def settings(self) -> SiteSettings:
        with self._db.read() as s:
            return load_settings(s)

    def update_settings(self, actor_id: int, *, expected_version: int | None = None,
                        **fields: Any) -> SiteSettings:
        """Change some settings. With ``expected_version`` (``SiteSettings.version`` of the copy
        the form was filled from), a change saved meanwhile by someone else is refused."""
        with self._db.write() as s:
            actor = load_actor(s, actor_id)
            require(actor.role, Action.MANAGE_SETTINGS)
            current = load_settings(s)
            _check_settings_version(s, expected_version, current)
            values = _check_settings(current, fields)
            before = {k: getattr(current, k) for k in values}
            changed = {k: v for k, v in values.items() if before[k] != v}
            if changed:
                self._write_settings(s, changed)
                audit(s, actor_id=actor.id, at=self._clock(), entity="settings",
                      entity_id=SETTINGS_ENTITY_ID, action="update",
                      before={k: before[k] for k in changed}, after=changed)
            return load_settings(s)

    @staticmethod
    def _write_settings(session: Session, values: dict[str, Any]) -> None:
        for key, value in values.items():
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value=str(value)))
            else:
                row.value = str(value)
        session.flush()


# --- areas: validation and the tree --------------------------------------------------------------


def _check_parent(session: Session, kind: AreaKind, parent_id: int | None,
                  area_id: int | None) -> None:
    if parent_id is not None and not is_record_id(parent_id):
        raise ValidationError(
            translate("services.people", "Pick the area this one belongs to."), field="parent_id"
        )
    if kind is AreaKind.SITE:
        if parent_id is not None:
            raise ValidationError(
                translate("services.people", "A site is the top of the tree and has no parent."),
                field="parent_id",
            )
        return
    if parent_id is None:
        raise ValidationError(
            translate("services.people", "Pick the area this one belongs to."), field="parent_id"
        )
    parent = get_if_id(session, Area, parent_id)
    if parent is None:
        raise ValidationError(
            translate("services.people", "Area #{parent_id} does not exist.").format(
                parent_id=parent_id
            ),
            field="parent_id",
        )
    if not parent.active:
        raise ValidationError(
            translate("services.people", "{name} is retired; pick an active area.").format(
                name=parent.name
            ),
            field="parent_id",
        )
    # Walk up from the new parent: meeting the area itself means it would contain itself.
    seen: set[int] = set()
    node: Area | None = parent
    while node is not None and node.id not in seen:
        if area_id is not None and node.id == area_id:
            raise ValidationError(
                translate(
                    "services.people",
                    "An area cannot be moved under itself or one of its own areas.",
                ),
                field="parent_id",
            )
        seen.add(node.id)
        node = node.parent


def _check_unique_name(session: Session, parent_id: int | None, name: str,
                       area_id: int | None) -> None:
    # Checked here too because SQLite's UNIQUE lets several NULL parents (sites) share a name.
    # SQLite's lower() folds ASCII only, so the exact name is compared as well.
    query = select(Area.id).where(
        or_(Area.name == name, func.lower(Area.name) == name.lower())
    )
    query = query.where(
        Area.parent_id.is_(None) if parent_id is None else Area.parent_id == parent_id
    )
    if area_id is not None:
        query = query.where(Area.id != area_id)
    if session.scalar(query.limit(1)) is not None:
        raise ValidationError(
            translate("services.people", "There is already an area called {name} here.").format(
                name=name
            ),
            field="name",
        )


def _area_info(session: Session, area: Area) -> AreaInfo:
    names = [area.name]
    node = area.parent
    seen = {area.id}
    while node is not None and node.id not in seen:
        seen.add(node.id)
        names.append(node.name)
        node = node.parent
    return AreaInfo(
        id=area.id, name=area.name, kind=area.kind, parent_id=area.parent_id,
        path=" / ".join(reversed(names)), depth=len(names) - 1, hourly_rate=area.hourly_rate,
        effective_hourly_rate=effective_hourly_rate(session, area.id), active=area.active,
        version=area.version,
    )


def _tree(areas: Iterable[Area], default: float, include_inactive: bool) -> Iterator[AreaInfo]:
    children: dict[int | None, list[Area]] = {}
    rates: dict[int, tuple[int | None, float | None]] = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)
        rates[area.id] = (area.parent_id, area.hourly_rate)
    for siblings in children.values():
        siblings.sort(key=lambda a: (a.name.casefold(), a.id))

    # An explicit stack rather than recursion: a deep tree must not hit the recursion limit.
    stack: list[tuple[Area, tuple[str, ...]]] = [
        (root, ()) for root in reversed(children.get(None, []))
    ]
    while stack:
        area, above = stack.pop()
        if not area.active and not include_inactive:
            continue  # a retired area hides its whole branch
        names = (*above, area.name)
        yield AreaInfo(
            id=area.id, name=area.name, kind=area.kind, parent_id=area.parent_id,
            path=" / ".join(names), depth=len(names) - 1, hourly_rate=area.hourly_rate,
            effective_hourly_rate=_resolve_rate(area.id, rates, default), active=area.active,
            version=area.version,
        )
        stack.extend((child, names) for child in reversed(children.get(area.id, [])))


# --- settings: validation ------------------------------------------------------------------------
