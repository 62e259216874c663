"""Run rules on a control chart: Western Electric (4 rules) and Nelson (8 rules).

Each point is read as its distance from the centre line in sigmas of the plotted statistic
(z = (x - centre) / sigma, sigma per point so the stepping limits of p and u charts work).
Definitions as published: Western Electric, Statistical Quality Control Handbook (1956), and
Nelson, "The Shewhart Control Chart: Tests for Special Causes", Journal of Quality Technology
16(4), 1984 (the eight tests Minitab uses):

Western Electric                        Nelson
WE1 one point beyond 3 sigma            N1 one point beyond 3 sigma
WE2 2 of 3 beyond 2 sigma, same side    N2 9 in a row on one side of the centre
WE3 4 of 5 beyond 1 sigma, same side    N3 6 in a row steadily increasing or decreasing
WE4 8 in a row on one side              N4 14 in a row alternating up and down
                                        N5 2 of 3 beyond 2 sigma, same side
                                        N6 4 of 5 beyond 1 sigma, same side
                                        N7 15 in a row within 1 sigma (either side)
                                        N8 8 in a row beyond 1 sigma, either side

A signal lists the rule, its words and the points of the window that fired (0-based indices);
overlapping windows of one rule merge into one signal, so a long run is one signal, not many.
A point exactly on the centre line belongs to neither side (it breaks a run).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kaizen.domain.spc import Chart
from kaizen.i18n import QT_TRANSLATE_NOOP, translate

WESTERN_ELECTRIC = "western_electric"
NELSON = "nelson"
RULE_SETS = (WESTERN_ELECTRIC, NELSON)
# Marked only: shown with translate("domain.spc_rules", ...) where read (the language is set later).
RULE_SET_LABELS = {
    WESTERN_ELECTRIC: QT_TRANSLATE_NOOP("domain.spc_rules", "Western Electric (4 rules)"),
    NELSON: QT_TRANSLATE_NOOP("domain.spc_rules", "Nelson (8 rules)"),
}


@dataclass(frozen=True)
class Signal:
    rule: str
    description: str  # English, marked in "domain.spc_rules": see :attr:`shown_description`
    points: tuple[int, ...]

    @property
    def shown_description(self) -> str:
        """The rule's words in the language of the work."""
        return translate("domain.spc_rules", text=self.description)


def zones(chart: Chart) -> list[float]:
    """Each point's distance from its centre line in sigmas."""
    return [(x - c) / s if s > 0 else 0.0
            for x, c, s in zip(chart.points, chart.centre, chart.sigma, strict=True)]


def check(chart: Chart, rule_set: str = WESTERN_ELECTRIC) -> list[Signal]:
    """Every signal of ``rule_set`` on ``chart``, ordered by rule then first point."""
    if rule_set not in RULE_SETS:
        raise ValueError(f"rule_set must be one of {', '.join(RULE_SETS)}.")
    z = zones(chart)
    beyond = [_beyond(chart, i) for i in range(len(z))]
    rules = _WE if rule_set == WESTERN_ELECTRIC else _NELSON
    out: list[Signal] = []
    for rule, text, finder in rules:
        for points in _merge(finder(z, beyond, list(chart.points))):
            out.append(Signal(rule, text, points))
    return out


def _beyond(chart: Chart, i: int) -> int:
    x = chart.points[i]
    return 1 if x > chart.ucl[i] else -1 if x < chart.lcl[i] else 0


Finder = Callable[[list[float], list[int], list[float]], list[tuple[int, ...]]]


def _rule_beyond(z: list[float], beyond: list[int], _x: list[float]) -> list[tuple[int, ...]]:
    # The limits themselves decide (they may be clipped at 0 for p, u, R and S charts).
    return [(i,) for i, b in enumerate(beyond) if b]


def _k_of_m(k: int, m: int, level: float) -> Finder:
    def find(z: list[float], _b: list[int], _x: list[float]) -> list[tuple[int, ...]]:
        hits = []
        for end in range(m - 1, len(z)):
            window = range(end - m + 1, end + 1)
            for side in (1, -1):
                far = [i for i in window if side * z[i] > level]
                if len(far) >= k:
                    hits.append(tuple(far))
        # Shorter series: a window of k points (the start) counts too.
        if len(z) < m and len(z) >= k:
            for side in (1, -1):
                far = [i for i in range(len(z)) if side * z[i] > level]
                if len(far) >= k:
                    hits.append(tuple(far))
        return hits
    return find


def _run_same_side(length: int) -> Finder:
    def find(z: list[float], _b: list[int], _x: list[float]) -> list[tuple[int, ...]]:
        return _runs([(v > 0) - (v < 0) for v in z], length, lambda a, b: a == b and a != 0)
    return find


