"""Every word the forms show goes through the translation system (issue 22: "a test fails when a
visible string is not marked").

In the pseudo-language (:data:`kaizen.i18n.PSEUDO`) each marked text comes back between ⟦ and ⟧,
so a word left outside the brackets was never marked. The forms are opened in it, some of their
changing texts brought out (a refusal, a live price, a saved line), and every text a person can
read is collected: window titles, labels, buttons, placeholders, tooltips, accessible names, list
rows and table headers. What may stay outside brackets is data: people's and areas' names, the
currency, and the labels of other modules' enums (their owners mark those, see
kaizen/domain/enums.py; they are checked there).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)

from kaizen.db.engine import Database
from kaizen.domain.enums import Role, SuggestionStatus, WasteCategory
from kaizen.i18n import PSEUDO, using
from kaizen.services import Services
from kaizen.ui.admin.area_dialog import AreaDialog
from kaizen.ui.admin.dialog import RateField
from kaizen.ui.capture.idea_form import IdeaDialog
from kaizen.ui.capture.observation_form import ObservationDialog
from kaizen.ui.database_dialog import DatabaseDialog
from kaizen.ui.language import apply_language
from kaizen.ui.models.area_tree import AreaTreeModel
from kaizen.ui.models.people_table import PeopleTableModel
from kaizen.ui.who_picker import PersonChooser, PinDialog
from ui.helpers import Team

_MARKED = re.compile("\u27e6[^\u27e6\u27e7]*\u27e7")  # innermost first: marked texts nest
_TAG = re.compile(r"<[^>]+>")


@pytest.fixture
def pseudo() -> Iterator[None]:
    apply_language(PSEUDO)
    try:
        yield
    finally:
        apply_language("en")


def unmarked_words(text: str, data: set[str]) -> str:
    """What is left of ``text`` once the marked parts, markup and data are taken out."""
    text = _TAG.sub(" ", text)
    while True:
        stripped = _MARKED.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    return text if sum(c.isalpha() for c in text) >= 2 else ""


def readable_texts(top: QWidget) -> list[tuple[str, str]]:
    """(where, text) of everything a person can read in ``top`` and its children."""
    found = [(f"{type(top).__name__} title", top.windowTitle())]
    for widget in (top, *top.findChildren(QWidget)):
        name = f"{type(widget).__name__} {widget.objectName()}".strip()
        found += [(f"{name} tooltip", widget.toolTip()),
                  (f"{name} accessible name", widget.accessibleName())]
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.append((f"{name} text", widget.text()))
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            found.append((f"{name} placeholder", widget.placeholderText()))
        if isinstance(widget, QListWidget):
            found += [(f"{name} row", widget.item(row).text()) for row in range(widget.count())]
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            found += [(f"{name} header", str(model.headerData(c, Qt.Orientation.Horizontal)))
                      for c in range(model.columnCount())]
    return [(where, text) for where, text in found if text]


def assert_all_marked(top: QWidget, data: set[str]) -> None:
    left = [(where, text) for where, text in readable_texts(top)
            if unmarked_words(text, data)]
    assert not left, "texts not marked for translation:\n" + "\n".join(
        f"  {where}: {text!r}" for where, text in left)


@pytest.fixture
def data(services: Services, team: Team) -> set[str]:
    """What the forms show that is data, not Kaizen's words (English labels of other modules'
    enums included: their owners mark them)."""
    values = {p.name for p in services.people.list_people()}
    values |= {a.name for a in services.people.list_areas()}
    values |= {a.path for a in services.people.list_areas()}
    values.add(services.people.settings().currency)
    with using("en"):
        for enum in (Role, WasteCategory, SuggestionStatus):
            values |= {member.label for member in enum}
        values |= {w.help_text for w in WasteCategory}
    values |= {"JPEG", "PNG", "WebP", "GIF", "SVG", "SQLite", "Kaizen", "PIN"}
    return values


def test_the_checker_sees_an_unmarked_word() -> None:
    """The test's own check: a word outside the brackets is caught, data and marks are not."""
    assert unmarked_words("Save", set()) == "Save"
    assert unmarked_words("\u27e6Save\u27e7", set()) == ""
    assert unmarked_words("\u27e6\u2713 \u27e6Idea #3 saved\u27e7. Ready\u27e7", set()) == ""
    assert unmarked_words("Bea Staff \u2014 Staff", {"Bea Staff", "Staff"}) == ""
    assert unmarked_words("\u27e6By {name}\u27e7 and more", set()).strip() == "and more"


def test_the_capture_forms_show_only_marked_words(qtbot, pseudo, services: Services,
                                                  team: Team, data: set[str]) -> None:
    idea = IdeaDialog(services, team.staff)
    qtbot.addWidget(idea)
    idea.show()
    qtbot.waitUntil(lambda: idea.is_ready)
    idea.savings_edit.setText("a lot")  # a refusal the form writes itself
    with qtbot.waitSignal(idea.saveFinished):
        idea.save()
    assert idea.form.error_text("expected_savings").startswith("\u27e6")
    assert_all_marked(idea, data)

    seen = ObservationDialog(services, team.staff)
    qtbot.addWidget(seen)
    seen.show()
    qtbot.waitUntil(lambda: seen.is_ready)
    seen.minutes_edit.setText("5")
    seen.per_week_edit.setText("10")  # the live price and its basis
    assert seen.basis_label.text()
    assert_all_marked(seen, data)


def test_the_admin_and_who_dialogs_show_only_marked_words(qtbot, pseudo, services: Services,
                                                          team: Team, data: set[str]) -> None:
    people = services.people
    areas, settings = people.list_areas(), people.settings()
    for dialog in (AreaDialog(people, team.admin.id, areas, settings, area=areas[1]),
                   AreaDialog(people, team.admin.id, areas, settings, parent_id=areas[0].id),
                   PinDialog(team.supervisor, people.authenticate),
                   PersonChooser(team.active, team.staff.id)):
        qtbot.addWidget(dialog)
        assert_all_marked(dialog, data)


def test_the_backups_dialog_and_the_tables_show_only_marked_words(
        qtbot, pseudo, db: Database, services: Services, team: Team, data: set[str],
        tmp_path: Path) -> None:
    dialog = DatabaseDialog(db, tmp_path / "kaizen.db", tmp_path / "backups")
    qtbot.addWidget(dialog)
    assert_all_marked(dialog, data)
    people = services.people
    for model in (AreaTreeModel(people.list_areas()), PeopleTableModel(people.list_people())):
        texts = [str(model.headerData(c, Qt.Orientation.Horizontal))
                 for c in range(model.columnCount())]
        texts += [str(model.index(0, c).data()) for c in range(model.columnCount())]
        assert not [t for t in texts if unmarked_words(t, data)], texts


@pytest.mark.parametrize(("language", "shown", "other"), [("en", "1,238.50", "1238,50"),
                                                          ("de", "1.238,50", "1238.50"),
                                                          ("es", "1.238,50", "1238.50")])
def test_a_rate_is_put_in_its_field_in_the_language_and_read_back(qtbot, language, shown,
                                                                   other) -> None:
    """The decimal and group signs are CLDR's for the language (a decimal comma in de_DE and
    es_ES); the rate field is a MoneyEdit, which reads what it shows and the other decimal sign
    too (kaizen.domain.numbers.parse_number)."""
    with using(language):
        rate = RateField("hourly_rate", "Hourly rate", "EUR per hour", 1238.5)
        qtbot.addWidget(rate.widget)
        assert rate.edit.text() == shown
        assert rate.value() == 1238.5
        rate.edit.setText(other)
        assert rate.value() == 1238.5