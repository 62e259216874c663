"""ObservationService: log waste, price it, edit it, and turn it into an idea in one step."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from kaizen.db.models import AuditEvent, Suggestion, WasteObservation
from kaizen.domain.enums import SuggestionStatus, WasteCategory
from kaizen.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError

from .factories import audit_events, count, idea, observation


def _unchanged(db):
    return count(db, WasteObservation), count(db, Suggestion), count(db, AuditEvent)


def test_create_computes_the_yearly_cost(site, db, clock):
    # Line 1 inherits 30/h from Assembly: 6 min x 10/week x 52 weeks = 52 h = 1,560 a year.
    obs = site.observations.create(site.staff_id, observation(site))
    assert obs.hourly_rate == 30.0
    assert obs.yearly_hours == pytest.approx(52.0)
    assert obs.yearly_cost == pytest.approx(1_560.0)
    assert (obs.observer_name, obs.area_name) == ("Stan Staff", "Line 1")
    assert obs.observed_at == obs.created_at == clock.now
    assert (obs.suggestion_id, obs.suggestion_title) == (None, None)
    assert site.observations.get(obs.id) == obs
    [event] = audit_events(db, "waste_observation")
    assert (event.action, event.person_id) == ("create", site.staff_id)
    assert event.after["minutes_per_occurrence"] == 6.0
    assert "yearly_cost" not in event.after  # derived, never stored


def test_direct_cost_and_rate_changes_reprice(site, clock):
    obs = site.observations.create(
        site.staff_id, observation(site, cost_per_occurrence=2.5,
                                   observed_at=clock.now - timedelta(days=1))
    )
    # (6/60 x 30 + 2.5) x 10 x 52 = 5.5 x 520 = 2,860
    assert obs.yearly_cost == pytest.approx(2_860.0)
    assert obs.observed_at == clock.now - timedelta(days=1)
    site.people.update_area(site.admin_id, site.line_id, name="Line 1", hourly_rate=60.0,
                            parent_id=site.department_id)
    # (6/60 x 60 + 2.5) x 520 = 8.5 x 520 = 4,420: nothing stored had to change.
    assert site.observations.get(obs.id).yearly_cost == pytest.approx(4_420.0)
    assert site.observations.list_recent()[0].yearly_cost == pytest.approx(4_420.0)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"description": ""}, "description"),
        ({"description": "x" * 100_000}, "description"),
        ({"minutes_per_occurrence": -1}, "minutes_per_occurrence"),
        ({"minutes_per_occurrence": 10_081}, "minutes_per_occurrence"),
        ({"minutes_per_occurrence": float("nan")}, "minutes_per_occurrence"),
        ({"occurrences_per_week": 100_001}, "occurrences_per_week"),
        ({"occurrences_per_week": None}, "occurrences_per_week"),
        ({"cost_per_occurrence": -0.01}, "cost_per_occurrence"),
        ({"cost_per_occurrence": float("inf")}, "cost_per_occurrence"),
        ({"area_id": 999}, "area_id"),
        ({"category": "sloth"}, "category"),
        ({"observed_at": datetime(2030, 1, 1)}, "observed_at"),
        ({"observed_at": "yesterday"}, "observed_at"),
    ],
)
def test_create_validates(site, db, changes, field):
    before = _unchanged(db)
    with pytest.raises(ValidationError) as error:
        site.observations.create(site.staff_id, observation(site, **changes))
    assert error.value.field == field
    assert _unchanged(db) == before


def test_zero_values_are_allowed(site):
    obs = site.observations.create(
        site.staff_id, observation(site, minutes_per_occurrence=0, occurrences_per_week=0)
    )
    assert obs.yearly_cost == 0.0


def test_update_own_observation(site, db):
    obs = site.observations.create(site.staff_id, observation(site))
    updated = site.observations.update(
        site.staff_id, obs.id, observation(site, minutes_per_occurrence=12),
        expected_version=obs.version,
    )
    assert updated.yearly_cost == pytest.approx(3_120.0)
    assert updated.version == obs.version + 1 and updated.observed_at == obs.observed_at
    event = audit_events(db, "waste_observation")[-1]
    assert (event.action, event.before, event.after) == (
        "update", {"minutes_per_occurrence": 6.0}, {"minutes_per_occurrence": 12.0}
    )
    with pytest.raises(Conflict, match="version"):
        site.observations.update(site.staff_id, obs.id, observation(site),
                                 expected_version=obs.version)
    assert site.observations.get(obs.id).minutes_per_occurrence == 12.0


def test_update_permissions(site, db):
    obs = site.observations.create(site.staff_id, observation(site))
    before = _unchanged(db)
    with pytest.raises(PermissionDenied, match="own"):
        site.observations.update(site.other_staff_id, obs.id, observation(site, description="x"))
    assert _unchanged(db) == before
    assert site.observations.update(site.supervisor_id, obs.id,
                                    observation(site, description="Checked")).description \
        == "Checked"


def test_update_validates(site, db):
    obs = site.observations.create(site.staff_id, observation(site))
    before = _unchanged(db)
    with pytest.raises(ValidationError) as error:
        site.observations.update(site.staff_id, obs.id,
                                 observation(site, minutes_per_occurrence=-5))
    assert error.value.field == "minutes_per_occurrence"
    assert _unchanged(db) == before
    with pytest.raises(NotFound):
        site.observations.get(999)


def test_list_recent_by_time_seen(site, clock):
    old = site.observations.create(
        site.staff_id, observation(site, observed_at=clock.now - timedelta(days=3))
    )
    new = site.observations.create(site.other_staff_id, observation(site))
    assert [o.id for o in site.observations.list_recent()] == [new.id, old.id]
    assert [o.id for o in site.observations.list_recent(limit=1)] == [new.id]


def test_link_to_suggestion(site, db):
    obs = site.observations.create(site.staff_id, observation(site))
    suggestion = site.suggestions.create(site.staff_id, idea(site))
    with pytest.raises(ValidationError) as error:
        site.observations.link_to_suggestion(site.staff_id, obs.id, 999)
    assert error.value.field == "suggestion_id"
    linked = site.observations.link_to_suggestion(site.staff_id, obs.id, suggestion.id)
    assert (linked.suggestion_id, linked.suggestion_title) == (suggestion.id, suggestion.title)
    event = audit_events(db, "waste_observation")[-1]
    assert (event.action, event.before, event.after) == (
        "link", {"suggestion_id": None}, {"suggestion_id": suggestion.id}
    )
    # Once it led to an idea, staff no longer change it; a supervisor may.
    with pytest.raises(PermissionDenied, match="supervisor"):
        site.observations.update(site.staff_id, obs.id, observation(site))
    with pytest.raises(PermissionDenied):
        site.observations.link_to_suggestion(site.staff_id, obs.id, None)
    unlinked = site.observations.link_to_suggestion(site.supervisor_id, obs.id, None)
    assert unlinked.suggestion_id is None


def test_create_suggestion_from_observation(site, db, clock):
    obs = site.observations.create(
        site.staff_id,
        observation(site, description="Operators wait for the forklift at dock 2 every "
                    "morning, sometimes for a long time, because it serves dock 5 first\n"
                    "Second line of detail."),
    )
    clock.advance(hours=1)
    created = site.observations.create_suggestion_from(site.staff_id, obs.id)

    assert created.status is SuggestionStatus.SUBMITTED
    assert len(created.title) <= 80 and created.title.endswith("…")
    assert created.title.startswith("Operators wait for the forklift at dock 2")
    assert created.problem.startswith(obs.description)
    assert "1,560.00 EUR a year" in created.problem
    assert created.wastes == [WasteCategory.WAITING]
    assert created.area_id == site.line_id and created.submitter_id == site.staff_id
    assert created.expected_savings == pytest.approx(1_560.0)
    assert site.observations.get(obs.id).suggestion_id == created.id
    assert [(e.entity, e.action) for e in audit_events(db)[-2:]] == [
        ("suggestion", "create"), ("waste_observation", "link")
    ]

    before = _unchanged(db)
    with pytest.raises(Conflict, match=f"#{created.id}"):
        site.observations.create_suggestion_from(site.supervisor_id, obs.id)
    assert _unchanged(db) == before


def test_short_description_becomes_the_title(site):
    obs = site.observations.create(site.staff_id, observation(site, description="Waiting\nmore"))
    assert site.observations.create_suggestion_from(site.staff_id, obs.id).title == "Waiting"


def test_create_suggestion_from_is_all_or_nothing(site, db):
    obs = site.observations.create(site.staff_id, observation(site))
    # The area was retired after the waste was seen: the new idea cannot go there, so neither the
    # idea nor the link may be saved.
    site.people.set_area_active(site.admin_id, site.line_id, False)
    before = _unchanged(db)
    with pytest.raises(ValidationError) as error:
        site.observations.create_suggestion_from(site.staff_id, obs.id)
    assert error.value.field == "area_id"
    assert _unchanged(db) == before
    assert site.observations.get(obs.id).suggestion_id is None


def test_staff_cannot_turn_someone_elses_observation_into_an_idea(site, db):
    obs = site.observations.create(site.staff_id, observation(site))
    before = _unchanged(db)
    with pytest.raises(PermissionDenied):
        site.observations.create_suggestion_from(site.other_staff_id, obs.id)
    assert _unchanged(db) == before
    assert site.observations.create_suggestion_from(site.supervisor_id, obs.id).submitter_id \
        == site.supervisor_id


def test_long_description_still_fits(site):
    obs = site.observations.create(site.staff_id, observation(site, description="x" * 20_000))
    created = site.observations.create_suggestion_from(site.staff_id, obs.id)
    assert len(created.problem) <= 20_000 and "EUR a year" in created.problem


def test_failure_after_the_idea_is_added_rolls_both_back(site, db, monkeypatch):
    obs = site.observations.create(site.staff_id, observation(site))
    before = _unchanged(db)

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    # Fails after the idea and its audit row were added, before the link is written.
    monkeypatch.setattr("kaizen.services.observations.snapshot", broken)
    with pytest.raises(RuntimeError):
        site.observations.create_suggestion_from(site.staff_id, obs.id)
    assert _unchanged(db) == before
