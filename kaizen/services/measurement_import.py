"""Reading measurements people bring from elsewhere: a pasted spreadsheet column, or a CSV file.

Pure parsing, no database: the result goes to
:meth:`kaizen.services.measurements.MeasurementService.import_rows` (or ``add_measurements``),
which stores it in one unit of work. Bad input never raises anything but
:class:`~kaizen.domain.errors.ValidationError`, with ``field="values"`` for pasted text and
``field="file"`` for a CSV file, and its message names the line (and column) at fault.

Numbers are read as a spreadsheet shows them, in either convention, decided once for the whole
column so that every line is read the same way:

- "1.5", "1,234.5", "1 234.5", "1'234.5": a decimal point (commas, spaces, apostrophes group
  thousands);
- "1,5", "1.234,5", "1 234,5": a decimal comma (points, spaces, apostrophes group thousands).

The column shows which one it uses when any number has both marks ("1,234.5"), a decimal part
that is not three digits ("1,5", "12.25"), a leading zero ("0,125") or more than one of the same
mark ("1.234.567"). A column where every mark is followed by exactly three digits ("1,250",
"2,500") says nothing: it is read with a decimal point, as "1,250" = 1250, except in a file
separated by ";" (a spreadsheet whose decimal mark is the comma), where "1,250" = 1.25.
Thousands groups must be whole ("12,34.5" is refused).

A CSV file may come from a European spreadsheet as it is: ";" between fields, decimal commas,
dates as 31.03.2026, no header line (then the columns are phase, value[, measured_at] in that
order), saved as UTF-8, cp1252 or UTF-16.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from kaizen.domain.enums import MeasurementPhase
from kaizen.domain.errors import ValidationError
from kaizen.domain.numbers import format_number
from kaizen.i18n import translate

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_PASTE_CHARS = 10 * 1024 * 1024
MAX_ROWS = 100_000
# The first few problems are enough to fix a file; more would only bury them.
MAX_REPORTED = 10

_SPACES = "\u00a0\u202f\u2009 "
# A number as typed: sign, digits with any of the marks, an optional exponent.
_SHAPE = re.compile(r"[+-]?(?=[\d.,])[\d.,' \u00a0\u202f\u2009]*\d?(?:[eE][+-]?\d+)?")
_PHASES = {
    "before": MeasurementPhase.BEFORE,
    "after": MeasurementPhase.AFTER,
}
_COLUMNS = ("phase", "value", "measured_at")


@dataclass(frozen=True, slots=True)
class RejectedLine:
    """A pasted line that is not a number: its number (from 1), its text and why."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class ParsedValues:
    values: list[float]
    rejected_lines: list[RejectedLine]
    # The first line, when it was taken for a column header and skipped.
    header: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedRow:
    phase: MeasurementPhase
    value: float
    measured_at: datetime | None


# --- numbers -----------------------------------------------------------------------------------


def _core(token: str) -> str:
    """The token without sign, exponent and grouping spaces, for reading the marks."""
    text = token.lstrip("+-")
    text = re.sub(r"[eE][+-]?\d+$", "", text)
    for mark in _SPACES + "'":
        text = text.replace(mark, "")
    return text


def _vote(token: str) -> str | None:
    """Which decimal mark this token proves (".", ","), or None when it proves nothing."""
    text = _core(token)
    has_point, has_comma = "." in text, "," in text
    if has_point and has_comma:
        return "." if text.rfind(".") > text.rfind(",") else ","
    for mark, other in ((".", ","), (",", ".")):
        if mark in text:
            if text.count(mark) > 1:
                return other  # only thousands repeat
            head, tail = text.split(mark)
            # "1,250" could be either; anything else shows a decimal part.
            if len(tail) != 3 or not head or head.startswith("0"):
                return mark
    return None


def decimal_mark(tokens: Iterable[str], default: str = ".") -> str:
    """The decimal mark the column uses: the one most of its numbers prove, ``default`` if none
    does (a tie is read with a point, as before)."""
    votes = {".": 0, ",": 0}
    for token in tokens:
        vote = _vote(token)
        if vote is not None:
            votes[vote] += 1
    if votes[","] == votes["."] == 0:
        return default
    return "," if votes[","] > votes["."] else "."


