"""Reading CSV and XES: the column guess, the preview, offsets read as instants, gzipped XES,
progress and Cancel, and every kind of bad input refused with words (and the line)."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from kaizen.mining.csv_reader import guess_columns, preview, read_csv
from kaizen.mining.discovery import summary
from kaizen.mining.log import Cancelled, LogFormatError
from kaizen.mining.timestamps import parse_ns
from kaizen.mining.xes_reader import read_xes
from tests.mining.reference import LOGS

HEADER = "Case ID,Activity,Complete Timestamp,Resource\n"


def write(tmp_path: Path, text: str, name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_guess_prefers_xes_names_then_common_ones() -> None:
    header = ["", "concept:name", "org:resource", "time:timestamp", "Activity", "Resource",
              "Costs", "case:concept:name", "case:creator"]
    assert guess_columns(header) == {
        "case": "case:concept:name", "activity": "concept:name", "timestamp": "time:timestamp",
        "resource": "org:resource", "lifecycle": None}
    assert guess_columns(["Case ID", "Activity", "Complete Timestamp", "Resource"]) == {
        "case": "Case ID", "activity": "Activity", "timestamp": "Complete Timestamp",
        "resource": "Resource", "lifecycle": None}


def test_preview_shows_first_rows_and_guess() -> None:
    shown = preview(LOGS / "receipt.csv", rows=3)
    assert len(shown.rows) == 3
    assert shown.rows[0][shown.header.index("concept:name")] == "Confirmation of receipt"
    assert shown.guess["lifecycle"] == "lifecycle:transition"
    assert shown.delimiter == ","


def test_offsets_are_instants(tmp_path: Path) -> None:
    """13:00+02:00 is 11:00 UTC, before 12:30+00:00: the order and the gap follow the instant."""
    path = write(tmp_path, HEADER + "c1,B,2020-03-29 12:30:00+00:00,x\n"
                                    "c1,A,2020-03-29 13:00:00+02:00,x\n")
    result = summary(read_csv(path))
    assert result["dfg"] == [["A", "B", 1, 5400.0, 5400.0]]
    assert parse_ns("2020-01-01T00:00:00Z") == parse_ns("2020-01-01 01:00:00+01:00")


def test_semicolon_delimiter_and_explicit_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "ticket;step;when;who\nT1;open;2020-01-01 10:00;ann\n"
                           "T1;close;2020-01-01 11:00;bob\n")
    log = read_csv(path, {"case": "ticket", "activity": "step", "timestamp": "when",
                          "resource": "who"})
    assert summary(log)["dfg"] == [["open", "close", 1, 3600.0, 3600.0]]
    assert log.resource_names == ("ann", "bob")


def test_ties_keep_file_order(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "c1,B,2020-01-01 10:00,x\nc1,A,2020-01-01 10:00,x\n"
                                    "c1,C,2020-01-01 09:00,x\n")
    assert summary(read_csv(path))["top_variants"] == [[["C", "B", "A"], 1]]


def test_missing_column_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "Case ID,Activity,Resource\nc1,A,x\n")
    with pytest.raises(LogFormatError) as error:
        read_csv(path)
    assert error.value.field == "timestamp"
    assert "Missing column" in error.value.message and "--timestamp" in error.value.message


def test_named_column_not_in_file(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "c1,A,2020-01-01 10:00,x\n")
    with pytest.raises(LogFormatError) as error:
        read_csv(path, {"case": "Ticket"})
    assert error.value.field == "case" and "'Ticket'" in error.value.message


def test_unparsable_timestamp_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "c1,A,2020-01-01 10:00,x\nc1,B,yesterday,x\n")
    with pytest.raises(LogFormatError) as error:
        read_csv(path)
    assert error.value.line == 3 and error.value.field == "timestamp"
    assert "Line 3" in error.value.message and "'yesterday'" in error.value.message


def test_empty_case_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "c1,A,2020-01-01 10:00,x\n,B,2020-01-01 11:00,x\n")
    with pytest.raises(LogFormatError) as error:
        read_csv(path)
    assert error.value.line == 3 and error.value.field == "case"


def test_duplicate_events_are_refused_or_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "c1,A,2020-01-01 10:00,x\nc1,B,2020-01-01 11:00,x\n"
                                    "c1,A,2020-01-01 10:00,x\n")
    with pytest.raises(LogFormatError) as error:
        read_csv(path)
    assert error.value.line == 4 and "line 4 repeats line 2" in error.value.message
    assert read_csv(path, duplicates="drop").events == 2
    assert read_csv(path, duplicates="keep").events == 3


def test_short_row_and_empty_file(tmp_path: Path) -> None:
    with pytest.raises(LogFormatError) as error:
        read_csv(write(tmp_path, HEADER + "c1,A\n"))
    assert error.value.line == 2
    with pytest.raises(LogFormatError, match="empty"):
        read_csv(write(tmp_path, "", "empty.csv"))
    with pytest.raises(LogFormatError, match="no events"):
        read_csv(write(tmp_path, HEADER, "header.csv"))


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(HEADER.encode() + "c1,Prüfung,2020-01-01 10:00,x\n".encode("latin-1"))
    with pytest.raises(LogFormatError, match="UTF-8"):
        read_csv(path)


def test_gzipped_xes_equals_plain(tmp_path: Path) -> None:
    packed = tmp_path / "reviewing.xes.gz"
    with open(LOGS / "reviewing.xes", "rb") as src, gzip.open(packed, "wb") as dst:
        shutil.copyfileobj(src, dst)
    assert summary(read_xes(packed)) == summary(read_xes(LOGS / "reviewing.xes"))


def test_progress_reaches_the_end_and_cancel_stops(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    read_xes(LOGS / "reviewing.xes", progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] == (LOGS / "reviewing.xes").stat().st_size
    with pytest.raises(Cancelled):
        read_xes(LOGS / "reviewing.xes", cancelled=lambda: True)
    with pytest.raises(Cancelled):
        read_csv(LOGS / "receipt.csv", cancelled=lambda: True)


XES_HEAD = "<?xml version='1.0'?><log xmlns='http://www.xes-standard.org/'>"


def xes_event(name: str | None, stamp: str | None) -> str:
    parts = [f'<string key="concept:name" value="{name}"/>' if name else "",
             f'<date key="time:timestamp" value="{stamp}"/>' if stamp else ""]
    return "<event>" + "".join(parts) + "</event>"


def test_xes_with_namespace_and_case_name_after_events(tmp_path: Path) -> None:
    path = write(tmp_path, XES_HEAD + "<trace>" + xes_event("A", "2020-01-01T10:00:00+01:00")
                 + xes_event("B", "2020-01-01T10:30:00+01:00")
                 + '<string key="concept:name" value="t1"/></trace></log>', "ns.xes")
    log = read_xes(path)
    assert log.case_names == ("t1",)
    assert summary(log)["dfg"] == [["A", "B", 1, 1800.0, 1800.0]]


@pytest.mark.parametrize(("body", "field", "words"), [
    ('<trace><string key="concept:name" value="t1"/></trace>', "case", "Empty case"),
    ("<trace>" + xes_event("A", "2020-01-01T10:00:00") + "</trace>", "case", "no case name"),
    ('<trace><string key="concept:name" value="t1"/>' + xes_event("A", "soon") + "</trace>",
     "timestamp", "'soon'"),
    ('<trace><string key="concept:name" value="t1"/>' + xes_event("A", None) + "</trace>",
     "timestamp", "no timestamp"),
    ('<trace><string key="concept:name" value="t1"/>' + xes_event(None, "2020-01-01T10:00:00")
     + "</trace>", "activity", "no activity"),
])
def test_bad_xes_gets_words(tmp_path: Path, body: str, field: str, words: str) -> None:
    with pytest.raises(LogFormatError) as error:
        read_xes(write(tmp_path, XES_HEAD + body + "</log>", "bad.xes"))
    assert error.value.field == field and words in error.value.message


def test_broken_xml_and_not_xes(tmp_path: Path) -> None:
    with pytest.raises(LogFormatError, match="line 2"):
        read_xes(write(tmp_path, XES_HEAD + "\n<trace><event></trace></log>", "broken.xes"))
    with pytest.raises(LogFormatError, match="not an XES log"):
        read_xes(write(tmp_path, "<html></html>", "page.xes"))
    with pytest.raises(LogFormatError, match="No such file"):
        read_xes(tmp_path / "absent.xes")


def test_xes_duplicate_events(tmp_path: Path) -> None:
    body = ('<trace><string key="concept:name" value="t1"/>'
            + xes_event("A", "2020-01-01T10:00:00") * 2 + "</trace>")
    with pytest.raises(LogFormatError, match="event 2 repeats event 1"):
        read_xes(write(tmp_path, XES_HEAD + body + "</log>", "dup.xes"))


def test_duplicates_among_simultaneous_events(tmp_path: Path) -> None:
    """Events at the same instant are not duplicates unless every column is equal, wherever they
    sit among the case's simultaneous events."""
    same_time = HEADER + "c1,A,2020-01-01 10:00,x\nc1,B,2020-01-01 10:00,x\n"
    assert read_csv(write(tmp_path, same_time)).events == 2
    repeated = same_time + "c2,A,2020-01-01 10:00,x\nc1,A,2020-01-01 10:00,x\n"
    with pytest.raises(LogFormatError, match="line 5 repeats line 2"):
        read_csv(write(tmp_path, repeated, "again.csv"))
    assert read_csv(write(tmp_path, repeated, "again.csv"), duplicates="drop").events == 3


def test_line_numbers_count_line_breaks_inside_quotes(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + 'c1,"A\nsecond line",2020-01-01 10:00,x\n\n'
                                    "c1,B,later,x\n")
    with pytest.raises(LogFormatError) as error:
        read_csv(path)
    assert error.value.line == 5 and "Line 5" in error.value.message
