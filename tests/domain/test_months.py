"""Month arithmetic, in one module (issue 15, point 3). Expected values are calendar facts
(the Gregorian calendar: December is followed by January of the next year; February 2028 has
29 days, 2026 is not a leap year), worked by hand."""

from __future__ import annotations

from datetime import date

from kaizen.domain import months


def test_keys_and_shifts_cross_the_year() -> None:
    assert months.month_key(date(2026, 3, 31)) == "2026-03"
    assert months.shift_month("2026-01", -1) == "2025-12"
    assert months.shift_month("2026-11", 14) == "2028-01"
    assert months.next_month(date(2026, 12, 5)) == "2027-01"
    assert months.last_month(date(2026, 1, 15)) == "2025-12"


def test_ranges() -> None:
    assert months.months_between("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01",
                                                          "2026-02"]
    assert months.months_between("2026-02", "2026-01") == []
    assert months.recent_months(date(2026, 1, 10), 3) == ["2026-01", "2025-12", "2025-11"]
    assert months.months_spanned(date(2026, 10, 15), date(2026, 11, 14)) == 2
    assert months.months_spanned(date(2025, 12, 31), date(2026, 1, 1)) == 2


def test_days_of_a_month() -> None:
    assert months.month_bounds("2026-02") == (date(2026, 2, 1), date(2026, 2, 28))
    assert months.month_bounds("2028-02")[1] == date(2028, 2, 29)
    assert months.month_bounds("2026-12") == (date(2026, 12, 1), date(2026, 12, 31))
    assert months.first_of_next_month(date(2026, 12, 31)) == date(2027, 1, 1)


def test_labels_and_checks() -> None:
    assert months.month_label("2026-03") == "Mar 2026"
    assert months.month_label("2026-10", long=True) == "October 2026"
    assert months.month_label("soon") == "soon"
    assert months.is_month("2026-12") and not months.is_month("2026-13")
    assert not months.is_month("2026-1")
