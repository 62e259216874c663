"""Reading an XES (or gzipped XES) event log as a stream.

``xml.etree.ElementTree.iterparse`` hands over each element when it closes; an event is read
and cleared at once and a trace's events are kept only until the trace closes (its case name may
come after them), so memory grows with the columns, not the XML. The XES standard
(IEEE 1849-2016) keys: ``concept:name`` (the case, and each event's activity),
``time:timestamp``, ``org:resource``, ``lifecycle:transition``.
"""

from __future__ import annotations

import gzip
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import IO

from kaizen.mining.builder import Duplicates, LogBuilder
from kaizen.mining.log import CancelCheck, Cancelled, EventLog, LogFormatError, Progress

PROGRESS_EVERY = 20_000  # events between two progress reports and Cancel checks


def read_xes(path: str | os.PathLike[str], *, progress: Progress | None = None,
             cancelled: CancelCheck | None = None,
             duplicates: Duplicates = "error") -> EventLog:
    """Read an ``.xes`` or ``.xes.gz`` file (gzip is recognised by its first bytes)."""
    path = Path(path)
    if not path.is_file():
        raise LogFormatError(f"No such file: {path}", "file")
    total = path.stat().st_size
    builder = LogBuilder(_bad_stamp)
    with open(path, "rb") as raw:
        counted = _CountingReader(raw)
        gzipped = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        stream: IO[bytes] = gzip.GzipFile(fileobj=counted) if gzipped else counted  # type: ignore[assignment]
        try:
            _parse(stream, builder, counted, total, progress, cancelled)
        except ET.ParseError as error:
            line = error.position[0]
            raise LogFormatError(f"The file is not well-formed XES (line {line}): {error}.",
                                 "file", line) from None
        except (OSError, EOFError) as error:
            raise LogFormatError(f"The file cannot be read: {error}.", "file") from None
    if cancelled is not None and cancelled():
        raise Cancelled()
    log = builder.finish(duplicates, "event")
    if progress is not None:
        progress(total, total)
    return log


def _local(tag: str) -> str:
    """The tag without its namespace (``{http://www.xes-standard.org/}event`` -> ``event``)."""
    return tag.rpartition("}")[2]


def _parse(stream: IO[bytes], builder: LogBuilder, counted: _CountingReader, total: int,
           progress: Progress | None, cancelled: CancelCheck | None) -> None:
    # Only "end" events: asking for "start" ones too costs a third more. A trace is recognised
    # when it closes; its events (already read and cleared) wait in ``pending`` until then.
    pending: list[tuple[str, str, str | None, str | None, int]] = []
    traces = 0
    events = 0
    add_case = builder.add_case
    checked_root = False
    for _kind, elem in ET.iterparse(stream, events=("end",)):
        tag = elem.tag
        if tag[0] == "{":
            tag = tag.rpartition("}")[2]
        if tag == "event":
            events += 1
            pending.append(_event(elem, traces + 1, events))
            elem.clear()
            if events % PROGRESS_EVERY == 0:
                if cancelled is not None and cancelled():
                    raise Cancelled()
                if progress is not None:
                    progress(counted.done, total)
        elif tag == "trace":
            traces += 1
            case_name = None
            for child in elem:
                if child.get("key") == "concept:name" and _local(child.tag) == "string":
                    case_name = child.get("value")
            if not case_name:
                raise LogFormatError(f"Trace {traces} has no case name (concept:name).", "case")
            if not pending:
                raise LogFormatError(f"Empty case: trace {traces} ('{case_name}') has no events.",
                                     "case")
            add_case(case_name, pending)
            pending = []
            # The emptied trace stays in the root as a bare element (no attributes, no
            # children): tens of bytes a case.
            elem.clear()
        elif tag == "log":
            checked_root = True
    if not checked_root:
        raise LogFormatError("This is not an XES log: it has no <log> element.", "file")


def _bad_stamp(number: int, text: str) -> LogFormatError:
    return LogFormatError(f"Event {number}: the timestamp '{text[:40]}' cannot be read.",
                          "timestamp")


def _event(elem: ET.Element, trace: int,
           number: int) -> tuple[str, str, str | None, str | None, int]:
    activity = stamp = resource = lifecycle = None
    for child in elem:
        key = child.get("key")
        if key == "concept:name":
            activity = child.get("value")
        elif key == "time:timestamp":
            stamp = child.get("value")
        elif key == "org:resource":
            resource = child.get("value")
        elif key == "lifecycle:transition":
            lifecycle = child.get("value")
    if not activity:
        raise LogFormatError(f"Event {number} (trace {trace}) has no activity (concept:name).",
                             "activity")
    if not stamp:
        raise LogFormatError(f"Event {number} (trace {trace}) has no timestamp "
                             "(time:timestamp).", "timestamp")
    return activity, stamp, resource, lifecycle, number


class _CountingReader:
    """A binary file that counts the bytes read (the progress figure)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.done = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.done += len(data)
        return data
