"""Finding events that repeat exactly (same case, activity, timestamp, resource, lifecycle)."""

from __future__ import annotations

import numpy as np


def duplicate_rows(case: np.ndarray, activity: np.ndarray, timestamp: np.ndarray,
                   resource: np.ndarray, lifecycle: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows (in file order) that repeat an earlier row exactly, and the earlier row each repeats.

    Both arrays are empty when no event repeats. A stable sort on all five columns puts equal
    events side by side with the first one seen first.
    """
    n = len(case)
    if n < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    order = np.lexsort((lifecycle, resource, activity, timestamp, case))
    same = ((case[order[1:]] == case[order[:-1]])
            & (timestamp[order[1:]] == timestamp[order[:-1]])
            & (activity[order[1:]] == activity[order[:-1]])
            & (resource[order[1:]] == resource[order[:-1]])
            & (lifecycle[order[1:]] == lifecycle[order[:-1]]))
    if not same.any():
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    # The first row of each run of equal events is what the later ones repeat.
    run_start = np.maximum.accumulate(np.where(np.concatenate(([True], ~same)),
                                               np.arange(n), 0))
    repeats = np.flatnonzero(np.concatenate(([False], same)))
    return order[repeats], order[run_start[repeats]]
