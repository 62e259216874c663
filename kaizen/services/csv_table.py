"""A CSV file as people bring it from a spreadsheet: its text, separator, lines, numbers, dates.

The one reader of the imports' CSV files: the measurement import
(:mod:`kaizen.services.measurement_import`) reads its lines here (:func:`read_lines`), the
command-line import of ideas, observations and measurements (:mod:`kaizen.services.bulk_import`)
a header and its records (:func:`read_table`), the KPI import (:mod:`kaizen.services.kpi_import`)
its text, numbers and dates. UTF-8 with or without a byte-order mark, UTF-16, or a European
spreadsheet's plain "CSV" (cp1252); ``;``, ``,`` or tab between fields; dates as 2026-03-31,
2026-03-31 14:05 or 31.03.2026 14:05. Pure: no database.

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

from kaizen.domain.errors import ValidationError
from kaizen.domain.numbers import format_number
from kaizen.i18n import translate

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000

_SPACES = "\u00a0\u202f\u2009 "
# A number as typed: sign, digits with any of the marks, an optional exponent.
_SHAPE = re.compile(r"[+-]?(?=[\d.,])[\d.,' \u00a0\u202f\u2009]*\d?(?:[eE][+-]?\d+)?")


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


# --- the file's text and lines --------------------------------------------------------------------


def read_lines(source: Path | str | bytes) -> tuple[str, list[tuple[int, list[str]]]]:
    """The separator and the lines that hold anything, each with its line number in the file and
    its fields (stripped). ValidationError(field="file") when the file cannot be read, is empty,
    holds binary data, is not valid CSV, or has more than :data:`MAX_ROWS` lines after the first.
    """
    text = _read_text(source)
    if not text.strip():
        raise ValidationError(translate("services.csv_table", "The file is empty."), field="file")
    if "\x00" in text:
        raise ValidationError(
            translate("services.csv_table", "This is not a CSV text file (it holds binary data)."),
            field="file",
        )
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    lines: list[tuple[int, list[str]]] = []
    try:
        for fields in reader:
            if any(field.strip() for field in fields):
                lines.append((reader.line_num, [field.strip() for field in fields]))
            if len(lines) > MAX_ROWS + 1:
                raise ValidationError(
                    translate(
                        "services.csv_table",
                        "At most {max_rows} lines at a time; split the file.",
                    ).format(max_rows=format_number(MAX_ROWS)),
                    field="file",
                )
    except csv.Error as exc:
        raise ValidationError(
            translate(
                "services.csv_table", "Line {line_num}: the file is not valid CSV ({exc})."
            ).format(line_num=reader.line_num, exc=exc),
            field="file",
        ) from None
    if not lines:
        raise ValidationError(translate("services.csv_table", "The file is empty."), field="file")
    return delimiter, lines


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
                    "services.csv_table", "The file could not be read: {reason}."
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
            translate("services.csv_table", "Pick a CSV file."), field="file"
        )
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(_too_big(len(data)), field="file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16
        try:
            return data.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise ValidationError(
                translate(
                    "services.csv_table",
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
                "services.csv_table",
                "Line {line}: the file is not UTF-8 text; save it as 'CSV UTF-8'.",
            ).format(line=line),
            field="file",
        ) from None


def _too_big(size: int) -> str:
    return translate(
        "services.csv_table",
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


# --- dates ----------------------------------------------------------------------------------------


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


# --- a table with a header ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CsvRecord:
    """One data line: its line number in the file (from 1, the header is line 1 or later) and
    its cells by column name (a missing cell is "")."""

    line: int
    cells: dict[str, str]
    # Set when the line cannot be read as the header says (more fields than columns).
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class CsvTable:
    columns: tuple[str, ...]
    records: list[CsvRecord]
    delimiter: str

    def decimal_mark(self, *columns: str) -> str:
        """The decimal mark these number columns use (a ``;`` file defaults to the comma)."""
        tokens = (r.cells.get(c, "") for r in self.records for c in columns)
        return decimal_mark((t for t in tokens if t), default="," if self.delimiter == ";"
                            else ".")


def _name(text: str) -> str:
    return text.strip().lower().replace(" ", "_").replace("-", "_")


def read_table(source: Path | bytes, required: Iterable[str],
               optional: Iterable[str] = ()) -> CsvTable:
    """The file's header and data lines; ValidationError(field="file") when the file cannot be
    read, is empty, or its header lacks a required column or names an unknown one."""
    required, optional = tuple(required), tuple(optional)
    known = required + optional
    delimiter, lines = read_lines(source)
    header_line, header = lines[0]
    names = [_name(field) for field in header]
    for position, name in enumerate(names, start=1):
        if name not in known:
            raise ValidationError(
                translate(
                    "services.csv_table",
                    "Line {header_line}, column {position}: unknown column "
                    "{header!r}. The first line names the columns: {required} "
                    "and optionally {optional}.",
                ).format(
                    header_line=header_line,
                    position=position,
                    header=header[position - 1],
                    required=", ".join(required),
                    optional=", ".join(optional) or translate("services.csv_table", "nothing else"),
                ),
                field="file",
            )
    if len(set(names)) != len(names):
        raise ValidationError(
            translate("services.csv_table", "Line {header_line}: a column is named twice.").format(
                header_line=header_line
            ),
            field="file",
        )
    missing = [name for name in required if name not in names]
    if missing:
        message = (
            translate(
                "services.csv_table",
                "Line {header_line}: the header has no {missing} column; it needs {required}.",
            )
            if len(missing) == 1 else
            translate(
                "services.csv_table",
                "Line {header_line}: the header has no {missing} columns; it needs {required}.",
            )
        )
        raise ValidationError(message.format(header_line=header_line, missing=", ".join(missing),
                                             required=", ".join(required)), field="file")
    records = []
    for line, fields in lines[1:]:
        if len(fields) > len(names):
            # Kept, so the caller reports it in line order with the others.
            records.append(CsvRecord(line, {}, translate(
                "services.csv_table", "{fields} fields, but the header names {columns} columns"
            ).format(fields=len(fields), columns=len(names))))
            continue
        cells = dict.fromkeys(names, "")
        cells.update(zip(names, fields, strict=False))
        records.append(CsvRecord(line, cells))
    if not records:
        raise ValidationError(
            translate("services.csv_table", "The file has a header but no data lines."),
            field="file",
        )
    return CsvTable(columns=tuple(names), records=records, delimiter=delimiter)


def number_cell(text: str, mark: str, column: str) -> float | None:
    """A number cell read with the column's decimal mark; None when empty. ValueError with
    words naming the column when it is not a number."""
    if not text:
        return None
    value = parse_number(text, mark)
    if value is None:
        example = "1234.5" if mark == "." else "1234,5"
        raise ValueError(
            translate(
                "services.csv_table", "column {column}: {text!r} is not a number (e.g. {example})"
            ).format(column=column, text=text, example=example)
        )
    return value


def moment_cell(text: str, column: str) -> datetime | None:
    """A date or date-and-time cell; None when empty; ValueError with words otherwise."""
    if not text:
        return None
    when = _iso(text)
    if when is None:
        raise ValueError(
            translate(
                "services.csv_table",
                "column {column}: {text!r} is not a date (2026-03-31, "
                "2026-03-31 14:05 or 31.03.2026 14:05)",
            ).format(column=column, text=text)
        )
    return when
