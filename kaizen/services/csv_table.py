"""A CSV file with a header line, read as the measurement import reads its files.

Used by the command-line import of ideas, observations and measurements
(:mod:`kaizen.services.bulk_import`). The reading is the measurement import's
(:mod:`kaizen.services.measurement_import`), shared rather than copied: UTF-8 with or without a
byte-order mark, UTF-16, or a European spreadsheet's plain "CSV" (cp1252); ``;``, ``,`` or tab
between fields; numbers with a decimal point or a decimal comma, decided once per column; dates
as 2026-03-31, 2026-03-31 14:05 or 31.03.2026 14:05. Pure: no database.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kaizen.domain.errors import ValidationError
from kaizen.domain.numbers import format_number
from kaizen.i18n import translate
from kaizen.services.measurement_import import (
    MAX_ROWS,
    _delimiter,
    _iso,
    _read_text,
    decimal_mark,
    parse_number,
)


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
