"""The command line: `kaizen [gui]`, `kaizen demo`, `kaizen db upgrade|check|copy`, `kaizen backup`,
`kaizen restore`, `kaizen process show|import|export` (in kaizen/cli_process.py), `kaizen simulate`
(kaizen/cli_simulate.py), `kaizen log import|list|delete|show` (event logs, kaizen/cli_log.py),
`kaizen export ideas|observations` (the lists as CSV or XLSX, kaizen/cli_export.py),
`kaizen a3 CYCLE_ID --out FILE.pdf` (a change's A3 report, kaizen/cli_a3.py),
`kaizen import ideas|observations|measurements FILE.csv` (kaizen/cli_import.py).

The GUI is the default command. Every command works on the database named by ``--db`` (or
``KAIZEN_DB_URL``), else the SQLite file in the data folder. Commands that write first check the
file (a damaged one is set aside and the newest good backup named, with the command to restore
it) and take a backup when the newest is over a day old, as the app does on start.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from kaizen import __version__
from kaizen.config import Paths, ensure_dirs, resolve_paths


def _whole(low: int, high: int):  # noqa: ANN202 - an argparse type
    """An argparse type: a whole number (ASCII digits) from ``low`` to ``high``, else words."""
    def parse(text: str) -> int:
        from kaizen.domain.input_domains import is_ascii_digits

        digits = text.removeprefix("-")
        if not is_ascii_digits(digits) or len(digits) > 20:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value:,} is not between {low:,} and {high:,}")
        return value

    return parse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kaizen", description="Kaizen: continuous improvement on the shop floor."
    )
    parser.add_argument("--version", action="version", version=f"kaizen {__version__}")
    parser.add_argument("--db", metavar="URL", help="SQLAlchemy database URL (default: the "
                        "SQLite file in the data folder; env KAIZEN_DB_URL)")
    parser.add_argument("--data-dir", metavar="DIR", help="data folder (env KAIZEN_DATA_DIR)")
    parser.add_argument("--demo", action="store_true",
                        help="open the app with demo data when the database is empty")
    parser.add_argument("--kiosk", action="store_true",
                        help="open the shop-floor kiosk: quick capture only (new idea, log "
                             "waste, my ideas), full screen")
    parser.add_argument("--set-kiosk", choices=("on", "off"), metavar="on|off",
                        help="make this PC open the kiosk whenever Kaizen starts (on), or the "
                             "full app again (off); kept in this PC's local config")
    parser.add_argument("--install-desktop", action="store_true",
                        help="add Kaizen to the desktop's menu (a freedesktop .desktop entry and "
                             "its icon under $XDG_DATA_HOME), then exit")
    sub = parser.add_subparsers(dest="command")

    sub.add_parser("gui", help="open the app (the default)")

    demo = sub.add_parser("demo", help="fill the database with a believable demo plant")
    demo.add_argument("--seed", type=_whole(0, 2**63 - 1), default=1,
                      help="random seed (same seed, same data)")
    demo.add_argument("--months", type=_whole(1, 120), default=18,
                      help="how many months of history up to today, 1 to 120 (default 18)")
    demo.add_argument("--scale", type=_whole(0, 1_000_000), default=0, metavar="N",
                      help="also bulk-insert N extra ideas (with observations, cycles, "
                           "measurements and savings in proportion) for benchmarks")

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="back up, then migrate the schema to the newest version")
    db_sub.add_parser("check", help="report the schema version and the database's health")
    copy = db_sub.add_parser(
        "copy", help="copy a whole database (ids, audit trail, photos) into an empty one, "
                     "e.g. a line's SQLite file into the site's PostgreSQL server")
    copy.add_argument("--from", dest="source", metavar="URL",
                      help="the database to copy (default: --db, else this PC's SQLite file)")
    copy.add_argument("--to", dest="target", metavar="URL", required=True,
                      help="the empty database to fill (its schema is created if it has none)")
    copy.add_argument("--attachments-from", metavar="DIR",
                      help="the source's photo folder (default: beside a SQLite file)")
    copy.add_argument("--attachments-to", metavar="DIR",
                      help="where the target's photos go (default: beside a SQLite file; a "
                           "server needs this folder, shared by every PC)")

    sub.add_parser("backup", help="take a verified backup of the database now")

    report = sub.add_parser(
        "report", help="write the monthly improvement report (PDF, XLSX or CSV) to a file"
    )
    report.add_argument("--month", metavar="YYYY-MM",
                        help="the month to report on (default: last month)")
    report.add_argument("--area", metavar="NAME",
                        help="one area and the areas below it, by name or by its place in the "
                             "tree ('Plant / Assembly'); default: the whole site")
    report.add_argument("--format", choices=("pdf", "xlsx", "csv"),
                        help="pdf, xlsx, or csv (a .zip of the savings ledger and the completed "
                             "changes; a .csv file holds the ledger alone); default: from the "
                             "file name, else pdf")
    report.add_argument("-o", "--output", metavar="FILE",
                        help="where to write it (default: kaizen-report-YYYY-MM.<format> here)")

    restore = sub.add_parser(
        "restore", help="put a backup back in place of the database (the current file is kept)"
    )
    restore.add_argument("--list", action="store_true",
                         help="list the backups with what each holds, and restore nothing")
    restore.add_argument("--from", dest="source", metavar="FILE",
                         help="the backup file to restore (default: the newest good backup)")
    restore.add_argument("--yes", action="store_true",
                         help="restore without asking (for scripts)")

    from kaizen import cli_a3, cli_export, cli_import, cli_log, cli_process, cli_simulate

    cli_export.add_parser(sub)  # sets args.run: dispatched generically in _run
    cli_a3.add_parser(sub)  # the same
    cli_import.add_parser(sub)
    cli_process.add_parser(sub)
    cli_simulate.add_parser(sub)
    cli_log.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except Exception as exc:  # noqa: BLE001 - the point: words for every failure, no traceback
        from kaizen.cli_errors import failure_words

        message, code = failure_words(exc)
        if message:  # empty: the command said why itself
            print(f"error: {message}", file=sys.stderr)
        return code


def _run(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    from kaizen.db.url_check import check_db_url

    paths = resolve_paths(args.db, Path(args.data_dir) if args.data_dir else None)
    if args.db or os.environ.get("KAIZEN_DB_URL"):
        paths = Paths(paths.data_dir, check_db_url(paths.db_url,
                                                   "--db" if args.db else "KAIZEN_DB_URL"))
    if args.install_desktop:
        from kaizen.desktop_entry import report_install

        return report_install()
    if args.set_kiosk:
        from kaizen.ui.kiosk.settings import set_kiosk_enabled

        set_kiosk_enabled(args.set_kiosk == "on")
        print("This PC now opens the kiosk when Kaizen starts." if args.set_kiosk == "on"
              else "This PC now opens the full app when Kaizen starts.")
        return 0
    command = args.command or "gui"
    if command == "gui":
        from kaizen.desktop_entry import install_at_first_start
        from kaizen.ui.app import run_gui

        install_at_first_start(paths.data_dir)
        from kaizen.ui.kiosk.settings import kiosk_enabled

        if args.kiosk or kiosk_enabled():
            from kaizen.ui.kiosk.app import run_kiosk

            return run_kiosk(paths)

        return run_gui(paths, demo=args.demo)
    if command == "simulate":  # a file in, figures out: no database, no data folder
        from kaizen import cli_simulate

        return cli_simulate.run(args.model, replications=args.replications,
                                warmup=args.warmup, horizon=args.horizon, seed=args.seed,
                                as_json=args.json)
    ensure_dirs(paths)
    if getattr(args, "run", None) is not None:  # a command module's own runner (cli_export)
        return int(args.run(paths, args))
    if command == "demo":
        return _cmd_demo(paths, args.seed, args.months, args.scale)
    if command == "db":
        if args.db_command == "copy":
            source = check_db_url(args.source, "--from") if args.source else paths.db_url
            return _cmd_db_copy(source, check_db_url(args.target, "--to"),
                                args.attachments_from, args.attachments_to)
        return _cmd_db_upgrade(paths) if args.db_command == "upgrade" else _cmd_db_check(paths)
    if command == "backup":
        return _cmd_backup(paths)
    if command == "report":
        return _cmd_report(paths, args.month, args.area, args.format, args.output)
    if command == "restore":
        return _cmd_restore(paths, listing=args.list, source=args.source, yes=args.yes)
    if command == "process":
        from kaizen import cli_process

        return cli_process.run(paths, args)
    if command == "import":
        from kaizen.cli_import import run as run_import

        return run_import(paths, args, _start_checks)
    if command == "log":
        from kaizen.cli_log import run as run_log

        return run_log(paths, args, _start_checks)
    raise AssertionError(command)


def _open(paths: Paths):  # noqa: ANN202 - returns kaizen.db.engine.Database
    from kaizen.db.engine import Database

    return Database(paths.db_url)


def _start_checks(paths: Paths) -> bool:
    """Before a command writes: set a damaged file aside (say how to restore), and take the
    daily backup when due. False when the command must not go on."""
    from kaizen.db.marking import Kind, classify_file
    from kaizen.db.recovery import recover_on_start

    sqlite_file = paths.sqlite_file
    if sqlite_file is None:
        return True
    found = classify_file(sqlite_file)  # before anything opens it: another program's file
    if found.kind is Kind.FOREIGN:     # is neither backed up, set aside nor written to
        print(f"error: {found.why}. Nothing was written to it; point --db or --data-dir at "
              "Kaizen's own database.", file=sys.stderr)
        return False
    offer = recover_on_start(sqlite_file, paths.backups_dir)
    if offer is not None:
        print(f"error: {offer.message()}\n\n{offer.command_hint()}", file=sys.stderr)
        return False
    _backup_if_due(paths)
    return True


def _backup_if_due(paths: Paths) -> None:
    from kaizen.db.backup import BackupError, backup_if_due

    db = _open(paths)
    try:
        taken = backup_if_due(db, paths.backups_dir)
    except BackupError as exc:
        print(f"warning: the daily backup was not taken: {exc}", file=sys.stderr)
        return
    finally:
        db.dispose()
    if taken is not None:
        print(f"Daily backup taken and verified: {taken}")


def _cmd_db_upgrade(paths: Paths) -> int:
    from kaizen.db import migrate

    if not _start_checks(paths):
        return 2
    db = _open(paths)
    try:
        before = migrate.schema_status(db)
        backup = migrate.upgrade(db, paths.backups_dir)
        after = migrate.schema_status(db)
    except migrate.MigrationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    if before.current == after.current:
        print(f"The database is already at the newest schema ({after.current}).")
    else:
        print(f"Upgraded the schema from {before.current or 'empty'} to {after.current}.")
    if backup:
        print(f"Backup taken first: {backup}")
    return 0


def _cmd_db_copy(source: str, target: str, attachments_from: str | None,
                 attachments_to: str | None) -> int:
    from pathlib import Path

    from sqlalchemy.exc import DBAPIError

    from kaizen.db.copy import CopyRefused, copy_database

    def progress(table: str, done: int, total: int) -> None:
        if sys.stdout.isatty():
            print(f"\rCopying {table}: {done:,} of {total:,} rows".ljust(60), end="",
                  flush=True)

    try:
        report = copy_database(
            source, target, progress=progress,
            attachments_from=Path(attachments_from).expanduser() if attachments_from else None,
            attachments_to=Path(attachments_to).expanduser() if attachments_to else None)
    except CopyRefused as exc:
        print(f"{_end_line()}error: {exc}", file=sys.stderr)
        return 1
    except DBAPIError as exc:
        print(f"{_end_line()}error: the copy failed and nothing was written to the target: "
              f"{exc.orig}", file=sys.stderr)
        return 1
    print(_end_line(), end="")
    print(f"Copied {report.source_url} into {report.target_url} "
          f"(schema revision {report.revision}, {report.seconds:.1f} s).")
    if report.schema_created:
        print("The target had no schema; it was created first.")
    print(report.table_text())
    print("Row counts, id sums and the sums shown are equal on both sides.")
    if report.attachments_skipped:
        print(f"warning: {report.attachments_skipped}", file=sys.stderr)
    elif report.attachments_copied or report.attachments_present:
        print(f"Photos: {report.attachments_copied} copied, {report.attachments_present} "
              "already there.")
    if report.attachments_missing:
        print(f"warning: {report.attachments_missing} photo files named in the source were "
              "missing from its folder.", file=sys.stderr)
    return 0


def _end_line() -> str:
    """Clears the progress line on a terminal (nothing elsewhere)."""
    return "\r" + " " * 60 + "\r" if sys.stdout.isatty() else ""


def _cmd_db_check(paths: Paths) -> int:
    """The database's state in plain words, one fact a line; 0 when all is well, 2 otherwise.

    Read-only: a damaged file is reported, not moved (commands that write set it aside)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    from kaizen.cli_errors import no_database
    from kaizen.db import migrate
    from kaizen.db.backup import audit_guard_present, check_database

    missing = no_database(paths)
    if missing is not None:  # not damaged: there is nothing there (and nothing is created)
        print(f"Database: none yet at {missing}")
        print("Nothing to check: no database exists there yet. Kaizen creates it when it "
              "first starts (or `kaizen db upgrade`).")
        return 2
    db = _open(paths)
    print(f"Database: {make_url(paths.db_url).render_as_string(hide_password=True)}")
    try:
        healthy = True
        readable = True
        damaged = False
        if db.is_sqlite:
            # SQLite's own checks first, on a read-only handle: a damaged file must not stop
            # the report half way.
            report = check_database(db)
            healthy = report.ok
            print("Health: ok" if report.ok else "Health: PROBLEMS FOUND")
            for line in _health_lines(report):
                print(f"  {line}")
            readable = report.integrity_check != "not run"
            damaged = report.integrity_check != "ok"
        else:
            print("Health: pages and integrity are the server's to check (no file checks here)")
        status = None
        if readable:
            try:
                status = migrate.schema_status(db)
            except DBAPIError as exc:
                print(f"Schema: cannot be read ({exc.orig})")
                healthy = False
        if status is not None:
            print(f"Schema: {_schema_words(status)}")
            if status.state in (migrate.SchemaState.CURRENT, migrate.SchemaState.OLDER,
                                migrate.SchemaState.NEWER):
                if audit_guard_present(db):
                    print("Audit trail: protected (the database refuses edits and deletions of "
                          "it)")
                else:
                    healthy = False
                    print("Audit trail: NOT PROTECTED (its append-only triggers are missing; "
                          "`kaizen db upgrade` cannot restore them, restore a backup)")
                chain = _audit_chain(db)
                print(f"  Hash chain: {chain.describe()}")
                healthy = healthy and (chain.ok or not chain.chained)
                missing = _photos_line(db, paths)
                if missing is not None:
                    print(missing[0])
                    healthy = healthy and missing[1]
        else:
            if not readable:
                print("Schema: not checked (the file cannot be read)")
            print("Audit trail: not checked (the schema cannot be read)")
            print("Photos: not checked (the schema cannot be read)")
        if not db.is_sqlite:
            print("Backups: taken with the server's own tools (pg_dump), not by Kaizen")
        else:
            print(_backups_line(paths))
            if damaged or status is None:
                print("What to do: the file is damaged. `kaizen restore --list` shows the "
                      "backups; `kaizen restore` puts the newest good one back (this file is "
                      "kept aside, never deleted).")
        return 0 if healthy else 2
    finally:
        db.dispose()


