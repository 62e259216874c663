"""The command line's language (issue 22): the site's, once the database is open.

``KAIZEN_LANG`` wins from the start (so ``--help`` and the refusals before any database speak it
too); otherwise the messages are English until a command has opened a database with the current
schema, then in the site's language (Site settings, ``services.people.settings().language``).
Option names, JSON keys, CSV headers and other machine output never change with it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from kaizen import i18n

if TYPE_CHECKING:
    from kaizen.db.engine import Database

ENVIRONMENT = "KAIZEN_LANG"


def _override() -> str | None:
    code = os.environ.get(ENVIRONMENT, "")
    return code if code in i18n.LANGUAGES or code == i18n.PSEUDO else None


def start_language() -> None:
    """At the command line's start: ``KAIZEN_LANG`` when it names a language Kaizen speaks."""
    code = _override()
    if code is not None:
        i18n.set_language(code)


def use_site_language(db: Database) -> None:
    """After a command opened ``db``: the site's language, unless ``KAIZEN_LANG`` is set.

    Only a database at this version's schema is read (a missing, older or damaged one keeps
    the language as it was: the command says what is wrong with it in its own words)."""
    if _override() is not None:
        return
    if db.is_sqlite:
        # Never the first to connect to a file that is not there yet (SQLite would make it).
        name = db.engine.url.database
        if not name or not Path(name).is_file() or Path(name).stat().st_size == 0:
            return
    from kaizen.db import migrate
    from kaizen.services.people import PeopleService

    try:
        if migrate.schema_status(db).state is not migrate.SchemaState.CURRENT:
            return
        code = PeopleService(db).settings().language
    except Exception:  # noqa: BLE001 - the command itself meets and words the same problem
        return
    i18n.set_language(code if code in i18n.LANGUAGES else i18n.SOURCE_LANGUAGE)
