"""Issue 21: "import only what the first screen needs". A fresh interpreter imports what the
start imports (the command line, the window, the database and service code, the dashboard),
bundles the services and asks for the ones the dashboard reads through; none of the heavy
engines (scipy, numpy, SimPy, Graphviz, ReportLab, the spreadsheet writers, matplotlib, Pillow)
may come in with them. Deterministic: it reads ``sys.modules``, never a clock."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kaizen.config import REPO_ROOT
from kaizen.services import SERVICE_CLASSES, Services, service_class

# Top-level packages the first screen does not need (the dashboard's charts import matplotlib
# in a worker thread, after the figures are read).
HEAVY = ("scipy", "numpy", "simpy", "graphviz", "reportlab", "openpyxl", "xlsxwriter",
         "pandas", "pm4py", "matplotlib", "PIL", "alembic")
# Modules within packages the start does load, that the first screen does not need (issue 21):
# SQLAlchemy's PostgreSQL dialect on a SQLite file (the models named ``postgresql_where``), the
# models of processes, event logs and scenarios (mapped on first use, see kaizen.db.models),
# the domain rules only they and the process signals read, and the database dialog.
NOT_AT_START = ("sqlalchemy.dialects.postgresql", "kaizen.db.models.processes",
                "kaizen.db.models.event_logs", "kaizen.db.models.scenarios",
                "kaizen.domain.kpis", "kaizen.domain.value_stream",
                # The file check's thread imports these (kaizen.ui.app._check_only).
                "kaizen.ui.database_dialog", "kaizen.db.backup")

START = """
import json, sys
import kaizen.cli
import kaizen.ui.app
import kaizen.ui.main_window
import kaizen.ui.app as app
app._import_for_start()
from kaizen.db.engine import Database
from kaizen.services import Services
db = Database("sqlite:///" + sys.argv[1])
services = Services.create(db, attachments_dir=None)
# What the window and the dashboard ask for at start (the figures, the people, the inbox).
for name in ("dashboard", "people", "analytics"):
    getattr(services, name)
