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
import contextlib
import sys
from collections.abc import Sequence

from kaizen import __version__, i18n
from kaizen.config import Paths, ensure_dirs, resolve_paths
from kaizen.domain.numbers import format_number
from kaizen.i18n import LANGUAGES, translate


def _whole(low: int, high: int):  # noqa: ANN202 - an argparse type
    """An argparse type: a whole number (ASCII digits) from ``low`` to ``high``, else words."""
    def parse(text: str) -> int:
        from kaizen.domain.input_domains import is_ascii_digits

        digits = text.removeprefix("-")
        if not is_ascii_digits(digits) or len(digits) > 20:
            raise argparse.ArgumentTypeError(
                translate("cli", "{text!r} is not a whole number").format(text=text))
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                translate("cli", "{value} is not between {low} and {high}").format(
                    value=_typed(value), low=_typed(low), high=_typed(high)))
        return value

    return parse


def _typed(number: int) -> str:
    """A whole number as the person types it back: the ASCII minus, the language's separators."""
    return ("-" if number < 0 else "") + format_number(abs(number))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kaizen",
        description=translate("cli", "Kaizen: continuous improvement on the shop floor."))
    parser.add_argument("--version", action="version", version=f"kaizen {__version__}")
    parser.add_argument("--db", metavar="URL", help=translate(
        "cli", "SQLAlchemy database URL (default: the SQLite file in the data folder; env "
        "KAIZEN_DB_URL)"))
    parser.add_argument("--data-dir", metavar="DIR",
                        help=translate("cli", "data folder (env KAIZEN_DATA_DIR)"))
    parser.add_argument("--demo", action="store_true", help=translate(
        "cli", "open the app with demo data when the database is empty"))
    parser.add_argument("--kiosk", action="store_true", help=translate(
        "cli", "open the shop-floor kiosk: quick capture only (new idea, log waste, my ideas), "
        "full screen"))
    parser.add_argument("--set-kiosk", choices=("on", "off"), metavar="on|off", help=translate(
        "cli", "make this PC open the kiosk whenever Kaizen starts (on), or the full app again "
        "(off); kept in this PC's local config"))
    parser.add_argument("--install-desktop", action="store_true", help=translate(
        "cli", "add Kaizen to the desktop's menu (a freedesktop .desktop entry and its icon "
        "under $XDG_DATA_HOME), then exit"))
    sub = parser.add_subparsers(dest="command")

    sub.add_parser("gui", help=translate("cli", "open the app (the default)"))

    demo = sub.add_parser("demo", help=translate(
        "cli", "fill the database with a believable demo plant"))
    demo.add_argument("--seed", type=_whole(0, 2**63 - 1), default=1,
                      help=translate("cli", "random seed (same seed, same data)"))
    demo.add_argument("--months", type=_whole(1, 120), default=18, help=translate(
        "cli", "how many months of history up to today, 1 to 120 (default 18)"))
    demo.add_argument("--scale", type=_whole(0, 1_000_000), default=0, metavar="N",
                      help=translate("cli", "also bulk-insert N extra ideas (with observations, "
                                     "cycles, measurements and savings in proportion) for "
                                     "benchmarks"))

    db = sub.add_parser("db", help=translate("cli", "database maintenance"))
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help=translate(
        "cli", "back up, then migrate the schema to the newest version"))
    db_sub.add_parser("check", help=translate(
        "cli", "report the schema version and the database's health"))
    copy = db_sub.add_parser("copy", help=translate(
        "cli", "copy a whole database (ids, audit trail, photos) into an empty one, e.g. a "
        "line's SQLite file into the site's PostgreSQL server"))
    copy.add_argument("--from", dest="source", metavar="URL", help=translate(
        "cli", "the database to copy (default: --db, else this PC's SQLite file)"))
    copy.add_argument("--to", dest="target", metavar="URL", required=True, help=translate(
        "cli", "the empty database to fill (its schema is created if it has none)"))
    copy.add_argument("--attachments-from", metavar="DIR", help=translate(
        "cli", "the source's photo folder (default: beside a SQLite file)"))
    copy.add_argument("--attachments-to", metavar="DIR", help=translate(
        "cli", "where the target's photos go (default: beside a SQLite file; a server needs "
        "this folder, shared by every PC)"))

    sub.add_parser("backup", help=translate("cli", "take a verified backup of the database now"))

    report = sub.add_parser("report", help=translate(
        "cli", "write the monthly improvement report (PDF, XLSX or CSV) to a file"))
    report.add_argument("--month", metavar="YYYY-MM", help=translate(
        "cli", "the month to report on (default: last month)"))
    report.add_argument("--area", metavar="NAME", help=translate(
        "cli", "one area and the areas below it, by name or by its place in the tree ('Plant "
        "/ Assembly'); default: the whole site"))
    report.add_argument("--format", choices=("pdf", "xlsx", "csv"), help=translate(
        "cli", "pdf, xlsx, or csv (a .zip of the savings ledger and the completed changes; a "
        ".csv file holds the ledger alone); default: from the file name, else pdf"))
    report.add_argument("-o", "--output", metavar="FILE", help=translate(
        "cli", "where to write it (default: kaizen-report-YYYY-MM.<format> here)"))
    report.add_argument("--language", choices=tuple(LANGUAGES), help=translate(
        "cli", "the language to write it in (default: the site's, from Site settings)"))

    restore = sub.add_parser("restore", help=translate(
        "cli", "put a backup back in place of the database (the current file is kept)"))
    restore.add_argument("--list", action="store_true", help=translate(
        "cli", "list the backups with what each holds, and restore nothing"))
    restore.add_argument("--from", dest="source", metavar="FILE", help=translate(
        "cli", "the backup file to restore (default: the newest good backup)"))
    restore.add_argument("--yes", action="store_true",
                         help=translate("cli", "restore without asking (for scripts)"))

    from kaizen import cli_a3, cli_export, cli_import, cli_log, cli_process, cli_simulate

    cli_export.add_parser(sub)  # sets args.run: dispatched generically in _run
    cli_a3.add_parser(sub)  # the same
    cli_import.add_parser(sub)
    cli_process.add_parser(sub)
    cli_simulate.add_parser(sub)
    cli_log.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from kaizen.cli_language import start_language

    start_language()  # KAIZEN_LANG, for --help too; the site's once a database is open
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
        print(translate("cli", "This PC now opens the kiosk when Kaizen starts.")
              if args.set_kiosk == "on"
              else translate("cli", "This PC now opens the full app when Kaizen starts."))
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
        return _cmd_report(paths, args.month, args.area, args.format, args.output,
                           language=args.language)
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
    # Not connected yet: each command reads the site's language (kaizen.cli_language) once it
    # knows the schema is this version's.
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
        print("error: " + translate("cli", "{why}. Nothing was written to it; point --db or "
                                    "--data-dir at Kaizen's own database.").format(why=found.why),
              file=sys.stderr)
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
        print("warning: " + translate("cli", "the daily backup was not taken: {error}").format(
            error=exc), file=sys.stderr)
        return
    finally:
        db.dispose()
    if taken is not None:
        print(translate("cli", "Daily backup taken and verified: {file}").format(file=taken))


