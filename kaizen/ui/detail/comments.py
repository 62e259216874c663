"""The comment thread of an idea: a tree of comments (who, when, what) and a box to write one.

:class:`CommentTreeModel` is a small ``QAbstractItemModel`` over the service's ``CommentInfo``
rows: replies sit under the comment they answer, each level oldest first. One column; the
author, the time and the text are roles (``AUTHOR_ROLE``, ``WHEN_ROLE``, ``BODY_ROLE``) that
:class:`CommentDelegate` paints as a small card with the text wrapped.

The text is shown as escaped rich text (``idea_links.linkify``): a comment saying ``<b>`` shows
``<b>``, and each ``#123`` in it is a link (issue 16: "#123 in any text opens idea 123"). A
click on one, or Alt+Enter on a selected comment (its first reference), opens the idea through
the same path as the mentions line below the thread (``MentionsLabel.ideaRequested``).

:class:`CommentsPanel` adds the composer: pick a comment and press Reply (or R, or double-click
it) to answer it; Ctrl+Enter or Post sends through the worker. A refused comment (empty, too
long, nobody picked) shows the service's message under the box and keeps the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPalette,
    QShortcut,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.months import format_day
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui import resources
from kaizen.ui.detail.widgets import label
from kaizen.ui.form_op import FormSaver, Refusals
from kaizen.ui.widgets.form import ErrorLabel
from kaizen.ui.widgets.idea_links import MentionsLabel, idea_refs, link_target, linkify

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.people import PersonInfo
    from kaizen.services.suggestions import CommentInfo

Index = QModelIndex | QPersistentModelIndex

ID_ROLE = Qt.ItemDataRole.UserRole + 1
AUTHOR_ROLE = Qt.ItemDataRole.UserRole + 2
WHEN_ROLE = Qt.ItemDataRole.UserRole + 3
BODY_ROLE = Qt.ItemDataRole.UserRole + 4
PARENT_ROLE = Qt.ItemDataRole.UserRole + 5

PICK_PERSON = QT_TRANSLATE_NOOP("ui.detail.comments", "Pick who is working first")


def when_text(at: datetime) -> str:
    return format_day(at, time=True)


@dataclass(eq=False)
class _Node:
    comment: CommentInfo | None
    parent: _Node | None
    children: list[_Node] = field(default_factory=list)

    @property
    def row(self) -> int:
        return 0 if self.parent is None else self.parent.children.index(self)


class CommentTreeModel(QAbstractItemModel):
    """The thread: top-level comments, each with its replies below it (any depth)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._root = _Node(None, None)
        self._by_id: dict[int, _Node] = {}

    def set_comments(self, comments: Sequence[CommentInfo]) -> None:
        self.beginResetModel()
        self._root = _Node(None, None)
        self._by_id = {}
        ordered = sorted(comments, key=lambda c: (c.created_at, c.id))
        for comment in ordered:
            self._by_id[comment.id] = _Node(comment, None)
        for comment in ordered:
            node = self._by_id[comment.id]
            # A reply whose parent is not in the list is shown at the top level, not lost.
            parent = self._by_id.get(comment.parent_id) if comment.parent_id else None
            node.parent = parent or self._root
            node.parent.children.append(node)
        self.endResetModel()

    def comment_count(self) -> int:
        return len(self._by_id)

    def index_of(self, comment_id: int) -> QModelIndex:
        node = self._by_id.get(comment_id)
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row, 0, node)

    def comment(self, index: Index) -> CommentInfo | None:
        node = self._node(index)
        return None if node is self._root else node.comment

    def _node(self, index: Index) -> _Node:
        if index.isValid():
            node = index.internalPointer()
            assert isinstance(node, _Node)
            return node
        return self._root

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self._node(parent)
        if column != 0 or not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node = self._node(index).parent
        if node is None or node is self._root:
            return QModelIndex()
        return self.createIndex(node.row, 0, node)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        comment = self.comment(index) if index.isValid() else None
        if comment is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{comment.author_name} · {when_text(comment.created_at)}\n{comment.body}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{comment.author_name}, {when_text(comment.created_at)}"
        if role == ID_ROLE:
            return comment.id
        if role == AUTHOR_ROLE:
            return comment.author_name
        if role == WHEN_ROLE:
            return when_text(comment.created_at)
        if role == BODY_ROLE:
            return comment.body
        if role == PARENT_ROLE:
            return comment.parent_id
        return None


_PAD_X, _PAD_Y, _GAP = 10, 8, 3


