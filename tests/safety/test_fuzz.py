"""Point 8 of the data-safety issue: bad input, fuzzed with hypothesis, through the services and
the CSV import. Any text (NUL, lone surrogates, right-to-left marks, huge strings), numbers out of
range, NaN and infinities, wrong types (text for numbers, None, dicts, lists), odd dates (year 1,
year 9999, with a time zone). Every refusal must be a typed KaizenError (ValidationError,
PermissionDenied, NotFound, Conflict) and leave the database exactly as it was; anything else
(a TypeError, an OverflowError, a driver error) is a bug.

Each test draws 60 examples against one small plant: the same ones on every run (derandomized;
see FUZZ below for a random or a longer hunt); no example database is written anywhere.
"""

from __future__ import annotations

import math
import os
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from services.factories import Site, make_site

from kaizen.domain.enums import (
    AreaKind,
    MeasurementPhase,
    MetricDirection,
    PdcaStage,
    Role,
    SavingsKind,
    WasteCategory,
)
from kaizen.domain.errors import KaizenError, ValidationError
from kaizen.services import Services
from kaizen.services.measurement_import import (
    ParsedRow,
    parse_measurement_csv,
    parse_pasted_values,
)
from kaizen.services.observations import ObservationInput
from kaizen.services.suggestions import SuggestionInput

from .conftest import fingerprint

# The same 60 examples on every run, here and in CI (derandomize): a pass or a failure means
# the same thing each time, and a mutation that breaks a guard is caught reproducibly.
# KAIZEN_FUZZ_RANDOM=1 draws fresh examples; KAIZEN_FUZZ_EXAMPLES=2000 for a long hunt;
# KAIZEN_FUZZ_SHRINK=0 reports the first failing example as found (shrinking one can take
# minutes: for mutation runs, see docs/data-safety.md).
FUZZ = settings(max_examples=int(os.environ.get("KAIZEN_FUZZ_EXAMPLES", "60")), deadline=None,
                database=None, derandomize=os.environ.get("KAIZEN_FUZZ_RANDOM") != "1",
                phases=[phase for phase in Phase if phase is not Phase.shrink
                        or os.environ.get("KAIZEN_FUZZ_SHRINK") != "0"],
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])

# --- what people (and programs) may type -------------------------------------------------------

NASTY_TEXT = [
    "", " ", "\x00", "a\x00b", "\ud800", "x\udfffy", "\u202egnp.exe", "\u200f\u05e2\u05d1\u05e8",
    "\ufeff", "\r\n", "=cmd|' /C calc'!A0", "'; DROP TABLE suggestions; --", "\U0001f600" * 60,
    "é" * 201, "a" * 20_001, "b" * 250_000,
]
any_char = st.characters(exclude_categories=())  # surrogates included
lone_surrogates = st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3).map(
    lambda text: f"ok {text}")
texts = st.one_of(st.sampled_from(NASTY_TEXT), lone_surrogates, st.text(max_size=40),
                  st.text(any_char, max_size=20))
YEAR_ONE, YEAR_9999 = datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59)
ZONES = st.sampled_from([None, UTC, timezone(timedelta(hours=14)),
                         timezone(timedelta(hours=-12))])
datetimes = st.one_of(
    st.sampled_from([YEAR_ONE, YEAR_9999, YEAR_ONE.replace(tzinfo=timezone(timedelta(hours=5))),
                     YEAR_9999.replace(tzinfo=timezone(timedelta(hours=-5)))]),
    st.datetimes(min_value=YEAR_ONE, max_value=YEAR_9999, timezones=ZONES),
)
dates = st.one_of(st.sampled_from([date(1, 1, 1), date(9999, 12, 31)]),
                  st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
numbers = st.one_of(
    st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 1e308, -1e308, 10**400, -(10**400),
                     2**63, 5e-324, -1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**70), max_value=2**70),
)
wrong = st.one_of(
    st.none(), st.booleans(), texts, st.dictionaries(st.text(max_size=3), st.integers(),
                                                     max_size=2),
    st.lists(st.integers(), max_size=3), dates, datetimes, st.just(object()),
    st.just(b"bytes"), st.just(1 + 2j),
)
anything = st.one_of(numbers, wrong)
# What a text field gets when broken: nasty text half the time, a wrong type the other half.
bad_texts = texts | wrong
bad_ids = st.one_of(st.sampled_from([0, -1, 2**63, -(2**63) - 1, 10**30, True, 1.0, "1"]),
                    st.integers(min_value=-(2**70), max_value=2**70), wrong)


