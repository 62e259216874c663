"""Collecting events one by one into columns, shared by the CSV and XES readers.

Readers append plain Python values (no numpy call per event); timestamps are kept as text and
converted a block at a time (:func:`~kaizen.mining.timestamps.parse_block`), so memory stays
bounded; :meth:`finish` turns the columns into an :class:`EventLog`, refusing (or dropping, when
asked) exact duplicate events.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from typing import Literal

import numpy as np

from kaizen.mining.dedupe import duplicate_rows
from kaizen.mining.log import NO_CODE, Encoder, EventLog, LogFormatError
from kaizen.mining.timestamps import BadTimestamp, parse_block

Duplicates = Literal["error", "drop", "keep"]
BadStamp = Callable[[int, str], LogFormatError]  # (where, text) -> the error to raise
STAMP_BLOCK = 65_536


class LogBuilder:
    """Events in file order; ``where`` names each event's place for error messages."""

    def __init__(self, bad_stamp: BadStamp) -> None:
        self.bad_stamp = bad_stamp
        self.stamps: list[str] = []
        self.cases = Encoder()
        self.activities = Encoder()
        self.resources = Encoder()
        self.lifecycles = Encoder()
        self.case = array("i")
        self.activity = array("i")
        self.timestamp = array("q")
        self.resource = array("i")
        self.lifecycle = array("b")
        self.where = array("q")  # the CSV line, or the XES event's number
        # Raw value -> code; no value (None or "") is NO_CODE.
        self._resource_codes: dict[str | None, int] = {None: NO_CODE, "": NO_CODE}
        self._lifecycle_codes: dict[str | None, int] = {None: NO_CODE, "": NO_CODE}

    def add(self, case: str, activity: str, stamp: str, resource: str | None,
            lifecycle: str | None, where: int) -> None:
        """One event (a CSV row)."""
        self.add_case(case, ((activity, stamp, resource, lifecycle, where),))

    def add_case(self, case: str,
                 events: Iterable[tuple[str, str, str | None, str | None, int]]) -> None:
        """Events of one case: (activity, timestamp text, resource, lifecycle, where) each.
        The hot loop of every reader, so the dictionaries are looked up directly."""
        case_code = self.cases.code(case)
        acts, res, life = self.activities.codes, self._resource_codes, self._lifecycle_codes
        for activity, stamp, resource, lifecycle, where in events:
            self.where.append(where)
            self.case.append(case_code)
            code = acts.get(activity)
            self.activity.append(self.activities.code(activity) if code is None else code)
            code = res.get(resource)
            if code is None:
                code = res[resource] = self.resources.code(resource)  # type: ignore[arg-type]
            self.resource.append(code)
            code = life.get(lifecycle)
            if code is None:
                code = life[lifecycle] = self._new_lifecycle(lifecycle, where)  # type: ignore[arg-type]
            self.lifecycle.append(code)
            self.stamps.append(stamp)
        if len(self.stamps) >= STAMP_BLOCK:
            self.flush_stamps()

    def _new_lifecycle(self, lifecycle: str, where: int) -> int:
        code = self.lifecycles.code(lifecycle.lower())
        if code > 127:
            raise LogFormatError("More than 128 different lifecycle transitions: is the "
                                 "lifecycle column the right one?", "lifecycle", where)
        return code

    def flush_stamps(self) -> None:
        try:
            self.timestamp.frombytes(parse_block(self.stamps).tobytes())
        except BadTimestamp as bad:
            row = len(self.timestamp) + bad.index  # rows before this block are converted
            raise self.bad_stamp(self.where[row], self.stamps[bad.index]) from None
        self.stamps = []

    def finish(self, duplicates: Duplicates = "error", what: str = "line") -> EventLog:
        self.flush_stamps()
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
