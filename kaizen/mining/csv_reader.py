"""Reading an event log from CSV: guessing the columns, a preview, and the streamed read.

The column guess looks for the XES names first (``case:concept:name``, ``concept:name``,
``time:timestamp``, ``org:resource``, ``lifecycle:transition``) and then the names other tools
export (Disco, Celonis, ERP dumps). Every bad row is refused with its line number; nothing of a
refused file is kept.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import cast

from kaizen.i18n import translate
from kaizen.mining.builder import BLOCK, Duplicates, LogBuilder
from kaizen.mining.log import CancelCheck, Cancelled, EventLog, LogFormatError, Progress

ROLES = ("case", "activity", "timestamp", "resource", "lifecycle")
REQUIRED = ("case", "activity", "timestamp")

# Lower-cased header names per role, best first.
_CANDIDATES: dict[str, tuple[str, ...]] = {
    "case": ("case:concept:name", "case id", "case_id", "caseid", "case", "case:id",
             "case identifier", "trace", "trace id", "process instance"),
    "activity": ("concept:name", "activity", "activity name", "activity_name", "event",
                 "event name", "task", "action", "step"),
    "timestamp": ("time:timestamp", "timestamp", "complete timestamp", "end timestamp",
                  "time", "datetime", "date", "end time", "completed", "event time"),
    "resource": ("org:resource", "resource", "user", "performer", "agent", "employee",
                 "org:role", "role"),
    "lifecycle": ("lifecycle:transition", "lifecycle", "transition", "event type",
                  "status"),
}


@dataclass(frozen=True)
class ColumnMapping:
    """Which header names hold each role; resource and lifecycle are optional."""

    case: str
    activity: str
    timestamp: str
    resource: str | None = None
    lifecycle: str | None = None


@dataclass(frozen=True)
class CsvPreview:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    guess: dict[str, str | None]   # role -> the guessed header name, None when no column fits
    delimiter: str


def guess_columns(header: list[str] | tuple[str, ...]) -> dict[str, str | None]:
    """The header name that most likely holds each role (None where none fits); one column is
    never given two roles."""
    lowered = {name.strip().lower(): name for name in header}
    taken: set[str] = set()
    guess: dict[str, str | None] = {}
    for role in ROLES:
        guess[role] = None
        for candidate in _CANDIDATES[role]:
            name = lowered.get(candidate)
            if name is not None and name not in taken:
                guess[role] = name
                taken.add(name)
                break
    return guess


def preview(path: str | os.PathLike[str], rows: int = 10) -> CsvPreview:
    """The header, the first ``rows`` rows and the column guess, for the mapping step."""
    with _open_text(Path(path)) as handle:
        delimiter = _sniff(handle)
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, None)
        if not header:
            raise LogFormatError(translate(
                "mining.csv_reader", "The file is empty: no header row."), "file", 1)
        first = tuple(tuple(row) for _, row in zip(range(rows), reader, strict=False))
    return CsvPreview(tuple(header), first, guess_columns(header), delimiter)


def mapping_for(header: list[str] | tuple[str, ...],
                chosen: dict[str, str | None] | None = None) -> ColumnMapping:
    """The columns to read: ``chosen`` (role -> header name) over the guess. A missing
    required column, or a chosen name the header does not have, is refused by name."""
    guess = guess_columns(header)
    names = dict(guess)
    for role, name in (chosen or {}).items():
        if role not in ROLES:
            raise LogFormatError(translate(
                "mining.csv_reader", "Unknown column role '{role}'.").format(role=role), role)
        if name is not None:
            if name not in header:
                raise LogFormatError(
                    translate(
                        "mining.csv_reader",
                        "The file has no column '{name}' for the {role}; its columns "
                        "are: {columns}.").format(
                            name=name, role=role, columns=', '.join(header)), role, 1)
            names[role] = name
    for role in REQUIRED:
        if names[role] is None:
            raise LogFormatError(
                translate(
                    "mining.csv_reader",
                    "Missing column: no column for the {role} (looked for {names}, "
                    "...). Name it with --{role} COL; the file's columns are: "
                    "{columns}.").format(
                        role=role, names=", ".join(_CANDIDATES[role][:4]),
                        columns=", ".join(header)), role, 1)
    roles = [names[role] for role in ROLES if names[role] is not None]
    if len(set(roles)) != len(roles):
        raise LogFormatError(translate(
            "mining.csv_reader", "One column was given two roles."), "file", 1)
    # The required roles were checked above: each names a column.
    return ColumnMapping(case=cast(str, names["case"]), activity=cast(str, names["activity"]),
                         timestamp=cast(str, names["timestamp"]), resource=names["resource"],
                         lifecycle=names["lifecycle"])


def read_csv(path: str | os.PathLike[str], columns: dict[str, str | None] | None = None, *,
             progress: Progress | None = None, cancelled: CancelCheck | None = None,
             duplicates: Duplicates = "error") -> EventLog:
    """Read the whole file into an :class:`EventLog`; ``columns`` maps roles to header names
    over the guess. Raises :class:`LogFormatError` naming the line, or :class:`Cancelled`."""
    path = Path(path)
    total = path.stat().st_size
    builder = LogBuilder(_bad_stamp)
    try:
        _read_rows(path, columns, builder, progress, cancelled, total)
    except UnicodeDecodeError as error:
        raise LogFormatError(translate(
            "mining.csv_reader",
            "The file is not UTF-8 text (byte {start} of a line cannot be read); save "
            "it as CSV UTF-8.").format(start=error.start), "file") from None
    except csv.Error as error:
        raise LogFormatError(translate(
            "mining.csv_reader", "The file cannot be read as CSV: {error}.").format(
                error=error), "file") from None
    if cancelled is not None and cancelled():
        raise Cancelled()
    log = builder.finish(duplicates, "line")
    if progress is not None:
        progress(total, total)
    return log


def _read_rows(path: Path, columns: dict[str, str | None] | None, builder: LogBuilder,
               progress: Progress | None, cancelled: CancelCheck | None, total: int) -> None:
    with _open_text(path) as handle:
        delimiter = _sniff(handle)
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, None)
        if not header:
            raise LogFormatError(translate(
                "mining.csv_reader", "The file is empty: no header row."), "file", 1)
        mapping = mapping_for(header, columns)
        index = {name: i for i, name in enumerate(header)}
        picks = [index[mapping.case], index[mapping.activity], index[mapping.timestamp],
                 index[mapping.resource] if mapping.resource else None,
                 index[mapping.lifecycle] if mapping.lifecycle else None]
        width = max(i for i in picks if i is not None) + 1
        while True:
            before = reader.line_num
            rows = list(islice(reader, BLOCK))  # read at C speed, no Python step per row
            if not rows:
                break
            _hand_over(builder, rows, _line_numbers(rows, before, reader.line_num), picks,
                       width, mapping, len(header))
            if cancelled is not None and cancelled():
                raise Cancelled()
            if progress is not None:
                # open() in text mode wraps a BufferedReader; typeshed only promises less.
                read = cast(io.BufferedReader, handle.buffer).tell()
                progress(min(read, total), total)


def _line_numbers(rows: list[list[str]], before: int, after: int) -> range | list[int]:
    """The line each row starts on. One line a row unless a quoted field holds line breaks;
    only then are the rows' fields looked at."""
    if after - before == len(rows):
        return range(before + 1, after + 1)
    lines, line = [], before + 1
    for row in rows:
        lines.append(line)
        line += 1 + sum(field.count("\n") for field in row)
    return lines


