"""Process capability: Cp, Cpk, Cpl, Cpu and Cpm from the within sigma with 95 % limits, Pp and
Ppk from the overall sigma, the share outside the specs, DPMO and the sigma level.

Definitions (Montgomery, Introduction to Statistical Quality Control, ch. 8; the NIST/SEMATECH
e-Handbook, section 6.1.6; and the R package qcc's ``process.capability``, whose printed output
the tests check):

- within sigma: R-bar / d2 for subgroups of equal size, MR-bar / d2 (d2 = 1.128) for single
  values (the moving range of two); overall sigma: the sample standard deviation of all values.
- Cp = (USL - LSL) / 6 sigma; Cpu = (USL - mean) / 3 sigma; Cpl = (mean - LSL) / 3 sigma;
  Cpk = min(Cpl, Cpu); Cpm = Cp / sqrt(1 + ((mean - T) / sigma)^2), T the target (the middle of
  the specs when none is set). Pp and Ppk are Cp and Cpk with the overall sigma.
- confidence limits, exactly as qcc computes them: Cp and Cpm by the chi-square distribution
  (Cpm with df = n (1 + d^2) / (1 + 2 d^2), d = (mean - T) / sigma); Cpk by Bissell's normal
  approximation C (1 +/- z sqrt(1 / (9 n C^2) + 1 / (2 (n - 1)))) with the two-sided z
  (1.96); Cpl and Cpu, each a one-sided index, by the same formula with the one-sided z
  (1.645), so each of their limits is a one-sided 95 % bound.
- expected % outside: the normal tail beyond each spec with the within sigma (as qcc);
  observed %: the values strictly beyond each spec.
- DPMO: the expected long-term fraction outside (overall sigma) times 10^6; the sigma level is
  the normal quantile of 1 - that fraction plus the conventional 1.5-sigma shift (so 3.4 DPMO
  reads as "6 sigma"), and the text saying so is in ``SIGMA_SHIFT_NOTE``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from kaizen.domain.spc_constants import d2
from kaizen.i18n import QT_TRANSLATE_NOOP, translate

SIGMA_SHIFT = 1.5
SIGMA_SHIFT_NOTE = QT_TRANSLATE_NOOP(
    "domain.capability", "sigma level includes the conventional 1.5-sigma long-term shift")


@dataclass(frozen=True)
class Index:
    """A capability index with its confidence limits (None where it does not exist)."""

    value: float
    low: float
    high: float


@dataclass(frozen=True)
class Capability:
    n: int
    mean: float
    sigma_within: float
    sigma_overall: float
    lsl: float | None
    usl: float | None
    target: float | None
    cp: Index | None
    cpl: Index | None
    cpu: Index | None
    cpk: Index
    cpm: Index | None
    pp: float | None
    ppk: float
    expected_below_pct: float
    expected_above_pct: float
    observed_below_pct: float
    observed_above_pct: float
    dpmo: float
    sigma_level: float
    conf_level: float


def check_specs(lsl: float | None, usl: float | None, target: float | None) -> None:
    """Raise ValueError naming the field when the spec limits cannot be used."""
    if lsl is None and usl is None:
        raise ValueError("lsl/usl: " + translate(
            "domain.capability", "at least one spec limit is needed."))
    for name, value in (("lsl", lsl), ("usl", usl), ("target", target)):
        if value is not None and not math.isfinite(value):
            raise ValueError(name + ": " + translate("domain.capability",
                                                     "must be a finite number."))
    if lsl is not None and usl is not None and lsl >= usl:
        raise ValueError("usl: " + translate(
            "domain.capability", "the upper spec limit must be above the lower one."))
    if target is not None and (
        (lsl is not None and target < lsl) or (usl is not None and target > usl)
    ):
        raise ValueError("target: " + translate(
            "domain.capability", "must lie between the spec limits."))


def within_sigma(values: Sequence[float], subgroup_size: int = 1) -> float:
    """R-bar / d2(n) for consecutive subgroups of ``subgroup_size``, MR-bar / 1.128 for 1."""
    data = [float(v) for v in values]
    if subgroup_size < 1:
        raise ValueError("subgroup_size must be at least 1.")
    if subgroup_size == 1:
        if len(data) < 2:
            raise ValueError(translate(
                "domain.capability", "The moving range needs at least two values."))
        ranges = [abs(b - a) for a, b in zip(data, data[1:], strict=False)]
        return (sum(ranges) / len(ranges)) / d2(2)
    if len(data) % subgroup_size or len(data) < 2 * subgroup_size:
        raise ValueError(translate(
            "domain.capability", "The values must fill at least two whole subgroups."))
    groups = [data[i:i + subgroup_size] for i in range(0, len(data), subgroup_size)]
    r_bar = sum(max(g) - min(g) for g in groups) / len(groups)
    return r_bar / d2(subgroup_size)


def capability(
    values: Sequence[float],
    *,
    lsl: float | None,
    usl: float | None,
    target: float | None = None,
    subgroup_size: int = 1,
    sigma: float | None = None,
    conf_level: float = 0.95,
) -> Capability:
    """Capability of ``values`` (in time order; subgroups consecutive) against the specs.

    ``sigma`` overrides the within sigma (for a chart whose sigma is known).
    """
    import statistics

    from scipy import stats

    check_specs(lsl, usl, target)
    data = [float(v) for v in values]
    n = len(data)
    if n < 2 or not all(math.isfinite(v) for v in data):
        raise ValueError("values: " + translate(
            "domain.capability", "at least two finite measurements are needed."))
    mean = math.fsum(data) / n
    s_within = within_sigma(data, subgroup_size) if sigma is None else float(sigma)
    s_overall = statistics.stdev(data)
    if s_within <= 0 or s_overall <= 0:
        raise ValueError("values: " + translate(
            "domain.capability", "capability needs some variation in the data."))
    alpha = 1 - conf_level
    z = float(stats.norm.ppf(1 - alpha / 2))
    chi_lo = float(stats.chi2.ppf(alpha / 2, n - 1)) / (n - 1)
    chi_hi = float(stats.chi2.ppf(1 - alpha / 2, n - 1)) / (n - 1)

    z_one = float(stats.norm.ppf(conf_level))

    def bissell(c: float, quantile: float) -> Index:
        half = quantile * math.sqrt(1 / (9 * n * c * c) + 1 / (2 * (n - 1))) if c else math.inf
        return Index(c, c * (1 - half), c * (1 + half))

    cpu = bissell((usl - mean) / (3 * s_within), z_one) if usl is not None else None
    cpl = bissell((mean - lsl) / (3 * s_within), z_one) if lsl is not None else None
    cp = cpm = None
    pp = None
    if lsl is not None and usl is not None:
        value = (usl - lsl) / (6 * s_within)
        cp = Index(value, value * math.sqrt(chi_lo), value * math.sqrt(chi_hi))
        aim = (lsl + usl) / 2 if target is None else target
        d = (mean - aim) / s_within
        value = value / math.sqrt(1 + d * d)
        df = n * (1 + d * d) / (1 + 2 * d * d)
        cpm = Index(value,
                    value * math.sqrt(float(stats.chi2.ppf(alpha / 2, df)) / df),
                    value * math.sqrt(float(stats.chi2.ppf(1 - alpha / 2, df)) / df))
        pp = (usl - lsl) / (6 * s_overall)
    one_sided = [i for i in (cpl, cpu) if i is not None]
    cpk = bissell(min(i.value for i in one_sided), z)
    ppk = min(
        v for v in (
            (usl - mean) / (3 * s_overall) if usl is not None else None,
            (mean - lsl) / (3 * s_overall) if lsl is not None else None,
        ) if v is not None
    )
    below = float(stats.norm.cdf((lsl - mean) / s_within)) if lsl is not None else 0.0
    above = float(stats.norm.sf((usl - mean) / s_within)) if usl is not None else 0.0
    long_below = float(stats.norm.cdf((lsl - mean) / s_overall)) if lsl is not None else 0.0
    long_above = float(stats.norm.sf((usl - mean) / s_overall)) if usl is not None else 0.0
    fraction = long_below + long_above
    return Capability(
        n=n, mean=mean, sigma_within=s_within, sigma_overall=s_overall,
        lsl=lsl, usl=usl, target=target,
        cp=cp, cpl=cpl, cpu=cpu, cpk=cpk, cpm=cpm, pp=pp, ppk=ppk,
        expected_below_pct=below * 100, expected_above_pct=above * 100,
        observed_below_pct=(sum(v < lsl for v in data) / n * 100) if lsl is not None else 0.0,
        observed_above_pct=(sum(v > usl for v in data) / n * 100) if usl is not None else 0.0,
        dpmo=fraction * 1e6,
        sigma_level=sigma_level(fraction * 1e6),
        conf_level=conf_level,
    )


def sigma_level(dpmo: float) -> float:
    """The short-term sigma level of a long-term defect rate: z(1 - DPMO / 10^6) + 1.5."""
    from scipy import stats

    if not 0 <= dpmo <= 1e6:
        raise ValueError("dpmo must be between 0 and 1,000,000.")
    if dpmo == 0:
        return math.inf
    return float(stats.norm.isf(dpmo / 1e6)) + SIGMA_SHIFT