class Fields:
    """Draws a call's arguments so that each example breaks at most two of them (usually one):
    with every field at once wrong, the first check would refuse them all and the later checks
    would never be reached."""

    def __init__(self, data: st.DataObject, *names: str) -> None:
        self._data = data
        self.broken = data.draw(st.sets(st.sampled_from(names), max_size=2), label="broken")

    def __call__(self, name: str, good: st.SearchStrategy[Any],
                 bad: st.SearchStrategy[Any] = anything) -> Any:
        return self._data.draw(bad if name in self.broken else good, label=name)

    def id(self, name: str, *valid: int) -> Any:
        return self(name, st.sampled_from(valid), bad_ids)


# --- the plant and the check -------------------------------------------------------------------


@pytest.fixture
def plant(db, clock, photos_dir) -> tuple[Services, Site]:
    site = make_site(db, clock)
    return Services.create(db, clock, attachments_dir=photos_dir), site


def refused_or_done(db, action, *, refusal_may_write: bool = False) -> None:
    """Run ``action``; a refusal must be typed and (unless it records itself) change nothing."""
    before = fingerprint(db)
    try:
        action()
    except KaizenError:
        if not refusal_may_write:
            assert fingerprint(db) == before, "a refused call changed the database"
    except Exception as exc:  # noqa: BLE001 - the point: nothing but typed errors
        pytest.fail(f"untyped {type(exc).__name__}: {exc!r}"[:500])


# --- the services -------------------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_ideas_refuse_bad_input_with_typed_errors(plant, db, data):
    services, site = plant
    f = Fields(data, "actor", "title", "problem", "proposal", "area_id", "wastes",
               "expected_savings", "implementation_cost", "impact", "effort", "photos",
               "version")
    actor = f.id("actor", site.staff_id, site.supervisor_id)
    values = {
        "title": f("title", st.text(min_size=1, max_size=30), bad_texts),
        "problem": f("problem", st.text(max_size=30), bad_texts),
        "proposal": f("proposal", st.text(max_size=30), bad_texts),
        "area_id": f.id("area_id", site.line_id, site.department_id),
        "wastes": f("wastes", st.lists(st.sampled_from(list(WasteCategory)), max_size=3),
                    st.one_of(wrong, st.lists(anything, min_size=1, max_size=3))),
        "expected_savings": f("expected_savings", st.floats(0, 1e6), numbers | wrong),
        "implementation_cost": f("implementation_cost", st.floats(0, 1e6), numbers | wrong),
        "impact": f("impact", st.integers(1, 5)),
        "effort": f("effort", st.integers(1, 5)),
    }
    photos = f("photos", st.just(()), st.one_of(wrong, st.lists(anything, min_size=1,
                                                                 max_size=2)))
    refused_or_done(db, lambda: services.suggestions.create(actor, SuggestionInput(**values),
                                                            photos=photos))
    existing = services.suggestions.list_recent(1)
    if existing:
        version = f("version", st.just(existing[0].version))
        refused_or_done(db, lambda: services.suggestions.update(
            actor, existing[0].id, SuggestionInput(**values), expected_version=version))


