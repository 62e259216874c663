"""Collecting events into columns, a block at a time, shared by the CSV and XES readers.

Readers hand over blocks of raw text columns (case, activity, timestamp, resource, lifecycle);
each block is coded at C speed: ``dict.fromkeys`` finds the names not seen yet (the only Python
step per *distinct* name), ``map(dict.__getitem__)`` codes every value, and the timestamps are
parsed together (:func:`~kaizen.mining.timestamps.parse_block`). Memory holds the codes, never the
text of more than one block. :meth:`finish` turns the columns into an :class:`EventLog`,
refusing (or dropping, when asked) exact duplicate events.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from typing import Any, Literal, cast

import numpy as np

from kaizen.i18n import translate
from kaizen.mining.dedupe import duplicate_rows
from kaizen.mining.log import NO_CODE, Encoder, EventLog, LogFormatError
from kaizen.mining.timestamps import BadTimestamp, parse_block

Duplicates = Literal["error", "drop", "keep"]
BadStamp = Callable[[int, str], LogFormatError]  # (where, text) -> the error to raise
BLOCK = 65_536  # events a reader collects before handing them over


class LogBuilder:
    """Events in file order; ``where`` is each event's place for error messages (the CSV line,
    the XES event's number)."""

    def __init__(self, bad_stamp: BadStamp) -> None:
        self.bad_stamp = bad_stamp
        self.cases = Encoder()
        self.activities = Encoder()
        self.resources = Encoder()
        self.lifecycles = Encoder()
        self.case = array("i")
        self.activity = array("i")
        self.timestamp = array("q")
        self.resource = array("i")
        self.lifecycle = array("b")
        self.where = array("q")
        # Raw value -> code; no value (None or "") is NO_CODE.
        self._resource_codes: dict[str | None, int] = {None: NO_CODE, "": NO_CODE}
        self._lifecycle_codes: dict[str | None, int] = {None: NO_CODE, "": NO_CODE}

    def add_block(self, cases: Sequence[str], activities: Sequence[str], stamps: list[str],
                  resources: Sequence[str | None] | None,
                  lifecycles: Sequence[str | None] | None, where: Sequence[int]) -> None:
        """Equal-length columns of consecutive events (resources, lifecycles: None when the
        file has no such column)."""
        n = len(cases)
        if n == 0:
            return
        try:
            stamp_ns = parse_block(stamps)
        except BadTimestamp as bad:
            raise self.bad_stamp(where[bad.index], stamps[bad.index]) from None
        self.where.extend(where)
        self.case.extend(_coded(self.cases.codes, cases, self.cases.code))
        self.activity.extend(_coded(self.activities.codes, activities, self.activities.code))
        self.timestamp.frombytes(stamp_ns.tobytes())
        if resources is None:
            self.resource.extend(array("i", [NO_CODE]) * n)
        else:
            self.resource.extend(_coded(self._resource_codes, resources, self.resources.code))
        if lifecycles is None:
            self.lifecycle.extend(array("b", [NO_CODE]) * n)
        else:
            for raw in dict.fromkeys(lifecycles):
                # None is always in the codes (NO_CODE); the test only tells the checker.
                if raw is not None and raw not in self._lifecycle_codes:
                    self._lifecycle_codes[raw] = self._new_lifecycle(raw, where[0])
            self.lifecycle.extend(array("b", map(self._lifecycle_codes.__getitem__,
                                                 lifecycles)))

    def _new_lifecycle(self, lifecycle: str, where: int) -> int:
        code = self.lifecycles.code(lifecycle.lower())
        if code > 127:
            raise LogFormatError(translate(
                "mining.builder",
                "More than 128 different lifecycle transitions: is the lifecycle "
                "column the right one?"), "lifecycle", where)
        return code

    def finish(self, duplicates: Duplicates = "error", what: str = "line") -> EventLog:
        if not self.case:
            raise LogFormatError(translate("mining.builder", "The file holds no events."), "file")
        case = np.frombuffer(self.case, dtype=np.int32)
        activity = np.frombuffer(self.activity, dtype=np.int32)
        timestamp = np.frombuffer(self.timestamp, dtype=np.int64)
        resource = np.frombuffer(self.resource, dtype=np.int32)
        lifecycle = np.frombuffer(self.lifecycle, dtype=np.int8)
        # The engine's order, computed once: equal events can only be among rows with the same
        # case and timestamp, side by side in it, so only those rows are compared in full.
        order = np.lexsort((timestamp, case))
        if duplicates != "keep":
            repeats, firsts = _duplicates(order, case, activity, timestamp, resource, lifecycle)
            if len(repeats) and duplicates == "error":
                where = np.frombuffer(self.where, dtype=np.int64)
                i = int(np.argmin(where[repeats]))
                raise LogFormatError(
                    translate(
                        "mining.builder",
                        "{count} duplicate event(s): {what} {line} repeats {what} "
                        "{first} (same case, activity, timestamp, resource and "
                        "lifecycle). Remove the duplicates, then import again.").format(
                            count=len(repeats), what=_shown(what), line=where[repeats[i]],
                            first=where[firsts[i]]),
                    "events", int(where[repeats[i]]))
            if len(repeats):
                keep = np.ones(len(case), dtype=bool)
                keep[repeats] = False
                order = order[keep[order]]
        case, activity, timestamp = case[order], activity[order], timestamp[order]
        resource, lifecycle = resource[order], lifecycle[order]
        return EventLog.from_columns(
            case, activity, timestamp, resource, lifecycle, self.cases.names,
            self.activities.names, self.resources.names, self.lifecycles.names, presorted=True)


def _duplicates(order: np.ndarray, case: np.ndarray, activity: np.ndarray, timestamp: np.ndarray,
                resource: np.ndarray, lifecycle: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows repeating an earlier row exactly, and the rows they repeat (file-order indices)."""
    c, t = case[order], timestamp[order]
    tie = (c[1:] == c[:-1]) & (t[1:] == t[:-1])
    if not tie.any():
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    involved = np.zeros(len(order), dtype=bool)
    involved[1:] |= tie
    involved[:-1] |= tie
    rows = np.sort(order[involved])  # file order, so "earlier" keeps its meaning
    repeats, firsts = duplicate_rows(case[rows], activity[rows], timestamp[rows],
                                     resource[rows], lifecycle[rows])
    return rows[repeats], rows[firsts]


def _coded(codes: dict[Any, int], values: Sequence[str | None],
           new_code: Callable[[str], int]) -> array[int]:
    """The code of every value; names not seen before get the next codes, in first-seen order."""
    # codes: str -> code, or for an optional column str | None -> code with None (no value)
    # seeded, so new_code only ever sees a str; dict is invariant, hence Any for the key.
    for name in dict.fromkeys(values):
        if name not in codes:
            codes[name] = new_code(cast(str, name))
    return array("i", map(codes.__getitem__, values))


def _shown(what: str) -> str:
    """The word for a place in the file ("line" of a CSV, "event" of an XES log), translated."""
    return {"line": translate("mining.builder", "line"),
            "event": translate("mining.builder", "event")}.get(what, what)
