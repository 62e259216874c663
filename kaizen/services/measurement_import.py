"""Reading measurements people bring from elsewhere: a pasted spreadsheet column, or a CSV file.

Pure parsing, no database: the result goes to
:meth:`kaizen.services.measurements.MeasurementService.import_rows` (or ``add_measurements``),
which stores it in one unit of work. Bad input never raises anything but
:class:`~kaizen.domain.errors.ValidationError`, with ``field="values"`` for pasted text and
``field="file"`` for a CSV file, and its message names the line (and column) at fault.

Numbers are read as a spreadsheet shows them, with a decimal point or a decimal comma decided
once for the whole column, and the file's text and lines are read, by
:mod:`kaizen.services.csv_table` (the one reader of the imports' CSV files).

A CSV file may come from a European spreadsheet as it is: ";" between fields, decimal commas,
dates as 31.03.2026, no header line (then the columns are phase, value[, measured_at] in that
order), saved as UTF-8, cp1252 or UTF-16.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kaizen.domain.enums import MeasurementPhase
from kaizen.domain.errors import ValidationError
from kaizen.domain.numbers import format_number
from kaizen.i18n import translate
from kaizen.services.csv_table import MAX_FILE_BYTES as MAX_FILE_BYTES  # where it was first
from kaizen.services.csv_table import MAX_ROWS, _iso, decimal_mark, parse_number, read_lines
from kaizen.services.csv_table import _read_text as _read_text  # the KPI import reads it here

MAX_PASTE_CHARS = 10 * 1024 * 1024
# The first few problems are enough to fix a file; more would only bury them.
MAX_REPORTED = 10

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
    delimiter, records = read_lines(source)
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
