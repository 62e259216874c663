"""The UI's packages import in one direction (issue 15, point 3: ``board/`` and ``detail/`` used
to import each other). Read from the source with ``ast``, so a lazy import inside a function
counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import kaizen

UI = Path(kaizen.__file__).parent / "ui"


def _imports(package: str) -> set[tuple[str, str]]:
    """(file, imported module) for every ``kaizen.*`` import in ``kaizen/ui/<package>/``."""
    found = set()
    for path in (UI / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add((path.name, node.module))
            elif isinstance(node, ast.Import):
                found.update((path.name, alias.name) for alias in node.names)
    return found


def test_the_board_does_not_import_the_detail_dialogs() -> None:
    offending = sorted(f"{name}: {module}" for name, module in _imports("board")
                       if module.startswith("kaizen.ui.detail"))
    assert offending == []


def test_shared_widgets_import_no_screen() -> None:
    screens = ("kaizen.ui.board", "kaizen.ui.detail", "kaizen.ui.views", "kaizen.ui.measure",
               "kaizen.ui.capture", "kaizen.ui.admin", "kaizen.ui.review")
    offending = sorted(f"{name}: {module}" for name, module in _imports("widgets")
                       if module.startswith(screens))
    assert offending == []
