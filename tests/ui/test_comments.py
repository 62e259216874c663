"""The comment thread: the tree model alone (replies under their comment, oldest first, an
orphan reply kept at the top), and the panel in the idea dialog over the real file (Ctrl+Enter
posts, Reply answers the selected comment with its parent_id stored, a refused comment keeps
its text, long comments wrap into taller rows)."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QModelIndex, Qt
from sqlalchemy import select

from kaizen.db.engine import Database
from kaizen.db.models import Comment
from kaizen.services import Services
from kaizen.services.suggestions import CommentInfo
from kaizen.ui.detail.comments import (
    AUTHOR_ROLE,
    BODY_ROLE,
    ID_ROLE,
    PARENT_ROLE,
    WHEN_ROLE,
    CommentTreeModel,
)
from kaizen.ui.detail.idea_detail import TAB_COMMENTS
from ui.helpers import Team
from ui.test_idea_detail import make_idea, open_idea

T0 = datetime(2026, 11, 2, 9, 0)


def info(comment_id: int, parent_id: int | None, author: str, body: str,
         minutes: int) -> CommentInfo:
    return CommentInfo(id=comment_id, suggestion_id=1, parent_id=parent_id, author_id=1,
                       author_name=author, body=body, created_at=T0 + timedelta(minutes=minutes))


def comments_in_file(db_url: str, suggestion_id: int) -> list[tuple[int, int | None, str]]:
    other = Database(db_url)
    try:
        with other.read() as s:
            rows = s.execute(select(Comment.id, Comment.parent_id, Comment.body)
                             .where(Comment.suggestion_id == suggestion_id)
                             .order_by(Comment.id)).all()
            return [tuple(row) for row in rows]
    finally:
        other.dispose()


# -------------------------------------------------------------------------------- the model


def test_the_model_nests_replies_under_their_comment_oldest_first(qtbot) -> None:
    model = CommentTreeModel()
    model.set_comments([
        info(3, 1, "Sam", "Reply to the first", 20),
        info(1, None, "Bea", "First", 0),
        info(2, None, "Carl", "Second", 10),
        info(4, 3, "Bea", "Reply to the reply", 30),
        info(5, 1, "Carl", "Another reply to the first", 40),
        info(6, 99, "Sam", "Its comment is gone", 50),
    ])
    assert model.comment_count() == 6
    assert model.rowCount() == 3  # two top-level comments and the orphan
    top = [model.index(row, 0).data(ID_ROLE) for row in range(3)]
    assert top == [1, 2, 6]
    first = model.index(0, 0)
    assert model.rowCount(first) == 2
    assert [model.index(r, 0, first).data(ID_ROLE) for r in range(2)] == [3, 5]
    reply = model.index(0, 0, first)
    assert model.parent(reply) == first
    assert model.parent(first) == QModelIndex()
    deeper = model.index(0, 0, reply)
    assert deeper.data(BODY_ROLE) == "Reply to the reply"
    assert model.parent(deeper) == reply
    assert deeper.data(AUTHOR_ROLE) == "Bea"
    assert deeper.data(WHEN_ROLE) == "02 Nov 2026 09:30"
    assert deeper.data(PARENT_ROLE) == 3
    assert deeper.data(Qt.ItemDataRole.DisplayRole) == (
        "Bea · 02 Nov 2026 09:30\nReply to the reply")
    assert model.index_of(4) == deeper
    assert not model.index_of(42).isValid()
    assert model.columnCount() == 1


def test_the_model_resets_with_new_comments(qtbot) -> None:
    model = CommentTreeModel()
    model.set_comments([info(1, None, "Bea", "First", 0)])
    with qtbot.waitSignal(model.modelReset):
        model.set_comments([])
    assert model.rowCount() == 0
    assert model.comment_count() == 0


# -------------------------------------------------------------------------------- the panel


def test_post_a_comment_with_ctrl_enter_and_reply_to_it(qtbot, services: Services, team: Team,
                                                        db_url: str) -> None:
    idea = make_idea(services, team)
    dialog = open_idea(qtbot, services, team.staff, idea.id)
    qtbot.keyClick(dialog, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentIndex() == TAB_COMMENTS
    panel = dialog.comments
    assert panel.empty_label.isVisible()
    assert not panel.tree.isVisible()

    panel.composer.setFocus()
    qtbot.keyClicks(panel.composer, "Which tape width do we use?")
    with qtbot.waitSignal(panel.posted, timeout=20_000) as posted:
        qtbot.keyClick(panel.composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    first = posted.args[0]
    assert comments_in_file(db_url, idea.id) == [(first.id, None, "Which tape width do we use?")]
    assert panel.composer.toPlainText() == ""
    assert panel.tree.isVisible()
    assert dialog.tabs.tabText(TAB_COMMENTS) == "Comments (1)"
    assert panel.selected_comment() == first

    # A supervisor answers it: pick the comment, Reply, type, Post.
    answer = open_idea(qtbot, services, team.supervisor, idea.id)
    answer.tabs.setCurrentIndex(TAB_COMMENTS)
    thread = answer.comments
    index = thread.model.index_of(first.id)
    rect = thread.tree.visualRect(index)
    qtbot.mouseClick(thread.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert thread.reply_button.isEnabled()
    qtbot.mouseClick(thread.reply_button, Qt.MouseButton.LeftButton)
    assert thread.reply_row.isVisible()
    assert thread.reply_label.text() == "Replying to Bea Staff: “Which tape width do we use?”"
    assert thread.composer.hasFocus()
    qtbot.keyClicks(thread.composer, "The 50 mm one.")
    with qtbot.waitSignal(thread.posted, timeout=20_000) as posted:
        qtbot.mouseClick(thread.post_button, Qt.MouseButton.LeftButton)
    reply = posted.args[0]
    stored = comments_in_file(db_url, idea.id)
    assert stored == [(first.id, None, "Which tape width do we use?"),
                      (reply.id, first.id, "The 50 mm one.")]
    # Shown under the comment it answers, with who and when; the reply box is reset.
    reply_index = thread.model.index_of(reply.id)
    assert thread.model.parent(reply_index) == thread.model.index_of(first.id)
    assert reply_index.data(AUTHOR_ROLE) == "Sam Supervisor"
    assert reply_index.data(WHEN_ROLE) == "02 Nov 2026 09:00"
    assert thread.tree.isExpanded(thread.model.index_of(first.id))
    assert thread.reply_to is None
    assert not thread.reply_row.isVisible()


def test_r_and_double_click_reply_and_the_reply_can_be_cancelled(qtbot, services: Services,
                                                                 team: Team) -> None:
    idea = make_idea(services, team)
    first = services.suggestions.add_comment(team.staff.id, idea.id, "First")
    dialog = open_idea(qtbot, services, team.supervisor, idea.id)
    dialog.tabs.setCurrentIndex(TAB_COMMENTS)
    thread = dialog.comments
    index = thread.model.index_of(first.id)
    thread.tree.setCurrentIndex(index)
    thread.tree.setFocus()
    qtbot.keyClick(thread.tree, Qt.Key.Key_R)
    assert thread.reply_to == first
    qtbot.mouseClick(thread.cancel_reply_button, Qt.MouseButton.LeftButton)
    assert thread.reply_to is None
    rect = thread.tree.visualRect(index)
    # As a person does: the first press selects, the second makes it a double-click.
    qtbot.mouseClick(thread.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(thread.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert thread.reply_to == first


def test_an_empty_comment_is_refused_under_the_box(qtbot, services: Services, team: Team,
                                                   db_url: str) -> None:
    idea = make_idea(services, team)
    dialog = open_idea(qtbot, services, team.staff, idea.id)
    dialog.tabs.setCurrentIndex(TAB_COMMENTS)
    panel = dialog.comments
    qtbot.keyClicks(panel.composer, "   ")
    with qtbot.waitSignal(panel.refused, timeout=20_000) as refused:
        qtbot.mouseClick(panel.post_button, Qt.MouseButton.LeftButton)
    assert refused.args[0] == "A comment is required."
    assert panel.error_label.isVisible()
    assert panel.error_label.text() == "A comment is required."
    assert panel.composer.toPlainText() == "   "
    assert comments_in_file(db_url, idea.id) == []


def test_long_comments_wrap_into_taller_rows(qtbot, services: Services, team: Team) -> None:
    idea = make_idea(services, team)
    short = services.suggestions.add_comment(team.staff.id, idea.id, "Short.")
    long = services.suggestions.add_comment(
        team.staff.id, idea.id, "A much longer comment that cannot fit on one line. " * 8)
    dialog = open_idea(qtbot, services, team.staff, idea.id)
    dialog.tabs.setCurrentIndex(TAB_COMMENTS)
    tree = dialog.comments.tree
    qtbot.waitUntil(lambda: tree.visualRect(tree.model().index_of(long.id)).height() > 0)
    short_rect = tree.visualRect(tree.model().index_of(short.id))
    long_rect = tree.visualRect(tree.model().index_of(long.id))
    line = tree.fontMetrics().height()
    assert long_rect.height() >= short_rect.height() + 2 * line  # three lines or more
    # Narrower: the long one needs more lines still.
    dialog.resize(640, dialog.height())
    qtbot.waitUntil(lambda: tree.visualRect(tree.model().index_of(long.id)).height()
                    > long_rect.height(), timeout=3000)
