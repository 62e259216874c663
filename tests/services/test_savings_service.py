"""SavingsService: the ledger, validation and locking, corrections and monthly totals in SQL."""

from __future__ import annotations

import pytest
from pdca_factories import (
    World,
    audit_count,
    make_suggestion,
    make_world,
    reach_check,
    row_counts,
)
from sqlalchemy import select

from kaizen.db.engine import Database
from kaizen.db.models import AuditEvent, Setting, Suggestion
from kaizen.domain.enums import SavingsKind
from kaizen.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from kaizen.services.savings import SavingsService

# Savings follow proof (issue 17): these ideas have no measured proof, so validating them
# takes the validator's written reason.
WHY = "Confirmed by the line report"

HARD, SOFT, AVOID = SavingsKind.HARD, SavingsKind.SOFT, SavingsKind.AVOIDANCE


@pytest.fixture
def world(db: Database, clock) -> World:
    """The idea's cycle is in Check: its savings may be validated (by a second person)."""
    made = make_world(db, clock())
    reach_check(db, made.cycle_id)
    return made


@pytest.fixture
def svc(db: Database, clock) -> SavingsService:
    return SavingsService(db, clock)


def test_add_entry(svc: SavingsService, world: World, clock, db: Database) -> None:
    entry = svc.add_entry(world.supervisor_id, world.suggestion_id, month=" 2026-10 ",
                          amount=1250, kind=HARD, note="Less overtime")
    assert (entry.month, entry.amount, entry.kind, entry.is_forecast) == ("2026-10", 1250.0,
                                                                          HARD, False)
    assert (entry.note, entry.corrects_id, entry.created_by_id) == (
        "Less overtime", None, world.supervisor_id)
    assert entry.created_at == clock() and entry.validated_at is None and not entry.locked
    assert svc.list_entries(world.suggestion_id) == [entry]
    with db.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.entity == "savings_entry")).one()
        assert event.action == "add" and event.after["amount"] == 1250.0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"month": "2026-13"}, "month"),
        ({"month": "2026-00"}, "month"),
        ({"month": "2026-1"}, "month"),
        ({"month": "26-01"}, "month"),
        ({"month": "2026/01"}, "month"),
        ({"month": "0999-01"}, "month"),
        ({"amount": -5.0}, "amount"),
        ({"amount": float("nan")}, "amount"),
        ({"amount": float("inf")}, "amount"),
        ({"amount": "100"}, "amount"),
        ({"kind": "imaginary"}, "kind"),
    ],
)
def test_add_entry_refusals_change_nothing(svc: SavingsService, world: World, db: Database,
                                           kwargs: dict, field: str) -> None:
    values = {"month": "2026-10", "amount": 100.0, "kind": HARD} | kwargs
    counts = row_counts(db)
    events = audit_count(db)
    with pytest.raises(ValidationError) as err:
        svc.add_entry(world.supervisor_id, world.suggestion_id, **values)
    assert err.value.field == field
    assert row_counts(db) == counts and audit_count(db) == events


def test_add_entry_unknown_suggestion(svc: SavingsService, world: World) -> None:
    with pytest.raises(NotFound):
        svc.add_entry(world.supervisor_id, 9999, month="2026-10", amount=1, kind=HARD)


def test_staff_cannot_record_or_validate(svc: SavingsService, world: World,
                                         db: Database) -> None:
    entry = svc.add_entry(world.supervisor_id, world.suggestion_id, month="2026-10",
                          amount=10, kind=HARD)
    counts = row_counts(db)
    with pytest.raises(PermissionDenied, match="record savings"):
        svc.add_entry(world.staff_id, world.suggestion_id, month="2026-10", amount=1, kind=HARD)
    with pytest.raises(PermissionDenied, match="validate savings"):
        svc.validate(world.staff_id, entry.id, override_reason=WHY)
    with pytest.raises(PermissionDenied):
        svc.update_entry(world.staff_id, entry.id, amount=20)
    assert row_counts(db) == counts