@FUZZ
@given(data=st.data())
def test_reviews_and_comments_refuse_bad_input_with_typed_errors(plant, db, data):
    services, site = plant
    idea_id = services.suggestions.create(site.staff_id, SuggestionInput(
        title="Fuzzed idea", problem="", proposal="", area_id=site.line_id)).id
    f = Fields(data, "actor", "idea", "text", "owner", "due", "parent", "ids", "action")
    actor = f.id("actor", site.supervisor_id, site.staff_id)
    target = f.id("idea", idea_id)
    text = f("text", st.text(min_size=1, max_size=20), bad_texts)
    owner = f("owner", st.sampled_from([site.staff_id, None]), bad_ids)
    due = f("due", st.sampled_from([None, date(2026, 12, 24)]), dates | anything)
    parent = f("parent", st.none(), bad_ids)
    many = f("ids", st.just([target]), st.one_of(wrong, st.lists(anything, max_size=3)))
    action = f("action", st.sampled_from(["accept", "reject", "send_back"]))
    refused_or_done(db, lambda: services.suggestions.add_comment(actor, target, text, parent))
    refused_or_done(db, lambda: services.suggestions.assign(actor, target, owner_id=owner,
                                                            due_date=due))
    refused_or_done(db, lambda: services.suggestions.review_many(
        actor, many, action, reason_or_note=text, owner_id=owner, due_date=due))
    refused_or_done(db, lambda: services.suggestions.reject(actor, target, text))


@FUZZ
@given(data=st.data())
def test_observations_refuse_bad_input_with_typed_errors(plant, db, data):
    services, site = plant
    f = Fields(data, "actor", "category", "area_id", "description", "minutes",
               "occurrences", "cost", "observed_at", "link")
    actor = f.id("actor", site.staff_id)
    values = ObservationInput(
        category=f("category", st.sampled_from(list(WasteCategory))),
        area_id=f.id("area_id", site.line_id),
        description=f("description", st.text(min_size=1, max_size=30), bad_texts),
        minutes_per_occurrence=f("minutes", st.floats(0, 100), numbers | wrong),
        occurrences_per_week=f("occurrences", st.floats(0, 100), numbers | wrong),
        cost_per_occurrence=f("cost", st.none() | st.floats(0, 100)),
        observed_at=f("observed_at", st.none(), datetimes | wrong),
    )
    link = f("link", st.none(), bad_ids)
    refused_or_done(db, lambda: services.observations.create(actor, values))
    existing = services.observations.list_recent(1)
    if existing:
        refused_or_done(db, lambda: services.observations.link_to_suggestion(
            actor, existing[0].id, link))


@FUZZ
@given(data=st.data())
def test_pdca_refuses_bad_input_with_typed_errors(plant, db, data):
    services, site = plant
    idea_id = services.suggestions.create(site.staff_id, SuggestionInput(
        title="Cycle", problem="", proposal="", area_id=site.line_id)).id
    cycle_id = services.suggestions.accept(site.supervisor_id, idea_id).current_cycle_id
    f = Fields(data, "actor", "cycle", "problem", "why", "cause", "metric", "from", "to", "by",
               "countermeasure", "version", "action", "owner", "due", "stage", "note")
    actor = f.id("actor", site.supervisor_id)
    cycle = f.id("cycle", cycle_id)
    plan = {
        "problem_statement": f("problem", st.text(max_size=20), bad_texts),
        "why_chain": f("why", st.lists(st.text(max_size=10), max_size=5),
                       st.one_of(wrong, st.lists(anything, min_size=1, max_size=7))),
        "root_cause": f("cause", st.text(max_size=20), bad_texts),
        "target_metric": f("metric", st.text(max_size=20), bad_texts),
        "target_from": f("from", st.floats(-1e6, 1e6), numbers | wrong),
        "target_to": f("to", st.floats(-1e6, 1e6), numbers | wrong),
        "target_by": f("by", st.none() | st.just(date(2026, 12, 31)), dates | anything),
        "countermeasure": f("countermeasure", st.text(max_size=20), bad_texts),
        "expected_version": f("version", st.none()),
    }
    action = {
        "text": f("action", st.text(min_size=1, max_size=10), bad_texts),
        "owner_id": f("owner", st.none() | st.just(site.staff_id), bad_ids),
        "due_date": f("due", st.none() | st.just(date(2026, 12, 1)), dates | anything),
    }
    stage = f("stage", st.sampled_from(list(PdcaStage)))
    note = f("note", st.text(max_size=10), bad_texts)
    refused_or_done(db, lambda: services.pdca.update_plan(actor, cycle, **plan))
    refused_or_done(db, lambda: services.pdca.add_action(actor, cycle, **action))
    refused_or_done(db, lambda: services.pdca.move(actor, cycle, stage, note=note))