def _cmd_db_upgrade(paths: Paths) -> int:
    from kaizen.db import migrate

    if not _start_checks(paths):
        return 2
    db = _open(paths)
    try:
        before = migrate.schema_status(db)
        backup = migrate.upgrade(db, paths.backups_dir)
        after = migrate.schema_status(db)
        from kaizen.cli_language import use_site_language

        use_site_language(db)
    except migrate.MigrationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    if before.current == after.current:
        print(translate("cli", "The database is already at the newest schema ({revision}).")
              .format(revision=after.current))
    elif before.current:
        print(translate("cli", "Upgraded the schema from {before} to {after}.").format(
            before=before.current, after=after.current))
    else:
        print(translate("cli", "Upgraded the schema from empty to {after}.").format(
            after=after.current))
    if backup:
        print(translate("cli", "Backup taken first: {file}").format(file=backup))
    return 0


def _cmd_db_copy(source: str, target: str, attachments_from: str | None,
                 attachments_to: str | None) -> int:
    from pathlib import Path

    from sqlalchemy.exc import DBAPIError

    from kaizen.db.copy import CopyRefused, copy_database

    def progress(table: str, done: int, total: int) -> None:
        if sys.stdout.isatty():
            print(("\r" + translate("cli", "Copying {table}: {done} of {total} rows").format(
                table=table, done=format_number(done), total=format_number(total))).ljust(60),
                end="", flush=True)

    try:
        report = copy_database(
            source, target, progress=progress,
            attachments_from=Path(attachments_from).expanduser() if attachments_from else None,
            attachments_to=Path(attachments_to).expanduser() if attachments_to else None)
    except CopyRefused as exc:
        print(f"{_end_line()}error: {exc}", file=sys.stderr)
        return 1
    except DBAPIError as exc:
        print(_end_line() + "error: " + translate(
            "cli", "the copy failed and nothing was written to the target: {error}").format(
            error=exc.orig), file=sys.stderr)
        return 1
    print(_end_line(), end="")
    print(translate("cli", "Copied {source} into {target} (schema revision {revision}, "
                    "{seconds} s).").format(source=report.source_url, target=report.target_url,
                                            revision=report.revision,
                                            seconds=format_number(report.seconds, 1)))
    if report.schema_created:
        print(translate("cli", "The target had no schema; it was created first."))
    print(report.table_text())
    print(translate("cli", "Row counts, id sums and the sums shown are equal on both sides."))
    if report.attachments_skipped:
        print(f"warning: {report.attachments_skipped}", file=sys.stderr)
    elif report.attachments_copied or report.attachments_present:
        print(translate("cli", "Photos: {copied} copied, {present} already there.").format(
            copied=report.attachments_copied, present=report.attachments_present))
    if report.attachments_missing:
        print("warning: " + translate("cli", "{count} photo files named in the source were "
                                      "missing from its folder.").format(
            count=report.attachments_missing), file=sys.stderr)
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
        print(translate("cli", "Database: none yet at {path}").format(path=missing))
        print(translate("cli", "Nothing to check: no database exists there yet. Kaizen creates "
                        "it when it first starts (or `kaizen db upgrade`)."))
        return 2
    db = _open(paths)
    try:
        healthy = True
        readable = True
        damaged = False
        report = None
        if db.is_sqlite:
            # SQLite's own checks first, on a read-only handle: a damaged file must not stop
            # the report half way.
            report = check_database(db)
        if report is None or report.ok:  # a damaged file is not read again for the language
            from kaizen.cli_language import use_site_language

            use_site_language(db)
        print(translate("cli", "Database: {url}").format(
            url=make_url(paths.db_url).render_as_string(hide_password=True)))
        if report is not None:
            healthy = report.ok
            print(translate("cli", "Health: ok") if report.ok
                  else translate("cli", "Health: PROBLEMS FOUND"))
            for line in _health_lines(report):
                print(f"  {line}")
            readable = report.integrity_check != "not run"
            damaged = report.integrity_check != "ok"
        else:
            print(translate("cli", "Health: pages and integrity are the server's to check (no "
                            "file checks here)"))
        status = None
        if readable:
            try:
                status = migrate.schema_status(db)
            except DBAPIError as exc:
                print(translate("cli", "Schema: cannot be read ({error})").format(error=exc.orig))
                healthy = False
        if status is not None:
            print(translate("cli", "Schema: {state}").format(state=_schema_words(status)))
            if status.state in (migrate.SchemaState.CURRENT, migrate.SchemaState.OLDER,
                                migrate.SchemaState.NEWER):
                if audit_guard_present(db):
                    print(translate("cli", "Audit trail: protected (the database refuses edits "
                                    "and deletions of it)"))
                else:
                    healthy = False
                    print(translate("cli", "Audit trail: NOT PROTECTED (its append-only triggers "
                                    "are missing; `kaizen db upgrade` cannot restore them, "
                                    "restore a backup)"))
                chain = _audit_chain(db)
                print("  " + translate("cli", "Hash chain: {state}").format(
                    state=chain.describe()))
                healthy = healthy and (chain.ok or not chain.chained)
                missing = _photos_line(db, paths)
                if missing is not None:
                    print(missing[0])
                    healthy = healthy and missing[1]
        else:
            if not readable:
                print(translate("cli", "Schema: not checked (the file cannot be read)"))
            print(translate("cli", "Audit trail: not checked (the schema cannot be read)"))
            print(translate("cli", "Photos: not checked (the schema cannot be read)"))
        if not db.is_sqlite:
            print(translate("cli", "Backups: taken with the server's own tools (pg_dump), not by "
                            "Kaizen"))
        else:
            print(_backups_line(paths))
            if damaged or status is None:
                print(translate("cli", "What to do: the file is damaged. `kaizen restore --list` "
                                "shows the backups; `kaizen restore` puts the newest good one "
                                "back (this file is kept aside, never deleted)."))
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
        why = "; ".join(report.problems) or translate("cli", "unknown")
        return [translate("cli", "Integrity: FAILED ({why})").format(why=why),
                translate("cli", "Foreign keys: not checked (the file cannot be read)")]
    lines = []
    if report.integrity_check == "ok":
        lines.append(translate("cli", "Integrity: ok (quick check and full integrity check "
                               "passed)"))
    else:
        lines.append(translate("cli", "Integrity: FAILED ({why})").format(
            why=report.integrity_check[:300]))
    if report.foreign_key_problems:
        lines.append(translate("cli", "Foreign keys: {count} broken references (rows pointing "
                               "at rows that are gone)").format(
            count=report.foreign_key_problems))
    else:
        lines.append(translate("cli", "Foreign keys: ok (every reference points at an existing "
                               "row)"))
    return lines


