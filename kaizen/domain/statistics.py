"""Before/after statistics of a metric: summaries, improvement % and whether the change is real.

Owns the choice of test and the plain-words verdict shown next to every metric. The tests
themselves are scipy's (Welch's t-test, Mann-Whitney U, Fisher's exact test, Shapiro-Wilk);
only the pooled two-proportion z statistic is written out here, because statsmodels is not a
dependency and the formula is one line (NIST/SEMATECH e-Handbook, section 7.3.3).

Many metrics at once (the monthly report's hundreds) go through :func:`compare_many` and
:func:`describe_many`, which batch the scipy and numpy calls: each scipy.stats call costs 1 to
2 ms of argument handling whatever the data, more than the arithmetic of a metric. The batches
give the numbers one call per metric gives (the Welch p-value to about 1e-14 relative: see
:func:`welch_tests`).

How the test is chosen for continuous data (`compare`):

- fewer than ``MIN_PER_PHASE`` (3) measurements in either phase: no test at all;
- Welch's t-test when both phases have at least ``WELCH_MIN_N`` (8) measurements and neither
  looks far from normal (Shapiro-Wilk p < ``NORMALITY_ALPHA``). Below 8 points Shapiro-Wilk has
  almost no power to see non-normality, so normality cannot be checked and the t-test is not
  trusted; above 5,000 points scipy's Shapiro-Wilk p-value is no longer accurate and the
  central limit theorem makes the means near enough to normal, so such a phase counts as fine;
- Mann-Whitney U (two-sided) otherwise, and whenever a phase has no spread at all.

For rates (0/1 outcomes, or events out of trials) the pooled two-proportion z-test is used, or
Fisher's exact test when a cell has fewer than 5 counts and the normal approximation is poor
(the usual "at least five successes and five failures" condition).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from kaizen.domain.enums import MetricDirection
from kaizen.domain.numbers import format_number
from kaizen.i18n import QT_TRANSLATE_NOOP, current_language, translate

if TYPE_CHECKING:
    import numpy as np

# numpy and scipy.stats are imported inside the functions: scipy.stats alone takes ~1.5 s to
# import, and the services import this module when the app starts.

MIN_PER_PHASE = 3
WELCH_MIN_N = 8
NORMALITY_ALPHA = 0.05
SHAPIRO_MAX_N = 5000
MIN_CELL_FOR_Z = 5
MWU_EXACT_MAX_N = 8  # scipy's mannwhitneyu may use the exact distribution up to this size

# A comparison's test name stays English (code compares it); marked, shown translated.
WELCH = QT_TRANSLATE_NOOP("domain.statistics", "Welch's t-test")
MANN_WHITNEY = QT_TRANSLATE_NOOP("domain.statistics", "Mann-Whitney U test")
TWO_PROPORTION_Z = QT_TRANSLATE_NOOP("domain.statistics", "two-proportion z-test")
FISHER_EXACT = QT_TRANSLATE_NOOP("domain.statistics", "Fisher's exact test")

_NOT_ENOUGH_DATA = QT_TRANSLATE_NOOP(
    "domain.statistics",
    "Not enough data: at least {count} measurements before and after are needed")
NOT_ENOUGH_DATA = _NOT_ENOUGH_DATA.format(count=MIN_PER_PHASE)  # the English verdict

Kind = Literal["continuous", "rate"]


@dataclass(frozen=True)
class PhaseStats:
    """Summary of one phase. Fields are None where they do not exist (no data; std needs 2)."""

    n: int
    mean: float | None
    median: float | None
    std: float | None
    minimum: float | None
    maximum: float | None


@dataclass(frozen=True)
class Comparison:
    """Whether before and after differ, and which way.

    ``test_name``, ``statistic`` and ``p_value`` are None when there was too little data to test.
    ``statistic`` is t or U computed as before versus after (t > 0 when before is higher; U
    counts the pairs with before above after), z or the odds ratio for rates.
    ``improved`` is True only for a significant change in the better direction.
    ``improvement_pct`` is the change the verdict quotes, positive when better: of the means for
    the t-test, of the medians for Mann-Whitney (the rank test is about location, and a mean
    dragged by one outlier would contradict it), of the rates for proportions.
    """

    test_name: str | None
    statistic: float | None
    p_value: float | None
    significant: bool
    improved: bool
    improvement_pct: float | None
    verdict: str


def describe(values: Sequence[float]) -> PhaseStats:
    import numpy as np

    data = _as_array(values)
    n = int(data.size)
    if n == 0:
        return PhaseStats(0, None, None, None, None, None)
    return PhaseStats(
        n=n,
        mean=float(np.mean(data)),
        median=float(np.median(data)),
        std=float(np.std(data, ddof=1)) if n >= 2 else None,
        minimum=float(np.min(data)),
        maximum=float(np.max(data)),
    )


def describe_many(samples: Sequence[Sequence[float]]) -> list[PhaseStats]:
    """:func:`describe` of each sample, in the order given.

    Samples of one size are summarised together as the rows of one array (numpy reduces each
    row as it reduces a lone sample, so the numbers are the same): a month's report has
    hundreds of phases, and five numpy calls per phase cost more than the sums themselves.
    """
    import numpy as np

    arrays = [_as_array(values) for values in samples]
    out: list[PhaseStats | None] = [None] * len(arrays)
    by_size: dict[int, list[int]] = {}
    for i, data in enumerate(arrays):
        by_size.setdefault(int(data.size), []).append(i)
    for n, indices in by_size.items():
        if n == 0:
            for i in indices:
                out[i] = PhaseStats(0, None, None, None, None, None)
            continue
        rows = np.stack([arrays[i] for i in indices])
        means = np.mean(rows, axis=1)
        medians = np.median(rows, axis=1)
        stds = np.std(rows, axis=1, ddof=1) if n >= 2 else None
        lows, highs = np.min(rows, axis=1), np.max(rows, axis=1)
        for row, i in enumerate(indices):
            out[i] = PhaseStats(
                n=n, mean=float(means[row]), median=float(medians[row]),
                std=None if stds is None else float(stds[row]),
                minimum=float(lows[row]), maximum=float(highs[row]),
            )
    return [stats for stats in out if stats is not None]


def improvement_pct(
    before_mean: float, after_mean: float, direction: MetricDirection
) -> float | None:
    """Change from before to after in % of before, positive when better; None when before is 0.

    Divides by the size of the baseline so that a negative baseline (a temperature, a margin)
    still gives a positive number for a change in the better direction.
    """
    if before_mean == 0:
        return None
    change = (after_mean - before_mean) / abs(before_mean) * 100.0
    if MetricDirection(direction) is MetricDirection.LOWER_IS_BETTER:
        change = -change
    return change + 0.0  # no "-0.0 %" for an unchanged metric


def compare(
    before: Sequence[float],
    after: Sequence[float],
    direction: MetricDirection,
    *,
    kind: Kind = "continuous",
    alpha: float = 0.05,
    metric_name: str | None = None,
) -> Comparison:
    """Test whether after differs from before; see the module docstring for the test chosen.

    With ``kind="rate"`` the values are 0/1 outcomes (1 = the event counted by the metric, e.g.
    a defect) and the proportions are compared.
    """
    import numpy as np

    direction = MetricDirection(direction)
    if kind == "rate":
        b, a = _as_array(before), _as_array(after)
        for data in (b, a):
            if not np.all((data == 0) | (data == 1)):
                raise ValueError(translate(
                    "domain.statistics",
                    "A rate is measured as 0/1 outcomes (1 = the event happened)."))
        return compare_proportions(
            int(b.sum()), int(b.size), int(a.sum()), int(a.size), direction,
            alpha=alpha, metric_name=metric_name,
        )
    if kind != "continuous":
        raise ValueError(f"Unknown kind of metric: {kind!r}")

    return compare_many([(before, after, direction, metric_name)], alpha=alpha)[0]


def compare_many(
    metrics: Sequence[tuple[Sequence[float], Sequence[float], MetricDirection, str | None]],
    *,
    alpha: float = 0.05,
) -> list[Comparison]:
    """:func:`compare` of continuous data for many metrics at once, in the order given: each item
    is (before, after, direction, metric name).

    Same tests and verdicts as one :func:`compare` per metric, but the scipy calls are batched:
    the Shapiro-Wilk checks go as one 2-D call per sample size (scipy runs the same routine on
    each row, so the p-values are the same), and every Welch test is one vectorised
    :func:`welch_tests` call. Each scipy.stats call costs 1 to 2 ms of argument handling
    whatever the size of the data, which made a month's report spend most of its reading time
    in that wrapper.
    """
    import numpy as np

    arrays = [(_as_array(b), _as_array(a), MetricDirection(d), name)
              for b, a, d, name in metrics]
    tested = [i for i, (b, a, _d, _n) in enumerate(arrays)
              if b.size >= MIN_PER_PHASE and a.size >= MIN_PER_PHASE]
    fits = _welch_fits_many([x for i in tested for x in arrays[i][:2]])
    welch = [i for j, i in enumerate(tested) if fits[2 * j] and fits[2 * j + 1]]
    t_values, p_values = welch_tests([(arrays[i][0], arrays[i][1]) for i in welch])
    welch_result = {i: (float(t), float(p))
                    for i, t, p in zip(welch, t_values, p_values, strict=True)}
    ranked = [i for i in tested if i not in welch_result]
    rank_result = dict(zip(ranked, _mann_whitney_many(
        [(arrays[i][0], arrays[i][1]) for i in ranked]), strict=True))

    out: list[Comparison] = []
    for i, (b, a, direction, metric_name) in enumerate(arrays):
        if b.size < MIN_PER_PHASE or a.size < MIN_PER_PHASE:
            out.append(_untested())
            continue
        if i in welch_result:
            statistic, p_value = welch_result[i]
            name, summary = WELCH, "mean"
            pct = improvement_pct(float(np.mean(b)), float(np.mean(a)), direction)
            moved = _sign(float(np.mean(a)) - float(np.mean(b)))
        else:
            statistic, p_value = rank_result[i]
            name, summary = MANN_WHITNEY, "median"
            # U counts the (before, after) pairs with before above after; above half of all
            # pairs means after tends to be lower.
            moved = -_sign(statistic - b.size * a.size / 2.0)
            pct = improvement_pct(float(np.median(b)), float(np.median(a)), direction)
            if pct is not None and _sign(pct) != _better_sign_of_move(moved, direction):
                # Medians can tie or disagree with the rank shift on lumpy data; quote the
                # means then.
                summary = "mean"
                pct = improvement_pct(float(np.mean(b)), float(np.mean(a)), direction)
                if pct is not None and _sign(pct) != _better_sign_of_move(moved, direction):
                    pct = None
        if math.isnan(p_value):
            p_value = 1.0
        out.append(_conclude(
            name, statistic, p_value, alpha, moved, direction, pct,
            _subject(metric_name, summary), detail=None,
        ))
    return out


def welch_tests(
    pairs: Sequence[tuple[Sequence[float] | np.ndarray, Sequence[float] | np.ndarray]],
) -> tuple[np.ndarray, np.ndarray]:
    """Welch's t statistic (before versus after) and two-sided p-value of every (before, after)
    pair, as two arrays in the order given.

    One vectorised :func:`scipy.stats.ttest_ind_from_stats` call (``equal_var=False``) over the
    means, standard deviations and sizes of all the samples. The means and variances are
    computed as :func:`scipy.stats.ttest_ind` computes them (the mean, then the mean squared
    deviation times n / (n - 1)), so each result equals ``ttest_ind(before, after,
    equal_var=False)`` to the last bit or two (the standard deviation is squared back inside
    scipy). A sample of one has no variance: t and p are NaN then, as ``ttest_ind`` gives.
    """
    import numpy as np
    from scipy import stats

    count = len(pairs)
    if count == 0:
        return np.empty(0), np.empty(0)
    means = np.empty((2, count))
    variances = np.empty((2, count))
    sizes = np.empty((2, count))
    for j, pair in enumerate(pairs):
        for side in (0, 1):
            data = _as_array(pair[side])
            n = data.size
            if n == 0:
                raise ValueError("Welch's t-test needs at least one value in each sample.")
            mean = np.mean(data)
            means[side, j] = mean
            variances[side, j] = (
                np.mean((data - mean) ** 2) * (n / (n - 1)) if n > 1 else math.nan
            )
            sizes[side, j] = n
    with np.errstate(divide="ignore", invalid="ignore"):
        result = stats.ttest_ind_from_stats(
            means[0], np.sqrt(variances[0]), sizes[0],
            means[1], np.sqrt(variances[1]), sizes[1],
            equal_var=False,
        )
    return np.atleast_1d(result.statistic), np.atleast_1d(result.pvalue)


def compare_proportions(
    before_events: int,
    before_trials: int,
    after_events: int,
    after_trials: int,
    direction: MetricDirection,
    *,
    alpha: float = 0.05,
    metric_name: str | None = None,
) -> Comparison:
    """Compare two rates (events out of trials), two-sided.

    The pooled two-proportion z-test, z = (p1 - p2) / sqrt(p(1-p)(1/n1 + 1/n2)) with
    p = (x1 + x2) / (n1 + n2); Fisher's exact test instead when a cell of the 2x2 table has fewer
    than 5 counts. The statistic reported is z = (p_before - p_after) / SE or, for Fisher, the
    odds ratio of the 2x2 table [[before events, non-events], [after events, non-events]]
    (None when a zero cell makes it 0 or infinite).
    """
    from scipy import stats

    direction = MetricDirection(direction)
    for events, trials, field in (
        (before_events, before_trials, "before"),
        (after_events, after_trials, "after"),
    ):
        if trials < 0 or events < 0 or events > trials:
            raise ValueError(f"The {field} events must be between 0 and the number of trials.")
    if before_trials < MIN_PER_PHASE or after_trials < MIN_PER_PHASE:
        return _untested()

    p_before = before_events / before_trials
    p_after = after_events / after_trials
    moved = _sign(p_after - p_before)
    pct = improvement_pct(p_before, p_after, direction)
    detail = translate("domain.statistics", "from {before}% to {after}%").format(
        before=format_number(p_before * 100, 1), after=format_number(p_after * 100, 1))
    subject = _subject(metric_name, "rate")

    cells = (
        before_events, before_trials - before_events, after_events, after_trials - after_events
    )
    if min(cells) < MIN_CELL_FOR_Z:
        table = [[cells[0], cells[1]], [cells[2], cells[3]]]
        result = stats.fisher_exact(table, alternative="two-sided")
        odds_ratio = float(result.statistic)
        # With a zero cell the odds ratio is 0 or infinite: nothing a person can read.
        statistic = odds_ratio if math.isfinite(odds_ratio) and odds_ratio > 0 else None
        p_value, name = float(result.pvalue), FISHER_EXACT
    else:
        pooled = (before_events + after_events) / (before_trials + after_trials)
        se = math.sqrt(pooled * (1 - pooled) * (1 / before_trials + 1 / after_trials))
        statistic = (p_before - p_after) / se
        p_value = float(2 * stats.norm.sf(abs(statistic)))
        name = TWO_PROPORTION_Z
    return _conclude(
        name, statistic, min(p_value, 1.0), alpha, moved, direction, pct, subject, detail=detail
    )


def format_p(p_value: float, alpha: float = 0.05) -> str:
    """'p = 0.41', 'p = 0.021', 'p = 0.003', 'p < 0.001': two significant digits, at most three
    decimals, and one more digit whenever rounding would put p on the wrong side of alpha
    (0.0496 is shown as 0.0496, not as 0.050)."""
    if p_value < 0.001:
        return f"p < {format_number(0.001, 3)}"
    decimals = min(3, max(2, 1 - math.floor(math.log10(p_value))))
    text = f"{p_value:.{decimals}f}"
    while (float(text) < alpha) != (p_value < alpha) and decimals < 6:
        decimals += 1
        text = f"{p_value:.{decimals}f}"
    # The digits chosen above, written in the language's way ("0,021" in German).
    return f"p = {format_number(float(text), decimals)}"


def _conclude(
    name: str,
    statistic: float | None,
    p_value: float,
    alpha: float,
    moved: int,
    direction: MetricDirection,
    pct: float | None,
    subject: str,
    *,
    detail: str | None,
) -> Comparison:
    significant = p_value < alpha and moved != 0
    better = _better_sign_of_move(moved, direction) > 0
    if not significant:
        verdict = translate("domain.statistics",
                            "No clear change ({p}): the difference may be chance").format(
                                p=format_p(p_value, alpha))
        return Comparison(name, statistic, p_value, False, False, pct, verdict)
    amount = f" {format_number(abs(pct), 1)}%" if pct is not None else ""
    evidence = f"{translate('domain.statistics', text=name)}, {format_p(p_value, alpha)}"
    if detail:
        evidence = f"{detail}; {evidence}"
    if better and moved < 0:
        sentence = translate("domain.statistics",
                             "Real improvement: {subject} fell{amount} ({evidence})")
    elif better:
        sentence = translate("domain.statistics",
                             "Real improvement: {subject} rose{amount} ({evidence})")
    elif moved < 0:
        sentence = translate("domain.statistics", "Got worse: {subject} fell{amount} ({evidence})")
    else:
        sentence = translate("domain.statistics", "Got worse: {subject} rose{amount} ({evidence})")
    verdict = sentence.format(subject=subject, amount=amount, evidence=evidence)
    return Comparison(name, statistic, p_value, True, better, pct, verdict)


def _untested() -> Comparison:
    return Comparison(None, None, None, False, False, None, translate(
        "domain.statistics", text=_NOT_ENOUGH_DATA).format(count=MIN_PER_PHASE))


def _mann_whitney_many(pairs: Sequence[tuple[np.ndarray, np.ndarray]]) -> list[tuple[float, float]]:
    """Two-sided Mann-Whitney U and p-value of each (before, after) pair.

    scipy takes the normal approximation whenever both samples have more than
    ``MWU_EXACT_MAX_N`` (8) values, so such pairs of one shape go as one 2-D call (each row is
    ranked and tested on its own: the same numbers as a call per pair). With a smaller sample
    scipy picks the exact distribution unless there are ties, and it looks for ties across the
    whole call: those pairs go one call each.
    """
    import numpy as np
    from scipy import stats

    out: list[tuple[float, float] | None] = [None] * len(pairs)
    by_shape: dict[tuple[int, int], list[int]] = {}
    for i, (b, a) in enumerate(pairs):
        if b.size > MWU_EXACT_MAX_N and a.size > MWU_EXACT_MAX_N:
            by_shape.setdefault((int(b.size), int(a.size)), []).append(i)
        else:
            result = stats.mannwhitneyu(b, a, alternative="two-sided")
            out[i] = (float(result.statistic), float(result.pvalue))
    for indices in by_shape.values():
        result = stats.mannwhitneyu(
            np.stack([pairs[i][0] for i in indices]), np.stack([pairs[i][1] for i in indices]),
            alternative="two-sided", axis=1,
        )
        for i, u, p in zip(indices, np.atleast_1d(result.statistic),
                           np.atleast_1d(result.pvalue), strict=True):
            out[i] = (float(u), float(p))
    return [pair for pair in out if pair is not None]


def _welch_fits_many(samples: Sequence[np.ndarray]) -> list[bool]:
    """Whether each sample may go to the t-test (see the module docstring).

    The Shapiro-Wilk tests run as one ``shapiro(rows, axis=1)`` call per sample size: scipy
    runs its routine row by row, so each p-value is the one of a call on that sample alone.
    """
    import numpy as np
    from scipy import stats

    fits = [False] * len(samples)
    by_size: dict[int, list[int]] = {}
    for i, data in enumerate(samples):
        if data.size < WELCH_MIN_N or float(np.ptp(data)) == 0.0:
            continue
        if data.size > SHAPIRO_MAX_N:
            fits[i] = True
        else:
            by_size.setdefault(int(data.size), []).append(i)
    for indices in by_size.values():
        p_values = np.atleast_1d(
            stats.shapiro(np.stack([samples[i] for i in indices]), axis=1).pvalue
        )
        for i, p_value in zip(indices, p_values, strict=True):
            fits[i] = float(p_value) >= NORMALITY_ALPHA
    return fits


def _subject(metric_name: str | None, summary: str) -> str:
    name = (metric_name or "").strip()
    if not name:
        alone = {"mean": translate("domain.statistics", "the mean"),
                 "median": translate("domain.statistics", "the median"),
                 "rate": translate("domain.statistics", "the rate")}
        return alone.get(summary, f"the {summary}")
    # Lower-case a leading capital ("Cycle time") but keep acronyms ("OEE", "WIP count").
    first = name.split()[0]
    # German writes a noun with its capital ("Zykluszeit sank"): only the others lower it.
    if not (len(first) > 1 and first.isupper()) and current_language() != "de":
        name = name[0].lower() + name[1:]
    if summary == "mean" or summary == "rate":
        return name
    if summary == "median":
        return translate("domain.statistics", "median {name}").format(name=name)
    return f"{summary} {name}"


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _better_sign_of_move(moved: int, direction: MetricDirection) -> int:
    return -moved if direction is MetricDirection.LOWER_IS_BETTER else moved


def _as_array(values: Sequence[float] | np.ndarray) -> np.ndarray:
    import numpy as np

    if not isinstance(values, list | tuple | np.ndarray):
        values = list(values)  # any other iterable (a generator) as a list
    data = np.asarray(values, dtype=float)
    if data.ndim != 1 or not np.isfinite(data).all():
        raise ValueError("Measurements must be a flat list of finite numbers.")
    return data
