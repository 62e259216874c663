"""``kaizen export ideas|observations --format csv|xlsx --out FILE [filters...]``: the Ideas or
Waste walk list written as the app's Export… writes it (issue 16).

The filters are the list's filter bar: ``--search WORDS``, ``--area NAME`` (and the areas below
it), ``--status S`` (ideas, repeatable), ``--category C`` (observations, repeatable),
``--person NAME`` (submitted or owned by, or seen by), ``--from YYYY-MM-DD`` and ``--to
YYYY-MM-DD`` (created or seen, whole days); ``--sort COLUMN`` and ``--ascending`` order it as a
header click does (default: newest first). The rows come from the same service calls as the
list on screen (:func:`kaizen.reports.list_export.export_list`). Read-only: nothing in the
database changes. Bad input is one ``error:`` line naming the option, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from kaizen.config import Paths
from kaizen.domain.numbers import format_number
from kaizen.i18n import translate

LISTS = ("ideas", "observations")
USAGE_ERROR = 2


def add_parser(sub: Any) -> None:
    """The ``export`` subcommand on the main parser's subparsers."""
    from kaizen.domain.enums import SuggestionStatus, WasteCategory
    from kaizen.services.listing import IdeaColumn, ObservationColumn

    export = sub.add_parser(
        "export", help=translate(
            "cli_export", "write the ideas or the waste-walk observations, filtered and sorted "
            "as in the app's lists, to a CSV file or an Excel workbook"))
    export.add_argument("list", choices=LISTS, help=translate(
        "cli_export", "ideas, or observations (the waste walk)"))
    export.add_argument("--format", choices=("csv", "xlsx"), help=translate(
        "cli_export", "csv or xlsx (default: from the file name, else csv)"))
    export.add_argument("--out", metavar="FILE", required=True,
                        help=translate("cli_export", "the file to write"))
    export.add_argument("--search", metavar="WORDS", default="", help=translate(
        "cli_export", "only rows holding every word (the list's search box)"))
    export.add_argument("--area", metavar="NAME", help=translate(
        "cli_export", "one area and the areas below it, by name or 'Plant / Assembly'"))
    export.add_argument("--status", action="append", default=[],
                        choices=[s.value for s in SuggestionStatus], help=translate(
                            "cli_export", "ideas with this status (repeat for several)"))
    export.add_argument("--category", action="append", default=[],
                        choices=[c.value for c in WasteCategory], help=translate(
                            "cli_export", "observations of this waste (repeat for several)"))
    export.add_argument("--person", metavar="NAME", help=translate(
        "cli_export", "ideas submitted or owned by, or observations seen by, this person"))
    export.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help=translate(
        "cli_export", "created (ideas) or seen (observations) on or after this day"))
    export.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help=translate(
        "cli_export", "created or seen on or before this day"))
    columns = sorted({c.value for c in IdeaColumn} | {c.value for c in ObservationColumn})
    export.add_argument("--sort", choices=columns,
                        help=translate("cli_export", "the column to sort by (default: "
                                       "created_at for ideas, observed_at for observations)"))
    export.add_argument("--ascending", action="store_true", help=translate(
        "cli_export", "sort smallest first (default: largest, newest first)"))
    export.set_defaults(run=run)


