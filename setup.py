"""Build hook only (the metadata is in pyproject.toml): puts the app's data into the wheel.

The style sheet and icons (``resources/``), the Alembic migrations (``migrations/`` and
``alembic.ini``) live at the top of the checkout, where developers and other tools expect them.
An installed wheel has no checkout, so ``build_py`` copies them into the package as
``kaizen/_data/``; :mod:`kaizen.config` looks there first. An editable install reads them from
the checkout and copies nothing. ``scripts/check_wheel.sh`` installs the built wheel into a
fresh virtual environment and runs it, so a file left out here fails CI.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# Checkout path -> path inside kaizen/_data (the same names: kaizen.config relies on them).
BUNDLED = ("resources", "migrations", "alembic.ini")


class BuildPyWithAppData(build_py):
    """The standard build_py, then the app's data copied into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's own folders
        target = Path(self.build_lib) / "kaizen" / "_data"
        for name in BUNDLED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, target / name, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("__pycache__", "*.py[co]"))
            else:
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)


setup(cmdclass={"build_py": BuildPyWithAppData})
