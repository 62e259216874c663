"""The id-backed lazy table model on its own, without a window: ids from an id source in the
worker, rows a page at a time (coalesced, bounded), sorting by asking again, stale answers
dropped; and the ideas and observations table models' cells."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from PySide6.QtCore import QModelIndex, Qt

from kaizen.domain.enums import SuggestionStatus, WasteCategory
from kaizen.services.listing import IdeaColumn, IdeaRow, ObservationColumn, ObservationRow
from kaizen.ui import resources
from kaizen.ui.models import ideas_table as it
from kaizen.ui.models import observations_table as ot
from kaizen.ui.models.lazy_table import (
    ID_ROLE,
    PILL_ROLE,
    ROW_ROLE,
    SORT_ROLE,
    LazyTableModel,
)

DISPLAY = Qt.ItemDataRole.DisplayRole
ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


@dataclass(frozen=True)
class Row:
    id: int
    name: str


class NamesModel(LazyTableModel):
    column_titles = ("#", "Name")
    sort_keys = ("id", None)
    default_sort = (0, ASC)

    def display(self, row: Row, column: int, role: int):
        if role == DISPLAY:
            return str(row.id) if column == 0 else row.name
        return None


class Store:
    """Rows 1..n held in memory; records every call the model makes, and on which thread."""

    def __init__(self, n: int, missing: Sequence[int] = ()) -> None:
        self.ids = list(range(1, n + 1))
        self.missing = set(missing)
        self.row_calls: list[list[int]] = []
        self.id_calls: list[tuple[object, bool]] = []
        self.threads: set[int] = set()

    def query_ids(self, sort: object, descending: bool) -> list[int]:
        self.threads.add(threading.get_ident())
        self.id_calls.append((sort, descending))
        return list(reversed(self.ids)) if descending else list(self.ids)

    def rows(self, ids: Sequence[int]) -> list[Row]:
        self.threads.add(threading.get_ident())
        self.row_calls.append(list(ids))
        return [Row(i, f"name {i}") for i in ids if i not in self.missing]

    @property
    def rows_read(self) -> int:
        return sum(len(c) for c in self.row_calls)


def loaded(qtbot, model: LazyTableModel, first_row: int = 0) -> None:
    with qtbot.waitSignal(model.idsLoaded, timeout=20_000):
        model.reload(first_row)


def text(model: LazyTableModel, row: int, column: int = 1) -> str:
    return model.index(row, column).data(DISPLAY)


def test_reload_reads_ids_in_the_worker_and_the_first_page_with_them(qtbot) -> None:
    store = Store(1000)
    model = NamesModel(store.rows, page_size=200)
    model.set_id_source(store.query_ids)
    assert model.rowCount() == 0
    loaded(qtbot, model)
    assert model.rowCount() == 1000 and model.columnCount() == 2
    assert store.id_calls == [("id", False)]
    # The first page came with the ids: no second round trip to paint the top.
    assert store.row_calls == [list(range(1, 201))]
    assert text(model, 0) == "name 1" and text(model, 199) == "name 200"
    assert threading.get_ident() not in store.threads
    assert model.rowCount(model.index(0, 0)) == 0  # a table has no children
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Name"
    assert model.headerData(5, Qt.Orientation.Horizontal) is None


def test_a_refresh_in_place_of_the_same_ids_repaints_only_the_rows_that_changed(qtbot) -> None:
    # Issue 21: a view shown again reads its list again; when the ids are the same the model
    # is not reset (every cell repainted, the selection dropped): the page just read replaces
    # the cached rows and only the changed rows are announced.
    renamed: dict[int, str] = {}

    class Renaming(Store):
        def rows(self, ids: Sequence[int]) -> list[Row]:
            return [Row(r.id, renamed.get(r.id, r.name)) for r in super().rows(ids)]

    store = Renaming(1000)
    model = NamesModel(store.rows, page_size=200)
    model.set_id_source(store.query_ids)
    loaded(qtbot, model)
    resets: list[bool] = []
    changed: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), b.row())))
    text(model, 600)  # a row of another page, wanted: read, then forgotten by the refresh
    qtbot.waitUntil(lambda: model.is_row_loaded(600), timeout=20_000)
    assert text(model, 600) == "name 601"
    changed.clear()
    renamed[43] = "renamed"  # row 42
    with qtbot.waitSignal(model.idsLoaded, timeout=20_000):
        model.reload(0, in_place=True)
    assert resets == [] and model.rowCount() == 1000
    assert changed[0] == (42, 42), "only the row that changed is painted again"
    assert text(model, 42) == "renamed" and text(model, 41) == "name 42"
    assert not model.is_row_loaded(600)  # forgotten, as a reset forgets it
    # Other ids (or not in place): the model is reset as before.
    store.ids = store.ids[:-1]
    with qtbot.waitSignal(model.idsLoaded, timeout=20_000):
        model.reload(0, in_place=True)
    assert resets == [True] and model.rowCount() == 999


def test_a_row_not_read_yet_shows_a_placeholder_and_its_page_is_read_once(qtbot) -> None:
    store = Store(5000)
    model = NamesModel(store.rows, page_size=200)
    model.set_id_source(store.query_ids)
    loaded(qtbot, model)
    store.row_calls.clear()
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), b.row())))
    # A paint asks for many cells of the same page, and every role: one read of that page.
    for row in range(1010, 1040):
        for column in range(2):
            for role in (DISPLAY, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole):
                model.index(row, column).data(role)
    assert text(model, 1010) == "Loading…"
    assert model.index(1010, 1).data(Qt.ItemDataRole.ForegroundRole).name() == resources.FAINT
    assert model.index(1010, 0).data(ROW_ROLE) is None
    assert model.index(1010, 0).data(ID_ROLE) == 1011  # ids are known without a read
    qtbot.waitUntil(lambda: model.is_row_loaded(1010), timeout=20_000)
    # One page of 200 rows from a quarter page above the first row asked for: 960..1159.
    assert store.row_calls == [list(range(961, 1161))]
    assert changed == [(960, 1159)]
    assert text(model, 1010) == "name 1011"
    assert model.index(1010, 0).data(ROW_ROLE) == Row(1011, "name 1011")
    assert model.row_at(1010) == Row(1011, "name 1011") and model.row_at(3000) is None


def test_pages_wanted_together_are_coalesced_and_only_the_latest_few_are_kept(qtbot) -> None:
    store = Store(20_000)
    model = NamesModel(store.rows, page_size=100)
    model.set_id_source(store.query_ids)
    loaded(qtbot, model)
    store.row_calls.clear()
    # Dragging the scroll bar across the list: many pages wanted within one event-loop turn.
    for page in range(10, 60):
        model.index(page * 100 + 5, 1).data(DISPLAY)
    qtbot.waitUntil(lambda: not model._fetching and not model._wanted
                    and not model._dispatch_timer.isActive(), timeout=20_000)
    # Only the last pages wanted are read (the others scrolled by), at most two per task.
    assert len(store.row_calls) <= 4
    assert store.rows_read <= 400
    assert model.is_row_loaded(5905)  # the page where the drag stopped
    assert not model.is_row_loaded(1005)


def test_a_page_leaves_out_rows_already_cached(qtbot) -> None:
    store = Store(1000)
    model = NamesModel(store.rows, page_size=100)
    model.set_id_source(store.query_ids)
    loaded(qtbot, model, first_row=500)  # rows 500..599 come with the ids
    assert store.row_calls == [list(range(501, 601))]
    # Scrolling up a little: the rows just above, not the ones on screen already.
    model.index(490, 1).data(DISPLAY)
    qtbot.waitUntil(lambda: model.is_row_loaded(490), timeout=20_000)
    assert store.row_calls[-1] == list(range(401, 501))
    # Jumping down: the page starts a quarter of a page above the row asked for...
    model.index(650, 1).data(DISPLAY)
    qtbot.waitUntil(lambda: model.is_row_loaded(650), timeout=20_000)
    assert store.row_calls[-1] == list(range(626, 726))
    # ... but not where rows are cached already.
    model.index(730, 1).data(DISPLAY)
    qtbot.waitUntil(lambda: model.is_row_loaded(730), timeout=20_000)
    assert store.row_calls[-1] == list(range(726, 826))
    assert model.fetched_pages == 4


def test_the_cache_is_bounded(qtbot) -> None:
    store = Store(3000)
    model = NamesModel(store.rows, page_size=100, max_pages=3)
    model.set_id_source(store.query_ids)
    loaded(qtbot, model)
    for page in range(1, 8):
        model.index(page * 100, 1).data(DISPLAY)
        qtbot.waitUntil(lambda p=page: model.is_row_loaded(p * 100), timeout=20_000)
    assert len(model.cached_rows()) <= 300
    assert model.is_row_loaded(700) and not model.is_row_loaded(100)
    # An evicted page is read again when shown again.
    assert text(model, 0) == "Loading…"
    qtbot.waitUntil(lambda: model.is_row_loaded(0), timeout=20_000)
    assert text(model, 0) == "name 1"


def test_sort_asks_the_id_source_again_and_ignores_unsortable_columns(qtbot) -> None:
    store = Store(50)
    model = NamesModel(store.rows)
    model.set_id_source(store.query_ids)
    loaded(qtbot, model)
    with qtbot.waitSignal(model.idsLoaded, timeout=20_000):
        model.sort(0, DESC)
    assert store.id_calls[-1] == ("id", True)
    assert model.ids()[:3] == [50, 49, 48] and text(model, 0) == "name 50"
    assert (model.sort_column, model.sort_order) == (0, DESC)
    calls = len(store.id_calls)
    model.sort(0, DESC)  # the same order: nothing to ask
    model.sort(1, ASC)  # not sortable (no sort key): ignored
    assert len(store.id_calls) == calls and model.sort_column == 0
    assert not model.is_sortable(1) and model.is_sortable(0)


def test_a_newer_request_supersedes_an_older_one(qtbot) -> None:
    store = Store(30)
    release = threading.Event()

    def slow(sort: object, descending: bool) -> list[int]:
        release.wait(120)  # a bound against a hang only: the test releases it
        return [1, 2, 3]

    model = NamesModel(store.rows)
    loads: list[int] = []
    model.idsLoaded.connect(loads.append)
    model.set_id_source(slow)
    model.reload()
    assert model.is_busy
    model.set_id_source(store.query_ids)
    with qtbot.waitSignal(model.idsLoaded, timeout=20_000):
        model.reload()
    assert model.rowCount() == 30
    release.set()
    qtbot.waitUntil(lambda: not model._fetching, timeout=20_000)
    from kaizen.ui import worker

    assert worker.wait_for_all()
    # The slow, older answer arrived last and was dropped.
    assert model.rowCount() == 30 and loads == [30]
    assert not model.is_busy


def test_failures_are_reported_not_raised(qtbot) -> None:
    def broken(sort: object, descending: bool) -> list[int]:
        raise RuntimeError("disk on fire")

    model = NamesModel(Store(1).rows)
    model.set_id_source(broken)
    with qtbot.waitSignal(model.loadFailed, timeout=20_000) as blocker:
        model.reload()
    assert str(blocker.args[0]) == "disk on fire"
    assert not model.is_busy and model.rowCount() == 0


def test_gone_rows_refresh_and_positions(qtbot) -> None:
    store = Store(10, missing=[4])
    model = NamesModel(store.rows)
    model.set_ids([7, 4, 9])
    assert model.rowCount() == 3 and model.id_at(1) == 4
    assert model.row_of(9) == 2 and model.row_of(1234) is None
    model.index(0, 1).data(DISPLAY)
    qtbot.waitUntil(lambda: model.is_row_loaded(0), timeout=20_000)
    assert [text(model, r) for r in range(3)] == ["name 7", "(no longer there)", "name 9"]
    assert model.row_at(1) is None
    reads = len(store.row_calls)
    changed: list[int] = []
    model.dataChanged.connect(lambda a, b, *_: changed.append(b.row()))
    model.refresh_rows()
    assert changed == [2] and model.cached_rows() == []
    assert text(model, 0) == "Loading…"
    qtbot.waitUntil(lambda: model.is_row_loaded(0), timeout=20_000)
    assert len(store.row_calls) == reads + 1
    assert model.data(QModelIndex()) is None


# --- the ideas and observations models ---------------------------------------------------------


def idea_row(**changes) -> IdeaRow:
    values = dict(
        id=42, title="Shadow board for the torque tools", status=SuggestionStatus.SUBMITTED,
        area_name="Line 1", submitter_name="Bea Staff", owner_name=None,
        wastes=(WasteCategory.MOTION, WasteCategory.WAITING), impact=4, effort=2,
        expected_savings=12345.6, created_at=datetime(2026, 11, 2, 9, 30), due_date=None,
        comment_count=2,
    )
    values.update(changes)
    return IdeaRow(**values)


def cells(model: LazyTableModel, row: int = 0, role: int = DISPLAY) -> list:
    return [model.index(row, c).data(role) for c in range(model.columnCount())]


def test_ideas_model_cells(qtbot) -> None:
    rows = {42: idea_row(), 43: idea_row(
        id=43, status=SuggestionStatus.ACCEPTED, owner_name="Sam Supervisor",
        due_date=date(2026, 10, 30), comment_count=0, wastes=(),
    )}
    model = it.IdeasTableModel(lambda ids: [rows[i] for i in ids], currency="EUR",
                               today=date(2026, 11, 2))
    assert model.columnCount() == len(it.COLUMN_TITLES) == len(it.SORT_KEYS) == 11
    assert (model.sort_column, model.sort_order) == (it.COL_CREATED, DESC)
    model.set_ids([42, 43])
    assert cells(model)[it.COL_TITLE] == "Loading…"
    qtbot.waitUntil(lambda: model.is_row_loaded(0), timeout=20_000)
    assert cells(model) == ["42", "Shadow board for the torque tools", "Submitted", "Line 1",
                            "Bea Staff", "—", "4", "2", "12,346 EUR", "2 Nov 2026", "—"]
    second = cells(model, 1)
    assert second[it.COL_OWNER] == "Sam Supervisor" and second[it.COL_DUE] == "30 Oct 2026"
    # The status is a pill; the overdue date of an open idea is in the warning colour.
    assert model.index(0, it.COL_STATUS).data(PILL_ROLE) == it.STATUS_COLOURS[
        SuggestionStatus.SUBMITTED]
    assert model.index(0, it.COL_TITLE).data(PILL_ROLE) is None
    due = model.index(1, it.COL_DUE)
    assert due.data(Qt.ItemDataRole.ForegroundRole).name() == resources.WARNING
    assert due.data(Qt.ItemDataRole.ToolTipRole) == "Overdue"
    tip = model.index(0, it.COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "#42 Shadow board for the torque tools\nAttacks: Motion, Waiting\n2 comments"
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    assert model.index(0, it.COL_SAVINGS).data(Qt.ItemDataRole.TextAlignmentRole) == right
    assert model.index(0, it.COL_SAVINGS).data(SORT_ROLE) == 12345.6
    assert model.index(1, it.COL_DUE).data(SORT_ROLE) == date(2026, 10, 30)
    assert model.headerData(it.COL_SAVINGS, Qt.Orientation.Horizontal,
                            Qt.ItemDataRole.ToolTipRole) == "Expected savings a year"
    model.set_currency("USD")
    assert cells(model)[it.COL_SAVINGS] == "12,346 USD"
    assert it.SORT_KEYS[it.COL_TITLE] is IdeaColumn.TITLE


def test_observations_model_cells(qtbot) -> None:
    row = ObservationRow(
        id=7, category=WasteCategory.WAITING, area_name="Line 1", observer_name="Bea Staff",
        observed_at=datetime(2026, 10, 5, 14, 0), summary="Operators wait for the forklift",
        minutes_per_occurrence=6.0, occurrences_per_week=2.5, yearly_cost=1440.0,
        suggestion_id=None,
    )
    linked = ObservationRow(**{**{f: getattr(row, f) for f in row.__dataclass_fields__},
                               "id": 8, "suggestion_id": 99})
    rows = {7: row, 8: linked}
    model = ot.ObservationsTableModel(lambda ids: [rows[i] for i in ids], currency="EUR")
    assert model.columnCount() == len(ot.COLUMN_TITLES) == len(ot.SORT_KEYS) == 10
    assert model.sort_keys[ot.COL_SUMMARY] is None  # text is searched, not sorted
    assert model.sort_keys[ot.COL_COST] is ObservationColumn.YEARLY_COST
    model.set_ids([7, 8])
    assert not model.is_row_loaded(0)  # nothing is read before a cell is asked for
    assert cells(model)[ot.COL_SUMMARY] == "Loading…"
    qtbot.waitUntil(lambda: model.is_row_loaded(0), timeout=20_000)
    assert cells(model) == ["7", "Waiting", "Operators wait for the forklift", "Line 1",
                            "Bea Staff", "5 Oct 2026", "6", "2.5", "1,440 EUR", "—"]
    assert cells(model, 1)[ot.COL_LINKED] == "#99"
    assert model.index(0, ot.COL_CATEGORY).data(PILL_ROLE) == ot.WASTE_COLOURS[
        WasteCategory.WAITING]
    assert model.index(0, ot.COL_CATEGORY).data(Qt.ItemDataRole.ToolTipRole) == (
        WasteCategory.WAITING.help_text)
    assert model.index(1, ot.COL_LINKED).data(Qt.ItemDataRole.ToolTipRole) == "Led to idea #99"
    assert model.index(0, ot.COL_COST).data(SORT_ROLE) == 1440.0


@pytest.mark.parametrize("value, expected", [(12.0, "12"), (2.5, "2.5"), (1234.0, "1,234")])
def test_number_text(value: float, expected: str) -> None:
    assert ot.number_text(value) == expected