class CommentDelegate(QStyledItemDelegate):
    """A comment as a card: the author in bold and the time muted, the text wrapped below."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        return bold, QFont(option.font)

    def _text_width(self, index: QModelIndex) -> int:
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        width = self._view.viewport().width() - self._view.indentation() * depth
        return max(120, width - 2 * _PAD_X - 8)

    def body_document(self, index: QModelIndex, font: QFont | None = None) -> QTextDocument:
        """The comment's text laid out as painted: escaped, ``#123`` as links, wrapped."""
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(font if font is not None else self._view.font())
        document.setDefaultStyleSheet(f"a {{ color: {resources.ACCENT}; }}")
        document.setHtml(linkify(index.data(BODY_ROLE) or ""))
        document.setTextWidth(self._text_width(index))
        return document

    def body_rect(self, option_rect: QRect, font: QFont) -> QRect:
        """Where the text sits inside a row's rectangle (below the author line)."""
        bold = QFont(font)
        bold.setBold(True)
        inner = option_rect.adjusted(2, 3, -4, -3).adjusted(_PAD_X, _PAD_Y - 3, -_PAD_X,
                                                            -_PAD_Y + 3)
        line = QFontMetrics(bold).height()
        return QRect(inner.left(), inner.top() + line + _GAP, inner.width(),
                     max(0, inner.height() - line - _GAP))

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        bold, plain = self._fonts(option)
        body = self.body_document(index, plain).size().toSize()
        height = _PAD_Y * 2 + QFontMetrics(bold).height() + _GAP + body.height() + 4
        return QSize(self._text_width(index) + 2 * _PAD_X, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect.adjusted(2, 3, -4, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QColor("#0f766e" if selected else "#e4e7ec"))
        painter.setBrush(QColor("#f0f8f7" if selected else "#ffffff"))
        painter.drawRoundedRect(rect, 8, 8)
        bold, plain = self._fonts(option)
        inner = rect.adjusted(_PAD_X, _PAD_Y - 3, -_PAD_X, -_PAD_Y + 3)
        author = index.data(AUTHOR_ROLE) or ""
        painter.setFont(bold)
        painter.setPen(QColor(resources.TEXT))
        line = QFontMetrics(bold).height()
        painter.drawText(QRect(inner.left(), inner.top(), inner.width(), line),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), author)
        author_width = QFontMetrics(bold).horizontalAdvance(author)
        painter.setFont(plain)
        painter.setPen(QColor(resources.MUTED))
        painter.drawText(QRect(inner.left() + author_width + 10, inner.top(),
                               max(0, inner.width() - author_width - 10), line),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         index.data(WHEN_ROLE) or "")
        body = self.body_rect(option.rect, option.font)
        document = self.body_document(index, plain)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, QColor("#344054"))
        context.clip = body.translated(-body.topLeft()).toRectF()
        painter.translate(body.topLeft())
        painter.setClipRect(context.clip)
        document.documentLayout().draw(painter, context)
        painter.restore()


class CommentTree(QTreeView):
    """The thread view; rows are measured again when its width changes (the text wraps).

    ``ideaRequested(id)``: a ``#123`` in a comment was clicked, or Alt+Enter pressed on a
    selected comment that mentions an idea (its first mention)."""

    ideaRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)  # the pointing hand over a link
        self.setObjectName("CommentTree")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(False)
        self.setIndentation(24)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setExpandsOnDoubleClick(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(CommentDelegate(self))
        self._width = -1

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.viewport().width() != self._width:
            self._width = self.viewport().width()
            self.scheduleDelayedItemsLayout()

    def link_at(self, position: Any) -> int | None:
        """The idea of the ``#123`` link under ``position`` (viewport coordinates), if any."""
        index = self.indexAt(position)
        if not index.isValid():
            return None
        delegate = cast(CommentDelegate, self.itemDelegate())
        body = delegate.body_rect(self.visualRect(index), self.font())
        document = delegate.body_document(index)
        anchor = document.documentLayout().anchorAt((position - body.topLeft()).toPointF())
        return link_target(anchor) if anchor else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        over_link = self.link_at(event.position().toPoint()) is not None
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if over_link
                                  else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        target = (self.link_at(event.position().toPoint())
                  if event.button() == Qt.MouseButton.LeftButton else None)
        super().mouseReleaseEvent(event)
        if target is not None:
            self.ideaRequested.emit(target)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() == Qt.KeyboardModifier.AltModifier):
            refs = idea_refs(self.currentIndex().data(BODY_ROLE) or "")
            if refs:
                self.ideaRequested.emit(refs[0])
                event.accept()
                return
        super().keyPressEvent(event)


