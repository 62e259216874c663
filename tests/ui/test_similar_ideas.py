""""Similar ideas already exist" while a title is typed in the New idea form (issue 16): the
ideas sharing words with the title, from the full-text search (SQLite FTS5 ranked by BM25,
PostgreSQL ts_rank), read in the background where only the newest query's answer shows, each a
link that opens the idea."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kaizen.services import Services
from kaizen.services.suggestions import SuggestionInput
from kaizen.ui import worker
from kaizen.ui.capture.idea_form import IdeaDialog
from ui.helpers import Team


@pytest.fixture
def ideas(services: Services, team: Team) -> dict[str, int]:
    area = next(a for a in services.people.list_areas() if a.name == "Assembly")
    made = {}
    for title in ("Tape dispenser at the packing table", "Second torque wrench at station 4",
                  "Label the tape rolls by width", "<b>Bold</b> tape idea"):
        made[title] = services.suggestions.create(team.staff.id, SuggestionInput(
            title=title, problem="Walking.", proposal="Closer.", area_id=area.id)).id
    return made


@pytest.fixture
def form(qtbot, services: Services, team: Team) -> IdeaDialog:
    dialog = IdeaDialog(services, team.staff)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: worker.active_tasks() == 0, timeout=20_000)
    return dialog


def test_the_service_ranks_ideas_sharing_words(services: Services, ideas) -> None:
    rows = services.suggestions.similar("A tape dispenser for the packers")
    ids = [row.id for row in rows]
    assert ids[0] == ideas["Tape dispenser at the packing table"]  # both words: first
    assert set(ids) == {ideas["Tape dispenser at the packing table"],
                        ideas["Label the tape rolls by width"], ideas["<b>Bold</b> tape idea"]}
    assert services.suggestions.similar("the and for") == []  # stop words only
    assert [r.id for r in services.suggestions.similar("torq")] == [
        ideas["Second torque wrench at station 4"]]  # the word being typed, as a prefix


def test_typing_a_title_shows_links_to_similar_ideas(qtbot, form: IdeaDialog, ideas) -> None:
    similar = form.similar
    assert similar.isHidden()
    with qtbot.waitSignal(similar.shown, timeout=20_000) as shown:
        qtbot.keyClicks(form.title_edit, "Tape dispenser")
    assert shown.args[0][0] == ideas["Tape dispenser at the packing table"]
    assert similar.isVisible()
    text = similar.text()
    assert text.startswith("Similar ideas already exist:<br>")
    assert f'href="idea:{ideas["Tape dispenser at the packing table"]}"' in text
    assert "&lt;b&gt;Bold&lt;/b&gt;" in text and "<b>Bold</b>" not in text  # shown as typed
    assert "wrench" not in text

    # A link opens the idea over the form; what was typed stays.
    similar.linkActivated.emit(f"idea:{ideas['Label the tape rolls by width']}")
    detail = form.similar_dialog
    qtbot.waitUntil(detail.isVisible)
    assert detail.suggestion_id == ideas["Label the tape rolls by width"]
    detail.reject()
    assert form.title_edit.text() == "Tape dispenser"

    # Cleared: no hint.
    with qtbot.waitSignal(similar.shown, timeout=20_000) as shown:
        form.title_edit.clear()
    assert shown.args[0] == [] and similar.isHidden()


def test_only_the_newest_querys_answer_shows(qtbot, form: IdeaDialog, ideas) -> None:
    similar = form.similar
    answers: list[list[int]] = []
    similar.shown.connect(answers.append)
    similar.set_title("wrench")
    similar.search_now()  # in flight
    similar.set_title("rolls")
    similar.search_now()  # supersedes it
    qtbot.waitUntil(lambda: worker.active_tasks() == 0 and not similar.pending,
                    timeout=20_000)
    assert answers == [[ideas["Label the tape rolls by width"]]]
    assert similar.ids == [ideas["Label the tape rolls by width"]]


def test_the_link_is_reachable_from_the_keyboard(qtbot, form: IdeaDialog, ideas) -> None:
    with qtbot.waitSignal(form.similar.shown, timeout=20_000):
        qtbot.keyClicks(form.title_edit, "wrench")
    flags = form.similar.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    assert form.similar.focusPolicy() != Qt.FocusPolicy.NoFocus
