"""PeopleService: first start, people and PINs, the area tree, site settings."""

from __future__ import annotations

import pytest

from kaizen.db.models import Area, AuditEvent, Person, Setting
from kaizen.domain.enums import AreaKind, Role
from kaizen.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from kaizen.services.people import (
    MAX_HOURLY_RATE,
    PeopleService,
    SiteSettings,
    effective_hourly_rate,
)

from .factories import ADMIN_PIN, SUPERVISOR_PIN, audit_events, count, make_site

# --- first start ---------------------------------------------------------------------------------


def test_bootstrap_creates_site_and_first_admin(db, clock):
    people = PeopleService(db, clock)
    assert people.is_empty()

    admin = people.bootstrap(site_name="  Plant 1 ", admin_name="Ada", admin_pin="1234")

    assert not people.is_empty()
    assert admin.role is Role.ADMIN and admin.has_pin and admin.active
    assert admin.home_area_name == "Plant 1"
    [site] = people.list_areas()
    assert (site.kind, site.path, site.depth, site.parent_id) == (AreaKind.SITE, "Plant 1", 0, None)
    assert people.settings().site_name == "Plant 1"
    assert people.authenticate(admin.id, "1234").id == admin.id
    assert {(e.entity, e.action) for e in audit_events(db)} == {
        ("area", "create"), ("person", "create"), ("settings", "update")
    }


def test_bootstrap_refused_once_someone_exists(db, clock):
    site = make_site(db, clock)
    before = count(db, Person), count(db, AuditEvent)
    with pytest.raises(Conflict):
        site.people.bootstrap(site_name="Other", admin_name="Eve", admin_pin="9999")
    assert (count(db, Person), count(db, AuditEvent)) == before


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"site_name": " ", "admin_name": "Ada", "admin_pin": "1234"}, "site_name"),
        ({"site_name": "P", "admin_name": "", "admin_pin": "1234"}, "admin_name"),
        ({"site_name": "P", "admin_name": "Ada", "admin_pin": "12a4"}, "admin_pin"),
        ({"site_name": "P", "admin_name": "Ada", "admin_pin": "12"}, "admin_pin"),
    ],
)
def test_bootstrap_validates(db, clock, kwargs, field):
    people = PeopleService(db, clock)
    with pytest.raises(ValidationError) as error:
        people.bootstrap(**kwargs)
    assert error.value.field == field
    assert people.is_empty() and count(db, Area) == 0


# --- people --------------------------------------------------------------------------------------


def test_create_and_list_people(db, clock):
    site = make_site(db, clock)
    names = [p.name for p in site.people.list_people()]
    assert names == sorted(names, key=str.lower)
    assert len(names) == 4
    staff = site.people.get_person(site.staff_id)
    assert (staff.role, staff.has_pin, staff.home_area_name) == (Role.STAFF, False, "Line 1")
    [event] = [e for e in audit_events(db, "person") if e.entity_id == site.staff_id]
    assert event.action == "create" and event.person_id == site.admin_id
    assert event.after["name"] == "Stan Staff" and event.before is None
    assert "pin_hash" not in event.after


def test_get_unknown_person(db, clock):
    site = make_site(db, clock)
    with pytest.raises(NotFound):
        site.people.get_person(999)


def test_staff_and_supervisor_cannot_create_people(db, clock):
    site = make_site(db, clock)
    before = count(db, Person), count(db, AuditEvent)
    for actor in (site.staff_id, site.supervisor_id):
        with pytest.raises(PermissionDenied):
            site.people.create_person(actor, name="New", role=Role.STAFF)
    assert (count(db, Person), count(db, AuditEvent)) == before


def test_inactive_or_unknown_actor_refused(db, clock):
    site = make_site(db, clock)
    with pytest.raises(PermissionDenied):
        site.people.create_person(999, name="New", role=Role.STAFF)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": "", "role": Role.STAFF}, "name"),
        ({"name": "x" * 121, "role": Role.STAFF}, "name"),
        ({"name": "Sue", "role": "boss"}, "role"),
        ({"name": "Sue", "role": Role.SUPERVISOR}, "pin"),
        ({"name": "Sue", "role": Role.ADMIN, "pin": "abc1"}, "pin"),
        ({"name": "Sue", "role": Role.STAFF, "home_area_id": 999}, "home_area_id"),
    ],
)
def test_create_person_validates(db, clock, kwargs, field):
    site = make_site(db, clock)
    before = count(db, Person), count(db, AuditEvent)
    with pytest.raises(ValidationError) as error:
        site.people.create_person(site.admin_id, **kwargs)
    assert error.value.field == field
    assert (count(db, Person), count(db, AuditEvent)) == before


