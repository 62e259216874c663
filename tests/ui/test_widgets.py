"""Shared form widgets: errors land under the right field; combos keep their choice."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QStyleOptionViewItem, QWidget

from kaizen.domain.enums import AreaKind, Role
from kaizen.domain.errors import Conflict, ValidationError
from kaizen.services.people import AreaInfo, PersonInfo
from kaizen.ui.widgets.choices import AreaCombo, PersonCombo
from kaizen.ui.widgets.form import FieldForm


def test_field_errors_go_under_their_field(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    form = FieldForm(host)
    form.add_field("title", "Title", QLineEdit())
    form.add_field("area_id", "Area", QLineEdit())
    form.show_error(ValidationError("Title is required.", "title"))
    assert form.error_text("title") == "Title is required."
    assert form.error_text("area_id") == ""
    form.show_error(Conflict("Changed by someone else."))
    assert form.error_text("title") == ""
    assert form.general_error.text() == "Changed by someone else."


def _area(id_: int, name: str, depth: int) -> AreaInfo:
    return AreaInfo(id=id_, name=name, kind=AreaKind.LINE, parent_id=None, path=name, depth=depth,
                    hourly_rate=None, effective_hourly_rate=30.0, active=True)


def test_area_combo_indents_and_keeps_the_selection(qtbot) -> None:
    combo = AreaCombo(none_label="All areas")
    qtbot.addWidget(combo)
    combo.set_areas([_area(1, "Site", 0), _area(2, "Assembly", 1)])
    assert combo.itemText(2) == "Assembly"  # the closed combo shows the plain name
    option = QStyleOptionViewItem()
    combo.itemDelegate().initStyleOption(option, combo.model().index(2, 0))
    assert option.text == "    Assembly"  # the drop-down list indents by depth
    combo.set_selected_id(2)
    combo.set_areas([_area(1, "Site", 0), _area(3, "Paint", 1), _area(2, "Assembly", 1)])
    assert combo.area_id() == 2
    combo.set_selected_id(None)
    assert combo.area_id() is None


def test_person_combo_shows_roles(qtbot) -> None:
    combo = PersonCombo()
    qtbot.addWidget(combo)
    person = PersonInfo(id=7, name="Ana", role=Role.SUPERVISOR, home_area_id=None,
                        home_area_name=None, active=True, has_pin=True, version=1)
    combo.set_people([person], show_role=True)
    assert combo.itemText(0) == "Ana — Supervisor"
    assert combo.person_id() == 7
