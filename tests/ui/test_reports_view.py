"""The Reports view with real clicks: defaults, the preview, exporting each format through the
worker with its progress, a refused folder, and the keyboard shortcut."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from reports.plant import build_plant

from kaizen.domain.months import recent_months
from kaizen.ui.views import reports as reports_view
from kaizen.ui.views.reports import ReportsView, unique_path
from ui.helpers import click_combo_item


@pytest.fixture
def view(qtbot, db, db_url, clock, tmp_path, monkeypatch) -> ReportsView:
    monkeypatch.setattr(reports_view, "_today", lambda: date(2026, 11, 2))
    opened: list[object] = []
    monkeypatch.setattr(reports_view.QDesktopServices, "openUrl",
                        lambda url: opened.append(url) or True)
    plant = build_plant(db, db_url, clock, tmp_path)
    page = ReportsView(plant.services)
    page.opened = opened  # type: ignore[attr-defined]
    page.plant = plant  # type: ignore[attr-defined]
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitSignal(page.previewShown, timeout=30_000):
        page.refresh()
    qtbot.waitUntil(lambda: page.area_combo.count() == 5)  # All areas + 4
    folder = tmp_path / "out"
    folder.mkdir()
    page.folder_edit.clear()
    qtbot.keyClicks(page.folder_edit, str(folder))
    return page


def test_helpers():
    assert recent_months(date(2026, 1, 10), 3) == ["2026-01", "2025-12", "2025-11"]


def test_unique_path(tmp_path: Path):
    first = unique_path(tmp_path, "r", ".pdf")
    assert first.name == "r.pdf"
    first.write_bytes(b"x")
    assert unique_path(tmp_path, "r", ".pdf").name == "r (2).pdf"


def test_defaults_and_preview(view: ReportsView):
    assert view.month_combo.currentText() == "October 2026"  # last month
    assert view.area_combo.currentText() == "All areas"
    assert view.format_buttons["pdf"].isChecked()
    assert view.file_label.text() == "File: kaizen-report-2026-10.pdf"
    pixmap = view.preview_pixmap()
    assert not pixmap.isNull()
    assert pixmap.height() > pixmap.width()  # a portrait page
    assert view.person is None and view.export_button.isEnabled()  # reading needs nobody


def test_export_pdf_with_progress(qtbot, view: ReportsView):
    seen: list[int] = []
    view.progress_bar.valueChanged.connect(seen.append)
    with qtbot.waitSignal(view.exported, timeout=60_000) as signal:
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    path: Path = signal.args[0]
    assert path.name == "kaizen-report-2026-10.pdf"
    reader = PdfReader(path)
    assert len(reader.pages) == 5  # short sections share pages (issue 16)
    assert "Validated savings 1,351" in " ".join(reader.pages[0].extract_text().split())
    assert seen and max(seen) == 100 and len(set(seen)) > 3
    assert view.progress_bar.isHidden()
    assert view.status_label.text() == f"Saved {path.name} in {path.parent}"
    assert view.open_button.isVisible()
    assert view.opened == []  # the folder is not opened under tests
    # The next export does not overwrite this one.
    assert view.file_label.text() == "File: kaizen-report-2026-10 (2).pdf"


def test_xlsx_for_one_area(qtbot, view: ReportsView):
    click_combo_item(qtbot, view.area_combo, "Logistics")
    qtbot.mouseClick(view.format_buttons["xlsx"], Qt.MouseButton.LeftButton)
    assert view.file_label.text() == "File: kaizen-report-2026-10-logistics.xlsx"
    with qtbot.waitSignal(view.exported, timeout=60_000) as signal:
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    book = load_workbook(signal.args[0])
    about = {row[0]: row[1] for row in book["About"].iter_rows(min_row=2, values_only=True)}
    assert about["Area"] == "Plant 1 / Logistics"


def test_csv_zip_for_another_month_with_the_keyboard(qtbot, view: ReportsView):
    click_combo_item(qtbot, view.month_combo, "September 2026")
    qtbot.mouseClick(view.format_buttons["csv"], Qt.MouseButton.LeftButton)
    view.month_combo.setFocus()
    with qtbot.waitSignal(view.exported, timeout=60_000) as signal:
        qtbot.keyClick(view.month_combo, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    path: Path = signal.args[0]
    assert path.name == "kaizen-report-2026-09.zip"
    with zipfile.ZipFile(path) as archive:
        assert len(archive.namelist()) == 3  # ledger, changes, thank you


def test_missing_folder_is_refused(qtbot, view: ReportsView, tmp_path: Path):
    view.folder_edit.clear()
    qtbot.keyClicks(view.folder_edit, str(tmp_path / "nowhere"))
    qtbot.keyClick(view.folder_edit, Qt.Key.Key_Return)
    assert "does not exist" in view.status_label.text()
    assert view.status_label.objectName() == "FieldError"
    assert view.export_button.isEnabled()
    assert not (tmp_path / "nowhere").exists()


def test_a_failed_export_says_why(qtbot, view: ReportsView, monkeypatch):
    def broken(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(reports_view, "_export", broken)
    with qtbot.waitSignal(view.exportFailed, timeout=30_000) as signal:
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert signal.args[0] == "The report was not written: disk full"
    assert view.status_label.text() == signal.args[0]
    assert view.export_button.isEnabled()
    assert view.progress_bar.isHidden()


def test_an_empty_year_says_so(qtbot, db, tmp_path, monkeypatch):
    monkeypatch.setattr(reports_view, "_today", lambda: date(2026, 11, 2))
    from kaizen.services import Services

    services = Services.create(db, attachments_dir=tmp_path / "photos")
    services.people.bootstrap(site_name="New site", admin_name="Ada", admin_pin="1234")
    page = ReportsView(services)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.previewShown, timeout=30_000):
        page.refresh()
    assert page.empty_state.isVisible()
    assert not page.preview_label.isVisible()
    assert page.export_button.isEnabled()


def test_without_a_file_manager_the_full_path_is_said(qtbot, view: ReportsView):
    """Issue 16: after an export the app tried to open the folder and, with no file manager,
    failed silently; now it says where the file is."""
    with qtbot.waitSignal(view.exported, timeout=60_000) as signal:
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    path: Path = signal.args[0]
    asked: list[object] = []
    view.open_url = lambda url: asked.append(url) or False  # nothing opens folders here
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in asked] == [str(path.parent)]
    assert view.status_label.text() == (
        f"No file manager could open the folder. The report is saved as {path}")
    assert str(path) in view.status_label.text() and path.is_file()


def test_an_english_app_offers_no_language_choice(view: ReportsView) -> None:
    assert view.language_combo.isHidden()
    assert view.selected_language() == "en"


def test_a_german_app_writes_the_report_in_german_or_english(
        qtbot, db, db_url, clock, tmp_path, monkeypatch) -> None:
    """Issue 22: the report in the site's language or in English, picked on the page."""
    from kaizen.ui.language import apply_language

    monkeypatch.setattr(reports_view, "_today", lambda: date(2026, 11, 2))
    monkeypatch.setattr(reports_view.QDesktopServices, "openUrl", lambda url: True)
    plant = build_plant(db, db_url, clock, tmp_path)
    apply_language("de")
    page = ReportsView(plant.services)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    with qtbot.waitSignal(page.previewShown, timeout=30_000):
        page.refresh()
    combo = page.language_combo
    assert not combo.isHidden()
    assert [combo.itemText(i) for i in range(combo.count())] == ["Deutsch", "English"]
    folder = tmp_path / "out"
    folder.mkdir()
    page.folder_edit.setText(str(folder))
    texts = {}
    for language in ("Deutsch", "English"):
        click_combo_item(qtbot, combo, language)
        with qtbot.waitSignal(page.exported, timeout=60_000) as signal:
            qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
        texts[language] = " ".join(PdfReader(signal.args[0]).pages[0].extract_text().split())
    assert "Bestätigte Einsparungen 1.351" in texts["Deutsch"]
    assert "Validated savings 1,351" in texts["English"]
