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

if TYPE_CHECKING:
    from kaizen.config import Paths
    from kaizen.domain.value_stream import ValueStream

BAD_MAP = 2
MAX_FILE_BYTES = 20 * 1024 * 1024


def add_parser(sub: Any) -> None:
    """The `process` command group, on the main parser's subparsers."""
    process = sub.add_parser("process", help="process maps: value-stream figures, import, export")
    group = process.add_subparsers(dest="process_command", required=True)
    show = group.add_parser("show", help="print the value-stream figures of a map file")
    show.add_argument("map", metavar="MAP.json")
    show.add_argument("--json", action="store_true", help="print the figures as JSON")
    imp = group.add_parser("import", help="store a map file as its process's current state")
    imp.add_argument("map", metavar="MAP.json")
    imp.add_argument("--area", metavar="NAME",
                     help="the area a new process belongs to (default: the site)")
    imp.add_argument("--as", dest="person", metavar="NAME",
                     help="who is importing, for the audit trail (default: the first admin)")
    exp = group.add_parser("export", help="write a process's current-state map to a file")
    exp.add_argument("name", metavar="NAME")
    exp.add_argument("-o", "--output", metavar="FILE",
                     help="the file to write (default: print it)")


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
            _error(f"{path} is larger than {MAX_FILE_BYTES // 1_048_576} MB; it is not a map.")
            return None
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        _error(f"{path} could not be read: {exc.strerror or exc}.")
        return None
    except UnicodeDecodeError:
        _error(f"{path} is not UTF-8 text.")
        return None
    try:
        return loads(text)
    except ModelError as exc:
        _error(_model_words(exc, path))
        return None


def _model_words(exc: Exception, path: Path) -> str:
    field = getattr(exc, "field", None)
    return f"{path}: {exc}" + (f" (at {field})" if field else "")


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
    unit = vs.time_unit
    lines = [f"{name}  (times in {unit}s)", ""]
    rows = [
        ("Lead time", f"{vs.lead_time:,.2f}"),
        ("Process time", f"{vs.process_time:,.2f}"),
        ("Value-added time", f"{vs.value_added_time:,.2f}"),
        ("Value-added ratio", f"{vs.va_ratio:.1%}"),
        ("Rolled % complete and accurate", f"{vs.rolled_complete_accurate:.1%}"),
        ("Takt", "no demand in the map" if vs.takt is None else f"{vs.takt:,.2f}"),
        ("Bottleneck", f"{vs.bottleneck} ({vs.bottleneck_load:,.2f} per unit)"),
    ]
    if vs.demand_units is not None:
        if vs.capacity is None:
            capacity = "no limit (every step takes no time)"
        else:
            capacity = (f"{vs.capacity:,.1f} units against a demand of {vs.demand_units:,.0f} "
                        f"({vs.capacity_ratio:.0%}; "
                        f"{'meets' if vs.meets_demand else 'does NOT meet'} demand)")
        rows.append(("Capacity", capacity))
    width = max(len(label) for label, _ in rows)
    lines += [f"  {label:<{width}}  {value}" for label, value in rows]
    lines += ["", f"  Main path: {' -> '.join(vs.main_path)}", ""]
    header = ("Step", "Visits", "Wait", "Process", "Load/unit")
    table = [(f.name + (" *" if f.name == vs.bottleneck else ""), f"{f.visits:.2f}",
              f"{f.wait:,.2f}", f"{f.duration:,.2f}", f"{f.load:,.2f}") for f in vs.steps]
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
    lines.append("  (* the bottleneck; visits along the main path with its rework)")
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
                raise KaizenError("The database has no areas yet; open the app once first.")
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
        print(f"Imported {result.process.name!r} as a new process in {result.process.area_name} "
              f"(map #{result.map.id}, version {result.map.version}, {result.map.steps} steps), "
              f"as {actor.name}.")
    else:
        print(f"Updated the current state of {result.process.name!r} (map #{result.map.id}, "
              f"now version {result.map.version}, {result.map.steps} steps), as {actor.name}.")
    return 0


def _actor(services: Any, name: str | None) -> Any:
    from kaizen.domain.enums import Role
    from kaizen.domain.errors import KaizenError

    people = services.people.list_people(active_only=True)
    if name is not None:
        found = [p for p in people if p.name.casefold() == name.strip().casefold()]
        if not found:
            raise KaizenError(f"No active person is called {name!r}.")
        return found[0]
    admins = sorted((p for p in people if p.role is Role.ADMIN), key=lambda p: p.id)
    if not admins:
        raise KaizenError("No active admin to import as; name someone with --as NAME.")
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
        _error(f"the folder {target.parent} does not exist.")
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
    print(f"Map of {name!r} written to {target}")
    return 0
