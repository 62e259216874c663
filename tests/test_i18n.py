"""The language machinery (issue 22): lookups from Qt's .ts format, a thread's own language for
a report, numbers, money, months and days in the language's locale.

Expected local forms are CLDR's (the Unicode Common Locale Data Repository, the data behind Babel
and every major OS): German groups thousands with "." and writes decimals with "," ("1.234,5"),
Spanish the same; German's stand-alone abbreviated March is "Mär", Spanish's "mar"."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from kaizen import i18n
from kaizen.domain.months import format_day, month_label, month_name
from kaizen.domain.numbers import format_measure, format_money, format_number

TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>ui.test</name>
    <message>
        <source>Save the idea</source>
        <translation>Idee speichern</translation>
    </message>
    <message>
        <source>Moved {title} to {stage}.</source>
        <translation>{title} nach {stage} verschoben.</translation>
    </message>
    <message>
        <source>Not finished</source>
        <translation type="unfinished">Halb</translation>
    </message>
</context>
</TS>
"""


@pytest.fixture
def german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    (tmp_path / "kaizen_de.ts").write_text(TS, encoding="utf-8")
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    i18n.catalogue.cache_clear()
    yield
    i18n.catalogue.cache_clear()


def test_english_is_the_source_and_needs_no_catalogue() -> None:
    assert i18n.current_language() == "en"
    assert i18n.translate("ui.test", "Save the idea") == "Save the idea"


def test_a_finished_translation_is_used_and_an_unfinished_one_shows_the_english(german) -> None:
    with i18n.using("de"):
        assert i18n.translate("ui.test", "Save the idea") == "Idee speichern"
        assert i18n.translate("ui.test", "Moved {title} to {stage}.").format(
            title="Kanban", stage="Prüfen") == "Kanban nach Prüfen verschoben."
        assert i18n.translate("ui.test", "Not finished") == "Not finished"
        assert i18n.translate("ui.other", "Save the idea") == "Save the idea"  # other context
    assert i18n.translate("ui.test", "Save the idea") == "Save the idea"


def test_a_block_in_another_language_holds_for_its_own_thread_only(german) -> None:
    seen: dict[str, str] = {}
    inside, done = threading.Event(), threading.Event()

    def report_in_german() -> None:
        with i18n.using("de"):
            seen["worker"] = i18n.translate("ui.test", "Save the idea")
            inside.set()
            done.wait(timeout=60)

    thread = threading.Thread(target=report_in_german)
    thread.start()
    assert inside.wait(timeout=60)
    seen["gui"] = i18n.translate("ui.test", "Save the idea")  # while the worker is in German
    done.set()
    thread.join()
    assert seen == {"worker": "Idee speichern", "gui": "Save the idea"}


def test_an_unknown_language_is_refused_in_words() -> None:
    with pytest.raises(ValueError, match="Unknown language 'fr'; Kaizen speaks en, de, es"):
        i18n.set_language("fr")
    assert i18n.current_language() == "en"


def test_the_pseudo_language_brackets_every_marked_text() -> None:
    with i18n.using(i18n.PSEUDO):
        assert i18n.translate("ui.test", "Save") == "\u27e6Save\u27e7"


def test_placeholders_are_compared_by_name() -> None:
    assert i18n.placeholders("{n} of {total:,} done") == ["{n}", "{total:,}"]
    assert i18n.placeholders("Plain") == []


@pytest.mark.parametrize(("code", "number", "money", "measure"), [
    ("en", "1,234,568", "−12,345.50 EUR", "12.3"),
    ("de", "1.234.568", "−12.345,50 EUR", "12,3"),
    ("es", "1.234.568", "−12.345,50 EUR", "12,3"),
])
def test_numbers_and_money_follow_the_language(code, number, money, measure) -> None:
    with i18n.using(code):
        assert format_number(1234567.5) == number  # halves still rounded up
        assert format_money(-12345.5, "EUR", 2) == money
        assert format_measure(12.34) == measure


@pytest.mark.parametrize(("code", "short", "long", "day", "name"), [
    ("en", "Mar 2026", "March 2026", "07 Mar 2026 14:05", "March"),
    ("de", "Mär 2026", "März 2026", "07 Mär 2026 14:05", "März"),
    ("es", "mar 2026", "marzo 2026", "07 mar 2026 14:05", "marzo"),
])
def test_months_and_days_follow_the_language(code, short, long, day, name) -> None:
    with i18n.using(code):
        assert month_label("2026-03") == short
        assert month_label("2026-03", long=True) == long
        assert format_day(datetime(2026, 3, 7, 14, 5), time=True) == day
        assert month_name(3, long=True) == name
        assert format_day(date(2026, 3, 7), padded=False, year=False).startswith("7 ")
