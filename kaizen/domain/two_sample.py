"""Two-sample tests as R prints them: Welch's t (with df and the difference's interval), Hedges'
g, and the Wilcoxon-Mann-Whitney rank-sum test with the Hodges-Lehmann shift and its interval.

Every function takes two plain samples ``x`` (first) and ``y`` (second) and tests x against y,
as R's ``t.test(x, y)`` and ``wilcox.test(x, y)`` do: the difference is x - y, and
``alternative="greater"`` means x tends to be above y.

Formulas (so a reader can check them without the code):

- Welch: t = (mean_x - mean_y) / sqrt(s_x^2/n_x + s_y^2/n_y); Welch-Satterthwaite df; the
  interval is diff +/- t_{df} * SE (one-sided: one finite end). R's ``t.test`` (stats package).
- Hedges' g: Cohen's d on the pooled standard deviation times J = 1 - 3 / (4 (n_x + n_y) - 9)
  (Hedges & Olkin 1985, the usual small-sample correction).
- Mann-Whitney: W = sum of the ranks of x - n_x (n_x + 1) / 2 (R's W, the U of x). Exact
  distribution when both samples are under 50 values and there are no ties; otherwise the normal
  approximation with the tie-corrected variance and a continuity correction of 0.5, as R's
  ``wilcox.test`` does. The Hodges-Lehmann shift is the median of all x_i - y_j; its exact
  interval takes the order statistics of those differences at the W quantiles (Hollander & Wolfe,
  Nonparametric Statistical Methods, section 4.3). With ties or large samples R finds the
  estimate and interval by root finding on the normal statistic; here the interval uses the
  normal quantile of W instead (Hollander & Wolfe's large-sample form) and the estimate stays the
  median of the differences, so those can differ from R in the last digits.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from kaizen.i18n import translate

Alternative = Literal["two-sided", "greater", "less"]
ALTERNATIVES: tuple[str, ...] = ("two-sided", "greater", "less")
EXACT_MAX_N = 50  # R's wilcox.test uses the exact distribution below 50 values per sample


@dataclass(frozen=True)
class WelchResult:
    """Welch's two-sample t-test of x against y (difference = mean x - mean y)."""

    t: float
    df: float
    p_value: float
    difference: float
    ci_low: float
    ci_high: float
    alternative: str
    conf_level: float


@dataclass(frozen=True)
class MannWhitneyResult:
    """Wilcoxon-Mann-Whitney test of x against y; shift = Hodges-Lehmann estimate of x - y."""

    w: float
    p_value: float
    exact: bool
    shift: float
    ci_low: float
    ci_high: float
    alternative: str
    conf_level: float


def welch_test(
    x: Sequence[float],
    y: Sequence[float],
    *,
    alternative: str = "two-sided",
    conf_level: float = 0.95,
) -> WelchResult:
    """Welch's t-test as R's ``t.test(x, y, alternative=, conf.level=)``; needs 2 values each."""
    from scipy import stats

    _check(alternative, conf_level)
    a, b = _floats(x, "x"), _floats(y, "y")
    if len(a) < 2 or len(b) < 2:
        raise ValueError(translate(
            "domain.two_sample", "Welch's t-test needs at least two values in each sample."))
    mx, my = _mean(a), _mean(b)
    vx, vy = _var(a, mx), _var(b, my)
    sx, sy = vx / len(a), vy / len(b)
    se = math.sqrt(sx + sy)
    if se == 0:
        raise ValueError(translate(
            "domain.two_sample", "Welch's t-test needs some spread in at least one sample."))
    df = (sx + sy) ** 2 / (sx**2 / (len(a) - 1) + sy**2 / (len(b) - 1))
    diff = mx - my
    t = diff / se
    if alternative == "two-sided":
        p = 2 * float(stats.t.sf(abs(t), df))
        half = float(stats.t.ppf(1 - (1 - conf_level) / 2, df)) * se
        low, high = diff - half, diff + half
    elif alternative == "greater":
        p = float(stats.t.sf(t, df))
        low, high = diff - float(stats.t.ppf(conf_level, df)) * se, math.inf
    else:
        p = float(stats.t.cdf(t, df))
        low, high = -math.inf, diff + float(stats.t.ppf(conf_level, df)) * se
    return WelchResult(t, df, min(p, 1.0), diff, low, high, alternative, conf_level)


