"""The monthly improvement report: read once from the services, written as PDF, XLSX or CSV.

:func:`build_monthly_report` (in :mod:`kaizen.reports.data`) gathers every number; the writers
in :mod:`.pdf`, :mod:`.xlsx` and :mod:`.csv_export` only lay them out, escaping user text with
:mod:`.escape`. :func:`export_report` is the one call the app and the command line make.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from kaizen.i18n import translate, using
from kaizen.reports.data import MonthlyReport, build_monthly_report, last_month

if TYPE_CHECKING:
    from kaizen.services import Services

Format = Literal["pdf", "xlsx", "csv"]
FORMATS: tuple[Format, ...] = ("pdf", "xlsx", "csv")
SUFFIXES: dict[str, str] = {"pdf": ".pdf", "xlsx": ".xlsx", "csv": ".zip"}
Progress = Callable[[int, int], None]

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "MonthlyReport",
    "build_monthly_report",
    "export_report",
    "last_month",
    "write_report",
]


def write_report(report: MonthlyReport, fmt: Format, path: Path, *,
                 progress: Progress | None = None) -> Path:
    """Write ``report`` as ``fmt`` to ``path``. For CSV, a ``.zip`` path holds both tables and
    a ``.csv`` path the ledger alone (see :mod:`kaizen.reports.csv_export`).

    The file is written beside ``path`` under a temporary name and moved over it at the end, so
    a failed export never leaves half a report (nor spoils an older one of the same name).
    The file takes the user's umask, as any file they save does (:func:`new_file_mode`).
    """
    path = Path(path)
    if fmt not in FORMATS:
        raise ValueError(translate(
            "reports", "Unknown report format {fmt!r}; pick one of {names}.").format(
                fmt=fmt, names=', '.join(FORMATS)))
    handle, name = tempfile.mkstemp(prefix=".kaizen-report-", suffix=path.suffix,
                                    dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        if fmt == "pdf":
            from kaizen.reports.pdf import write_pdf

            write_pdf(report, temporary, progress=progress)
        elif fmt == "xlsx":
            from kaizen.reports.xlsx import write_xlsx

            write_xlsx(report, temporary, progress=progress)
        else:
            from kaizen.reports.csv_export import write_csv

            write_csv(report, temporary)
            if progress is not None:
                progress(1, 1)
        # mkstemp makes the file 0600 whatever the user's umask; a report is a document to
        # share, so it gets the mode any new file of the user's gets (0666 less the umask).
        os.chmod(temporary, new_file_mode())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def new_file_mode() -> int:
    """The mode ``open()`` gives a new file: 0666 less the process's umask.

    Read from /proc on Linux (reading it with os.umask means setting it, briefly, for every
    thread); elsewhere os.umask is set and put straight back.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def export_report(services: Services, month: str, area_id: int | None, fmt: Format,
                  path: Path, *, progress: Progress | None = None,
                  language: str | None = None) -> Path:
    """Read the report and write it; progress runs 0..100 over both halves. ``language``: the
    one to write it in (a kaizen.i18n code), else the app's (the site's)."""
    if language is not None:
        with using(language):
            return export_report(services, month, area_id, fmt, path, progress=progress)

    def reading(done: int, total: int) -> None:
        if progress is not None:
            progress(done * 50 // max(total, 1), 100)

    def writing(done: int, total: int) -> None:
        if progress is not None:
            progress(50 + done * 50 // max(total, 1), 100)

    report = build_monthly_report(services, month, area_id, progress=reading)
    return write_report(report, fmt, path, progress=writing)
