"""The Reports view: pick a month, an area and a format, see the first page, export the report.

Everything slow runs in the background worker (:mod:`kaizen.ui.worker`): the area list, the
preview (the report is read and its first page drawn to a PNG off the GUI thread; only the
QImage is made here) and the export itself, which reports its progress to the bar. The view
holds no report logic: :mod:`kaizen.reports` reads and writes, the view only chooses and shows.

Reading a report changes nothing, so anyone may export one; no person needs to be picked.
When an export is done the folder opens in the file manager (not under tests or CI).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QSize, QStandardPaths, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QImage,
    QKeySequence,
    QPainter,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kaizen import i18n
from kaizen.domain.months import month_label, recent_months
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui import resources, worker
from kaizen.ui.views import ViewPage, translated
from kaizen.ui.views.empty_state import EmptyState
from kaizen.ui.widgets.choices import AreaCombo
from kaizen.ui.worker import run_in_background

if TYPE_CHECKING:
    from kaizen.services import Services

log = logging.getLogger(__name__)

MONTHS_BACK = 36
PREVIEW_DELAY_MS = 250
PREVIEW_DPI = 60
FOLDER_KEY = "reports/folder"
FORMATS = (
    # One line each at 1280 px (issue 16: a second line was cut off at 1280x720).
    ("pdf", QT_TRANSLATE_NOOP("ui.views.reports", "PDF report"),
     QT_TRANSLATE_NOOP("ui.views.reports", "A4 pages: figures, charts, tables.")),
    ("xlsx", QT_TRANSLATE_NOOP("ui.views.reports", "Excel workbook"),
     QT_TRANSLATE_NOOP("ui.views.reports", "A sheet per section, ready to filter.")),
    ("csv", QT_TRANSLATE_NOOP("ui.views.reports", "CSV files (zip)"),
     QT_TRANSLATE_NOOP("ui.views.reports", "Ledger and changes, for other tools.")),
)
SUFFIXES = {"pdf": ".pdf", "xlsx": ".xlsx", "csv": ".zip"}


def _today() -> date:
    return date.today()


def should_open_folder() -> bool:
    """Open the file manager after an export, except under tests, CI or without a display."""
    return not (os.environ.get("CI") or os.environ.get("PYTEST_CURRENT_TEST")
                or os.environ.get("QT_QPA_PLATFORM") == "offscreen")


def unique_path(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem.suffix``, or ``stem (2).suffix`` and so on when it exists: an export never
    overwrites a report someone may have edited or mailed."""
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem} ({number}){suffix}"
        number += 1
    return candidate


# --- work done in the background (no Qt objects in here) -----------------------------------------


def _load_areas(services: Services) -> list[Any]:
    return services.people.list_areas()


def _render_preview(services: Services, month: str, area_id: int | None,
                    language: str) -> tuple[bytes, bool]:
    """The first page as PNG, and whether the year so far holds nothing to report."""
    from kaizen.reports.data import build_monthly_report
    from kaizen.reports.pdf import first_page_png

    with i18n.using(language):
        report = build_monthly_report(services, month, area_id)
        empty = (not report.figure("ideas_submitted").ytd and not report.ledger
                 and not report.pareto and not report.changes and not report.board.open_total)
        return first_page_png(report, dpi=PREVIEW_DPI), empty


def _export(services: Services, month: str, area_id: int | None, fmt: str, path: Path,
            progress: Any, language: str) -> Path:
    from kaizen.reports import export_report

    return export_report(services, month, area_id, fmt, path, progress=progress,  # type: ignore[arg-type]
                         language=language)


def report_languages() -> list[tuple[str, str]]:
    """(code, name) of the languages a report can be written in: the site's, and English."""
    site = i18n.current_language()
    codes = [site] if site in i18n.LANGUAGES else []
    codes += [i18n.SOURCE_LANGUAGE] if i18n.SOURCE_LANGUAGE not in codes else []
    return [(code, i18n.LANGUAGES[code]) for code in codes]


# --- the view ----------------------------------------------------------------------------------


