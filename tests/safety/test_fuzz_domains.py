"""Issue 14, bad input by class: hypothesis draws values of every kind (text, date, time, month,
id, number) against the input domains of kaizen/domain/input_domains.py and against the read
paths the earlier fuzz (test_fuzz.py) did not reach: the list, board and dashboard filters and
the report. Two things must hold:

- every refusal is a typed KaizenError (a ValidationError naming its field), never an
  OverflowError, a driver error or a TypeError;
- whatever is accepted is inside its domain once stored: after a run of edgy but plausible
  saves, no row of any table holds a control or bidirectional character, a date or time outside
  the app's calendar, a month in other digits, or a required text that shows nothing.

Sources for the classes are those of test_input_domains.py (Python's datetime and str.isdigit
docs, SQLite's 64-bit and PostgreSQL's 32-bit INTEGER, Unicode UAX #9 / CVE-2021-42574,
Default_Ignorable_Code_Point).
Same settings as test_fuzz.py: 60 derandomized examples per test (KAIZEN_FUZZ_* to hunt longer).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from services.factories import make_site
from sqlalchemy import inspect, text

from kaizen.domain import input_domains as domains
from kaizen.domain.enums import (
    MeasurementPhase,
    MetricDirection,
    Role,
    SavingsKind,
    WasteCategory,
)
from kaizen.domain.errors import KaizenError, ValidationError
from kaizen.reports import build_monthly_report
from kaizen.services import Services
from kaizen.services.analytics import DashboardFilter
from kaizen.services.board import BoardFilter
from kaizen.services.listing import IdeaFilter, ObservationFilter
from kaizen.services.observations import ObservationInput
from kaizen.services.suggestions import SuggestionInput

from .conftest import fingerprint
from .test_fuzz import FUZZ, any_char, bad_ids, dates, datetimes, texts, wrong

# --- the edgy values of each class ---------------------------------------------------------------

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u3164\u115f\u2800\u034f\u180e\u200e\u200f"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
edgy_chars = st.sampled_from(list(INVISIBLE + BIDI + " \t\n\r\x85\u2028\u00a0\x7f\x9b"))
# Text that looks filled to a careless check: letters among invisible and direction characters.
edgy_texts = st.one_of(
    st.text(edgy_chars, min_size=1, max_size=6),
    st.tuples(st.text(edgy_chars, max_size=3), st.text(min_size=1, max_size=8),
              st.text(edgy_chars, max_size=3)).map("".join),
    texts,
)
OTHER_DIGITS = ["٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", "०१२३४५६७८९", "０１２３４５６７８９", "0123456789"]
months = st.one_of(
    st.builds(lambda year, month, digits: "".join(
        digits[int(ch)] if ch.isdigit() else ch for ch in f"{year:04d}-{month:02d}"),
        st.integers(0, 9999), st.integers(0, 13), st.sampled_from(OTHER_DIGITS)),
    st.sampled_from(["9999-12", "0001-01", "1899-12", "2999-12", "3000-01", "2026-10",
                     " 2026-10 ", "2026-10\n", "2026-1", "²⁰²⁶-¹⁰"]),
    texts,
)
huge_ids = st.one_of(st.sampled_from([2**31, 2**63, 2**70, -(2**31) - 1, -(2**63) - 1, 10**30]),
                     bad_ids)


@pytest.fixture
def plant(db, clock, photos_dir):
    site = make_site(db, clock)
    return Services.create(db, clock, attachments_dir=photos_dir), site


def typed_or_done(call) -> object:
    """Run ``call``; a refusal must be typed (a ValidationError must name its field)."""
    try:
        return call()
    except ValidationError as refusal:
        assert refusal.field, f"a ValidationError without its field: {refusal.message}"
    except KaizenError:
        pass
    except Exception as exc:  # noqa: BLE001 - the point: nothing but typed errors
        pytest.fail(f"untyped {type(exc).__name__}: {exc!r}"[:500])
    return None


# --- the domain checks on their own ---------------------------------------------------------------

_CONTROL_OR_BIDI = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@FUZZ
@given(value=st.one_of(edgy_texts, st.text(any_char, max_size=30), wrong),
       single_line=st.booleans(), required=st.booleans())
def test_clean_text_returns_only_text_inside_its_domain(value, single_line, required):
    try:
        cleaned = domains.clean_text(value, "f", "F", max_len=50, required=required,
                                     single_line=single_line)
    except ValidationError as refusal:
        assert refusal.field == "f"
        return
    cleaned.encode("utf-8")  # storable
    assert not _CONTROL_OR_BIDI.search(cleaned)
    assert len(cleaned) <= 50
    assert cleaned == "" or not domains.is_blank(cleaned)
    assert not (required and cleaned == "")
    if cleaned:
        for end in (cleaned[0], cleaned[-1]):
            assert not end.isspace() and unicodedata.category(end) not in ("Cc", "Cf", "Zs")
    if single_line:
        assert not re.search(r"[\n\r\t\x85\u2028\u2029]", cleaned)


@FUZZ
@given(value=months)
def test_check_month_returns_only_ascii_months_of_the_calendar(value):
    try:
        month = domains.check_month(value, "month")
    except ValidationError as refusal:
        assert refusal.field == "month"
        return
    assert re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", month)
    assert domains.EARLIEST_DATE.year <= int(month[:4]) <= domains.LATEST_DATE.year


@FUZZ
@given(value=st.one_of(datetimes, dates, wrong))
def test_dates_and_times_are_returned_only_inside_the_calendar(value):
    for check in (lambda: domains.check_moment(value, "at", "At"),
                  lambda: domains.check_date(value, "on", "On", allow_datetime=True)):
        try:
            result = check()
        except ValidationError as refusal:
            assert refusal.field in ("at", "on")
            continue
        assert result is None or (
            domains.EARLIEST_DATE <= (result.date() if isinstance(result, datetime) else result)
            <= domains.LATEST_DATE)
        assert not isinstance(result, datetime) or result.tzinfo is None


# --- the read paths: filters and the report -----------------------------------------------------


@FUZZ
@given(data=st.data())
def test_list_board_and_dashboard_filters_refuse_bad_values_with_typed_errors(plant, db, data):
    services, site = plant
    broken = data.draw(st.sampled_from(["area", "person", "from", "to", "text", "none"]))

    def pick(name, good, bad):  # noqa: ANN001, ANN202
        return data.draw(bad if name == broken else good, label=name)

    area = pick("area", st.sampled_from([None, site.line_id]), huge_ids)
    person = pick("person", st.sampled_from([None, site.staff_id]), huge_ids)
    start = pick("from", st.sampled_from([None, date(2026, 1, 1)]), st.one_of(dates, wrong))
    end = pick("to", st.sampled_from([None, date(2026, 12, 31)]), st.one_of(dates, wrong))
    words = pick("text", st.just(""), st.one_of(edgy_texts, wrong))
    before = fingerprint(db)
    typed_or_done(lambda: services.suggestions.count(IdeaFilter(
        text=words, area_id=area, person_id=person, date_from=start, date_to=end,
        closed_from=start, closed_to=end)))
    typed_or_done(lambda: services.observations.count(ObservationFilter(
        text=words, area_id=area, person_id=person, date_from=start, date_to=end)))
    typed_or_done(lambda: services.board.cards(BoardFilter(area_id=area, owner_id=person,
                                                           mine_for=person)))
    period = DashboardFilter(start or date(2026, 1, 1), end or date(2026, 1, 31), area)
    typed_or_done(lambda: services.dashboard.figures(period))
    typed_or_done(lambda: services.analytics.savings_by_month(period))
    typed_or_done(lambda: services.analytics.waste_pareto(period))
    typed_or_done(lambda: services.board.audit_trail("suggestion", person))
    assert fingerprint(db) == before  # reading changes nothing


@FUZZ
@given(month=months, area=st.one_of(st.none(), huge_ids))
def test_the_report_refuses_bad_months_and_areas_with_typed_errors(plant, db, month, area):
    services, _site = plant
    typed_or_done(lambda: build_monthly_report(services, month, area))


# --- what is accepted is stored inside its domain ------------------------------------------------


@FUZZ
@given(data=st.data())
def test_accepted_values_are_stored_inside_their_domains(plant, db, data):
    services, site = plant
    draw = data.draw
    typed_or_done(lambda: services.people.create_person(
        site.admin_id, name=draw(edgy_texts, label="person"), role=Role.STAFF,
        pin=draw(st.sampled_from([None, "1357", "²²²²", "١٢٣٤"]), label="pin")))
    idea = typed_or_done(lambda: services.suggestions.create(site.staff_id, SuggestionInput(
        title=draw(edgy_texts, label="title"), problem=draw(edgy_texts, label="problem"),
        proposal="", area_id=site.line_id)))
    typed_or_done(lambda: services.observations.create(site.staff_id, ObservationInput(
        category=WasteCategory.MOTION, area_id=site.line_id,
        description=draw(edgy_texts, label="description"), minutes_per_occurrence=1.0,
        occurrences_per_week=1.0, observed_at=draw(st.one_of(st.none(), datetimes),
                                                    label="observed_at"))))
    if idea is not None:
        cycle = services.suggestions.accept(site.supervisor_id, idea.id).current_cycle_id
        typed_or_done(lambda: services.pdca.add_action(
            site.supervisor_id, cycle, text=draw(edgy_texts, label="action"),
            due_date=draw(st.one_of(st.none(), dates), label="due")))
        metric = typed_or_done(lambda: services.measurements.add_metric(
            site.supervisor_id, idea.id, name=draw(edgy_texts, label="metric"),
            unit=draw(edgy_texts, label="unit"), direction=MetricDirection.LOWER_IS_BETTER))
        if metric is not None:
            typed_or_done(lambda: services.measurements.add_measurements(
                site.supervisor_id, metric.id, MeasurementPhase.BEFORE, [1.0],
                measured_at=draw(st.one_of(st.none(), datetimes), label="measured_at")))
        typed_or_done(lambda: services.savings.add_entry(
            site.supervisor_id, idea.id, month=draw(months, label="month"), amount=1.0,
            kind=SavingsKind.HARD, note=draw(edgy_texts, label="note")))
    assert not _outside_domains(db)


def _outside_domains(db) -> list[str]:
    """Every stored value of every table that lies outside its input domain."""
    found: list[str] = []
    with db.read() as s:
        tables = [t for t in inspect(s.connection()).get_table_names()
                  if "_fts" not in t and t != "alembic_version"]
        for table in tables:
            columns = [c["name"] for c in inspect(s.connection()).get_columns(table)]
            for row in s.execute(text(f'SELECT * FROM "{table}"')):
                for column, value in zip(columns, row, strict=True):
                    problem = _problem(column, value)
                    if problem:
                        found.append(f"{table}.{column} = {value!r:.60}: {problem}")
    return found


def _problem(column: str, value: object) -> str | None:
    if isinstance(value, str):
        if column in ("before", "after", "value", "pin_hash"):  # JSON and hashes: not user text
            return None
        if _CONTROL_OR_BIDI.search(value):
            return "control or bidirectional character"
        if column == "month" and not re.fullmatch(r"[0-9]{4}-[0-9]{2}", value):
            return "a month not in ASCII YYYY-MM"
        if column in ("name", "title", "description", "body", "text") and domains.is_blank(value):
            return "a required text that shows nothing"
        if column in ("name", "title", "unit") and re.search(r"[\n\r\t]", value):
            return "a line break in a single-line field"
    day = value.date() if isinstance(value, datetime) else value
    if isinstance(day, date) and not domains.EARLIEST_DATE <= day <= domains.LATEST_DATE:
        return "outside the app's calendar"
    return None


@FUZZ
@given(value=st.one_of(huge_ids, st.lists(huge_ids, max_size=3)))
def test_reads_by_id_refuse_bad_ids_with_typed_errors(plant, db, value):
    """Found by this class: list_metrics, list_entries, the photo lists and the list rows
    bound an id of 2**70 (OverflowError) or a list (a driver error) straight into the query."""
    services, _site = plant
    for read in (
        services.suggestions.get, services.observations.get, services.pdca.get_cycle,
        services.pdca.current_cycle, services.measurements.list_metrics,
        services.savings.list_entries, services.attachments.get,
        services.attachments.list_for_suggestion, services.attachments.list_for_observation,
        services.attachments.path_of, services.board.timing,
        services.analytics.suggestion_savings, services.analytics.metric_samples,
        services.people.get_person, services.people.get_area, services.suggestions.list_comments,
        services.suggestions.list_recent, services.observations.list_recent,
        lambda v: services.suggestions.rows([v]), lambda v: services.observations.rows([v]),
        services.suggestions.rows, services.observations.rows,
        lambda v: services.measurements.values(v, MeasurementPhase.BEFORE),
    ):
        typed_or_done(lambda read=read: read(value))
