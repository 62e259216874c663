"""``python -m bench [--scale small|large] [--db PATH] [--runs N] [--explain] [--board]
[--report] [--lists-ui]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.dashboard import run as run_dashboard
from bench.search import RUNS, SCALES, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Time the ideas and waste-walk lists (search, filter, sort, rows, counts) "
                    "on a generated database and print one BENCH line per figure.",
    )
    parser.add_argument("--scale", choices=sorted(SCALES), default="small",
                        help="small: 20,000 ideas; large: 200,000 ideas (default: small)")
    parser.add_argument("--db", type=Path, default=None,
                        help="keep the generated database in this file and reuse it next time "
                             "(default: a temporary folder, removed afterwards)")
    parser.add_argument("--runs", type=int, default=RUNS,
                        help=f"timed runs per figure, after one warm-up (default: {RUNS})")
    parser.add_argument("--explain", action="store_true",
                        help="also print the SQLite query plan of every timed query")
    parser.add_argument("--board", action="store_true",
                        help="time the PDCA board instead: 2,000 open cards, service and view")
    parser.add_argument("--lists-ui", action="store_true",
                        help="time the Ideas and Waste walk views instead (open, sort, search, "
                             "scroll through the GUI path) at the chosen scale")
    parser.add_argument("--report", action="store_true",
                        help="time the monthly report instead (PDF, XLSX, CSV): last month of "
                             "a site with 10,000 ideas (small) or 100,000 (large)")
    args = parser.parse_args(argv)
    if args.report:
        from bench.report import run as run_report

        run_report(args.scale, db_path=args.db, runs=max(5, args.runs))
        return 0
    if args.board:
        from bench.board import run as run_board

        run_board(db_path=args.db, runs=max(7, args.runs))
        return 0
    if args.lists_ui:
        from bench.lists_ui import run as run_lists_ui

        run_lists_ui(args.scale, db_path=args.db, runs=max(7, args.runs))
        return 0
    run(args.scale, db_path=args.db, runs=max(7, args.runs), explain=args.explain)
    run_dashboard(args.scale, db_path=args.db, runs=max(7, args.runs), explain=args.explain)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
