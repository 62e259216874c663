"""The before/after verdict a manager reads: a primary test fixed in advance, a robustness check
beside it, and plain words for every case (improved, worse, no clear change, the tests
disagree, too few samples).

Why this shape (issue 17): picking the test with a normality pre-test on the same data is a
data-dependent choice that inflates false claims. So:

- the primary test is fixed before the after-data exist: Welch's t-test by default, or the
  Mann-Whitney test when the metric was set so (``primary``); a one-sided test only when the
  better direction was recorded in advance (``one_sided``), and the text then says so;
- the other test is always computed as a robustness check; when the two disagree on
  significance or direction, the verdict says so, claims no real improvement and names the
  likely reason (extreme values, a change of spread, or a result near the line);
- when a non-significant result comes from too few samples, the text says how many per phase
  would detect the change (``power.t.test`` at 80 % power with the before-data's spread);
- p-values are written by :func:`format_p_value`, never as 0: "p < 0.0001" below 0.0001.

Differences are after - before, so a fall is negative.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from kaizen.domain.enums import MetricDirection
from kaizen.domain.numbers import format_measure, format_number
from kaizen.domain.power import samples_needed
from kaizen.domain.two_sample import hedges_g, mann_whitney, min_rank_p, welch_test
from kaizen.i18n import QT_TRANSLATE_NOOP, current_language, translate

WELCH = "welch"
MANN_WHITNEY = "mann_whitney"
PRIMARY_TESTS = (WELCH, MANN_WHITNEY)
# Marked only: shown with translate("domain.verdict", ...) (a TestLine's name is translated).
TEST_NAMES = {WELCH: QT_TRANSLATE_NOOP("domain.verdict", "Welch's t-test"),
              MANN_WHITNEY: QT_TRANSLATE_NOOP("domain.verdict", "Mann-Whitney test")}
POWER = 0.8
MANY = 10_000  # beyond this many samples per phase the change is too small to chase

IMPROVED, WORSE, NO_CHANGE, DISAGREE, TOO_FEW = (
    "improved", "worse", "no_change", "disagree", "too_few")


@dataclass(frozen=True)
class TestLine:
    """One test's figures, after versus before."""

    test: str  # WELCH or MANN_WHITNEY
    name: str
    statistic: float  # t, or W (the Mann-Whitney statistic of the after-sample)
    df: float | None  # Welch's degrees of freedom
    p_value: float
    estimate: float  # difference in means, or the Hodges-Lehmann shift
    ci_low: float
    ci_high: float
    significant: bool
    moved: int  # -1 fell, +1 rose, 0 no movement

    @property
    def p_text(self) -> str:
        return format_p_value(self.p_value)


@dataclass(frozen=True)
class Verdict:
    status: str
    text: str
    primary: TestLine | None
    robustness: TestLine | None
    hedges_g: float | None
    improvement_pct: float | None
    one_sided: bool
    n_before: int
    n_after: int
    samples_needed: int | None
    reason: str | None


def format_p_value(p: float, alpha: float = 0.05) -> str:
    """'p = 0.41', 'p = 0.021', 'p = 0.0012', 'p < 0.0001': never 0, at most four decimals,
    and one more digit whenever rounding would put p on the wrong side of alpha; written in
    the language's way ("p = 0,021" in German)."""
    if not math.isfinite(p):
        return translate("domain.verdict", "p not available")
    sign, text = _p_digits(p, alpha)
    return f"p {sign} {format_number(float(text), len(text.partition('.')[2]))}"


def _p_digits(p: float, alpha: float = 0.05) -> tuple[str, str]:
    """("=", "0.021") or ("<", "0.0001"): the rounding of :func:`format_p_value`, in plain
    digits."""
    if p < 0.0001:
        return "<", "0.0001"
    decimals = min(4, max(2, 1 - math.floor(math.log10(p))))
    text = f"{p:.{decimals}f}"
    while (float(text) < alpha) != (p < alpha) and decimals < 8:
        decimals += 1
        text = f"{p:.{decimals}f}"
    return "=", text


def p_cell(p: float | None) -> str:
    """A p-value for a spreadsheet or CSV cell: '0.021', '< 0.0001', '' when untested; the
    same rounding as :func:`format_p_value`, never 0, and always plain digits (a file other
    programs read)."""
    if p is None:
        return ""
    if not math.isfinite(p):
        return format_p_value(p)[2:].removeprefix("= ")
    sign, text = _p_digits(p)
    return text if sign == "=" else f"< {text}"


