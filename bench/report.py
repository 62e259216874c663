"""Benchmark of the monthly report: a large site's month written as PDF, XLSX and CSV.

It builds a database (the demo plant, one month of it, then :func:`kaizen.demo.bulk.bulk_insert`:
100,000 ideas with about 1,000,000 measurements at the large scale, 10,000 at the small one) or
reuses the one given with ``--db``, and times the whole export of last month's report, as the
app and ``kaizen report`` run it: reading every section from the services, then writing the
file. Each figure is the median of the runs after one warm-up (which pays for the imports and
the font cache), in the BENCH format (``BENCH <name> <median> <unit> (min <x> max <y>, n <runs>)``;
``#`` lines are context):

- ``report_data_ms``: :func:`kaizen.reports.build_monthly_report` alone;
- ``report_pdf_ms``, ``report_xlsx_ms``, ``report_csv_ms``: reading plus writing each format.

Targets: the report under 5 s in any format, the PDF under 2 s.

Run: ``python -m bench --report [--scale small|large]`` or
``python -m bench.report [--scale small|large] [--db PATH] [--runs N]``.
"""

from __future__ import annotations

import argparse
import io
import sqlite3
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from bench.search import build, line, timed
from kaizen.config import sqlite_url
from kaizen.db import migrate
from kaizen.db.engine import Database
from kaizen.db.models import Measurement, SavingsEntry, Suggestion
from kaizen.reports import build_monthly_report, last_month
from kaizen.reports.csv_export import write_csv
from kaizen.reports.pdf import write_pdf
from kaizen.reports.xlsx import write_xlsx
from kaizen.services import Services

SCALES = {"small": 10_000, "large": 100_000}
RUNS = 5
TARGET_MS = 5_000.0
PDF_TARGET_MS = 2_000.0


def run(scale: str, *, db_path: Path | None = None, runs: int = RUNS) -> None:
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
            migrate.upgrade(db)
            with db.read() as s:
                n_ideas = s.scalar(select(func.count(Suggestion.id))) or 0
                n_samples = s.scalar(select(func.count(Measurement.id))) or 0
                n_savings = s.scalar(select(func.count(SavingsEntry.id))) or 0
            if n_ideas < ideas:
                raise SystemExit(f"{path} holds {n_ideas:,} ideas, fewer than the {scale} "
                                 "scale; remove it to build it again.")
            print(f"# report at scale {scale}: {n_ideas:,} ideas, {n_samples:,} measurements, "
                  f"{n_savings:,} savings entries; SQLite {sqlite3.sqlite_version}", flush=True)
            _bench(Services.create(db, attachments_dir=Path(folder) / "photos"), runs)
        finally:
            db.dispose()


def _bench(services: Services, runs: int) -> None:
    month = last_month(date.today())
    started = time.perf_counter()
    times, report = timed(lambda: build_monthly_report(services, month), runs)
    print(f"#   {report.month_label}: {len(report.changes)} changes completed, "
          f"{report.board.open_total} open cards ({len(report.board.stalled)} stalled), "
          f"{len(report.ledger):,} ledger entries this year", flush=True)
    line("report_data_ms", times, "ms")

    pages: list[int] = []

    def pdf() -> None:
        pages.append(write_pdf(build_monthly_report(services, month), io.BytesIO()))

    def xlsx() -> None:
        write_xlsx(build_monthly_report(services, month), io.BytesIO())

    def csv() -> None:
        with tempfile.TemporaryDirectory(prefix="kaizen-bench-csv-") as folder:
            write_csv(build_monthly_report(services, month), Path(folder) / "report.zip")

    for name, fn in (("report_pdf_ms", pdf), ("report_xlsx_ms", xlsx), ("report_csv_ms", csv)):
        cpu_started = time.process_time()
        times, _ = timed(fn, runs)
        cpu = (time.process_time() - cpu_started) * 1000 / (runs + 1)
        if name == "report_pdf_ms":
            print(f"#   the PDF has {pages[-1]} pages", flush=True)
        # CPU time beside the wall time: on a shared machine the wall time includes waiting.
        print(f"#   {name}: {cpu:.0f} ms of CPU per run on average", flush=True)
        line(name, times, "ms")
    print(f"# report bench took {time.perf_counter() - started:.0f} s; targets: under "
          f"{TARGET_MS:.0f} ms in any format, the PDF under {PDF_TARGET_MS:.0f} ms", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=__doc__.split(
        "\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="large",
                        help="small: 10,000 ideas; large: 100,000 ideas (default: large)")
    parser.add_argument("--db", type=Path, default=None,
                        help="keep the generated database in this file and reuse it")
    parser.add_argument("--runs", type=int, default=RUNS, help=f"timed runs (default {RUNS})")
    args = parser.parse_args(argv)
    run(args.scale, db_path=args.db, runs=max(3, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
