"""A button that writes a file in the background: the A3 report of a change
(``board/a3_export.py``) and a list page's export (``views/list_export.py``).

:class:`FileExport` holds what they share: the button asks where to write
(:meth:`FileExport.choose_path`), one write runs at a time with the button greyed meanwhile,
and :func:`failure_words` says a failed write the same way in both (the refusal's own words, the
disk full in :class:`~kaizen.domain.errors.DiskFull`'s, another file error with its reason).
What is asked and what is written stay in the two subclasses.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton

from kaizen.domain.errors import DiskFull, KaizenError
from kaizen.i18n import translate
from kaizen.ui.worker import ProgressFn, Task, run_in_background


class FileExport(QObject):
    """``button`` asks where to write, then :meth:`export_to` writes there (a subclass's)."""

    def __init__(self, parent: QObject, button: QPushButton) -> None:
        super().__init__(parent)
        self.task: Task | None = None
        self.button = button
        self.button.clicked.connect(self.choose_and_export)

    @property
    def busy(self) -> bool:
        return self.task is not None

    def choose_path(self) -> Path | None:
        """Ask where to write; None when the person cancels."""
        raise NotImplementedError

    def export_to(self, path: Path) -> Task | None:
        raise NotImplementedError

    def choose_and_export(self) -> None:
        path = self.choose_path()
        if path is not None:
            self.export_to(path)

    def write(self, job: Callable[..., Any], *, name: str, on_success: Callable[[Any], Any],
              on_failure: Callable[[BaseException], Any],
              on_progress: ProgressFn | None = None) -> Task:
        """Run ``job(progress=…)`` on the worker with the button greyed until it ends (the
        caller checks :attr:`busy` first)."""
        self.button.setEnabled(False)
        self.task = run_in_background(job, with_progress=True, owner=self,
                                      on_progress=on_progress, on_success=on_success,
                                      on_failure=on_failure, name=name)
        self.task.finished.connect(self._on_finished)
        return self.task

    def _on_finished(self) -> None:
        self.task = None
        self.button.setEnabled(True)


def failure_words(error: BaseException, cannot_write: str) -> str | None:
    """What to say when writing the file failed: a refusal's own words, the disk full, or
    ``cannot_write`` (translated, with ``{reason}``) for another file error. None for anything
    unexpected, which the caller logs and says with what failed."""
    if isinstance(error, KaizenError):
        return error.message
    if isinstance(error, OSError):
        from kaizen.db.disk_full import is_disk_full

        if is_disk_full(error):
            return translate("domain.errors", DiskFull.DEFAULT)
        return cannot_write.format(reason=error.strerror or error)
    return None
