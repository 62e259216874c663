"""Capability indices against R qcc's printed ``process.capability`` output and the NIST
e-Handbook.

Sources:
- qcc (Scrucca 2004), ``q <- qcc(diameter[1:25,], type="xbar")`` on the piston rings prints
  Center = 74.00118, StdDev = 0.009785039; ``process.capability(q, spec.limits=c(73.95,74.05))``
  prints Cp 1.703 (1.491, 1.915), Cp_l 1.743 (1.555, 1.932), Cp_u 1.663 (1.483, 1.844),
  Cp_k 1.663 (1.448, 1.878), Cpm 1.691 (1.480, 1.902); with target = 74.02:
  Cpm 0.7856 (0.6556, 0.9154); with spec.limits=c(73.99, 74.01): Exp<LSL 13%, Exp>USL 18%,
  Obs<LSL 12%, Obs>USL 16%. (The same numbers are the expected values of the mistat Python
  port's tests, checked against R.)
- NIST/SEMATECH e-Handbook 6.1.6, example: USL = 20, LSL = 8, mean 16, sigma 2 gives Cp = 1,
  Cpu = 0.6667, Cpl = 1.3333, Cpk = 0.6667.
- The Six Sigma conversion table with the 1.5-sigma shift (Harry; e.g. iSixSigma): 3.4 DPMO is
  6 sigma, 233 is 5, 6,210 is 4, 66,807 is 3.
"""

from __future__ import annotations

import pytest

from kaizen.domain.capability import capability, sigma_level, within_sigma
from tests.domain.pistonrings import PR

VALUES = [v for group in PR for v in group]


def _close(index, value, low, high, rel=5e-4):
    assert index.value == pytest.approx(value, rel=rel)
    assert index.low == pytest.approx(low, rel=rel)
    assert index.high == pytest.approx(high, rel=rel)


def test_within_sigma_is_r_bar_over_d2():
    assert within_sigma(VALUES, 5) == pytest.approx(0.009785039, rel=1e-6)
    assert sum(VALUES) / len(VALUES) == pytest.approx(74.00118, abs=5e-6)


def test_indices_and_limits_match_qcc():
    c = capability(VALUES, lsl=73.95, usl=74.05, subgroup_size=5)
    assert c.n == 125
    _close(c.cp, 1.703, 1.491, 1.915)
    _close(c.cpl, 1.743, 1.555, 1.932)
    _close(c.cpu, 1.663, 1.483, 1.844)
    _close(c.cpk, 1.663, 1.448, 1.878)
    _close(c.cpm, 1.691, 1.480, 1.902)
    assert c.observed_below_pct == c.observed_above_pct == 0


def test_cpm_with_an_off_centre_target_matches_qcc():
    c = capability(VALUES, lsl=73.95, usl=74.05, target=74.02, subgroup_size=5)
    _close(c.cpm, 0.7856, 0.6556, 0.9154)


def test_tight_specs_percent_outside_matches_qcc():
    c = capability(VALUES, lsl=73.99, usl=74.01, subgroup_size=5)
    _close(c.cp, 0.3407, 0.2983, 0.3830)
    _close(c.cpk, 0.3006, 0.2312, 0.3700)
    assert round(c.expected_below_pct) == 13 and round(c.expected_above_pct) == 18
    assert c.observed_below_pct == 12 and c.observed_above_pct == 16


def test_nist_handbook_example_with_known_sigma():
    # Two values with mean 16 and a given sigma: the indices depend on mean and sigma only.
    c = capability([15.0, 17.0], lsl=8, usl=20, sigma=2.0)
    assert c.cp.value == pytest.approx(1.0)
    assert c.cpu.value == pytest.approx(0.6667, abs=5e-5)
    assert c.cpl.value == pytest.approx(1.3333, abs=5e-5)
    assert c.cpk.value == pytest.approx(0.6667, abs=5e-5)


def test_one_sided_spec_has_no_cp():
    c = capability(VALUES, lsl=None, usl=74.05, subgroup_size=5)
    assert c.cp is None and c.cpl is None and c.pp is None
    assert c.cpk.value == pytest.approx(c.cpu.value)


def test_pp_uses_the_overall_sigma():
    import statistics

    c = capability(VALUES, lsl=73.95, usl=74.05, subgroup_size=5)
    assert c.pp == pytest.approx(0.1 / (6 * statistics.stdev(VALUES)))
    assert c.sigma_overall > c.sigma_within


@pytest.mark.parametrize(("dpmo", "level"), [(3.4, 6.0), (233, 5.0), (6210, 4.0), (66807, 3.0)])
def test_sigma_level_table(dpmo, level):
    assert sigma_level(dpmo) == pytest.approx(level, abs=1e-3)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"lsl": None, "usl": None}, "lsl"),
    ({"lsl": 74.05, "usl": 73.95}, "usl"),
    ({"lsl": 73.95, "usl": 74.05, "target": 75.0}, "target"),
])
def test_bad_specs_name_the_field(kwargs, field):
    with pytest.raises(ValueError, match=field):
        capability(VALUES, subgroup_size=5, **kwargs)