def hedges_g(x: Sequence[float], y: Sequence[float]) -> float:
    """Hedges' g of x against y: (mean x - mean y) / pooled sd, times the small-sample J."""
    a, b = _floats(x, "x"), _floats(y, "y")
    nx, ny = len(a), len(b)
    if nx < 2 or ny < 2:
        raise ValueError(translate(
            "domain.two_sample", "Hedges' g needs at least two values in each sample."))
    mx, my = _mean(a), _mean(b)
    pooled = math.sqrt(((nx - 1) * _var(a, mx) + (ny - 1) * _var(b, my)) / (nx + ny - 2))
    if pooled == 0:
        raise ValueError(translate(
            "domain.two_sample", "Hedges' g needs some spread in the samples."))
    return (mx - my) / pooled * (1 - 3 / (4 * (nx + ny) - 9))


def mann_whitney(
    x: Sequence[float],
    y: Sequence[float],
    *,
    alternative: str = "two-sided",
    conf_level: float = 0.95,
    exact: bool | None = None,
    correct: bool = True,
) -> MannWhitneyResult:
    """The rank-sum test as R's ``wilcox.test(x, y, conf.int=TRUE, ...)`` (see the module doc).

    ``exact=None`` chooses as R does: exact below 50 values per sample when nothing is tied.
    """
    from scipy import stats

    _check(alternative, conf_level)
    a, b = _floats(x, "x"), _floats(y, "y")
    nx, ny = len(a), len(b)
    if nx < 1 or ny < 1:
        raise ValueError(translate(
            "domain.two_sample", "The Mann-Whitney test needs at least one value in each sample."))
    ranks = _ranks(a + b)
    w = sum(ranks[:nx]) - nx * (nx + 1) / 2
    tie_sizes = _tie_sizes(a + b)
    has_ties = any(t > 1 for t in tie_sizes)
    use_exact = (nx < EXACT_MAX_N and ny < EXACT_MAX_N) if exact is None else exact
    use_exact = use_exact and not has_ties
    diffs = sorted(xi - yj for xi in a for yj in b)
    shift = _median(diffs)
    alpha = 1 - conf_level
    if use_exact:
        wi = round(w)
        if alternative == "two-sided":
            p = (1 - _pwilcox(wi - 1, nx, ny)) if w > nx * ny / 2 else _pwilcox(wi, nx, ny)
            p = min(2 * p, 1.0)
            qu = max(_qwilcox(alpha / 2, nx, ny), 1)
            ql = nx * ny - qu
            low, high = diffs[qu - 1], diffs[ql]
        elif alternative == "greater":
            p = 1 - _pwilcox(wi - 1, nx, ny)
            qu = max(_qwilcox(alpha, nx, ny), 1)
            low, high = diffs[qu - 1], math.inf
        else:
            p = _pwilcox(wi, nx, ny)
            ql = nx * ny - max(_qwilcox(alpha, nx, ny), 1)
            low, high = -math.inf, diffs[ql]
    else:
        n = nx + ny
        ties = sum(t**3 - t for t in tie_sizes)
        sigma = math.sqrt(nx * ny / 12 * ((n + 1) - ties / (n * (n - 1))))
        z = w - nx * ny / 2
        if correct:
            z -= {"two-sided": math.copysign(0.5, z) if z else 0.0,
                  "greater": 0.5, "less": -0.5}[alternative]
        z = z / sigma if sigma > 0 else 0.0
        if alternative == "two-sided":
            p = 2 * min(float(stats.norm.cdf(z)), float(stats.norm.sf(z)))
        elif alternative == "greater":
            p = float(stats.norm.sf(z))
        else:
            p = float(stats.norm.cdf(z))
        low, high = _normal_interval(diffs, nx, ny, sigma, alternative, alpha)
    return MannWhitneyResult(float(w), min(max(p, 0.0), 1.0), use_exact, shift, low, high,
                             alternative, conf_level)


