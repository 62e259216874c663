"""PySide6's import hook, out of the way: imports cost what Python's own cost (issue 21).

Importing PySide6 replaces Python's ``__import__`` with its own (``__feature_import__``), which
serves ``from __feature__ import snake_case, true_property``. Every import statement run after
that first calls a Python function of PySide's (``feature_import``: is this ``__feature__``?),
then the import kept as ``__orig_import__`` (PySide's lazy import of its own modules), then
``_mod_uses_pyside(module)``, which read the module's whole source with ``inspect.getsource``
(kept in ``linecache`` for the rest of the run) to look for the word "PySide6". Before the fresh
dashboard that was 60-90 ms of CPU (SQLAlchemy, the models, the services, the window's code:
thousands of import statements, hundreds of sources read), as much again when matplotlib comes.

Kaizen selects no feature anywhere, so the hook has nothing to do here:
- the import PySide6 kept (its lazy import, which still calls Python's) is put back as
  ``__import__`` when the hook is what is installed (anything else, a debugger's or a coverage
  tool's, is left alone);
- should the hook be called all the same, ``_mod_uses_pyside`` answers without reading the
  source: 0, "uses PySide6, no feature selected", what every Kaizen module gets, and the answer
  shiboken caches per module when it looks up a Qt class's attributes.

Done at this module's import, which :mod:`kaizen.ui.app` makes first, so everything the window,
the start-up thread and the charts import after it is spared. (PySide's hook reads
``__import__`` again after each import it serves, so the import in progress while this runs
keeps the change.) A PySide6 without these names is left as it is.
"""

from __future__ import annotations

import builtins
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


def restore_python_import() -> bool:
    """Put back the import PySide6 kept when its feature hook is ``__import__``; False when
    something else is installed there (left alone)."""
    kept = getattr(builtins, "__orig_import__", None)
    hook = getattr(builtins, "__feature_import__", None)
    if kept is None or hook is None or builtins.__import__ is not hook:
        return False
    builtins.__import__ = kept
    return True


make_feature_check_cheap()
restore_python_import()
