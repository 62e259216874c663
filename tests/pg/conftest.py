"""Fixtures of the PostgreSQL tests: a fresh, migrated database on the configured server.

The server comes from ``KAIZEN_PG_URL``, else from the server the whole suite runs on
(``--db-url`` / ``KAIZEN_TEST_DB_URL``, read through the top conftest's ``databases`` fixture);
without either, or when the server does not answer, these tests are skipped with the reason.
So a plain SQLite run of the suite still exercises them when ``KAIZEN_PG_URL`` is set.

The schema is migrated once per session into a template database; each test gets
``CREATE DATABASE ... TEMPLATE`` of it (a copy in a few milliseconds, where migrating takes
seconds) and it is dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kaizen.db import migrate
from kaizen.db.engine import Database

from .proxy import TcpProxy, server_address


def configured_pg_url(request: pytest.FixtureRequest) -> str | None:
    url = os.environ.get("KAIZEN_PG_URL", "")
    if url.startswith("postgresql"):
        return url
    suite = getattr(request.getfixturevalue("databases"), "server", None)
    if suite and suite.startswith("postgresql"):
        return str(suite)
    url = os.environ.get("KAIZEN_TEST_DB_URL", "")
    return url if url.startswith("postgresql") else None


def with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _admin(url: str):  # noqa: ANN202 - an Engine in autocommit, on the maintenance database
    return create_engine(with_database(url, "postgres"), isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def pg_server(request: pytest.FixtureRequest) -> Iterator[str]:
    """The server's URL (any database on it); skips when none is configured or reachable."""
    url = configured_pg_url(request)
    if url is None:
        pytest.skip("no PostgreSQL server configured (set KAIZEN_PG_URL or KAIZEN_TEST_DB_URL "
                    "to a postgresql+psycopg:// URL)")
    engine = _admin(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means the same: no server to test on
        pytest.skip(f"the PostgreSQL server at {server_address(url)} does not answer: {exc}")
    finally:
        engine.dispose()
    yield url


def _name(prefix: str) -> str:
    # Several test sessions (xdist workers, other engineers) share one server.
    return f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def pg_template(pg_server: str) -> Iterator[str]:
    """The name of a database migrated to head, used as the template of each test's database."""
    name = _name("pgops_tmpl")
    admin = _admin(pg_server)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db = Database(with_database(pg_server, name))
    migrate.upgrade(db)
    db.dispose()
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _create(pg_server: str, template: str | None) -> str:
    name = _name("pgops")
    admin = _admin(pg_server)
    try:
        with admin.connect() as conn:
            suffix = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
    finally:
        admin.dispose()
    return name


def _drop(pg_server: str, name: str) -> None:
    admin = _admin(pg_server)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture
def pg_url(pg_server: str, pg_template: str) -> Iterator[str]:
    """The URL of a new database migrated to head, dropped after the test."""
    name = _create(pg_server, pg_template)
    yield with_database(pg_server, name)
    _drop(pg_server, name)


@pytest.fixture
def empty_pg_url(pg_server: str) -> Iterator[str]:
    """The URL of a new database without any table, dropped after the test."""
    name = _create(pg_server, None)
    yield with_database(pg_server, name)
    _drop(pg_server, name)


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    database = Database(pg_url)
    yield database
    database.dispose()


@pytest.fixture
def proxy(pg_url: str) -> Iterator[TcpProxy]:
    """A TCP relay in front of the test server, to cut and restore the connection at will."""
    relay = TcpProxy(server_address(pg_url))
    yield relay
    relay.stop()
