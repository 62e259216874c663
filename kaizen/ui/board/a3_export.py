""""A3 report…" on a PDCA card's detail: the cycle's A3 as a one-page PDF.

:class:`A3Exporter` owns the button. It asks where to save (a PDF save dialog), then runs
:func:`kaizen.reports.a3.export_a3` (the same call as ``kaizen a3``) in the background worker;
the dialog's message bar says "Writing the A3 report…" and then where the file is.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QPushButton, QWidget

from kaizen.i18n import translate
from kaizen.reports.a3 import export_a3
from kaizen.ui import resources
from kaizen.ui.file_export import FileExport, failure_words
from kaizen.ui.worker import Task

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.ui.widgets.message_bar import ActionMessageBar

log = logging.getLogger(__name__)


class A3Exporter(FileExport):
    """The "A3 report…" button of one cycle. ``exported(path)`` after the file is written."""

    exported = Signal(str)

    def __init__(self, owner: QWidget, services: Services, cycle_id: int,
                 message_bar: ActionMessageBar) -> None:
        button = QPushButton(translate("ui.board.a3_export", "A3 report…"))
        button.setObjectName("A3Button")
        button.setIcon(resources.icon("mdi6.file-document-outline", resources.ACCENT))
        button.setToolTip(translate(
            "ui.board.a3_export", "The whole change on one printable page (PDF): background, "
            "current condition, 5 whys, countermeasures, plan, results, follow-up"))
        super().__init__(owner, button)
        self.owner = owner
        self.services = services
        self.cycle_id = cycle_id
        self.message_bar = message_bar

    def choose_path(self) -> Path | None:
        name, _chosen = QFileDialog.getSaveFileName(
            self.owner, translate("ui.board.a3_export", "Save the A3 report"),
            str(Path.home() / f"kaizen-a3-cycle-{self.cycle_id}.pdf"), "PDF (*.pdf)")
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")

    def export_to(self, path: Path) -> Task | None:
        if self.busy:
            return None
        services, cycle_id = self.services, self.cycle_id

        def job(progress: Any) -> Path:
            return export_a3(services, cycle_id, path, progress=progress)

        self.message_bar.show_message(translate("ui.board.a3_export", "Writing the A3 report…"),
                                      "warning")  # i18n: no (a level)
        return self.write(job, name="A3 report", on_success=self._on_done,
                          on_failure=self._on_failed)

    def _on_done(self, path: Path) -> None:
        self.message_bar.show_message(
            translate("ui.board.a3_export", "A3 report written to {path}").format(path=path),
            "info")  # i18n: no (a level)
        self.exported.emit(str(path))

    def _on_failed(self, error: BaseException) -> None:
        words = failure_words(error, translate(
            "ui.board.a3_export", "Cannot write the A3 report: {reason}. Nothing was written."))
        if words is None:
            log.error("Writing the A3 report failed",
                      exc_info=(type(error), error, error.__traceback__))
            words = translate("ui.board.a3_export",
                              "The A3 report could not be written: {reason}").format(reason=error)
        self.message_bar.show_message(words, "error")  # i18n: no (a level)