db.dispose()
print(json.dumps(sorted(sys.modules)))
"""


def _modules_after_start(tmp_path: Path) -> set[str]:
    env = {"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run([sys.executable, "-c", START, str(tmp_path / "k.db")],
                          capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_start_imports_none_of_the_heavy_engines(tmp_path: Path) -> None:
    loaded = _modules_after_start(tmp_path)
    packages = {name.split(".")[0] for name in loaded}
    assert "sqlalchemy" in packages and "PySide6" in packages  # the start did run
    assert sorted(packages & set(HEAVY)) == []


def test_the_start_imports_no_module_the_first_screen_does_without(tmp_path: Path) -> None:
    loaded = _modules_after_start(tmp_path)
    assert "kaizen.db.models.ideas" in loaded and "sqlalchemy.dialects.sqlite" in loaded
    assert sorted(loaded & set(NOT_AT_START)) == []


def test_every_service_is_built_once_on_first_use(tmp_path: Path) -> None:
    """The lazy bundle gives each service its class, the same instance each time."""
    from kaizen.db.engine import Database

    db = Database(f"sqlite:///{tmp_path / 'k.db'}")
    try:
        services = Services.create(db, attachments_dir=tmp_path / "photos")
        for name in SERVICE_CLASSES:
            first = getattr(services, name)
            assert type(first) is service_class(name)
            assert getattr(services, name) is first
        assert services.suggestions._photos._root == tmp_path / "photos"  # noqa: SLF001
    finally:
        db.dispose()


def test_the_process_signals_after_the_dashboard_import_no_numerical_engine(
        tmp_path: Path) -> None:
    """The dashboard's process signals (read once its charts are in) import the KPI service
    and, through it, the value-stream rules; numpy and scipy come only with a chain to solve."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(REPO_ROOT)}
    code = ("import json, sys\nimport kaizen.services.kpis\n"
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=REPO_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "kaizen" in loaded
    assert sorted(loaded & {"numpy", "scipy"}) == []


def test_the_file_check_imports_the_database_dialog(tmp_path: Path) -> None:
    """The check's thread (after the first screen) imports what the GUI thread needs once the
    check is done, so adding the Database entry does not import it on the GUI thread."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(REPO_ROOT),
           "QT_QPA_PLATFORM": "offscreen"}
    code = ("import json, sqlite3, sys\nfrom pathlib import Path\nimport kaizen.ui.app as app\n"
            "sqlite3.connect(sys.argv[1]).execute('CREATE TABLE t (x)').connection.close()\n"
            "before = 'kaizen.ui.database_dialog' in sys.modules\n"
            "found = app._check_only(Path(sys.argv[1]))\n"
            "print(json.dumps([before, 'kaizen.ui.database_dialog' in sys.modules, "
            "found.condition.value]))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "k.db")],
                          capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [False, True, "healthy"]


def test_a_dialog_that_fails_to_import_is_not_a_damaged_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check's verdict is the file's alone: the dialog's import failing there (met again,
    and reported, on the GUI thread) must not set a healthy file aside."""
    import sqlite3

    from kaizen.db.recovery import Condition
    from kaizen.ui import app

    db_file = tmp_path / "k.db"
    conn = sqlite3.connect(db_file)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    monkeypatch.setitem(sys.modules, "kaizen.ui.database_dialog", None)  # import -> ImportError
    with pytest.raises(ImportError):
        import kaizen.ui.database_dialog  # noqa: F401
    assert app._check_only(db_file).condition is Condition.HEALTHY  # noqa: SLF001
    assert app._recover_on_start(db_file, tmp_path / "backups") is None  # noqa: SLF001


def test_pyside_import_hook_leaves_later_imports_alone(tmp_path: Path) -> None:
    """PySide6's import hook ran Python code at every import statement and read every module's
    source (60-90 ms of the start's CPU, see kaizen.ui.import_hook); once the app is imported,
    a module imported after it passes through none of it (not read: nothing of it lands in
    ``linecache``; not registered in PySide's feature table) and works, as Qt does."""
    (tmp_path / "kaizen_probe_module.py").write_text(
        "from PySide6.QtCore import QSize\nVALUE = QSize(6, 7).width() * 7\n")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": f"{REPO_ROOT}:{tmp_path}"}
    code = ("import json, linecache, sys\nimport kaizen.ui.app\nimport kaizen_probe_module\n"
            "from PySide6.support import feature\n"
            "print(json.dumps([kaizen_probe_module.VALUE, "
            "any(name.endswith('kaizen_probe_module.py') for name in linecache.cache), "
            "'kaizen_probe_module' in feature.pyside_feature_dict]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=REPO_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [42, False, False]


def test_the_window_takes_its_services_before_the_database_dialog_is_imported(
        tmp_path: Path) -> None:
    """The real start (run_gui) on a Kaizen file read beside its check: when the window takes
    its services (the dashboard's build and reads begin), the database dialog is not imported
    yet; the file check's thread brings it once the first screen is filled, and the Database
    entry is added after that check."""
    from kaizen.config import sqlite_url
    from kaizen.db.engine import Database
    from kaizen.db.migrate import prepare_database
    from kaizen.ui.app import readable_beside_check

    data = tmp_path / "data"
    data.mkdir()
    db = Database(sqlite_url(data / "kaizen.db"))
    prepare_database(db, data / "backups")
    db.dispose()
    assert readable_beside_check(data / "kaizen.db")  # the path the check runs beside
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(REPO_ROOT),
           "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    code = ("import json, os, sys\nfrom pathlib import Path\nimport kaizen.ui.app as app\n"
            "from kaizen.config import resolve_paths\n"
            "def taken(window, check):\n"
            "    print(json.dumps(['kaizen.ui.database_dialog' in sys.modules, "
            "window.is_loading]), flush=True)\n"
            "    os._exit(0)\n"
            "app._start_check_when_settled = taken\n"
            "app.run_gui(resolve_paths(None, Path(sys.argv[1])))\n")
    done = subprocess.run([sys.executable, "-c", code, str(data)], capture_output=True,
                          text=True, env=env, cwd=REPO_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [False, False]
