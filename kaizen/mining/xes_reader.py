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

from kaizen.i18n import translate
from kaizen.mining.builder import BLOCK, Duplicates, LogBuilder
from kaizen.mining.log import CancelCheck, Cancelled, EventLog, LogFormatError, Progress


def read_xes(path: str | os.PathLike[str], *, progress: Progress | None = None,
             cancelled: CancelCheck | None = None,
             duplicates: Duplicates = "error") -> EventLog:
    """Read an ``.xes`` or ``.xes.gz`` file (gzip is recognised by its first bytes)."""
    path = Path(path)
    if not path.is_file():
        raise LogFormatError(translate(
            "mining.xes_reader", "No such file: {path}").format(path=path), "file")
    total = path.stat().st_size
    builder = LogBuilder(_bad_stamp)
    with open(path, "rb") as raw:
        counted = _CountingReader(raw)
        gzipped = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        stream: gzip.GzipFile | _CountingReader = (gzip.GzipFile(fileobj=counted) if gzipped
                                                    else counted)
        try:
            _parse(stream, builder, counted, total, progress, cancelled)
        except ET.ParseError as error:
            line = error.position[0]
            raise LogFormatError(translate(
                "mining.xes_reader",
                "The file is not well-formed XES (line {line}): {error}.").format(
                    line=line, error=error),
                                 "file", line) from None
        except (OSError, EOFError) as error:
            raise LogFormatError(translate(
                "mining.xes_reader", "The file cannot be read: {error}.").format(
                    error=error), "file") from None
    if cancelled is not None and cancelled():
        raise Cancelled()
    log = builder.finish(duplicates, "event")
    if progress is not None:
        progress(total, total)
    return log


def _local(tag: str) -> str:
    """The tag without its namespace (``{http://www.xes-standard.org/}event`` -> ``event``)."""
    return tag.rpartition("}")[2]


def _parse(stream: gzip.GzipFile | _CountingReader, builder: LogBuilder,
           counted: _CountingReader, total: int, progress: Progress | None,
           cancelled: CancelCheck | None) -> None:
    # Only "end" events: asking for "start" ones too costs a third more. A trace is recognised
    # when it closes; its events (already read and cleared) wait in the block until then.
    block = _Block()
    trace_first = 0      # where the open trace's events start in the block
    traces = 0
    events = 0
    seen_log = False
    local: dict[str, str] = {}  # full tag -> local name, worked out once per distinct tag
    for _kind, elem in ET.iterparse(stream, events=("end",)):
        tag = local.get(elem.tag)
        if tag is None:
            tag = local[elem.tag] = _local(elem.tag)
        if tag == "event":
            events += 1
            block.add_event(elem, traces + 1, events)
            elem.clear()
        elif tag == "trace":
            traces += 1
            case_name = None
            for child in elem:
                if child.get("key") == "concept:name" and _local(child.tag) == "string":
                    case_name = child.get("value")
            if not case_name:
                raise LogFormatError(translate(
                    "mining.xes_reader", "Trace {traces} has no case name (concept:name).").format(
                        traces=traces), "case")
            if len(block.activities) == trace_first:
                raise LogFormatError(translate(
                    "mining.xes_reader",
                    "Empty case: trace {traces} ('{case_name}') has no events.").format(
                        traces=traces, case_name=case_name),
                                     "case")
            block.cases.extend([case_name] * (len(block.activities) - trace_first))
            # The emptied trace stays in the root as a bare element (no attributes, no
            # children): tens of bytes a case.
            elem.clear()
            if len(block.cases) >= BLOCK:
                block.hand_over(builder)
                block = _Block()
                if cancelled is not None and cancelled():
                    raise Cancelled()
                if progress is not None:
                    progress(counted.done, total)
            trace_first = len(block.activities)
        elif tag == "log":
            seen_log = True
    if not seen_log:
        raise LogFormatError(translate(
            "mining.xes_reader", "This is not an XES log: it has no <log> element."), "file")
    block.hand_over(builder)


class _Block:
    """Events of whole traces, as text columns, until handed to the builder."""

    def __init__(self) -> None:
        self.cases: list[str] = []
        self.activities: list[str] = []
        self.stamps: list[str] = []
        self.resources: list[str | None] = []
        self.lifecycles: list[str | None] = []
        self.where: list[int] = []

    def add_event(self, elem: ET.Element, trace: int, number: int) -> None:
        activity = stamp = resource = lifecycle = None
        for child in elem:
            attrib = child.attrib
            key = attrib.get("key")
            if key == "concept:name":
                activity = attrib.get("value")
            elif key == "time:timestamp":
                stamp = attrib.get("value")
            elif key == "org:resource":
                resource = attrib.get("value")
            elif key == "lifecycle:transition":
                lifecycle = attrib.get("value")
        if not activity:
            raise LogFormatError(translate(
                "mining.xes_reader",
                "Event {number} (trace {trace}) has no activity (concept:name).").format(
                    number=number, trace=trace), "activity")
        if not stamp:
            raise LogFormatError(translate(
                "mining.xes_reader",
                "Event {number} (trace {trace}) has no timestamp (time:timestamp).").format(
                    number=number, trace=trace), "timestamp")
        self.activities.append(activity)
        self.stamps.append(stamp)
        self.resources.append(resource)
        self.lifecycles.append(lifecycle)
        self.where.append(number)

    def hand_over(self, builder: LogBuilder) -> None:
        builder.add_block(self.cases, self.activities, self.stamps, self.resources,
                          self.lifecycles, self.where)


def _bad_stamp(number: int, text: str) -> LogFormatError:
    return LogFormatError(translate(
        "mining.xes_reader", "Event {number}: the timestamp '{text}' cannot be read.").format(
            number=number, text=text[:40]),
                          "timestamp")


class _CountingReader:
    """A binary file that counts the bytes read (the progress figure)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.done = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.done += len(data)
        return data

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        # GzipFile asks for it (a rewind); the count stays the position in the raw file.
        self.done = self.raw.seek(offset, whence)
        return self.done
