"""Connection loss on PostgreSQL: a save while the server is away fails with ``Unavailable``,
writes nothing, and the same save works once the server is back (the pool reconnects)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from services.factories import Site, idea, make_site
from sqlalchemy import create_engine, event, func, select, text

from kaizen.db.engine import Database
from kaizen.db.models import AuditEvent, Suggestion
from kaizen.domain.errors import Unavailable

from .proxy import TcpProxy


@pytest.fixture
def site(pg_url: str, proxy: TcpProxy, clock: Any) -> Iterator[Site]:
    """The services over a Database that reaches the server through the relay."""
    db = Database(proxy.url_for(pg_url))
    yield make_site(db, clock)
    db.dispose()


def _count(pg_url: str, title: str) -> tuple[int, int]:
    """Ideas with ``title`` and audit rows, read directly (not through the relay)."""
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            ideas = conn.scalar(select(func.count()).where(Suggestion.title == title))
            audits = conn.scalar(select(func.count()).select_from(AuditEvent))
            return int(ideas or 0), int(audits or 0)
    finally:
        engine.dispose()


def test_a_save_while_the_server_is_away_is_refused_then_retried(site: Site, proxy: TcpProxy,
                                                                  pg_url: str) -> None:
    site.suggestions.create(site.staff_id, idea(site, title="Before the outage"))
    _ideas, audits = _count(pg_url, "x")
    proxy.stop()
    with pytest.raises(Unavailable) as refused:
        site.suggestions.create(site.staff_id, idea(site, title="During the outage"))
    assert refused.value.message == "Cannot reach the database server: nothing was saved."
    assert not refused.value.during_commit
    with pytest.raises(Unavailable):
        site.suggestions.list_recent()
    assert _count(pg_url, "During the outage") == (0, audits)

    proxy.start()
    saved = site.suggestions.create(site.staff_id, idea(site, title="During the outage"))
    assert _count(pg_url, "During the outage") == (1, audits + 1)
    assert site.suggestions.get(saved.id).title == "During the outage"


def test_a_backend_killed_in_the_middle_of_a_save(site: Site, pg_url: str) -> None:
    """The server ends the session (pg_terminate_backend) while the idea is being inserted."""
    engine = site.db.engine
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    armed = [True]

    def kill_own_backend(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if armed[0] and statement.startswith("INSERT INTO suggestions"):
            armed[0] = False
            pid = conn.connection.driver_connection.info.backend_pid
            with admin.connect() as other:
                assert other.scalar(text("SELECT pg_terminate_backend(:p)"), {"p": pid})

    event.listen(engine, "before_cursor_execute", kill_own_backend)
    try:
        _ideas, audits = _count(pg_url, "x")
        with pytest.raises(Unavailable) as refused:
            site.suggestions.create(site.staff_id, idea(site, title="Cut off"))
        assert not armed[0]
        assert not refused.value.during_commit
        assert _count(pg_url, "Cut off") == (0, audits)
        site.suggestions.create(site.staff_id, idea(site, title="Cut off"))
        assert _count(pg_url, "Cut off") == (1, audits + 1)
    finally:
        event.remove(engine, "before_cursor_execute", kill_own_backend)
        admin.dispose()


def test_a_server_that_never_answers_is_unavailable_too(pg_url: str, proxy: TcpProxy) -> None:
    proxy.stop()
    db = Database(proxy.url_for(pg_url))
    try:
        with pytest.raises(Unavailable), db.write() as s:
            s.execute(text("SELECT 1"))
    finally:
        db.dispose()