def parse_number(token: str, mark: str) -> float | None:
    """The number ``token`` shows with decimal mark ``mark``, or None when it is not one."""
    text = token.strip()
    if not text or _SHAPE.fullmatch(text) is None:
        return None
    sign = ""
    if text[0] in "+-":
        sign, text = text[0], text[1:]
    exponent = ""
    found = re.search(r"[eE][+-]?\d+$", text)
    if found:
        exponent, text = found.group(), text[: found.start()]
    grouping = "," if mark == "." else "."
    if text.count(mark) > 1:
        return None
    whole, _, fraction = text.partition(mark)
    if not fraction.isdigit() and fraction:
        return None
    groups = re.split(r"[" + re.escape(grouping + "'" + _SPACES) + r"]", whole)
    if len(groups) > 1 and not (
        groups[0].isdigit() and len(groups[0]) <= 3
        and all(len(g) == 3 and g.isdigit() for g in groups[1:])
    ):
        return None
    digits = "".join(groups)
    if not digits and not fraction:
        return None
    if digits and not digits.isdigit():
        return None
    try:
        number = float(f"{sign}{digits or '0'}.{fraction or '0'}{exponent}")
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def check_count(count: int, field: str) -> None:
    """The one limit on how many measurements come in at a time, however they come (pasted,
    from a file, or a list handed to the service): ValidationError naming ``field`` beyond it."""
    if count > MAX_ROWS:
        raise ValidationError(
            translate(
                "services.measurement_import",
                "At most {max_values} measurements at a time ({count} given).",
            ).format(max_values=format_number(MAX_ROWS), count=format_number(count)),
            field=field,
        )


# --- pasted column -----------------------------------------------------------------------------


def parse_pasted_values(text: str) -> ParsedValues:
    """One number per line, as pasted from a spreadsheet column.

    Blank lines are ignored; a first line that is not a number is a header and skipped; any
    other line that is not one number is reported in ``rejected_lines`` (the caller decides
    whether to store the rest). ValidationError(field="values") when there is nothing to read.
    """
    if not isinstance(text, str):
        raise ValidationError(
            translate(
                "services.measurement_import",
                "Paste the measurements as text, one number per line.",
            ),
            field="values",
        )
    if len(text) > MAX_PASTE_CHARS:
        raise ValidationError(
            translate(
                "services.measurement_import",
                "That is too much text to paste; import it as a CSV file.",
            ),
            field="values",
        )
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1)]
    lines = [(number, line) for number, line in lines if line]
    if not lines:
        raise ValidationError(
            translate("services.measurement_import", "Paste at least one number."), field="values"
        )
    mark = decimal_mark(line for _, line in lines)
    values: list[float] = []
    rejected: list[RejectedLine] = []
    header: str | None = None
    for position, (number, line) in enumerate(lines):
        value = parse_number(line, mark)
        if value is not None:
            values.append(value)
        elif position == 0 and parse_number(line, "," if mark == "." else ".") is None:
            # A number in the other convention is a mistake to report, not a header.
            header = line
        else:
            rejected.append(RejectedLine(number, line, _why_not(line, mark)))
    if not values:
        raise ValidationError(
            translate("services.measurement_import", "No number found in the pasted text."),
            field="values",
        )
    check_count(len(values), "values")
    return ParsedValues(values=values, rejected_lines=rejected, header=header)


def _why_not(token: str, mark: str) -> str:
    if "\t" in token or ";" in token:
        return translate("services.measurement_import",
                         "more than one value on the line; paste a single column")
    if any(ch.isdigit() for ch in token):
        example = "1234.5" if mark == "." else "1234,5"
        return translate("services.measurement_import",
                         "not a number as the rest of the column writes them (e.g. {example})"
                         ).format(example=example)
    return translate("services.measurement_import", "not a number")


# --- CSV ---------------------------------------------------------------------------------------


