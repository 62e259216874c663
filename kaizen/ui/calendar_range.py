"""The app's calendar (:mod:`kaizen.domain.input_domains`) as the limits of every date edit.

Qt's date edits reach 9999-12-31 by default; an "until" filter there has no next midnight, and
the services refuse dates past :data:`~kaizen.domain.input_domains.LATEST_DATE`. Each edit is
held to the same calendar, so the picker never offers a day the services refuse.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateTimeEdit

from kaizen.domain.input_domains import EARLIEST_DATE, LATEST_DATE

EARLIEST_QDATE = QDate(EARLIEST_DATE.year, EARLIEST_DATE.month, EARLIEST_DATE.day)
LATEST_QDATE = QDate(LATEST_DATE.year, LATEST_DATE.month, LATEST_DATE.day)

Edit = TypeVar("Edit", bound=QDateTimeEdit)


def limit_to_calendar(edit: Edit) -> Edit:
    """Hold ``edit`` (a QDateEdit or QDateTimeEdit) within the app's calendar; returns it."""
    edit.setMaximumDate(LATEST_QDATE)
    if edit.minimumDate() < EARLIEST_QDATE:
        edit.setMinimumDate(EARLIEST_QDATE)
    return edit
