"""``#123`` in any text opens idea 123 (issue 16): in an idea's problem and proposal, its
comments, an observation's description and a PDCA card's plan, check and act texts, on real
dialogs over real services; Ctrl+click (or a plain click in a read-only box) and Alt+Enter on
the reference open the idea's detail. The parsing keeps HTML entities (``&#39;``) and words
(``a#5``) out, and escapes the rest of the text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kaizen.domain.enums import WasteCategory
from kaizen.services import Services
from kaizen.services.observations import ObservationInput
from kaizen.services.suggestions import SuggestionInput
from kaizen.ui.detail.idea_detail import IdeaDetailDialog
from kaizen.ui.detail.observation_detail import ObservationDetailDialog
from kaizen.ui.widgets.idea_links import idea_refs, linkify
from ui.helpers import Team
from ui.test_idea_detail import open_idea
from ui.test_pdca_board import build_world, open_board


def test_references_are_found_and_written_as_escaped_links() -> None:
    text = "Same as #12, see #40 and #12 again; not &#39; nor a#5 nor ##x.\n<b>#7</b>"
    assert idea_refs(text) == [12, 40, 7]
    html = linkify(text)
    assert '<a href="idea:12">#12</a>' in html and '<a href="idea:7">#7</a>' in html
    assert "&lt;b&gt;" in html and "<b>" not in html and "<br>" in html
    assert 'href="idea:39"' not in html and 'href="idea:5"' not in html


@pytest.fixture
def two_ideas(services: Services, team: Team) -> tuple[int, int]:
    area = next(a for a in services.people.list_areas() if a.name == "Assembly")
    target = services.suggestions.create(team.staff.id, SuggestionInput(
        title="Tape dispenser at the packing table", problem="Walking.", proposal="Closer.",
        area_id=area.id)).id
    source = services.suggestions.create(team.staff.id, SuggestionInput(
        title="Second dispenser", problem=f"Same trouble as #{target} on line 2.",
        proposal="Copy it.", area_id=area.id)).id
    return source, target


def click_ref(qtbot, edit, ref: str, modifier=Qt.KeyboardModifier.ControlModifier) -> None:
    cursor = edit.textCursor()
    cursor.setPosition(edit.toPlainText().index(ref) + 2)
    rect = edit.cursorRect(cursor)
    qtbot.mouseClick(edit.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_ctrl_click_and_alt_enter_open_the_idea(qtbot, services: Services, team: Team,
                                                two_ideas) -> None:
    source, target = two_ideas
    dialog = open_idea(qtbot, services, team.supervisor, source)
    edit = dialog.problem_edit
    assert not edit.isReadOnly()
    # A plain click in an editable box places the cursor; Ctrl+click follows the link.
    click_ref(qtbot, edit, f"#{target}", Qt.KeyboardModifier.NoModifier)
    assert getattr(dialog, "idea_dialog", None) is None
    click_ref(qtbot, edit, f"#{target}")
    opened = dialog.idea_dialog
    assert isinstance(opened, IdeaDetailDialog) and opened.record_id == target
    qtbot.waitUntil(opened.isVisible)
    opened.reject()

    cursor = edit.textCursor()
    cursor.setPosition(edit.toPlainText().index(f"#{target}") + 1)
    edit.setTextCursor(cursor)
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    assert dialog.idea_dialog is not opened and dialog.idea_dialog.record_id == target
    assert edit.toPlainText() == f"Same trouble as #{target} on line 2."  # no new line typed


def test_comments_list_the_ideas_they_mention(qtbot, services: Services, team: Team,
                                              two_ideas) -> None:
    source, target = two_ideas
    services.suggestions.add_comment(team.staff.id, source, f"Also like #{target}, and #{source}.")
    dialog = open_idea(qtbot, services, team.supervisor, source)
    mentions = dialog.comments.mentions
    assert mentions.ids == [target]  # the idea itself is left out
    assert f'href="idea:{target}"' in mentions.text()
    mentions.linkActivated.emit(f"idea:{target}")
    assert dialog.idea_dialog.record_id == target


def test_an_observation_and_a_pdca_card_link_too(qtbot, services: Services, team: Team,
                                                 clock, two_ideas) -> None:
    _source, target = two_ideas
    area = next(a for a in services.people.list_areas() if a.name == "Assembly")
    obs = services.observations.create(team.staff.id, ObservationInput(
        category=WasteCategory.WAITING, area_id=area.id,
        description=f"Waiting for tape again, see #{target}.", minutes_per_occurrence=2,
        occurrences_per_week=10))
    # The supervisor reads someone else's observation: read-only, a plain click follows.
    dialog = ObservationDetailDialog(services, team.supervisor, obs.id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        dialog.show()
    if dialog.description_edit.isReadOnly():
        click_ref(qtbot, dialog.description_edit, f"#{target}", Qt.KeyboardModifier.NoModifier)
    else:
        click_ref(qtbot, dialog.description_edit, f"#{target}")
    assert dialog.idea_dialog.record_id == target
    dialog.idea_dialog.reject()

    world = build_world(services, team, clock)
    services.pdca.update_plan(
        team.supervisor.id, world.empty, problem_statement=f"As in #{target}.", why_chain=[],
        root_cause="", target_metric="", target_from=None, target_to=None, target_by=None,
        countermeasure="")
    board = open_board(qtbot, services, team.supervisor)
    card = board.open_card(world.empty)
    qtbot.waitUntil(lambda: card.detail is not None, timeout=20_000)
    click_ref(qtbot, card.plan.problem_edit, f"#{target}")
    qtbot.waitUntil(lambda: getattr(board, "idea_dialog", None) is not None)
    assert board.idea_dialog.record_id == target
