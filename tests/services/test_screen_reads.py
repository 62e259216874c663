"""The idea and observation dialogs read through one service call each (issue 15, point 2:
one read transaction per screen). Each read must hold exactly what the single calls give, so
the dialog shows the same data as before, from one moment."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaizen.domain.errors import NotFound
from kaizen.services import Services

from .factories import idea, make_site, observation
from .test_attachments import picture


@pytest.fixture
def site(db, clock):
    return make_site(db, clock)


@pytest.fixture
def services(db, clock, tmp_path: Path) -> Services:
    return Services.create(db, clock, attachments_dir=tmp_path / "photos")


def test_an_ideas_detail_is_one_read_of_what_the_single_calls_give(site, services, tmp_path):
    photos = [picture(tmp_path / "a.png"), picture(tmp_path / "b.png", colour=(0, 0, 255))]
    made = services.suggestions.create(site.staff_id, idea(site), photos=photos)
    services.suggestions.add_comment(site.supervisor_id, made.id, "Which shelf?")
    services.suggestions.accept(site.supervisor_id, made.id, owner_id=site.supervisor_id)
    # A photo whose file went missing is shown with the reason, not dropped.
    missing = services.attachments.list_for_suggestion(made.id)[1]
    services.attachments.path_of(missing.id).unlink()

    detail = services.suggestions.detail(made.id)
    assert detail.info == services.suggestions.get(made.id)
    assert detail.comments == services.suggestions.list_comments(made.id)
    assert [c.body for c in detail.comments] == ["Which shelf?"]
    assert detail.cycle == services.pdca.current_cycle(made.id)
    assert detail.cycle is not None and detail.cycle.number == 1
    assert detail.areas == services.people.list_areas()
    assert detail.people == services.people.list_people()
    assert detail.history == services.board.audit_trail("suggestion", made.id)
    assert [e.action for e in detail.history] == ["create", "accept"]
    assert detail.currency == services.people.settings().currency
    first, second = detail.photos
    assert (first.name, first.path) == ("a.png", services.attachments.path_of(first.attachment_id))
    assert (second.name, second.path) == ("b.png", None)
    assert "missing" in second.problem
    with pytest.raises(NotFound):
        services.suggestions.detail(9999)


def test_an_idea_before_acceptance_has_no_cycle(site, services):
    made = services.suggestions.create(site.staff_id, idea(site))
    detail = services.suggestions.detail(made.id)
    assert detail.cycle is None and detail.photos == [] and detail.comments == []


def test_an_observations_detail_is_one_read_of_what_the_single_calls_give(site, services,
                                                                         tmp_path):
    made = services.observations.create(site.staff_id, observation(site),
                                        photos=[picture(tmp_path / "w.png")])
    detail = services.observations.detail(made.id)
    assert detail.info == services.observations.get(made.id)
    assert detail.areas == services.people.list_areas()
    assert detail.history == services.board.audit_trail("waste_observation", made.id)
    assert [e.action for e in detail.history][:1] == ["create"]
    assert detail.currency == services.people.settings().currency
    [photo] = detail.photos
    assert photo.path == services.attachments.path_of(photo.attachment_id)
    with pytest.raises(NotFound):
        services.observations.detail(9999)


def test_the_people_and_areas_page_is_one_read_of_what_the_single_calls_give(site, db,
                                                                            monkeypatch):
    """Everyone (inactive too), every area (retired too) and the settings, from one unit of
    work: the page's three calls were three transactions, which a change landing between them
    could make disagree (an area's rate from one moment, the site default from another)."""
    people = site.people
    people.set_active(site.admin_id, site.other_staff_id, False)
    people.set_area_active(site.admin_id, site.line_id, False)
    people.update_settings(site.admin_id, currency="CHF", default_hourly_rate=41.5)

    reads = []
    real_read = db.read

    def counted_read():
        reads.append(1)
        return real_read()

    monkeypatch.setattr(db, "read", counted_read)
    overview = people.admin_overview()
    assert len(reads) == 1
    monkeypatch.undo()

    assert overview.people == people.list_people(active_only=False)
    assert "Olga Other" in [p.name for p in overview.people if not p.active]
    assert overview.areas == people.list_areas(include_inactive=True)
    assert [a.active for a in overview.areas if a.name == "Line 1"] == [False]
    assert overview.settings == people.settings()
    assert (overview.settings.currency, overview.settings.default_hourly_rate) == ("CHF", 41.5)
