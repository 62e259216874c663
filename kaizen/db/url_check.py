"""Checking a database URL before anything connects: which databases Kaizen can use, in words.

Kaizen runs on SQLite (a file) and on PostgreSQL through psycopg 3. Anything else given with
``--db``, ``KAIZEN_DB_URL`` or ``db copy --from/--to`` is refused here with a sentence that says
what to write instead, not with SQLAlchemy's parser error or a missing driver's ImportError.
Spellings of the same database are made one: ``sqlite+pysqlite://`` is ``sqlite://`` (so the
file is known to the backups and checks) and ``postgresql://`` is ``postgresql+psycopg://``.
"""

from __future__ import annotations

from kaizen.i18n import translate

EXAMPLES = ("sqlite:////path/to/kaizen.db or "
            "postgresql+psycopg://USER:PASSWORD@HOST:5432/DATABASE")


class BadDatabaseUrl(ValueError):
    """The URL names no database Kaizen can open; ``message`` says why and what to write."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_db_url(url: str, source: str = "--db") -> str:
    """``url`` in its one canonical spelling, or BadDatabaseUrl naming ``source``."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    shown = repr(url)[:80]
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise BadDatabaseUrl(
            translate(
                "db.url_check", "{source}: {shown} is not a database URL. Write {examples}."
            ).format(source=source, shown=shown, examples=EXAMPLES)
        ) from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend == "sqlite":
        if driver not in ("", "pysqlite"):
            raise BadDatabaseUrl(
                translate(
                    "db.url_check",
                    "{source}: the SQLite driver {driver!r} is not supported; "
                    "write sqlite:////path/to/kaizen.db.",
                ).format(source=source, driver=driver)
            )
        # The string itself, respelled at its start only: rendering the parsed URL again would
        # percent-escape a path holding "#" or "?" into another file's name.
        return "sqlite" + url[len(parsed.drivername):] if driver else url
    if backend in ("postgresql", "postgres"):
        if driver not in ("", "psycopg"):
            raise BadDatabaseUrl(
                translate(
                    "db.url_check",
                    "{source}: the PostgreSQL driver {driver!r} is not installed "
                    "with Kaizen; write postgresql+psycopg://... .",
                ).format(source=source, driver=driver)
            )
        if not parsed.database:
            raise BadDatabaseUrl(
                translate(
                    "db.url_check",
                    "{source}: the URL names no database; write "
                    "postgresql+psycopg://USER:PASSWORD@HOST:5432/DATABASE.",
                ).format(source=source)
            )
        return "postgresql+psycopg" + url[len(parsed.drivername):] if not driver else url
    raise BadDatabaseUrl(
        translate(
            "db.url_check",
            "{source}: Kaizen works with SQLite and PostgreSQL, not {backend!r}. Write {examples}.",
        ).format(source=source, backend=backend, examples=EXAMPLES)
    )
