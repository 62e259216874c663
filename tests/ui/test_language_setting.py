"""The site's language (issue 22): chosen in Site settings, refused when unknown, and the app
starts in it: the window is built in the language this PC remembers, and built again when the
site's setting turns out different once the database is open (the remembered one is updated)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication

from kaizen import i18n
from kaizen.config import resolve_paths
from kaizen.db.engine import Database
from kaizen.db.migrate import prepare_database
from kaizen.domain.errors import ValidationError
from kaizen.services import Services
from kaizen.ui import app as gui
from kaizen.ui import language, worker
from kaizen.ui.admin.settings_dialog import SettingsDialog
from kaizen.ui.main_window import MainWindow
from kaizen.ui.views.people_areas import PeopleAreasView
from ui.helpers import Team


def test_an_admin_picks_the_sites_language_from_its_own_names(
        qtbot, services: Services, team: Team) -> None:
    page = PeopleAreasView(services)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    page.set_person(team.admin)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.refresh()
    qtbot.mouseClick(page.settings_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, SettingsDialog)
    combo = dialog.language_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["English", "Deutsch", "Español"]
    assert combo.currentData() == "en"
    combo.setCurrentIndex(combo.findData("de"))
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert services.people.settings().language == "de"
    assert i18n.current_language() == "en"  # from the next start, not under the open windows


def test_a_language_kaizen_does_not_speak_is_refused_and_nothing_changes(
        services: Services, team: Team) -> None:
    before = services.people.settings()
    with pytest.raises(ValidationError) as refused:
        services.people.update_settings(team.admin.id, language="fr", currency="USD")
    assert (refused.value.field, str(refused.value)) == (
        "language", "Pick one of the languages in the list.")
    assert services.people.settings() == before


def test_the_start_language_comes_from_the_environment_then_this_pcs_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(language.ENVIRONMENT, raising=False)
    assert language.start_language(tmp_path) == "en"
    assert language.site_language(tmp_path, "es") == "es"
    assert (tmp_path / language.LANGUAGE_FILE).read_text(encoding="utf-8") == "es\n"
    assert language.start_language(tmp_path) == "es"
    monkeypatch.setenv(language.ENVIRONMENT, "de")
    assert language.start_language(tmp_path) == "de"
    assert language.site_language(tmp_path, "es") == "de"
    monkeypatch.setenv(language.ENVIRONMENT, "klingon")  # not spoken: ignored
    assert language.start_language(tmp_path) == "es"


@pytest.mark.sqlite_only(reason="run_gui opens the data folder's own SQLite file")
def test_the_app_starts_in_the_sites_language_and_remembers_it(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(language.ENVIRONMENT, raising=False)
    paths = resolve_paths(data_dir=tmp_path / "data")
    paths.data_dir.mkdir(parents=True)
    db = Database(paths.db_url)
    prepare_database(db, None)
    services = Services.create(db)
    admin = services.people.bootstrap(site_name="Planta Sur", admin_name="Ana", admin_pin="2468")
    services.people.update_settings(admin.id, language="es")
    db.dispose()
    seen: dict[str, object] = {}

    def fake_exec(app: QApplication) -> int:
        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        seen["windows"] = len(windows)
        seen["language"] = i18n.current_language()
        seen["locale"] = QLocale().name()
        qtbot.waitUntil(lambda: worker.active_tasks() == 0, timeout=30_000)
        for window in windows:
            window.close()
            window.deleteLater()
        return 0

    monkeypatch.setattr(gui, "start_first_run", lambda *a, **k: None)
    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert gui.run_gui(paths) == 0
    assert seen == {"windows": 1, "language": "es", "locale": "es_ES"}
    assert (paths.data_dir / language.LANGUAGE_FILE).read_text(encoding="utf-8") == "es\n"
    assert language.start_language(paths.data_dir) == "es"  # the next start opens in Spanish
