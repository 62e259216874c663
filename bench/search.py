"""Benchmark of the big lists: search, filter, sort, rows and counts, for ideas and observations.

It builds a database in a temporary folder (the demo plant, one month of it, then
:func:`kaizen.demo.bulk.bulk_insert`: 20,000 ideas at the small scale, 200,000 ideas and about
100,000 observations at the large one), then times each service call the list views make: the
median of at least seven runs after one warm-up. The same search is also run in plain
``sqlite3`` with the best plan found by hand, to show what the service layer costs on top.

Every figure is one line: ``BENCH <name> <median> <unit> (min <x> max <y>, n <runs>)``; lines
starting with ``#`` are context.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select

from kaizen.config import sqlite_url
from kaizen.db import migrate
from kaizen.db.engine import Database
from kaizen.db.models import Area, Suggestion, WasteObservation
from kaizen.demo.bulk import bulk_insert
from kaizen.demo.generator import build_demo
from kaizen.domain.enums import SuggestionStatus
from kaizen.services import Services
from kaizen.services.listing import IdeaColumn, IdeaFilter, ObservationColumn, ObservationFilter

SCALES = {"small": 20_000, "large": 200_000}
RUNS = 9

# Words of the demo catalogue: each is in about one idea (observation) in twenty.
IDEA_WORD = "torque"
IDEA_WORDS = "torque stat"  # the last word as typed so far: a prefix
COMMON_WORD = "the"  # in most ideas: the worst case of a one-word search
FIRST_LETTERS = "to"  # the first keystrokes: a two-letter prefix, matching a great many ideas
OBSERVATION_WORD = "forklift"
OBSERVATION_WORDS = "parts stack"
AREA = "Assembly"  # a department with two lines under it

# What the list views would do by hand in sqlite3: the FTS table drives, rows by rowid.
RAW_IDEA_SEARCH = (
    "SELECT s.id FROM suggestions_fts JOIN suggestions s ON s.id = suggestions_fts.rowid "
    "WHERE suggestions_fts MATCH ? ORDER BY s.created_at DESC, s.id DESC"
)
RAW_OBSERVATION_SEARCH = (
    "SELECT o.id FROM waste_observations_fts JOIN waste_observations o "
    "ON o.id = waste_observations_fts.rowid WHERE waste_observations_fts MATCH ? "
    "ORDER BY o.observed_at DESC, o.id DESC"
)

_SORT_NAMES = {
    IdeaColumn.CREATED_AT: "created",
    IdeaColumn.EXPECTED_SAVINGS: "savings",
    IdeaColumn.DUE_DATE: "due",
    ObservationColumn.OBSERVED_AT: "observed",
    ObservationColumn.YEARLY_COST: "cost",
}


def build(path: Path, ideas: int) -> float:
    """Make the benchmark database at ``path``; returns the seconds it took."""
    started = time.perf_counter()
    db = Database(sqlite_url(path))
    try:
        migrate.upgrade(db)
        build_demo(db, seed=1, months=1)
        bulk_insert(db, ideas=ideas)
    finally:
        db.dispose()
    return time.perf_counter() - started


def line(name: str, values: list[float], unit: str) -> None:
    from bench.load import suffix

    digits = 2 if unit == "x" else 1
    name += suffix()  # "_busy" in the busy pass (bench/load.py)
    print(f"BENCH {name} {statistics.median(values):.{digits}f} {unit} "
          f"(min {min(values):.{digits}f} max {max(values):.{digits}f}, n {len(values)})",
          flush=True)


def timed(fn: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    """Milliseconds of ``runs`` calls after one warm-up, and the last result."""
    result = fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


@contextmanager
def captured(db: Database) -> Iterator[list[tuple[str, Any]]]:
    """The SQL statements run on ``db`` inside the block, with their parameters."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


