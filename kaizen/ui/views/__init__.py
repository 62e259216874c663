"""The pages of the main window, one module per view, and the header every page shares.

This package only defines :class:`ViewPage` (the skeleton the window shows while the database opens
is :mod:`kaizen.ui.views.loading_page`); the main window imports the view modules and decides their
order. A view renders data and emits signals; it asks the services for data through the background
worker and never holds business rules. Nothing here imports the services or SQLAlchemy: the first
window paints before they are loaded (issue 8).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kaizen.i18n import current_language
from kaizen.i18n import translate as _lookup

if TYPE_CHECKING:
    from kaizen.services import Services
    from kaizen.services.people import PersonInfo


def translated(context: str, text: str) -> str:
    """``text``, marked with ``QT_TRANSLATE_NOOP(context, text)`` where it was written (a module
    constant, a class attribute), in the language of the work now. translate() itself is kept
    for literal texts, which lupdate extracts where they are looked up."""
    return _lookup(context, text)


def in_sentence(label: str) -> str:
    """A label (a status, a waste, a role) inside a sentence: lower case in English and Spanish
    ("37 submitted", "37 enviadas"); German keeps the capital its nouns need ("54 Bestände")."""
    return label if current_language() == "de" else label.lower()


def module_context(cls: type) -> str:
    """The translation context of the module ``cls`` is defined in: its dotted path under
    ``kaizen`` ("kaizen.ui.views.ideas" -> "ui.views.ideas")."""
    return cls.__module__.removeprefix("kaizen.")


class ViewPage(QWidget):
    """A page with a title and a one-line subtitle; subclasses add their content below.

    A subclass marks its ``title`` and ``subtitle`` with ``QT_TRANSLATE_NOOP`` in its own module's
    context; the header shows them translated (the class attributes stay English: the main window
    names a view by them before importing it)."""

    title = ""
    subtitle = ""
    icon_name = "mdi6.circle-outline"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.person: PersonInfo | None = None
        self.setObjectName(type(self).__name__)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(32, 24, 32, 24)
        self._layout.setSpacing(16)

        header = QVBoxLayout()
        header.setSpacing(2)
        context = module_context(type(self))
        self.title_label = QLabel(translated(context, self.title) if self.title else "")
        self.title_label.setObjectName("PageTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle_label = QLabel(translated(context, self.subtitle) if self.subtitle else "")
        self.subtitle_label.setObjectName("PageSubtitle")
        self.subtitle_label.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle_label.setWordWrap(True)
        header.addWidget(self.title_label)
        header.addWidget(self.subtitle_label)
        self._layout.addLayout(header)

    @property
    def content_layout(self) -> QVBoxLayout:
        return self._layout

    def refresh(self) -> None:
        """Reload what the page shows; called when it is shown and after data changed."""

    def focus_target(self) -> QWidget | None:
        """Where the keyboard starts when the view is chosen by its shortcut (Ctrl+1…) or Enter
        in the sidebar (issue 16: the focus was left on the sidebar, seven Tabs from the Ideas
        table). Views whose main widget is not the first in their Tab order override this.
        By default: the first widget of the page that Tab would reach, or None."""
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self:
            if (self.isAncestorOf(widget) and widget.isVisibleTo(self) and widget.isEnabled()
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
                return widget
            widget = widget.nextInFocusChain()
        return None

    def set_person(self, person: PersonInfo | None) -> None:
        """The main window calls this whenever the person working changes.

        Subclasses that enable or disable actions by role extend it (and call super()).
        """
        self.person = person

