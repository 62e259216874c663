"""No cut-off text at 1280x720, in English and in German (issue 16: "441k EUF" on the
year-to-date tile, "2 done tl" in the board's counts, a metric name running under "Add metric…",
"Discard this…bservation?"; issue 22: German's longer words must not be cut either).

Every view of the main window, and the main dialogs, are opened over demo-like data (long
titles, a long metric name, a six-figure savings total, the costliest wastes) at 1280x720, and
:func:`ui.text_fit.cut_texts` lists each label or button whose text is wider than its room,
elided in the middle of a word, or overlapping a sibling. The checker is shown to catch each
kind on purpose-built widgets, so a pass means something.
"""

from __future__ import annotations

import contextlib

import pytest
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QWidget

from kaizen.services import Services
from kaizen.ui.language import apply_language
from kaizen.ui.main_window import MEASUREMENTS, PEOPLE, VIEW_SPECS, MainWindow
from ui.helpers import Team, open_window
from ui.long_texts import LONG_METRIC, long_texts_plant
from ui.main_dialogs import visit_main_dialogs
from ui.text_fit import cut_texts, settle

SIZE = (1280, 720)


def _settle(qtbot) -> None:
    settle(qtbot)


@pytest.fixture(params=["en", "de"])
def shown(request, qtbot, services: Services, team: Team) -> tuple[MainWindow, int, int]:
    """The window over long texts, in English and in German (issue 22: German's longer words
    must not be cut either)."""
    idea_id, metric_id = long_texts_plant(services, team)
    apply_language(request.param)
    window = open_window(qtbot, services)
    window.resize(*SIZE)
    window.who_picker.adopt(team.admin)
    _settle(qtbot)
    return window, idea_id, metric_id


def test_every_view_at_1280x720_shows_its_text_whole(qtbot, shown) -> None:
    window, idea_id, metric_id = shown
    found: list[str] = []
    for index, spec in enumerate(VIEW_SPECS):
        window.show_view(index)
        if index == MEASUREMENTS:
            window.page_at(MEASUREMENTS).select_idea(idea_id, metric_id)  # type: ignore[attr-defined]
        _settle(qtbot)
        assert window.stack.currentIndex() == index
        found += [f"{spec.title}: {line}" for line in cut_texts(window)]
        if index == PEOPLE:  # its Areas tab is made only when opened (issue 21): open it
            people = window.page_at(PEOPLE)
            people.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
            _settle(qtbot)
            assert people.tabs.currentWidget() is people.areas_tab  # type: ignore[attr-defined]
            found += [f"{spec.title} (Areas): {line}" for line in cut_texts(window)]
    assert found == [], "\n".join(found)


def test_the_main_dialogs_at_1280x720_show_their_text_whole(qtbot, shown, services,
                                                            team: Team) -> None:
    window, idea_id, _metric_id = shown
    found: list[str] = []

    def check(dialog: QWidget, what: str) -> None:
        qtbot.waitExposed(dialog)
        _settle(qtbot)
        # Layouts settle in posted events: wait for the state (bounded only against a hang),
        # then record whatever is still cut.
        with contextlib.suppress(Exception):  # the assertion below says what is cut
            qtbot.waitUntil(lambda: not cut_texts(dialog), timeout=3_000)
        found.extend(f"{what}: {line}" for line in cut_texts(dialog))

    def discard_box(waste_form: QWidget) -> None:
        waste_form._ask_discard()  # type: ignore[attr-defined]  # what Esc asks after typing
        box = waste_form.discard_box  # type: ignore[attr-defined]
        assert box is not None
        check(box, "Discard?")
        assert len(box.windowTitle()) <= 20  # a title bar shows it whole
        box.close()

    visit_main_dialogs(qtbot, window, services, team.admin, idea_id, check,
                       with_waste_form=discard_box)
    assert found == [], "\n".join(found)


# --- the checker catches each kind of cut (so the tests above can fail) ------------------------


def _row(qtbot, *widgets: QWidget, width: int) -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    for widget in widgets:
        row.addWidget(widget)
    qtbot.addWidget(holder)
    holder.setFixedWidth(width)
    holder.show()
    qtbot.waitExposed(holder)
    return holder


def test_the_checker_sees_a_label_too_narrow_for_its_text(qtbot) -> None:
    label = QLabel("441k EUR")
    holder = _row(qtbot, label, width=400)
    assert cut_texts(holder) == []
    label.setFixedWidth(label.fontMetrics().horizontalAdvance("441k EU"))
    qtbot.waitUntil(lambda: label.width() < label.fontMetrics().horizontalAdvance("441k EUR"))
    assert any("'441k EUR'" in line for line in cut_texts(holder))