def parse_measurement_csv(source: Path | str | bytes) -> list[ParsedRow]:
    """Rows of ``phase,value[,measured_at]`` from a CSV file (a Path), its bytes or its text.

    UTF-8 with or without a byte-order mark; ``;`` or ``,`` between fields (found by
    :class:`csv.Sniffer`, by counting when it cannot tell); an optional header naming the
    columns in any order; phase "before" or "after"; ``measured_at`` an ISO date or date and time,
    or empty. All or nothing: any bad line refuses the file with ValidationError(field="file")
    naming the line and column of the first problems.
    """
    text = _read_text(source)
    if not text.strip():
        raise ValidationError(
            translate("services.measurement_import", "The file is empty."), field="file"
        )
    if "\x00" in text:
        raise ValidationError(
            translate(
                "services.measurement_import", "This is not a CSV text file (it holds binary data)."
            ),
            field="file",
        )
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        for fields in reader:
            if any(field.strip() for field in fields):
                records.append((reader.line_num, [field.strip() for field in fields]))
            if len(records) > MAX_ROWS + 1:
                raise ValidationError(
                    translate(
                        "services.measurement_import",
                        "At most {max_rows} measurements at a time; split the file.",
                    ).format(max_rows=format_number(MAX_ROWS)),
                    field="file",
                )
    except csv.Error as exc:
        raise ValidationError(
            translate(
                "services.measurement_import", "Line {line_num}: the file is not valid CSV ({exc})."
            ).format(line_num=reader.line_num, exc=exc),
            field="file",
        ) from None
    if not records:
        raise ValidationError(
            translate("services.measurement_import", "The file is empty."), field="file"
        )
    order, records = _columns(records)
    if not records:
        raise ValidationError(
            translate("services.measurement_import", "The file has a header but no measurements."),
            field="file",
        )
    index = {name: position for position, name in enumerate(order)}
    # A ";" file comes from a spreadsheet whose decimal mark is the comma ("," is taken): a
    # column that proves nothing ("1,250") is read with that comma there.
    mark = decimal_mark(
        (fields[index["value"]] for _, fields in records if len(fields) > index["value"]),
        default="," if delimiter == ";" else ".",
    )
    rows: list[ParsedRow] = []
    problems: list[str] = []
    for line, fields in records:
        if len(fields) < 2 or len(fields) > len(order):
            problems.append(translate(
                "services.measurement_import",
                "Line {line}: expected {expected} columns ({columns}), found {count}.",
            ).format(line=line, expected=len(order), columns=", ".join(order), count=len(fields)))
            continue
        row, problem = _row(line, fields, index, mark)
        if problem:
            problems.append(problem)
        elif row is not None:
            rows.append(row)
        if len(problems) >= MAX_REPORTED:
            break
    if problems:
        more = ("" if len(problems) < MAX_REPORTED
                else "\n" + translate("services.measurement_import", "(and maybe more)"))
        raise ValidationError(
            translate("services.measurement_import", "The file was not imported:") + "\n"
            + "\n".join(problems) + more, field="file"
        )
    return rows