def test_update_person_with_version_check(db, clock):
    site = make_site(db, clock)
    staff = site.people.get_person(site.staff_id)
    updated = site.people.update_person(
        site.admin_id, staff.id, name="Stan S.", role=Role.STAFF,
        home_area_id=site.department_id, expected_version=staff.version,
    )
    assert updated.name == "Stan S." and updated.home_area_name == "Assembly"
    assert updated.version == staff.version + 1
    event = audit_events(db, "person")[-1]
    assert event.action == "update"
    assert event.before == {"name": "Stan Staff", "home_area_id": site.line_id}
    assert event.after == {"name": "Stan S.", "home_area_id": site.department_id}

    with pytest.raises(Conflict, match="version"):
        site.people.update_person(
            site.admin_id, staff.id, name="Stale", role=Role.STAFF, home_area_id=None,
            expected_version=staff.version,
        )
    assert site.people.get_person(staff.id).name == "Stan S."


def test_promotion_needs_a_pin(db, clock):
    site = make_site(db, clock)
    with pytest.raises(ValidationError) as error:
        site.people.update_person(site.admin_id, site.staff_id, name="Stan Staff",
                                  role=Role.SUPERVISOR, home_area_id=site.line_id)
    assert error.value.field == "pin"
    promoted = site.people.update_person(site.admin_id, site.staff_id, name="Stan Staff",
                                         role=Role.SUPERVISOR, home_area_id=site.line_id,
                                         pin="5555")
    assert promoted.role is Role.SUPERVISOR and promoted.has_pin
    assert site.people.authenticate(site.staff_id, "5555").role is Role.SUPERVISOR
    event = audit_events(db, "person")[-1]
    assert "pin_hash" not in event.after and event.after["pin"] == "changed"


def test_last_admin_cannot_be_demoted_or_deactivated(db, clock):
    site = make_site(db, clock)
    with pytest.raises(Conflict, match=r"^Ada Admin is the last active admin; make someone else "
                       r"an admin first\.$"):
        site.people.update_person(site.admin_id, site.admin_id, name="Ada Admin",
                                  role=Role.SUPERVISOR, home_area_id=site.site_id)
    with pytest.raises(Conflict, match="yourself"):
        site.people.set_active(site.admin_id, site.admin_id, False)
    assert site.people.get_person(site.admin_id).role is Role.ADMIN

    # With a second admin, the first may step down.
    site.people.update_person(site.admin_id, site.supervisor_id, name="Sam Supervisor",
                              role=Role.ADMIN, home_area_id=site.department_id)
    demoted = site.people.update_person(site.admin_id, site.admin_id, name="Ada Admin",
                                        role=Role.SUPERVISOR, home_area_id=site.site_id)
    assert demoted.role is Role.SUPERVISOR


def test_set_active(db, clock):
    site = make_site(db, clock)
    off = site.people.set_active(site.admin_id, site.staff_id, False)
    assert not off.active
    assert site.staff_id not in [p.id for p in site.people.list_people()]
    assert site.staff_id in [p.id for p in site.people.list_people(active_only=False)]
    event = audit_events(db, "person")[-1]
    assert (event.action, event.before, event.after) == (
        "deactivate", {"active": True}, {"active": False}
    )
    with pytest.raises(PermissionDenied):
        site.people.authenticate(site.staff_id, None)
    with pytest.raises(PermissionDenied):  # an inactive person cannot act either
        site.people.set_pin(site.staff_id, site.staff_id, "1111")
    assert site.people.set_active(site.admin_id, site.staff_id, True).active
    with pytest.raises(PermissionDenied):
        site.people.set_active(site.supervisor_id, site.staff_id, False)


def test_set_pin_by_self_or_admin(db, clock):
    site = make_site(db, clock)
    site.people.set_pin(site.supervisor_id, site.supervisor_id, "8642")
    assert site.people.authenticate(site.supervisor_id, "8642")
    with pytest.raises(PermissionDenied):
        site.people.authenticate(site.supervisor_id, SUPERVISOR_PIN)
    site.people.set_pin(site.admin_id, site.supervisor_id, "1357")
    assert site.people.authenticate(site.supervisor_id, "1357")
    with pytest.raises(PermissionDenied):
        site.people.set_pin(site.staff_id, site.supervisor_id, "0000")
    with pytest.raises(ValidationError) as error:
        site.people.set_pin(site.admin_id, site.supervisor_id, "12345678901234")
    assert error.value.field == "pin"
    event = audit_events(db, "person")[-1]
    assert event.action == "set_pin" and "pin_hash" not in (event.after or {})


