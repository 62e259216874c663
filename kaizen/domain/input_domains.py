"""Every kind of value a person or a program hands Kaizen, and the values it may take: one place.

The services check each argument with the functions here, which raise
:class:`~kaizen.domain.errors.ValidationError` naming the field (the forms show the message next
to it), so a value outside its domain is refused before anything is written. :data:`DOMAINS`
lists each kind and the fields of that kind; ``docs/input-domains.md`` is generated from it
(``python -m kaizen.domain.input_domains``) and a test keeps the two equal.

The classes of bad input these rules close (issue 14): digits that are not ASCII (``٢٠٢٦-٠١``
parses as a month for ``int()`` but never matches a stored ``2026-01``), calendar values at the
ends of Python's range (year 1 or 9999: a day added or a time zone moved overflows), text that
is only invisible characters (counted as filled while nothing shows), bidirectional controls that
make a name display as something else (``\\u202egnp.exe``), and integers beyond the database's
ids' column range (2**70 cannot even be bound as a parameter; 2**31 overflows PostgreSQL's
INTEGER).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from kaizen.domain.errors import ValidationError
from kaizen.domain.numbers import format_number
from kaizen.i18n import translate

# --- ids -----------------------------------------------------------------------------------------

# The ids' columns are INTEGER: 32-bit signed on PostgreSQL ("integer out of range" past it),
# 64-bit on SQLite (past that, Python cannot even bind the value). The range both hold is the
# domain, so an id means the same on either database (and `kaizen db copy` moves every one).
ID_MIN, ID_MAX = -(2**31), 2**31 - 1


def is_record_id(value: Any) -> bool:
    """True when ``value`` can be a row id: an int (not a bool) in the database's range."""
    return isinstance(value, int) and not isinstance(value, bool) and ID_MIN <= value <= ID_MAX


def check_id(value: Any, field: str, label: str, *, required: bool = False) -> int | None:
    """An id given to pick a record (a filter's area, a person): None, or an int in range."""
    if value is None:
        if required:
            raise ValidationError(translate(
                "domain.input_domains", "Pick {label}.").format(label=label.lower()), field)
        return None
    if not is_record_id(value):
        raise ValidationError(translate(
            "domain.input_domains", "{label} is picked by its number.").format(label=label), field)
    return int(value)


def check_ids(values: Any, field: str, label: str) -> list[int]:
    """A list (or tuple) of ids, each an int in the database's range."""
    if isinstance(values, str | bytes) or not isinstance(values, list | tuple):
        raise ValidationError(translate(
            "domain.input_domains", "{label} are given as a list of numbers.").format(
                label=label), field)
    if not all(is_record_id(value) for value in values):
        raise ValidationError(translate(
            "domain.input_domains", "{label} are picked by their numbers.").format(
                label=label), field)
    return list(values)


# --- calendar values -----------------------------------------------------------------------------

# The calendar the app works in. Far from Python's ends (year 1, year 9999) so that a day added
# to an "until" filter, a month's end, or a time moved between time zones never overflows; wide
# enough for any record of a working plant and any plan.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)
EARLIEST_MOMENT = datetime.combine(EARLIEST_DATE, datetime.min.time())
LATEST_MOMENT = datetime.combine(LATEST_DATE, datetime.max.time()).replace(microsecond=0)
# A clock a few minutes ahead of the server's is not a time in the future.
FUTURE_TOLERANCE = timedelta(minutes=5)


def _range_words() -> str:
    return translate(
        "domain.input_domains", "between {first} and {last}").format(
            first=EARLIEST_DATE.year, last=LATEST_DATE.year)


def check_date(value: Any, field: str, label: str, *, required: bool = False,
               allow_datetime: bool = False) -> date | None:
    """A calendar day within :data:`EARLIEST_DATE` .. :data:`LATEST_DATE`.

    A datetime is refused (its time of day would be stored and compared wrongly) unless
    ``allow_datetime``, when its day is kept (the filters take either).
    """
    if value is None:
        if required:
            raise ValidationError(translate(
                "domain.input_domains", "{label} is required.").format(label=label), field)
        return None
    if isinstance(value, datetime):
        if not allow_datetime:
            raise ValidationError(translate(
                "domain.input_domains", "{label} must be a date.").format(label=label), field)
        value = value.date()
    if not isinstance(value, date):
        raise ValidationError(translate(
            "domain.input_domains", "{label} must be a date.").format(label=label), field)
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(translate(
            "domain.input_domains", "{label} must be a date {range_words}.").format(
                label=label, range_words=_range_words()), field)
    return value


