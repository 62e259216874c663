"""Benchmark of the inbox (issue 22): ``InboxService.inbox`` for the busiest person, against
the same statements replayed in plain sqlite3 (the floor: the database's own work).

``python -m bench.inbox [--scale large|small] [--dataset FILE] [--runs N]``: the plant set of
:mod:`bench.suite` (built or reused from its cache), or a given file. The person timed is the
active admin or supervisor with the most waiting for them; the target is under 50 ms on the
large set. Lines: ``BENCH <name> <median> <unit> (min <x> max <y>, n <runs>)``.
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

from sqlalchemy import select

from bench.search import captured, line, timed
from bench.suite import DEFAULT_CACHE, ensure_dataset
from kaizen.config import sqlite_url
from kaizen.db.engine import Database
from kaizen.db.models import Person
from kaizen.domain.enums import Role
from kaizen.services.inbox import InboxService

TARGET_MS = 50.0


def busiest(db: Database, service: InboxService) -> tuple[int, int]:
    """The reviewer with the most items waiting, and that number."""
    with db.read() as s:
        people = list(s.scalars(select(Person.id).where(
            Person.active.is_(True), Person.role.in_([Role.ADMIN, Role.SUPERVISOR]))))
    totals = {person: service.inbox(person).total for person in people}
    person = max(totals, key=lambda p: (totals[p], -p))
    return person, totals[person]


def run(path: Path, runs: int) -> None:
    db = Database(sqlite_url(path))
    try:
        service = InboxService(db)
        person, total = busiest(db, service)
        box = service.inbox(person)
        print("#   inbox of person #{}: {:,} items ({})".format(person, total, ", ".join(
            f"{kind.value} {count:,}" for kind, count in box.counts.items())), flush=True)
        times, _ = timed(lambda: service.inbox(person), runs)
        line("inbox_ms", times, "ms")
        with captured(db) as statements:
            service.inbox(person)
        raw = sqlite3.connect(path)
        try:
            def plain() -> None:
                for sql, params in statements:
                    raw.execute(sql, params).fetchall()

            floor, _ = timed(plain, runs)
        finally:
            raw.close()
        print(f"#   {len(statements)} statements; target under {TARGET_MS:.0f} ms", flush=True)
        line("inbox_raw_ms", floor, "ms")
        line("inbox_vs_raw", [a / b for a, b in zip(times, floor, strict=True)], "x")
    finally:
        db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.inbox", description=__doc__)
    parser.add_argument("--scale", choices=("large", "small"), default="large")
    parser.add_argument("--dataset", type=Path, default=None, metavar="FILE",
                        help="time this already-built set file as it is")
    parser.add_argument("--db", type=Path, default=DEFAULT_CACHE, metavar="FOLDER",
                        help="cache folder of the data sets")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    path = args.dataset or ensure_dataset(args.db, args.scale)
    run(path, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
