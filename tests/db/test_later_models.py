"""Issue 21: the process, event-log and scenario models are mapped on first use, not at start
(kaizen/db/models/__init__.py). Each check runs in a fresh interpreter, where nothing has
imported them yet; deterministic (it reads ``sys.modules``, the metadata and a lock's state,
never a clock).

The hazard the lock guards against is SQLAlchemy's own: mappers are configured (relationships
named by a string resolved) at the first query after a new class is mapped, in whichever thread
runs it; between two classes of one module, ``Process.maps`` names a ``ProcessMap`` that does
not exist yet, and a failed configuration fails every later query ("One or more mappers failed
to initialize", SQLAlchemy 2.0 documentation, "Mapping Class Inheritance Hierarchies" and
``configure_mappers``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from kaizen.config import REPO_ROOT
from kaizen.db.models import LATER, Base

LATER_MODULES = sorted(f"kaizen.db.models.{module}" for module in LATER)


def _run(code: str, tmp_path: Path) -> dict[str, object]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "k.db")],
                          capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_later_models_wait_for_their_names_and_base_maps_them_all(tmp_path: Path) -> None:
    out = _run("""
import json, sys
import kaizen.db.models as models
from kaizen.db.models import PdcaCycle, Suggestion  # the dashboard's
first = sorted(m for m in sys.modules if m.startswith("kaizen.db.models."))
from kaizen.db.models import Scenario
after_one = sorted(m for m in sys.modules if m.startswith("kaizen.db.models."))
from kaizen.db.models import Base
print(json.dumps({"first": first, "after_one": after_one, "scenario": Scenario.__tablename__,
                  "tables": sorted(Base.metadata.tables)}))
""", tmp_path)
    first = set(out["first"])  # type: ignore[arg-type]
    assert first and not first & set(LATER_MODULES)
    assert set(out["after_one"]) - first == {"kaizen.db.models.scenarios"}  # type: ignore[arg-type]
    assert out["scenario"] == "scenarios"
    # Base from kaizen.db.models: every table, as in a process that imported every model.
    assert out["tables"] == sorted(Base.metadata.tables)


def test_a_query_between_two_later_classes_waits_for_the_whole_module(tmp_path: Path) -> None:
    """Once ``Process`` is mapped and before ``ProcessMap`` is, another thread cannot take the
    configure lock (it would configure ``Process.maps`` and fail); afterwards it can, and the
    relationships between the later classes resolve."""
    out = _run("""
import json, sys, threading
from sqlalchemy import select
from sqlalchemy.orm import configure_mappers
from sqlalchemy.orm.mapper import _CONFIGURE_MUTEX
import kaizen.db.models as models
from kaizen.db.base import Base
from kaizen.db.models import Suggestion
configure_mappers()  # the start's mappers, configured as the first query does
seen = []
import sqlalchemy.orm
plain_mapped_column = sqlalchemy.orm.mapped_column
registry = Base.registry._class_registry

def other_thread():
    got = _CONFIGURE_MUTEX.acquire(blocking=False)
    error = None
    if got:
        try:
            configure_mappers()
        except Exception as exc:
            error = type(exc).__name__
        finally:
            _CONFIGURE_MUTEX.release()
    seen.append({"got": got, "error": error})

def mapped_column(*args, **kwargs):
    # The body of the class after Process runs: Process is mapped, ProcessMap is not yet.
    if "Process" in registry and "ProcessMap" not in registry and not seen:
        worker = threading.Thread(target=other_thread)
        worker.start()
        worker.join()
    return plain_mapped_column(*args, **kwargs)

sqlalchemy.orm.mapped_column = mapped_column  # what processes.py imports by name
from kaizen.db.models import ProcessMap, ProcessStep
configure_mappers()
statement = select(ProcessMap.id).join(ProcessMap.steps).join(ProcessMap.process)
print(json.dumps({"seen": seen, "sql": str(statement).split()[:2],
                  "target": ProcessMap.steps.property.mapper.class_.__name__}))
""", tmp_path)
    assert out["seen"] == [{"got": False, "error": None}]
    assert out["target"] == "ProcessStep"
    assert out["sql"] == ["SELECT", "process_maps.id"]


def test_nothing_imports_a_later_model_module_by_its_own_name() -> None:
    """Only through ``kaizen.db.models`` (under the configure lock): a module imported by its own
    name maps its classes without it, and a thread holding the lock and waiting for that
    import while the other waits for the lock would never end."""
    names = "|".join(re.escape(name) for name in LATER_MODULES)
    statement = re.compile(rf"(?:\bfrom\s+|\bimport\s+|import_module\(\s*[\"'])({names})\b")
    found = []
    for folder in ("kaizen", "tests", "bench", "scripts", "migrations"):
        for path in (REPO_ROOT / folder).rglob("*.py"):
            if path.parent == REPO_ROOT / "kaizen" / "db" / "models":
                continue  # the package itself names them (TYPE_CHECKING and LATER)
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(REPO_ROOT)}: {hit}" for hit in statement.findall(text)]
    assert found == []