class Bench:
    def __init__(self, db: Database, path: Path, runs: int, explain: bool) -> None:
        self.db = db
        self.services = Services.create(db)
        self.path = path
        self.runs = runs
        self.explain = explain

    def figure(self, name: str, fn: Callable[[], Any]) -> Any:
        times, result = timed(fn, self.runs)
        line(name, times, "ms")
        if self.explain:
            self.print_plan(name, fn)
        return result

    def versus_raw(self, name: str, fn: Callable[[], list[int]], raw_sql: str,
                   match: str) -> None:
        """Service call against plain sqlite3, run in pairs so both see the same machine."""
        raw = sqlite3.connect(self.path)
        try:
            def plain() -> list[int]:
                return [row[0] for row in raw.execute(raw_sql, (match,))]

            assert fn() == plain(), f"{name}: the service and plain sqlite3 disagree"
            ours, theirs, ratios = [], [], []
            for _ in range(self.runs):
                a, _ = timed(fn, 1)
                b, _ = timed(plain, 1)
                ours.append(a[0])
                theirs.append(b[0])
                ratios.append(a[0] / b[0])
        finally:
            raw.close()
        line(f"{name}_raw_ms", theirs, "ms")
        line(f"{name}_vs_raw", ratios, "x")

    def print_plan(self, name: str, fn: Callable[[], Any]) -> None:
        with captured(self.db) as statements:
            fn()
        raw = sqlite3.connect(self.path)
        try:
            for statement, parameters in statements:
                print(f"#   plan of {name}: {' '.join(statement.split())[:140]}")
                for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters):
                    print(f"#     {row[3]}")
        finally:
            raw.close()

    def ideas(self) -> None:
        ideas = self.services.suggestions
        self.figure("ideas_search_ms", lambda: ideas.query_ids(IdeaFilter(text=IDEA_WORD)))
        hits = ideas.count(IdeaFilter(text=IDEA_WORD))
        print(f"#   '{IDEA_WORD}' is in {hits:,} ideas", flush=True)
        self.figure("ideas_search2_ms", lambda: ideas.query_ids(IdeaFilter(text=IDEA_WORDS)))
        self.figure("ideas_search_common_ms",
                    lambda: ideas.query_ids(IdeaFilter(text=COMMON_WORD)))
        print(f"#   '{COMMON_WORD}' is in {ideas.count(IdeaFilter(text=COMMON_WORD)):,} ideas",
              flush=True)
        self.figure("ideas_search_typing_ms",
                    lambda: ideas.query_ids(IdeaFilter(text=FIRST_LETTERS)))
        print(f"#   '{FIRST_LETTERS}…' starts a word in "
              f"{ideas.count(IdeaFilter(text=FIRST_LETTERS)):,} ideas", flush=True)
        self.versus_raw("ideas_search", lambda: ideas.query_ids(IdeaFilter(text=IDEA_WORD)),
                        RAW_IDEA_SEARCH, f'"{IDEA_WORD}"*')
        area = self.area_id()
        self.figure("ideas_filter_area_ms", lambda: ideas.query_ids(IdeaFilter(area_id=area)))
        queue = IdeaFilter(statuses=(SuggestionStatus.SUBMITTED, SuggestionStatus.UNDER_REVIEW))
        self.figure("ideas_filter_status_ms", lambda: ideas.query_ids(queue))
        combined = IdeaFilter(text=IDEA_WORD, area_id=area, statuses=queue.statuses)
        self.figure("ideas_filter_combined_ms", lambda: ideas.query_ids(combined))
        everything = IdeaFilter()
        for column in IdeaColumn:
            name = _SORT_NAMES.get(column, column.value)
            descending = column is IdeaColumn.CREATED_AT
            self.figure(f"ideas_sort_{name}_ms",
                        lambda c=column, d=descending: ideas.query_ids(everything, c, d))
        first = ideas.query_ids(everything)
        self.figure("ideas_rows_100_ms", lambda: ideas.rows(first[:100]))
        self.figure("ideas_rows_500_ms", lambda: ideas.rows(first[:500]))
        self.figure("ideas_count_ms", lambda: ideas.count(everything))
        self.figure("ideas_count_search_ms", lambda: ideas.count(IdeaFilter(text=IDEA_WORD)))
        self.figure("ideas_status_counts_ms", lambda: ideas.status_counts(everything))

    def observations(self) -> None:
        observations = self.services.observations
        self.figure("observations_search_ms",
                    lambda: observations.query_ids(ObservationFilter(text=OBSERVATION_WORD)))
        self.figure("observations_search2_ms",
                    lambda: observations.query_ids(ObservationFilter(text=OBSERVATION_WORDS)))
        self.versus_raw(
            "observations_search",
            lambda: observations.query_ids(ObservationFilter(text=OBSERVATION_WORD)),
            RAW_OBSERVATION_SEARCH, f'"{OBSERVATION_WORD}"*',
        )
        area = self.area_id()
        self.figure("observations_filter_area_ms",
                    lambda: observations.query_ids(ObservationFilter(area_id=area)))
        self.figure("observations_filter_linked_ms",
                    lambda: observations.query_ids(ObservationFilter(linked=False)))
        everything = ObservationFilter()
        for column in ObservationColumn:
            name = _SORT_NAMES.get(column, column.value)
            descending = column in (ObservationColumn.OBSERVED_AT, ObservationColumn.YEARLY_COST)
            self.figure(f"observations_sort_{name}_ms",
                        lambda c=column, d=descending: observations.query_ids(everything, c, d))
        first = observations.query_ids(everything)
        self.figure("observations_rows_100_ms", lambda: observations.rows(first[:100]))
        self.figure("observations_count_ms", lambda: observations.count(everything))
        self.figure("observations_category_counts_ms",
                    lambda: observations.category_counts(everything))

    def area_id(self) -> int:
        with self.db.read() as s:
            found = s.scalar(select(Area.id).where(Area.name == AREA))
        assert found is not None, f"the demo plant has no area {AREA!r}"
        return int(found)


def run(scale: str, *, db_path: Path | None = None, runs: int = RUNS,
        explain: bool = False) -> None:
    ideas = SCALES[scale]
    with tempfile.TemporaryDirectory(prefix="kaizen-bench-") as folder:
        path = db_path or Path(folder) / "bench.db"
        if path.exists():
            print(f"# reusing {path}", flush=True)
        else:
            print(f"# building {ideas:,} ideas in {path} ...", flush=True)
            print(f"# built in {build(path, ideas):.0f} s", flush=True)
        db = Database(sqlite_url(path))
        try:
            with db.read() as s:
                n_ideas = s.scalar(select(func.count(Suggestion.id))) or 0
                n_obs = s.scalar(select(func.count(WasteObservation.id))) or 0
            if n_ideas < ideas:
                raise SystemExit(f"{path} holds {n_ideas:,} ideas, fewer than the {scale} "
                                 "scale; remove it to build it again.")
            size = path.stat().st_size / 1_048_576
            print(f"# scale {scale}: {n_ideas:,} ideas, {n_obs:,} observations, "
                  f"{size:,.0f} MB; SQLite {sqlite3.sqlite_version}", flush=True)
            bench = Bench(db, path, runs, explain)
            bench.ideas()
            bench.observations()
        finally:
            db.dispose()