def test_validate_locks_the_entry(svc: SavingsService, world: World, clock) -> None:
    entry = svc.add_entry(world.supervisor_id, world.suggestion_id, month="2026-10",
                          amount=10, kind=HARD)
    clock.advance(days=1)
    done = svc.validate(world.admin_id, entry.id, override_reason=WHY)
    assert done.locked and done.validated_by_id == world.admin_id
    assert done.validated_at == clock()
    with pytest.raises(Conflict, match="already validated by Ada Admin on 2026-11-03"):
        svc.validate(world.supervisor_id, entry.id, override_reason=WHY)


def test_forecasts_cannot_be_validated(svc: SavingsService, world: World, db: Database) -> None:
    forecast = svc.add_entry(world.supervisor_id, world.suggestion_id, month="2027-01",
                             amount=500, kind=SOFT, is_forecast=True)
    counts = row_counts(db)
    with pytest.raises(Conflict, match="forecast cannot be validated"):
        svc.validate(world.supervisor_id, forecast.id, override_reason=WHY)
    assert row_counts(db) == counts


def test_update_entry_before_validation(svc: SavingsService, world: World, db: Database) -> None:
    entry = svc.add_entry(world.supervisor_id, world.suggestion_id, month="2026-10",
                          amount=10, kind=HARD, is_forecast=True)
    updated = svc.update_entry(world.supervisor_id, entry.id, month="2026-09", amount=12.5,
                               kind=SOFT, is_forecast=False, note="Actual from payroll")
    assert (updated.month, updated.amount, updated.kind, updated.is_forecast, updated.note) == (
        "2026-09", 12.5, SOFT, False, "Actual from payroll")
    with db.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "update")).one()
        assert event.before["amount"] == 10.0 and event.after["amount"] == 12.5
    counts = row_counts(db)
    with pytest.raises(ValidationError) as err:
        svc.update_entry(world.supervisor_id, entry.id, amount=-1)
    assert err.value.field == "amount"
    assert row_counts(db) == counts


def test_locked_entries_refuse_updates(svc: SavingsService, world: World, db: Database) -> None:
    entry = svc.add_entry(world.supervisor_id, world.suggestion_id, month="2026-10",
                          amount=10, kind=HARD)
    svc.validate(world.admin_id, entry.id, override_reason=WHY)
    counts = row_counts(db)
    with pytest.raises(Conflict, match="locked; add a correction"):
        svc.update_entry(world.supervisor_id, entry.id, amount=11)
    assert row_counts(db) == counts
    assert svc.list_entries(world.suggestion_id)[0].amount == 10.0


def test_a_correction_is_a_new_entry(svc: SavingsService, world: World, db: Database) -> None:
    entry = svc.add_entry(world.supervisor_id, world.suggestion_id, month="2026-10",
                          amount=1000, kind=HARD)
    svc.validate(world.admin_id, entry.id, override_reason=WHY)
    fix = svc.correct(world.supervisor_id, entry.id, amount_delta=-150,
                      note="Overtime rate was wrong")
    assert (fix.corrects_id, fix.amount, fix.month, fix.kind) == (entry.id, -150.0, "2026-10",
                                                                  HARD)
    assert not fix.locked and not fix.is_forecast
    listed = svc.list_entries(world.suggestion_id)
    assert [(e.id, e.amount, e.locked) for e in listed] == [
        (entry.id, 1000.0, True), (fix.id, -150.0, False)]
    assert svc.monthly_totals("2026-10", "2026-10") == [("2026-10", HARD, False, 850.0)]
    # An unvalidated correction may still be edited (and stays allowed to be negative).
    assert svc.update_entry(world.supervisor_id, fix.id, amount=-100).amount == -100.0
    with pytest.raises(ValidationError) as err:
        svc.update_entry(world.supervisor_id, fix.id, note=" ")
    assert err.value.field == "note"
    # The correction can be validated, and then it is locked too.
    assert svc.validate(world.admin_id, fix.id, override_reason=WHY).locked
    with db.read() as s:
        actions = s.scalars(select(AuditEvent.action).where(
            AuditEvent.entity == "savings_entry").order_by(AuditEvent.id)).all()
    assert actions == ["add", "validate", "correct", "update", "validate"]


