"""The per-PC kiosk setting, kept in this PC's local config (QSettings, beside the window
geometry), not in the shared database: one line PC is a kiosk, the office PCs are not."""

from __future__ import annotations

from PySide6.QtCore import QSettings

KIOSK_KEY = "kiosk/enabled"
# The same store as the app's QSettings() once ensure_application has named the app.
ORG_NAME = APP_NAME = "Kaizen"


def _store() -> QSettings:
    # The default format, as QSettings() in the app uses (and the tests point at a folder).
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, ORG_NAME, APP_NAME)


def kiosk_enabled() -> bool:
    return bool(_store().value(KIOSK_KEY, False, bool))


def set_kiosk_enabled(enabled: bool) -> None:
    store = _store()
    store.setValue(KIOSK_KEY, enabled)
    store.sync()
