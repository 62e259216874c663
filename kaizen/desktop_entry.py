"""The freedesktop menu entry and icon, so an installed Kaizen appears in the desktop's menu.

``kaizen --install-desktop`` writes them on demand; an installed app (a wheel, not a source
checkout) also writes them once at its first start, when none is there. They go under
``$XDG_DATA_HOME`` (default ``~/.local/share``), as the XDG Base Directory and Desktop Entry
specifications say: ``applications/kaizen.desktop`` and the scalable icon in the hicolor theme,
``icons/hicolor/scalable/apps/kaizen.svg`` (the Icon Theme specification's fallback theme).
No Qt and no database: the command line uses it before either is loaded.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from kaizen import APP_NAME
from kaizen.config import BUNDLED_DIR, RESOURCES_DIR

DESKTOP_FILE_NAME = "kaizen.desktop"
ICON_NAME = "kaizen"
# Written in the data folder once the first start has offered the entry: a person who removes
# the entry from the menu does not get it back at every start.
FIRST_START_STAMP = "desktop-entry-installed"


@dataclass(frozen=True, slots=True)
class DesktopFiles:
    entry: Path
    icon: Path


def xdg_data_home() -> Path:
    """``$XDG_DATA_HOME`` when it is an absolute path (the spec ignores a relative one)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """How the menu starts this Kaizen: the ``kaizen`` script that is running when it is one
    (pip and pipx put it beside the interpreter), else this interpreter with ``-m kaizen``."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "kaizen" and script.exists():
        return [str(script.resolve())]
    beside = Path(sys.executable).parent / "kaizen"
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    return [sys.executable, "-m", "kaizen"]


def _exec_argument(arg: str) -> str:
    """One argument of the Exec key, quoted as the Desktop Entry spec says: inside double
    quotes, backslash, double quote, backtick and dollar are escaped with a backslash; then
    the string value's own escaping doubles each backslash."""
    if arg and not any(c in arg for c in ' \t\n"\'\\><~|&;$*?#()`%='):
        return arg
    quoted = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return ('"' + quoted + '"').replace("\\", "\\\\").replace("%", "%%")


def entry_text(command: list[str]) -> str:
    """The text of ``kaizen.desktop`` for a launch command."""
    exec_line = " ".join(_exec_argument(arg) for arg in command)
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        f"Name={APP_NAME}",
        "GenericName=Continuous improvement",
        "Comment=Ideas, waste walks, PDCA, measurements and savings",
        f"Exec={exec_line}",
        f"Icon={ICON_NAME}",
        "Terminal=false",
        "Categories=Office;ProjectManagement;",
        "Keywords=kaizen;lean;pdca;waste;ideas;",
        "StartupWMClass=kaizen",
        "",
    ])


def install_desktop_entry(data_home: Path | None = None,
                          command: list[str] | None = None) -> DesktopFiles:
    """Write the entry and the icon (replacing older ones); returns where they went.

    Each file is written beside its target and moved over it, so a menu never reads half a
    file. OSError when the folder cannot be written."""
    home = data_home or xdg_data_home()
    files = DesktopFiles(entry=home / "applications" / DESKTOP_FILE_NAME,
                         icon=home / "icons" / "hicolor" / "scalable" / "apps" / f"{ICON_NAME}.svg")
    files.icon.parent.mkdir(parents=True, exist_ok=True)
    partial_icon = files.icon.with_name(files.icon.name + ".part")
    shutil.copyfile(RESOURCES_DIR / "icons" / "kaizen.svg", partial_icon)
    partial_icon.replace(files.icon)
    files.entry.parent.mkdir(parents=True, exist_ok=True)
    partial_entry = files.entry.with_name(files.entry.name + ".part")
    partial_entry.write_text(entry_text(command or launch_command()), encoding="utf-8")
    partial_entry.replace(files.entry)
    return files


def is_installed_copy() -> bool:
    """True when this Kaizen runs from an installed wheel (its data inside the package), not
    from a source checkout, whose developers do not want menu entries made for them."""
    return (BUNDLED_DIR / "alembic.ini").is_file()


def install_at_first_start(data_dir: Path, *, installed: bool | None = None,
                           data_home: Path | None = None) -> DesktopFiles | None:
    """Once per data folder, in an installed copy: write the entry when there is none.

    Returns the files written, else None (a checkout, already offered, or an entry there).
    A folder that cannot be written is no reason to stop the app: None, and it tries again at
    the next start."""
    if not (is_installed_copy() if installed is None else installed):
        return None
    stamp = data_dir / FIRST_START_STAMP
    if stamp.exists():
        return None
    home = data_home or xdg_data_home()
    try:
        files = None
        if not (home / "applications" / DESKTOP_FILE_NAME).exists():
            files = install_desktop_entry(home)
        data_dir.mkdir(parents=True, exist_ok=True)
        stamp.write_text("The menu entry was offered at the first start.\n", encoding="utf-8")
    except OSError:
        return None
    return files


def report_install() -> int:
    """``kaizen --install-desktop``: write the files and say where; 1 with words on failure."""
    try:
        files = install_desktop_entry()
    except OSError as exc:
        print(f"error: the menu entry could not be written: {exc.strerror or exc} "
              f"({exc.filename or xdg_data_home()})", file=sys.stderr)
        return 1
    print(f"Menu entry written: {files.entry}")
    print(f"Icon written: {files.icon}")
    return 0