def _schema_words(status) -> str:  # noqa: ANN001 - kaizen.db.migrate.SchemaStatus
    from kaizen.db.migrate import SchemaState

    words = {
        SchemaState.EMPTY: translate("cli", "empty (no schema yet; `kaizen db upgrade` creates "
                                     "it)"),
        SchemaState.CURRENT: translate("cli", "up to date (revision {current})"),
        SchemaState.OLDER: translate("cli", "older (revision {current}); `kaizen db upgrade` "
                                     "brings it to {head} (after a backup)"),
        SchemaState.NEWER: translate("cli", "newer than this app (revision {current}, this app "
                                     "knows {head}); it opens read-only"),
        SchemaState.UNVERSIONED: translate("cli", "not a Kaizen database (tables but no "
                                           "version)"),
    }[status.state]
    return words.format(current=status.current, head=status.head)


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
        return translate("cli", "Photos: cannot be read ({error})").format(error=exc.orig), False
    store = PhotoStore(paths.attachments_dir)
    missing = 0
    for sha256, mime_type in files:
        try:
            present = store.path_for(sha256, mime_type).is_file()
        except NotFound:
            present = False
        missing += not present
    if not files:
        return translate("cli", "Photos: none stored"), True
    if not missing:
        return translate("cli", "Photos: {count} files, none missing ({folder})").format(
            count=format_number(len(files)), folder=paths.attachments_dir), True
    return (translate("cli", "Photos: {missing} of {count} files MISSING from {folder} (their "
                      "ideas and observations show them as missing)").format(
        missing=format_number(missing), count=format_number(len(files)),
        folder=paths.attachments_dir), False)