@FUZZ
@given(data=st.data())
def test_measurements_and_savings_refuse_bad_input_with_typed_errors(plant, db, data):
    services, site = plant
    idea_id = services.suggestions.create(site.staff_id, SuggestionInput(
        title="Measured", problem="", proposal="", area_id=site.line_id)).id
    services.suggestions.accept(site.supervisor_id, idea_id)
    metric = services.measurements.add_metric(site.supervisor_id, idea_id, name="m", unit="",
                                              direction=MetricDirection.LOWER_IS_BETTER).id
    f = Fields(data, "actor", "idea", "name", "unit", "direction", "metric", "phase", "values",
               "measured_at", "rows", "month", "amount", "kind", "forecast", "note")
    actor = f.id("actor", site.supervisor_id)
    target = f.id("idea", idea_id)
    metric_fields = {
        "name": f("name", st.text(min_size=1, max_size=10), bad_texts),
        "unit": f("unit", st.text(max_size=5), bad_texts),
        "direction": f("direction", st.sampled_from(list(MetricDirection))),
    }
    samples = (
        f.id("metric", metric),
        f("phase", st.sampled_from(list(MeasurementPhase))),
        f("values", st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=5),
          st.one_of(wrong, st.lists(anything, min_size=1, max_size=4))),
        f("measured_at", st.none(), datetimes | wrong),
    )
    rows = f("rows", st.lists(st.builds(ParsedRow, st.sampled_from(list(MeasurementPhase)),
                                        st.floats(0, 9), st.none()), min_size=1, max_size=3),
             st.one_of(wrong, st.lists(st.builds(ParsedRow, anything, anything, anything),
                                       min_size=1, max_size=3),
                       st.lists(st.builds(ParsedRow, st.just("before"), numbers, datetimes),
                                min_size=1, max_size=3)))
    entry = {
        "month": f("month", st.just("2026-10"), texts | wrong),
        "amount": f("amount", st.floats(0, 1e6), numbers | wrong),
        "kind": f("kind", st.sampled_from(list(SavingsKind))),
        "is_forecast": f("forecast", st.booleans()),
        "note": f("note", st.text(max_size=10), bad_texts),
    }
    refused_or_done(db, lambda: services.measurements.add_metric(actor, target, **metric_fields))
    refused_or_done(db, lambda: services.measurements.add_measurements(actor, *samples))
    refused_or_done(db, lambda: services.measurements.import_rows(actor, metric, rows))
    refused_or_done(db, lambda: services.savings.add_entry(actor, target, **entry))


