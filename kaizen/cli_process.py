"""`kaizen process show|import|export`: process maps on the command line (issue 18).

    kaizen process show MAP.json [--json]     the value-stream figures of a map file
    kaizen process import MAP.json            store it as the current state of its process
    kaizen process export NAME -o FILE        write a process's current state to a file

``show --json`` prints exactly {"lead_time", "process_time", "value_added_time", "va_ratio",
"rolled_complete_accurate", "takt", "bottleneck"} (times in the map's unit, the bottleneck a step
name). A bad map prints the parser's words and exits with 2, without a traceback. ``show`` reads
no database; ``import`` writes through ProcessService as the person named by ``--as`` (default:
the first active admin) into ``--area`` (default: the site, the root of the area tree).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kaizen.domain.numbers import format_number
from kaizen.i18n import translate

if TYPE_CHECKING:
    from kaizen.config import Paths
    from kaizen.domain.value_stream import ValueStream

BAD_MAP = 2
MAX_FILE_BYTES = 20 * 1024 * 1024


def add_parser(sub: Any) -> None:
    """The `process` command group, on the main parser's subparsers."""
    process = sub.add_parser("process", help=translate(
        "cli_process", "process maps: value-stream figures, import, export"))
    group = process.add_subparsers(dest="process_command", required=True)
    show = group.add_parser("show", help=translate(
        "cli_process", "print the value-stream figures of a map file"))
    show.add_argument("map", metavar="MAP.json")
    show.add_argument("--json", action="store_true",
                      help=translate("cli_process", "print the figures as JSON"))
    imp = group.add_parser("import", help=translate(
        "cli_process", "store a map file as its process's current state"))
    imp.add_argument("map", metavar="MAP.json")
    imp.add_argument("--area", metavar="NAME", help=translate(
        "cli_process", "the area a new process belongs to (default: the site)"))
    imp.add_argument("--as", dest="person", metavar="NAME", help=translate(
        "cli_process", "who is importing, for the audit trail (default: the first admin)"))
    exp = group.add_parser("export", help=translate(
        "cli_process", "write a process's current-state map to a file"))
    exp.add_argument("name", metavar="NAME")
    exp.add_argument("-o", "--output", metavar="FILE",
                     help=translate("cli_process", "the file to write (default: print it)"))


def run(paths: Paths, args: argparse.Namespace) -> int:
    if args.process_command == "show":
        return _show(Path(args.map), as_json=args.json)
    if args.process_command == "import":
        return _import(paths, Path(args.map), args.area, args.person)
    return _export(paths, args.name, args.output)


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def _read_map(path: Path) -> Any:
    """The parsed model in ``path``, or None after printing why not."""
    from kaizen.domain.process_model import ModelError, loads

    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            _error(translate("cli_process", "{file} is larger than {size} MB; it is not a map.")
                   .format(file=path, size=MAX_FILE_BYTES // 1_048_576))
            return None
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        _error(translate("cli_process", "{file} could not be read: {why}.").format(
            file=path, why=exc.strerror or exc))
        return None
    except UnicodeDecodeError:
        _error(translate("cli_process", "{file} is not UTF-8 text.").format(file=path))
        return None
    try:
        return loads(text)
    except ModelError as exc:
        _error(_model_words(exc, path))
        return None


def _model_words(exc: Exception, path: Path) -> str:
    field = getattr(exc, "field", None)
    if field:
        return translate("cli_process", "{file}: {problem} (at {field})").format(
            file=path, problem=exc, field=field)
    return f"{path}: {exc}"


def _show(path: Path, *, as_json: bool) -> int:
    from kaizen.domain.value_stream import value_stream

    model = _read_map(path)
    if model is None:
        return BAD_MAP
    figures = value_stream(model)
    if as_json:
        print(json.dumps(figures.summary()))
        return 0
    print(_table(model.name, figures))
    return 0


def _table(name: str, vs: ValueStream) -> str:
    def fixed(value: float) -> str:
        return format_number(value, 2)

    def percent(ratio: float, decimals: int = 1) -> str:
        return format_number(ratio * 100, decimals) + "%"

    lines = [translate("cli_process", "{name}  (times in {unit}s)").format(
        name=name, unit=vs.time_unit), ""]
    rows = [
        (translate("cli_process", "Lead time"), fixed(vs.lead_time)),
        (translate("cli_process", "Process time"), fixed(vs.process_time)),
        (translate("cli_process", "Value-added time"), fixed(vs.value_added_time)),
        (translate("cli_process", "Value-added ratio"), percent(vs.va_ratio)),
        (translate("cli_process", "Rolled % complete and accurate"),
         percent(vs.rolled_complete_accurate)),
        (translate("cli_process", "Takt"), translate("cli_process", "no demand in the map")
         if vs.takt is None else fixed(vs.takt)),
        (translate("cli_process", "Bottleneck"),
         translate("cli_process", "{step} ({load} per unit)").format(
             step=vs.bottleneck, load=fixed(vs.bottleneck_load))),
    ]
    if vs.demand_units is not None:
        if vs.capacity is None:
            capacity = translate("cli_process", "no limit (every step takes no time)")
        else:
            # Whole sentences: "meets" and "does NOT meet" change the words around them.
            capacity = (translate("cli_process", "{capacity} units against a demand of "
                                  "{demand} ({ratio}; meets demand)") if vs.meets_demand else
                        translate("cli_process", "{capacity} units against a demand of "
                                  "{demand} ({ratio}; does NOT meet demand)")).format(
                capacity=format_number(vs.capacity, 1), demand=format_number(vs.demand_units),
                ratio=percent(vs.capacity_ratio, 0))
        rows.append((translate("cli_process", "Capacity"), capacity))
    width = max(len(label) for label, _ in rows)
    lines += [f"  {label:<{width}}  {value}" for label, value in rows]
    lines += ["", "  " + translate("cli_process", "Main path: {path}").format(
        path=" -> ".join(vs.main_path)), ""]
    header = (translate("cli_process", "Step"), translate("cli_process", "Visits"),
              translate("cli_process", "Wait"), translate("cli_process", "Process"),
              translate("cli_process", "Load/unit"))
    table = [(f.name + (" *" if f.name == vs.bottleneck else ""), format_number(f.visits, 2),
              fixed(f.wait), fixed(f.duration), fixed(f.load)) for f in vs.steps]
    first = max(len(header[0]), *(len(r[0]) for r in table))
    widths = [first] + [max(len(h), *(len(r[i]) for r in table)) for i, h in
                        enumerate(header) if i]
    lines.append("  " + "  ".join(
        h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths,
                                                                            strict=True))))
    for row in table:
        lines.append("  " + "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths,
                                                                                strict=True))))
    lines.append("  " + translate("cli_process",
                                  "(* the bottleneck; visits along the main path with its rework)"))
    return "\n".join(lines)


