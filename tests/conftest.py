"""Shared fixtures: a real, migrated database per test (SQLite file or PostgreSQL database), and
the services over it.

The backend: ``--db-url URL`` or the ``KAIZEN_TEST_DB_URL`` environment variable names a
PostgreSQL server database (``postgresql+psycopg://user:pw@host/name``); unset, every test gets
SQLite files as before. The schema is migrated once per test session (per xdist worker) into a
template; each test gets its own copy (migrating per test would cost ~0.3 s each): a file copy on
SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL (see :class:`TestDatabases`).

Tests about SQLite files by nature (crash on a file, file backups, damaged files, pragmas, FTS5)
carry the ``sqlite_only`` marker with its reason; on PostgreSQL they are skipped with it.
"""

from __future__ import annotations

import functools
import itertools
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

# Qt needs a platform before any Qt import; offscreen works without a display (CI, no terminal).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

import pytest
from backend import run_sql
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, make_url
from sqlalchemy.pool import NullPool

from kaizen.db import migrate
from kaizen.db.engine import Database
from kaizen.domain import pins

DB_URL_ENV = "KAIZEN_TEST_DB_URL"

# Property tests draw the same examples on every run (derandomize: a failure means the same thing
# each time and on every machine), write no example database (a shared .hypothesis folder under
# parallel workers), and never fail for the machine's speed (no per-example deadline, no "too
# slow" health check). HYPOTHESIS_PROFILE=hunt draws fresh examples, for a bug hunt by hand.
hypothesis_settings.register_profile(
    "kaizen", derandomize=True, database=None, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.register_profile("hunt", deadline=None,
                                     suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "kaizen"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db-url", default=None,
        help=f"run the suite on this PostgreSQL database URL (or set {DB_URL_ENV}); "
             "default: SQLite files",
    )


def server_url(config: pytest.Config) -> str | None:
    """The PostgreSQL URL the suite runs on, or None for SQLite."""
    return config.getoption("--db-url") or os.environ.get(DB_URL_ENV) or None


def pytest_report_header(config: pytest.Config) -> str:
    url = server_url(config)
    return f"database: {make_url(url).render_as_string(hide_password=True)}" if url else \
        "database: SQLite files"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if server_url(config) is None:
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
            assert reason, f"{item.nodeid}: sqlite_only needs its reason"
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


class FixedClock:
    """A clock tests can read and move: services take it instead of datetime.now."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


class TestDatabases:
    """Makes databases for tests: copies of a template, or empty ones.

    SQLite: files (``folder`` is where they go). PostgreSQL: databases on the server named
    ``<server db>_t_<xdist worker>_<n>``, made with ``CREATE DATABASE ... TEMPLATE`` and dropped
    at the end of the session (stale ones of an aborted run are dropped at the start).

    On PostgreSQL a test's own database (:meth:`clean_worker_db`) is one per worker, emptied
    before each test: every table's rows deleted and every sequence restarted, with
    ``session_replication_role = replica`` on that one connection so the audit trail's
    append-only trigger and the foreign keys stay out of the way of the cleanup only (~0.03 s;
    a ``CREATE DATABASE ... TEMPLATE`` and ``DROP`` per test cost 0.5 s on an idle machine and
    2 s (WAL_LOG) to 4 s (FILE_COPY) on a busy one, a ``TRUNCATE`` of every table ~0.9 s busy).
    A test that changed the schema (tables, triggers, revision) gets the database rebuilt.
    """

    __test__ = False  # not a test class, whatever its name

    def __init__(self, server: str | None, worker: str, folder: Path) -> None:
        self.server = server
        self.folder = folder
        self._numbers = itertools.count(1)
        self._made: list[str] = []
        self._worker_url: str | None = None
        self._worker_engine: Any = None
        self._worker_shape: tuple[Any, ...] | None = None
        self._cleanup_sql = ""
        if server is None:
            self._admin = None
            return
        base = make_url(server)
        self._base = base
        self.prefix = f"{base.database}_t_{worker}_"
        self._admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        with self._admin.connect() as conn:
            stale = conn.exec_driver_sql(
                "SELECT datname FROM pg_database WHERE starts_with(datname, %s)", (self.prefix,)
            ).scalars().all()
        for name in stale:
            self._drop(name)

    @property
    def is_postgres(self) -> bool:
        return self.server is not None

    def _url(self, name: str) -> str:
        return self._base.set(database=name).render_as_string(hide_password=False)

    def _admin_sql(self, sql: str) -> None:
        assert self._admin is not None
        with self._admin.connect() as conn:
            conn.exec_driver_sql(sql)

    def _drop(self, name: str) -> None:
        self._admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def empty(self, hint: str = "db") -> str:
        """The URL of a new database without any table."""
        number = next(self._numbers)
        if not self.is_postgres:
            folder = self.folder / f"{hint}-{number}"
            folder.mkdir()
            return f"sqlite:///{folder / 'kaizen.db'}"
        name = f"{self.prefix}{number}"
        self._admin_sql(f'CREATE DATABASE "{name}"')
        self._made.append(name)
        self._no_commit_flush(name)
        return self._url(name)

    def copy(self, template_url: str, path: Path | None = None) -> str:
        """The URL of a new database holding what ``template_url`` holds (nobody may be
        connected to the template). ``path``: the file on SQLite (default: a new one)."""
        if not self.is_postgres:
            source = Path(template_url.removeprefix("sqlite:///"))
            if path is None:
                path = Path(self.empty("copy").removeprefix("sqlite:///"))
            shutil.copyfile(source, path)
            return f"sqlite:///{path}"
        name = f"{self.prefix}{next(self._numbers)}"
        source = make_url(template_url).database
        # WAL_LOG (the default) copies block by block; FILE_COPY forces two checkpoints, which
        # cost seconds on a busy machine.
        self._admin_sql(f'CREATE DATABASE "{name}" TEMPLATE "{source}" STRATEGY WAL_LOG')
        self._made.append(name)
        self._no_commit_flush(name)
        return self._url(name)

    def _no_commit_flush(self, name: str) -> None:
        # Tests need no durability against a power cut: a commit that waits for its WAL flush
        # made the demo plant 10x slower than on SQLite. Visibility and locking are unchanged.
        self._admin_sql(f'ALTER DATABASE "{name}" SET synchronous_commit = off')

    def drop(self, url: str) -> None:
        """Drop a database made here (a no-op on SQLite: the files go with tmp_path)."""
        if not self.is_postgres:
            return
        name = make_url(url).database
        self._drop(name)
        self._made.remove(name)

    def clean_worker_db(self, template_url: str) -> str:
        """PostgreSQL: this worker's test database, as empty as the template."""
        if self._worker_url is not None:
            with self._worker_engine.begin() as conn:
                # Whatever the last test left connected (a leaked engine) would hold locks.
                conn.exec_driver_sql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()")
                if self._shape(conn) == self._worker_shape:
                    conn.exec_driver_sql(self._cleanup_sql)
                    return self._worker_url
            self._worker_engine.dispose()
            self.drop(self._worker_url)
        url = self.copy(template_url)
        engine = create_engine(url, poolclass=NullPool)
        with engine.begin() as conn:
            self._worker_shape = self._shape(conn)
            tables = conn.exec_driver_sql(
                "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'").scalars().all()
        # setval on the sequences that were drawn from: far cheaper than ALTER SEQUENCE RESTART.
        self._cleanup_sql = ";".join(
            ["SET LOCAL session_replication_role = replica"]
            + [f"DELETE FROM {table}" for table in tables]
            + ["SELECT setval(quote_ident(sequencename), 1, false) FROM pg_sequences "
               "WHERE schemaname = 'public' AND last_value IS NOT NULL"])
        self._worker_url, self._worker_engine = url, engine
        return url

    @staticmethod
    def _shape(conn: Any) -> tuple[Any, ...]:
        """What a test must not have changed: the tables, indexes, triggers and revision."""
        return tuple(conn.exec_driver_sql(
            "SELECT (SELECT string_agg(relname::text || relkind::text, ',' ORDER BY relname) "
            "        FROM pg_class WHERE relnamespace = 'public'::regnamespace), "
            "       (SELECT string_agg(tgname::text, ',' ORDER BY tgname) FROM pg_trigger), "
            "       (SELECT string_agg(version_num, ',') FROM alembic_version)").one())

    def close(self) -> None:
        if self._worker_engine is not None:
            self._worker_engine.dispose()
        for name in list(self._made):
            self._drop(name)
        self._made.clear()
        if self._admin is not None:
            self._admin.dispose()


@pytest.fixture(scope="session")
def databases(request: pytest.FixtureRequest,
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestDatabases]:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    made = TestDatabases(server_url(request.config), worker, tmp_path_factory.mktemp("dbs"))
    yield made
    made.close()


@pytest.fixture(scope="session")
def on_postgres(databases: TestDatabases) -> bool:
    return databases.is_postgres


@pytest.fixture(autouse=True)
def english_after_each_test() -> Iterator[None]:
    """A test that starts the app in another language (issue 22) leaves the next one in English,
    with Qt's locale and translators as they were."""
    yield
    from kaizen import i18n

    if i18n.current_language() != i18n.SOURCE_LANGUAGE:
        if "kaizen.ui.language" in sys.modules:
            sys.modules["kaizen.ui.language"].apply_language(i18n.SOURCE_LANGUAGE)
        else:
            i18n.set_language(i18n.SOURCE_LANGUAGE)


@pytest.fixture(autouse=True)
def fast_pin_hashing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash PINs with a small scrypt cost in tests, as Django's test settings do with passwords.

    The cost is stored inside each hash, so verification is unchanged; tests marked
    ``real_pin_cost`` (the PIN tests themselves) keep the production cost.
    """
    if request.node.get_closest_marker("real_pin_cost") is None:
        monkeypatch.setattr(pins, "_N", 2**8)


@pytest.fixture(scope="session")
def template_url(databases: TestDatabases) -> str:
    """A database migrated to head, to copy from (never open it in a test)."""
    url = databases.empty("template")
    db = Database(url)
    migrate.upgrade(db)
    db.dispose()
    return url


@pytest.fixture(scope="session")
def template_db(template_url: str, databases: TestDatabases) -> Path:
    """The template as a SQLite file (tests that copy files are SQLite-only by nature)."""
    if databases.is_postgres:
        pytest.fail("template_db is a SQLite file: use template_url and databases.copy()")
    return Path(template_url.removeprefix("sqlite:///"))


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("KAIZEN_DATA_DIR", str(folder))
    monkeypatch.delenv("KAIZEN_DB_URL", raising=False)
    return folder


@pytest.fixture
def db_url(databases: TestDatabases, template_url: str, data_dir: Path,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The URL of this test's own migrated database: ``data_dir/kaizen.db`` on SQLite (where the
    app looks by default); on PostgreSQL also put in ``KAIZEN_DB_URL``, so the app and the
    command line find it the same way."""
    if not databases.is_postgres:
        yield databases.copy(template_url, data_dir / "kaizen.db")
        return
    url = databases.clean_worker_db(template_url)
    monkeypatch.setenv("KAIZEN_DB_URL", url)
    yield url


@pytest.fixture
def empty_db_url(databases: TestDatabases, data_dir: Path) -> Iterator[str]:
    """A new database without any table (not the one the app finds in ``data_dir``)."""
    url = databases.empty("empty")
    yield url
    databases.drop(url)


@pytest.fixture
def db_path(db_url: str, databases: TestDatabases) -> Path:
    """The database file (SQLite only: tests about files are marked ``sqlite_only``)."""
    if databases.is_postgres:
        pytest.fail("db_path is a SQLite file: use db_url or the sql fixture, or mark the test "
                    "sqlite_only with a reason")
    return Path(db_url.removeprefix("sqlite:///"))


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def sql(db: Database) -> Callable[..., list[tuple[Any, ...]]]:
    """``sql("SELECT ... WHERE id = ?", 3)``: raw SQL on this test's database, either backend."""
    return lambda statement, *args: run_sql(db, statement, *args)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 2, 9, 0, 0))


