"""Export… on the Ideas and Waste walk lists: the list as filtered and sorted, to CSV or XLSX.

:class:`ListExporter` adds an "Export…" button to a list page's filter bar. It asks where to
write (a save dialog offering CSV and Excel), then runs :func:`kaizen.reports.list_export.
export_list` in the background worker with the page's filter and the table's sort, so the file
holds what the list shows in its order. Progress and the outcome go to the page's message bar;
the message names the file written (the app never tries to open a file manager).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QPushButton

from kaizen.domain.numbers import format_number
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.reports.list_export import export_list
from kaizen.ui import resources
from kaizen.ui.file_export import FileExport, failure_words
from kaizen.ui.views import translated
from kaizen.ui.worker import Task

if TYPE_CHECKING:
    from kaizen.ui.views.list_page import FilteredListPage

FILTERS = {"csv": QT_TRANSLATE_NOOP("ui.views.list_export", "CSV for other programs (*.csv)"),
           "xlsx": QT_TRANSLATE_NOOP("ui.views.list_export", "Excel workbook (*.xlsx)")}


class ListExporter(FileExport):
    """The Export… button of a list page and the export it runs. ``exported(path, rows)``."""

    exported = Signal(str, int)

    def __init__(self, page: FilteredListPage, which: str) -> None:
        button = QPushButton(translate("ui.views.list_export", "Export…"))
        button.setObjectName("ExportButton")
        button.setIcon(resources.icon("mdi6.file-export-outline", resources.ACCENT))
        button.setAutoDefault(False)
        button.setToolTip(translate(
            "ui.views.list_export",
            "Write the {items} listed, as filtered and sorted, to a CSV file or an Excel workbook",
        ).format(items=page.texts.noun))
        super().__init__(page, button)
        self.page = page
        self.which = which  # "ideas" or "observations" (kaizen.reports.list_export.ListName)

    def choose_path(self) -> Path | None:
        """Ask where to write; None when the person cancels."""
        noun = self.page.texts.noun
        filters = {key: translated("ui.views.list_export", text) for key, text in FILTERS.items()}
        name, chosen = QFileDialog.getSaveFileName(
            self.page, translate("ui.views.list_export", "Export the {items}").format(items=noun),
            str(Path.home() / f"kaizen-{self.which}.xlsx"),
            ";;".join(filters.values()), filters["xlsx"])
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() not in (".csv", ".xlsx"):
            path = path.with_suffix(".csv" if chosen == filters["csv"] else ".xlsx")
        return path

    def export_to(self, path: Path) -> Task | None:
        """Export the list as shown now to ``path`` (.csv or .xlsx), in the background."""
        if self.busy:
            return None
        page = self.page
        fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
        flt = page.current_filter()
        model = page.model
        sort = model.sort_keys[model.sort_column] if model.is_sortable(model.sort_column) \
            else None
        descending = model.sort_order == Qt.SortOrder.DescendingOrder
        services, which = page.services, self.which  # plain values for the worker

        def job(progress: Any) -> int:
            return export_list(services, which, flt, fmt, path, sort, descending,  # type: ignore[arg-type]
                               progress=progress)

        page.message_bar.show_message(translate("ui.views.list_export", "Exporting the {items}…")
                                      .format(items=page.texts.noun), kind="warning")
        return self.write(job, name=f"export {which}", on_progress=self._on_progress,
                          on_success=lambda rows: self._on_done(path, rows),
                          on_failure=self._on_failed)

    def _on_progress(self, done: int, total: int) -> None:
        self.page.message_bar.show_message(
            translate("ui.views.list_export", "Exporting the {items}… {percent}%").format(
                items=self.page.texts.noun, percent=done * 100 // max(total, 1)), kind="warning")

    def _on_done(self, path: Path, rows: int) -> None:
        texts = self.page.texts
        self.page.message_bar.show_message(
            translate("ui.views.list_export", "Exported {count} {items} to {path}").format(
                count=format_number(rows), items=texts.noun if rows != 1 else texts.one,
                path=path), kind="info")
        self.exported.emit(str(path), rows)

    def _on_failed(self, error: BaseException) -> None:
        words = failure_words(error, translate(
            "ui.views.list_export", "Cannot write the file: {reason}. Nothing was written."))
        if words is not None:
            self.page.message_bar.show_message(words, kind="error")
        else:
            self.page.show_error(error, translate(
                "ui.views.list_export", "The {items} could not be exported").format(
                items=self.page.texts.noun))
