"""The one way a text reaches a person in their language (issue 22).

Every visible string is marked where it is written, in every layer, with

    translate("ui.board.detail", "Save the card")           # looked up now
    QT_TRANSLATE_NOOP("domain.waste", "Waiting")            # marked now, translated where shown

(the context is the module's dotted path under ``kaizen``; placeholders are ``{name}`` filled by
``.format(...)`` after the lookup, never f-strings, so the sentence is translated whole).
Both names are the ones Qt's ``pyside6-lupdate`` extracts, so ``scripts/translations.py update``
writes every marked string into Qt's ``.ts`` files in ``resources/translations/``, the files Qt
Linguist edits. At run time this module reads those ``.ts`` files itself (pure Python: the
services, the reports and the CLI translate without importing Qt); the GUI adds Qt's own
catalogue for Qt's standard buttons (:mod:`kaizen.ui.language`).

The language is the site's (Site settings), set once at start with :func:`set_language`. A piece
of work that needs another language, such as the monthly report written in English on a German
site, runs inside ``with using("en"):``; it holds for that thread (a context variable) only.
English is the source language: it needs no catalogue and costs one comparison.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

SOURCE_LANGUAGE = "en"
# The languages a site can choose, by code, each named in its own language (the picker's text).
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch", "es": "Español"}
# The locale each language formats numbers, dates and money with (Babel's names).
LOCALES: dict[str, str] = {"en": "en_GB", "de": "de_DE", "es": "es_ES"}
# Tests only: every marked text comes back between these, so an unmarked one stands out.
PSEUDO = "qps"
PSEUDO_OPEN, PSEUDO_CLOSE = "\u27e6", "\u27e7"

_app_language = SOURCE_LANGUAGE
_this_work: ContextVar[str | None] = ContextVar("kaizen_language", default=None)
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}")


def translate(context: str, text: str) -> str:
    """``text`` in the current language (the text itself when no translation is known)."""
    code = current_language()
    if code == SOURCE_LANGUAGE:
        return text
    if code == PSEUDO:
        return f"{PSEUDO_OPEN}{text}{PSEUDO_CLOSE}"
    return catalogue(code).get((context, text)) or text


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name lupdate knows)
    """Mark ``text`` for the catalogue without translating it: for constants made at import time,
    before the language is known; the code that shows one calls :func:`translate` with the same
    context."""
    return text


def current_language() -> str:
    """The language of the work running now: a :func:`using` block's, else the app's."""
    return _this_work.get() or _app_language


def set_language(code: str) -> None:
    """The app's language from now on (at start, from the site's setting)."""
    global _app_language
    _app_language = checked_language(code)


def checked_language(code: str) -> str:
    """``code`` when Kaizen speaks it (or the pseudo-language of the tests), else ValueError."""
    if code not in LANGUAGES and code != PSEUDO:
        known = ", ".join(LANGUAGES)
        raise ValueError(f"Unknown language {code!r}; Kaizen speaks {known}.")
    return code


@contextmanager
def using(code: str) -> Iterator[None]:
    """Run a block in another language (this thread only), e.g. a report written in English."""
    token = _this_work.set(checked_language(code))
    try:
        yield
    finally:
        _this_work.reset(token)


def locale_name() -> str:
    """The Babel locale numbers, dates and money are written in now ("en_GB", "de_DE")."""
    return LOCALES.get(current_language(), LOCALES[SOURCE_LANGUAGE])


def translations_dir() -> Path:
    # Imported here: kaizen.config reaches the database layer, and the domain uses this module.
    from kaizen.config import RESOURCES_DIR

    return RESOURCES_DIR / "translations"


def ts_file(code: str) -> Path:
    return translations_dir() / f"kaizen_{code}.ts"


@cache
def catalogue(code: str) -> dict[tuple[str, str], str]:
    """The finished translations of one language, by (context, source text), read from its .ts
    file once per process (an unfinished or empty one is left out: the English shows)."""
    return read_ts(ts_file(code))


def read_ts(path: Path) -> dict[tuple[str, str], str]:
    if not path.is_file():
        return {}
    found: dict[tuple[str, str], str] = {}
    for context in ElementTree.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if source is None or translation is None or not translation.text:
                continue
            if translation.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            found[(name, source)] = translation.text
    return found


def placeholders(text: str) -> list[str]:
    """The ``{name}`` fields of a text, sorted: a translation must keep exactly the source's."""
    return sorted(_PLACEHOLDER.findall(text))