def test_correction_refusals(svc: SavingsService, world: World, db: Database) -> None:
    open_entry = svc.add_entry(world.supervisor_id, world.suggestion_id, month="2026-10",
                               amount=10, kind=HARD)
    with pytest.raises(Conflict, match="not validated yet"):
        svc.correct(world.supervisor_id, open_entry.id, amount_delta=1, note="x")
    svc.validate(world.admin_id, open_entry.id, override_reason=WHY)
    counts = row_counts(db)
    for kwargs, field in (
        ({"amount_delta": 5, "note": "  "}, "note"),
        ({"amount_delta": 0, "note": "zero"}, "amount_delta"),
        ({"amount_delta": float("nan"), "note": "nan"}, "amount_delta"),
    ):
        with pytest.raises(ValidationError) as err:
            svc.correct(world.supervisor_id, open_entry.id, **kwargs)
        assert err.value.field == field
    with pytest.raises(PermissionDenied):
        svc.correct(world.staff_id, open_entry.id, amount_delta=1, note="x")
    assert row_counts(db) == counts


def test_monthly_totals_grouped_in_sql(svc: SavingsService, world: World, db: Database,
                                       clock) -> None:
    other, _ = make_suggestion(db, submitter_id=world.staff_id, area_id=world.area_id,
                               at=clock(), title="Kanban for screws")
    sup = world.supervisor_id
    for sid, month, amount, kind, forecast in (
        (world.suggestion_id, "2026-09", 100, HARD, False),
        (other, "2026-09", 50, HARD, False),
        (world.suggestion_id, "2026-09", 30, SOFT, False),
        (world.suggestion_id, "2026-10", 200, HARD, False),
        (world.suggestion_id, "2026-10", 999, HARD, True),
        (other, "2026-11", 70, AVOID, False),
        (world.suggestion_id, "2026-08", 1, HARD, False),  # before the range
        (world.suggestion_id, "2027-01", 1, HARD, False),  # after the range
    ):
        svc.add_entry(sup, sid, month=month, amount=amount, kind=kind, is_forecast=forecast)
    # Ordered by month, then kind, actuals before forecasts; both ideas count.
    assert svc.monthly_totals("2026-09", "2026-12") == [
        ("2026-09", HARD, False, 150.0),
        ("2026-09", SOFT, False, 30.0),
        ("2026-10", HARD, False, 200.0),
        ("2026-10", HARD, True, 999.0),
        ("2026-11", AVOID, False, 70.0),
    ]
    assert svc.monthly_totals("2025-01", "2025-12") == []


def test_monthly_totals_checks_its_months(svc: SavingsService, world: World) -> None:
    with pytest.raises(ValidationError) as err:
        svc.monthly_totals("2026-13", "2026-12")
    assert err.value.field == "from_month"
    with pytest.raises(ValidationError) as err:
        svc.monthly_totals("2026-12", "2026-01")
    assert err.value.field == "to_month"