# --- authentication ------------------------------------------------------------------------------


def test_staff_need_no_pin_supervisors_do(db, clock):
    site = make_site(db, clock)
    assert site.people.authenticate(site.staff_id, None).id == site.staff_id
    assert site.people.authenticate(site.supervisor_id, SUPERVISOR_PIN).id == site.supervisor_id
    with pytest.raises(PermissionDenied, match="Enter"):
        site.people.authenticate(site.supervisor_id, None)
    with pytest.raises(PermissionDenied):
        site.people.authenticate(999, None)


def _failures(db, person_id):
    with db.read() as s:
        person = s.get(Person, person_id)
        return person.pin_failures, person.pin_locked_until


def test_five_wrong_pins_lock_for_a_minute(db, clock):
    site = make_site(db, clock)
    for attempt in range(1, 5):
        with pytest.raises(PermissionDenied, match="Wrong PIN"):
            site.people.authenticate(site.supervisor_id, "0000")
        assert _failures(db, site.supervisor_id) == (attempt, None)

    with pytest.raises(PermissionDenied, match="60 seconds"):
        site.people.authenticate(site.supervisor_id, "0000")
    assert _failures(db, site.supervisor_id)[1] is not None
    assert audit_events(db, "person")[-1].action == "pin_locked"

    # Locked: even the right PIN is refused, and the refusal says how long to wait.
    clock.advance(seconds=20)
    with pytest.raises(PermissionDenied, match="40 seconds"):
        site.people.authenticate(site.supervisor_id, SUPERVISOR_PIN)

    clock.advance(seconds=41)
    assert site.people.authenticate(site.supervisor_id, SUPERVISOR_PIN).id == site.supervisor_id
    assert _failures(db, site.supervisor_id) == (0, None)


def test_success_resets_the_counter(db, clock):
    site = make_site(db, clock)
    for _ in range(4):
        with pytest.raises(PermissionDenied):
            site.people.authenticate(site.admin_id, "0000")
    site.people.authenticate(site.admin_id, ADMIN_PIN)
    assert _failures(db, site.admin_id) == (0, None)
    for _ in range(4):  # four more do not lock: the count started again
        with pytest.raises(PermissionDenied, match="Wrong PIN"):
            site.people.authenticate(site.admin_id, "0000")
    assert site.people.authenticate(site.admin_id, ADMIN_PIN)


# --- areas ---------------------------------------------------------------------------------------


def test_area_tree_order_paths_and_rates(db, clock):
    site = make_site(db, clock)
    people = site.people
    people.create_area(site.admin_id, name="Warehouse", kind=AreaKind.DEPARTMENT,
                       parent_id=site.site_id, hourly_rate=25.0)
    people.create_area(site.admin_id, name="a line", kind=AreaKind.LINE,
                       parent_id=site.department_id, hourly_rate=40.0)
    people.update_settings(site.admin_id, default_hourly_rate=20.0)

    areas = people.list_areas()
    assert [a.path for a in areas] == [
        "Plant 1",
        "Plant 1 / Assembly",
        "Plant 1 / Assembly / a line",
        "Plant 1 / Assembly / Line 1",
        "Plant 1 / Warehouse",
    ]
    assert [a.depth for a in areas] == [0, 1, 2, 2, 1]
    rates = {a.name: (a.hourly_rate, a.effective_hourly_rate) for a in areas}
    assert rates == {
        "Plant 1": (None, 20.0),  # the site default
        "Assembly": (30.0, 30.0),
        "a line": (40.0, 40.0),
        "Line 1": (None, 30.0),  # inherited from Assembly
        "Warehouse": (25.0, 25.0),
    }
    assert people.get_area(site.line_id).effective_hourly_rate == 30.0
    with db.read() as s:
        assert effective_hourly_rate(s, site.line_id) == 30.0
        assert effective_hourly_rate(s, site.site_id) == 20.0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": "X", "kind": AreaKind.LINE, "parent_id": 999}, "parent_id"),
        ({"name": "X", "kind": AreaKind.LINE}, "parent_id"),
        ({"name": "", "kind": AreaKind.LINE, "parent_id": "DEPT"}, "name"),
        ({"name": "line 1", "kind": AreaKind.LINE, "parent_id": "DEPT"}, "name"),
        ({"name": "X", "kind": AreaKind.LINE, "parent_id": "DEPT", "hourly_rate": -1},
         "hourly_rate"),
        ({"name": "X", "kind": AreaKind.LINE, "parent_id": "DEPT", "hourly_rate": float("nan")},
         "hourly_rate"),
        ({"name": "X", "kind": "zone", "parent_id": "DEPT"}, "kind"),
        ({"name": "plant 1", "kind": AreaKind.SITE}, "name"),
    ],
)
def test_create_area_validates(db, clock, kwargs, field):
    site = make_site(db, clock)
    if kwargs.get("parent_id") == "DEPT":
        kwargs["parent_id"] = site.department_id
    before = count(db, Area), count(db, AuditEvent)
    with pytest.raises(ValidationError) as error:
        site.people.create_area(site.admin_id, **kwargs)
    assert error.value.field == field
    assert (count(db, Area), count(db, AuditEvent)) == before


