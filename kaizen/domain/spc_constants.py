"""Control chart constants for subgroups of 2 to 25: d2, d3 (ranges) and c4 (standard
deviations), and the factors derived from them (A2, D3, D4, A3, B3, B4).

d2 and d3 are the tabulated values of ASTM STP 15D / Montgomery, Introduction to Statistical
Quality Control, Appendix Table VI (three decimals, as every textbook prints them); c4 is exact,
sqrt(2 / (n - 1)) * Gamma(n / 2) / Gamma((n - 1) / 2). The derived factors follow their
definitions (A2 = 3 / (d2 sqrt n), D4 = 1 + 3 d3 / d2, ...), which reproduce the printed tables
to their three decimals (tests/domain/test_spc_constants.py).
"""

from __future__ import annotations

import math

_D2 = (1.128, 1.693, 2.059, 2.326, 2.534, 2.704, 2.847, 2.970, 3.078, 3.173, 3.258, 3.336,
       3.407, 3.472, 3.532, 3.588, 3.640, 3.689, 3.735, 3.778, 3.819, 3.858, 3.895, 3.931)
_D3 = (0.853, 0.888, 0.880, 0.864, 0.848, 0.833, 0.820, 0.808, 0.797, 0.787, 0.778, 0.770,
       0.763, 0.756, 0.750, 0.744, 0.739, 0.734, 0.729, 0.724, 0.720, 0.716, 0.712, 0.708)
MAX_N = 25


def _index(n: int) -> int:
    if not 2 <= n <= MAX_N:
        raise ValueError(f"Subgroup size must be between 2 and {MAX_N}.")
    return n - 2


def d2(n: int) -> float:
    return _D2[_index(n)]


def d3(n: int) -> float:
    return _D3[_index(n)]


def c4(n: int) -> float:
    _index(n)
    return math.sqrt(2 / (n - 1)) * math.exp(math.lgamma(n / 2) - math.lgamma((n - 1) / 2))


def a2(n: int) -> float:
    return 3 / (d2(n) * math.sqrt(n))


def d3_factor(n: int) -> float:
    """D3, the R chart's lower factor (0 up to n = 6)."""
    return max(0.0, 1 - 3 * d3(n) / d2(n))


def d4_factor(n: int) -> float:
    return 1 + 3 * d3(n) / d2(n)


def a3(n: int) -> float:
    return 3 / (c4(n) * math.sqrt(n))


def b3(n: int) -> float:
    c = c4(n)
    return max(0.0, 1 - 3 * math.sqrt(1 - c * c) / c)


def b4(n: int) -> float:
    c = c4(n)
    return 1 + 3 * math.sqrt(1 - c * c) / c
