"""Two people editing the same record on PostgreSQL: the second save is refused with a Conflict
that names who saved in between and when, and nothing of it is written.

Each editable record is checked: idea, observation, PDCA cycle, person, and a savings entry
(locked once validated, with who validated it). The last test makes two saves of one idea truly
meet inside the server (both check the version before either writes): the version counter stops
the second in the UPDATE itself, and it is a Conflict too, never a raw ORM error.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from pdca_factories import reach_check
from services.factories import Site, accepted_cycle, idea, make_site, observation
from sqlalchemy import event, func, select

from kaizen.db.engine import CHANGED_MEANWHILE, Database
from kaizen.db.models import AuditEvent
from kaizen.domain.enums import Role, SavingsKind
from kaizen.domain.errors import Conflict
from kaizen.services import Services
from kaizen.services.suggestions import SuggestionService

# Savings follow proof (issue 17): these ideas have no measured proof, so validating them
# takes the validator's written reason.
WHY = "Confirmed by the line report"


@pytest.fixture
def site(pg_db: Database, clock: Any) -> Site:
    return make_site(pg_db, clock)


def _audits(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def test_idea_second_save_names_who_and_when(site: Site, pg_db: Database, clock: Any) -> None:
    first = site.suggestions.create(site.staff_id, idea(site))
    clock.advance(hours=1, minutes=15)
    site.suggestions.update(site.supervisor_id, first.id, idea(site, title="Supervisor's"),
                            expected_version=first.version)
    audits = _audits(pg_db)
    with pytest.raises(Conflict) as refused:
        site.suggestions.update(site.staff_id, first.id, idea(site, title="Mine"),
                                expected_version=first.version)
    assert "changed by Sam Supervisor at 2026-11-02 10:15" in refused.value.message
    assert "Reload" in refused.value.message
    assert site.suggestions.get(first.id).title == "Supervisor's"
    assert _audits(pg_db) == audits


def test_observation_second_save_names_who_and_when(site: Site, clock: Any) -> None:
    first = site.observations.create(site.staff_id, observation(site))
    clock.advance(minutes=30)
    site.observations.update(site.supervisor_id, first.id,
                             observation(site, description="Supervisor's words"),
                             expected_version=first.version)
    with pytest.raises(Conflict) as refused:
        site.observations.update(site.staff_id, first.id, observation(site, description="Mine"),
                                 expected_version=first.version)
    assert "changed by Sam Supervisor at 2026-11-02 09:30" in refused.value.message
    assert site.observations.get(first.id).description == "Supervisor's words"


def test_person_second_save_names_who_and_when(site: Site, clock: Any) -> None:
    stan = site.people.get_person(site.staff_id)
    clock.advance(hours=2)
    site.people.update_person(site.admin_id, stan.id, name="Stan Staffer", role=Role.STAFF,
                              home_area_id=site.line_id, expected_version=stan.version)
    with pytest.raises(Conflict) as refused:
        site.people.update_person(site.admin_id, stan.id, name="Stanley", role=Role.STAFF,
                                  home_area_id=site.line_id, expected_version=stan.version)
    assert "changed by Ada Admin at 2026-11-02 11:00" in refused.value.message
    assert site.people.get_person(stan.id).name == "Stan Staffer"


def _plan(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "problem_statement": "Operators walk for tape.", "why_chain": ["No dispenser."],
        "root_cause": "", "target_metric": "Walks a shift", "target_from": 20.0,
        "target_to": 2.0, "target_by": date(2026, 12, 31), "countermeasure": "A dispenser.",
    }
    fields.update(changes)
    return fields


def test_cycle_second_save_names_who_and_when(site: Site, pg_db: Database, clock: Any) -> None:
    services = Services.create(pg_db, clock)
    cycle_id = accepted_cycle(site, services.pdca).id
    seen = services.pdca.get_cycle(cycle_id).version
    clock.advance(hours=3)
    services.pdca.update_plan(site.supervisor_id, cycle_id, **_plan(root_cause="Theirs"),
                              expected_version=seen)
    with pytest.raises(Conflict) as refused:
        services.pdca.update_plan(site.supervisor_id, cycle_id, **_plan(root_cause="Mine"),
                                  expected_version=seen)
    assert "changed by Sam Supervisor at 2026-11-02 12:00" in refused.value.message
    assert services.pdca.get_cycle(cycle_id).root_cause == "Theirs"


def test_a_validated_savings_entry_says_who_locked_it(site: Site, pg_db: Database,
                                                      clock: Any) -> None:
    services = Services.create(pg_db, clock)
    cycle = accepted_cycle(site, services.pdca)
    idea_id = cycle.suggestion_id
    reach_check(pg_db, cycle.id)  # savings are validated from Check, by a second person
    entry = services.savings.add_entry(site.admin_id, idea_id, month="2026-10",
                                       amount=120.0, kind=SavingsKind.HARD)
    clock.advance(hours=1)
    services.savings.validate(site.supervisor_id, entry.id, override_reason=WHY)
    with pytest.raises(Conflict) as refused:
        services.savings.update_entry(site.supervisor_id, entry.id, amount=999.0)
    assert "Sam Supervisor" in refused.value.message
    assert services.savings.list_entries(idea_id)[0].amount == 120.0


def test_two_saves_meeting_in_the_server_end_in_one_conflict(site: Site, pg_db: Database,
                                                             clock: Any) -> None:
    """Both saves read version 1 before either writes; the second UPDATE finds no row of that
    version (PostgreSQL re-checks the WHERE after the first commits) and is refused."""
    made = site.suggestions.create(site.staff_id, idea(site))
    other_db = Database(pg_db.url)
    second = SuggestionService(other_db, clock)
    both_read = threading.Barrier(2, timeout=120)  # a bound against a hang only

    def wait_before_update(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("UPDATE suggestions"):
            both_read.wait()

    outcomes: dict[str, Any] = {}

    def save(name: str, service: SuggestionService, title: str) -> None:
        try:
            outcomes[name] = service.update(site.supervisor_id, made.id,
                                            idea(site, title=title),
                                            expected_version=made.version)
        except Exception as exc:  # the outcome is what the test checks
            outcomes[name] = exc

    for db in (pg_db, other_db):
        event.listen(db.engine, "before_cursor_execute", wait_before_update)
    try:
        threads = [threading.Thread(target=save, args=("a", site.suggestions, "A's title")),
                   threading.Thread(target=save, args=("b", second, "B's title"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        for db in (pg_db, other_db):
            event.remove(db.engine, "before_cursor_execute", wait_before_update)
        other_db.dispose()
    refused = [v for v in outcomes.values() if isinstance(v, BaseException)]
    saved = [v for v in outcomes.values() if not isinstance(v, BaseException)]
    assert len(saved) == 1 and len(refused) == 1, outcomes
    assert isinstance(refused[0], Conflict)
    assert refused[0].message == CHANGED_MEANWHILE
    stored = site.suggestions.get(made.id)
    assert stored.title == saved[0].title and stored.version == made.version + 1
    assert date(2026, 11, 2) == stored.created_at.date()


def test_two_people_editing_one_savings_entry(site: Site, pg_db: Database, clock: Any) -> None:
    """Entries carry no version counter: the entry as the form read it is the expectation."""
    services = Services.create(pg_db, clock)
    idea_id = accepted_cycle(site, services.pdca).suggestion_id
    read = services.savings.add_entry(site.supervisor_id, idea_id, month="2026-10",
                                      amount=120.0, kind=SavingsKind.HARD)
    clock.advance(minutes=45)
    services.savings.update_entry(site.admin_id, read.id, month="2026-10", amount=150.0,
                                  kind=SavingsKind.HARD, note="Counted again", expected=read)
    with pytest.raises(Conflict) as refused:
        services.savings.update_entry(site.supervisor_id, read.id, month="2026-10",
                                      amount=99.0, kind=SavingsKind.HARD, expected=read)
    assert "changed by Ada Admin at 2026-11-02 09:45" in refused.value.message
    assert services.savings.list_entries(idea_id)[0].amount == 150.0
    # Saving again over what is stored now works.
    fresh = services.savings.list_entries(idea_id)[0]
    saved = services.savings.update_entry(site.supervisor_id, read.id, month="2026-10",
                                          amount=99.0, kind=SavingsKind.HARD, expected=fresh)
    assert saved.amount == 99.0
