"""Admin screens: the dialogs that add and edit people, areas and the site settings.

``person_dialog`` (add or edit a person, set a PIN), ``area_dialog`` (add or edit an area and its
hourly rate) and ``settings_dialog`` (site name, currency, default rate, board thresholds) share
the frame in ``dialog`` and the style rules in ``style``. Each dialog collects what was typed,
asks the people service in the background worker and shows a refusal under the field it names;
the People & areas view opens them. Only admins may change anything: the service enforces it, the
view disables its buttons for everyone else with :data:`ONLY_ADMINS` as tooltip.
"""

from __future__ import annotations

from kaizen.i18n import QT_TRANSLATE_NOOP, translate

# Marked here; shown through only_admins() / pick_person_first() (or
# translate("ui.admin", ONLY_ADMINS)), in the language of the moment.
ONLY_ADMINS = QT_TRANSLATE_NOOP("ui.admin", "Only admins can change people and areas")
PICK_PERSON_FIRST = QT_TRANSLATE_NOOP("ui.admin", "Pick who is working first")


def only_admins() -> str:
    return translate("ui.admin", ONLY_ADMINS)


def pick_person_first() -> str:
    return translate("ui.admin", PICK_PERSON_FIRST)
