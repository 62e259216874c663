"""XmR (individuals and moving range) control charts: limits, the before/after split, signals.

The limits are Wheeler's natural process limits (Wheeler, "Understanding Variation", and the
NIST/SEMATECH e-Handbook, section 6.3.2.2):

    centre = mean of the values
    mR-bar = mean of the moving ranges |x[i] - x[i-1]|
    UCL, LCL = centre +/- 2.66 * mR-bar        (2.66 = 3 / d2, d2 = 1.128 for ranges of two)
    mR UCL = 3.267 * mR-bar                     (D4 for ranges of two; the mR LCL is 0)

Signals (`signals`) use two of Wheeler's detection rules, the two a shop floor can act on:

1. a point outside the natural process limits (strictly above UCL or below LCL);
2. a run of 8 or more successive points on the same side of the centre line (every point of
   the run is reported); a point exactly on the centre line ends a run.

The "2 of 3 beyond two sigma" and "4 of 5 beyond one sigma" rules are left out on purpose: with
limits from a few dozen points they raise more false alarms than they catch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kaizen.i18n import translate

E2 = 2.66
D4 = 3.267
D2 = 1.128
RUN_LENGTH = 8


@dataclass(frozen=True)
class XmRLimits:
    centre: float
    ucl: float
    lcl: float
    mr_bar: float
    mr_ucl: float

    @property
    def sigma(self) -> float:
        """The short-term standard deviation estimated from the moving ranges (mR-bar / d2)."""
        return self.mr_bar / D2


def moving_ranges(values: Sequence[float]) -> list[float]:
    """|x[i] - x[i-1]| for i = 1 .. n-1 (one fewer than the values)."""
    data = _floats(values)
    return [abs(b - a) for a, b in zip(data, data[1:], strict=False)]


def xmr_limits(values: Sequence[float]) -> XmRLimits:
    """Limits of an XmR chart; needs at least two values (one moving range)."""
    data = _floats(values)
    if len(data) < 2:
        raise ValueError(translate(
            "domain.control_chart", "An XmR chart needs at least two values."))
    centre = sum(data) / len(data)
    ranges = moving_ranges(data)
    mr_bar = sum(ranges) / len(ranges)
    return XmRLimits(
        centre=centre,
        ucl=centre + E2 * mr_bar,
        lcl=centre - E2 * mr_bar,
        mr_bar=mr_bar,
        mr_ucl=D4 * mr_bar,
    )


def xmr_split(
    before: Sequence[float], after: Sequence[float]
) -> tuple[XmRLimits | None, XmRLimits | None]:
    """Limits computed separately for each phase (None for a phase with fewer than 2 values).

    A change to the process is expected to move its centre, so one set of limits over both
    phases would be too wide for either; the moving range across the split is used by neither.
    """
    return (
        xmr_limits(before) if len(before) >= 2 else None,
        xmr_limits(after) if len(after) >= 2 else None,
    )


def signals(
    values: Sequence[float], limits: XmRLimits, *, run_length: int | None = RUN_LENGTH
) -> list[int]:
    """Indices of points showing a signal (rules in the module docstring), in order.

    ``run_length=None`` checks only points outside the limits.
    """
    data = _floats(values)
    flagged = {i for i, x in enumerate(data) if x > limits.ucl or x < limits.lcl}
    if run_length is not None:
        if run_length < 2:
            raise ValueError(translate("domain.control_chart", "A run needs at least two points."))
        start, side = 0, 0
        for i, x in enumerate([*data, limits.centre]):  # the sentinel closes the last run
            here = (x > limits.centre) - (x < limits.centre)
            if here != side or here == 0:
                if side != 0 and i - start >= run_length:
                    flagged.update(range(start, i))
                start, side = i, here
    return sorted(flagged)


def moving_range_signals(values: Sequence[float], limits: XmRLimits) -> list[int]:
    """Indices i whose moving range |x[i] - x[i-1]| is above the mR upper limit (i >= 1)."""
    return [i + 1 for i, r in enumerate(moving_ranges(values)) if r > limits.mr_ucl]


def _floats(values: Sequence[float]) -> list[float]:
    return [float(v) for v in values]