def test_create_area_needs_admin(db, clock):
    site = make_site(db, clock)
    with pytest.raises(PermissionDenied):
        site.people.create_area(site.supervisor_id, name="X", kind=AreaKind.LINE,
                                parent_id=site.department_id)


def test_update_area_moves_and_refuses_cycles(db, clock):
    site = make_site(db, clock)
    people = site.people
    other = people.create_area(site.admin_id, name="Packing", kind=AreaKind.DEPARTMENT,
                               parent_id=site.site_id)
    moved = people.update_area(site.admin_id, site.line_id, name="Line 1", hourly_rate=35.0,
                               parent_id=other.id)
    assert moved.path == "Plant 1 / Packing / Line 1" and moved.effective_hourly_rate == 35.0
    event = audit_events(db, "area")[-1]
    assert event.before == {"parent_id": site.department_id, "hourly_rate": None}
    assert event.after == {"parent_id": other.id, "hourly_rate": 35.0}

    # Neither under itself nor under one of its own areas.
    with pytest.raises(ValidationError) as error:
        people.update_area(site.admin_id, other.id, name="Packing", hourly_rate=None,
                           parent_id=other.id)
    assert error.value.field == "parent_id"
    with pytest.raises(ValidationError) as error:
        people.update_area(site.admin_id, other.id, name="Packing", hourly_rate=None,
                           parent_id=site.line_id)
    assert error.value.field == "parent_id"
    with pytest.raises(ValidationError) as error:
        people.update_area(site.admin_id, other.id, name="Assembly", hourly_rate=None,
                           parent_id=site.site_id)
    assert error.value.field == "name"
    with pytest.raises(PermissionDenied):
        people.update_area(site.staff_id, other.id, name="P", hourly_rate=None,
                           parent_id=site.site_id)



@pytest.mark.parametrize("rate", [-1.0, float("nan"), MAX_HOURLY_RATE * 2])
def test_update_area_checks_the_rate_as_create_does(db, clock, rate):
    site = make_site(db, clock)
    before = count(db, AuditEvent), site.people.get_area(site.line_id)
    with pytest.raises(ValidationError) as error:
        site.people.update_area(site.admin_id, site.line_id, name="Line 1", hourly_rate=rate,
                                parent_id=site.department_id)
    assert error.value.field == "hourly_rate"
    assert (count(db, AuditEvent), site.people.get_area(site.line_id)) == before
def test_retired_area_hides_its_branch(db, clock):
    site = make_site(db, clock)
    with pytest.raises(Conflict):
        site.people.set_area_active(site.admin_id, site.department_id, False)
    site.people.set_area_active(site.admin_id, site.line_id, False)
    site.people.set_area_active(site.admin_id, site.department_id, False)
    assert [a.name for a in site.people.list_areas()] == ["Plant 1"]
    assert len(site.people.list_areas(include_inactive=True)) == 3
    with pytest.raises(Conflict):
        site.people.set_area_active(site.admin_id, site.line_id, True)
    with pytest.raises(ValidationError) as error:
        site.people.create_person(site.admin_id, name="N", role=Role.STAFF,
                                  home_area_id=site.line_id)
    assert error.value.field == "home_area_id"


# --- settings ------------------------------------------------------------------------------------


