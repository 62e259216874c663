"""Issue 14, bad input: each class of value found to slip through, refused in the service layer
with a ValidationError naming its field, and nothing written. The domains themselves are in
kaizen/domain/input_domains.py; docs/input-domains.md is generated from them (checked here).

Sources named per test: Python's ``datetime`` docs (MINYEAR 1, MAXYEAR 9999; arithmetic past them
raises OverflowError), ``str.isdigit`` docs (true for superscripts and every Unicode Nd digit),
SQLite's "Datatypes In SQLite" (INTEGER is at most 8 bytes, signed), Unicode UAX #9 and
CVE-2021-42574 "Trojan Source" (explicit bidirectional formatting characters reorder what is
shown), Unicode's DerivedCoreProperties.txt (Default_Ignorable_Code_Point: characters that draw
nothing), and Pillow's ``Image.verify`` docs ("does not decode the image data"; use load()).
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PIL import Image
from services.factories import make_site

from kaizen.domain import input_domains
from kaizen.domain.enums import (
    AreaKind,
    MeasurementPhase,
    MetricDirection,
    Role,
    SavingsKind,
    WasteCategory,
)
from kaizen.domain.errors import ValidationError
from kaizen.services import Services
from kaizen.services.analytics import DashboardFilter
from kaizen.services.attachments import check_photo
from kaizen.services.board import BoardFilter
from kaizen.services.listing import IdeaFilter, ObservationFilter
from kaizen.services.measurement_import import ParsedRow
from kaizen.services.observations import ObservationInput
from kaizen.services.suggestions import SuggestionInput

from .conftest import fingerprint

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def plant(db, clock, photos_dir):
    site = make_site(db, clock)
    return Services.create(db, clock, attachments_dir=photos_dir), site


def refused(db, field: str, call) -> ValidationError:
    """``call`` must raise a ValidationError naming ``field`` and leave every row as it was."""
    before = fingerprint(db)
    with pytest.raises(ValidationError) as caught:
        call()
    assert caught.value.field == field, caught.value.message
    assert fingerprint(db) == before
    return caught.value


def _idea(services, site, title: str = "Idea") -> int:
    return services.suggestions.create(site.staff_id, SuggestionInput(
        title=title, problem="", proposal="", area_id=site.line_id)).id


# --- months and digits (Python docs: str.isdigit is true for every Unicode Nd digit) -----------


@pytest.mark.parametrize("month", ["٢٠٢٦-١٠", "２０２６-１０", "२०२६-१०", "2026-١٠", "9999-12",
                                   "0001-01", "1899-12", "3000-01"])
def test_a_savings_month_in_other_digits_or_out_of_the_calendar_is_refused(plant, db, month):
    services, site = plant
    idea = _idea(services, site)
    services.suggestions.accept(site.supervisor_id, idea)
    refused(db, "month", lambda: services.savings.add_entry(
        site.supervisor_id, idea, month=month, amount=10.0, kind=SavingsKind.HARD))
    # The ASCII month is stored and counted where the sums look for it.
    services.savings.add_entry(site.supervisor_id, idea, month="2026-10", amount=10.0,
                               kind=SavingsKind.HARD)
    totals = services.savings.monthly_totals("2026-10", "2026-10")
    assert [(m, amount) for m, _kind, _forecast, amount in totals] == [("2026-10", 10.0)]


@pytest.mark.parametrize("pin", ["²²²²", "١٢٣٤", "１２３４", "12\u00b34"])
def test_a_pin_of_digits_nobody_can_type_on_the_keypad_is_refused(plant, db, pin):
    services, site = plant
    refused(db, "pin", lambda: services.people.create_person(
        site.admin_id, name="Pat", role=Role.STAFF, pin=pin))


# --- dates and times at the ends of Python's calendar (datetime docs: MINYEAR, MAXYEAR) --------

EDGES = [datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59), datetime(1899, 12, 31),
         datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, tzinfo=UTC)]


@pytest.mark.parametrize("moment", EDGES)
def test_measurement_times_at_the_ends_of_the_calendar_are_refused(plant, db, moment):
    services, site = plant
    idea = _idea(services, site)
    services.suggestions.accept(site.supervisor_id, idea)
    metric = services.measurements.add_metric(site.supervisor_id, idea, name="m", unit="s",
                                              direction=MetricDirection.LOWER_IS_BETTER).id
    refused(db, "measured_at", lambda: services.measurements.add_measurements(
        site.supervisor_id, metric, MeasurementPhase.BEFORE, [1.0], measured_at=moment))
    error = refused(db, "file", lambda: services.measurements.import_rows(
        site.supervisor_id, metric, [ParsedRow(MeasurementPhase.BEFORE, 1.0, moment)]))
    assert error.message.startswith("Row 1:")


@pytest.mark.parametrize("moment", EDGES)
def test_observation_times_at_the_ends_of_the_calendar_are_refused(plant, db, moment):
    services, site = plant
    refused(db, "observed_at", lambda: services.observations.create(site.staff_id, ObservationInput(
        category=WasteCategory.WAITING, area_id=site.line_id, description="Queue",
        minutes_per_occurrence=1.0, occurrences_per_week=1.0, observed_at=moment)))


@pytest.mark.parametrize("day", [date(9999, 12, 31), date(1, 1, 1), date(3000, 1, 1)])
def test_due_and_target_dates_outside_the_calendar_are_refused(plant, db, day):
    services, site = plant
    idea = _idea(services, site)
    cycle = services.suggestions.accept(site.supervisor_id, idea).current_cycle_id
    refused(db, "due_date", lambda: services.pdca.add_action(site.supervisor_id, cycle,
                                                             text="Do it", due_date=day))
    refused(db, "due_date", lambda: services.suggestions.assign(
        site.supervisor_id, idea, owner_id=site.staff_id, due_date=day))
    refused(db, "target_by", lambda: services.pdca.update_plan(
        site.supervisor_id, cycle, problem_statement="", why_chain=[], root_cause="",
        target_metric="", target_from=None, target_to=None, target_by=day, countermeasure=""))


def test_an_until_filter_at_the_date_pickers_maximum_is_refused_in_words(plant):
    services, _site = plant
    last = date(9999, 12, 31)  # QDateEdit's default maximum; the day after does not exist
    for call, field in (
        (lambda: services.suggestions.count(IdeaFilter(date_to=last)), "date_to"),
        (lambda: services.suggestions.count(IdeaFilter(closed_to=last)), "closed_to"),
        (lambda: services.observations.count(ObservationFilter(date_to=last)), "date_to"),
        (lambda: services.dashboard.figures(DashboardFilter(date(2026, 1, 1), last)),
         "period_end"),
        (lambda: services.analytics.savings_by_month(DashboardFilter(date(2026, 1, 1), last)),
         "period_end"),
    ):
        with pytest.raises(ValidationError) as caught:
            call()
        assert caught.value.field == field
    # The calendar's own last day works as an "until" (its next midnight exists).
    assert services.suggestions.count(IdeaFilter(date_to=input_domains.LATEST_DATE)) == 0
    assert services.observations.count(
        ObservationFilter(date_to=input_domains.LATEST_DATE)) == 0


# --- ids beyond their columns (SQLite "Datatypes In SQLite": INTEGER is a signed 8-byte value;
# PostgreSQL "Numeric Types": integer is 4 bytes, -2147483648 to +2147483647) -----------------


@pytest.mark.parametrize("huge", [2**31, 2**63, 2**70, -(2**31) - 1, -(2**63) - 1])
def test_an_area_or_person_id_beyond_the_id_columns_is_refused_naming_the_field(plant, huge):
    services, _site = plant
    for call, field in (
        (lambda: services.suggestions.count(IdeaFilter(area_id=huge)), "area_id"),
        (lambda: services.suggestions.count(IdeaFilter(person_id=huge)), "person_id"),
        (lambda: services.observations.count(ObservationFilter(area_id=huge)), "area_id"),
        (lambda: services.observations.count(ObservationFilter(person_id=huge)), "person_id"),
        (lambda: services.board.cards(BoardFilter(area_id=huge)), "area_id"),
        (lambda: services.board.cards(BoardFilter(owner_id=huge)), "owner_id"),
        (lambda: services.board.cards(BoardFilter(mine_for=huge)), "mine_for"),
        (lambda: services.board.audit_trail("suggestion", huge), "entity_id"),
        (lambda: services.dashboard.figures(
            DashboardFilter(date(2026, 1, 1), date(2026, 1, 31), huge)), "area_id"),
    ):
        with pytest.raises(ValidationError) as caught:
            call()
        assert caught.value.field == field, (field, caught.value.message)


# --- text that shows nothing, or shows something else (UAX #9, CVE-2021-42574, Unicode
# Default_Ignorable_Code_Point) -------------------------------------------------------------------

INVISIBLE = ["\u200b", "\u200b\u200c\u200d", "\ufeff", "\u2060\u2061", "\u3164", "\u115f",
             "\u2800", "\u00ad", "\u180e", "\u034f", " \u200b\t\u00a0", "\u202e\u202c",
             "\U000e0041", "\ufe0f", "\u0301"]


@pytest.mark.parametrize("title", INVISIBLE)
def test_a_title_of_only_invisible_characters_is_not_filled(plant, db, title):
    services, site = plant
    refused(db, "title", lambda: services.suggestions.create(site.staff_id, SuggestionInput(
        title=title, problem="", proposal="", area_id=site.line_id)))


@pytest.mark.parametrize("text", INVISIBLE)
def test_required_names_and_texts_of_only_invisible_characters_are_refused(plant, db, text):
    services, site = plant
    refused(db, "name", lambda: services.people.create_person(site.admin_id, name=text,
                                                              role=Role.STAFF))
    refused(db, "name", lambda: services.people.create_area(
        site.admin_id, name=text, kind=AreaKind.LINE, parent_id=site.department_id))
    refused(db, "description", lambda: services.observations.create(
        site.staff_id, ObservationInput(category=WasteCategory.WAITING, area_id=site.line_id,
                                        description=text, minutes_per_occurrence=1.0,
                                        occurrences_per_week=1.0)))
    idea = _idea(services, site)
    refused(db, "body", lambda: services.suggestions.add_comment(site.staff_id, idea, text))


BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


def test_names_and_titles_lose_their_bidirectional_controls(plant):
    services, site = plant
    spoof = "".join(BIDI) + "Ann\u202e\u2066gnp.exe\u2069"
    person = services.people.create_person(site.admin_id, name=spoof, role=Role.STAFF)
    area = services.people.create_area(site.admin_id, name=spoof, kind=AreaKind.LINE,
                                       parent_id=site.department_id)
    idea = services.suggestions.get(_idea(services, site, title=spoof))
    for stored in (person.name, area.name, idea.title,
                   services.people.get_person(person.id).name):
        assert stored == "Anngnp.exe"
        assert not any(ch in stored for ch in BIDI)
    # Right-to-left text keeps its letters and the plain marks (they reorder nothing).
    hebrew = services.people.create_person(site.admin_id, name="\u200fשרה כהן", role=Role.STAFF)
    assert hebrew.name == "שרה כהן"


def test_single_line_fields_keep_one_line_and_real_letters_keep_their_marks(plant):
    services, site = plant
    idea = services.suggestions.get(_idea(services, site, title="Fix\nthe\r\n\tfeeder"))
    assert idea.title == "Fix the feeder"
    person = services.people.create_person(site.admin_id, name="Rene\u0301 \u2764\ufe0f",
                                           role=Role.STAFF)
    assert person.name == "Rene\u0301 \u2764\ufe0f"  # a combining accent and an emoji end


# --- photos (Pillow docs: verify() does not decode the image data) ------------------------------


def _image_bytes(fmt: str) -> bytes:
    image = Image.effect_noise((240, 160), 60)
    image = image.convert("P") if fmt == "GIF" else image.convert("RGB")
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "GIF", "PNG", "WEBP"])
def test_a_truncated_photo_is_refused_and_a_whole_one_accepted(plant, db, tmp_path, fmt):
    services, site = plant
    data = _image_bytes(fmt)
    whole, cut = tmp_path / f"whole.{fmt.lower()}", tmp_path / f"cut.{fmt.lower()}"
    whole.write_bytes(data)
    cut.write_bytes(data[: len(data) * 2 // 3])
    assert check_photo(whole).ok
    check = check_photo(cut)
    assert not check.ok and "damaged" in check.message
    refused(db, "photos", lambda: services.suggestions.create(
        site.staff_id, SuggestionInput(title="With photo", problem="", proposal="",
                                       area_id=site.line_id), photos=[cut]))


# --- the one table of domains --------------------------------------------------------------------


def test_the_domain_table_in_the_docs_is_the_one_in_the_code():
    written = (ROOT / "docs" / "input-domains.md").read_text(encoding="utf-8")
    assert written == input_domains.markdown_table(), (
        "docs/input-domains.md is stale: python -m kaizen.domain.input_domains > "
        "docs/input-domains.md")