class ReportsView(ViewPage):
    title = QT_TRANSLATE_NOOP("ui.views.reports", "Reports")
    subtitle = QT_TRANSLATE_NOOP(
        "ui.views.reports",
        "The monthly picture of ideas, savings and waste, to print, mail or analyse.")
    icon_name = "mdi6.file-chart-outline"

    exported = Signal(object)  # the Path written
    exportFailed = Signal(str)
    previewShown = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.open_folder_when_done = should_open_folder()
        # QDesktopServices.openUrl: False when nothing could open the folder (a test may swap it).
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
        self.last_export: Path | None = None
        self._previews = worker.Latest()  # a newer month or area supersedes one in flight
        self._exporting = False
        self._preview_image: QImage | None = None

        row = QHBoxLayout()
        row.setSpacing(24)
        row.addWidget(self._build_settings(), 0)
        row.addWidget(self._build_preview(), 1)
        self.content_layout.addLayout(row, 1)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._start_preview)
        self.month_combo.currentIndexChanged.connect(self._settings_changed)
        self.area_combo.currentIndexChanged.connect(self._settings_changed)
        self.language_combo.currentIndexChanged.connect(self._settings_changed)
        self.format_group.idToggled.connect(lambda _id, on: on and self._settings_changed())

        shortcut = QShortcut(QKeySequence("Ctrl+E"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.export)
        self.folder_edit.returnPressed.connect(self.export)
        self._update_file_name()

    # ----------------------------------------------------------------------------- building

    def _build_settings(self) -> QFrame:
        panel = QFrame()
        panel.setObjectName("Card")
        panel.setFixedWidth(380)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.setSpacing(6)

        self.month_combo = QComboBox()
        self.month_combo.setObjectName("ReportMonth")
        for month in recent_months(_today(), MONTHS_BACK):
            self.month_combo.addItem(month_label(month, long=True), month)
        self.month_combo.setCurrentIndex(1)  # last month: the one a report is usually about
        self.area_combo = AreaCombo(translate("ui.views.reports", "All areas"))
        self.area_combo.setObjectName("ReportArea")

        # Issue 22: in the site's language or in English, beside the month (shown when those
        # differ; the panel has no height to spare at 1280x720).
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("ReportLanguage")
        for code, name in report_languages():
            self.language_combo.addItem(name, code)
        self.language_caption = self._caption(translate("ui.views.reports", "Language"),
                                              self.language_combo)
        top = QGridLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setHorizontalSpacing(12)
        top.setVerticalSpacing(6)
        top.addWidget(self._caption(translate("ui.views.reports", "Month"), self.month_combo),
                      0, 0)
        top.addWidget(self.month_combo, 1, 0)
        top.addWidget(self.language_caption, 0, 1)
        top.addWidget(self.language_combo, 1, 1)
        top.setColumnStretch(0, 3)
        top.setColumnStretch(1, 2)
        if self.language_combo.count() < 2:
            self.language_caption.hide()
            self.language_combo.hide()
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addWidget(self._caption(translate("ui.views.reports", "Area"), self.area_combo))
        layout.addWidget(self.area_combo)
        layout.addSpacing(8)

        layout.addWidget(self._caption(translate("ui.views.reports", "Format")))
        self.format_group = QButtonGroup(self)
        self.format_buttons: dict[str, QRadioButton] = {}
        for index, (key, label, help_text) in enumerate(FORMATS):
            help_text = translated("ui.views.reports", help_text)
            button = QRadioButton(translated("ui.views.reports", label))
            button.setToolTip(help_text)
            button.setObjectName(f"ReportFormat_{key}")
            self.format_group.addButton(button, index)
            self.format_buttons[key] = button
            # As wide as its text: a click beside the label is not a click on the choice.
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            note = QLabel(help_text)
            note.setObjectName("PageNote")
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setWordWrap(True)
            note.setContentsMargins(26, 0, 0, 4)
            layout.addWidget(note)
        self.format_buttons["pdf"].setChecked(True)
        layout.addSpacing(8)

        self.folder_edit = QLineEdit(self._initial_folder())
        self.folder_edit.setObjectName("ReportFolder")
        self.folder_edit.setToolTip(
            translate("ui.views.reports", "The folder the report is saved in"))
        self.folder_edit.textChanged.connect(self._update_file_name)
        browse = QPushButton(translate("ui.views.reports", "Browse…"))
        browse.setIcon(resources.icon("mdi6.folder-outline"))
        browse.clicked.connect(self._browse)
        self.browse_button = browse
        folder_row = QHBoxLayout()
        folder_row.setSpacing(8)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        layout.addWidget(self._caption(translate("ui.views.reports", "Save in"), self.folder_edit))
        layout.addLayout(folder_row)
        self.file_label = QLabel()
        self.file_label.setObjectName("PageNote")
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_label.setWordWrap(True)
        layout.addWidget(self.file_label)
        layout.addSpacing(12)

        self.export_button = QPushButton(translate("ui.views.reports", "Export"))
        self.export_button.setObjectName("PrimaryButton")
        self.export_button.setIcon(resources.icon("mdi6.file-export-outline", "#ffffff"))
        self.export_button.setToolTip(translate("ui.views.reports", "Write the report (Ctrl+E)"))
        self.export_button.clicked.connect(self.export)
        layout.addWidget(self.export_button)

        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedHeight(8)
        self.progress_bar.hide()
        layout.addWidget(self.progress_bar)

        self.status_label = QLabel()
        self.status_label.setObjectName("PageNote")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status_label)
        self.open_button = QPushButton(translate("ui.views.reports", "Open folder"))
        self.open_button.setIcon(resources.icon("mdi6.folder-open-outline"))
        self.open_button.clicked.connect(self._open_folder)
        self.open_button.hide()
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

        QWidget.setTabOrder(self.month_combo, self.area_combo)
        QWidget.setTabOrder(self.area_combo, self.language_combo)
        QWidget.setTabOrder(self.language_combo, self.format_buttons["pdf"])
        # Every format on the way to the folder (issue 16): Tab leaves the chosen one, and
        # from CSV it went to the sidebar when only PDF led on to the folder.
        QWidget.setTabOrder(self.format_buttons["pdf"], self.format_buttons["xlsx"])
        QWidget.setTabOrder(self.format_buttons["xlsx"], self.format_buttons["csv"])
        QWidget.setTabOrder(self.format_buttons["csv"], self.folder_edit)
        QWidget.setTabOrder(self.folder_edit, browse)
        QWidget.setTabOrder(browse, self.export_button)
        return panel

    def _caption(self, text: str, buddy: QWidget | None = None) -> QLabel:
        label = QLabel(text)
        label.setObjectName("DialogHeading")
        label.setTextFormat(Qt.TextFormat.PlainText)
        if buddy is not None:
            label.setBuddy(buddy)
        return label

    def _build_preview(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("Card")
        layout = QGridLayout(frame)
        layout.setContentsMargins(20, 18, 20, 18)
        caption = QLabel(translate("ui.views.reports", "Preview of the first page"))
        caption.setObjectName("DialogHeading")
        caption.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(caption, 0, 0)
        self.preview_label = QLabel(translate("ui.views.reports", "Drawing the preview…"))
        self.preview_label.setObjectName("PageNote")
        self.preview_label.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_label.setWordWrap(True)
        self.preview_label.setMinimumSize(QSize(240, 320))
        self.preview_label.setSizePolicy(QSizePolicy.Policy.Expanding,
                                         QSizePolicy.Policy.Expanding)
        layout.addWidget(self.preview_label, 1, 0)
        self.empty_state = EmptyState(
            self.icon_name, translate("ui.views.reports", "Nothing to report yet"),
            translate("ui.views.reports", "Nothing has been recorded this year in this area: the "
                      "report fills in as ideas, waste walks, PDCA cycles and savings are logged. "
                      "It can still be exported."),
        )
        self.empty_state.hide()
        layout.addWidget(self.empty_state, 1, 0)
        layout.setRowStretch(1, 1)
        return frame

    # ----------------------------------------------------------------------------- state

    def selected_month(self) -> str:
        return str(self.month_combo.currentData())

    def selected_area(self) -> int | None:
        return self.area_combo.area_id()

    def selected_language(self) -> str:
        return str(self.language_combo.currentData())

    def selected_format(self) -> str:
        return FORMATS[max(self.format_group.checkedId(), 0)][0]

    def set_month(self, month: str) -> None:
        index = self.month_combo.findData(month)
        if index >= 0:
            self.month_combo.setCurrentIndex(index)

    def show_month(self, month: str, area_id: int | None) -> None:
        """The report of ``month`` for ``area_id`` (a dashboard figure's list of savings)."""
        self.set_month(month)
        self.area_combo.set_selected_id(area_id)

    def target_path(self) -> Path:
        from kaizen.reports.data import file_stem

        area = None
        if self.selected_area() is not None:
            area = self.area_combo.currentText().strip()
        folder = Path(self.folder_edit.text().strip() or ".").expanduser()
        stem = file_stem(self.selected_month(), area)
        return unique_path(folder, stem, SUFFIXES[self.selected_format()])

    def _initial_folder(self) -> str:
        saved = QSettings().value(FOLDER_KEY, "", str)
        if saved and Path(saved).is_dir():
            return saved
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        return documents if documents and Path(documents).is_dir() else str(Path.home())

    def _update_file_name(self) -> None:
        self.file_label.setText(translate("ui.views.reports", "File: {name}").format(
            name=self.target_path().name))

    def _settings_changed(self) -> None:
        self._update_file_name()
        self._preview_timer.start()

    # ----------------------------------------------------------------------------- loading

    def focus_target(self) -> QWidget | None:
        """The month: the first choice of a report (last month is chosen already)."""
        return self.month_combo

    def refresh(self) -> None:
        services = self.services
        run_in_background(lambda: _load_areas(services), on_success=self._show_areas,
                          on_failure=lambda exc: log.warning(
                              "Areas not loaded: %s", exc),  # i18n: no
                          owner=self, name="report areas")
        self._preview_timer.start()

    def _show_areas(self, areas: list[Any]) -> None:
        self.area_combo.set_areas(areas)
        self._update_file_name()

    def _start_preview(self) -> None:
        services, month, area = self.services, self.selected_month(), self.selected_area()
        language = self.selected_language()
        if self._preview_image is None:
            self.preview_label.setText(translate("ui.views.reports", "Drawing the preview…"))
        self._previews.run(
            lambda: _render_preview(services, month, area, language),
            on_success=self._show_preview,
            on_failure=self._preview_failed,
            owner=self, name="report preview",
        )

    def _show_preview(self, result: tuple[bytes, bool]) -> None:
        png, empty = result
        self._preview_image = QImage.fromData(png, "PNG")
        self.preview_label.setVisible(not empty)
        self.empty_state.setVisible(empty)
        self._fit_preview()
        self.previewShown.emit()

    def _preview_failed(self, exc: BaseException) -> None:
        self._preview_image = None
        self.empty_state.hide()
        self.preview_label.show()
        self.preview_label.setPixmap(QPixmap())
        self.preview_label.setText(translate(
            "ui.views.reports", "The preview could not be drawn: {error}").format(error=exc))

    def _fit_preview(self) -> None:
        if self._preview_image is None or self._preview_image.isNull():
            return
        size = self.preview_label.size()
        pixmap = QPixmap.fromImage(self._preview_image)
        # Never larger than drawn: a blown-up raster preview looks blurred.
        if pixmap.height() > size.height() or pixmap.width() > size.width():
            pixmap = pixmap.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        # A hairline round the page, so its white edge shows on the white card.
        painter = QPainter(pixmap)
        painter.setPen(QColor("#d0d5dd"))
        painter.drawRect(pixmap.rect().adjusted(0, 0, -1, -1))
        painter.end()
        self.preview_label.setPixmap(pixmap)

    def preview_pixmap(self) -> QPixmap:
        return self.preview_label.pixmap()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_preview()

    # ----------------------------------------------------------------------------- export

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, translate("ui.views.reports", "Save reports in"), self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def export(self) -> None:
        if self._exporting:
            return
        folder = Path(self.folder_edit.text().strip()).expanduser()
        if not self.folder_edit.text().strip() or not folder.is_dir():
            self._show_status(translate("ui.views.reports",
                                        "The folder {folder} does not exist; pick another.")
                              .format(folder=folder), error=True)
            self.folder_edit.setFocus()
            return
        QSettings().setValue(FOLDER_KEY, str(folder))
        path = self.target_path()
        services, month, area, fmt = (self.services, self.selected_month(),
                                      self.selected_area(), self.selected_format())
        language = self.selected_language()
        self._exporting = True
        self.export_button.setEnabled(False)
        self.open_button.hide()
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self._show_status(translate("ui.views.reports", "Writing {name}…").format(
            name=path.name))
        run_in_background(
            lambda progress: _export(services, month, area, fmt, path, progress, language),
            with_progress=True,
            on_progress=self._progress,
            on_success=self._exported,
            on_failure=self._export_failed,
            owner=self, name="report export",
        )

    def _progress(self, done: int, total: int) -> None:
        self.progress_bar.setValue(done * 100 // max(total, 1))

    def _exported(self, path: Path) -> None:
        self._exporting = False
        self.last_export = path
        self.export_button.setEnabled(True)
        self.progress_bar.setValue(100)
        self.progress_bar.hide()
        self._show_status(translate("ui.views.reports", "Saved {name} in {folder}").format(
            name=path.name, folder=path.parent))
        self.open_button.show()
        self._update_file_name()
        if self.open_folder_when_done:
            self._open_folder()
        self.exported.emit(path)

    def _export_failed(self, exc: BaseException) -> None:
        self._exporting = False
        self.export_button.setEnabled(True)
        self.progress_bar.hide()
        message = translate("ui.views.reports", "The report was not written: {error}").format(
            error=exc)
        self._show_status(message, error=True)
        self.exportFailed.emit(message)

    def _show_status(self, text: str, *, error: bool = False) -> None:
        self.status_label.setObjectName("FieldError" if error else "PageNote")
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)
        self.status_label.setText(text)

    def _open_folder(self) -> None:
        if self.last_export is None:
            return
        if not self.open_url(QUrl.fromLocalFile(str(self.last_export.parent))):
            # No file manager answered (a bare kiosk PC, a minimal desktop): say where the
            # file is rather than fail silently (issue 16).
            self._show_status(translate("ui.views.reports", "No file manager could open the "
                                        "folder. The report is saved as {path}").format(
                path=self.last_export), error=True)
            self.status_label.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse)
