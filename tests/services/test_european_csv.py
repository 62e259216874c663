"""Issue 14: a CSV file as a European spreadsheet saves it (";" between fields, decimal commas,
day-first dotted dates, no header, cp1252 or UTF-8) imports as it is; what cannot be read says
exactly what to change.

Sources: RFC 4180 (CSV; the separator is the comma, which locales with a decimal comma replace
by ";": Microsoft's "Change the field separator" help for Excel's CSV export uses the list
separator of the region's settings), and Microsoft's Windows-1252 code page table (Excel's
plain "CSV" on Western European Windows).
"""

from __future__ import annotations

from datetime import datetime

import pytest

from kaizen.domain.enums import MeasurementPhase, MetricDirection
from kaizen.domain.errors import ValidationError
from kaizen.services import Services
from kaizen.services.measurement_import import ParsedRow, parse_measurement_csv
from kaizen.services.suggestions import SuggestionInput
from services.factories import make_site

BEFORE, AFTER = MeasurementPhase.BEFORE, MeasurementPhase.AFTER


@pytest.mark.parametrize(("source", "rows"), [
    ("before;12,5\nbefore;13,25\nafter;9,75\n",
     [ParsedRow(BEFORE, 12.5, None), ParsedRow(BEFORE, 13.25, None),
      ParsedRow(AFTER, 9.75, None)]),
    ("Before;1.234,5;31.03.2026\r\nAFTER;1.100,25;01.04.2026 14:05\r\n",
     [ParsedRow(BEFORE, 1234.5, datetime(2026, 3, 31)),
      ParsedRow(AFTER, 1100.25, datetime(2026, 4, 1, 14, 5))]),
    # Every comma followed by three digits proves nothing; in a ";" file the comma is decimal.
    ("before;1,250\nafter;2,500\n", [ParsedRow(BEFORE, 1.25, None), ParsedRow(AFTER, 2.5, None)]),
    ("before;12,5\n".encode("cp1252"), [ParsedRow(BEFORE, 12.5, None)]),
    ("\ufeffbefore;12,5\nafter;9\n".encode(), [ParsedRow(BEFORE, 12.5, None),
                                               ParsedRow(AFTER, 9.0, None)]),
    ("before\t12,5\nafter\t9,5\n", [ParsedRow(BEFORE, 12.5, None), ParsedRow(AFTER, 9.5, None)]),
    # The comma-separated files read as before.
    ("before,1,250\nafter,2,500\n", None),
    ("before,1250\nafter,2.5\n", [ParsedRow(BEFORE, 1250.0, None), ParsedRow(AFTER, 2.5, None)]),
])
def test_a_european_spreadsheet_file_imports_as_it_is(source, rows):
    if rows is None:  # "before,1,250" has three fields: a refusal naming the count
        with pytest.raises(ValidationError, match="expected 3 columns|not a date"):
            parse_measurement_csv(source)
        return
    assert parse_measurement_csv(source) == rows


def test_the_rows_are_stored_through_the_service(db, clock):
    site = make_site(db, clock)
    services = Services.create(db, clock)
    idea = services.suggestions.create(site.staff_id, SuggestionInput(
        title="Scrap", problem="", proposal="", area_id=site.line_id)).id
    metric = services.measurements.add_metric(site.supervisor_id, idea, name="Scrap", unit="%",
                                              direction=MetricDirection.LOWER_IS_BETTER).id
    rows = parse_measurement_csv("before;12,5;31.10.2026\nafter;9,75;01.11.2026 08:00\n")
    assert services.measurements.import_rows(site.supervisor_id, metric, rows) == {
        BEFORE: 1, AFTER: 1}
    assert services.measurements.values(metric, BEFORE) == [12.5]
    assert services.measurements.values(metric, AFTER) == [9.75]


@pytest.mark.parametrize(("source", "words"), [
    # A header in the spreadsheet's own words: which name is unknown, and the two ways out.
    ("Phase;Messwert\nbefore;12,5\n",
     "unknown column 'Messwert'; the columns are phase, value and optionally measured_at: "
     "name them so in the first line, or leave the header out and keep that order."),
    # No header, a phase in another language: the cell is named, not taken for a header.
    ("vorher;12,5\nnachher;9,5\n", "Line 1, column phase: 'vorher' is not before or after."),
    ("before;12,5;2026/03/31\n", "(2026-03-31, 2026-03-31 14:05 or 31.03.2026 14:05)"),
    ("before;12,5;31.02.2026\n", "Line 1, column measured_at: '31.02.2026' is not a date"),
])
def test_what_cannot_be_read_says_exactly_what_to_change(source, words):
    with pytest.raises(ValidationError) as caught:
        parse_measurement_csv(source)
    assert caught.value.field == "file"
    assert words in caught.value.message
