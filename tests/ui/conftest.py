"""UI fixtures: isolated QSettings, real services over the per-test database, a small team and
the main window over them (helpers live in ``helpers.py``).

Background tasks are joined before the database fixture closes its engine, and Python's cyclic
garbage collector only runs on the main thread (see ``kaizen.ui.worker``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from services.test_dashboard import Plant, build_plant

from kaizen.db.engine import Database
from kaizen.domain.enums import AreaKind, Role
from kaizen.services import Services
from kaizen.ui import worker
from kaizen.ui.main_window import MainWindow
from ui.helpers import ADMIN_PIN, SUPERVISOR_PIN, Team, open_window


@pytest.fixture(autouse=True)
def collect_garbage_on_the_main_thread() -> Iterator[None]:
    """As the app does: no cyclic GC on a worker thread, where it could delete Qt objects."""
    gc.disable()
    yield
    worker.wait_for_all()
    gc.collect()
    gc.enable()


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> Iterator[Path]:
    """Every test gets its own, empty QSettings (INI files under tmp_path)."""
    folder = tmp_path / "qsettings"  # the same as the qtbot fixture's (tests/conftest.py)
    folder.mkdir(exist_ok=True)
    QCoreApplication.setOrganizationName("KaizenTests")
    QCoreApplication.setApplicationName("KaizenTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder
    assert worker.wait_for_all(), "background tasks still running at teardown"


@pytest.fixture
def services(db: Database, clock) -> Iterator[Services]:
    yield Services.create(db, clock)
    # Before the ``db`` fixture disposes of the engine under a task still using it.
    assert worker.wait_for_all(), "background tasks still running at teardown"


@pytest.fixture
def team(services: Services) -> Team:
    people = services.people
    admin = people.bootstrap(site_name="Riverside Plant", admin_name="Alex Admin",
                             admin_pin=ADMIN_PIN)
    site = people.list_areas()[0]
    line = people.create_area(admin.id, name="Assembly", kind=AreaKind.DEPARTMENT,
                              parent_id=site.id)
    supervisor = people.create_person(admin.id, name="Sam Supervisor", role=Role.SUPERVISOR,
                                      home_area_id=line.id, pin=SUPERVISOR_PIN)
    staff = people.create_person(admin.id, name="Bea Staff", role=Role.STAFF,
                                 home_area_id=line.id)
    other = people.create_person(admin.id, name="Carl Staff", role=Role.STAFF)
    former = people.create_person(admin.id, name="Dee Former", role=Role.STAFF)
    former = people.set_active(admin.id, former.id, False)
    return Team(admin, supervisor, staff, other, former)


@pytest.fixture
def window(qtbot, services: Services, team: Team) -> MainWindow:
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: len(window.who_picker.people) == len(team.active))
    return window


@pytest.fixture
def dashboard_plant(db: Database, clock) -> Plant:
    """The hand-built plant of tests/services/test_dashboard.py (the dashboard's figures)."""
    return build_plant(db, clock)


@pytest.fixture
def dashboard_services(db: Database, dashboard_plant: Plant) -> Iterator[Services]:
    """The services over :func:`dashboard_plant`, on its clock."""
    yield Services.create(db, dashboard_plant.clock)
    assert worker.wait_for_all(), "background tasks still running at teardown"
