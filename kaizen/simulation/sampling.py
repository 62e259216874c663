"""Random draws for the simulator: every distribution of the process model document turned into
a stream of numbers, each drawn from ONE uniform number by its inverse distribution function.

Why inverse transforms: the same uniform numbers feed the current model and a scenario (common
random numbers), so a shortened duration, a changed mean or even another distribution kind stays
paired draw by draw with the original, and a difference between the two runs is the change, not
noise. Draws come from numpy in batches (a scalar call to numpy costs more than the draw).

Parameters are read as the document defines them (docs/process-model.md):
- ``normal`` (mean, sd) is a normal truncated at 0: the draw is conditioned on being >= 0, so its
  mean is a little above ``mean`` when ``sd`` is not small beside it (:func:`expected`);
- ``lognormal`` (mean, sd) gives the mean and sd of the variable itself; its log has
  sigma^2 = ln(1 + sd^2 / mean^2) and mu = ln(mean) - sigma^2 / 2;
- ``empirical`` draws one of its values, each equally likely (a bootstrap of what was observed);
- ``triangular`` (min, mode, max); ``exponential`` (mean); ``fixed`` (mean).

Pure: numpy and scipy only.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from kaizen.domain.process_model import Distribution

BATCH = 2048

Transform = Callable[[np.ndarray], np.ndarray]


def lognormal_params(mean: float, sd: float) -> tuple[float, float]:
    """(mu, sigma) of the underlying normal for a lognormal with this mean and sd."""
    sigma2 = math.log1p((sd / mean) ** 2)
    return math.log(mean) - sigma2 / 2.0, math.sqrt(sigma2)


def expected(dist: Distribution) -> float:
    """The true mean of the draws (the truncated normal's mean is above its ``mean``)."""
    if dist.kind == "normal":
        assert dist.mean is not None and dist.sd is not None
        if dist.sd == 0:
            return dist.mean
        alpha = -dist.mean / dist.sd
        # E[X | X >= 0] = mean + sd * phi(alpha) / (1 - Phi(alpha))
        phi = math.exp(-alpha * alpha / 2.0) / math.sqrt(2.0 * math.pi)
        tail = 0.5 * math.erfc(alpha / math.sqrt(2.0))  # 1 - Phi(alpha), without scipy
        return dist.mean + dist.sd * phi / tail
    return dist.expected


def transform(dist: Distribution) -> Transform:
    """The inverse distribution function of ``dist``, applied to an array of uniforms in [0, 1)."""
    # scipy.special inside, not at import: the services import the engine and the app's start
    # must not pay for scipy (tests/domain/test_statistics_batch.py).
    from scipy.special import ndtr, ndtri

    kind = dist.kind
    if kind == "fixed":
        value = float(dist.mean or 0.0)
        return lambda u: np.full(u.shape, value)
    if kind == "exponential":
        mean = float(dist.mean or 0.0)
        return lambda u: -mean * np.log1p(-u)
    if kind == "normal":
        mean, sd = float(dist.mean or 0.0), float(dist.sd or 0.0)
        if sd == 0:
            return lambda u: np.full(u.shape, mean)
        low = float(ndtr(-mean / sd))  # P(X < 0) of the untruncated normal

        def truncated_normal(u: np.ndarray) -> np.ndarray:
            # Inverse CDF restricted to [0, inf): one uniform per draw, no rejection.
            p = low + u * (1.0 - low)
            draws: np.ndarray = np.maximum(mean + sd * ndtri(p), 0.0)
            return draws

        return truncated_normal
    if kind == "lognormal":
        mean, sd = float(dist.mean or 0.0), float(dist.sd or 0.0)
        if sd == 0:
            return lambda u: np.full(u.shape, mean)
        mu, sigma = lognormal_params(mean, sd)
        # ndtri(0) is -inf, exp(-inf) = 0: a valid (if unlikely) zero duration.
        return lambda u: np.exp(mu + sigma * ndtri(u))
    if kind == "triangular":
        low, mode, high = float(dist.min or 0.0), float(dist.mode or 0.0), float(dist.max or 0.0)
        width = high - low
        if width == 0:
            return lambda u: np.full(u.shape, low)
        cut = (mode - low) / width

        def triangular(u: np.ndarray) -> np.ndarray:
            left = low + np.sqrt(u * width * (mode - low))
            right = high - np.sqrt((1.0 - u) * width * (high - mode))
            return np.where(u < cut, left, right)

        return triangular
    if kind == "empirical":
        values = np.asarray(dist.values, dtype=float)
        count = len(values)
        return lambda u: values[np.minimum((u * count).astype(np.int64), count - 1)]
    raise ValueError(f"no sampler for a {kind!r} distribution")


class Stream:
    """Uniform numbers from one generator, handed out one at a time from numpy batches."""

    __slots__ = ("_rng", "_transform", "_values", "_index")

    def __init__(self, rng: np.random.Generator, fn: Transform | None = None) -> None:
        self._rng = rng
        self._transform = fn
        self._values: list[float] = []
        self._index = 0

    def __call__(self) -> float:
        index = self._index
        if index == len(self._values):
            uniforms = self._rng.random(BATCH)
            drawn = uniforms if self._transform is None else self._transform(uniforms)
            self._values = drawn.tolist()
            index = 0
        self._index = index + 1
        return self._values[index]


def sampler(dist: Distribution, rng: np.random.Generator) -> Stream:
    """A callable returning the next draw of ``dist`` from ``rng``."""
    return Stream(rng, transform(dist))