def _trend(length: int) -> Finder:
    # "6 points in a row increasing": 6 points, so 5 steps of the same sign.
    def find(_z: list[float], _b: list[int], x: list[float]) -> list[tuple[int, ...]]:
        steps = [(b > a) - (b < a) for a, b in zip(x, x[1:], strict=False)]
        return [(s[0], *s[1:], s[-1] + 1) for s in
                _runs(steps, length - 1, lambda a, b: a == b and a != 0)]
    return find


def _alternating(length: int) -> Finder:
    def find(_z: list[float], _b: list[int], x: list[float]) -> list[tuple[int, ...]]:
        steps = [(b > a) - (b < a) for a, b in zip(x, x[1:], strict=False)]
        return [(*s, s[-1] + 1) for s in
                _runs(steps, length - 1, lambda a, b: a == -b and a != 0)]
    return find


def _within_one(length: int) -> Finder:
    def find(z: list[float], _b: list[int], _x: list[float]) -> list[tuple[int, ...]]:
        return _runs([1 if abs(v) < 1 else 0 for v in z], length, lambda a, b: a == b == 1)
    return find


def _outside_one(length: int) -> Finder:
    def find(z: list[float], _b: list[int], _x: list[float]) -> list[tuple[int, ...]]:
        return _runs([1 if abs(v) > 1 else 0 for v in z], length, lambda a, b: a == b == 1)
    return find


def _runs(keys: list[int], length: int, joins: Callable[[int, int], bool]
          ) -> list[tuple[int, ...]]:
    """Maximal stretches of non-zero keys where each neighbour ``joins`` the previous, at
    least ``length`` long (0 means "no side / no step / outside the band" and breaks a run)."""
    out: list[tuple[int, ...]] = []
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or not joins(keys[i - 1], keys[i]):
            stretch = tuple(range(start, i))
            if len(stretch) >= length and keys[start] != 0:
                out.append(stretch)
            start = i
    return out


def _merge(windows: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
    """Windows sharing a point become one signal."""
    merged: list[set[int]] = []
    for w in sorted(windows):
        if merged and min(w) <= max(merged[-1]):
            merged[-1].update(w)
        else:
            merged.append(set(w))
    return [tuple(sorted(m)) for m in merged]


_WE: list[tuple[str, str, Finder]] = [
    ("WE1", QT_TRANSLATE_NOOP("domain.spc_rules", "1 point beyond the 3-sigma limits"),
     _rule_beyond),
    ("WE2", QT_TRANSLATE_NOOP("domain.spc_rules", "2 of 3 points beyond 2 sigma on the same side"),
     _k_of_m(2, 3, 2.0)),
    ("WE3", QT_TRANSLATE_NOOP("domain.spc_rules", "4 of 5 points beyond 1 sigma on the same side"),
     _k_of_m(4, 5, 1.0)),
    ("WE4",
     QT_TRANSLATE_NOOP("domain.spc_rules", "8 points in a row on the same side of the centre"),
     _run_same_side(8)),
]
_NELSON: list[tuple[str, str, Finder]] = [
    ("N1", QT_TRANSLATE_NOOP("domain.spc_rules", "1 point beyond the 3-sigma limits"),
     _rule_beyond),
    ("N2",
     QT_TRANSLATE_NOOP("domain.spc_rules", "9 points in a row on the same side of the centre"),
     _run_same_side(9)),
    ("N3",
     QT_TRANSLATE_NOOP("domain.spc_rules", "6 points in a row steadily increasing or decreasing"),
     _trend(6)),
    ("N4", QT_TRANSLATE_NOOP("domain.spc_rules", "14 points in a row alternating up and down"),
     _alternating(14)),
    ("N5", QT_TRANSLATE_NOOP("domain.spc_rules", "2 of 3 points beyond 2 sigma on the same side"),
     _k_of_m(2, 3, 2.0)),
    ("N6", QT_TRANSLATE_NOOP("domain.spc_rules", "4 of 5 points beyond 1 sigma on the same side"),
     _k_of_m(4, 5, 1.0)),
    ("N7", QT_TRANSLATE_NOOP("domain.spc_rules", "15 points in a row within 1 sigma of the centre"),
     _within_one(15)),
    ("N8",
     QT_TRANSLATE_NOOP("domain.spc_rules", "8 points in a row beyond 1 sigma, on either side"),
     _outside_one(8)),
]


def sustained_shift(
    chart: Chart, signals: Sequence[Signal], after_start: int, better_side: int
) -> bool:
    """Whether a run rule (not a single point) fired on points all in the after-phase and all
    on the better side of the centre (``better_side`` -1 below, +1 above): the control-chart
    evidence of a lasting improvement that "savings follow proof" accepts."""
    single = {"WE1", "N1"}
    for s in signals:
        if s.rule in single or min(s.points) < after_start:
            continue
        sides = {(chart.points[i] > chart.centre[i]) - (chart.points[i] < chart.centre[i])
                 for i in s.points}
        if sides == {better_side}:
            return True
    return False
