"""The people table model and its filter proxy on their own: columns, display, sort keys, resets,
search and the inactive toggle; no window needed."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from kaizen.domain.enums import Role
from kaizen.services import Services
from kaizen.services.people import PersonInfo
from kaizen.ui.models.people_table import (
    COL_ACTIVE,
    COL_AREA,
    COL_NAME,
    COL_PIN,
    COL_ROLE,
    COLUMN_TITLES,
    PERSON_ROLE,
    SORT_ROLE,
    PeopleFilterProxy,
    PeopleTableModel,
)

DISPLAY = Qt.ItemDataRole.DisplayRole
ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


def person(pid: int, name: str, role: Role = Role.STAFF, area: str | None = "Assembly", *,
           active: bool = True, has_pin: bool = False) -> PersonInfo:
    return PersonInfo(id=pid, name=name, role=role, home_area_id=1 if area else None,
                      home_area_name=area, active=active, has_pin=has_pin, version=1)


SAMPLE = [
    person(1, "zoe", Role.ADMIN, "Site", has_pin=True),
    person(2, "Émile", Role.STAFF, None),
    person(3, "anna", Role.SUPERVISOR, "Paint", has_pin=True),
    person(4, "Bob", Role.STAFF, "Assembly", active=False),
    person(5, "Ann", Role.STAFF, "Paint"),
]


def names(model: PeopleTableModel) -> list[str]:
    return [model.index(r, COL_NAME).data(DISPLAY) for r in range(model.rowCount())]


def test_columns_and_headers() -> None:
    model = PeopleTableModel(SAMPLE)
    assert model.columnCount() == len(COLUMN_TITLES) == 5
    assert model.rowCount() == 5
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Name", "Role", "Home area", "PIN", "Status"]
    assert model.headerData(9, Qt.Orientation.Horizontal) is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    # A table has no children.
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.columnCount(model.index(0, 0)) == 0


def test_display_values(qapp) -> None:
    model = PeopleTableModel(SAMPLE)
    row = [model.index(0, c).data(DISPLAY) for c in range(5)]
    assert row == ["zoe", "Admin", "Site", "Set", "Active"]
    row = [model.index(1, c).data(DISPLAY) for c in range(5)]
    assert row == ["Émile", "Staff", "—", "—", "Active"]
    assert model.index(3, COL_ACTIVE).data(DISPLAY) == "Inactive"
    assert model.index(0, COL_NAME).data(PERSON_ROLE) == SAMPLE[0]
    assert model.index(3, COL_NAME).data(Qt.ItemDataRole.ForegroundRole) is not None  # muted
    assert model.index(0, COL_NAME).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, COL_PIN).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(QModelIndex()) is None


def test_sort_by_name_ignores_case_and_accents() -> None:
    model = PeopleTableModel(SAMPLE)
    model.sort(COL_NAME, ASC)
    assert names(model) == ["Ann", "anna", "Bob", "Émile", "zoe"]
    model.sort(COL_NAME, DESC)
    assert names(model) == ["zoe", "Émile", "Bob", "anna", "Ann"]


def test_sort_by_each_column() -> None:
    model = PeopleTableModel(SAMPLE)
    model.sort(COL_ROLE, ASC)  # staff, supervisor, admin; then by name
    assert names(model) == ["Ann", "Bob", "Émile", "anna", "zoe"]
    model.sort(COL_AREA, ASC)  # no area last
    assert names(model) == ["Bob", "Ann", "anna", "zoe", "Émile"]
    model.sort(COL_PIN, ASC)  # with a PIN first
    assert names(model) == ["anna", "zoe", "Ann", "Bob", "Émile"]
    model.sort(COL_ACTIVE, ASC)  # active first
    assert names(model) == ["Ann", "anna", "Émile", "zoe", "Bob"]
    model.sort(99, ASC)  # unknown column: no change
    assert names(model) == ["Ann", "anna", "Émile", "zoe", "Bob"]


def test_sort_keeps_persistent_indexes_on_the_same_person() -> None:
    model = PeopleTableModel(SAMPLE)
    zoe = QPersistentModelIndex(model.index(0, COL_ROLE))
    model.sort(COL_NAME, ASC)
    assert zoe.row() == 4
    assert zoe.column() == COL_ROLE
    assert model.person_at(zoe.row()).name == "zoe"


def test_sort_role_works_through_a_proxy() -> None:
    model = PeopleTableModel(SAMPLE)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(COL_ROLE, ASC)
    got = [proxy.index(r, COL_NAME).data(DISPLAY) for r in range(proxy.rowCount())]
    assert got == ["Ann", "Bob", "Émile", "anna", "zoe"]


def test_set_people_resets_and_keeps_the_chosen_sort(qtbot) -> None:
    model = PeopleTableModel()
    model.sort(COL_NAME, DESC)
    with qtbot.waitSignals([model.modelAboutToBeReset, model.modelReset], timeout=1000):
        model.set_people(SAMPLE)
    assert names(model) == ["zoe", "Émile", "Bob", "anna", "Ann"]
    model.set_people([])
    assert model.rowCount() == 0


def test_model_passes_qt_model_tester(qtmodeltester) -> None:
    model = PeopleTableModel(SAMPLE)
    qtmodeltester.check(model, force_py=True)
    model.sort(COL_AREA, DESC)
    qtmodeltester.check(model, force_py=True)


def test_model_over_real_people(services: Services, team) -> None:
    model = PeopleTableModel(services.people.list_people(active_only=False))
    model.sort(COL_NAME, ASC)
    assert names(model) == ["Alex Admin", "Bea Staff", "Carl Staff", "Dee Former",
                            "Sam Supervisor"]
    by_name = {model.person_at(r).name: r for r in range(model.rowCount())}
    assert model.index(by_name["Sam Supervisor"], COL_PIN).data(DISPLAY) == "Set"
    assert model.index(by_name["Sam Supervisor"], COL_AREA).data(DISPLAY) == "Assembly"
    assert model.index(by_name["Dee Former"], COL_ACTIVE).data(DISPLAY) == "Inactive"
    assert model.index(by_name["Alex Admin"], COL_AREA).data(DISPLAY) == "Riverside Plant"


def proxy_names(proxy: PeopleFilterProxy) -> list[str]:
    return [proxy.index(r, COL_NAME).data(DISPLAY) for r in range(proxy.rowCount())]


def test_filter_proxy_searches_names_ignoring_case_and_accents(qtbot) -> None:
    model = PeopleTableModel(SAMPLE)
    proxy = PeopleFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(COL_NAME, ASC)
    assert proxy_names(proxy) == ["Ann", "anna", "Bob", "Émile", "zoe"]
    assert not proxy.searching
    proxy.set_search("  AN ")
    assert proxy_names(proxy) == ["Ann", "anna"]
    assert proxy.searching
    proxy.set_search("emi")  # matches "Émile"
    assert proxy_names(proxy) == ["Émile"]
    assert proxy.person_at(0).id == 2
    proxy.set_search("")
    proxy.set_show_inactive(False)
    assert proxy_names(proxy) == ["Ann", "anna", "Émile", "zoe"]
    assert proxy.searching
    proxy.set_show_inactive(True)
    assert len(proxy_names(proxy)) == 5


def test_filter_proxy_keeps_filtering_after_a_reset(qtbot) -> None:
    model = PeopleTableModel(SAMPLE)
    proxy = PeopleFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search("bo")
    model.set_people([*SAMPLE, person(6, "Bobby", Role.STAFF)])
    proxy.sort(COL_NAME, ASC)
    assert proxy_names(proxy) == ["Bob", "Bobby"]
    assert model.person_at(model.row_of(6)).name == "Bobby"
    assert model.row_of(99) == -1


def test_filter_proxy_passes_qt_model_tester(qtmodeltester) -> None:
    model = PeopleTableModel(SAMPLE)
    proxy = PeopleFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search("a")
    qtmodeltester.check(proxy, force_py=True)
