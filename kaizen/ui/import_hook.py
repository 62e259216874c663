"""PySide6's import hook, made cheap: no module's source is read when it is imported (issue 21).

Importing PySide6 replaces Python's ``__import__`` with its own, which serves ``from __feature__
import snake_case, true_property``. After each module imported from then on, it asks
``_mod_uses_pyside(module)`` (in ``shibokensupport/feature.py``), which reads the module's whole
source with ``inspect.getsource`` (kept in ``linecache`` for the rest of the run) to look for
the word "PySide6", and records the answer: 0 ("uses PySide6, no feature selected") or -1
("ignore this module"). At start that read every source file of SQLAlchemy, the models and the
services: 50-60 ms of CPU before the fresh dashboard, as much again when matplotlib comes in.

Kaizen selects no feature anywhere, so the answer changes nothing but speed; every module is
answered 0 without reading it. That is what a module naming PySide6 gets, and it is the answer
shiboken caches per module when it looks up a Qt class's attributes (-1 is looked up again at
every access). Imported first by :mod:`kaizen.ui.app`, so everything the window, the start-up
thread and the charts import after it is spared. A PySide6 without that function is left as
it is.
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401 (installs the hook and loads the module patched below)

# Where PySide6 6.x keeps the feature module once QtCore is imported.
FEATURE_MODULE = "PySide6.support.feature"


def _uses_pyside(module: ModuleType) -> bool:
    """Every module counts as using PySide6 without a feature (see the module notes)."""
    return True


def make_feature_check_cheap() -> bool:
    """Answer PySide6's per-module question without reading sources; False when this PySide6
    has no such question (nothing changed)."""
    feature = sys.modules.get(FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_pyside  # type: ignore[attr-defined]  # noqa: SLF001
    return True


make_feature_check_cheap()
