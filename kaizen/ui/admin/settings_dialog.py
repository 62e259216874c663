"""Site settings: the site's name, the currency, the default hourly rate and the board's thresholds.

The default hourly rate prices lost minutes in every area without a rate of its own (and above
it); the currency is a three-letter code shown with every amount. Board cards turn amber after
"ageing" days in one stage and red after "stale" days. Supervisors and admins are signed out
after the idle time (0: never), for shared PCs. The control-chart rules (Western Electric or
Nelson) apply to every metric without a rule set of its own. Savings are validated by a second
person unless "one person" is ticked (a one-person site; the change is audited like every
setting), and the monthly report thanks who implemented what unless recognition is turned off.
The service checks each value (currency code, rate range, ageing no later than stale) and names
the field it refuses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from kaizen.domain.spc_rules import RULE_SET_LABELS
from kaizen.services.people import MAX_IDLE_MINUTES
from kaizen.ui.admin.dialog import (
    AdminDialog,
    Job,
    hint_label,
    parse_rate,
    rate_edit,
    with_hint,
    with_suffix,
)

if TYPE_CHECKING:
    from kaizen.services.people import PeopleService, SiteSettings

MAX_DAYS = 3650


def days_spin(value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(1, MAX_DAYS)
    spin.setSuffix(" days")
    spin.setValue(value)
    spin.setFixedWidth(140)
    return spin


class SettingsDialog(AdminDialog):
    """Edit the site settings; ``saved(SiteSettings)`` after the service accepted them."""

    def __init__(self, people: PeopleService, actor_id: int, settings: SiteSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(
            title="Site settings", heading="Site settings",
            text="Used everywhere amounts, rates and the board's colours are shown.",
            icon_name="mdi6.cog-outline", parent=parent,
        )
        self.setObjectName("SettingsDialog")
        self._people = people
        self._actor_id = actor_id
        self.settings = settings

        self.site_edit = QLineEdit(settings.site_name)
        self.site_edit.setPlaceholderText("e.g. Riverside Plant")
        self.currency_edit = QLineEdit(settings.currency)
        self.currency_edit.setMaxLength(3)
        self.currency_edit.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"[A-Za-z]{0,3}"), self.currency_edit
        ))
        self.currency_edit.setPlaceholderText("EUR")
        self.currency_edit.setFixedWidth(90)
        self.currency_edit.textEdited.connect(self._on_currency_edited)
        self.rate_edit = rate_edit()
        self.rate_edit.setText(f"{settings.default_hourly_rate:.2f}")
        self.rate_suffix = QLabel(f"{settings.currency} per hour")
        self.ageing_spin = days_spin(settings.ageing_after_days)
        self.stale_spin = days_spin(settings.stale_after_days)
        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(0, MAX_IDLE_MINUTES)
        self.idle_spin.setSuffix(" minutes")
        self.idle_spin.setSpecialValueText("Never")
        self.idle_spin.setValue(settings.idle_signout_minutes)
        self.idle_spin.setFixedWidth(140)

        self.form.add_field("site_name", "Site name", self.site_edit)
        self.form.add_field("currency", "Currency", with_hint(
            self.currency_edit, hint_label("A three-letter code such as EUR, USD or GBP.")
        ))
        self.form.add_field("default_hourly_rate", "Default hourly rate", with_hint(
            with_suffix(self.rate_edit, self.rate_suffix),
            hint_label("For areas without a rate of their own."),
        ))
        self.form.add_field("ageing_after_days", "Ageing after", with_hint(
            self.ageing_spin, hint_label("Board cards turn amber after this long in one stage.")
        ))
        self.form.add_field("stale_after_days", "Stale after", with_hint(
            self.stale_spin, hint_label("… and red after this long.")
        ))
        # Control-chart rules (issue 17): the default for metrics without their own.
        self.rules_combo = QComboBox()
        self.rules_combo.setObjectName("SpcRuleSet")
        for key, label in RULE_SET_LABELS.items():
            self.rules_combo.addItem(label, key)
        self.rules_combo.setCurrentIndex(max(0, self.rules_combo.findData(settings.spc_rule_set)))
        self.form.add_field("spc_rule_set", "Control-chart rules", with_hint(
            self.rules_combo, hint_label("For metrics without rules of their own.")))
        self.form.add_field("idle_signout_minutes", "Sign out idle", with_hint(
            self.idle_spin,
            hint_label("For shared PCs; 0: never."),
        ))
        self.one_person_check = QCheckBox("One person may enter and validate savings")
        self.one_person_check.setChecked(settings.savings_one_person)
        self.form.add_field("savings_one_person", "Savings", with_hint(
            self.one_person_check, hint_label("Only for a one-person site; audited.")
        ))
        self.recognition_check = QCheckBox("Thank people in the monthly report")
        self.recognition_check.setChecked(settings.recognition)
        self.form.add_field("recognition", "Recognition", with_hint(
            self.recognition_check, hint_label("Who implemented what, by name.")
        ))
        self.finish()
        self.site_edit.setFocus()
        self.site_edit.selectAll()

    def _on_currency_edited(self, text: str) -> None:
        upper = text.upper()
        if upper != text:
            position = self.currency_edit.cursorPosition()
            self.currency_edit.setText(upper)
            self.currency_edit.setCursorPosition(position)
        self.rate_suffix.setText(f"{upper or '…'} per hour")

    def collect(self) -> Job:
        rate = parse_rate(self.rate_edit.text(), "default_hourly_rate", "Default hourly rate")
        fields = {
            "site_name": self.site_edit.text(),
            "currency": self.currency_edit.text(),
            "default_hourly_rate": rate,
            "ageing_after_days": self.ageing_spin.value(),
            "stale_after_days": self.stale_spin.value(),
            "spc_rule_set": self.rules_combo.currentData(),
            "idle_signout_minutes": self.idle_spin.value(),
            "savings_one_person": self.one_person_check.isChecked(),
            "recognition": self.recognition_check.isChecked(),
        }
        people, actor_id, version = self._people, self._actor_id, self.settings.version
        return lambda: people.update_settings(actor_id, expected_version=version, **fields)

    def reload_job(self) -> Job:
        people = self._people
        return people.settings

    def reloaded(self, result: SiteSettings) -> str:
        self.settings = result
        return (f"site name {result.site_name}, currency {result.currency}, default hourly rate "
                f"{result.default_hourly_rate:,.2f}, ageing after {result.ageing_after_days} "
                f"days, stale after {result.stale_after_days} days, sign out idle after "
                f"{result.idle_signout_minutes} minutes, savings validated by "
                f"{'one person' if result.savings_one_person else 'a second person'}, "
                f"recognition {'on' if result.recognition else 'off'}")