def _open_current(paths: Paths) -> Any:
    """The database if its schema is the one this version reads, else None (said why)."""
    from kaizen.cli_errors import schema_refusal
    from kaizen.db import migrate
    from kaizen.db.engine import Database

    db = Database(paths.db_url)
    status = migrate.schema_status(db)
    if status.state is not migrate.SchemaState.CURRENT:
        db.dispose()
        _error(schema_refusal(status))
        return None
    from kaizen.cli_language import use_site_language

    use_site_language(db)
    return db


def _import(paths: Paths, path: Path, area: str | None, person: str | None) -> int:
    from kaizen.cli import _find_area, _start_checks
    from kaizen.domain.errors import KaizenError
    from kaizen.domain.process_model import ModelError
    from kaizen.services import Services

    model = _read_map(path)
    if model is None:
        return BAD_MAP
    if not _start_checks(paths):
        return 1
    db = _open_current(paths)
    if db is None:
        return 1
    try:
        services = Services.create(db, attachments_dir=paths.attachments_dir)
        try:
            actor = _actor(services, person)
            areas = services.people.list_areas(include_inactive=True)
            if area is not None:
                area_id = _find_area(services, area)
            elif areas:
                area_id = next(a.id for a in areas if a.parent_id is None)
            else:
                raise KaizenError(translate(
                    "cli_process", "The database has no areas yet; open the app once first."))
            result = services.processes.import_map(actor.id, model.to_dict(), area_id=area_id)
        except ModelError as exc:
            _error(_model_words(exc, path))
            return BAD_MAP
        except KaizenError as exc:
            _error(str(exc))
            return 1
    finally:
        db.dispose()
    if result.created:
        print(translate("cli_process", "Imported {process!r} as a new process in {area} (map "
                        "#{map}, version {version}, {steps} steps), as {person}.").format(
            process=result.process.name, area=result.process.area_name, map=result.map.id,
            version=result.map.version, steps=result.map.steps, person=actor.name))
    else:
        print(translate("cli_process", "Updated the current state of {process!r} (map #{map}, "
                        "now version {version}, {steps} steps), as {person}.").format(
            process=result.process.name, map=result.map.id, version=result.map.version,
            steps=result.map.steps, person=actor.name))
    return 0


def _actor(services: Any, name: str | None) -> Any:
    from kaizen.domain.enums import Role
    from kaizen.domain.errors import KaizenError

    people = services.people.list_people(active_only=True)
    if name is not None:
        found = [p for p in people if p.name.casefold() == name.strip().casefold()]
        if not found:
            raise KaizenError(translate("cli_process", "No active person is called {name!r}.")
                              .format(name=name))
        return found[0]
    admins = sorted((p for p in people if p.role is Role.ADMIN), key=lambda p: p.id)
    if not admins:
        raise KaizenError(translate(
            "cli_process", "No active admin to import as; name someone with --as NAME."))
    return admins[0]


def _export(paths: Paths, name: str, output: str | None) -> int:
    from kaizen.domain.errors import KaizenError
    from kaizen.services.processes import ProcessService

    db = _open_current(paths)
    if db is None:
        return 1
    try:
        try:
            text = ProcessService(db).export_process(name)
        except KaizenError as exc:
            _error(str(exc))
            return 1
    finally:
        db.dispose()
    if output is None:
        sys.stdout.write(text)
        return 0
    target = Path(output).expanduser().resolve()
    if not target.parent.is_dir():
        _error(translate("cli_process", "the folder {folder} does not exist.").format(
            folder=target.parent))
        return 1
    # Written beside the target, then moved over it: an old file stays whole if this fails.
    handle, temporary = tempfile.mkstemp(prefix=".kaizen-map-", suffix=".json", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    print(translate("cli_process", "Map of {name!r} written to {file}").format(
        name=name, file=target))
    return 0
