"""The event log as integer-coded columns, and the errors a reader or filter raises.

Every event is one row of five parallel numpy arrays: the case code, the activity code, the
timestamp (int64 nanoseconds since the epoch, UTC), the resource code and the lifecycle code
(-1 where the log has none). The codes index the name tuples beside them. Rows are kept ordered
by case code, then timestamp, ties in file order (a stable sort), which is the order every
discovery step reads them in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from kaizen.domain.errors import KaizenError, ValidationError
from kaizen.i18n import translate

# How a reader reports its progress (work done, total work; bytes of the file) and asks whether
# the user pressed Cancel. Both are called from the reading thread.
Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]

NO_CODE = -1  # a missing resource or lifecycle


class LogFormatError(ValidationError):
    """The file cannot be read as an event log; ``field`` names the column (or ``file``) and
    ``line`` the line of the file (1-based, counting the header) where the fault is."""

    def __init__(self, message: str, field: str | None = "file", line: int | None = None) -> None:
        super().__init__(message, field)
        self.line = line


class Cancelled(KaizenError):
    """The user cancelled reading the file; nothing was kept."""

    def __init__(self) -> None:
        super().__init__(translate("mining.log", "Import cancelled: nothing was imported."))


class Encoder:
    """Gives each distinct name the next integer code, in first-seen order."""

    __slots__ = ("codes", "names")

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}
        self.names: list[str] = []

    def code(self, name: str) -> int:
        found = self.codes.get(name)
        if found is None:
            found = self.codes[name] = len(self.names)
            self.names.append(name)
        return found


@dataclass(frozen=True, eq=False)
class EventLog:
    """An event log in columns. Build one with :meth:`from_columns` (which sorts the rows)."""

    case: np.ndarray        # int32 codes into case_names
    activity: np.ndarray    # int32 codes into activity_names
    timestamp: np.ndarray   # int64 ns since 1970-01-01 UTC
    resource: np.ndarray    # int32 codes into resource_names, NO_CODE where none
    lifecycle: np.ndarray   # int8 codes into lifecycle_names, NO_CODE where none
    case_names: tuple[str, ...]
    activity_names: tuple[str, ...]
    resource_names: tuple[str, ...] = ()
    lifecycle_names: tuple[str, ...] = ()
    # Where each case's rows start (len = cases + 1), computed once: rows are sorted by case.
    # Set by from_columns and take, the only ways a log is made (so not a constructor argument).
    _bounds: np.ndarray = field(init=False, repr=False)

    @classmethod
    def from_columns(
        cls,
        case: np.ndarray,
        activity: np.ndarray,
        timestamp: np.ndarray,
        resource: np.ndarray | None,
        lifecycle: np.ndarray | None,
        case_names: tuple[str, ...] | list[str],
        activity_names: tuple[str, ...] | list[str],
        resource_names: tuple[str, ...] | list[str] = (),
        lifecycle_names: tuple[str, ...] | list[str] = (),
        *,
        presorted: bool = False,
    ) -> EventLog:
        """Rows in file order in, rows ordered by (case, timestamp, file order) out."""
        n = len(case)
        case = np.asarray(case, dtype=np.int32)
        activity = np.asarray(activity, dtype=np.int32)
        timestamp = np.asarray(timestamp, dtype=np.int64)
        resource = (np.full(n, NO_CODE, np.int32) if resource is None
                    else np.asarray(resource, dtype=np.int32))
        lifecycle = (np.full(n, NO_CODE, np.int8) if lifecycle is None
                     else np.asarray(lifecycle, dtype=np.int8))
        if not presorted and n:
            # lexsort is stable: equal (case, timestamp) keep their file order.
            order = np.lexsort((timestamp, case))
            if not np.array_equal(order, np.arange(n)):
                case, activity, timestamp = case[order], activity[order], timestamp[order]
                resource, lifecycle = resource[order], lifecycle[order]
        log = cls(case, activity, timestamp, resource, lifecycle, tuple(case_names),
                  tuple(activity_names), tuple(resource_names), tuple(lifecycle_names))
        object.__setattr__(log, "_bounds", _case_bounds(case))
        return log

    def take(self, rows: np.ndarray) -> EventLog:
        """The log of the rows selected (a boolean mask or sorted row indices); the dictionaries
        stay as they are, so codes keep their meaning."""
        log = EventLog(self.case[rows], self.activity[rows], self.timestamp[rows],
                       self.resource[rows], self.lifecycle[rows], self.case_names,
                       self.activity_names, self.resource_names, self.lifecycle_names)
        object.__setattr__(log, "_bounds", _case_bounds(log.case))
        return log

    @property
    def events(self) -> int:
        return len(self.case)

    @property
    def bounds(self) -> np.ndarray:
        """Row index where each case present starts, plus the end (so len = cases + 1)."""
        return self._bounds

    @property
    def cases(self) -> int:
        return len(self._bounds) - 1

    def case_codes(self) -> np.ndarray:
        """The code of each case present, in row order."""
        codes: np.ndarray = self.case[self._bounds[:-1]]
        return codes

    def lifecycle_code(self, name: str) -> int:
        """The code of a lifecycle transition name (case-insensitive), NO_CODE when absent."""
        wanted = name.lower()
        for code, known in enumerate(self.lifecycle_names):
            if known.lower() == wanted:
                return code
        return NO_CODE


def _case_bounds(case: np.ndarray) -> np.ndarray:
    if len(case) == 0:
        return np.zeros(1, dtype=np.int64)
    starts = np.flatnonzero(case[1:] != case[:-1]) + 1
    return np.concatenate(([0], starts, [len(case)])).astype(np.int64)
