"""Pasted columns and CSV files of measurements: what is read, what is refused and how it is said,
and the all-or-nothing import into a metric."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdca_factories import World, make_world, row_counts
from sqlalchemy import select

from kaizen.db.engine import Database
from kaizen.db.models import AuditEvent, Measurement
from kaizen.domain.enums import MeasurementPhase, MetricDirection
from kaizen.domain.errors import NotFound, PermissionDenied, ValidationError
from kaizen.services.measurement_import import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    ParsedRow,
    RejectedLine,
    parse_measurement_csv,
    parse_pasted_values,
)
from kaizen.services.measurements import MeasurementService

BEFORE, AFTER = MeasurementPhase.BEFORE, MeasurementPhase.AFTER


def _refused(fn: Any, *args: Any) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        fn(*args)
    return caught.value


# --- pasted column -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "values"), [
    ("12.5\n13\n14.25", [12.5, 13.0, 14.25]),
    ("12,5\n13\n14,25", [12.5, 13.0, 14.25]),
    ("1,234.5\n2,000\n17.25", [1234.5, 2000.0, 17.25]),  # thousands commas, decimal point
    ("1.234,5\n2.000\n17,25", [1234.5, 2000.0, 17.25]),  # thousands points, decimal comma
    ("1 234,5\n1\u00a0000,25", [1234.5, 1000.25]),  # spaces and no-break spaces group
    ("1'234.5\n-0.5\n+3", [1234.5, -0.5, 3.0]),
    ("0,125\n0,250", [0.125, 0.25]),  # a leading zero shows a decimal comma
    ("1,250\n2,500", [1250.0, 2500.0]),  # says nothing: read with a decimal point
    ("1.234.567", [1234567.0]),  # repeated points group thousands
    ("1.5e3\n2E-2", [1500.0, 0.02]),
    (".5\n5.", [0.5, 5.0]),
])
def test_numbers_as_spreadsheets_show_them(text: str, values: list[float]) -> None:
    parsed = parse_pasted_values(text)
    assert parsed.values == pytest.approx(values)
    assert parsed.rejected_lines == []


def test_blank_lines_ignored_header_skipped_the_rest_reported_by_line() -> None:
    text = "Cycle time (s)\r\n12.5\r\n\r\n   \r\n13.0\r\nabout 14\r\n15 s\r\n1\t2\r\n16\r\n"
    parsed = parse_pasted_values(text)
    assert parsed.header == "Cycle time (s)"
    assert parsed.values == [12.5, 13.0, 16.0]
    assert [(r.line, r.text) for r in parsed.rejected_lines] == [
        (6, "about 14"), (7, "15 s"), (8, "1\t2"),
    ]
    assert "single column" in parsed.rejected_lines[2].reason


def test_a_number_in_the_other_convention_is_reported_not_taken_for_a_header() -> None:
    parsed = parse_pasted_values("1,5\n12.25\n3.5")
    # Two numbers show a decimal point; "1,5" is then not a number of this column.
    assert parsed.values == [12.25, 3.5]
    assert parsed.header is None
    assert parsed.rejected_lines == [RejectedLine(1, "1,5", parsed.rejected_lines[0].reason)]
    assert "1234.5" in parsed.rejected_lines[0].reason


def test_broken_thousands_groups_are_refused() -> None:
    parsed = parse_pasted_values("1,234.5\n12,34.5\n1,2345.0")
    assert parsed.values == [1234.5]
    assert [r.line for r in parsed.rejected_lines] == [2, 3]


@pytest.mark.parametrize("text", ["", "\n \n", "Cycle time", "n/a\nabc"])
def test_nothing_to_read_is_refused(text: str) -> None:
    assert _refused(parse_pasted_values, text).field == "values"


def test_paste_refusals_name_the_values_field() -> None:
    assert _refused(parse_pasted_values, None).field == "values"
    assert _refused(parse_pasted_values, "1\n" * (MAX_ROWS + 1)).field == "values"
    assert _refused(parse_pasted_values, "1" * (MAX_FILE_BYTES + 1)).field == "values"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_pasted_text_gives_values_or_a_validation_error(text: str) -> None:
    try:
        parsed = parse_pasted_values(text)
    except ValidationError as error:
        assert error.field == "values"
    else:
        assert parsed.values
        assert all(isinstance(v, float) for v in parsed.values)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), min_size=1,
                max_size=20))
def test_numbers_written_either_way_read_back(numbers: list[float]) -> None:
    rounded = [round(n, 2) for n in numbers]
    english = "\n".join(f"{n:,.2f}" for n in rounded)
    german = english.replace(",", "_").replace(".", ",").replace("_", ".")
    assert parse_pasted_values(english).values == pytest.approx(rounded)
    assert parse_pasted_values(german).values == pytest.approx(rounded)


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_with_header_commas_and_times() -> None:
    rows = parse_measurement_csv(
        "phase,value,measured_at\n"
        "before,12.5,2026-03-02\n"
        "Before,\"1,234.5\",2026-03-02T14:05\n"
        "AFTER,11,\n"
    )
    assert rows == [
        ParsedRow(BEFORE, 12.5, datetime(2026, 3, 2)),
        ParsedRow(BEFORE, 1234.5, datetime(2026, 3, 2, 14, 5)),
        ParsedRow(AFTER, 11.0, None),
    ]


def test_csv_with_semicolons_decimal_commas_and_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "samples.csv"
    path.write_bytes("\ufeffphase;value;measured_at\r\nbefore;12,5;2026-03-02 08:00\r\n"
                     "after;1.011,25;\r\n".encode())
    assert parse_measurement_csv(path) == [
        ParsedRow(BEFORE, 12.5, datetime(2026, 3, 2, 8)),
        ParsedRow(AFTER, 1011.25, None),
    ]


def test_csv_columns_in_any_order_and_without_header() -> None:
    assert parse_measurement_csv("value;phase\n3,5;after\n") == [ParsedRow(AFTER, 3.5, None)]
    assert parse_measurement_csv(b"before,4\nafter,5,2026-01-31\n") == [
        ParsedRow(BEFORE, 4.0, None), ParsedRow(AFTER, 5.0, datetime(2026, 1, 31)),
    ]


def test_csv_times_with_a_zone_become_local_wall_clock() -> None:
    rows = parse_measurement_csv("before,1,2026-03-02T14:05:00+00:00\n")
    expected = datetime.fromisoformat("2026-03-02T14:05:00+00:00").astimezone()
    assert rows[0].measured_at == expected.replace(tzinfo=None)


def test_csv_errors_name_the_line_and_the_column() -> None:
    error = _refused(parse_measurement_csv,
                     "phase,value,measured_at\n"
                     "before,1,\n"
                     "during,2,\n"
                     "after,two,\n"
                     "after,3,31/01/2026\n"
                     "after\n")
    assert error.field == "file"
    assert "Line 3, column phase: 'during'" in error.message
    assert "Line 4, column value: 'two'" in error.message
    assert "Line 5, column measured_at: '31/01/2026'" in error.message
    assert "Line 6: expected 3 columns" in error.message


@pytest.mark.parametrize(("source", "words"), [
    ("", "empty"),
    ("phase,value\n", "no measurements"),
    ("phase,amount\nbefore,1\n", "Line 1, column 2: unknown column 'amount'"),
    ("phase,phase\nbefore,after\n", "named twice"),
    ("phase,measured_at\nbefore,2026-01-01\n", "no value column"),
    ('before,"1\n', "not valid CSV"),
    # Not UTF-8: read as Windows' cp1252 (European spreadsheets), so the cell is named.
    (b"before,1\nafter,\xe9\n", "Line 2, column value: '\xe9' is not a number"),
    (b"\xff\xfeb\x00\xd8", "not valid UTF-16"),
    (b"before,1\x00\n", "binary"),
    (12, "Pick a CSV file"),
])
def test_csv_refusals(source: Any, words: str) -> None:
    error = _refused(parse_measurement_csv, source)
    assert error.field == "file"
    assert words in error.message


def test_csv_size_cap(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    line = b"before,1.0\n"
    with big.open("wb") as handle:
        handle.write(line * (MAX_FILE_BYTES // len(line) + 1))
    error = _refused(parse_measurement_csv, big)
    assert "MB" in error.message and error.field == "file"
    missing = _refused(parse_measurement_csv, tmp_path / "nowhere.csv")
    assert missing.field == "file"


def test_csv_row_cap() -> None:
    error = _refused(parse_measurement_csv, "before,1\n" * (MAX_ROWS + 2))
    assert "100,000" in error.message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_file_gives_rows_or_a_validation_error(data: bytes) -> None:
    try:
        rows = parse_measurement_csv(data)
    except ValidationError as error:
        assert error.field == "file"
    else:
        assert all(isinstance(row, ParsedRow) for row in rows)


# --- import_rows -------------------------------------------------------------------------------


@pytest.fixture
def world(db: Database, clock: Any) -> World:
    return make_world(db, clock())


@pytest.fixture
def svc(db: Database, clock: Any) -> MeasurementService:
    return MeasurementService(db, clock)


@pytest.fixture
def metric_id(svc: MeasurementService, world: World) -> int:
    return svc.add_metric(world.supervisor_id, world.suggestion_id, name="Cycle time", unit="s",
                          direction=MetricDirection.LOWER_IS_BETTER).id


def test_import_rows_stores_a_file_and_counts_per_phase(
    svc: MeasurementService, world: World, metric_id: int, db: Database, clock: Any,
) -> None:
    rows = parse_measurement_csv(
        "phase;value;measured_at\nbefore;12,5;2026-03-02\nbefore;13;\nafter;10,25;2026-04-01\n"
    )
    assert svc.import_rows(world.supervisor_id, metric_id, rows) == {BEFORE: 2, AFTER: 1}
    assert svc.values(metric_id, BEFORE) == [12.5, 13.0]
    assert svc.values(metric_id, AFTER) == [10.25]
    with db.read() as s:
        stored = s.execute(select(Measurement.value, Measurement.measured_at,
                                  Measurement.person_id).order_by(Measurement.id)).all()
        event_ = s.execute(select(AuditEvent.entity_id, AuditEvent.after).where(
            AuditEvent.action == "import_measurements")).one()
    # A row without a time gets the clock's.
    assert stored[1] == (13.0, clock(), world.supervisor_id)
    assert stored[0][1] == datetime(2026, 3, 2)
    assert event_.entity_id == metric_id
    assert event_.after == {"count": 3, "before": 2, "after": 1}


def test_import_rows_is_all_or_nothing(svc: MeasurementService, world: World,
                                       metric_id: int, db: Database) -> None:
    counts = row_counts(db)
    rows = [ParsedRow(BEFORE, 1.0, None), ParsedRow(AFTER, float("nan"), None)]
    error = _refused(svc.import_rows, world.supervisor_id, metric_id, rows)
    assert error.field == "file" and "Row 2" in error.message
    bad_phase = [ParsedRow(BEFORE, 1.0, None), ParsedRow("sideways", 2.0, None)]  # type: ignore[arg-type]
    assert _refused(svc.import_rows, world.supervisor_id, metric_id, bad_phase).field == "file"
    bad_time = [ParsedRow(BEFORE, 1.0, "yesterday")]  # type: ignore[arg-type]
    assert _refused(svc.import_rows, world.supervisor_id, metric_id, bad_time).field == "file"
    assert _refused(svc.import_rows, world.supervisor_id, metric_id, []).field == "file"
    assert _refused(svc.import_rows, world.supervisor_id, metric_id, "before,1").field == "file"
    assert row_counts(db) == counts


def test_import_rows_needs_a_supervisor_and_a_metric(svc: MeasurementService, world: World,
                                                     metric_id: int, db: Database) -> None:
    counts = row_counts(db)
    rows = [ParsedRow(BEFORE, 1.0, None)]
    with pytest.raises(PermissionDenied):
        svc.import_rows(world.staff_id, metric_id, rows)
    with pytest.raises(NotFound):
        svc.import_rows(world.supervisor_id, 99_999, rows)
    assert row_counts(db) == counts


def test_import_rows_takes_a_large_file_in_one_go(svc: MeasurementService, world: World,
                                                  metric_id: int) -> None:
    text = "phase,value\n" + "".join(
        f"{'before' if i % 2 else 'after'},{i * 0.5}\n" for i in range(20_000)
    )
    counts = svc.import_rows(world.supervisor_id, metric_id, parse_measurement_csv(text))
    assert counts == {BEFORE: 10_000, AFTER: 10_000}
    assert len(svc.values(metric_id, AFTER)) == 10_000
