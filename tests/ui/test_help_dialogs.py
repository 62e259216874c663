"""F1 in every dialog (issue 16, "F1 help for each screen … It must work offline, from local
pages"): each dialog opened, F1 pressed on the widget holding its focus, and the help window
shows that dialog's page (and section), in the current language, English when a page has no
translation. Each window gets its F1 shortcut when it first gets the keyboard
(kaizen.ui.help_dialog.install_help_key, no application event filter); no dialog binds F1
itself. Every new page exists in English, German and Spanish with the same
links and section anchors (tests/ui/test_help.py checks the links of every page)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from kaizen import help as help_pages
from kaizen import i18n
from kaizen.db.engine import Database
from kaizen.domain.enums import MetricDirection
from kaizen.mining.csv_reader import CsvPreview, guess_columns
from kaizen.services import Services
from kaizen.ui.help_dialog import (
    HelpDialog,
    help_target,
    help_window_of,
    install_help_key,
)
from kaizen.ui.main_window import PROCESS_MAPS, MainWindow
from ui.helpers import Team, open_window
from ui.process_map_helpers import WORKED
from ui.test_idea_detail import make_idea
from ui.test_observation_detail import make_observation

TRANSLATED = [code for code in i18n.LANGUAGES if code != i18n.SOURCE_LANGUAGE]


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.names += [value or "" for name, value in attrs if name == "name"]


def anchors(path: Path) -> list[str]:
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.names


def press_f1(qtbot, dialog: QWidget) -> HelpDialog:
    """Show ``dialog``, press F1 on the widget that holds its focus, return its help window."""
    if not dialog.isVisible():
        dialog.show()
        qtbot.waitExposed(dialog)
    # A key press arrives in the active window only (F1 is that window's shortcut).
    qtbot.waitUntil(dialog.isActiveWindow)
    target = dialog.focusWidget() or dialog
    assert help_window_of(dialog) is None
    qtbot.keyClick(target, Qt.Key.Key_F1)
    shown = help_window_of(dialog)
    assert shown is not None, f"F1 in {type(dialog).__name__} opened no help"
    qtbot.waitUntil(shown.isVisible)
    return shown


def assert_page(help_window: HelpDialog, target: str) -> None:
    page, _, anchor = target.partition("#")
    assert help_window.current_page() == page
    assert help_window.current_anchor() == anchor
    text = help_window.browser.toPlainText()
    assert text.strip(), page
    if anchor:
        assert anchor in anchors(help_pages.page_path(page)), target


@pytest.fixture(autouse=True)
def help_key(qapp) -> None:
    install_help_key(qapp)


def dialogs(services: Services, team: Team, db: Database, tmp_path: Path
            ) -> list[tuple[Callable[[], QWidget], str]]:
    """Each dialog of the brief (a factory, so each is made when its turn comes) and its page."""
    from kaizen.ui.admin.area_dialog import AreaDialog
    from kaizen.ui.admin.person_dialog import PersonDialog, SetPinDialog
    from kaizen.ui.admin.settings_dialog import SettingsDialog
    from kaizen.ui.board.detail import CycleDetailDialog
    from kaizen.ui.capture.idea_form import IdeaDialog
    from kaizen.ui.capture.observation_form import ObservationDialog
    from kaizen.ui.database_dialog import DatabaseDialog
    from kaizen.ui.detail.idea_detail import IdeaDetailDialog
    from kaizen.ui.detail.observation_detail import ObservationDetailDialog
    from kaizen.ui.measure.entry_dialog import EntryDialog
    from kaizen.ui.measure.metric_dialog import MetricDialog
    from kaizen.ui.measure.propose_dialog import MetricBasis, ProposeSavingsDialog
    from kaizen.ui.mining.import_dialog import ColumnMappingDialog
    from kaizen.ui.process_map.editor import MapEditor
    from kaizen.ui.review.batch_review import BatchReviewDialog

    idea = make_idea(services, team)
    services.suggestions.start_review(team.supervisor.id, idea.id)
    services.suggestions.accept(team.supervisor.id, idea.id)
    cycle = services.pdca.current_cycle(idea.id)
    assert cycle is not None
    waiting = make_idea(services, team, title="Shadow board for wrenches")
    observation = make_observation(services, team)
    areas = services.people.list_areas()
    settings = services.people.settings()
    header = ("case", "activity", "time")
    preview = CsvPreview(header, (("1", "Pick", "2026-11-02 08:00"),), guess_columns(header),
                         ",")
    basis = MetricBasis("Cycle time", "min", MetricDirection.LOWER_IS_BETTER, 12.5, 10.25)
    sup, admin = team.supervisor, team.admin
    return [
        (lambda: IdeaDialog(services, team.staff), "log-idea.html"),
        (lambda: ObservationDialog(services, team.staff), "log-waste.html"),
        (lambda: IdeaDetailDialog(services, team.staff, idea.id), "idea-detail.html"),
        (lambda: ObservationDetailDialog(services, team.staff, observation.id),
         "observation-detail.html"),
        (lambda: CycleDetailDialog(services, cycle.id, sup), "pdca-card.html"),
        (lambda: MetricDialog(services, sup.id, idea.id), "measure-forms.html#metric"),
        (lambda: EntryDialog(services, sup.id, idea.id, currency="EUR"),
         "measure-forms.html#savings"),
        (lambda: ProposeSavingsDialog(basis, currency="EUR", first_month="2027-01"),
         "measure-forms.html#propose"),
        (lambda: BatchReviewDialog(services, sup, [waiting.id]), "batch-review.html"),
        (lambda: PersonDialog(services.people, admin.id, areas), "admin-forms.html#person"),
        (lambda: SetPinDialog(services.people, admin.id, team.staff), "admin-forms.html#pin"),
        (lambda: AreaDialog(services.people, admin.id, areas, settings),
         "admin-forms.html#area"),
        (lambda: SettingsDialog(services.people, admin.id, settings), "admin-forms.html#site"),
        (lambda: DatabaseDialog(db, tmp_path / "kaizen.db", tmp_path / "backups"),
         "database.html"),
        (lambda: ColumnMappingDialog("log.csv", preview, "log"), "mining-import.html"),
        (lambda: MapEditor(), "map-editor.html"),
    ]


def test_f1_in_each_dialog_opens_its_page(qtbot, services: Services, team: Team, db: Database,
                                          tmp_path: Path) -> None:
    for make, target in dialogs(services, team, db, tmp_path):
        dialog = make()
        qtbot.addWidget(dialog)
        assert help_target(dialog) == target, type(dialog).__name__
        shown = press_f1(qtbot, dialog)
        assert_page(shown, target)
        # The help belongs to the dialog, so a modal dialog does not block it.
        assert shown.parentWidget() is dialog
        # F1 again shows the same window, not a second one.
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_F1)
        assert dialog.findChildren(HelpDialog) == [shown]
        # F1 inside the help window itself opens nothing more.
        qtbot.keyClick(shown.browser, Qt.Key.Key_F1)
        assert dialog.findChildren(HelpDialog) == [shown]
        shown.close()
        dialog.close()


def test_the_application_puts_the_filter_in_place_once(qapp) -> None:
    """Before any main window (a damaged database, the first start) F1 works too: the
    application itself installs the filter, and a second call adds no second one."""
    from kaizen.ui.app import ensure_application
    from kaizen.ui.help_dialog import HelpKey

    for key in qapp.findChildren(HelpKey):
        qapp.removeEventFilter(key)
        key.setParent(None)
    assert qapp.findChildren(HelpKey) == []
    ensure_application()
    ensure_application()
    assert len(qapp.findChildren(HelpKey)) == 1


def test_f1_in_a_modal_dialog_over_the_main_window(qtbot, window: MainWindow,
                                                   team: Team) -> None:
    # The main window puts the filter in place (the autouse fixture would hide a missing one).
    app = QApplication.instance()
    assert app is not None
    keys = [k for k in app.children() if type(k).__name__ == "HelpKey"]
    assert len(keys) == 1
    window.who_picker.choose(team.staff.id)
    qtbot.waitUntil(lambda: window.current_person is not None)
    window.open_observation_form()
    form = window.capture_dialog
    assert form is not None
    form.setWindowModality(Qt.WindowModality.ApplicationModal)
    shown = press_f1(qtbot, form)
    assert_page(shown, "log-waste.html")
    assert window.help_dialog is None or not window.help_dialog.isVisible()
    form.close()


def test_f1_in_a_dialog_follows_the_language(qtbot, services: Services, team: Team) -> None:
    from kaizen.ui.admin.settings_dialog import SettingsDialog

    for code in TRANSLATED:
        with i18n.using(code):
            dialog = SettingsDialog(services.people, team.admin.id, services.people.settings())
            qtbot.addWidget(dialog)
            shown = press_f1(qtbot, dialog)
            source = Path(shown.browser.source().toLocalFile())
            assert source == help_pages.PAGES_DIR / code / "admin-forms.html"
            assert shown.current_anchor() == "site"
            dialog.close()


def test_the_map_editor_inside_its_view_has_its_own_page(qtbot, services: Services,
                                                         team: Team) -> None:
    area = services.people.list_areas()[0].id
    services.processes.create_process(team.supervisor.id, name="Worked", area_id=area,
                                      document=copy.deepcopy(WORKED))
    window = open_window(qtbot, services)
    window.show_view(PROCESS_MAPS)
    page = window.page_at(PROCESS_MAPS)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.tabs)  # type: ignore[attr-defined]
    editor = page.editor  # type: ignore[attr-defined]
    qtbot.waitUntil(editor.isVisible)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    editor.canvas.setFocus()
    qtbot.waitUntil(lambda: editor.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F1)
    assert window.help_dialog is not None
    assert window.help_dialog.current_page() == "map-editor.html"
    # Focus on the sidebar: the view's own page.
    window.sidebar.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.sidebar)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_F1)
    assert window.help_dialog.current_page() == "process-maps.html"


def test_every_dialog_page_and_section_exists_in_every_language() -> None:
    for target in help_pages.DIALOG_PAGES.values():
        page, _, anchor = target.partition("#")
        english = help_pages.PAGES_DIR / page
        assert english.is_file(), target
        for code in TRANSLATED:
            translated = help_pages.page_path(page, code)
            assert translated.parent.name == code, (code, page)
            # Same sections: a translated page opens at the same anchor.
            assert anchors(translated) == anchors(english), (code, page)
        if anchor:
            assert anchor in anchors(english), target


def test_f1_falls_back_to_english_for_an_untranslated_page(qtbot, services: Services,
                                                           team: Team, tmp_path,
                                                           monkeypatch) -> None:
    from kaizen.ui.admin.settings_dialog import SettingsDialog

    (tmp_path / "de").mkdir()
    (tmp_path / "admin-forms.html").write_text(
        '<p>English</p><h2><a name="site">Site</a></h2>', encoding="utf-8")
    (tmp_path / "index.html").write_text("<p>English</p>", encoding="utf-8")
    monkeypatch.setattr(help_pages, "PAGES_DIR", tmp_path)
    with i18n.using("de"):
        dialog = SettingsDialog(services.people, team.admin.id, services.people.settings())
        qtbot.addWidget(dialog)
        shown = press_f1(qtbot, dialog)
        assert Path(shown.browser.source().toLocalFile()) == tmp_path / "admin-forms.html"
        assert shown.current_anchor() == "site"
        dialog.close()


def test_f1_needs_no_application_event_filter(qtbot, qapp) -> None:
    """Issue 21: no Python call per event of the application. HelpKey filters nothing (Qt's
    base eventFilter), and a dialog's F1 is a shortcut Qt's C++ shortcut map matches: sending
    the dialog's own events does not pass through any HelpKey."""
    from PySide6.QtCore import QObject

    from kaizen.ui.help_dialog import HelpKey
    from kaizen.ui.mining.import_dialog import ColumnMappingDialog

    assert HelpKey.eventFilter is QObject.eventFilter
    header = ("case", "activity", "time")
    preview = CsvPreview(header, (("1", "Pick", "2026-11-02 08:00"),), guess_columns(header),
                         ",")
    dialog = ColumnMappingDialog("log.csv", preview, "log")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    shortcuts = dialog.findChildren(QShortcut, "HelpShortcut")
    assert len(shortcuts) == 1
    assert shortcuts[0].key() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    shown = press_f1(qtbot, dialog)
    assert_page(shown, "mining-import.html")
    # The help window has no F1 of its own, and a second focus leaves the dialog with one.
    assert shown.findChildren(QShortcut, "HelpShortcut") == []
    shown.close()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert len(dialog.findChildren(QShortcut, "HelpShortcut")) == 1
    dialog.close()


def test_f1_works_in_a_dialog_after_views_were_shown(qtbot, window: MainWindow,
                                                     team: Team) -> None:
    """Showing views leaves the one F1 watcher in place."""
    from kaizen.ui.main_window import MEASUREMENTS

    window.show_view(MEASUREMENTS)
    window.show_view(PROCESS_MAPS)
    app = QApplication.instance()
    assert app is not None
    assert len([k for k in app.children() if type(k).__name__ == "HelpKey"]) == 1
    window.who_picker.choose(team.staff.id)
    qtbot.waitUntil(lambda: window.current_person is not None)
    window.open_observation_form()
    form = window.capture_dialog
    assert form is not None
    shown = press_f1(qtbot, form)
    assert_page(shown, "log-waste.html")
    form.close()
