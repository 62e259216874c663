"""The one date editor: a calendar drop-down whose "No date" value stands for an empty date
(Qt's QDateEdit cannot be empty), with readers and writers that speak ``date | None``."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit

from kaizen.ui.calendar_range import limit_to_calendar

NO_DATE = QDate(2000, 1, 1)  # the date edits' "no date" value, shown as "No date"


def date_edit() -> QDateEdit:
    edit = QDateEdit()
    limit_to_calendar(edit)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd MMM yyyy")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("No date")
    edit.setDate(NO_DATE)
    edit.setMinimumWidth(140)
    return edit


def date_value(edit: QDateEdit) -> date | None:
    value = edit.date()
    return None if value == NO_DATE else date(value.year(), value.month(), value.day())


def set_date(edit: QDateEdit, value: date | None) -> None:
    edit.setDate(NO_DATE if value is None else QDate(value.year, value.month, value.day))
