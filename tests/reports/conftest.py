"""Fixtures of the report tests: the known plant of ``plant.py`` and its October report."""

from __future__ import annotations

import pytest

from kaizen.reports.data import build_monthly_report

from .plant import MONTH, build_plant


@pytest.fixture
def plant(db, db_url, clock, tmp_path):
    return build_plant(db, db_url, clock, tmp_path)


@pytest.fixture
def report(plant):
    return build_monthly_report(plant.services, MONTH)
