"""KPI points from a CSV file or a pasted block: two columns, the time and the value.

``at,value``, separated by a tab (pasted from a spreadsheet), ``;`` or ``,``, with an optional
header: a column named ``at``, ``date``, ``time`` or ``timestamp`` is the time and the other the
value, whatever its name; without such a name the time comes first. ``at`` is an ISO date
(2026-03-31) or date and time (2026-03-31 14:05); the value is a number written as spreadsheets
write them (decimal comma or point, found for the whole column as for measurements). All or
nothing: any bad line refuses the whole input with ValidationError(field="file" or "text")
naming the first lines at fault. Pure parsing: no database.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

from kaizen.domain.errors import ValidationError
from kaizen.domain.numbers import format_number
from kaizen.i18n import translate
from kaizen.services.csv_table import MAX_ROWS, decimal_mark, parse_number
from kaizen.services.csv_table import _iso as parse_iso
from kaizen.services.csv_table import _read_text as read_text
from kaizen.services.measurement_import import MAX_REPORTED

_AT = ("at", "date", "time", "timestamp", "measured_at", "day")
_VALUE = ("value", "kpi", "y")


def parse_kpi_points(source: Path | str | bytes, *, field: str = "file"
                     ) -> list[tuple[datetime, float]]:
    """The (time, value) points of a CSV file (a Path), its bytes, or pasted text."""
    text = read_text(source)
    if not text.strip():
        raise ValidationError(
            translate("services.kpi_import", "There are no KPI points in it."), field=field
        )
    if "\x00" in text:
        raise ValidationError(
            translate("services.kpi_import", "This is not a CSV text file (it holds binary data)."),
            field=field,
        )
    first = next(line for line in text.splitlines() if line.strip())
    delimiter = "\t" if "\t" in first else (";" if ";" in first else ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    try:
        for fields in reader:
            if any(f.strip() for f in fields):
                records.append((reader.line_num, [f.strip() for f in fields]))
            if len(records) > MAX_ROWS + 1:
                raise ValidationError(
                    translate(
                        "services.kpi_import",
                        "At most {max_rows} points at a time; split the file.",
                    ).format(max_rows=format_number(MAX_ROWS)),
                    field=field,
                )
    except csv.Error as exc:
        raise ValidationError(
            translate("services.kpi_import", "Line {line_num}: not valid CSV ({exc}).").format(
                line_num=reader.line_num, exc=exc
            ),
            field=field,
        ) from None
    order = (0, 1)
    head = [f.lower().replace(" ", "_") for f in records[0][1]]
    if parse_iso(records[0][1][0]) is None:
        # A header: which column is which. A spreadsheet's header names the KPI ("Date", "Lead
        # time"): a column named as a time is the time, else one named as a value is the value,
        # else the time comes first.
        if len(head) != 2:
            raise ValidationError(
                translate(
                    "services.kpi_import",
                    "Line {records}: the columns are the time (at) and the "
                    "value, e.g. '2026-03-31,12.5'.",
                ).format(records=records[0][0]),
                field=field,
            )
        at_col = next((i for i, h in enumerate(head) if h in _AT), None)
        if at_col is None:
            value_col = next((i for i, h in enumerate(head) if h in _VALUE), 1)
            at_col = 1 - value_col
        order = (at_col, 1 - at_col)
        records = records[1:]
    if not records:
        raise ValidationError(
            translate("services.kpi_import", "There is a header but no KPI points."), field=field
        )
    mark = decimal_mark(r[order[1]] for _, r in records if len(r) == 2)
    points: list[tuple[datetime, float]] = []
    problems: list[str] = []
    for line, fields in records:
        if len(fields) != 2:
            problems.append(translate(
                "services.kpi_import", "Line {line}: expected 2 columns (at, value), found {count}."
            ).format(line=line, count=len(fields)))
        else:
            when = parse_iso(fields[order[0]])
            value = parse_number(fields[order[1]], mark)
            if when is None:
                problems.append(translate(
                    "services.kpi_import",
                    "Line {line}: {text!r} is not an ISO date (2026-03-31 or 2026-03-31 14:05).",
                ).format(line=line, text=fields[order[0]]))
            elif value is None:
                problems.append(translate(
                    "services.kpi_import", "Line {line}: {text!r} is not a number."
                ).format(line=line, text=fields[order[1]]))
            else:
                points.append((when, value))
        if len(problems) >= MAX_REPORTED:
            break
    if problems:
        more = ("" if len(problems) < MAX_REPORTED
                else "\n" + translate("services.kpi_import", "(and maybe more)"))
        raise ValidationError(translate("services.kpi_import", "Nothing was imported:") + "\n"
                              + "\n".join(problems) + more, field=field)
    return points