def test_the_checker_sees_a_narrow_button_and_an_elided_word(qtbot) -> None:
    button = QPushButton("Propose savings…")
    holder = _row(qtbot, button, width=400)
    assert cut_texts(holder) == []
    button.setFixedWidth(40)
    assert any("Propose savings" in line for line in cut_texts(holder))
    elided = QLabel("Discard this\u2026bservation?")
    assert any("elided" in line for line in cut_texts(_row(qtbot, elided, width=400)))


def test_the_checker_sees_a_padded_button_squeezed_below_its_hint(qtbot) -> None:
    """The text fits the bare width, not the style's padding: Qt clips it ("Propose savings..")."""
    button = QPushButton("Propose savings…")
    button.setStyleSheet("QPushButton { padding: 6px 30px; }")
    holder = _row(qtbot, button, width=400)
    assert cut_texts(holder) == []
    bare = button.fontMetrics().horizontalAdvance(button.text()) + 12
    button.setFixedWidth(bare)
    qtbot.waitUntil(lambda: button.width() == bare)
    assert any("padding" in line for line in cut_texts(holder))


def test_the_checker_sees_tabs_that_do_not_all_fit(qtbot) -> None:
    tabs = QTabWidget()
    for name in ("Before / after", "Control chart (I-MR)", "Samples (14)", "Statistics"):
        tabs.addTab(QWidget(), name)
    holder = _row(qtbot, tabs, width=700)
    assert cut_texts(holder) == []
    holder.setFixedWidth(260)
    qtbot.waitUntil(lambda: tabs.width() < tabs.tabBar().sizeHint().width())
    assert any("scroll arrows" in line for line in cut_texts(holder))


def test_the_checker_sees_siblings_overlapping(qtbot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    holder.resize(400, 60)
    name = QLabel("A very long metric name", holder)
    name.setGeometry(0, 0, 300, 30)
    button = QPushButton("Add metric…", holder)
    button.setGeometry(200, 0, 120, 30)
    holder.show()
    qtbot.waitExposed(holder)
    assert any("overlaps" in line for line in cut_texts(holder))


def test_the_checker_sees_wrapped_text_without_the_height_it_needs(qtbot) -> None:
    label = QLabel("The savings ledger and the completed changes, for other tools. " * 3)
    label.setWordWrap(True)
    holder = _row(qtbot, label, width=200)
    label.setFixedHeight(label.fontMetrics().height())
    assert any("height" in line for line in cut_texts(holder))


def test_the_metric_combo_keeps_clear_of_add_metric(qtbot, shown) -> None:
    """The long metric name is elided inside the combo, which stays left of the button."""
    window, idea_id, metric_id = shown
    window.show_view(MEASUREMENTS)
    page = window.page_at(MEASUREMENTS)
    page.select_idea(idea_id, metric_id)  # type: ignore[attr-defined]
    _settle(qtbot)
    qtbot.waitUntil(lambda: page.metric_combo.currentData() == metric_id)  # type: ignore[attr-defined]
    combo, button = page.metric_combo, page.add_metric_button  # type: ignore[attr-defined]
    assert LONG_METRIC in combo.currentText()
    assert combo.geometry().right() < button.geometry().left()


def test_every_metric_action_shows_whole_or_waits_in_the_more_menu(qtbot, shown) -> None:
    """Issue 16: "Propose savings…" was cut at 1280 px. The bar now shows the buttons it has
    room for and lists the others, whole and with their state, in its More menu."""
    window, idea_id, metric_id = shown
    window.show_view(MEASUREMENTS)
    page = window.page_at(MEASUREMENTS)
    page.select_idea(idea_id, metric_id)  # type: ignore[attr-defined]
    _settle(qtbot)
    bar = page.metric_bar  # type: ignore[attr-defined]
    hidden = bar.overflowed()
    assert bar.more_button.isVisible() == bool(hidden)
    for button in bar.actions_shown:
        assert button.isVisible() != (button in hidden)
    bar.menu.aboutToShow.emit()
    entries = [(a.text(), a.isEnabled()) for a in bar.menu.actions()]
    assert entries == [(b.text(), b.isEnabled()) for b in hidden]
    # Given the room, every button shows and the menu goes.
    window.resize(1920, 1080)
    _settle(qtbot)
    qtbot.waitUntil(lambda: not bar.overflowed())
    assert not bar.more_button.isVisible()
