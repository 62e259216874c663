"""The kiosk's reads and badge numbers (issue 22): pick oneself by badge, see one's own ideas;
only admins set badges, each badge belongs to one person (the unique index of revision 0012)."""

from __future__ import annotations

import pytest

from kaizen.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from kaizen.services.kiosk import KioskService

from .factories import audit_events, idea, make_site


@pytest.fixture
def site(db, clock):
    return make_site(db, clock)


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
