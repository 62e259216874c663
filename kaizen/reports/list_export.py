"""The Ideas and Waste walk lists as CSV or XLSX, exactly as filtered and sorted on screen.

The rows come from the same service calls the list view makes: ``query_ids(filter, sort,
descending)`` for the ids in display order, then ``rows(ids)`` a window at a time, so the file
holds what the list shows, in its order. The writers are the monthly report's: CSV through
:mod:`kaizen.reports.csv_export` (UTF-8 with a byte-order mark, ISO dates, plain numbers) and
XLSX through :mod:`kaizen.reports.xlsx` (a bold frozen header, an autofilter, numbers as
numbers); user text is escaped so no cell starts a formula.

:func:`export_list` is the one call the GUI (in its background worker, with progress) and
``kaizen export`` make.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kaizen.domain.errors import ValidationError
from kaizen.i18n import translate
from kaizen.reports.xlsx import DAY, DECIMAL, MONEY, TIMESTAMP
from kaizen.services.listing import (
    MAX_WINDOW,
    IdeaColumn,
    IdeaFilter,
    IdeaRow,
    ObservationColumn,
    ObservationFilter,
    ObservationRow,
)

if TYPE_CHECKING:
    from kaizen.services import Services

ListName = Literal["ideas", "observations"]
ListFormat = Literal["csv", "xlsx"]
LIST_FORMATS: tuple[ListFormat, ...] = ("csv", "xlsx")
Progress = Callable[[int, int], None]

IDEA_COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("id", None), ("title", None), ("status", None), ("area", None), ("submitted_by", None),
    ("owner", None), ("wastes", None), ("impact", None), ("effort", None),
    ("expected_savings_per_year", MONEY), ("currency", None), ("created_at", TIMESTAMP),
    ("due_date", DAY), ("comments", None),
)
OBSERVATION_COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("id", None), ("category", None), ("area", None), ("observer", None),
    ("observed_at", TIMESTAMP), ("what_was_seen", None),
    ("minutes_per_occurrence", DECIMAL), ("occurrences_per_week", DECIMAL),
    ("yearly_cost", MONEY), ("currency", None), ("idea_id", None),
)


@dataclass(frozen=True, slots=True)
class ListTable:
    """A list ready to write: its sheet title, columns (header, number format) and rows."""

    title: str
    columns: tuple[tuple[str, str | None], ...]
    rows: list[list[Any]]


def idea_values(row: IdeaRow, currency: str) -> list[Any]:
    return [row.id, row.title, row.status.label, row.area_name, row.submitter_name,
            row.owner_name, ", ".join(w.label for w in row.wastes), row.impact, row.effort,
            row.expected_savings, currency, row.created_at, row.due_date, row.comment_count]


def observation_values(row: ObservationRow, currency: str) -> list[Any]:
    return [row.id, row.category.label, row.area_name, row.observer_name, row.observed_at,
            row.summary, row.minutes_per_occurrence, row.occurrences_per_week,
            round(row.yearly_cost, 2), currency, row.suggestion_id]


def read_list(services: Services, which: ListName, flt: IdeaFilter | ObservationFilter,
              sort: IdeaColumn | ObservationColumn | None = None, descending: bool = True, *,
              progress: Progress | None = None) -> ListTable:
    """The rows of list ``which`` under ``flt``, sorted as the list sorts them."""
    currency = services.people.settings().currency
    if which == "ideas":
        if not isinstance(flt, IdeaFilter):
            raise ValidationError(translate(
                "reports.list_export", "The ideas are filtered with an idea filter."),
                field="filter")
        ids = services.suggestions.query_ids(flt, IdeaColumn(sort or IdeaColumn.CREATED_AT),
                                             descending)
        fetch: Callable[[Sequence[int]], Sequence[Any]] = services.suggestions.rows
        values: Callable[[Any, str], list[Any]] = idea_values
        title, columns = translate("reports.list_export", "Ideas"), IDEA_COLUMNS
    elif which == "observations":
        if not isinstance(flt, ObservationFilter):
            raise ValidationError(translate(
                "reports.list_export", "The observations are filtered with an observation filter."),
                field="filter")
        ids = services.observations.query_ids(
            flt, ObservationColumn(sort or ObservationColumn.OBSERVED_AT), descending)
        fetch, values = services.observations.rows, observation_values
        title, columns = translate("reports.list_export", "Waste walk"), OBSERVATION_COLUMNS
    else:
        raise ValidationError(translate(
            "reports.list_export", "There is no list called {which!r}: ideas or observations."
        ).format(which=which), field="list")
    rows: list[list[Any]] = []
    total = len(ids)
    for start in range(0, total, MAX_WINDOW):
        rows += [values(row, currency) for row in fetch(ids[start:start + MAX_WINDOW])]
        if progress is not None:
            progress(min(start + MAX_WINDOW, total), total)
    return ListTable(title, columns, rows)


def write_list(table: ListTable, fmt: ListFormat, path: Path | str) -> Path:
    """Write ``table`` as ``fmt`` to ``path``: under a temporary name beside it, then moved
    over it, so a failed export leaves no half file (as the monthly report does)."""
    from kaizen.reports import new_file_mode

    if fmt not in LIST_FORMATS:
        raise ValidationError(translate(
            "reports.list_export", "Export as csv or xlsx, not {fmt!r}.")
                              .format(fmt=fmt), field="format")
    path = Path(path)
    handle, name = tempfile.mkstemp(prefix=".kaizen-export-", suffix=path.suffix,
                                    dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        if fmt == "csv":
            _write_csv(table, temporary)
        else:
            _write_xlsx(table, temporary)
        os.chmod(temporary, new_file_mode())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def export_list(services: Services, which: ListName, flt: IdeaFilter | ObservationFilter,
                fmt: ListFormat, path: Path | str,
                sort: IdeaColumn | ObservationColumn | None = None, descending: bool = True, *,
                progress: Progress | None = None) -> int:
    """Read the list and write it; returns how many rows were written. Progress runs 0..100
    (reading is most of it)."""
    def reading(done: int, total: int) -> None:
        if progress is not None:
            progress(done * 90 // max(total, 1), 100)

    table = read_list(services, which, flt, sort, descending, progress=reading)
    write_list(table, fmt, path)
    if progress is not None:
        progress(100, 100)
    return len(table.rows)


def _write_csv(table: ListTable, path: Path) -> None:
    from kaizen.reports.csv_export import ENCODING, _value, table_text

    lines = [[header for header, _fmt in table.columns]]
    lines += [[_value(v) for v in row] for row in table.rows]
    with path.open("w", encoding=ENCODING, newline="") as handle:
        handle.write(table_text(lines))


def _write_xlsx(table: ListTable, path: Path) -> None:
    import xlsxwriter

    from kaizen.reports.xlsx import Col, _Formats, _write_sheet

    book = xlsxwriter.Workbook(str(path), {
        "in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
        "strings_to_urls": False, "nan_inf_to_errors": True, "remove_timezone": True,
    })
    columns = [Col(header, fmt) for header, fmt in table.columns]
    _write_sheet(book, _Formats(book), table.title, columns, table.rows, None)
    book.set_properties({"title": table.title, "author": "Kaizen"})
    book.close()
