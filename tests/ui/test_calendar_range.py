"""Issue 14: every date picker stops at the app's calendar (kaizen/domain/input_domains.py), so
an "until" filter at the picker's maximum is a day the services accept. Qt's QDateEdit reaches
9999-12-31 by default (Qt docs, QDateTimeEdit::maximumDate), the day after which Python cannot
represent (datetime docs: MAXYEAR)."""

from __future__ import annotations

from kaizen.domain.input_domains import EARLIEST_DATE, LATEST_DATE
from kaizen.services.listing import IdeaFilter, ObservationFilter
from kaizen.ui.calendar_range import LATEST_QDATE
from kaizen.ui.widgets.dates import date_edit, date_value


def test_the_date_pickers_stop_at_the_calendar_and_the_last_day_filters(qtbot, services):
    plain = date_edit()
    qtbot.addWidget(plain)
    calendar = plain.open_calendar().calendar
    assert calendar.maximumDate() == LATEST_QDATE
    assert calendar.minimumDate().year() >= EARLIEST_DATE.year
    plain.popup.hide()
    # A day past the calendar is not a date the editor accepts.
    qtbot.keyClicks(plain.line, "3000-01-01")
    assert plain.value() is None
    plain.line.clear()
    qtbot.keyClicks(plain.line, LATEST_DATE.isoformat())
    until = date_value(plain)
    assert until == LATEST_DATE
    # The services take the picker's last day as an "until" (no overflow, no refusal).
    assert services.suggestions.count(IdeaFilter(date_to=until)) == 0
    assert services.observations.count(ObservationFilter(date_to=until)) == 0