def _audit_chain(db):  # noqa: ANN001, ANN202 - Database -> audit_chain.ChainReport
    """Every audit event's hash recomputed, in one read transaction (no write lock taken)."""
    from kaizen.db.audit_chain import verify_chain

    with db.read() as s:
        return verify_chain(s.connection())


def _health_lines(report) -> list[str]:  # noqa: ANN001 - kaizen.db.backup.HealthReport
    """Integrity and references, each in words."""
    if report.integrity_check == "not run":  # the file could not be read at all
        why = "; ".join(report.problems) or "unknown"
        return [f"Integrity: FAILED ({why})",
                "Foreign keys: not checked (the file cannot be read)"]
    lines = []
    if report.integrity_check == "ok":
        lines.append("Integrity: ok (quick check and full integrity check passed)")
    else:
        lines.append(f"Integrity: FAILED ({report.integrity_check[:300]})")
    if report.foreign_key_problems:
        lines.append(f"Foreign keys: {report.foreign_key_problems} broken references (rows "
                     "pointing at rows that are gone)")
    else:
        lines.append("Foreign keys: ok (every reference points at an existing row)")
    return lines


def _schema_words(status) -> str:  # noqa: ANN001 - kaizen.db.migrate.SchemaStatus
    from kaizen.db.migrate import SchemaState

    return {
        SchemaState.EMPTY: "empty (no schema yet; `kaizen db upgrade` creates it)",
        SchemaState.CURRENT: f"up to date (revision {status.current})",
        SchemaState.OLDER: f"older (revision {status.current}); "
        f"`kaizen db upgrade` brings it to {status.head} (after a backup)",
        SchemaState.NEWER: f"newer than this app (revision {status.current}, this app knows "
        f"{status.head}); it opens read-only",
        SchemaState.UNVERSIONED: "not a Kaizen database (tables but no version)",
    }[status.state]


