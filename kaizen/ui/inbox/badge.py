"""The count beside the Inbox's sidebar entry: "Inbox (3)".

Read in the background (``InboxService.inbox``, the page's own read) when the person working
changes and each time another view is shown (what was done there may have cleared an item);
the Inbox page reports its own loads too. ``worker.Latest``: a newer read always wins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from kaizen.i18n import translate
from kaizen.ui import worker

if TYPE_CHECKING:
    from PySide6.QtGui import QStandardItem

    from kaizen.services import Services
    from kaizen.services.inbox import Inbox
    from kaizen.services.people import PersonInfo


def badge_text(title: str, inbox: Inbox | None) -> str:
    """The sidebar text: the title alone when nothing waits (or nobody is picked)."""
    return f"{title} ({inbox.count_text()})" if inbox is not None and inbox.total else title


class InboxBadge(QObject):
    def __init__(self, services: Services, item: QStandardItem, title: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.item = item
        self.title = title
        self.inbox: Inbox | None = None
        self.person: PersonInfo | None = None
        self._latest = worker.Latest()

    def set_person(self, person: PersonInfo | None) -> None:
        self.person = person
        self.reload()

    def reload(self) -> None:
        person = self.person
        if person is None:
            self._latest.run(lambda: None)  # supersede a read still in flight
            self.show_inbox(None)
            return
        service = self.services.inbox
        self._latest.run(lambda: service.inbox(person.id), on_success=self.show_inbox,
                         on_failure=lambda _error: None, owner=self, name="inbox count")

    def show_inbox(self, inbox: Inbox | None) -> None:
        self.inbox = inbox
        self.item.setText(badge_text(self.title, inbox))
        self.item.setToolTip(
            translate("ui.inbox.badge", "{count} waiting for you").format(count=inbox.count_text())
            if inbox and inbox.total else self.title)
