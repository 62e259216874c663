"""Fixtures shared by the service tests: a small site, and the process and KPI services on the
test's database and clock. A test file that needs another site defines its own ``site``."""

from __future__ import annotations

import pytest

from kaizen.services.kpis import KpiService
from kaizen.services.processes import ProcessService

from .factories import make_site


@pytest.fixture
def site(db, clock):
    return make_site(db, clock)


@pytest.fixture
def processes(db, clock) -> ProcessService:
    return ProcessService(db, clock)


@pytest.fixture
def kpis(db, clock) -> KpiService:
    return KpiService(db, clock)
