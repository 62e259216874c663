"""Collecting events one by one into columns, shared by the CSV and XES readers.

Readers append plain Python ints (fast, no numpy call per event), then :meth:`finish` turns the
lists into an :class:`EventLog`, refusing (or dropping, when asked) exact duplicate events.
"""

from __future__ import annotations

from array import array
from typing import Literal

import numpy as np

from kaizen.mining.dedupe import duplicate_rows
from kaizen.mining.log import NO_CODE, Encoder, EventLog, LogFormatError

Duplicates = Literal["error", "drop", "keep"]


class LogBuilder:
    """Events in file order; ``where`` names each event's place for error messages."""

    def __init__(self) -> None:
        self.cases = Encoder()
        self.activities = Encoder()
        self.resources = Encoder()
        self.lifecycles = Encoder()
        self.case = array("i")
        self.activity = array("i")
        self.timestamp = array("q")
        self.resource = array("i")
        self.lifecycle = array("b")
        self.where = array("q")  # the CSV line, or the XES event's line

    def add(self, case: str, activity: str, ns: int, resource: str | None,
            lifecycle: str | None, where: int) -> None:
        self.case.append(self.cases.code(case))
        self.activity.append(self.activities.code(activity))
        self.timestamp.append(ns)
        self.resource.append(self.resources.code(resource) if resource else NO_CODE)
        if lifecycle:
            code = self.lifecycles.code(lifecycle.lower())
            if code > 127:
                raise LogFormatError("More than 128 different lifecycle transitions: is the "
                                     "lifecycle column the right one?", "lifecycle", where)
            self.lifecycle.append(code)
        else:
            self.lifecycle.append(NO_CODE)
        self.where.append(where)

    def finish(self, duplicates: Duplicates = "error", what: str = "line") -> EventLog:
        if not self.case:
            raise LogFormatError("The file holds no events.", "file")
        case = np.frombuffer(self.case, dtype=np.int32)
        activity = np.frombuffer(self.activity, dtype=np.int32)
        timestamp = np.frombuffer(self.timestamp, dtype=np.int64)
        resource = np.frombuffer(self.resource, dtype=np.int32)
        lifecycle = np.frombuffer(self.lifecycle, dtype=np.int8)
        if duplicates != "keep":
            repeats, firsts = duplicate_rows(case, activity, timestamp, resource, lifecycle)
            if len(repeats) and duplicates == "error":
                where = np.frombuffer(self.where, dtype=np.int64)
                i = int(np.argmin(where[repeats]))
                raise LogFormatError(
                    f"{len(repeats)} duplicate event(s): {what} {where[repeats[i]]} repeats "
                    f"{what} {where[firsts[i]]} (same case, activity, timestamp, resource and "
                    "lifecycle). Remove the duplicates, or import dropping them.",
                    "events", int(where[repeats[i]]))
            if len(repeats):
                keep = np.ones(len(case), dtype=bool)
                keep[repeats] = False
                case, activity, timestamp = case[keep], activity[keep], timestamp[keep]
                resource, lifecycle = resource[keep], lifecycle[keep]
        return EventLog.from_columns(
            case, activity, timestamp, resource, lifecycle, self.cases.names,
            self.activities.names, self.resources.names, self.lifecycles.names)
