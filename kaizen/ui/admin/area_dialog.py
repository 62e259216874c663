"""Add or edit an area: name, kind, the area it belongs to, and its own hourly rate.

An empty hourly rate means "inherit": the placeholder shows what the area would use then (its
parent's effective rate, or the site default) and where it comes from, and follows the parent
picked. A new area's kind follows its parent (under a site a department, under a department a
line); a site has no parent. The kind of an existing area is fixed (the service has no way to
change it), so the combo is disabled when editing, and the parent list leaves out the area itself
and everything under it. Names must be unique under one parent: the service says so under Name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from kaizen.domain.enums import AreaKind
from kaizen.domain.numbers import format_number
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui.admin.dialog import AdminDialog, Job, RateField, hint_label
from kaizen.ui.models.area_tree import kind_label, rate_source, rate_text
from kaizen.ui.widgets.choices import AreaCombo
from kaizen.ui.widgets.dialog_parts import with_hint

if TYPE_CHECKING:
    from kaizen.services.people import AreaInfo, PeopleService, SiteSettings

TOP_OF_TREE = QT_TRANSLATE_NOOP("ui.admin.area_dialog", "None: top of the tree")
_CHILD_KIND = {
    None: AreaKind.SITE,
    AreaKind.SITE: AreaKind.DEPARTMENT,
    AreaKind.DEPARTMENT: AreaKind.LINE,
    AreaKind.LINE: AreaKind.LINE,
}


def descendants(areas: Sequence[AreaInfo], area_id: int) -> set[int]:
    """``area_id`` and every area under it."""
    children: dict[int | None, list[int]] = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area.id)
    found = {area_id}
    stack = [area_id]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


class AreaDialog(AdminDialog):
    """Add an area under ``parent_id`` (``area`` None) or edit ``area``; ``saved(AreaInfo)``."""

    def __init__(self, people: PeopleService, actor_id: int, areas: Sequence[AreaInfo],
                 settings: SiteSettings, area: AreaInfo | None = None,
                 parent_id: int | None = None, parent: QWidget | None = None) -> None:
        by_id = {a.id: a for a in areas}
        if area is not None:
            super().__init__(
                title=translate("ui.admin.area_dialog", "Edit area"), heading=area.name,
                text=area.path,
                icon_name="mdi6.map-marker-radius-outline", parent=parent,
            )
            parent_id = area.parent_id
        else:
            under = by_id.get(parent_id) if parent_id is not None else None
            super().__init__(
                title=translate("ui.admin.area_dialog", "Add area"),
                heading=translate("ui.admin.area_dialog", "Add an area"),
                text=translate("ui.admin.area_dialog", "Under {path}.").format(path=under.path)
                if under is not None else
                translate("ui.admin.area_dialog", "A new site, at the top of the tree."),
                icon_name="mdi6.map-marker-plus-outline",
                save_text=translate("ui.admin.area_dialog", "Add area"), parent=parent,
            )
        self.setObjectName("AreaDialog")
        self._by_id = by_id
        self._people = people
        self._actor_id = actor_id
        self._settings = settings
        self.area = area

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(translate("ui.admin.area_dialog",
                                                    "e.g. Line C, Paint shop"))
        self.kind_combo = QComboBox()
        for kind in AreaKind:
            self.kind_combo.addItem(kind_label(kind), kind)
        self.parent_combo = AreaCombo(none_label=translate("ui.admin.area_dialog", TOP_OF_TREE))
        self.parent_combo.set_areas(self._parent_choices(areas, area))
        rate = translate("ui.admin.area_dialog", "Hourly rate")
        self.rate = RateField("hourly_rate", rate,  # i18n: no (the service's field name)
                              translate("ui.admin.area_dialog", "{currency} per hour").format(
                                  currency=settings.currency),
                              area.hourly_rate if area is not None else None)
        self.rate_edit, self.rate_suffix = self.rate.edit, self.rate.unit
        self.rate_hint = hint_label("")

        # The first argument of each row is the service's field name (never shown).
        name = translate("ui.admin.area_dialog", "Name")
        self.form.add_field("name", name, self.name_edit)  # i18n: no
        kind_title = translate("ui.admin.area_dialog", "Kind")
        self.form.add_field("kind", kind_title, self.kind_combo)  # i18n: no
        belongs = translate("ui.admin.area_dialog", "Belongs to")
        self.form.add_field("parent_id", belongs, self.parent_combo)  # i18n: no
        self.form.add_field("hourly_rate", rate,  # i18n: no
                            with_hint(self.rate.widget, self.rate_hint))

        self.parent_combo.set_selected_id(parent_id)
        if area is not None:
            self.name_edit.setText(area.name)
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(area.kind))
            self.kind_combo.setEnabled(False)
            self.kind_combo.setToolTip(translate("ui.admin.area_dialog",
                                                 "The kind of an area is fixed once it exists"))
        else:
            parent_area = self._by_id.get(parent_id) if parent_id is not None else None
            kind = _CHILD_KIND[parent_area.kind if parent_area is not None else None]
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
            self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.parent_combo.currentIndexChanged.connect(self._update_inherited)
        self._on_kind_changed()
        self.finish()
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    @staticmethod
    def _parent_choices(areas: Sequence[AreaInfo], area: AreaInfo | None) -> list[AreaInfo]:
        excluded = descendants(areas, area.id) if area is not None else set()
        current = area.parent_id if area is not None else None
        return [a for a in areas
                if a.id not in excluded and (a.active or a.id == current)]

    @property
    def kind(self) -> AreaKind:
        return AreaKind(self.kind_combo.currentData())

    def inherited_rate(self) -> tuple[float, str]:
        """What an empty rate means now: the parent's effective rate and where it comes from."""
        parent = self._by_id.get(self.parent_combo.area_id() or -1)
        site_default = translate("ui.admin.area_dialog", "the site default")
        if parent is None:
            return self._settings.default_hourly_rate, site_default
        source = rate_source(parent, self._by_id)
        return parent.effective_hourly_rate, (source.name if source is not None
                                              else site_default)

    def _on_kind_changed(self) -> None:
        is_site = self.kind is AreaKind.SITE
        if is_site:
            self.parent_combo.set_selected_id(None)
        # An existing site stays at the top; a new one cannot be placed under anything.
        self.parent_combo.setEnabled(not is_site)
        self.parent_combo.setToolTip(
            translate("ui.admin.area_dialog", "A site is the top of the tree") if is_site
            else "")
        self._update_inherited()

    def _update_inherited(self) -> None:
        rate, source = self.inherited_rate()
        money = rate_text(rate, self._settings.currency)
        self.rate_edit.setPlaceholderText(format_number(rate, 2))
        self.rate_hint.setText(translate("ui.admin.area_dialog",
                                         "Leave empty to inherit {money} from {source}.").format(
            money=money, source=source))

    def collect(self) -> Job:
        rate = self.rate.value()
        people, actor_id = self._people, self._actor_id
        name = self.name_edit.text()
        parent_id = self.parent_combo.area_id()
        if self.area is None:
            kind = self.kind
            return lambda: people.create_area(actor_id, name=name, kind=kind,
                                              parent_id=parent_id, hourly_rate=rate)
        area_id, version = self.area.id, self.area.version
        return lambda: people.update_area(actor_id, area_id, name=name, hourly_rate=rate,
                                          parent_id=parent_id, expected_version=version)

    def reload_job(self) -> Job | None:
        if self.area is None:
            return None
        people, area_id = self._people, self.area.id
        return lambda: people.get_area(area_id)

    def reloaded(self, result: AreaInfo) -> str:
        self.area = result
        if result.hourly_rate is None:
            return translate("ui.admin.area_dialog", "{path}, hourly rate inherited").format(
                path=result.path)
        return translate("ui.admin.area_dialog", "{path}, hourly rate {rate} per hour").format(
            path=result.path, rate=rate_text(result.hourly_rate, self._settings.currency))
