"""Issue 21: the start shows the last dashboard at once, marked with its time, then refreshes.

The window keeps its filled dashboard as a picture when it closes; the next window over the same
database shows that picture instead of the grey outline until its figures are read. A picture of
another database, or a dashboard closed half drawn, is not shown.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kaizen.config import REPO_ROOT
from kaizen.services import Services
from kaizen.ui.main_window import MainWindow
from kaizen.ui.views.last_dashboard import load_snapshot
from ui.helpers import Team

LOCATION = "/data/kaizen.db"


def _filled(window: MainWindow) -> bool:
    page = window.page_at(0)
    return (page.figures is not None and not page.savings_chart.is_loading
            and not page.pareto_chart.is_loading)


def _keep_one(qtbot, services: Services, picture: Path) -> None:
    window = MainWindow(services, db_location=LOCATION, restore_person=False,
                        last_dashboard=picture)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: _filled(window), timeout=30_000)
    window.close()


def test_a_filled_dashboard_is_kept_and_shown_at_the_next_start(
        qtbot, services: Services, team: Team, tmp_path: Path) -> None:
    picture = tmp_path / "last-dashboard.png"
    _keep_one(qtbot, services, picture)
    assert picture.is_file()
    kept = load_snapshot(picture, LOCATION)
    assert kept is not None and kept.image.width() > 600

    starting = MainWindow(None, db_location=LOCATION, restore_person=False,
                          last_dashboard=picture)
    qtbot.addWidget(starting)
    starting.show()
    qtbot.waitExposed(starting)
    page = starting.loading_page
    assert page is not None and page.shows_snapshot
    assert page.picture.isVisible() and not page.skeleton.isVisible()
    assert not page.picture.pixmap().isNull()
    assert page.subtitle_label.text().startswith("The dashboard as of ")
    assert "refreshing" in page.subtitle_label.text()


def test_a_picture_of_another_database_is_not_shown(
        qtbot, services: Services, team: Team, tmp_path: Path) -> None:
    picture = tmp_path / "last-dashboard.png"
    _keep_one(qtbot, services, picture)
    other = MainWindow(None, db_location="/elsewhere/kaizen.db", restore_person=False,
                       last_dashboard=picture)
    qtbot.addWidget(other)
    assert other.loading_page is not None and not other.loading_page.shows_snapshot
    assert load_snapshot(picture, "/elsewhere/kaizen.db") is None


def test_a_dashboard_closed_before_its_figures_is_not_kept(
        qtbot, services: Services, team: Team, tmp_path: Path) -> None:
    picture = tmp_path / "last-dashboard.png"
    window = MainWindow(services, db_location=LOCATION, restore_person=False,
                        last_dashboard=picture)
    qtbot.addWidget(window)
    assert not window.keep_dashboard()  # nothing read yet: no picture of a half-drawn page
    assert not picture.exists()


def test_the_kept_dashboard_paints_without_the_database_code(
        qtbot, services: Services, team: Team, tmp_path: Path) -> None:
    """The picture is shown by Qt alone: no SQLAlchemy, services or matplotlib for it."""
    picture = tmp_path / "last-dashboard.png"
    _keep_one(qtbot, services, picture)
    heavy = ("sqlalchemy", "alembic", "matplotlib", "scipy", "numpy", "kaizen.services",
             "kaizen.db.engine")
    code = f"""
import json, sys
from pathlib import Path
from kaizen.ui.app import ensure_application
from kaizen.ui.main_window import MainWindow
app = ensure_application()
window = MainWindow(None, db_location={LOCATION!r}, last_dashboard=Path({str(picture)!r}))
window.show()
app.processEvents()
print(json.dumps({{"loaded": sorted(m for m in {heavy!r} if m in sys.modules),
                  "snapshot": window.loading_page.shows_snapshot}}))
"""
    env = {"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=REPO_ROOT, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"loaded": [], "snapshot": True}
