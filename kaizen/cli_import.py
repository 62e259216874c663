"""``kaizen import ideas|observations|measurements FILE.csv``: records from a spreadsheet.

The lines go through the same checks as the app's forms (:mod:`kaizen.services.bulk_import`),
all or nothing: when any line is refused, nothing is saved, each refused line is printed with
its line number on stderr, and the exit code is 1. A file that cannot be read at all (missing,
empty, not text, a header without a needed column) is one ``error:`` line, exit code 1. The
database must exist and have the current schema; a daily backup is taken first when due, as
for every command that writes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kaizen.config import Paths
from kaizen.domain.numbers import format_number
from kaizen.i18n import translate

KINDS = ("ideas", "observations", "measurements")
def columns_help() -> str:
    """The columns each kind of file holds, for ``--help`` (the column names are a contract
    and stay English; the sentence around them is translated)."""
    return translate(
        "cli_import",
        "ideas: title, problem, proposal, area, submitter [, wastes, expected_savings, "
        "implementation_cost, impact, effort]; observations: category, area, observer, "
        "description, minutes_per_occurrence, occurrences_per_week [, cost_per_occurrence, "
        "observed_at]; measurements: idea, metric, phase, value, recorded_by [, measured_at]. "
        "A header line names the columns; ';' or ',' between fields, decimal commas allowed.")


def add_parser(sub: Any) -> None:
    """The ``import`` command on the main parser's subparsers."""
    imp = sub.add_parser(
        "import", help=translate("cli_import", "import ideas, observations or measurements from "
                                 "a CSV file, all or nothing"), description=columns_help())
    imp.add_argument("kind", choices=KINDS, help=translate("cli_import", "what the file holds"))
    imp.add_argument("file", metavar="FILE.csv", help=translate("cli_import", "the CSV file"))


def run(paths: Paths, args: argparse.Namespace,
        start_checks: Callable[[Paths], bool]) -> int:
    from kaizen.cli_errors import open_current
    from kaizen.domain.errors import ValidationError
    from kaizen.services.bulk_import import BulkImportService, ImportRefused

    source = Path(args.file).expanduser()
    if not source.is_file():
        print("error: " + translate("cli_import", "{file}: no such file.").format(file=args.file),
              file=sys.stderr)
        return 1
    db = open_current(paths, nothing=translate(
        "cli_import", "nothing was imported (start Kaizen once, or `kaizen db upgrade`, to "
        "create it)"), start_checks=start_checks)
    try:
        service = BulkImportService(db)
        action = {"ideas": service.import_ideas, "observations": service.import_observations,
                  "measurements": service.import_measurements}[args.kind]
        try:
            summary = action(source)
        except ImportRefused as exc:
            print(f"error: {args.file}: {exc}", file=sys.stderr)
            for refused in exc.refused:
                print(f"  {refused.describe()}", file=sys.stderr)
            return 1
        except ValidationError as exc:
            print("error: " + translate("cli_import", "{file}: {problem} Nothing was imported.")
                  .format(file=args.file, problem=exc), file=sys.stderr)
            return 1
    finally:
        db.dispose()
    print(_done_words(summary.kind, summary.count, summary.ids, args.file))
    return 0


def _done_words(kind: str, count: int, ids: tuple[int, ...], file: str) -> str:
    # Whole sentences for each kind and number (plurals differ by language).
    if kind == "measurements":
        if count == 1:
            text = (translate("cli_import", "Imported {count} measurement from {file} into "
                              "{metrics} metric.") if len(ids) == 1 else
                    translate("cli_import", "Imported {count} measurement from {file} into "
                              "{metrics} metrics."))
        else:
            text = (translate("cli_import", "Imported {count} measurements from {file} into "
                              "{metrics} metric.") if len(ids) == 1 else
                    translate("cli_import", "Imported {count} measurements from {file} into "
                              "{metrics} metrics."))
        return text.format(count=format_number(count), file=file, metrics=len(ids))
    if count > 1:
        text = (translate("cli_import", "Imported {count} ideas from {file} (#{first} to "
                          "#{last}).") if kind == "ideas" else
                translate("cli_import", "Imported {count} observations from {file} (#{first} "
                          "to #{last})."))
    else:
        text = (translate("cli_import", "Imported {count} idea from {file} (#{first}).")
                if kind == "ideas" else
                translate("cli_import", "Imported {count} observation from {file} (#{first})."))
    return text.format(count=format_number(count), file=file, first=ids[0], last=ids[-1])