def judge(
    before: Sequence[float],
    after: Sequence[float],
    direction: MetricDirection | str,
    *,
    primary: str = WELCH,
    one_sided: bool = False,
    alpha: float = 0.05,
    metric_name: str | None = None,
    unit: str = "",
    target_change: float | None = None,
) -> Verdict:
    """The verdict on continuous before/after samples (see the module docstring).

    ``target_change`` is the size of change the project hoped for (in the metric's unit); it
    sets the sample size quoted when the samples are too few. Without it the observed change is
    used.
    """
    direction = MetricDirection(direction)
    if primary not in PRIMARY_TESTS:
        raise ValueError(f"primary: must be one of {', '.join(PRIMARY_TESTS)}.")
    b = [float(v) for v in before]
    a = [float(v) for v in after]
    subject = _subject(metric_name)
    alternative = _alternative(direction) if one_sided else "two-sided"
    nb, na = len(b), len(a)
    pct = _improvement_pct(b, a, direction)
    if nb < 2 or na < 2:
        needed = _needed(b, a, target_change, alternative)
        return Verdict(TOO_FEW, _too_few_text(nb, na, needed, target_change, unit), None, None,
                       None, pct, one_sided, nb, na, needed, None)

    welch = _welch_line(a, b, alternative, alpha)
    rank = _rank_line(a, b, alternative, alpha)
    lines = {WELCH: welch, MANN_WHITNEY: rank}
    first = lines[primary]
    other = lines[MANN_WHITNEY if primary == WELCH else WELCH]
    if first is None:  # no spread at all in either phase: only the rank test can speak
        first, other = rank, None
    assert first is not None
    g = _hedges(a, b)
    sided = translate("domain.verdict", ", one-sided") if one_sided else ""

    if not first.significant and (other is None or not other.significant):
        needed = _needed(b, a, target_change, alternative)
        reachable = min_rank_p(nb, na, one_sided=one_sided) < alpha
        small = target_change is None and needed is not None and needed > 4 * max(nb, na)
        if needed is not None and not small and (not reachable or needed > min(nb, na)):
            text = _too_few_text(nb, na, needed, target_change, unit)
            return Verdict(TOO_FEW, text, first, other, g, pct, one_sided, nb, na, needed, None)
        # The conclusion first, the evidence after it: what a manager hears read aloud.
        text = translate(
            "domain.verdict", "No clear change in {subject}: the difference is within what "
            "chance gives ({test}{sided}, {p}{check}).").format(
                subject=subject, test=first.name, sided=sided, p=first.p_text,
                check=_check_text(other))
        return Verdict(NO_CHANGE, text, first, other, g, pct, one_sided, nb, na, needed, None)

    agree = other is None or (other.significant == first.significant
                              and other.moved == first.moved)
    if not agree and not min_rank_p(nb, na, one_sided=one_sided) < alpha:
        # The rank test cannot reach alpha with so few values: its "no" is not evidence.
        needed = max(_needed(b, a, target_change, alternative) or 0, _rank_minimum(one_sided,
                                                                                   alpha))
        floor = format_p_value(min_rank_p(nb, na, one_sided=one_sided))[4:]
        text = translate(
            "domain.verdict", "Too few samples to tell: {before} before and {after} after. "
            "{test}{one_sided} gives {p}, but with so few values the rank test cannot confirm "
            "it (it cannot go below p = {floor}). About {needed} per phase are needed "
            "(80% power, 5% significance).").format(
                before=nb, after=na, test=first.name,
                one_sided=translate("domain.verdict", " (one-sided)") if one_sided else "",
                p=first.p_text, floor=floor, needed=needed)
        return Verdict(TOO_FEW, text, first, other, g, pct, one_sided, nb, na, needed, None)
    if not agree:
        assert other is not None
        reason = likely_reason(b, a, alpha=alpha, p_values=(first.p_value, other.p_value))
        text = translate(
            "domain.verdict", "Not proven: the two tests disagree, so no real improvement is "
            "claimed. Likely reason: {reason}. {test} (the primary test{sided}) gives {p}; the "
            "{other} gives {other_p}.").format(
                reason=reason, test=first.name, sided=sided, p=first.p_text, other=other.name,
                other_p=other.p_text)
        return Verdict(DISAGREE, text, first, other, g, pct, one_sided, nb, na, None, reason)

    better = _better(first.moved, direction)
    fell = first.moved < 0
    amount = f" {format_number(abs(pct), 1)}%" if pct is not None else ""
    ci = _ci_text(first, unit)
    # One plain sentence (what changed, by how much), then the evidence for it.
    if better and fell:
        sentence = translate("domain.verdict", "Real improvement: {subject} fell{amount}{by}. "
                             "{test}{sided}: {p}; {ci}{check}.")
    elif better:
        sentence = translate("domain.verdict", "Real improvement: {subject} rose{amount}{by}. "
                             "{test}{sided}: {p}; {ci}{check}.")
    elif fell:
        sentence = translate("domain.verdict", "Got worse: {subject} fell{amount}{by}. "
                             "{test}{sided}: {p}; {ci}{check}.")
    else:
        sentence = translate("domain.verdict", "Got worse: {subject} rose{amount}{by}. "
                             "{test}{sided}: {p}; {ci}{check}.")
    text = sentence.format(subject=subject, amount=amount, by=_by_text(first, unit),
                           test=first.name, sided=sided, p=first.p_text, ci=ci,
                           check=_check_text(other, agrees=True))
    return Verdict(IMPROVED if better else WORSE, text, first, other, g, pct, one_sided,
                   nb, na, None, None)