class CommentsPanel(QWidget):
    """The thread and the composer of one idea.

    ``posted(CommentInfo)`` fires after a comment is saved; ``countChanged(int)`` whenever the
    number of comments shown changes; ``refused(str)`` when the service refuses a comment.
    """

    posted = Signal(object)
    countChanged = Signal(int)
    refused = Signal(str)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.composer and event.type() in (QEvent.Type.ShortcutOverride,
                                                         QEvent.Type.KeyPress):
            key_event = cast(QKeyEvent, event)
            if (key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                    and key_event.modifiers() & Qt.KeyboardModifier.ControlModifier):
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()  # the key comes to the composer, not to a shortcut
                    return False
                self.post()
                return True
        return super().eventFilter(watched, event)

    def __init__(self, services: Services, suggestion_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.suggestion_id = suggestion_id
        self.person: PersonInfo | None = None
        self.reply_to: CommentInfo | None = None

        self.model = CommentTreeModel(self)
        self.tree = CommentTree()
        self.tree.setModel(self.model)
        self.tree.doubleClicked.connect(self._reply_to_index)
        self.tree.selectionModel().selectionChanged.connect(self._update_buttons)
        self.empty_label = label(translate(
            "ui.detail.comments",
            "No comments yet. Ask a question or add a detail below; everyone who opens the idea "
            "sees the thread."), "TabNote")
        reply_key = QShortcut(QKeySequence("R"), self.tree)
        reply_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        reply_key.activated.connect(self.reply_to_selected)

        self.reply_label = label("", "FieldHint")
        self.cancel_reply_button = QToolButton()
        self.cancel_reply_button.setIcon(resources.icon("mdi6.close"))
        self.cancel_reply_button.setAutoRaise(True)
        self.cancel_reply_button.setToolTip(
            translate("ui.detail.comments", "Write a new comment instead of a reply"))
        self.cancel_reply_button.clicked.connect(self.cancel_reply)
        reply_row = QHBoxLayout()
        reply_row.setSpacing(4)
        reply_row.addWidget(self.reply_label, 1)
        reply_row.addWidget(self.cancel_reply_button)
        self.reply_row = QWidget()
        self.reply_row.setLayout(reply_row)
        reply_row.setContentsMargins(0, 0, 0, 0)
        self.reply_row.hide()

        self.composer = QPlainTextEdit()
        self.composer.setPlaceholderText(
            translate("ui.detail.comments", "Write a comment… (Ctrl+Enter posts)"))
        self.composer.setTabChangesFocus(True)
        self.composer.setFixedHeight(74)
        self.error_label = ErrorLabel()
        # Posting is this panel's save: every refusal (the body is the one field) shows on
        # the error line beside the buttons, with Retry when the server is away.
        refusals = Refusals(message=lambda text, action, action_text:
                            self.error_label.show_message(text, action=action,
                                                          action_text=action_text))
        self.saver = FormSaver(self, refusals, what="the comment")
        self.saver.busyChanged.connect(lambda _busy: self._update_buttons())
        self.saver.refused.connect(self.refused)
        self.saver.refused.connect(lambda _text: self.composer.setFocus())
        # Ctrl+Enter in the composer posts. Not a QShortcut: the dialog's own Ctrl+Enter (its
        # form's save, FormSaver.submit_on) would make it ambiguous and neither would fire; the
        # composer claims the key (ShortcutOverride) and posts on it.
        self.composer.installEventFilter(self)
        self.reply_button = QPushButton(translate("ui.detail.comments", "Reply"))
        self.reply_button.setIcon(resources.icon("mdi6.reply-outline"))
        self.reply_button.setToolTip(translate(
            "ui.detail.comments", "Answer the selected comment (R)"))
        self.reply_button.clicked.connect(self.reply_to_selected)
        self.post_button = QPushButton(translate("ui.detail.comments", "Post"))
        self.post_button.setObjectName("PrimaryButton")
        self.post_button.setIcon(resources.icon("mdi6.send-outline", "#ffffff"))
        self.post_button.setToolTip(translate(
            "ui.detail.comments", "Post the comment (Ctrl+Enter)"))
        self.post_button.clicked.connect(self.post)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.error_label, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.reply_button)
        buttons.addWidget(self.post_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 14, 16, 14)
        column.setSpacing(8)
        column.addWidget(self.tree, 1)
        column.addWidget(self.empty_label, 1)
        self.mentions = MentionsLabel()  # "#123" in the comments, as links to the ideas
        column.addWidget(self.mentions)
        # One path to the idea: the detail dialog follows the mentions line's signal.
        self.tree.ideaRequested.connect(self.mentions.ideaRequested)
        column.addWidget(self.reply_row)
        column.addWidget(self.composer)
        column.addLayout(buttons)
        for button in (self.reply_button, self.post_button):
            button.setAutoDefault(False)
        self.set_comments([])

    # -- state --------------------------------------------------------------------------------
    def set_person(self, person: PersonInfo | None) -> None:
        self.person = person
        self._update_buttons()

    def set_comments(self, comments: Sequence[CommentInfo],
                     select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self._selected_id()
        self.model.set_comments(comments)
        self.mentions.set_texts((c.body for c in comments), exclude=self.suggestion_id)
        self.tree.expandAll()
        empty = self.model.comment_count() == 0
        self.tree.setVisible(not empty)
        self.empty_label.setVisible(empty)
        if keep is not None:
            index = self.model.index_of(keep)
            if index.isValid():
                self.tree.setCurrentIndex(index)
                self.tree.scrollTo(index)
        if self.reply_to is not None and not self.model.index_of(self.reply_to.id).isValid():
            self.cancel_reply()
        self._update_buttons()
        self.countChanged.emit(self.model.comment_count())

    def _selected_id(self) -> int | None:
        comment = self.selected_comment()
        return comment.id if comment is not None else None

    def selected_comment(self) -> CommentInfo | None:
        rows = self.tree.selectionModel().selectedRows() if self.tree.selectionModel() else []
        return self.model.comment(rows[0]) if rows else None

    def _update_buttons(self) -> None:
        has_person = self.person is not None
        tip = "" if has_person else translate("ui.detail.comments", PICK_PERSON)
        self.post_button.setEnabled(has_person and not self.busy)
        self.post_button.setToolTip(
            translate("ui.detail.comments", "Post the comment (Ctrl+Enter)") if has_person else tip)
        self.reply_button.setEnabled(has_person and self.selected_comment() is not None)
        self.reply_button.setToolTip(
            translate(
                "ui.detail.comments", "Answer the selected comment (R)") if has_person else tip)
        self.composer.setPlaceholderText(
            translate("ui.detail.comments", "Write a comment… (Ctrl+Enter posts)") if has_person
            else translate("ui.detail.comments", "Pick who is working first to write a comment.")
        )

    # -- replying -----------------------------------------------------------------------------
    def _reply_to_index(self, index: QModelIndex) -> None:
        self.tree.setCurrentIndex(index)
        self.reply_to_selected()

    def reply_to_selected(self) -> None:
        comment = self.selected_comment()
        if comment is None:
            return
        self.reply_to = comment
        excerpt = " ".join(comment.body.split())
        if len(excerpt) > 60:
            excerpt = excerpt[:59] + "…"
        self.reply_label.setText(translate(
            "ui.detail.comments", "Replying to {name}: “{excerpt}”").format(
            name=comment.author_name, excerpt=excerpt))
        self.reply_row.show()
        self.composer.setPlaceholderText(
            translate("ui.detail.comments", "Reply to {name}… (Ctrl+Enter posts)").format(
                name=comment.author_name))
        self.composer.setFocus()

    def cancel_reply(self) -> None:
        self.reply_to = None
        self.reply_label.setText("")
        self.reply_row.hide()
        self._update_buttons()

    # -- posting ------------------------------------------------------------------------------
    def post(self) -> None:
        if self.busy:
            return
        if self.person is None:
            self.error_label.show_message(translate(
                "ui.detail.comments", "Pick who is working first."))
            return
        body = self.composer.toPlainText()
        actor_id, suggestion_id = self.person.id, self.suggestion_id
        parent_id = self.reply_to.id if self.reply_to is not None else None
        suggestions = self.services.suggestions

        def work() -> tuple[CommentInfo, list[CommentInfo]]:
            comment = suggestions.add_comment(actor_id, suggestion_id, body, parent_id)
            return comment, suggestions.list_comments(suggestion_id)

        self.saver.save(lambda: work, self._on_posted, name="post comment")

    def _on_posted(self, result: tuple[CommentInfo, list[CommentInfo]]) -> None:
        comment, comments = result
        self.composer.clear()
        self.cancel_reply()
        self.set_comments(comments, select_id=comment.id)
        self.posted.emit(comment)

    @property
    def busy(self) -> bool:
        return self.saver.busy
