"""F1 help (issue 16, "What users expected"): every view has an offline page, every link between
pages resolves, F1 opens the current view's page, and a link followed from the keyboard opens
its page. The seven wastes page names the seven wastes of Ohno's Toyota Production System (1988)
as kaizen.domain.enums.WasteCategory lists them, and the gates page each PDCA gate of design.md."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

from PySide6.QtCore import Qt

from kaizen import help as help_pages
from kaizen.domain.enums import WasteCategory
from kaizen.ui.main_window import VIEW_SPECS, WASTE_WALK, MainWindow

ROOT = Path(__file__).resolve().parents[2]


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
    for page in help_pages.PAGES_DIR.glob("*.html"):
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
