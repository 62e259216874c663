"""What the audit trail's hash chain costs (issue 14): one append, and verifying a long trail.

``python -m bench.audit_chain [--events N] [--runs R] [--pg URL]``

- ``audit_append_ms``: one unit of work holding one audit event (the chain head read, the hash,
  the insert, the commit) on a trail of ``--events`` rows; ``audit_append_unchained_ms`` is the
  same unit with the plain insert Kaizen did before revision 0006 (id left to the database, no
  hash: the append trigger is dropped in this scratch file for it), so the difference is the
  chain's cost.
- ``audit_verify_ms`` and ``audit_verify_events_per_s``: :func:`verify_chain` over the whole
  trail, as ``kaizen db check`` runs it.

With ``--pg URL`` (an empty scratch database you own; its append trigger is dropped at the end)
the append is also timed on PostgreSQL, where it takes the advisory lock first, beside the
unchained insert (``audit_append_pg_unchained_ms``).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert, text

from bench.search import line
from kaizen.db import audit_chain, migrate
from kaizen.db.engine import Database
from kaizen.db.models import AuditEvent
from kaizen.services.base import audit

AT = datetime(2026, 12, 7, 9, 30)
AFTER = {"title": "Label the empty-bin shelf", "status": "submitted", "expected_savings": 1200.0}


def _fill(db: Database, events: int) -> None:
    batch = 5_000
    done = 0
    while done < events:
        with db.write() as s:
            for k in range(min(batch, events - done)):
                audit(s, actor_id=None, at=AT, entity="suggestion", entity_id=done + k,
                      action="create", after=AFTER)
        done += min(batch, events - done)


def _appends(db: Database, runs: int, chained: bool) -> list[float]:
    times = []
    for n in range(runs + 1):
        started = time.perf_counter()
        with db.write() as s:
            if chained:
                audit(s, actor_id=None, at=AT, entity="suggestion", entity_id=n,
                      action="update", after=AFTER)
            else:
                s.connection().execute(insert(AuditEvent.__table__).values(
                    at=AT, person_id=None, entity="suggestion", entity_id=n, action="update",
                    before=None, after=AFTER, row_hash="0" * 64))
        times.append((time.perf_counter() - started) * 1000)
    return times[1:]


def _verify(db: Database, runs: int) -> tuple[list[float], int]:
    times, events = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        with db.read() as s:
            report = audit_chain.verify_chain(s.connection())
        times.append((time.perf_counter() - started) * 1000)
        assert report.ok, report.describe()
        events = report.events
    return times, events


def run(events: int, runs: int, pg_url: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{Path(folder) / 'chain.db'}")
        try:
            migrate.upgrade(db)
            _fill(db, events)
            print(f"# SQLite, a trail of {events:,} events", flush=True)
            line("audit_append_ms", _appends(db, runs, chained=True), "ms")
            times, verified = _verify(db, max(3, runs // 100))
            line("audit_verify_ms", times, "ms")
            line("audit_verify_events_per_s", [verified / (t / 1000) for t in times], "events/s")
            with db.engine.begin() as conn:  # scratch file: the old, unchained insert
                conn.execute(text("DROP TRIGGER audit_events_append_at_end"))
            line("audit_append_unchained_ms", _appends(db, runs, chained=False), "ms")
        finally:
            db.dispose()
    if pg_url:
        db = Database(pg_url)
        try:
            migrate.upgrade(db)
            _fill(db, min(events, 20_000))
            print("# PostgreSQL (advisory lock, sequence, head read, insert)", flush=True)
            line("audit_append_pg_ms", _appends(db, runs, chained=True), "ms")
            with db.engine.begin() as conn:  # scratch database: the old, unchained insert
                conn.execute(text("DROP TRIGGER audit_events_append_at_end ON audit_events"))
            line("audit_append_pg_unchained_ms", _appends(db, runs, chained=False), "ms")
        finally:
            db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.audit_chain")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--pg", default=None, metavar="URL")
    args = parser.parse_args()
    run(args.events, args.runs, args.pg)


if __name__ == "__main__":
    main()
