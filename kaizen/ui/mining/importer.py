"""Importing an event log from the GUI: the mapping step for CSV, then the read and the store in
a worker with a progress bar and Cancel.

The worker calls :meth:`kaizen.services.event_logs.EventLogService.import_file`, which reads the
whole file before its one all-or-nothing unit of work; Cancel sets a flag the reader and the
writer check, so a cancelled import leaves nothing behind. Progress: reading the file is the
first 70% of the bar, storing the events the rest.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.errors import KaizenError
from kaizen.i18n import translate
from kaizen.mining.csv_reader import preview
from kaizen.services import Services
from kaizen.services.event_logs import EventLogInfo, file_format
from kaizen.ui import worker
from kaizen.ui.mining.import_dialog import ColumnMappingDialog

READ_SHARE = 700   # of 1000: the read's part of the bar
STEPS = 1000


class ImportProgress(QWidget):
    """The progress page shown while a file is imported."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.addStretch(2)
        self.label = QLabel()
        self.label.setObjectName("ImportLabel")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setObjectName("ImportProgress")
        self.bar.setRange(0, STEPS)
        self.bar.setMaximumWidth(520)
        self.cancel_button = QPushButton(translate("ui.mining.importer", "Cancel"))
        self.cancel_button.setObjectName("CancelImport")
        column.addWidget(self.label)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.bar, 4)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(3)


class Importer(QObject):
    """One import at a time; ``started``, then ``imported(EventLogInfo)`` or
    ``failed(str)`` (the reason in words)."""

    started = Signal(str)
    imported = Signal(object)
    failed = Signal(str)

    def __init__(self, services: Services, page: ImportProgress,
                 parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.services = services
        self.page = page
        self.parent_widget = parent_widget
        self.mapping_dialog: ColumnMappingDialog | None = None
        self.task: worker.Task | None = None
        self._cancel = threading.Event()
        page.cancel_button.clicked.connect(self.cancel)

    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done

    def begin(self, path: Path, actor_id: int, taken_names: set[str]) -> None:
        """Ask for the columns (CSV) and start; XES files name their attributes themselves."""
        if self.busy:
            self.failed.emit(translate(
                "ui.mining.importer", "An import is already running: wait for it or cancel it."))
            return
        try:
            kind = file_format(path)
            name = unique_name(default_name(path), taken_names)
            if kind == "csv":
                found = preview(path)
            else:
                self._start(path, actor_id, name, None)
                return
        except (OSError, UnicodeError, KaizenError) as exc:
            self.failed.emit(translate(
                "ui.mining.importer", "Cannot read {file}: {error}").format(file=path.name,
                                                                          error=exc))
            return
        dialog = ColumnMappingDialog(path.name, found, name, self.parent_widget)
        self.mapping_dialog = dialog
        dialog.accepted.connect(
            lambda: self._start(path, actor_id, dialog.name(), dialog.columns()))
        dialog.finished.connect(self._forget_dialog)
        dialog.open()

    def _forget_dialog(self, _result: int) -> None:
        self.mapping_dialog = None

    def _start(self, path: Path, actor_id: int, name: str,
               columns: dict[str, str | None] | None) -> None:
        self._cancel = threading.Event()
        cancel = self._cancel
        service = self.services.event_logs
        self.page.label.setText(translate(
            "ui.mining.importer", "Importing {file} as '{name}'…").format(
            file=path.name, name=name))
        self.page.bar.setValue(0)
        self.page.cancel_button.setEnabled(True)
        self.started.emit(name)

        def run(progress: worker.ProgressFn) -> EventLogInfo:
            def report(phase: str, done: int, total: int) -> None:
                part = done / total if total else 1.0
                value = part * READ_SHARE if phase == "read" else (
                    READ_SHARE + part * (STEPS - READ_SHARE))
                progress(int(value), STEPS)

            return service.import_file(actor_id, path, name=name, columns=columns,
                                       progress=report, cancelled=cancel.is_set)

        self.task = worker.run_in_background(
            run, with_progress=True, on_progress=self._on_progress,
            on_success=self.imported.emit, on_failure=self._on_failure,
            owner=self.parent_widget, name="import event log")

    def _on_progress(self, done: int, total: int) -> None:
        self.page.bar.setRange(0, total)
        self.page.bar.setValue(done)

    def _on_failure(self, error: BaseException) -> None:
        if isinstance(error, KaizenError):
            self.failed.emit(str(error))
        else:
            self.failed.emit(translate(
                "ui.mining.importer", "The import failed: {error}").format(error=error))

    def cancel(self) -> None:
        self._cancel.set()
        self.page.cancel_button.setEnabled(False)
        self.page.label.setText(translate("ui.mining.importer", "Cancelling\u2026"))


def default_name(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".xes", ".csv"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name or path.name


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``… when it is taken."""
    if name not in taken:
        return name
    number = 2
    while f"{name} ({number})" in taken:
        number += 1
    return f"{name} ({number})"