def _photos_line(db, paths: Paths) -> tuple[str, bool] | None:  # noqa: ANN001 - Database
    """How many photo files the database names, and how many are missing from the folder."""
    from sqlalchemy import inspect, select
    from sqlalchemy.exc import DBAPIError

    from kaizen.db.models import Attachment
    from kaizen.domain.errors import NotFound
    from kaizen.services.attachments import PhotoStore

    try:
        with db.engine.connect() as conn:
            if not inspect(conn).has_table("attachments"):
                return None
        with db.read() as s:
            files = {(sha, mime) for sha, mime in
                     s.execute(select(Attachment.sha256, Attachment.mime_type))}
    except DBAPIError as exc:
        return f"Photos: cannot be read ({exc.orig})", False
    store = PhotoStore(paths.attachments_dir)
    missing = 0
    for sha256, mime_type in files:
        try:
            present = store.path_for(sha256, mime_type).is_file()
        except NotFound:
            present = False
        missing += not present
    if not files:
        return "Photos: none stored", True
    if not missing:
        return f"Photos: {len(files):,} files, none missing ({paths.attachments_dir})", True
    return (f"Photos: {missing:,} of {len(files):,} files MISSING from "
            f"{paths.attachments_dir} (their ideas and observations show them as missing)",
            False)


