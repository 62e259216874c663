"""``#123`` in a comment's text is a link to idea 123 (issue 16: "`#123` in any text opens idea
123"), not only in the mentions line under the thread: a click on it, or Alt+Enter on the
selected comment, opens that idea's detail over the dialog (the same path as the mentions
line). The text is escaped: a comment containing ``<b>`` or ``<script>`` shows it literally
(OWASP XSS Prevention Cheat Sheet, rule 1: HTML-encode untrusted data put into HTML content;
Qt's rich text would otherwise render the tags)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt

from kaizen.services import Services
from kaizen.services.suggestions import SuggestionInput
from kaizen.ui.detail.comments import BODY_ROLE, CommentDelegate, CommentTree
from kaizen.ui.detail.idea_detail import TAB_COMMENTS, IdeaDetailDialog
from ui.helpers import Team
from ui.test_idea_detail import open_idea


def two_ideas(services: Services, team: Team) -> tuple[int, int]:
    area = next(a for a in services.people.list_areas() if a.name == "Assembly")
    made = [services.suggestions.create(team.staff.id, SuggestionInput(
        title=title, problem="Walking.", proposal="Closer.", area_id=area.id)).id
        for title in ("Tape dispenser at the packing table", "Second dispenser")]
    return made[0], made[1]


def comment_row(tree: CommentTree, text: str) -> QModelIndex:
    model = tree.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if text in (index.data(BODY_ROLE) or ""):
            return index
    raise AssertionError(f"no comment with {text!r}")


def point_on_link(tree: CommentTree, index: QModelIndex, target: int) -> QPoint:
    """A point of the row where the link to ``target`` is painted (found by scanning the row,
    as an eye would find the underlined text)."""
    rect = tree.visualRect(index)
    for y in range(rect.top(), rect.bottom(), 2):
        for x in range(rect.left(), rect.right(), 2):
            if tree.link_at(QPoint(x, y)) == target:
                return QPoint(x, y)
    raise AssertionError(f"no link to #{target} in the row")


def open_comments(qtbot, services: Services, person, idea_id: int) -> IdeaDetailDialog:
    dialog = open_idea(qtbot, services, person, idea_id)
    dialog.tabs.setCurrentIndex(TAB_COMMENTS)
    tree = dialog.comments.tree
    qtbot.waitUntil(tree.isVisible)
    return dialog


def test_a_reference_in_a_comment_opens_its_idea(qtbot, services: Services, team: Team) -> None:
    target, source = two_ideas(services, team)
    services.suggestions.add_comment(team.staff.id, source, f"see #{target}")
    dialog = open_comments(qtbot, services, team.supervisor, source)
    tree = dialog.comments.tree
    index = comment_row(tree, f"#{target}")
    delegate = tree.itemDelegate()
    assert isinstance(delegate, CommentDelegate)
    document = delegate.body_document(index)
    assert document.toPlainText() == f"see #{target}"
    assert f'href="idea:{target}"' in document.toHtml()

    # A click on the link opens the idea.
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=point_on_link(tree, index, target))
    opened = getattr(dialog, "idea_dialog", None)
    assert opened is not None and opened.record_id == target
    opened.close()
    # A click beside it (on the words "see") only selects the comment.
    dialog.idea_dialog = None
    rect = tree.visualRect(index)
    beside = next(QPoint(x, y) for y in range(rect.top(), rect.bottom(), 2)
                  for x in range(rect.left(), rect.right(), 2)
                  if rect.contains(QPoint(x, y)) and tree.link_at(QPoint(x, y)) is None)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=beside)
    assert getattr(dialog, "idea_dialog", None) is None

    # From the keyboard: the comment selected, Alt+Enter.
    tree.setFocus()
    tree.setCurrentIndex(index)
    qtbot.keyClick(tree, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    opened = getattr(dialog, "idea_dialog", None)
    assert opened is not None and opened.record_id == target


def test_a_comment_with_tags_shows_them_as_text(qtbot, services: Services, team: Team) -> None:
    _target, source = two_ideas(services, team)
    services.suggestions.add_comment(team.staff.id, source, "<b>x</b> <script>alert(1)</script>")
    dialog = open_comments(qtbot, services, team.supervisor, source)
    tree = dialog.comments.tree
    index = comment_row(tree, "<b>x</b>")
    delegate = tree.itemDelegate()
    assert isinstance(delegate, CommentDelegate)
    document = delegate.body_document(index)
    assert document.toPlainText() == "<b>x</b> <script>alert(1)</script>"
    # Nothing bold: the tags were text, not markup.
    block = document.begin()
    fragments = []
    it = block.begin()
    while not it.atEnd():
        fragments.append(it.fragment())
        it += 1
    assert all(not f.charFormat().font().bold() for f in fragments)
    # Alt+Enter on a comment without a reference opens nothing.
    tree.setFocus()
    tree.setCurrentIndex(index)
    qtbot.keyClick(tree, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    assert getattr(dialog, "idea_dialog", None) is None
