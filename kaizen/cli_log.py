"""``kaizen log import|list|delete|show``: event logs from the command line.

The contract (issue 19), exactly:
``kaizen log import FILE [--name NAME] [--case COL --activity COL --timestamp COL --resource COL
--lifecycle COL]``, ``kaizen log list``, ``kaizen log delete NAME``,
``kaizen log show NAME --json [--lifecycle all|complete]``. The JSON holds ``cases``,
``events``, ``activities``, ``variants``, ``start_activities``, ``end_activities``, ``dfg``
(``[from, to, count, median_s, mean_s]`` rows), ``top_variants`` (the ten most frequent) and
``case_duration_s`` (``median``, ``mean``). Bad input is one ``error:`` line, never a traceback.

``kaizen log kpi NAME --process PROCESS [--measure lead_time|throughput|rework_rate|cases]
[--period week|month] [--series SERIES]`` adds the log's figure per period to a KPI series of
the process (issue 19, "KPIs"; see kaizen/services/kpi_from_log.py).
The command line acts as the site's operator (the audit trail records no person).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from kaizen.config import Paths
from kaizen.domain.numbers import format_number
from kaizen.i18n import translate

COLUMN_ROLES = ("case", "activity", "timestamp", "resource", "lifecycle")


def add_parser(sub: Any) -> None:
    """The ``log`` command group on the main parser's subparsers."""
    log = sub.add_parser("log", help=translate(
        "cli_log", "event logs for process mining: import, list, delete, show"))
    log_sub = log.add_subparsers(dest="log_command", required=True)
    imp = log_sub.add_parser(
        "import", help=translate(
            "cli_log", "import a CSV or XES (.xes, .xes.gz) event log into the database"))
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--name", metavar="NAME",
                     help=translate("cli_log", "the log's name (default: the file name without "
                                    "its extension)"))
    for role in COLUMN_ROLES:
        imp.add_argument(f"--{role}", metavar="COL",
                         help=_column_help(role))
    log_sub.add_parser("list", help=translate("cli_log", "list the imported event logs"))
    delete = log_sub.add_parser("delete", help=translate("cli_log",
                                                         "delete an imported event log"))
    delete.add_argument("name", metavar="NAME")
    show = log_sub.add_parser("show", help=translate(
        "cli_log", "a log's figures: cases, variants, the directly-follows graph"))
    show.add_argument("name", metavar="NAME")
    show.add_argument("--json", action="store_true",
                      help=translate("cli_log", "print the figures as JSON"))
    show.add_argument("--lifecycle", choices=("all", "complete"), default="all",
                      help=translate("cli_log",
                                     "all events (the default), or only the 'complete' ones"))
    kpi = log_sub.add_parser("kpi", help=translate(
        "cli_log", "add a log's lead time, throughput, rework rate or case count per week or "
        "month to a process's KPI"))
    kpi.add_argument("name", metavar="NAME")
    kpi.add_argument("--process", metavar="PROCESS", required=True,
                     help=translate("cli_log", "the process whose KPI series gets the points"))
    kpi.add_argument("--measure", choices=("lead_time", "throughput", "rework_rate", "cases"),
                     default="lead_time",
                     help=translate("cli_log", "what to measure (default: lead_time)"))
    kpi.add_argument("--period", choices=("week", "month"), default="month",
                     help=translate("cli_log", "one point per week or per month (default: month)"))
    kpi.add_argument("--series", metavar="SERIES",
                     help=translate("cli_log", "the KPI series' name (default: the measure's; "
                                    "created if missing)"))


def _column_help(role: str) -> str:
    """The help of a column option (one whole message each)."""
    return {
        "case": translate("cli_log", "the CSV column holding the case (default: guessed)"),
        "activity": translate("cli_log", "the CSV column holding the activity (default: guessed)"),
        "timestamp": translate("cli_log",
                               "the CSV column holding the timestamp (default: guessed)"),
        "resource": translate("cli_log", "the CSV column holding the resource (default: guessed)"),
        "lifecycle": translate("cli_log",
                               "the CSV column holding the lifecycle (default: guessed)"),
    }[role]


def run(paths: Paths, args: argparse.Namespace,
        start_checks: Callable[[Paths], bool]) -> int:
    from sqlalchemy.exc import DBAPIError

    from kaizen.cli_errors import schema_refusal
    from kaizen.db import migrate
    from kaizen.db.engine import Database
    from kaizen.domain.errors import KaizenError
    from kaizen.services.event_logs import EventLogService

    command = args.log_command
    if command in ("import", "delete", "kpi") and not start_checks(paths):
        return 2
    db = Database(paths.db_url)
    try:
        from kaizen.cli_language import use_site_language

        use_site_language(db)
        status = migrate.schema_status(db)
        if status.state is not migrate.SchemaState.CURRENT:
            print(f"error: {schema_refusal(status)}", file=sys.stderr)
            return 1
        logs = EventLogService(db)
        if command == "import":
            return _import(logs, args)
        if command == "list":
            return _list(logs)
        if command == "delete":
            logs.delete(None, args.name)
            print(translate("cli_log", "Deleted the event log '{name}'.").format(name=args.name))
            return 0
        if command == "kpi":
            return _kpi(db, args)
        return _show(logs, args.name, args.json, args.lifecycle)
    except KaizenError as exc:
        print(f"{_end_line()}error: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_end_line() + translate("cli_log", "Cancelled: nothing was changed."),
              file=sys.stderr)
        return 130
    except DBAPIError as exc:
        print(_end_line() + "error: " + translate(
            "cli_log", "the database refused it, nothing was changed: {error}")
            .format(error=exc.orig), file=sys.stderr)
        return 1
    finally:
        db.dispose()