def check_moment(value: Any, field: str, label: str, *, now: datetime | None = None,
                 required: bool = False) -> datetime | None:
    """A date and time, stored as the site's local wall-clock time without a zone.

    A time with a zone is moved to local time first. It must lie within the app's calendar and,
    when ``now`` is given (things that happened: an observation, a measurement), not after it.
    """
    if value is None:
        if required:
            raise ValidationError(translate(
                "domain.input_domains", "{label} is required.").format(label=label), field)
        return None
    if not isinstance(value, datetime):
        raise ValidationError(translate(
            "domain.input_domains", "{label} must be a date and time.").format(label=label), field)
    if not EARLIEST_DATE.year <= value.year <= LATEST_DATE.year:
        raise ValidationError(translate(
            "domain.input_domains", "{label} must be {range_words}.").format(
                label=label, range_words=_range_words()), field)
    moment: datetime = value
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone().replace(tzinfo=None)
        except (OverflowError, ValueError, OSError):  # past an end of the calendar
            raise ValidationError(translate(
                "domain.input_domains", "{label} must be {range_words}.").format(
                    label=label, range_words=_range_words()), field) from None
    if not EARLIEST_MOMENT <= moment <= LATEST_MOMENT:
        raise ValidationError(translate(
            "domain.input_domains", "{label} must be {range_words}.").format(
                label=label, range_words=_range_words()), field)
    if now is not None and moment > now + FUTURE_TOLERANCE:
        raise ValidationError(translate(
            "domain.input_domains", "{label} cannot be in the future.").format(label=label), field)
    return moment


# ASCII digits only: ``\d`` also matches Arabic-Indic, Devanagari or full-width digits, which
# ``int()`` reads, but a month stored as "٢٠٢٦-٠١" never equals the "2026-01" the sums ask for.
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def check_month(value: Any, field: str) -> str:
    """A month written ``YYYY-MM`` in ASCII digits, within the app's calendar; returned stripped."""
    text = value.strip() if isinstance(value, str) else ""
    match = _MONTH.fullmatch(text)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        shown = repr(value)[:40]
        raise ValidationError(translate(
            "domain.input_domains",
            "Give the month as YYYY-MM, e.g. 2026-03 (got {shown}).").format(shown=shown), field)
    if not EARLIEST_DATE.year <= int(match.group(1)) <= LATEST_DATE.year:
        raise ValidationError(translate(
            "domain.input_domains", "The month must be {range_words} (got {text}).").format(
                range_words=_range_words(), text=text), field)
    return text


# --- numbers -------------------------------------------------------------------------------------


def check_number(value: Any, field: str, label: str, *, minimum: float = 0.0,
                 maximum: float = 1e12, required: bool = True) -> float | None:
    """A finite number (int or float, not a bool) within ``minimum`` .. ``maximum``."""
    if value is None:
        if required:
            raise ValidationError(translate(
                "domain.input_domains", "{label} is required.").format(label=label), field)
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(translate(
            "domain.input_domains", "{label} must be a number.").format(label=label), field)
    try:
        number = float(value)
    except OverflowError:  # an int beyond any float
        raise ValidationError(translate(
            "domain.input_domains", "{label} cannot be above {maximum:g}.").format(
                label=label, maximum=maximum), field) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValidationError(translate(
            "domain.input_domains", "{label} must be a finite number.").format(label=label), field)
    if number < minimum:
        raise ValidationError(translate(
            "domain.input_domains", "{label} cannot be below {minimum:g}.").format(
                label=label, minimum=minimum), field)
    if number > maximum:
        raise ValidationError(translate(
            "domain.input_domains", "{label} cannot be above {maximum:g}.").format(
                label=label, maximum=maximum), field)
    return number


def check_whole(value: Any, field: str, label: str, *, minimum: int, maximum: int) -> int:
    """A whole number (an int, not a bool) within ``minimum`` .. ``maximum``."""
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise ValidationError(
            translate(
                "domain.input_domains",
                "{label} is a whole number from {minimum} to {maximum}.").format(
                    label=label, minimum=format_number(minimum),
                    maximum=format_number(maximum)), field)
    return value


# --- digits typed as text (PINs) -----------------------------------------------------------------


def is_ascii_digits(text: str) -> bool:
    """True for a non-empty string of 0-9 only (``str.isdigit`` also takes "²" and "٣")."""
    return bool(text) and text.isascii() and text.isdigit()


# --- text ----------------------------------------------------------------------------------------

