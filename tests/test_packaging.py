"""Installing like a desktop app (issue 22): package data, the menu entry, the CI wheel step.

The wheel itself is built, installed into a fresh virtual environment and run by
scripts/check_wheel.sh (a step of .ci/run; minutes, not a unit test). These tests keep the
pieces it relies on honest. The .desktop file's keys and the Exec quoting follow the
freedesktop Desktop Entry Specification 1.4 ("Recognized desktop entry keys", "The Exec key");
the icon's place follows the Icon Theme Specification (hicolor, scalable/apps).
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
import tomllib
from pathlib import Path

import pytest

from kaizen import desktop_entry
from kaizen.cli import main
from kaizen.config import REPO_ROOT

PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _package_data_patterns() -> list[str]:
    return PYPROJECT["tool"]["setuptools"]["package-data"]["kaizen"]


def _matches(relative: str, patterns: list[str]) -> bool:
    # setuptools reads "**/*.json" as any depth, the top folder included.
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(relative, p.removeprefix("**/"))
               for p in patterns)


def test_every_data_file_inside_the_package_is_packaged() -> None:
    """A data file under kaizen/ (templates, help pages, translations, ...) of a kind the
    package-data globs miss would be left out of the wheel."""
    package = REPO_ROOT / "kaizen"
    found = [path.relative_to(package).as_posix() for path in package.rglob("*")
             if path.is_file() and path.suffix not in (".py", ".pyc")
             and "__pycache__" not in path.parts and path.parts[-2:-1] != ("_data",)
             and "_data" not in path.relative_to(package).parts]
    assert "templates/processes/blank.json" in found
    missed = [name for name in found if not _matches(name, _package_data_patterns())]
    assert not missed, f"not in pyproject's package-data: {missed}"


def test_the_checkout_folders_the_wheel_bundles_exist() -> None:
    """setup.py copies these into kaizen/_data; kaizen.config reads them from there."""
    text = (REPO_ROOT / "setup.py").read_text(encoding="utf-8")
    for name in ("resources", "migrations", "alembic.ini"):
        assert f'"{name}"' in text
        assert (REPO_ROOT / name).exists()
    manifest = (REPO_ROOT / "MANIFEST.in").read_text(encoding="utf-8")
    for line in ("graft resources", "graft migrations", "include alembic.ini"):
        assert line in manifest


def test_the_kaizen_command_and_the_ci_step() -> None:
    assert PYPROJECT["project"]["scripts"]["kaizen"] == "kaizen.cli:main"
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    script = REPO_ROOT / "scripts" / "check_wheel.sh"
    assert "scripts/check_wheel.sh" in ci
    assert os.access(script, os.X_OK)
    body = script.read_text(encoding="utf-8")
    for step in ("-m build", "-m venv", "--version", " demo", " report"):
        assert step in body
    assert any(d.startswith("build") for d in PYPROJECT["project"]["optional-dependencies"]["dev"])


def test_version_option_prints_the_version(capsys: pytest.CaptureFixture) -> None:
    from kaizen import __version__

    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"kaizen {__version__}"


def _entry_keys(text: str) -> dict[str, str]:
    lines = text.splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line)


def test_install_desktop_writes_the_entry_and_icon(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert main(["--install-desktop"]) == 0
    entry = tmp_path / "xdg" / "applications" / "kaizen.desktop"
    icon = tmp_path / "xdg" / "icons" / "hicolor" / "scalable" / "apps" / "kaizen.svg"
    assert str(entry) in capsys.readouterr().out
    keys = _entry_keys(entry.read_text(encoding="utf-8"))
    assert keys["Type"] == "Application"
    assert keys["Name"] == "Kaizen"
    assert keys["Icon"] == "kaizen"
    assert keys["Exec"]
    assert icon.read_bytes() == (REPO_ROOT / "resources" / "icons" / "kaizen.svg").read_bytes()
    assert not list(tmp_path.rglob("*.part"))


def test_install_desktop_says_why_it_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    assert main(["--install-desktop"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: the menu entry could not be written")
    assert "Traceback" not in err


def test_exec_quoting_follows_the_desktop_entry_spec() -> None:
    assert desktop_entry.entry_text(["/opt/kaizen/bin/kaizen"]).count(
        "Exec=/opt/kaizen/bin/kaizen\n") == 1
    # A space asks for double quotes; a literal backslash is four in the file, a double quote
    # \\" and a percent sign %% (the spec's escaping rules and its own example).
    text = desktop_entry.entry_text(['/home/a b/py"x\\%/python3', "-m", "kaizen"])
    assert 'Exec="/home/a b/py\\\\"x\\\\\\\\%%/python3" -m kaizen\n' in text


def test_the_entry_passes_desktop_file_validate(tmp_path: Path) -> None:
    # desktop-file-utils, from scripts/setup.sh: freedesktop's own checker of the spec.
    files = desktop_entry.install_desktop_entry(tmp_path, ["/usr/bin/kaizen"])
    result = subprocess.run(["desktop-file-validate", str(files.entry)], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not result.stdout.strip()  # no warnings or hints either


def test_first_start_installs_once_in_an_installed_copy(tmp_path: Path) -> None:
    data, home = tmp_path / "data", tmp_path / "xdg"
    assert desktop_entry.install_at_first_start(data, installed=False, data_home=home) is None
    assert not home.exists()  # a source checkout: no menu entry made for a developer
    files = desktop_entry.install_at_first_start(data, installed=True, data_home=home)
    assert files is not None and files.entry.is_file()
    files.entry.unlink()  # the person removed it from the menu: it does not come back
    assert desktop_entry.install_at_first_start(data, installed=True, data_home=home) is None
    assert not files.entry.exists()


def test_first_start_leaves_an_existing_entry_alone(tmp_path: Path) -> None:
    entry = tmp_path / "xdg" / "applications" / "kaizen.desktop"
    entry.parent.mkdir(parents=True)
    entry.write_text("[Desktop Entry]\nName=Kaizen (site build)\n")
    assert desktop_entry.install_at_first_start(tmp_path / "data", installed=True,
                                                data_home=tmp_path / "xdg") is None
    assert "site build" in entry.read_text()
