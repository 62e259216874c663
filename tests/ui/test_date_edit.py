"""The one date editor (issue 16: "no date" shown as 1 Jan 2000, a calendar opening in January
2000 cut off and see-through, "31 Jan 2027" typed becoming "date1Jan2027").

Formats: ISO 8601 (``2027-01-31``), the locale's short form (Qt's ``QLocale::dateFormat
(ShortFormat)``: ``dd/MM/yyyy`` for en_GB, ``M/d/yy`` for en_US, per the Unicode CLDR data Qt
ships) and day, month name, year as people write it.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QApplication, QTableView

from kaizen.domain.errors import ValidationError
from kaizen.i18n import using
from kaizen.services import Services
from kaizen.ui.app import ensure_application
from kaizen.ui.board.detail import CycleDetailDialog
from kaizen.ui.language import apply_language
from kaizen.ui.widgets.dates import DateEdit, date_value, parse_date
from ui.helpers import Team
from ui.test_idea_form import rows
from ui.test_pdca_board import build_world

UK = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
US = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


@pytest.mark.parametrize(("text", "locale", "expected"), [
    ("2027-01-31", UK, date(2027, 1, 31)),
    ("  2027-1-5 ", US, date(2027, 1, 5)),
    ("31 Jan 2027", UK, date(2027, 1, 31)),
    ("31 Jan 2027", US, date(2027, 1, 31)),
    ("31 January 2027", UK, date(2027, 1, 31)),
    ("Jan 31, 2027", US, date(2027, 1, 31)),
    ("31/01/2027", UK, date(2027, 1, 31)),
    ("1/31/27", US, date(2027, 1, 31)),
    ("1/31/2027", US, date(2027, 1, 31)),
    ("2027-02-30", UK, None),
    ("31/01/2027", US, None),
    ("date1Jan2027", UK, None),
    ("soon", UK, None),
    ("", UK, None),
    ("3000-01-01", UK, None),  # past the app's calendar (kaizen.domain.input_domains)
])
def test_what_people_type_is_read(text, locale, expected) -> None:
    assert parse_date(text, locale) == expected


GERMANY = QLocale(QLocale.Language.German, QLocale.Country.Germany)


# German dates as CLDR writes them (Qt's de_DE short format "dd.MM.yy"; Babel's stand-alone
# month names "Mär", "März"), and the English "31 Jan 2027" people keep typing (issue 22).
@pytest.mark.parametrize(("text", "expected"), [
    ("31.01.2027", date(2027, 1, 31)),
    ("31.01.27", date(2027, 1, 31)),
    ("31 Jan 2027", date(2027, 1, 31)),
    ("31 January 2027", date(2027, 1, 31)),
    ("31 Mär 2027", date(2027, 3, 31)),
    ("31. März 2027", date(2027, 3, 31)),
    ("3. Okt. 2027", date(2027, 10, 3)),
    ("31.02.2027", None),
    ("31 Foo 2027", None),
])
def test_german_input_is_read(text, expected) -> None:
    with using("de"):
        assert parse_date(text, GERMANY) == expected


def test_a_german_date_edit_writes_and_reads_its_own_dates(qtbot) -> None:
    apply_language("de")  # Kaizen's texts and Qt's default locale, as the app sets them
    try:
        edit = make_edit(qtbot)
        edit.line.setText("31.03.2027")
        edit.line.editingFinished.emit()
        assert edit.text() == "31 Mär 2027"  # written back in German ...
        assert edit.value() == date(2027, 3, 31)  # ... and read back as the same day
        edit.line.setText("1 Oct 2027")  # English month names still understood
        edit.line.editingFinished.emit()
        assert edit.value() == date(2027, 10, 1) and edit.text() == "1 Okt 2027"
    finally:
        apply_language("en")


def make_edit(qtbot) -> DateEdit:
    edit = DateEdit(field="target_by", label="By")
    qtbot.addWidget(edit)
    edit.show()
    qtbot.waitExposed(edit)
    return edit


def test_typing_a_date_keeps_it_as_typed_and_tidies_it_on_leaving(qtbot) -> None:
    edit = make_edit(qtbot)
    assert edit.text() == "" and edit.value() is None  # a real empty state
    assert edit.line.placeholderText() == "No date"
    changes: list[object] = []
    edit.dateChanged.connect(changes.append)
    qtbot.keyClicks(edit.line, "31 Jan 2027")
    assert edit.text() == "31 Jan 2027"  # never "date1Jan2027"
    assert edit.value() == date(2027, 1, 31)
    edit.line.setText("2027-01-31")
    edit.line.editingFinished.emit()  # as leaving the field does
    assert edit.text() == "31 Jan 2027"
    assert changes == [date(2027, 1, 31)]
    edit.line.selectAll()
    qtbot.keyClick(edit.line, Qt.Key.Key_Delete)
    assert edit.value() is None and changes[-1] is None


def test_text_that_is_not_a_date_is_refused_under_its_field(qtbot) -> None:
    edit = make_edit(qtbot)
    qtbot.keyClicks(edit.line, "next week")
    edit.line.editingFinished.emit()
    assert edit.text() == "next week"  # what was typed stays, marked
    assert edit.line.property("invalid") is True
    with pytest.raises(ValidationError) as refused:
        date_value(edit)
    assert refused.value.field == "target_by"
    assert '"next week" is not a date' in refused.value.message


def test_the_calendar_opens_on_today_fully_drawn_and_opaque(qtbot) -> None:
    ensure_application()  # with the app's style sheet, as people see it
    edit = make_edit(qtbot)
    edit.setFocus()
    qtbot.keyClick(edit.line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = edit.popup
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    calendar = popup.calendar
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    assert calendar.horizontalHeaderFormat() == calendar.HorizontalHeaderFormat.ShortDayNames
    # Every row of the month grid (the weekday header and six weeks) is inside the popup.
    grid = calendar.findChild(QTableView)
    assert grid is not None
    rows = grid.model().rowCount()
    assert rows == 7
    assert grid.rowViewportPosition(rows - 1) + grid.rowHeight(rows - 1) <= \
        grid.viewport().height()
    # ... and drawn: the weekday names and two-digit days have ink in their cells (the app's
    # table padding once left them blank).
    model = grid.model()
    shown = grid.viewport().grab().toImage()
    cells = [model.index(0, 0)]  # the first weekday's name
    cells += [model.index(r, c) for r in range(1, rows) for c in range(model.columnCount())
              if str(model.index(r, c).data()) in ("10", "28")]
    assert len(cells) >= 3
    for cell in cells:
        rect = grid.visualRect(cell)
        ink = sum(1 for x in range(rect.left(), rect.right()) for y in range(rect.top(),
                  rect.bottom()) if shown.pixelColor(x, y).lightness() < 110)
        assert ink > 5, f"nothing drawn in the cell of {cell.data()!r}"
    picture = popup.grab().toImage()
    corner = picture.pixelColor(picture.width() - 3, picture.height() - 3)
    # Opaque and painted white: nothing of the form behind shows through.
    assert (corner.alpha(), corner.name()) == (255, "#ffffff")
    # Picking a day with the keyboard puts it in the field.
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert edit.value() == date(today.year(), today.month(), today.day())


def test_the_calendar_opens_on_the_value(qtbot) -> None:
    edit = make_edit(qtbot)
    edit.set_value(date(2027, 3, 9))
    popup = edit.open_calendar()
    assert (popup.calendar.yearShown(), popup.calendar.monthShown()) == (2027, 3)
    with qtbot.waitSignal(edit.dateChanged) as changed:
        qtbot.mouseClick(popup.clear_button, Qt.MouseButton.LeftButton)
    assert changed.args == [None]
    assert edit.text() == ""


def stored_by(db_url: str, cycle_id: int) -> str | None:
    ((value,),) = rows(db_url, f"SELECT target_by FROM pdca_cycles WHERE id = {cycle_id}")
    return None if value is None else str(value)


def test_no_date_is_stored_as_null_and_shown_empty(qtbot, services: Services, team: Team,
                                                   clock, db_url: str) -> None:
    world = build_world(services, team, clock)
    dialog = CycleDetailDialog(services, world.ready, team.supervisor)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        dialog.show()
    by = dialog.plan.by_edit
    assert by.text() == "" and by.value() is None
    qtbot.keyClicks(by.line, "31 Jan 2027")
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.mouseClick(dialog.plan.save_plan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    assert stored_by(db_url, world.ready) == "2027-01-31"
    by.line.clear()
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.mouseClick(dialog.plan.save_plan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    assert stored_by(db_url, world.ready) is None
    assert by.text() == ""  # shown empty after the reload, never 1 Jan 2000

    # Text that is not a date: refused under "By", nothing saved.
    qtbot.keyClicks(by.line, "by Easter")
    with qtbot.waitSignal(dialog.refused, timeout=20_000):
        qtbot.mouseClick(dialog.plan.save_plan_button, Qt.MouseButton.LeftButton)
    assert "is not a date" in dialog.field_error("target_by")
    assert QApplication.focusWidget() is by.line