# Control characters nobody types on purpose (pasted binary, broken files, C1 controls from a
# wrong code page); NUL would also cut the text short for SQLite's length() in the CHECK
# constraints. Tab, line feed and carriage return stay in free text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates (Unicode's explicit formatting characters):
# they make a name display as something else ("\u202egnp.exe" shows as "exe.png"; CVE-2021-42574).
# Removed everywhere. The plain marks (LRM, RLM, ALM) reorder nothing and stay.
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Line breaks of every kind: a single-line field (a name, a title) gets one space instead.
_LINE_BREAKS = re.compile(r"\s*[\n\r\x85\u2028\u2029\t]+\s*")
# Characters that draw nothing although Unicode does not class them as spaces or formats: the
# Hangul fillers, the Braille blank, the combining grapheme joiner, Mongolian and Khmer
# invisibles, variation selectors (Unicode's Default_Ignorable_Code_Point, plus U+2800).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5\u180e")
_NOTHING_SHOWN = frozenset({"Cc", "Cf", "Cs", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"})


def draws_nothing(ch: str) -> bool:
    """True for a character that shows nothing on its own (space, format, joiner, filler...)."""
    if ch in _BLANK_LETTERS or "\ufe00" <= ch <= "\ufe0f" or "\U000e0000" <= ch <= "\U000e0fff":
        return True
    return unicodedata.category(ch) in _NOTHING_SHOWN


def is_blank(text: str) -> bool:
    """True when ``text`` shows nothing: empty, or only spaces and invisible characters."""
    return all(draws_nothing(ch) for ch in text)


def _edge_junk(ch: str) -> bool:
    # Spaces, controls and format characters; not combining marks, variation selectors or tag
    # characters, which end a real letter, emoji or flag ("cafe\u0301", "\u2764\ufe0f").
    if "\U000e0000" <= ch <= "\U000e0fff":
        return False
    return ch.isspace() or ch in _BLANK_LETTERS or unicodedata.category(ch) in (
        "Cc", "Cf", "Zs", "Zl", "Zp")


def _trim(text: str) -> str:
    """``text`` without spaces and invisible characters at either end."""
    start, end = 0, len(text)
    while start < end and _edge_junk(text[start]):
        start += 1
    while end > start and _edge_junk(text[end - 1]):
        end -= 1
    return text[start:end]


def clean_text(value: Any, field: str, label: str, *, max_len: int = 20_000,
               required: bool = False, single_line: bool = False) -> str:
    """A text field as stored: cleaned, trimmed and checked; ValidationError names the field.

    Control characters other than tab and line breaks, and bidirectional controls, are removed;
    spaces and invisible characters are trimmed at both ends; text that shows nothing at all is
    empty (so a required field of only zero-width spaces is not filled). ``single_line`` fields
    (names, titles, units) get one space for each run of line breaks and tabs. Text that cannot
    be stored as UTF-8 (lone surrogates) is refused.
    """
    if value is not None and not isinstance(value, str):
        raise ValidationError(translate(
            "domain.input_domains", "{label} must be text.").format(label=label), field)
    text = _BIDI_CONTROLS.sub("", _CONTROLS.sub("", value or ""))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(translate(
            "domain.input_domains", "{label} holds characters that cannot be stored.").format(
                label=label), field) from None
    if single_line:
        text = _LINE_BREAKS.sub(" ", text)
    text = "" if is_blank(text) else _trim(text)
    if required and not text:
        raise ValidationError(translate(
            "domain.input_domains", "{label} is required.").format(label=label), field)
    if len(text) > max_len:
        raise ValidationError(
            translate(
                "domain.input_domains",
                "{label} is too long ({count} characters; at most {max_len}).").format(
                    label=label, count=format_number(len(text)),
                    max_len=format_number(max_len)), field
        )
    return text


# A name (person, area, site, metric): one line, and short enough for every list and chart.
MAX_NAME = 120


def clean_line(value: Any, field: str, label: str, *, max_len: int = MAX_NAME,
               required: bool = True) -> str:
    """A single-line field (a name, a title, a unit): :func:`clean_text` on one line."""
    return clean_text(value, field, label, max_len=max_len, required=required, single_line=True)


# --- the table -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Domain:
    """One kind of input: where it comes in, what is valid, and the check that enforces it."""

    kind: str
    fields: str
    valid: str
    enforced_by: str


DOMAINS: tuple[Domain, ...] = (
    Domain("id", "every record picked by number: actor, idea, cycle, action, metric, area, "
           "parent area, home area, owner, person, comment parent, observation link, savings "
           "entry, attachment; the filters' area_id, person_id, owner_id, mine_for; CLI "
           "`--area` resolves to one",
           f"an int (not a bool) from {ID_MIN:,} to {ID_MAX:,} (PostgreSQL's INTEGER, which "
           "SQLite's holds too); one that is not a row is NotFound or a ValidationError naming "
           "the field",
           "is_record_id, check_id, services.base.get_or_404 / get_if_id"),
    Domain("single-line text", "idea title; person, area, site and admin names; metric name "
           "and unit; target metric; CLI `--area`",
           "cleaned text (below) with line breaks and tabs turned into one space; names, units "
           "and the target metric at most 120 characters, titles at most 200; required ones "
           "must show at least one visible character",
           "clean_text(single_line=True)"),
    Domain("free text", "idea problem and proposal, comments, review notes and reasons, "
           "observation description, plan fields and whys, actions, check result, standard "
           "change, stage-move note, savings note; the lists' search text is any text (read "
           "by the search parser as typed) but must be text",
           "UTF-8 text without control characters (except tab and line breaks) and without "
           "bidirectional embeddings/overrides/isolates (U+202A-202E, U+2066-2069), trimmed of "
           "spaces and invisible characters at both ends; text of only invisible characters "
           "(zero-width, format, fillers) is empty; a length cap per field (20,000 at most)",
           "clean_text"),
    Domain("number", "expected savings, implementation cost, minutes lost, times a week, cost "
           "each time, hourly rates, plan target from/to, measurement values, savings amounts",
           "a finite int or float (not a bool, NaN or infinity) within the field's range "
           "(0 to 1e12 for money unless the field says otherwise); typed as text (pasted, "
           "CSV) with a decimal point or comma, any script's decimal digits read as their value",
           "check_number, measurements._check_values, savings._check_amount"),
    Domain("whole number", "impact and effort (1-5), stale/ageing after (1-3,650 days), "
           "months back on the dashboard (1-120), CLI `demo --months/--scale/--seed`",
           "an int (not a bool) within the stated range",
           "check_whole (impact, effort), people._check_days, "
           "analytics.savings_by_month, cli._whole"),
    Domain("date", "due dates, plan target-by date, list and dashboard filter dates "
           "(from, to, decided from/to, period start/end)",
           f"a date from {EARLIEST_DATE} to {LATEST_DATE}; a due date is not in the past",
           "check_date"),
    Domain("date and time", "observation seen at, measurement time (typed, pasted or "
           "imported from CSV)",
           f"a datetime from {EARLIEST_DATE} to {LATEST_DATE}, stored as local time without "
           "a zone (a zone is converted first); an observation is not in the future (5 "
           "minutes' grace); a measurement may be stamped ahead (a planned sampling time)",
           "check_moment"),
    Domain("month", "savings entry month, report month (GUI and CLI `--month`)",
           f"YYYY-MM in ASCII digits, month 01-12, year {EARLIEST_DATE.year}-"
           f"{LATEST_DATE.year}", "check_month"),
    Domain("PIN", "person PIN, admin PIN at first start (a PIN typed to sign in is compared "
           "with the stored hash, and counted when wrong)",
           "4 to 12 ASCII digits 0-9", "domain.pins.check_pin_format"),
    Domain("choice", "role, area kind, waste categories, measurement phase, metric direction, "
           "savings kind, PDCA stage, Act decision, review action, list sort column; currency "
           "(three ASCII letters); CLI `--format`",
           "a member of its enum (or its value); anything else is refused naming the field",
           "each service's enum check (e.g. measurements._phase, people._check_role)"),
    Domain("photo file", "photos of ideas and observations",
           "a readable file of at most the size cap that Pillow fully decodes (load()) as PNG, "
           "JPEG, GIF or WebP within the pixel cap; a truncated or damaged image is refused",
           "services.attachments.check_photo"),
    Domain("CSV file", "measurement import",
           "UTF-8 (BOM allowed), cp1252 or UTF-16 text, separated by commas, semicolons or "
           "tabs (a mark found on every line), with a header "
           "naming phase and value (measured_at optional) or, without a header, the columns "
           "phase, value[, measured_at] in that order; numbers with a decimal point or comma",
           "services.measurement_import.parse_measurement_csv"),
    Domain("database URL", "`--db`, KAIZEN_DB_URL, `db copy --from/--to`",
           "an SQLAlchemy URL for SQLite (sqlite:///FILE) or PostgreSQL "
           "(postgresql+psycopg://...); anything else is refused in words",
           "kaizen.db.url_check.check_db_url"),
    Domain("output file", "`kaizen report -o`, the report dialog's file",
           "a path in an existing folder the user may write; the file takes the user's umask",
           "kaizen.reports.write_report"),
)


def markdown_table() -> str:
    """``docs/input-domains.md``: the table above, in words."""
    lines = [
        "# Input domains",
        "",
        "Every value a person or a program hands Kaizen, the values it may take, and the check",
        "that enforces it in the service layer (or the command line). Generated from",
        "`kaizen/domain/input_domains.py` (`python -m kaizen.domain.input_domains`); a test keeps",
        "this file equal to it. A value outside its domain is refused with a ValidationError",
        "naming the field, and nothing is written.",
        "",
        "| Kind | Fields | Valid values | Enforced by |",
        "|---|---|---|---|",
    ]
    for row in DOMAINS:
        cells = (row.kind, row.fields, row.valid, f"`{row.enforced_by}`")
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