def plan_sample_size(
    before: Sequence[float], target_change: float, *, one_sided: bool = False,
    alpha: float = 0.05, power: float = POWER,
) -> int | None:
    """Before the after-phase: how many samples per phase would detect ``target_change`` with
    ``power``, given the spread of the before-data (None when the before-data has no spread)."""
    b = [float(v) for v in before]
    if len(b) < 2 or target_change == 0:
        return None
    sd = statistics.stdev(b)
    if sd <= 0:
        return None
    return samples_needed(abs(target_change), sd, power=power, alpha=alpha,
                          alternative="one-sided" if one_sided else "two-sided")


def likely_reason(
    before: Sequence[float], after: Sequence[float], *, alpha: float = 0.05,
    p_values: tuple[float, float] | None = None,
) -> str:
    """Words for why Welch's test and the rank test can disagree on these samples."""
    extreme = _extreme_count(before) + _extreme_count(after)
    if extreme:
        if extreme == 1:
            return translate("domain.verdict", "one extreme value lies far from the rest; it "
                             "pulls the mean the t-test uses, while the rank test barely feels it")
        return translate("domain.verdict", "a few extreme values ({count}) lie far from the "
                         "rest; they pull the mean the t-test uses, while the rank test barely "
                         "feels them").format(count=extreme)
    sb = statistics.stdev(before) if len(before) > 1 else 0.0
    sa = statistics.stdev(after) if len(after) > 1 else 0.0
    if min(sb, sa) > 0 and max(sb, sa) / min(sb, sa) >= 3:
        return translate("domain.verdict",
                         "the spread changed a lot between before and after, not only the level")
    if p_values and any(abs(math.log10(max(p, 1e-300) / alpha)) < 0.5 for p in p_values):
        return translate("domain.verdict", "the result sits close to the significance line; "
                         "more samples will settle it")
    return translate("domain.verdict", "the shapes of the two samples differ (skew or ties)")


def _welch_line(a: list[float], b: list[float], alternative: str, alpha: float
                ) -> TestLine | None:
    try:
        r = welch_test(a, b, alternative=alternative)
    except ValueError:
        return None
    moved = _sign(r.difference)
    return TestLine(WELCH, translate("domain.verdict", "Welch's t-test"), r.t, r.df, r.p_value,
                    r.difference, r.ci_low, r.ci_high, r.p_value < alpha and moved != 0, moved)


def _rank_line(a: list[float], b: list[float], alternative: str, alpha: float) -> TestLine:
    r = mann_whitney(a, b, alternative=alternative)
    moved = _sign(r.w - len(a) * len(b) / 2)
    return TestLine(MANN_WHITNEY, translate("domain.verdict", "Mann-Whitney test"), r.w, None,
                    r.p_value, r.shift, r.ci_low, r.ci_high, r.p_value < alpha and moved != 0,
                    moved)


def _needed(b: list[float], a: list[float], target: float | None, alternative: str
            ) -> int | None:
    data = [v for v in (b, a) if len(v) >= 2]
    if not data:
        return None
    sd = statistics.stdev(b) if len(b) >= 2 else statistics.stdev(a)
    if sd <= 0:
        return None
    delta = abs(target) if target else (
        abs(statistics.fmean(a) - statistics.fmean(b)) if a and b else 0.0)
    if delta == 0:
        return None
    n = samples_needed(delta, sd, power=POWER,
                       alternative="two-sided" if alternative == "two-sided" else "one-sided")
    return n if n <= MANY else None


