"""The inbox (issue 22): what waits for the person working, by role, from one read.

What counts follows the design's roles (docs: design.md "Rules": supervisors review, move PDCA
stages, validate savings; staff create) and the dashboard's own definitions: an action is
overdue the day after its due date, a card ages after the site's ``ageing_after_days``, a KPI
signal is the dashboard's "improvement not holding" (Wheeler's XmR run rule, kaizen/services/
kpis.py, tested in test_kpis.py).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from pdca_factories import reach_check

from kaizen.domain.enums import SavingsKind
from kaizen.domain.errors import PermissionDenied
from kaizen.services.inbox import ITEMS_PER_KIND, InboxKind, InboxService
from kaizen.services.kpis import KpiService
from kaizen.services.measurements import MeasurementService
from kaizen.services.pdca import PdcaService
from kaizen.services.processes import ProcessService
from kaizen.services.savings import SavingsService

from .factories import accepted_cycle, idea
from .process_factories import MAP, standardise


@pytest.fixture
def inbox(db, clock) -> InboxService:
    return InboxService(db, clock)


def test_nothing_waits_on_a_new_site(site, inbox) -> None:
    for person in (site.admin_id, site.supervisor_id, site.staff_id):
        box = inbox.inbox(person)
        assert box.total == 0 and box.items == ()
    assert set(inbox.inbox(site.supervisor_id).counts) == set(InboxKind)
    # Staff review nothing, validate nothing and map no process: those kinds are not theirs.
    assert set(inbox.inbox(site.staff_id).counts) == {InboxKind.OVERDUE_ACTION,
                                                       InboxKind.WAITING_CARD}


def test_ideas_to_review_for_reviewers_only(site, inbox) -> None:
    first = site.suggestions.create(site.staff_id, idea(site, title="Tape by the table"))
    second = site.suggestions.create(site.other_staff_id, idea(site, title="Label printer"))
    site.suggestions.start_review(site.supervisor_id, second.id)
    box = inbox.inbox(site.supervisor_id)
    assert box.counts[InboxKind.REVIEW] == 2
    assert [(i.title, i.suggestion_id) for i in box.of(InboxKind.REVIEW)] == [
        (f"#{first.id} Tape by the table", first.id), (f"#{second.id} Label printer", second.id)]
    assert box.of(InboxKind.REVIEW)[1].detail.startswith("Under review since 2026-11-02")
    assert InboxKind.REVIEW not in inbox.inbox(site.staff_id).counts
    site.suggestions.accept(site.supervisor_id, first.id, owner_id=site.supervisor_id)
    assert inbox.inbox(site.admin_id).counts[InboxKind.REVIEW] == 1


def test_my_overdue_actions_from_the_day_after_their_due_date(site, db, clock, inbox) -> None:
    pdca = PdcaService(db, clock)
    cycle = accepted_cycle(site, pdca, title="Shadow board")
    today = clock().date()
    late = pdca.add_action(site.supervisor_id, cycle.id, text="Buy the board",
                           owner_id=site.staff_id, due_date=today - timedelta(days=3))
    pdca.add_action(site.supervisor_id, cycle.id, text="Due today", owner_id=site.staff_id,
                    due_date=today)
    pdca.add_action(site.supervisor_id, cycle.id, text="Someone else's",
                    owner_id=site.other_staff_id, due_date=today - timedelta(days=3))
    done = pdca.add_action(site.supervisor_id, cycle.id, text="Done already",
                           owner_id=site.staff_id, due_date=today - timedelta(days=9))
    pdca.set_action_done(site.supervisor_id, done.id, True)
    [item] = inbox.inbox(site.staff_id).of(InboxKind.OVERDUE_ACTION)
    assert item.title == "Buy the board" and late.text == "Buy the board"
    assert item.detail.startswith(f"Due {today - timedelta(days=3):%Y-%m-%d}, 3 days late")
    assert (item.suggestion_id, item.cycle_id) == (cycle.suggestion_id, cycle.id)
    assert inbox.inbox(site.other_staff_id).counts[InboxKind.OVERDUE_ACTION] == 1


def test_cards_waiting_on_their_owner_after_the_ageing_days(site, db, clock, inbox) -> None:
    cycle = accepted_cycle(site, PdcaService(db, clock), title="Shadow board")
    ageing = site.people.settings().ageing_after_days
    clock.advance(days=ageing - 1)
    assert inbox.inbox(site.supervisor_id).counts[InboxKind.WAITING_CARD] == 0
    clock.advance(days=1)
    [card] = inbox.inbox(site.supervisor_id).of(InboxKind.WAITING_CARD)
    assert card.detail == f"In Plan for {ageing} days (cycle 1)"
    assert card.cycle_id == cycle.id
    assert inbox.inbox(site.admin_id).counts[InboxKind.WAITING_CARD] == 0  # not the owner


def test_savings_to_validate(site, db, clock, inbox) -> None:
    cycle = accepted_cycle(site, PdcaService(db, clock))
    savings = SavingsService(db, clock)
    actual = savings.add_entry(site.supervisor_id, cycle.suggestion_id, month="2026-10",
                               amount=350.0, kind=SavingsKind.HARD)
    savings.add_entry(site.supervisor_id, cycle.suggestion_id, month="2026-12", amount=400.0,
                      kind=SavingsKind.HARD, is_forecast=True)  # a forecast is not validated
    [item] = inbox.inbox(site.admin_id).of(InboxKind.SAVINGS)
    assert item.savings_id == actual.id and item.suggestion_id == cycle.suggestion_id
    assert item.detail.startswith("2026-10: 350 EUR hard savings")
    reach_check(db, cycle.id)  # savings are validated once the change reached Check (issue 16)
    savings.validate(site.admin_id, actual.id, override_reason="Counted on the invoice")
    assert inbox.inbox(site.admin_id).counts[InboxKind.SAVINGS] == 0


def test_kpi_signals_on_the_processes_of_my_area(site, db, clock, inbox) -> None:
    processes, kpis = ProcessService(db, clock), KpiService(db, clock)
    process = processes.create_process(site.supervisor_id, name="Order picking",
                                       area_id=site.line_id, document=MAP)
    series = kpis.add_series(site.supervisor_id, process.process.id, kind="cycle_time")
    idea_id = standardise(site, PdcaService(db, clock), MeasurementService(db, clock))
    processes.link_idea(site.supervisor_id, process.steps[1].id, idea_id)
    done = clock()
    # As test_kpis.py: a run of points on the worse side of the new level.
    points = [6.0, 7.0] * 10 + [7.5] * 8
    kpis.add_points(site.supervisor_id, series.id,
                    [(done + timedelta(days=i), v) for i, v in enumerate(points)])
    [signal] = inbox.inbox(site.supervisor_id).of(InboxKind.KPI_SIGNAL)  # home: Assembly
    assert (signal.process_id, signal.series_id) == (process.process.id, series.id)
    assert "drifting back" in signal.detail
    assert inbox.inbox(site.admin_id).counts[InboxKind.KPI_SIGNAL] == 1  # the site: all
    # A supervisor of another department does not see this line's process.
    other = site.people.create_area(site.admin_id, name="Paint", kind="department",
                                    parent_id=site.site_id)
    site.people.update_person(site.admin_id, site.supervisor_id, name="Sam Supervisor",
                              role="supervisor", home_area_id=other.id)
    assert inbox.inbox(site.supervisor_id).counts[InboxKind.KPI_SIGNAL] == 0


def test_counts_are_whole_while_the_list_is_capped(site, inbox) -> None:
    for number in range(ITEMS_PER_KIND + 3):
        site.suggestions.create(site.staff_id, idea(site, title=f"Idea {number}"))
    box = inbox.inbox(site.supervisor_id)
    assert box.counts[InboxKind.REVIEW] == ITEMS_PER_KIND + 3
    assert len(box.of(InboxKind.REVIEW)) == ITEMS_PER_KIND
    assert box.of(InboxKind.REVIEW)[0].title.endswith("Idea 0")  # the oldest first


def test_counts_stop_at_the_cap(site, inbox, monkeypatch) -> None:
    from kaizen.services import inbox as module

    for number in range(5):
        site.suggestions.create(site.staff_id, idea(site, title=f"Idea {number}"))
    # The cap is built into the statement: a small one, rebuilt, shows the "N+" behaviour.
    monkeypatch.setattr(module, "COUNT_CAP", 3)
    monkeypatch.setattr(module, "_COUNTS", module.select(
        *(module._count(module._SUG, module._SUG.c.status == st) for st in module._TO_REVIEW),
        module._count(module._ACTIONS_OF_CYCLES, *module._OVERDUE),
        module._count(module._CYCLES_OF_IDEAS, *module._WAITING),
        module._count(module._SAV, *module._UNVALIDATED)))
    box = inbox.inbox(site.supervisor_id)
    assert box.counts[InboxKind.REVIEW] == 4 and box.capped
    assert box.count_text(InboxKind.REVIEW) == "3+" and box.count_text() == "4+"
    monkeypatch.setattr(module, "COUNT_CAP", 5)
    assert not box.capped and box.count_text() == "4"


def test_nobody_or_a_retired_person_has_no_inbox(site, inbox) -> None:
    with pytest.raises(PermissionDenied):
        inbox.inbox(9999)
    site.people.set_active(site.admin_id, site.other_staff_id, False)
    with pytest.raises(PermissionDenied):
        inbox.inbox(site.other_staff_id)


def test_one_read_transaction(site, db, inbox, monkeypatch) -> None:
    opened: list[str] = []
    read, write = db.read, db.write
    monkeypatch.setattr(db, "read", lambda: (opened.append("read"), read())[1])
    monkeypatch.setattr(db, "write", lambda: (opened.append("write"), write())[1])
    inbox.inbox(site.supervisor_id)
    assert opened == ["read"]