def test_the_ledger_is_one_read_with_roi_and_payback(svc: SavingsService, world: World,
                                                     db: Database) -> None:
    """``ledger()`` gives the ledger screen everything in one read transaction. ROI is
    (gain − cost) ÷ cost (the textbook definition, e.g. Investopedia "Return on Investment"),
    counted on validated actuals; payback is the first month whose cumulative validated
    savings reach the one-off cost. Figures worked by hand below."""
    with db.write() as s:
        s.get(Suggestion, world.suggestion_id).implementation_cost = 1000.0
    sup = world.supervisor_id
    jan = svc.add_entry(sup, world.suggestion_id, month="2026-01", amount=400, kind=HARD)
    feb = svc.add_entry(sup, world.suggestion_id, month="2026-02", amount=850, kind=HARD)
    svc.add_entry(sup, world.suggestion_id, month="2026-02", amount=100, kind=SOFT)  # not valid.
    svc.add_entry(sup, world.suggestion_id, month="2026-03", amount=500, kind=HARD,
                  is_forecast=True)
    svc.add_entry(sup, world.suggestion_id, month="2026-04", amount=600, kind=HARD,
                  is_forecast=True)
    svc.validate(world.admin_id, jan.id, override_reason=WHY)
    svc.validate(world.admin_id, feb.id, override_reason=WHY)

    ledger = svc.ledger(world.suggestion_id)
    assert ledger.suggestion_id == world.suggestion_id
    assert [e.month for e in ledger.entries] == ["2026-01", "2026-02", "2026-02", "2026-03",
                                                 "2026-04"]
    assert ledger.entries == svc.list_entries(world.suggestion_id)
    assert ledger.summary.total_validated == 1250.0  # 400 + 850
    assert ledger.summary.total_actual == 1350.0  # and the 100 not validated
    assert ledger.summary.total_forecast == 1100.0
    assert ledger.roi == pytest.approx(0.25)  # (1250 − 1000) ÷ 1000
    assert ledger.payback == "2026-02"  # 400, then 1250 ≥ 1000
    assert ledger.forecast_payback == "2026-04"  # 500, then 1100 ≥ 1000
    assert ledger.names[sup] == "Sam Supervisor"
    with db.read() as s:
        stored_currency = s.scalar(select(Setting.value).where(Setting.key == "currency"))
    assert ledger.currency == (stored_currency or "EUR")


def test_the_ledger_without_a_cost_has_no_roi(svc: SavingsService, world: World) -> None:
    svc.add_entry(world.supervisor_id, world.suggestion_id, month="2026-01", amount=10, kind=HARD)
    ledger = svc.ledger(world.suggestion_id)
    assert (ledger.roi, ledger.payback, ledger.forecast_payback) == (None, None, None)
    with pytest.raises(NotFound):
        svc.ledger(9999)


# --- two pairs of eyes, and only once the change reached Check (issue 16) ----------------------
# Source: issue 16 ("Savings can be validated by the person who entered them, while the card is
# still in Do"): a second person validates; a site setting allows one person; only from Check.


def test_the_person_who_entered_savings_cannot_validate_them(
        svc: SavingsService, world: World, db: Database) -> None:
    entry = svc.add_entry(world.supervisor_id, world.suggestion_id, month="2026-10",
                          amount=10, kind=HARD)
    counts = row_counts(db)
    with pytest.raises(PermissionDenied, match="second person must validate"):
        svc.validate(world.supervisor_id, entry.id, override_reason=WHY)
    assert row_counts(db) == counts
    assert svc.validate(world.admin_id, entry.id, override_reason=WHY).validated_by_id == (
        world.admin_id)


def test_a_person_who_changed_the_entry_cannot_validate_it_either(
        svc: SavingsService, world: World, db: Database) -> None:
    entry = svc.add_entry(world.supervisor_id, world.suggestion_id, month="2026-10",
                          amount=10, kind=HARD)
    svc.update_entry(world.admin_id, entry.id, amount=12)
    counts = row_counts(db)
    for who in (world.admin_id, world.supervisor_id):
        with pytest.raises(PermissionDenied, match="entered or changed"):
            svc.validate(who, entry.id, override_reason=WHY)
    assert row_counts(db) == counts