def test_settings_defaults_and_update(db, clock):
    site = make_site(db, clock)
    assert site.people.settings() == SiteSettings(site_name="Plant 1")
    updated = site.people.update_settings(site.admin_id, currency="usd", default_hourly_rate=42.5,
                                          stale_after_days=21, ageing_after_days=7)
    assert updated == SiteSettings(site_name="Plant 1", currency="USD", default_hourly_rate=42.5,
                                   stale_after_days=21, ageing_after_days=7)
    assert site.people.settings() == updated
    event = audit_events(db, "settings")[-1]
    assert event.before == {"currency": "EUR", "default_hourly_rate": 30.0,
                            "stale_after_days": 30, "ageing_after_days": 14}
    assert event.after["currency"] == "USD"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"currency": "euro"}, "currency"),
        ({"default_hourly_rate": -5}, "default_hourly_rate"),
        ({"default_hourly_rate": float("inf")}, "default_hourly_rate"),
        ({"stale_after_days": 0}, "stale_after_days"),
        ({"stale_after_days": 2.5}, "stale_after_days"),
        ({"ageing_after_days": 40}, "ageing_after_days"),
        ({"site_name": ""}, "site_name"),
        ({"colour": "red"}, "colour"),
        ({"idle_signout_minutes": -1}, "idle_signout_minutes"),
        ({"idle_signout_minutes": 721}, "idle_signout_minutes"),
        ({"idle_signout_minutes": 7.5}, "idle_signout_minutes"),
        ({"idle_signout_minutes": "soon"}, "idle_signout_minutes"),
    ],
)
def test_update_settings_validates(db, clock, fields, field):
    site = make_site(db, clock)
    before = count(db, Setting), count(db, AuditEvent)
    with pytest.raises(ValidationError) as error:
        site.people.update_settings(site.admin_id, **fields)
    assert error.value.field == field
    assert (count(db, Setting), count(db, AuditEvent)) == before
    assert site.people.settings() == SiteSettings(site_name="Plant 1")


def test_idle_sign_out_time_is_a_site_setting_and_audited(db, clock):
    """Issue 16: supervisors and admins are signed out of shared PCs after a set idle time."""
    site = make_site(db, clock)
    assert site.people.settings().idle_signout_minutes == 15
    with pytest.raises(PermissionDenied):
        site.people.update_settings(site.supervisor_id, idle_signout_minutes=60)
    updated = site.people.update_settings(site.admin_id, idle_signout_minutes=5)
    assert updated.idle_signout_minutes == 5
    assert site.people.settings().idle_signout_minutes == 5
    event = audit_events(db, "settings")[-1]
    assert (event.before, event.after) == ({"idle_signout_minutes": 15},
                                           {"idle_signout_minutes": 5})
    assert site.people.update_settings(site.admin_id, idle_signout_minutes=0) \
        .idle_signout_minutes == 0  # never


def test_settings_need_admin(db, clock):
    site = make_site(db, clock)
    with pytest.raises(PermissionDenied):
        site.people.update_settings(site.supervisor_id, currency="USD")


def test_unreadable_setting_falls_back_to_default(db, clock):
    site = make_site(db, clock)
    with db.write() as s:
        s.add(Setting(key="stale_after_days", value="soon"))
    assert site.people.settings().stale_after_days == 30


def test_stale_person_and_area_copies_are_refused_in_their_own_words(db, clock):
    # Optimistic locking (a version counter per row, SQLAlchemy's version_id_col pattern):
    # a save from an older copy is refused, naming what changed and both versions.
    site = make_site(db, clock)
    staff = site.people.get_person(site.staff_id)
    site.people.update_person(site.admin_id, staff.id, name="Stan S.", role=Role.STAFF,
                              home_area_id=None, expected_version=staff.version)
    with pytest.raises(Conflict, match=(
            rf"^Someone else changed Stan S\. while you were editing it \(.*your copy is version "
            rf"{staff.version}, the saved one is version {staff.version + 1}\)\. Reload it and "
            r"make your change again\.$")):
        site.people.update_person(site.admin_id, staff.id, name="Stale", role=Role.STAFF,
                                  home_area_id=None, expected_version=staff.version)
    line = site.people.get_area(site.line_id)
    site.people.update_area(site.admin_id, line.id, name="Line 9", hourly_rate=None,
                            parent_id=line.parent_id, expected_version=line.version)
    with pytest.raises(Conflict, match=(
            rf"^Someone else changed the area Line 9 while you were editing it \(.*your copy is "
            rf"version {line.version}, the saved one is version {line.version + 1}\)\. Reload "
            r"it and make your change again\.$")):
        site.people.update_area(site.admin_id, line.id, name="Line 0", hourly_rate=None,
                                parent_id=line.parent_id, expected_version=line.version)
