""""Similar ideas already exist": the ideas sharing words with the title being typed.

Shown under the title of the New idea form. Each pause in the typing (300 ms) asks
``SuggestionService.similar`` (full-text search over titles, problems and proposals) in the
background worker; :class:`~kaizen.ui.worker.Latest` drops every answer but the newest query's,
so a slow early answer never replaces a later one. Each idea is a link (mouse, or Tab and Enter)
that asks to open it (``openRequested(id)``); titles are escaped, never read as markup.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from kaizen.i18n import current_language, translate
from kaizen.ui.worker import Latest

if TYPE_CHECKING:
    from kaizen.services import Services

PAUSE_MS = 300
MIN_CHARS = 3
LIMIT = 3
TITLE_CHARS = 48  # a long title is cut with an ellipsis: one line per idea
LINK_PREFIX = "idea:"


class SimilarIdeas(QLabel):
    """The links to similar ideas; hidden while there are none."""

    openRequested = Signal(int)
    shown = Signal(list)  # the ids now listed (empty: hidden), after each answer

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SimilarIdeas")
        self.services = services
        self.ids: list[int] = []
        self._text = ""
        self.setTextFormat(Qt.TextFormat.RichText)
        # One idea a line, never wrapped: the hint's height is known (a wrapped rich-text
        # label reports a height for a narrower width and squeezes the form).
        self.setWordWrap(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.setStyleSheet("QLabel#SimilarIdeas { color: #b54708; background: #fffaeb;"
                           " border: 1px solid #fedf89; border-radius: 6px; padding: 6px 8px; }")
        self.linkActivated.connect(self._on_link)
        self._latest = Latest()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self.search_now)
        self.hide()

    @property
    def pending(self) -> bool:
        """True while a pause or a query is still to come (tests wait on it)."""
        return self._timer.isActive()

    def set_title(self, text: str) -> None:
        """The title changed: look again after a pause in the typing."""
        self._text = text
        self._timer.start()

    def search_now(self) -> None:
        self._timer.stop()
        text = self._text.strip()
        if len(text) < MIN_CHARS:
            self._latest.supersede()
            self._show([])
            return
        suggestions = self.services.suggestions  # the worker reads through this only
        self._latest.run(lambda: suggestions.similar(text, limit=LIMIT),
                         on_success=self._show, on_failure=self._on_failed, owner=self,
                         name="similar ideas")

    def _show(self, rows: list[Any]) -> None:
        self.ids = [row.id for row in rows]
        if not rows:
            self.clear()
            self.hide()
        else:
            links = "<br>".join(
                f'<a href="{LINK_PREFIX}{row.id}">#{row.id} {html.escape(_short(row.title))}'
                f"</a> ({html.escape(_status_word(row.status.label))})" for row in rows)
            heading = html.escape(translate("ui.capture.similar_ideas",
                                            "Similar ideas already exist:"))
            self.setText(f"{heading}<br>{links}")  # i18n: no (markup around translated words)
            self.show()
        self.shown.emit(list(self.ids))

    def _on_failed(self, _error: BaseException) -> None:
        # A hint, not a save: when the search fails the form simply shows no hint.
        self._show([])

    def _on_link(self, link: str) -> None:
        if link.startswith(LINK_PREFIX) and link[len(LINK_PREFIX):].isdigit():
            self.openRequested.emit(int(link[len(LINK_PREFIX):]))


def _status_word(label: str) -> str:
    """A status inside a sentence: written small ("standardised"), except in German, whose
    nouns keep their capital ("in Prüfung")."""
    return label if current_language() == "de" else label.lower()


def _short(title: str) -> str:
    return title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS - 1].rstrip() + "…"
