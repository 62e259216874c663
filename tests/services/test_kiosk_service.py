"""The kiosk's reads and badge numbers (issue 22): pick oneself by badge, see one's own ideas;
only admins set badges, each badge belongs to one person (the unique index of revision 0012)."""

from __future__ import annotations

import pytest

from kaizen.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from kaizen.services.kiosk import KioskService

from .factories import audit_events, idea


@pytest.fixture
def kiosk(db, clock) -> KioskService:
    return KioskService(db, clock)


def test_people_by_name_and_by_badge(site, kiosk) -> None:
    assert [p.name for p in kiosk.people()] == ["Ada Admin", "Olga Other", "Sam Supervisor",
                                                "Stan Staff"]
    kiosk.set_badge_number(site.admin_id, site.staff_id, "  A-0042 ")
    found = kiosk.person_by_badge("A-0042")
    assert (found.id, found.badge_number, found.needs_pin) == (site.staff_id, "A-0042", False)
    assert [e.after for e in audit_events(site.db, "person")][-1] == {"badge_number": "A-0042"}
    with pytest.raises(NotFound, match="No one working here has the badge 9999"):
        kiosk.person_by_badge("9999")
    with pytest.raises(ValidationError) as caught:
        kiosk.person_by_badge("   ")
    assert caught.value.field == "badge_number"
    site.people.set_active(site.admin_id, site.staff_id, False)  # a retired badge opens nothing
    with pytest.raises(NotFound):
        kiosk.person_by_badge("A-0042")


def test_badges_are_set_by_admins_once_each(site, kiosk) -> None:
    with pytest.raises(PermissionDenied):
        kiosk.set_badge_number(site.supervisor_id, site.staff_id, "17")
    kiosk.set_badge_number(site.admin_id, site.staff_id, "17")
    with pytest.raises(Conflict, match="already belongs to Stan Staff"):
        kiosk.set_badge_number(site.admin_id, site.other_staff_id, "17")
    with pytest.raises(ValidationError):
        kiosk.set_badge_number(site.admin_id, site.other_staff_id, "17; DROP")
    assert kiosk.set_badge_number(site.admin_id, site.staff_id, "").badge_number is None
    assert kiosk.set_badge_number(site.admin_id, site.other_staff_id, "17").badge_number == "17"


def test_my_ideas_newest_first(site, kiosk, clock) -> None:
    first = site.suggestions.create(site.staff_id, idea(site, title="First"))
    clock.advance(minutes=5)
    second = site.suggestions.create(site.staff_id, idea(site, title="Second"))
    site.suggestions.create(site.other_staff_id, idea(site, title="Not mine"))
    assert [(i.id, i.title) for i in kiosk.my_ideas(site.staff_id)] == [
        (second.id, "Second"), (first.id, "First")]


def test_the_person_forms_save_a_badge_in_the_same_unit_of_work(site, kiosk) -> None:
    """create_person/update_person take the badge (the person dialog's one call); left out on
    update it stays, blank takes it away, a taken or bad one is refused on ``badge_number`` and
    nothing of the call is saved."""
    from kaizen.domain.enums import Role

    people = site.people
    new = people.create_person(site.admin_id, name="Bea Badge", role=Role.STAFF,
                               badge_number=" B-7 ")
    assert new.badge_number == "B-7" and kiosk.person_by_badge("B-7").id == new.id
    assert audit_events(site.db, "person")[-1].after["badge_number"] == "B-7"
    kept = people.update_person(site.admin_id, new.id, name="Bea Badge-Smith", role=Role.STAFF,
                                home_area_id=None)
    assert kept.badge_number == "B-7"
    with pytest.raises(ValidationError) as taken:
        people.update_person(site.admin_id, site.staff_id, name="Stan Renamed", role=Role.STAFF,
                             home_area_id=people.get_person(site.staff_id).home_area_id,
                             badge_number="B-7")
    assert taken.value.field == "badge_number"
    assert str(taken.value) == "The badge B-7 already belongs to Bea Badge-Smith."
    assert people.get_person(site.staff_id).name == "Stan Staff"  # nothing of it saved
    with pytest.raises(ValidationError) as bad:
        people.create_person(site.admin_id, name="Nia New", role=Role.STAFF, badge_number="B 8")
    assert bad.value.field == "badge_number"
    assert "Nia New" not in [p.name for p in people.list_people()]
    cleared = people.update_person(site.admin_id, new.id, name="Bea Badge-Smith",
                                   role=Role.STAFF, home_area_id=None, badge_number="  ")
    assert cleared.badge_number is None
    assert audit_events(site.db, "person")[-1].before["badge_number"] == "B-7"