# --- Qt tests: waits bounded only against a hang, settings of their own --------------------------

# Every Qt wait in the suite is for a signal or a state (waitSignal, waitUntil, ...): it returns
# as soon as that comes, so its timeout only bounds a hang and never decides a pass. pytest-qt's
# default of 5 s (and the 1-3 s a few tests wrote) assumed an idle machine; on a loaded CI box a
# slow load is not a failure. Every wait gets at least this long: five minutes, as a PostgreSQL
# run on a 2-core machine at load 20 once took over one minute to build a month of demo plant.
QT_WAIT_FLOOR_MS = 300_000
_QT_WAITS = ("waitSignal", "waitSignals", "waitUntil", "waitCallback", "waitExposed",
             "waitActive")


def _patient(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wait(*args: Any, timeout: int | None = QT_WAIT_FLOOR_MS, **kwargs: Any) -> Any:
        if timeout is not None:  # None: no timeout at all, already as patient as it gets
            timeout = max(timeout, QT_WAIT_FLOOR_MS)
        return method(*args, timeout=timeout, **kwargs)

    return wait


@pytest.fixture
def qtbot(qtbot: Any, tmp_path: Path) -> Any:
    """pytest-qt's qtbot, with every wait at least :data:`QT_WAIT_FLOOR_MS` long, in a test with
    QSettings of its own (INI files under tmp_path): the app stores the last person picked,
    column choices and window geometry there, which parallel tests (xdist workers, other
    sessions on the machine) must not share. tests/ui's ``isolated_settings`` uses the same
    folder."""
    from PySide6.QtCore import QCoreApplication, QSettings

    for name in _QT_WAITS:
        setattr(qtbot, name, _patient(getattr(qtbot, name)))
    folder = tmp_path / "qsettings"
    folder.mkdir(exist_ok=True)
    QCoreApplication.setOrganizationName("KaizenTests")
    QCoreApplication.setApplicationName("KaizenTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return qtbot
