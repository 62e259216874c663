"""README's two commands are the ones CI and users run."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    return re.findall(r"```\n(.+?)\n```", text)


def test_readme_starts_with_the_two_commands() -> None:
    app, tests = _readme_commands()[:2]
    assert app.startswith("./scripts/setup.sh") and "main.py" in app
    assert tests.startswith("./scripts/setup.sh") and "pytest" in tests
    assert "python " not in app + tests  # a fresh Debian has python3 only


def test_ci_runs_the_readme_test_command_exactly() -> None:
    tests = _readme_commands()[1]
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert tests in ci_lines