def _import(logs: Any, args: argparse.Namespace) -> int:
    columns = {role: getattr(args, role) for role in COLUMN_ROLES if getattr(args, role)}
    words = {"read": translate("cli_log", "Reading"), "store": translate("cli_log", "Storing")}

    def progress(phase: str, done: int, total: int) -> None:
        if sys.stdout.isatty() and total:
            print(f"\r{words[phase]}: {100 * done // total}%".ljust(40), end="", flush=True)

    info = logs.import_file(None, args.file, name=args.name, columns=columns or None,
                            progress=progress)
    print(_end_line(), end="")
    print(translate("cli_log", "Imported '{name}': {cases} cases, {events} events, "
                    "{activities} activities, {resources} resources ({first} to {last}).")
          .format(name=info.name, cases=format_number(info.cases),
                  events=format_number(info.events), activities=format_number(info.activities),
                  resources=format_number(info.resources),
                  first=f"{info.first_event:%Y-%m-%d}", last=f"{info.last_event:%Y-%m-%d}"))
    return 0


def _kpi(db: Any, args: argparse.Namespace) -> int:
    from kaizen.services.kpi_from_log import KpiFromLogService
    from kaizen.services.processes import ProcessService

    process = ProcessService(db).find_process(args.process)
    done = KpiFromLogService(db).derive(None, process.id, args.name, measure=args.measure,
                                        period=args.period, series_name=args.series)
    # Whole sentences for each case: the clauses take different words around them.
    if done.created:
        text = translate("cli_log", "Added {points} {kind} points ({unit}) to the KPI '{series}' "
                         "(a new series) of '{process}' from the log '{log}'.")
    elif done.replaced:
        text = translate("cli_log", "Added {points} {kind} points ({unit}) to the KPI '{series}' "
                         "of '{process}' from the log '{log}', replacing {replaced} from "
                         "before.")
    else:
        text = translate("cli_log", "Added {points} {kind} points ({unit}) to the KPI '{series}' "
                         "of '{process}' from the log '{log}'.")
    kind = (translate("cli_log", "weekly") if args.period == "week"
            else translate("cli_log", "monthly"))
    print(text.format(points=format_number(done.points), kind=kind, unit=done.unit,
                      series=done.series_name, process=process.name, log=args.name,
                      replaced=format_number(done.replaced)))
    return 0


def _list(logs: Any) -> int:
    found = logs.list_logs()
    if not found:
        print(translate("cli_log", "No event logs yet: `kaizen log import FILE` adds one."))
        return 0
    width = max(len(info.name) for info in found)
    for info in found:
        print(translate("cli_log", "{name}  {cases} cases  {events} events  {activities} "
                        "activities  imported {at} by {by}").format(
            name=f"{info.name:<{width}}", cases=f"{format_number(info.cases):>9}",
            events=f"{format_number(info.events):>11}",
            activities=f"{format_number(info.activities):>5}",
            at=f"{info.imported_at:%Y-%m-%d %H:%M}",
            by=info.imported_by or translate("cli_log", "the command line")))
    return 0


def _show(logs: Any, name: str, as_json: bool, lifecycle: str) -> int:
    figures = logs.show(name, lifecycle)
    if as_json:
        print(json.dumps(figures, ensure_ascii=False))
        return 0
    print(translate("cli_log", "{name}: {cases} cases, {events} events, {activities} "
                    "activities, {variants} variants").format(
        name=name, cases=format_number(figures["cases"]), events=format_number(figures["events"]),
        activities=format_number(figures["activities"]),
        variants=format_number(figures["variants"])))
    durations = figures["case_duration_s"]
    print(translate("cli_log", "Case duration: median {median}, mean {mean}").format(
        median=_days(durations["median"]), mean=_days(durations["mean"])))
    print(translate("cli_log", "Most frequent paths:"))
    for source, target, count, median, _mean in figures["dfg"][:10]:
        print(translate("cli_log", "  {source} -> {target}: {count} times, median {median}")
              .format(source=source, target=target, count=format_number(count),
                      median=_days(median)))
    return 0


def _days(seconds: float) -> str:
    if seconds >= 86400:
        return translate("cli_log", "{value} days").format(value=format_number(seconds / 86400, 1))
    if seconds >= 3600:
        return translate("cli_log", "{value} h").format(value=format_number(seconds / 3600, 1))
    return translate("cli_log", "{value} min").format(value=format_number(seconds / 60))


def _end_line() -> str:
    """Clears the progress line on a terminal (nothing elsewhere)."""
    return "\r" + " " * 40 + "\r" if sys.stdout.isatty() else ""