def _backups_line(paths: Paths) -> str:
    from datetime import datetime

    from kaizen.db.backup import BACKUP_EVERY, backup_time, describe_age, list_backups

    backups = list_backups(paths.backups_dir)
    if not backups:
        return translate("cli", "Backups: none yet (`kaizen backup` takes one)")
    now = datetime.now()
    taken = backup_time(backups[0])
    line = translate("cli", "Backups: {count}, newest {name} (taken {taken}, {age})").format(
        count=len(backups), name=backups[0].name, taken=f"{taken:%Y-%m-%d %H:%M}",
        age=describe_age(taken, now))
    if now - taken > BACKUP_EVERY:
        line += "\n  " + translate("cli", "The newest backup is over a day old; `kaizen backup` "
                                   "takes one now.")
    return line


def _cmd_backup(paths: Paths) -> int:
    from kaizen.cli_errors import no_database
    from kaizen.db.backup import BackupError, backup_sqlite

    missing = no_database(paths)
    if missing is not None:
        print("error: " + translate("cli", "there is no database at {path} yet: nothing to back "
                                    "up.").format(path=missing), file=sys.stderr)
        return 1
    db = _open(paths)
    try:
        from kaizen.cli_language import use_site_language

        use_site_language(db)
        target = backup_sqlite(db, paths.backups_dir)
    except BackupError as exc:
        from kaizen.cli_errors import failure_words
        from kaizen.db.disk_full import is_disk_full

        # A full disk in words (the backup error carries the driver's text inside it).
        print(f"error: {failure_words(exc)[0] if is_disk_full(exc) else exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    print(translate("cli", "Backup written and verified: {file}").format(file=target))
    return 0


def _cmd_restore(paths: Paths, *, listing: bool, source: str | None, yes: bool) -> int:
    """Preview a backup, then put it in place; the current file is renamed aside first."""
    from pathlib import Path

    from kaizen.db.backup import BackupError, describe_backup, describe_backups, restore_backup
    from kaizen.db.recovery import newest_good_backup

    sqlite_file = paths.sqlite_file
    if sqlite_file is None:
        print("error: " + translate("cli", "restore works on the local SQLite database only; "
                                    "restore another kind of database with its own tools."),
              file=sys.stderr)
        return 1
    if listing:
        summaries = list(describe_backups(paths.backups_dir))
        if not summaries:
            print(translate("cli", "No backups in {folder} yet (`kaizen backup` takes one).")
                  .format(folder=paths.backups_dir))
            return 0
        print(translate("cli", "Backups in {folder}, newest first:").format(
            folder=paths.backups_dir))
        for summary in summaries:
            if summary.ok:
                # Whole sentences, with and without the newest idea's day.
                text = (translate("cli", "{name}: taken {taken}, revision {revision}, {people} "
                                  "people, {ideas} ideas, {observations} observations, "
                                  "{cycles} PDCA cycles, newest idea {newest}")
                        if summary.newest_idea_at else
                        translate("cli", "{name}: taken {taken}, revision {revision}, {people} "
                                  "people, {ideas} ideas, {observations} observations, "
                                  "{cycles} PDCA cycles"))
                print("  " + text.format(
                    name=summary.path.name, taken=f"{summary.taken_at:%Y-%m-%d %H:%M}",
                    revision=summary.revision, people=format_number(summary.people),
                    ideas=format_number(summary.ideas),
                    observations=format_number(summary.observations),
                    cycles=format_number(summary.cycles),
                    newest=f"{summary.newest_idea_at:%Y-%m-%d}" if summary.newest_idea_at
                    else ""))
            else:
                print("  " + translate("cli", "{name}: UNUSABLE ({problem})").format(
                    name=summary.path.name, problem=summary.problem))
        return 0
    if source is not None:
        chosen = describe_backup(Path(source).expanduser(), full_check=True)
    else:
        best = newest_good_backup(paths.backups_dir)
        if best is None:
            print("error: " + translate("cli", "no good backup in {folder}.").format(
                folder=paths.backups_dir), file=sys.stderr)
            return 1
        chosen = best
    print(translate("cli", "The backup to restore:"))
    print(_indent(chosen.describe()))
    if not chosen.ok:
        print("error: " + translate("cli", "this file cannot be restored."), file=sys.stderr)
        return 1
    if sqlite_file.exists():
        current = describe_backup(sqlite_file)
        print("\n" + (translate("cli", "It replaces the current database ({ideas} ideas, "
                                "{people} people).").format(
            ideas=format_number(current.ideas), people=format_number(current.people))
            if current.ok else
            translate("cli", "It replaces the current database (which is unreadable: "
                      "{problem}).").format(problem=current.problem)))
        print(translate("cli", "The current file is kept beside it, renamed; nothing is "
                        "deleted."))
    if not yes:
        if not sys.stdin.isatty():
            print("error: " + translate("cli", "add --yes to restore without being asked."),
                  file=sys.stderr)
            return 1
        # The answer stays y/yes in every language (what scripts and habits type).
        answer = input(translate("cli", "Restore this backup now? [y/N] ")).strip().lower()
        if answer not in ("y", "yes"):
            print(translate("cli", "Nothing was changed."))
            return 1
    try:
        outcome = restore_backup(chosen.path, sqlite_file)
    except (BackupError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(translate("cli", "Restored the backup from {taken} and verified it.").format(
        taken=f"{chosen.taken_at:%Y-%m-%d %H:%M}"))
    if outcome.set_aside is not None:
        print(translate("cli", "The previous database was kept as {file}").format(
            file=outcome.set_aside))
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
        from kaizen.cli_language import use_site_language

        use_site_language(db)
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
        print("\r" + translate("cli", "Building demo data: {percent}%").format(
            percent=f"{done * 100 // max(total, 1):3d}"), end="", flush=True)


# --- kaizen report ------------------------------------------------------------------------------

_REPORT_SUFFIXES = {".pdf": "pdf", ".xlsx": "xlsx", ".zip": "csv", ".csv": "csv"}


def _cmd_report(paths: Paths, month: str | None, area: str | None, fmt: str | None,
                output: str | None, *, language: str | None = None) -> int:
    """Read-only: writes the report file and nothing in the database (nor creates one)."""
    from datetime import date
    from pathlib import Path

    from kaizen.cli_errors import damaged_file, no_database, restore_hint, schema_refusal
    from kaizen.db import migrate
    from kaizen.domain.errors import DiskFull, ValidationError
    from kaizen.reports import SUFFIXES, build_monthly_report, last_month, write_report
    from kaizen.services import Services

    missing = no_database(paths)
    if missing is not None:
        print("error: " + translate("cli", "there is no database at {path} yet: nothing to "
                                    "report (none was created).").format(path=missing),
              file=sys.stderr)
        return 1
    damage = damaged_file(paths)
    if damage is not None:
        print("error: " + translate("cli", "the database file is damaged ({problem}): no report "
                                    "was written. {hint}").format(problem=damage[:300],
                                                                  hint=restore_hint()),
              file=sys.stderr)
        return 2
    chosen = fmt or _REPORT_SUFFIXES.get(Path(output).suffix.lower() if output else "", "pdf")
    db = _open(paths)
    try:
        status = migrate.schema_status(db)
        if status.state is not migrate.SchemaState.CURRENT:
            print(f"error: {schema_refusal(status)}", file=sys.stderr)
            return 1
        from kaizen.cli_language import use_site_language

        use_site_language(db)
        services = Services.create(db, attachments_dir=paths.attachments_dir)
        try:
            area_id = None if area is None else _find_area(services, area)
            # The report in the language asked for (issue 22: the site's or English); the
            # command's own messages stay in the site's.
            with i18n.using(language) if language else contextlib.nullcontext():
                report = build_monthly_report(services, month or last_month(date.today()),
                                              area_id)
        except ValidationError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        target = Path(output) if output else Path(report.file_stem() + SUFFIXES[chosen])
        target = target.expanduser().resolve()
        if not target.parent.is_dir():
            print("error: " + translate("cli", "the folder {folder} does not exist.").format(
                folder=target.parent), file=sys.stderr)
            return 1
        # Written beside the target, then moved over it (write_report): a scheduled task never
        # mails half a file, and an old report stays whole if this one fails.
        try:
            with i18n.using(language) if language else contextlib.nullcontext():
                write_report(report, chosen, target)  # type: ignore[arg-type]
        except OSError as exc:
            from kaizen.db.disk_full import is_disk_full

            if is_disk_full(exc):
                print(f"error: {DiskFull.DEFAULT}", file=sys.stderr)
            else:
                print("error: " + translate("cli", "cannot write the report to {file} ({why}); "
                                            "nothing was written.").format(
                    file=target, why=exc.strerror or exc), file=sys.stderr)
            return 1
    finally:
        db.dispose()
    print(translate("cli", "Report for {month} ({area}) written to {file}").format(
        month=report.month_label, area=report.area_name, file=target))
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
        raise ValidationError(translate(  # i18n: no (the field's key below)
            "cli", "More than one area is called {name!r} ({paths}); give its place in the "
            "tree, e.g. 'Plant / Assembly'.").format(name=name, paths=paths), "area")
    known = ", ".join(a.path for a in areas) or translate("cli", "none yet")
    raise ValidationError(translate(  # i18n: no (the field's key below)
        "cli", "No area is called {name!r}. Areas: {known}.").format(name=name, known=known),
        "area")
