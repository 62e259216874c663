"""Site settings: the site's name, the currency, the default hourly rate and the board's thresholds.

The default hourly rate prices lost minutes in every area without a rate of its own (and above
it); the currency is a three-letter code shown with every amount. Board cards turn amber after
"ageing" days in one stage and red after "stale" days. Supervisors and admins are signed out
after the idle time (0: never), for shared PCs. The control-chart rules (Western Electric or
Nelson) apply to every metric without a rule set of its own. Savings are validated by a second
person unless "one person" is ticked (a one-person site; the change is audited like every
setting), and the monthly report thanks who implemented what unless recognition is turned off.
The language (English, Deutsch, Español) is the app's, its messages' and the report's from the
next start (kaizen.ui.language).
The service checks each value (currency code, rate range, ageing no later than stale) and names
the field it refuses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox, QWidget

from kaizen.domain.numbers import format_number
from kaizen.domain.spc_rules import RULE_SET_LABELS
from kaizen.i18n import LANGUAGES, translate
from kaizen.services.people import MAX_IDLE_MINUTES
from kaizen.ui.admin.dialog import AdminDialog, Job, RateField, hint_label
from kaizen.ui.widgets.dialog_parts import with_hint

if TYPE_CHECKING:
    from kaizen.services.people import PeopleService, SiteSettings

MAX_DAYS = 3650


def days_spin(value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(1, MAX_DAYS)
    spin.setSuffix(translate("ui.admin.settings_dialog", " days"))
    spin.setValue(value)
    spin.setFixedWidth(140)
    return spin


def per_hour(currency: str) -> str:
    return translate("ui.admin.settings_dialog", "{currency} per hour").format(currency=currency)


class SettingsDialog(AdminDialog):
    """Edit the site settings; ``saved(SiteSettings)`` after the service accepted them."""

    def __init__(self, people: PeopleService, actor_id: int, settings: SiteSettings,
                 parent: QWidget | None = None) -> None:
        title = translate("ui.admin.settings_dialog", "Site settings")
        super().__init__(
            title=title, heading=title,
            text=translate("ui.admin.settings_dialog",
                           "Used everywhere amounts, rates and the board's colours are shown."),
            icon_name="mdi6.cog-outline", parent=parent,
        )
        self.setObjectName("SettingsDialog")
        self._people = people
        self._actor_id = actor_id
        self.settings = settings

        self.site_edit = QLineEdit(settings.site_name)
        self.site_edit.setPlaceholderText(
            translate("ui.admin.settings_dialog", "e.g. Riverside Plant"))
        self.currency_edit = QLineEdit(settings.currency)
        self.currency_edit.setMaxLength(3)
        self.currency_edit.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"[A-Za-z]{0,3}"), self.currency_edit
        ))
        self.currency_edit.setPlaceholderText("EUR")  # i18n: no (a currency code)
        self.currency_edit.setFixedWidth(90)
        self.currency_edit.textEdited.connect(self._on_currency_edited)
        self.rate = RateField("default_hourly_rate",  # i18n: no (the service's field name)
                              translate("ui.admin.settings_dialog", "Default hourly rate"),
                              per_hour(settings.currency), settings.default_hourly_rate)
        self.rate_edit, self.rate_suffix = self.rate.edit, self.rate.unit
        self.ageing_spin = days_spin(settings.ageing_after_days)
        self.stale_spin = days_spin(settings.stale_after_days)
        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(0, MAX_IDLE_MINUTES)
        self.idle_spin.setSuffix(translate("ui.admin.settings_dialog", " minutes"))
        self.idle_spin.setSpecialValueText(translate("ui.admin.settings_dialog", "Never"))
        self.idle_spin.setValue(settings.idle_signout_minutes)
        self.idle_spin.setFixedWidth(140)
        # Control-chart rules (issue 17): the default for metrics without their own.
        self.rules_combo = QComboBox()
        self.rules_combo.setObjectName("SpcRuleSet")
        for key, label in RULE_SET_LABELS.items():
            self.rules_combo.addItem(translate("domain.spc_rules", label), key)
        self.rules_combo.setCurrentIndex(max(0, self.rules_combo.findData(settings.spc_rule_set)))
        self.one_person_check = QCheckBox(
            translate("ui.admin.settings_dialog", "One person may enter and validate savings"))
        self.one_person_check.setChecked(settings.savings_one_person)
        self.one_person_check.setToolTip(
            translate("ui.admin.settings_dialog", "Only for a one-person site; audited."))
        # The language (issue 22): each named in its own words, so anyone can find theirs.
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("SiteLanguage")
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.language)))
        self.language_combo.setToolTip(translate(
            "ui.admin.settings_dialog",
            "Of the app, its messages and the monthly report, from the next start."))
        self.recognition_check = QCheckBox(
            translate("ui.admin.settings_dialog", "Thank people in the monthly report"))
        self.recognition_check.setChecked(settings.recognition)

        rows = [
            ("site_name", self.site_edit,
             translate("ui.admin.settings_dialog", "Site name"),
             None),
            ("currency", self.currency_edit,
             translate("ui.admin.settings_dialog", "Currency"),
             translate("ui.admin.settings_dialog", "A three-letter code such as EUR, USD or GBP.")),
            ("default_hourly_rate", self.rate.widget, self.rate.label,
             translate("ui.admin.settings_dialog", "For areas without a rate of their own.")),
            ("ageing_after_days", self.ageing_spin,
             translate("ui.admin.settings_dialog", "Ageing after"),
             translate("ui.admin.settings_dialog",
                       "Board cards turn amber after this long in one stage.")),
            ("stale_after_days", self.stale_spin,
             translate("ui.admin.settings_dialog", "Stale after"),
             translate("ui.admin.settings_dialog", "… and red after this long.")),
            ("spc_rule_set", self.rules_combo,
             translate("ui.admin.settings_dialog", "Control-chart rules"),
             translate("ui.admin.settings_dialog", "For metrics without rules of their own.")),
            ("idle_signout_minutes", self.idle_spin,
             translate("ui.admin.settings_dialog", "Sign out idle"),
             translate("ui.admin.settings_dialog", "For shared PCs; 0: never.")),
            # Two rows say what they are in a tool tip: the dialog must fit a 1280x720 screen.
            ("savings_one_person", self.one_person_check,
             translate("ui.admin.settings_dialog", "Savings"), None),
            ("language", self.language_combo,
             translate("ui.admin.settings_dialog", "Language"), None),
            ("recognition", self.recognition_check,
             translate("ui.admin.settings_dialog", "Recognition"),
             translate("ui.admin.settings_dialog", "Who implemented what, by name.")),
        ]
        for key, editor, label, hint in rows:
            self.form.add_field(key, label,
                                editor if hint is None else with_hint(editor, hint_label(hint)))
        self.finish()
        self.site_edit.setFocus()
        self.site_edit.selectAll()

    def _on_currency_edited(self, text: str) -> None:
        upper = text.upper()
        if upper != text:
            position = self.currency_edit.cursorPosition()
            self.currency_edit.setText(upper)
            self.currency_edit.setCursorPosition(position)
        self.rate_suffix.setText(per_hour(upper or "…"))

    def collect(self) -> Job:
        rate = self.rate.value()
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
            "language": self.language_combo.currentData(),
        }
        people, actor_id, version = self._people, self._actor_id, self.settings.version
        return lambda: people.update_settings(actor_id, expected_version=version, **fields)

    def reload_job(self) -> Job:
        people = self._people
        return people.settings

    def reloaded(self, result: SiteSettings) -> str:
        self.settings = result
        one = (translate("ui.admin.settings_dialog", "one person") if result.savings_one_person
               else translate("ui.admin.settings_dialog", "a second person"))
        return translate(
            "ui.admin.settings_dialog",
            "site name {site}, currency {currency}, default hourly rate {rate}, ageing after "
            "{ageing} days, stale after {stale} days, sign out idle after {idle} minutes, "
            "savings validated by {validator}, recognition {recognition}, language {language}",
        ).format(site=result.site_name, currency=result.currency,
                 rate=format_number(result.default_hourly_rate, 2),
                 ageing=result.ageing_after_days, stale=result.stale_after_days,
                 idle=result.idle_signout_minutes, validator=one,
                 recognition=(translate("ui.admin.settings_dialog", "on") if result.recognition
                              else translate("ui.admin.settings_dialog", "off")),
                 language=LANGUAGES.get(result.language, result.language))