def _hand_over(builder: LogBuilder, rows: list[list[str]], lines: range | list[int],
               picks: list[int | None], width: int, mapping: ColumnMapping,
               header_width: int) -> None:
    """Check a block of rows and give its columns to the builder."""
    if not rows:
        return
    if min(map(len, rows)) < width:
        kept_rows, kept_lines = [], []
        for row, line in zip(rows, lines, strict=True):
            if len(row) >= width:
                kept_rows.append(row)
                kept_lines.append(line)
            elif any(row):
                raise LogFormatError(translate(
                    "mining.csv_reader",
                    "Line {line} has {count} fields; the header has {header_width}.").format(
                        line=line, count=len(row), header_width=header_width), "file", line)
            # else: a blank line, skipped
        rows, lines = kept_rows, kept_lines
        if not rows:
            return
    ci, ai, ti, ri, li = picks
    cases = list(map(itemgetter(ci), rows))
    activities = list(map(itemgetter(ai), rows))
    for values, role, column in ((cases, "case", mapping.case),
                                 (activities, "activity", mapping.activity)):
        if "" in values:
            line = lines[values.index("")]
            raise LogFormatError(translate(
                "mining.csv_reader", "Line {line}: the {role} ({column}) is empty.").format(
                    line=line, role=role, column=column), role, line)
    builder.add_block(
        cases, activities, list(map(itemgetter(ti), rows)),
        list(map(itemgetter(ri), rows)) if ri is not None else None,
        list(map(itemgetter(li), rows)) if li is not None else None, lines)


def _bad_stamp(line: int, text: str) -> LogFormatError:
    return LogFormatError(
        translate(
            "mining.csv_reader",
            "Line {line}: the timestamp '{text}' cannot be read; write it as "
            "2011-10-11 13:45:40 or 2011-10-11T13:45:40+02:00.").format(
                line=line, text=text[:40]), "timestamp", line)


def _open_text(path: Path) -> io.TextIOWrapper:
    if not path.is_file():
        raise LogFormatError(translate(
            "mining.csv_reader", "No such file: {path}").format(path=path), "file")
    # utf-8-sig drops the byte-order mark Excel writes; newline="" as the csv module asks.
    return open(path, encoding="utf-8-sig", errors="strict", newline="")  # noqa: SIM115


def _sniff(handle: io.TextIOWrapper) -> str:
    sample = handle.read(64 * 1024)
    handle.seek(0)
    try:
        return csv.Sniffer().sniff(sample.split("\n", 1)[0] + "\n", delimiters=",;\t|").delimiter
    except csv.Error:
        return ","