@FUZZ
@given(data=st.data())
def test_people_areas_and_settings_refuse_bad_input_with_typed_errors(plant, db, data):
    services, site = plant
    f = Fields(data, "actor", "name", "role", "home", "pin", "area", "kind", "parent", "rate",
               "value", "who", "pin to check")
    actor = f.id("actor", site.admin_id)
    person = {
        "name": f("name", st.text(min_size=1, max_size=20), bad_texts),
        "role": f("role", st.sampled_from(list(Role))),
        "home_area_id": f("home", st.sampled_from([None, site.line_id]), bad_ids),
        "pin": f("pin", st.sampled_from([None, "1357"]), texts | wrong),
    }
    area = {
        "name": f("area", st.text(min_size=1, max_size=20), bad_texts),
        "kind": f("kind", st.sampled_from([AreaKind.DEPARTMENT, AreaKind.LINE])),
        "parent_id": f.id("parent", site.site_id, site.department_id),
        "hourly_rate": f("rate", st.none() | st.floats(0, 500), numbers | wrong),
    }
    setting = data.draw(st.sampled_from(["site_name", "currency", "default_hourly_rate",
                                         "stale_after_days", "ageing_after_days"]))
    value = f("value", st.sampled_from(["Plant 9", "USD", 35.0, 20, 10]))
    refused_or_done(db, lambda: services.people.create_person(actor, **person))
    refused_or_done(db, lambda: services.people.create_area(actor, **area))
    refused_or_done(db, lambda: services.people.update_settings(actor, **{setting: value}))
    # A wrong PIN is refused and counted (the count is what rate-limits guessing).
    who = f.id("who", site.admin_id)
    pin = f("pin to check", st.just("1234"), texts | wrong)
    refused_or_done(db, lambda: services.people.authenticate(who, pin), refusal_may_write=True)


# --- the CSV import and pasted columns -----------------------------------------------------------

cells = st.one_of(texts, st.sampled_from(
    ["before", "after", "BEFORE", "1.5", "1,5", "1e400", "-0", "nan", "inf", "1 234,5",
     "0001-01-01", "9999-12-31 23:59", "0001-01-01T00:00:00+05:00",
     "9999-12-31T23:59:59-05:00", "2026-02-30", "\"", "\"\"\"", ";", ""]))
# Lines that mostly parse, so the odd numbers and dates reach the import itself.
phase_cells = st.sampled_from(["before", "after", "After", " before "])
value_cells = st.one_of(st.sampled_from(["1.5", "1,5", "-0", "1e308", "9" * 400, "1 234,5",
                                         "0.000001", "-12"]),
                        st.floats(allow_nan=False, allow_infinity=False).map(repr))
date_cells = st.one_of(
    st.sampled_from(["", "0001-01-01", "9999-12-31", "0001-01-01T00:00:00+05:00",
                     "9999-12-31T23:59:59-05:00", "0001-01-01 00:00:00+14:00",
                     "9999-12-31T23:59:59.999999-12:00", "2026-03-31 14:05"]),
    datetimes.map(lambda d: d.isoformat()),
)
good_lines = st.lists(st.tuples(phase_cells, value_cells, date_cells).map(";".join),
                      min_size=1, max_size=4)
csv_text = st.one_of(
    good_lines.map("\n".join),
    st.lists(st.lists(cells, min_size=1, max_size=4).map(lambda r: ";".join(r)),
             max_size=6).map("\n".join),
    st.text(any_char, max_size=60),
    st.binary(max_size=60),
)


@FUZZ
@given(source=csv_text, header=st.booleans())
def test_the_csv_import_refuses_bad_files_with_typed_errors(plant, db, source, header):
    services, site = plant
    idea_id = services.suggestions.create(site.staff_id, SuggestionInput(
        title="Imported", problem="", proposal="", area_id=site.line_id)).id
    metric = services.measurements.add_metric(site.supervisor_id, idea_id, name="m", unit="",
                                              direction=MetricDirection.LOWER_IS_BETTER).id
    if header and isinstance(source, str):
        source = "phase;value;measured_at\n" + source

    def parse_and_store() -> None:
        rows = parse_measurement_csv(source)
        services.measurements.import_rows(site.supervisor_id, metric, rows)

    refused_or_done(db, parse_and_store)


@FUZZ
@given(source=st.one_of(st.lists(cells, max_size=8).map("\n".join), st.text(any_char), wrong))
def test_pasted_columns_refuse_bad_text_with_typed_errors(plant, db, source):
    services, site = plant
    idea_id = services.suggestions.create(site.staff_id, SuggestionInput(
        title="Pasted", problem="", proposal="", area_id=site.line_id)).id
    metric = services.measurements.add_metric(site.supervisor_id, idea_id, name="m", unit="",
                                              direction=MetricDirection.LOWER_IS_BETTER).id

    def parse_and_store() -> None:
        parsed = parse_pasted_values(source)
        services.measurements.add_measurements(site.supervisor_id, metric,
                                               MeasurementPhase.BEFORE, parsed.values)

    refused_or_done(db, parse_and_store)


