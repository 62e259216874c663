"""Kaizen's own improvement process as an event log: one case per idea, its statuses (from the
audit trail) and PDCA stages (from the stage changes) as events, mined like any log.

The figures are worked out by hand from the clock steps below (issue 19, "Where ideas stall");
the discovery itself is checked against pm4py in tests/mining.
"""

from __future__ import annotations

import pytest

from kaizen.domain.enums import PdcaStage
from kaizen.domain.errors import ValidationError
from kaizen.mining.discovery import directly_follows, variants
from kaizen.services.own_process_log import OwnProcessLogService
from kaizen.services.pdca import PdcaService
from tests.services.factories import idea


def test_no_idea_yet_is_said_in_words(db, clock, site) -> None:
    with pytest.raises(ValidationError, match="No idea has been submitted yet"):
        OwnProcessLogService(db, clock).improvement_log()


def test_ideas_statuses_and_stages_become_cases_and_events(db, clock, site) -> None:
    pdca = PdcaService(db, clock)
    # Idea 1: submitted, 2 days later under review, 1 day later accepted (cycle 1 enters Plan
    # at that instant).
    first = site.suggestions.create(site.staff_id, idea(site, title="Label the racks"))
    clock.advance(days=2)
    site.suggestions.start_review(site.supervisor_id, first.id)
    clock.advance(days=1)
    site.suggestions.accept(site.supervisor_id, first.id, owner_id=site.supervisor_id)
    # Idea 2: submitted, 4 days later rejected from review.
    second = site.suggestions.create(site.staff_id, idea(site, title="Paint the floor"))
    clock.advance(days=4)
    site.suggestions.start_review(site.supervisor_id, second.id)
    site.suggestions.reject(site.supervisor_id, second.id, "Not now.")
    cycle = pdca.current_cycle(first.id)
    assert cycle is not None and cycle.stage is PdcaStage.PLAN

    log = OwnProcessLogService(db, clock).improvement_log()
    assert log.cases == 2
    traces = {v.activities: v.cases for v in variants(log)}
    assert traces == {
        ("Idea submitted", "Idea under review", "Idea accepted", "Cycle 1: Plan"): 1,
        ("Idea submitted", "Idea under review", "Idea rejected"): 1,
    }
    edges = {(e.source_name, e.target_name): e for e in directly_follows(log)}
    wait = edges[("Idea submitted", "Idea under review")]
    # Idea 1 waited 2 days for review, idea 2 four: mean 3 days.
    assert wait.count == 2 and wait.mean_s == pytest.approx(3 * 86400)
    assert edges[("Idea accepted", "Cycle 1: Plan")].mean_s == 0
    assert set(log.resource_names) >= {"Sam Supervisor"}
    assert {name.split(" ", 1)[1] for name in log.case_names} == {"Label the racks",
                                                                  "Paint the floor"}