def run(paths: Paths, args: argparse.Namespace) -> int:
    from kaizen.cli import _find_area
    from kaizen.cli_errors import open_current, out_folder, write_refusal
    from kaizen.domain.errors import ValidationError
    from kaizen.reports.list_export import export_list
    from kaizen.services import Services

    try:
        flt_args = _plain_args(args)
    except ValidationError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return USAGE_ERROR
    out = out_folder(args.out)
    fmt = args.format or ("xlsx" if out.suffix.lower() == ".xlsx" else "csv")
    db = open_current(paths, nothing=translate("cli_export", "nothing to export"))
    try:
        services = Services.create(db, attachments_dir=paths.attachments_dir)
        area_id = None if args.area is None else _find_area(services, args.area)
        person_id = None if args.person is None else _find_person(services, args.person)
        flt, sort = _filter(args.list, flt_args, area_id, person_id)
        try:
            rows = export_list(services, args.list, flt, fmt, out, sort, not args.ascending)
        except OSError as exc:
            raise write_refusal(exc, out) from exc
    finally:
        db.dispose()
    # Whole sentences for each list and number (plurals differ by language).
    if args.list == "ideas":
        text = (translate("cli_export", "Exported {count} idea to {file}") if rows == 1
                else translate("cli_export", "Exported {count} ideas to {file}"))
    else:
        text = (translate("cli_export", "Exported {count} observation to {file}") if rows == 1
                else translate("cli_export", "Exported {count} observations to {file}"))
    print(text.format(count=format_number(rows), file=out))
    return 0


def _plain_args(args: argparse.Namespace) -> dict[str, Any]:
    """The options that need no database, checked: the days and which list they fit."""
    from kaizen.domain.errors import ValidationError

    if args.list == "ideas" and args.category:
        raise ValidationError(translate(  # i18n: no (the field's key below)
            "cli_export", "--category filters observations; ideas take --status."), "category")
    if args.list == "observations" and args.status:
        raise ValidationError(translate(  # i18n: no (the field's key below)
            "cli_export", "--status filters ideas; observations take --category."), "status")
    days: dict[str, date | None] = {}
    for option, value in (("--from", args.date_from), ("--to", args.date_to)):
        try:
            days[option] = None if value is None else date.fromisoformat(value)
        except ValueError:
            raise ValidationError(translate(
                "cli_export", "{option}: {value!r} is not a day as YYYY-MM-DD.").format(
                option=option, value=value), option) from None
    return {"text": args.search, "date_from": days["--from"], "date_to": days["--to"],
            "statuses": tuple(args.status), "categories": tuple(args.category),
            "sort": args.sort}


def _filter(which: str, plain: dict[str, Any], area_id: int | None,
            person_id: int | None) -> tuple[Any, Any]:
    from kaizen.domain.enums import SuggestionStatus, WasteCategory
    from kaizen.domain.errors import ValidationError
    from kaizen.services.listing import (
        IdeaColumn,
        IdeaFilter,
        ObservationColumn,
        ObservationFilter,
    )

    common = {"text": plain["text"], "area_id": area_id, "person_id": person_id,
              "date_from": plain["date_from"], "date_to": plain["date_to"]}
    columns = IdeaColumn if which == "ideas" else ObservationColumn
    sort = plain["sort"]
    if sort is not None and sort not in {c.value for c in columns}:
        text = (translate("cli_export", "--sort: the ideas cannot be sorted by {sort!r}; pick one "
                          "of {columns}.") if which == "ideas" else
                translate("cli_export", "--sort: the observations cannot be sorted by {sort!r}; "
                          "pick one of {columns}."))
        raise ValidationError(text.format(sort=sort, columns=", ".join(c.value for c in columns)),
                              "sort")  # i18n: no (the field's key)
    if which == "ideas":
        return (IdeaFilter(statuses=tuple(SuggestionStatus(s) for s in plain["statuses"]),
                           **common),
                IdeaColumn(sort) if sort else None)
    return (ObservationFilter(categories=tuple(WasteCategory(c) for c in plain["categories"]),
                              **common),
            ObservationColumn(sort) if sort else None)


def _find_person(services: Any, name: str) -> int:
    from kaizen.domain.errors import ValidationError

    people = services.people.list_people(active_only=False)
    found = [p for p in people if p.name.casefold() == name.strip().casefold()]
    if len(found) == 1:
        return int(found[0].id)
    if found:
        raise ValidationError(translate(  # i18n: no (the field's key below)
            "cli_export", "--person: more than one person is called {name!r}.").format(
            name=name), "person")
    raise ValidationError(translate(  # i18n: no (the field's key below)
        "cli_export", "--person: nobody is called {name!r}.").format(name=name), "person")
