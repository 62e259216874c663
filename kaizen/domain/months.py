"""Month arithmetic, written once: months are stored as "YYYY-MM" text (savings entries, report
months), days as dates. Used by the services, the reports, the charts and the UI alike; the one
place a month or a day is written for people too (in the language of the work, kaizen.i18n)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from kaizen.i18n import SOURCE_LANGUAGE, current_language, locale_name

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
MONTH_PATTERN = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def is_month(text: str) -> bool:
    """Whether ``text`` is a "YYYY-MM" month (01 to 12)."""
    return MONTH_PATTERN.fullmatch(text) is not None


def month_key(day: date) -> str:
    """The "YYYY-MM" of a day."""
    return f"{day.year:04d}-{day.month:02d}"


def _index(key: str) -> int:
    return int(key[:4]) * 12 + int(key[5:7]) - 1


def _key(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def shift_month(key: str, months: int) -> str:
    """``key`` moved by ``months`` (negative: back): shift_month("2026-01", -1) == "2025-12"."""
    return _key(_index(key) + months)


def next_month(day: date) -> str:
    """The month after ``day``'s, as "YYYY-MM"."""
    return shift_month(month_key(day), 1)


def last_month(today: date) -> str:
    """The month before ``today``'s, as "YYYY-MM"."""
    return shift_month(month_key(today), -1)


def months_between(first: str, last: str) -> list[str]:
    """Every "YYYY-MM" from ``first`` to ``last``, both included (empty if ``last`` is earlier)."""
    return [_key(i) for i in range(_index(first), _index(last) + 1)]


def recent_months(today: date, count: int) -> list[str]:
    """"YYYY-MM" from ``today``'s month back ``count`` months, newest first."""
    start = _index(month_key(today))
    return [_key(start - k) for k in range(count)]


def months_spanned(start: date, end: date) -> int:
    """How many calendar months the days ``start`` to ``end`` touch (both included)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def first_day(key: str) -> date:
    """The first day of a "YYYY-MM" month."""
    return date(int(key[:4]), int(key[5:7]), 1)


def first_of_next_month(day: date) -> date:
    """The first day of the month after ``day``'s."""
    return first_day(next_month(day))


def month_bounds(key: str) -> tuple[date, date]:
    """First and last day of a "YYYY-MM" month."""
    return first_day(key), first_day(shift_month(key, 1)) - timedelta(days=1)


def month_label(key: str, *, long: bool = False) -> str:
    """"2026-03" → "Mar 2026" (or "March 2026"), in the language of the work ("Mär 2026");
    anything else as given."""
    try:
        number = int(key[5:7])
        year = int(key[:4])
        if current_language() != SOURCE_LANGUAGE:
            from babel.dates import format_date  # only a translated app pays for Babel

            # LLL/LLLL: the stand-alone month name, as a month on its own is written.
            return format_date(date(year, number, 1), "LLLL y" if long else "LLL y",
                               locale=locale_name())
        names = MONTH_NAMES if long else MONTHS
        return f"{names[number - 1]} {year}"
    except (ValueError, IndexError):
        return key


def month_name(number: int, *, long: bool = False) -> str:
    """The name of month 1..12 alone ("Mar", "March"; "Mär", "März" in German)."""
    if current_language() != SOURCE_LANGUAGE:
        from babel.dates import get_month_names

        return str(get_month_names("wide" if long else "abbreviated", context="stand-alone",
                                   locale=locale_name())[number])
    return (MONTH_NAMES if long else MONTHS)[number - 1]


def format_day(day: date | datetime, *, time: bool = False, padded: bool = True,
               year: bool = True) -> str:
    """The one way a day is written for people: "07 Dec 2026" ("7 Dec 2026" unpadded, "7 Dec"
    without the year, "07 Dec 2026 14:05" with the time of a moment); in German "07 Dez 2026"."""
    pattern = ("dd" if padded else "d") + " MMM" + (" y" if year else "")
    if time and isinstance(day, datetime):
        pattern += " HH:mm"
    if current_language() != SOURCE_LANGUAGE:
        from babel.dates import format_datetime

        moment = day if isinstance(day, datetime) else datetime(day.year, day.month, day.day)
        return format_datetime(moment, pattern.replace("MMM", "LLL"), locale=locale_name())
    text = f"{day.day:02d}" if padded else str(day.day)
    text += f" {MONTHS[day.month - 1]}" + (f" {day.year}" if year else "")
    if time and isinstance(day, datetime):
        text += f" {day:%H:%M}"
    return text