def _too_few_text(nb: int, na: int, needed: int | None, target: float | None, unit: str) -> str:
    head = translate("domain.verdict", "Too few samples to tell: {before} before and {after} "
                     "after.").format(before=nb, after=na)
    if needed is None:
        if nb < 2 <= na:
            tail = translate("domain.verdict",
                             "{head} Record at least 2 measurements in the before phase.")
        elif na < 2 <= nb:
            tail = translate("domain.verdict",
                             "{head} Record at least 2 measurements in the after phase.")
        else:
            tail = translate("domain.verdict",
                             "{head} Record at least 2 measurements in each phase.")
        return tail.format(head=head)
    if target:
        change = translate("domain.verdict", "the hoped-for change of {size}").format(
            size=f"{format_measure(abs(target))}{' ' + unit if unit else ''}")
    else:
        change = translate("domain.verdict", "a change of the size seen")
    return translate("domain.verdict", "{head} About {needed} per phase are needed to detect "
                     "{change} (80% power, 5% significance).").format(
                         head=head, needed=needed, change=change)


def _by_text(line: TestLine, unit: str) -> str:
    """" (by 2.9 s)" from the mean difference, " (a typical shift of 2.9 s)" from the
    Hodges-Lehmann estimate."""
    if not math.isfinite(line.estimate):
        return ""
    size = f"{format_measure(abs(line.estimate))}{' ' + unit if unit else ''}"
    if line.test == WELCH:
        return translate("domain.verdict", " (by {size})").format(size=size)
    return translate("domain.verdict", " (a typical shift of {size})").format(size=size)


def _ci_text(line: TestLine, unit: str) -> str:
    label = (translate("domain.verdict", "difference") if line.test == WELCH
             else translate("domain.verdict", "Hodges-Lehmann shift"))
    suffix = f" {unit}" if unit else ""
    df = f", df = {format_number(line.df, 1)}" if line.df is not None else ""
    if math.isinf(line.ci_low):
        bound = translate("domain.verdict", "95% upper bound {high}").format(
            high=format_measure(line.ci_high))
    elif math.isinf(line.ci_high):
        bound = translate("domain.verdict", "95% lower bound {low}").format(
            low=format_measure(line.ci_low))
    else:
        bound = translate("domain.verdict", "95% CI {low} to {high}").format(
            low=format_measure(line.ci_low), high=format_measure(line.ci_high))
    return f"{label} {format_measure(line.estimate)}{suffix}, {bound}{df}"


def _rank_minimum(one_sided: bool, alpha: float) -> int:
    """The smallest equal n per phase at which the exact rank test can reach alpha."""
    n = 2
    while min_rank_p(n, n, one_sided=one_sided) >= alpha:
        n += 1
    return n


def _check_text(other: TestLine | None, *, agrees: bool = False) -> str:
    if other is None:
        return ""
    if agrees:
        return translate("domain.verdict", "; {test} agrees, {p}").format(
            test=other.name, p=other.p_text)
    return translate("domain.verdict", "; {test} as a robustness check, {p}").format(
        test=other.name, p=other.p_text)


def _extreme_count(values: Sequence[float]) -> int:
    """Values beyond Tukey's outer fences (3 IQR outside the quartiles): far out by any rule."""
    if len(values) < 4:
        return 0
    q1, _q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    iqr = q3 - q1
    return sum(v < q1 - 3 * iqr or v > q3 + 3 * iqr for v in values) if iqr > 0 else 0


def _hedges(a: list[float], b: list[float]) -> float | None:
    try:
        return hedges_g(a, b)
    except ValueError:
        return None


def _improvement_pct(b: list[float], a: list[float], direction: MetricDirection
                     ) -> float | None:
    if not a or not b:
        return None
    before_mean = statistics.fmean(b)
    if before_mean == 0:
        return None
    change = (statistics.fmean(a) - before_mean) / abs(before_mean) * 100.0
    return (-change if direction is MetricDirection.LOWER_IS_BETTER else change) + 0.0


def _alternative(direction: MetricDirection) -> str:
    return "less" if direction is MetricDirection.LOWER_IS_BETTER else "greater"


def _better(moved: int, direction: MetricDirection) -> bool:
    return moved < 0 if direction is MetricDirection.LOWER_IS_BETTER else moved > 0


def _subject(metric_name: str | None) -> str:
    name = (metric_name or "").strip()
    if not name:
        return translate("domain.verdict", "the metric")
    first = name.split()[0]
    # German writes a noun with its capital ("Zykluszeit sank"): only the others lower it.
    if not (len(first) > 1 and first.isupper()) and current_language() != "de":
        name = name[0].lower() + name[1:]
    return name


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)
