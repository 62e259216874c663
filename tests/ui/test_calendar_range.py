"""Issue 14: every date picker stops at the app's calendar (kaizen/domain/input_domains.py), so
an "until" filter at the picker's maximum is a day the services accept. Qt's QDateEdit reaches
9999-12-31 by default (Qt docs, QDateTimeEdit::maximumDate), the day after which Python cannot
represent (datetime docs: MAXYEAR)."""

from __future__ import annotations

from kaizen.domain.input_domains import EARLIEST_DATE, LATEST_DATE
from kaizen.services.listing import IdeaFilter, ObservationFilter
from kaizen.ui.calendar_range import LATEST_QDATE
from kaizen.ui.views.list_filters import OptionalDateEdit
from kaizen.ui.widgets.dates import date_edit, date_value


def test_the_date_pickers_stop_at_the_calendar_and_the_last_day_filters(qtbot, services):
    optional = OptionalDateEdit("any day")
    qtbot.addWidget(optional)
    plain = date_edit()
    qtbot.addWidget(plain)
    for edit in (optional, plain):
        assert edit.maximumDate() == LATEST_QDATE
        assert edit.minimumDate().year() >= EARLIEST_DATE.year
    optional.setDate(optional.maximumDate())
    plain.setDate(plain.maximumDate())
    until = optional.value()
    assert until == date_value(plain) == LATEST_DATE
    # The services take the picker's last day as an "until" (no overflow, no refusal).
    assert services.suggestions.count(IdeaFilter(date_to=until)) == 0
    assert services.observations.count(ObservationFilter(date_to=until)) == 0
