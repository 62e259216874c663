"""The GUI's side of the app's language (issue 22): Qt's locale and Qt's own texts.

:mod:`kaizen.i18n` translates Kaizen's texts; this module adds what Qt itself shows: its standard
buttons and context menus (Qt's ``qtbase_<lang>.qm``, shipped with PySide6) and the locale its
editors read and write numbers and dates in.

The window is on screen before the database is open (issue 8), so the language it starts in comes
from a one-line file in the data folder, the site's language as this PC last read it;
``KAIZEN_LANG`` overrides both (screenshots, tests). When the site's setting turns out different
once the database is open, the start builds its window again in that language.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from kaizen import i18n

LANGUAGE_FILE = "language"
ENVIRONMENT = "KAIZEN_LANG"
_installed: list[QTranslator] = []
_original_locale: list[QLocale] = []  # the system's, put back when English is chosen again


def start_language(data_dir: Path) -> str:
    """The language to start in: ``KAIZEN_LANG``, else the one remembered in ``data_dir``."""
    for candidate in (os.environ.get(ENVIRONMENT, ""), _remembered(data_dir)):
        if candidate in i18n.LANGUAGES or candidate == i18n.PSEUDO:
            return candidate
    return i18n.SOURCE_LANGUAGE


def site_language(data_dir: Path, setting: str) -> str:
    """The language the app runs in once the site's ``setting`` is known (remembered for the
    next start); ``KAIZEN_LANG`` still wins."""
    override = os.environ.get(ENVIRONMENT, "")
    if override in i18n.LANGUAGES or override == i18n.PSEUDO:
        return override
    if setting in i18n.LANGUAGES and setting != _remembered(data_dir):
        # A read-only data folder: the next start builds its window twice again, nothing worse.
        with contextlib.suppress(OSError):
            (data_dir / LANGUAGE_FILE).write_text(setting + "\n", encoding="utf-8")
    return setting if setting in i18n.LANGUAGES else i18n.SOURCE_LANGUAGE


def _remembered(data_dir: Path) -> str:
    try:
        return (data_dir / LANGUAGE_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def apply_language(code: str) -> None:
    """Kaizen's texts, Qt's standard texts and the editors' locale in ``code`` from now on."""
    i18n.set_language(code)
    app = QCoreApplication.instance()
    for translator in _installed:
        if app is not None:
            QCoreApplication.removeTranslator(translator)
    _installed.clear()
    if not _original_locale:
        _original_locale.append(QLocale())
    if code in i18n.LANGUAGES and code != i18n.SOURCE_LANGUAGE:
        QLocale.setDefault(QLocale(i18n.LOCALES[code]))
        translator = QTranslator()
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if app is not None and translator.load(f"qtbase_{code}", folder):
            QCoreApplication.installTranslator(translator)
            _installed.append(translator)
    else:
        QLocale.setDefault(_original_locale[0])
