"""``python -m bench [--scale large|small] [--db FOLDER] [--only GROUPS] [--runs N] [--explain]
[--load quiet|busy|both]``.

The suite of :mod:`bench.suite`: builds (or reuses from the cache folder) the data set, then
prints every figure of issue 8 as ``BENCH <name> <median> <unit> (min <x> max <y>, n <runs>)``.
The older single benches stay reachable: ``--board``, ``--report`` and ``--lists-ui`` are
``--only board``, ``--only report`` and ``--only lists-ui``; ``--search`` runs the detailed list
and search figures of :mod:`bench.search` (and the dashboard's of :mod:`bench.dashboard`) on the
cached set. ``--load`` (default ``both``) runs the groups quiet, then again beside a CPU-bound
process per core started by the bench (:mod:`bench.load`; those lines end in ``_busy``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.suite import DEFAULT_CACHE, EXTRA_GROUPS, GROUPS, SCALES, ensure_dataset, run

SMALL_BUSY = ("views", "board", "dashboard", "db", "save", "simulation", "mining")


def _groups(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in names if name not in GROUPS + EXTRA_GROUPS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown group {', '.join(unknown)}; pick from {', '.join(GROUPS + EXTRA_GROUPS)}")
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Build the plant-scale data set (or reuse it) and print one BENCH line per "
                    "figure: start-up, the Ideas list, the PDCA board, the dashboard, the "
                    "monthly report, saving an idea, peak memory; DB-bound figures beside the "
                    "same statements in plain sqlite3.",
    )
    parser.add_argument("--scale", choices=sorted(SCALES), default="large",
                        help="large: the ten-year set of a large site, 200,000 ideas; small: a "
                             "tenth of it, under a minute in all (default: large)")
    parser.add_argument("--db", type=Path, default=DEFAULT_CACHE, metavar="FOLDER",
                        help=f"cache folder of the data sets (default: {DEFAULT_CACHE})")
    parser.add_argument("--dataset", type=Path, default=None, metavar="FILE",
                        help="time this already-built set file as it is (no build, no cache "
                             "key): to compare code changes on the same data")
    parser.add_argument("--only", type=_groups, default=GROUPS, metavar="GROUPS",
                        help=f"comma-separated groups: {', '.join(GROUPS + EXTRA_GROUPS)} "
                             "(default: all but lists-ui)")
    parser.add_argument("--runs", type=int, default=None,
                        help="timed runs per figure after one warm-up (default: 7 large, 3 "
                             "small)")
    parser.add_argument("--explain", action="store_true",
                        help="also print the SQLite query plan of every timed statement")
    parser.add_argument("--load", choices=("quiet", "busy", "both"), default="both",
                        help="quiet: nothing else running; busy: a CPU-bound process per core "
                             "beside the bench, started by it (names end in _busy); both: "
                             "quiet, then busy (default; the build is timed quiet only)")
    parser.add_argument("--board", action="store_true", help="same as --only board")
    parser.add_argument("--report", action="store_true", help="same as --only report")
    parser.add_argument("--lists-ui", action="store_true", help="same as --only lists-ui")
    parser.add_argument("--search", action="store_true",
                        help="the detailed list, search and dashboard figures instead")
    args = parser.parse_args(argv)
    if args.search:
        from bench.dashboard import run as run_dashboard
        from bench.search import run as run_search

        path = args.dataset or ensure_dataset(args.db, args.scale)
        runs = max(7, args.runs or 7)
        run_search(args.scale, db_path=path, runs=runs, explain=args.explain)
        run_dashboard(args.scale, db_path=path, runs=runs, explain=args.explain)
        return 0
    picked = tuple(name for flag, name in ((args.board, "board"), (args.report, "report"),
                                           (args.lists_ui, "lists-ui")) if flag)
    only = picked or args.only
    if args.load in ("quiet", "both"):
        run(args.scale, folder=args.db, only=only, runs=args.runs, explain=args.explain,
            dataset=args.dataset)
    if args.load in ("busy", "both"):
        from bench.load import busy

        # The set is built (and its build timed) in the quiet pass; the busy pass reuses it.
        # At the small scale (CI: the whole run in about three minutes) the busy pass keeps
        # the figures issue 21 names for the busy machine: views, board, charts, the database
        # figures, the save, simulation and mining.
        again = tuple(g for g in only if (g != "build" or args.load == "busy")
                      and (args.scale != "small" or g in SMALL_BUSY or args.load == "busy"))
        if again:
            with busy():
                run(args.scale, folder=args.db, only=again, runs=args.runs,
                    explain=False, dataset=args.dataset)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