def min_rank_p(nx: int, ny: int, *, one_sided: bool = False) -> float:
    """The smallest p-value the exact rank-sum test can give for these sizes (1 / C(n, nx),
    twice that two-sided): 3 against 3 cannot go below 0.10, so no verdict can be reached."""
    if nx < 1 or ny < 1:
        return 1.0
    p = 1 / math.comb(nx + ny, nx)
    return p if one_sided else min(2 * p, 1.0)


def _normal_interval(
    diffs: list[float], nx: int, ny: int, sigma: float, alternative: str, alpha: float
) -> tuple[float, float]:
    from scipy import stats

    m = len(diffs)
    tail = alpha / 2 if alternative == "two-sided" else alpha
    k = int(math.floor(nx * ny / 2 - float(stats.norm.ppf(1 - tail)) * sigma))
    k = min(max(k, 1), m)
    low, high = diffs[k - 1], diffs[m - k]
    if alternative == "greater":
        return low, math.inf
    if alternative == "less":
        return -math.inf, high
    return low, high


@lru_cache(maxsize=64)
def _wilcox_counts(m: int, n: int) -> tuple[int, ...]:
    """How many rank arrangements give each U = 0 .. m*n (exact integers).

    The generating function of U is the Gaussian binomial prod_{i=1..m} (1 - q^(n+i)) /
    (1 - q^i); multiply and divide term by term.
    """
    size = m * n + 1
    coef = [0] * size
    coef[0] = 1
    for i in range(1, m + 1):
        step = n + i
        for k in range(size - 1, step - 1, -1):  # times (1 - q^(n+i))
            coef[k] -= coef[k - step]
        for k in range(i, size):  # divided by (1 - q^i)
            coef[k] += coef[k - i]
    return tuple(coef)


def _pwilcox(q: int, m: int, n: int) -> float:
    """P(U <= q) under the null hypothesis (R's pwilcox)."""
    if q < 0:
        return 0.0
    counts = _wilcox_counts(m, n)
    if q >= len(counts) - 1:
        return 1.0
    return sum(counts[: q + 1]) / math.comb(m + n, m)


def _qwilcox(p: float, m: int, n: int) -> int:
    """Smallest q with P(U <= q) >= p (R's qwilcox)."""
    counts = _wilcox_counts(m, n)
    total = math.comb(m + n, m)
    running = 0
    for q, c in enumerate(counts):
        running += c
        if running / total >= p * (1 - 64 * 2.220446e-16):  # R's fuzz
            return q
    return len(counts) - 1


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def _tie_sizes(values: list[float]) -> list[int]:
    counts: dict[float, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return list(counts.values())


def _median(sorted_values: list[float]) -> float:
    m = len(sorted_values)
    mid = m // 2
    return sorted_values[mid] if m % 2 else (sorted_values[mid - 1] + sorted_values[mid]) / 2


def _mean(values: list[float]) -> float:
    return math.fsum(values) / len(values)


def _var(values: list[float], mean: float) -> float:
    return math.fsum((v - mean) ** 2 for v in values) / (len(values) - 1)


def _check(alternative: str, conf_level: float) -> None:
    if alternative not in ALTERNATIVES:
        raise ValueError(f"alternative must be one of {', '.join(ALTERNATIVES)}.")
    if not 0 < conf_level < 1:
        raise ValueError("conf_level must be between 0 and 1.")


def _floats(values: Sequence[float], name: str) -> list[float]:
    out = [float(v) for v in values]
    if not all(math.isfinite(v) for v in out):
        raise ValueError(f"{name} must hold finite numbers only.")
    return out
