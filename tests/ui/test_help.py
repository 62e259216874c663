"""F1 help (issue 16, "What users expected"): every view has an offline page, every link between
pages resolves, F1 opens the current view's page, and a link followed from the keyboard opens
its page. The seven wastes page names the seven wastes of Ohno's Toyota Production System (1988)
as kaizen.domain.enums.WasteCategory lists them, and the gates page each PDCA gate of design.md.

Issue 22 ("Languages"): every page exists in German and Spanish (pages/de, pages/es) with the
same links and anchors, each translated link resolves to a translated page, the translated wastes
page names the seven wastes with the project glossary's words (briefs/tr.md), and F1 opens the
page of the current language, English when a page has no translation."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

from PySide6.QtCore import Qt

from kaizen import help as help_pages
from kaizen import i18n
from kaizen.domain.enums import WasteCategory
from kaizen.ui.main_window import VIEW_SPECS, WASTE_WALK, MainWindow

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [code for code in i18n.LANGUAGES if code != i18n.SOURCE_LANGUAGE]
# The seven wastes in the glossary every translator of this project shares (briefs/tr.md),
# in WasteCategory's order (Ohno 1988: transport, inventory, motion, waiting, overproduction,
# over-processing, defects).
GLOSSARY_WASTES = {
    "de": ("Transport", "Bestände", "Bewegung", "Warten", "Überproduktion", "Überbearbeitung",
           "Fehler"),
    "es": ("Transporte", "Inventario", "Movimiento", "Espera", "Sobreproducción",
           "Sobreprocesamiento", "Defectos"),
}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links += [value or "" for name, value in attrs if name == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _read(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_view_has_its_own_page() -> None:
    names = {spec.name for spec in VIEW_SPECS}
    assert set(help_pages.VIEW_PAGES) == names
    for spec in VIEW_SPECS:
        page = help_pages.view_page(spec.name)
        assert page.name == help_pages.VIEW_PAGES[spec.name]
        assert page.is_file(), page
        assert spec.title.replace("&", "&amp;") in page.read_text(encoding="utf-8")
    assert len(set(help_pages.VIEW_PAGES.values())) == len(VIEW_SPECS)


def test_every_link_resolves_and_every_page_is_reachable() -> None:
    pages = sorted(help_pages.PAGES_DIR.glob("*.html"))
    assert len(pages) >= len(VIEW_SPECS) + 3
    reachable = {help_pages.INDEX}
    for page in pages:
        links = _read(page).links
        assert help_pages.INDEX in links, f"{page.name} does not link back to the contents"
        for link in links:
            assert not re.match(r"[a-z]+:", link), f"{page.name}: {link} is not offline"
            target = help_pages.PAGES_DIR / link.split("#")[0]
            assert target.is_file(), f"{page.name} links to {link}, which does not exist"
        if page.name == help_pages.INDEX:
            reachable.update(links)
    assert {p.name for p in pages} <= reachable, "a page the contents do not list"


def test_the_wastes_and_the_gates_are_explained() -> None:
    wastes = " ".join(_read(help_pages.page_path(help_pages.WASTES)).text)
    for category in WasteCategory:
        assert category.label in wastes, category
    gates = " ".join(_read(help_pages.page_path(help_pages.GATES)).text)
    for move in ("Plan → Do", "Do → Check", "Check → Act", "Act → Done"):
        assert move in gates
    for need in ("problem statement", "target", "countermeasure", "every action done",
                 "before and after", "adopt", "adapt", "abandon"):
        assert need in gates


def test_the_pages_are_package_data_a_wheel_carries() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["kaizen"]
    pages = sorted(help_pages.PAGES_DIR.rglob("*.html"))
    assert len(pages) == len(list(help_pages.PAGES_DIR.glob("*.html"))) * (1 + len(TRANSLATED))
    for page in pages:
        relative = page.relative_to(ROOT / "kaizen").as_posix()
        assert any(fnmatch.fnmatch(relative, p) for p in patterns), relative
    assert help_pages.PAGES_DIR == ROOT / "kaizen" / "help" / "pages"


def test_f1_opens_the_current_views_page_and_links_work(qtbot, window: MainWindow) -> None:
    window.show_view(WASTE_WALK)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.stack.currentWidget(), Qt.Key.Key_F1)
    dialog = window.help_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.current_page() == "waste-walk.html"
    assert "Waste walk" in dialog.browser.toPlainText()

    # Follow a link from the keyboard: Tab moves to the next link, Enter opens it.
    browser = dialog.browser
    browser.setFocus()
    qtbot.keyClick(browser, Qt.Key.Key_Tab)
    assert browser.textCursor().hasSelection()
    qtbot.keyClick(browser, Qt.Key.Key_Return)
    assert dialog.current_page() == help_pages.INDEX
    assert "Kaizen help" in browser.toPlainText()
    assert dialog.back_button.isEnabled()
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert dialog.current_page() == "waste-walk.html"

    # The wastes page from a link on the contents, and F1 on another view.
    browser.setSource(browser.source().resolved("wastes.html"))
    assert "Overproduction" in browser.toPlainText()
    window.show_view(0)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.stack.currentWidget(), Qt.Key.Key_F1)
    assert dialog.current_page() == "dashboard.html"


def test_every_page_exists_in_every_language_with_the_same_links() -> None:
    english = {page.name: _read(page) for page in help_pages.PAGES_DIR.glob("*.html")}
    for code in TRANSLATED:
        folder = help_pages.pages_dir(code)
        assert folder == help_pages.PAGES_DIR / code
        assert {page.name for page in folder.glob("*.html")} == set(english), code
        for name, original in english.items():
            translated = _read(folder / name)
            # Same links and anchors, in the same order: the page is translated, not rewritten.
            assert translated.links == original.links, f"{code}/{name}"
            for link in translated.links:
                assert (folder / link.split("#")[0]).is_file(), f"{code}/{name}: {link}"
            text = " ".join(translated.text)
            assert text.strip() and text != " ".join(original.text), f"{code}/{name}"


def test_each_translated_page_names_its_view_as_the_sidebar_does() -> None:
    # The sidebar's titles are translated in kaizen.ui.main_window's context; once the
    # catalogue has a title in another language, its page must use the same word.
    for code in TRANSLATED:
        with i18n.using(code):
            for spec in VIEW_SPECS:
                title = i18n.translate("ui.main_window", spec.title)
                if title == spec.title:
                    continue  # not translated (yet), or the same word in both languages
                page = help_pages.view_page(spec.name)
                assert page.parent.name == code
                assert title.replace("&", "&amp;") in page.read_text(encoding="utf-8"), (
                    code, spec.title, title)


def test_the_translated_wastes_and_gates_pages_say_the_same() -> None:
    for code in TRANSLATED:
        wastes = " ".join(_read(help_pages.page_path(help_pages.WASTES, code)).text)
        assert len(GLOSSARY_WASTES[code]) == len(WasteCategory)
        for word in GLOSSARY_WASTES[code]:
            assert word in wastes, (code, word)
        gates = " ".join(_read(help_pages.page_path(help_pages.GATES, code)).text)
        assert gates.count("→") == 4, code  # the four forward moves of the table


def test_a_page_opens_in_the_current_language_else_in_english(tmp_path, monkeypatch) -> None:
    assert help_pages.view_page("IdeasView").parent == help_pages.PAGES_DIR
    for code in TRANSLATED:
        with i18n.using(code):
            assert help_pages.view_page("IdeasView") == help_pages.PAGES_DIR / code / "ideas.html"
            assert help_pages.page_path("no-such-page.html") == (
                help_pages.PAGES_DIR / code / help_pages.INDEX)
        assert help_pages.page_path("wastes.html", code).parent.name == code
    # A page without its translation (yet) opens in English.
    (tmp_path / "de").mkdir()
    for name in ("index.html", "ideas.html"):
        (tmp_path / name).write_text("<p>English</p>", encoding="utf-8")
    (tmp_path / "de" / "index.html").write_text("<p>Deutsch</p>", encoding="utf-8")
    monkeypatch.setattr(help_pages, "PAGES_DIR", tmp_path)
    with i18n.using("de"):
        assert help_pages.view_page("IdeasView") == tmp_path / "ideas.html"
        assert help_pages.view_page("NoSuchView") == tmp_path / "de" / "index.html"
    with i18n.using("es"):
        assert help_pages.view_page("NoSuchView") == tmp_path / "index.html"


def test_f1_opens_the_page_of_the_current_language(qtbot, window: MainWindow) -> None:
    i18n.set_language("de")
    try:
        window.show_view(WASTE_WALK)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.keyClick(window.stack.currentWidget(), Qt.Key.Key_F1)
        dialog = window.help_dialog
        assert dialog is not None
        qtbot.waitUntil(dialog.isVisible)
        shown = Path(dialog.browser.source().toLocalFile())
        assert shown == help_pages.PAGES_DIR / "de" / "waste-walk.html"
        assert "Gemba-Rundgang" in dialog.browser.toPlainText()
        # A link from a German page opens the German neighbour.
        browser = dialog.browser
        browser.setSource(browser.source().resolved("wastes.html"))
        assert Path(browser.source().toLocalFile()).parent.name == "de"
        assert "Überproduktion" in browser.toPlainText()
        qtbot.mouseClick(dialog.home_button, Qt.MouseButton.LeftButton)
        assert Path(browser.source().toLocalFile()) == help_pages.PAGES_DIR / "de" / "index.html"
    finally:
        i18n.set_language(i18n.SOURCE_LANGUAGE)
