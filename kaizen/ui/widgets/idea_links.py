"""``#123`` in any text is a link to idea 123 (issue 16).

- :func:`idea_refs` finds the references in a text (``#`` and digits, not inside a word nor an
  HTML entity such as ``&#39;``); :func:`linkify` writes a text as escaped rich text with each
  reference a link ``idea:123``.
- :class:`IdeaRefs` makes a ``QPlainTextEdit`` show its references as links (underlined, in the
  link colour) and follow them: a click on one in a read-only box, Ctrl+click while it can be
  edited (a plain click places the cursor), or Alt+Enter with the cursor on one.
- :class:`MentionsLabel` lists the ideas a set of texts mentions as links (under the comments).

Each emits ``ideaRequested(id)``; the screen that owns the text opens the idea's detail, so this
module imports no screen.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui import resources

IDEA_REF = re.compile(r"(?<![\w&#])#(\d{1,9})\b")
LINK_PREFIX = "idea:"
TIP = QT_TRANSLATE_NOOP("ui.widgets.idea_links",
                        "#123 opens idea 123: click it (Ctrl+click while editing), or Alt+Enter "
                        "on it")


def idea_refs(text: str) -> list[int]:
    """The ideas ``text`` refers to, each once, in the order they first appear."""
    seen: dict[int, None] = {}
    for match in IDEA_REF.finditer(text or ""):
        seen.setdefault(int(match.group(1)), None)
    return list(seen)


def linkify(text: str) -> str:
    """``text`` as rich text: escaped, line breaks kept, each ``#123`` a link to the idea."""
    out: list[str] = []
    last = 0
    for match in IDEA_REF.finditer(text or ""):
        out.append(html.escape(text[last:match.start()]))
        out.append(f'<a href="{LINK_PREFIX}{match.group(1)}">#{match.group(1)}</a>')
        last = match.end()
    out.append(html.escape((text or "")[last:]))
    return "".join(out).replace("\n", "<br>")


def link_target(link: str) -> int | None:
    """The idea id of an ``idea:123`` link, else None."""
    rest = link.removeprefix(LINK_PREFIX)
    return int(rest) if link.startswith(LINK_PREFIX) and rest.isdigit() else None


class _Highlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.link = QTextCharFormat()
        self.link.setForeground(QColor(resources.ACCENT))
        self.link.setFontUnderline(True)

    def highlightBlock(self, text: str) -> None:
        for match in IDEA_REF.finditer(text):
            self.setFormat(match.start(), match.end() - match.start(), self.link)


class IdeaRefs(QObject):
    """Links ``#123`` in one ``QPlainTextEdit``; see the module docstring."""

    ideaRequested = Signal(int)

    def __init__(self, edit: QPlainTextEdit) -> None:
        super().__init__(edit)
        self.edit = edit
        self.highlighter = _Highlighter(edit.document())
        # Held here: the filter may see a last event while the box is being destroyed, when
        # asking the box for its viewport would touch a deleted C++ object.
        self._viewport = edit.viewport()
        self._viewport.installEventFilter(self)
        edit.installEventFilter(self)
        if not edit.toolTip():
            edit.setToolTip(translate("ui.widgets.idea_links", TIP))

    def ref_at(self, position: int) -> int | None:
        """The idea referred to at character ``position`` of the text, if any."""
        block = self.edit.document().findBlock(position)
        offset = position - block.position()
        for match in IDEA_REF.finditer(block.text()):
            if match.start() <= offset <= match.end():
                return int(match.group(1))
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not shiboken6.isValid(self.edit):
            return False
        if (watched is self._viewport
                and event.type() == QEvent.Type.MouseButtonRelease
                and isinstance(event, QMouseEvent)
                and event.button() == Qt.MouseButton.LeftButton):
            ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            if self.edit.isReadOnly() or ctrl:
                cursor = self.edit.cursorForPosition(event.position().toPoint())
                found = self.ref_at(cursor.position())
                if found is not None:
                    self.ideaRequested.emit(found)
                    return True
        if (watched is self.edit and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() == Qt.KeyboardModifier.AltModifier):
            found = self.ref_at(self.edit.textCursor().position())
            if found is not None:
                self.ideaRequested.emit(found)
                return True
        return False


class MentionsLabel(QLabel):
    """"Ideas mentioned: #12 · #40" as links; hidden when the texts mention none."""

    ideaRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("IdeaMentions")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.linkActivated.connect(self._on_link)
        self.ids: list[int] = []
        self.hide()

    def set_texts(self, texts: Iterable[str], *, exclude: int | None = None) -> None:
        ids = [i for i in idea_refs("\n".join(texts)) if i != exclude]
        self.ids = ids
        if not ids:
            self.clear()
            self.hide()
            return
        links = " · ".join(f'<a href="{LINK_PREFIX}{i}">#{i}</a>' for i in ids)
        heading = html.escape(translate("ui.widgets.idea_links", "Ideas mentioned:"))
        self.setText(f"{heading} {links}")
        self.show()

    def _on_link(self, link: str) -> None:
        target = link_target(link)
        if target is not None:
            self.ideaRequested.emit(target)