# --- huge strings, every text field, every time ---------------------------------------------------
# The fuzz above meets a huge string in only a few of its examples; each field's length cap is
# checked here on every run (without the caps a 250,000-character text would be stored).

HUGE = "b" * 250_000


def _huge_text_calls(services: Services, site: Site) -> dict[str, tuple[str, Any]]:
    """What to call with one field huge: (the field the refusal must name, the call)."""
    idea_id = services.suggestions.create(site.staff_id, SuggestionInput(
        title="Long texts", problem="", proposal="", area_id=site.line_id)).id
    cycle_id = services.suggestions.accept(site.supervisor_id, idea_id).current_cycle_id

    def idea(**field: str) -> Any:
        values = {"title": "Idea", "problem": "", "proposal": "", "area_id": site.line_id}
        return lambda: services.suggestions.create(site.staff_id,
                                                   SuggestionInput(**(values | field)))

    def plan(**field: str) -> Any:
        values = {"problem_statement": "", "why_chain": [], "root_cause": "",
                  "target_metric": "", "target_from": None, "target_to": None,
                  "target_by": None, "countermeasure": ""}
        return lambda: services.pdca.update_plan(site.supervisor_id, cycle_id,
                                                 **(values | field))

    return {
        "idea title": ("title", idea(title=HUGE)),
        "idea problem": ("problem", idea(problem=HUGE)),
        "idea proposal": ("proposal", idea(proposal=HUGE)),
        "comment": ("body", lambda: services.suggestions.add_comment(site.staff_id, idea_id,
                                                                      HUGE)),
        "observation": ("description", lambda: services.observations.create(
            site.staff_id, ObservationInput(category=WasteCategory.WAITING, area_id=site.line_id,
                                            description=HUGE, minutes_per_occurrence=1.0,
                                            occurrences_per_week=1.0))),
        "plan problem": ("problem_statement", plan(problem_statement=HUGE)),
        "plan why": ("why_chain", plan(why_chain=[HUGE])),
        "plan root cause": ("root_cause", plan(root_cause=HUGE)),
        "plan countermeasure": ("countermeasure", plan(countermeasure=HUGE)),
        "action": ("text", lambda: services.pdca.add_action(site.supervisor_id, cycle_id,
                                                            text=HUGE)),
        "person": ("name", lambda: services.people.create_person(site.admin_id, name=HUGE,
                                                                 role=Role.STAFF)),
        "area": ("name", lambda: services.people.create_area(
            site.admin_id, name=HUGE, kind=AreaKind.LINE, parent_id=site.department_id)),
        "metric": ("name", lambda: services.measurements.add_metric(
            site.supervisor_id, idea_id, name=HUGE, unit="",
            direction=MetricDirection.LOWER_IS_BETTER)),
        "savings note": ("note", lambda: services.savings.add_entry(
            site.supervisor_id, idea_id, month="2026-10", amount=1.0, kind=SavingsKind.HARD,
            note=HUGE)),
    }


def test_a_huge_text_is_refused_naming_its_field_in_every_form(plant, db):
    services, site = plant
    calls = _huge_text_calls(services, site)
    before = fingerprint(db)
    wrong: dict[str, str] = {}
    for what, (field, call) in calls.items():
        try:
            call()
        except ValidationError as refusal:
            if refusal.field != field:
                wrong[what] = f"refused naming {refusal.field!r}, not {field!r}"
            continue
        except Exception as exc:  # noqa: BLE001 - the point: a typed refusal and nothing else
            wrong[what] = f"untyped {type(exc).__name__}: {exc}"[:200]
            continue
        wrong[what] = "stored"
    assert not wrong, wrong
    assert fingerprint(db) == before