def _backups_line(paths: Paths) -> str:
    from datetime import datetime

    from kaizen.db.backup import BACKUP_EVERY, backup_time, describe_age, list_backups

    backups = list_backups(paths.backups_dir)
    if not backups:
        return "Backups: none yet (`kaizen backup` takes one)"
    now = datetime.now()
    taken = backup_time(backups[0])
    age = f"taken {taken:%Y-%m-%d %H:%M}, {describe_age(taken, now)}"
    line = f"Backups: {len(backups)}, newest {backups[0].name} ({age})"
    if now - taken > BACKUP_EVERY:
        line += "\n  The newest backup is over a day old; `kaizen backup` takes one now."
    return line


def _cmd_backup(paths: Paths) -> int:
    from kaizen.cli_errors import no_database
    from kaizen.db.backup import BackupError, backup_sqlite

    missing = no_database(paths)
    if missing is not None:
        print(f"error: there is no database at {missing} yet: nothing to back up.",
              file=sys.stderr)
        return 1
    db = _open(paths)
    try:
        target = backup_sqlite(db, paths.backups_dir)
    except BackupError as exc:
        from kaizen.cli_errors import failure_words
        from kaizen.db.disk_full import is_disk_full

        # A full disk in words (the backup error carries the driver's text inside it).
        print(f"error: {failure_words(exc)[0] if is_disk_full(exc) else exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    print(f"Backup written and verified: {target}")
    return 0


def _cmd_restore(paths: Paths, *, listing: bool, source: str | None, yes: bool) -> int:
    """Preview a backup, then put it in place; the current file is renamed aside first."""
    from pathlib import Path

    from kaizen.db.backup import BackupError, describe_backup, describe_backups, restore_backup
    from kaizen.db.recovery import newest_good_backup

    sqlite_file = paths.sqlite_file
    if sqlite_file is None:
        print("error: restore works on the local SQLite database only; restore another kind "
              "of database with its own tools.", file=sys.stderr)
        return 1
    if listing:
        summaries = list(describe_backups(paths.backups_dir))
        if not summaries:
            print(f"No backups in {paths.backups_dir} yet (`kaizen backup` takes one).")
            return 0
        print(f"Backups in {paths.backups_dir}, newest first:")
        for summary in summaries:
            if summary.ok:
                newest = (f", newest idea {summary.newest_idea_at:%Y-%m-%d}"
                          if summary.newest_idea_at else "")
                print(f"  {summary.path.name}: taken {summary.taken_at:%Y-%m-%d %H:%M}, "
                      f"revision {summary.revision}, {summary.people:,} people, "
                      f"{summary.ideas:,} ideas, {summary.observations:,} observations, "
                      f"{summary.cycles:,} PDCA cycles{newest}")
            else:
                print(f"  {summary.path.name}: UNUSABLE ({summary.problem})")
        return 0
    if source is not None:
        chosen = describe_backup(Path(source).expanduser(), full_check=True)
    else:
        best = newest_good_backup(paths.backups_dir)
        if best is None:
            print(f"error: no good backup in {paths.backups_dir}.", file=sys.stderr)
            return 1
        chosen = best
    print("The backup to restore:")
    print(_indent(chosen.describe()))
    if not chosen.ok:
        print("error: this file cannot be restored.", file=sys.stderr)
        return 1
    if sqlite_file.exists():
        current = describe_backup(sqlite_file)
        print("\nIt replaces the current database "
              + (f"({current.ideas:,} ideas, {current.people:,} people)."
                 if current.ok else f"(which is unreadable: {current.problem})."))
        print("The current file is kept beside it, renamed; nothing is deleted.")
    if not yes:
        if not sys.stdin.isatty():
            print("error: add --yes to restore without being asked.", file=sys.stderr)
            return 1
        answer = input("Restore this backup now? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            print("Nothing was changed.")
            return 1
    try:
        outcome = restore_backup(chosen.path, sqlite_file)
    except (BackupError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Restored the backup from {chosen.taken_at:%Y-%m-%d %H:%M} and verified it.")
    if outcome.set_aside is not None:
        print(f"The previous database was kept as {outcome.set_aside}")
    return 0


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.splitlines())


def _cmd_demo(paths: Paths, seed: int, months: int, scale: int) -> int:
    from kaizen.db import migrate
    from kaizen.demo.generator import DemoRefused, build_demo

    if not _start_checks(paths):
        return 2
    db = _open(paths)
    try:
        migrate.upgrade(db, paths.backups_dir)
        summary = build_demo(db, seed=seed, months=months, scale=scale,
                             progress=_print_progress)
    except (migrate.MigrationError, DemoRefused) as exc:
        print(f"\nerror: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    print(f"\n{summary.describe()}")
    return 0


def _print_progress(done: int, total: int) -> None:
    if sys.stdout.isatty():
        print(f"\rBuilding demo data: {done * 100 // max(total, 1):3d}%", end="", flush=True)


# --- kaizen report ------------------------------------------------------------------------------

_REPORT_SUFFIXES = {".pdf": "pdf", ".xlsx": "xlsx", ".zip": "csv", ".csv": "csv"}


def _cmd_report(paths: Paths, month: str | None, area: str | None, fmt: str | None,
                output: str | None) -> int:
    """Read-only: writes the report file and nothing in the database (nor creates one)."""
    from datetime import date
    from pathlib import Path

    from kaizen.cli_errors import RESTORE_HINT, damaged_file, no_database, schema_refusal
    from kaizen.db import migrate
    from kaizen.domain.errors import DiskFull, ValidationError
    from kaizen.reports import SUFFIXES, build_monthly_report, last_month, write_report
    from kaizen.services import Services

    missing = no_database(paths)
    if missing is not None:
        print(f"error: there is no database at {missing} yet: nothing to report (none was "
              "created).", file=sys.stderr)
        return 1
    damage = damaged_file(paths)
    if damage is not None:
        print(f"error: the database file is damaged ({damage[:300]}): no report was written. "
              f"{RESTORE_HINT}", file=sys.stderr)
        return 2
    chosen = fmt or _REPORT_SUFFIXES.get(Path(output).suffix.lower() if output else "", "pdf")
    db = _open(paths)
    try:
        status = migrate.schema_status(db)
        if status.state is not migrate.SchemaState.CURRENT:
            print(f"error: {schema_refusal(status)}", file=sys.stderr)
            return 1
        services = Services.create(db, attachments_dir=paths.attachments_dir)
        try:
            area_id = None if area is None else _find_area(services, area)
            report = build_monthly_report(services, month or last_month(date.today()), area_id)
        except ValidationError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        target = Path(output) if output else Path(report.file_stem() + SUFFIXES[chosen])
        target = target.expanduser().resolve()
        if not target.parent.is_dir():
            print(f"error: the folder {target.parent} does not exist.", file=sys.stderr)
            return 1
        # Written beside the target, then moved over it (write_report): a scheduled task never
        # mails half a file, and an old report stays whole if this one fails.
        try:
            write_report(report, chosen, target)  # type: ignore[arg-type]
        except OSError as exc:
            from kaizen.db.disk_full import is_disk_full

            if is_disk_full(exc):
                print(f"error: {DiskFull.DEFAULT}", file=sys.stderr)
            else:
                print(f"error: cannot write the report to {target} "
                      f"({exc.strerror or exc}); nothing was written.", file=sys.stderr)
            return 1
    finally:
        db.dispose()
    print(f"Report for {report.month_label} ({report.area_name}) written to {target}")
    return 0



def _find_area(services, name: str) -> int:  # noqa: ANN001 - kaizen.services.Services
    """An area by its name or its place in the tree, case-insensitively."""
    from kaizen.domain.errors import ValidationError

    wanted = " / ".join(part.strip() for part in name.split("/")).casefold()
    areas = services.people.list_areas(include_inactive=True)
    found = [a for a in areas if wanted in (a.name.casefold(), a.path.casefold())]
    if len(found) == 1:
        return found[0].id
    if found:
        paths = ", ".join(a.path for a in found)
        raise ValidationError(f"More than one area is called {name!r} ({paths}); give its "
                              "place in the tree, e.g. 'Plant / Assembly'.", "area")
    known = ", ".join(a.path for a in areas) or "none yet"
    raise ValidationError(f"No area is called {name!r}. Areas: {known}.", "area")