def test_a_correction_is_validated_by_someone_else_than_its_author(
        svc: SavingsService, world: World) -> None:
    entry = svc.add_entry(world.supervisor_id, world.suggestion_id, month="2026-10",
                          amount=100, kind=HARD)
    svc.validate(world.admin_id, entry.id, override_reason=WHY)
    fix = svc.correct(world.admin_id, entry.id, amount_delta=-10, note="Rate was wrong")
    with pytest.raises(PermissionDenied, match="second person"):
        svc.validate(world.admin_id, fix.id, override_reason=WHY)
    assert svc.validate(world.supervisor_id, fix.id, override_reason=WHY).locked


def test_a_one_person_site_may_validate_its_own_entries_and_the_choice_is_audited(
        svc: SavingsService, world: World, db: Database, clock) -> None:
    from kaizen.services.people import PeopleService

    people = PeopleService(db, clock)
    assert people.settings().savings_one_person is False
    entry = svc.add_entry(world.supervisor_id, world.suggestion_id, month="2026-10",
                          amount=10, kind=HARD)
    with pytest.raises(PermissionDenied):
        svc.validate(world.supervisor_id, entry.id, override_reason=WHY)
    # Only an admin changes it; a wrong type is refused naming the field.
    with pytest.raises(PermissionDenied):
        people.update_settings(world.supervisor_id, savings_one_person=True)
    with pytest.raises(ValidationError) as err:
        people.update_settings(world.admin_id, savings_one_person="yes")
    assert err.value.field == "savings_one_person"
    assert people.update_settings(world.admin_id, savings_one_person=True).savings_one_person
    with db.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.entity == "settings")
                          .order_by(AuditEvent.id.desc())).first()
        assert event is not None and event.person_id == world.admin_id
        assert (event.before, event.after) == ({"savings_one_person": False},
                                               {"savings_one_person": True})
        stored = s.get(Setting, "savings_one_person")
        assert stored is not None and stored.value == "True"
    assert svc.ledger(world.suggestion_id).one_person is True
    done = svc.validate(world.supervisor_id, entry.id, override_reason=WHY)
    assert done.validated_by_id == world.supervisor_id
    # Turned off again (stored "False", read back as False, not as a non-empty string).
    assert not people.update_settings(world.admin_id, savings_one_person=False).savings_one_person
    assert people.settings().savings_one_person is False


@pytest.mark.parametrize("stage", ["plan", "do"])
def test_savings_are_validated_only_once_the_change_reached_check(
        db: Database, clock, stage: str) -> None:
    from kaizen.db.models import PdcaCycle
    from kaizen.domain.enums import PdcaStage

    svc = SavingsService(db, clock)
    world = make_world(db, clock())
    with db.write() as s:
        s.get(PdcaCycle, world.cycle_id).stage = PdcaStage(stage)
    entry = svc.add_entry(world.supervisor_id, world.suggestion_id, month="2026-10",
                          amount=10, kind=HARD)
    counts = row_counts(db)
    message = f"reached Check; cycle 1 is still in {PdcaStage(stage).label}"
    with pytest.raises(Conflict, match=message):
        svc.validate(world.admin_id, entry.id, override_reason=WHY)
    assert row_counts(db) == counts
    assert message in (svc.ledger(world.suggestion_id).not_ready or "")
    for later in ("check", "act", "done"):
        with db.write() as s:
            s.get(PdcaCycle, world.cycle_id).stage = PdcaStage(later)
        assert svc.ledger(world.suggestion_id).not_ready is None
    assert svc.validate(world.admin_id, entry.id, override_reason=WHY).locked


def test_an_idea_without_a_cycle_cannot_have_savings_validated(
        svc: SavingsService, world: World, db: Database, clock) -> None:
    idea, _ = make_suggestion(db, submitter_id=world.staff_id, area_id=world.area_id,
                              at=clock(), title="No cycle yet", with_cycle=False)
    entry = svc.add_entry(world.supervisor_id, idea, month="2026-10", amount=10, kind=HARD)
    with pytest.raises(Conflict, match="no PDCA cycle yet"):
        svc.validate(world.admin_id, entry.id, override_reason=WHY)
