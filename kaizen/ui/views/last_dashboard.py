"""The last dashboard, kept as a picture from the previous run and shown at once on start.

Issue 21: a start to a filled dashboard within a second, on the ten-year set and a busy PC.
Opening and checking the database, importing the services and reading the figures take longer
than that there; so when the window closes with a filled dashboard, the page is saved as a PNG
(figures and charts as they were, the database it showed and the time written into the file's
text chunks), and the next start shows that picture, marked with its time, until the fresh
figures replace it. A picture of another database, or one that does not load, is not shown.

Qt's image classes only: no services, no SQLAlchemy (the first paint comes before they load).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QWidget

from kaizen.domain.months import format_day
from kaizen.i18n import translate
from kaizen.ui.png_file import write_png

log = logging.getLogger(__name__)

_DB_KEY = "kaizen-database"
_TIME_KEY = "kaizen-taken-at"


@dataclass(frozen=True)
class Snapshot:
    image: QImage
    taken_at: datetime

    def caption(self, now: datetime | None = None) -> str:
        """"The dashboard as of 09:14 today; refreshing…" (or the day when it is older)."""
        now = now or datetime.now()
        when = self.taken_at
        if when.date() == now.date():
            return translate("ui.views.last_dashboard",
                             "The dashboard as of {time} today; refreshing…").format(
                time=f"{when:%H:%M}")
        return translate("ui.views.last_dashboard",
                         "The dashboard as of {time} {day}; refreshing…").format(
            time=f"{when:%H:%M}", day=format_day(when, padded=False))


def save_snapshot(page: QWidget, path: Path, location: str,
                  now: datetime | None = None) -> bool:
    """The page as it is on screen into ``path`` (written whole or not at all)."""
    # Below the page's title and subtitle: the start shows its own, with the picture's time.
    top = 0
    subtitle = getattr(page, "subtitle_label", None)
    if isinstance(subtitle, QWidget):
        top = min(subtitle.mapTo(page, QPoint(0, subtitle.height())).y() + 8, page.height() - 1)
    image = page.grab(QRect(0, top, page.width(), page.height() - top)).toImage()
    if image.isNull():
        return False
    image.setText(_DB_KEY, location)
    image.setText(_TIME_KEY, (now or datetime.now()).isoformat(timespec="seconds"))
    try:
        write_png(image, path)
    except OSError as exc:  # a missing snapshot only costs the next start its head start
        log.warning("The dashboard picture was not kept: %s", exc)
        return False
    return True


def load_snapshot(path: Path | None, location: str) -> Snapshot | None:
    """The picture kept for ``location``, or None (none kept, another database, unreadable)."""
    if path is None or not path.is_file():
        return None
    image = QImage(str(path))
    if image.isNull() or image.text(_DB_KEY) != location:
        return None
    try:
        taken = datetime.fromisoformat(image.text(_TIME_KEY))
    except ValueError:
        return None
    return Snapshot(image, taken)


def pixmap(snapshot: Snapshot) -> QPixmap:
    return QPixmap.fromImage(snapshot.image)