def _read_text(source: Path | str | bytes) -> str:
    if isinstance(source, Path):
        try:
            size = source.stat().st_size
            if size > MAX_FILE_BYTES:
                raise ValidationError(_too_big(size), field="file")
            with source.open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise ValidationError(
                translate(
                    "services.measurement_import", "The file could not be read: {reason}."
                ).format(reason=exc.strerror or exc),
                field="file",
            ) from None
    elif isinstance(source, bytes):
        data = source
    elif isinstance(source, str):
        size = len(source.encode("utf-8", "surrogatepass"))
        if size > MAX_FILE_BYTES:
            raise ValidationError(_too_big(size), field="file")
        return source.removeprefix("\ufeff")
    else:
        raise ValidationError(
            translate("services.measurement_import", "Pick a CSV file."), field="file"
        )
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(_too_big(len(data)), field="file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16
        try:
            return data.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise ValidationError(
                translate(
                    "services.measurement_import",
                    "The file is not valid UTF-16 text; save it as 'CSV UTF-8'.",
                ),
                field="file",
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
    try:
        # What a European spreadsheet saves as plain "CSV" on Windows; the fields that matter
        # (phase, number, date) are ASCII in it either way.
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ValidationError(
            translate(
                "services.measurement_import",
                "Line {line}: the file is not UTF-8 text; save it as 'CSV UTF-8'.",
            ).format(line=line),
            field="file",
        ) from None


def _too_big(size: int) -> str:
    return translate(
        "services.measurement_import",
        "The file is {size} MB; at most {most} MB can be imported at a time.",
    ).format(size=format_number(size / 1_048_576, 1), most=MAX_FILE_BYTES // 1_048_576)


def _delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    # A mark on every line is the separator. Tab and ";" first: a European spreadsheet writes
    # ";" between fields because "," is its decimal mark, so "before;12,5" has both on each
    # line (csv.Sniffer took the "," there, and such a file without a header never imported).
    for mark in ("\t", ";", ","):
        if lines and all(mark in line for line in lines):
            return mark
    sample = "\n".join(lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,").delimiter
    except csv.Error:
        # One column, or ambiguous: a ";" file with decimal commas still has more ";" per line.
        first = next((line for line in text.splitlines() if line.strip()), "")
        return ";" if first.count(";") >= first.count(",") and ";" in first else ","


def _columns(records: list[tuple[int, list[str]]]) -> tuple[tuple[str, ...],
                                                            list[tuple[int, list[str]]]]:
    """The column order (from a header line, or the default) and the data lines."""
    line, first = records[0]
    names = [field.strip().lower().replace(" ", "_") for field in first]
    # A first line with a number in its second field is data (with a phase to correct, whose
    # message says so), not a header of unknown names.
    is_header = any(name in _COLUMNS for name in names) or (
        len(first) >= 2 and first[0].lower() not in _PHASES
        and parse_number(first[1], decimal_mark([first[1]])) is None
    )
    if not is_header:
        return _COLUMNS, records
    for position, name in enumerate(names, start=1):
        if name not in _COLUMNS:
            raise ValidationError(
                translate(
                    "services.measurement_import",
                    "Line {line}, column {position}: unknown column {first!r}; "
                    "the columns are phase, value and optionally measured_at: "
                    "name them so in the first line, or leave the header out and "
                    "keep that order.",
                ).format(line=line, position=position, first=first[position - 1]),
                field="file",
            )
    if len(set(names)) != len(names):
        raise ValidationError(
            translate(
                "services.measurement_import", "Line {line}: a column is named twice."
            ).format(line=line),
            field="file",
        )
    for needed in ("phase", "value"):
        if needed not in names:
            raise ValidationError(
                translate(
                    "services.measurement_import", "Line {line}: the header has no {needed} column."
                ).format(line=line, needed=needed),
                field="file",
            )
    return tuple(names), records[1:]


def _row(line: int, fields: list[str], index: dict[str, int],
         mark: str) -> tuple[ParsedRow | None, str | None]:
    def cell(name: str) -> str:
        position = index.get(name)
        return fields[position] if position is not None and position < len(fields) else ""

    phase = _PHASES.get(cell("phase").lower())
    if phase is None:
        return None, translate(
            "services.measurement_import",
            "Line {line}, column phase: {text!r} is not before or after.",
        ).format(line=line, text=cell("phase"))
    value = parse_number(cell("value"), mark)
    if value is None:
        return None, translate(
            "services.measurement_import", "Line {line}, column value: {text!r} is not a number."
        ).format(line=line, text=cell("value"))
    when_text = cell("measured_at")
    when = None
    if when_text:
        when = _iso(when_text)
        if when is None:
            return None, translate(
                "services.measurement_import",
                "Line {line}, column measured_at: {text!r} is not a date "
                "(2026-03-31, 2026-03-31 14:05 or 31.03.2026 14:05).",
            ).format(line=line, text=when_text)
    return ParsedRow(phase=phase, value=value, measured_at=when), None


# Day-first with dots, as European spreadsheets write dates ("31.03.2026 14:05"); dots are
# never month-first, so the order is not a guess.
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def _iso(text: str) -> datetime | None:
    dotted = _DOTTED.fullmatch(text) if text.isascii() else None
    if dotted is not None:
        day, month, year, hour, minute, second = (int(g) if g else 0 for g in dotted.groups())
        try:
            return datetime(year, month, day, hour, minute, second)
        except ValueError:
            return None
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time.min)
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        # Times are stored as the site's local wall clock, without a zone.
        try:
            parsed = parsed.astimezone().replace(tzinfo=None)
        except (OverflowError, ValueError, OSError):  # year 1 or 9999 moved past the end
            return None
    return parsed
