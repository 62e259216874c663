"""Site settings: the one row of values every screen prices and colours with (issue 22's
language among them), read with defaults for anything missing and checked field by field.

Split out of :mod:`kaizen.services.people`, whose service changes them; the messages keep that
module's translation context ("services.people") so the catalogue is unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kaizen.db.models import Setting
from kaizen.domain.errors import Conflict, ValidationError
from kaizen.i18n import translate
from kaizen.services.base import check_number, clean_line
from kaizen.services.conflicts import changed_by

# The audit trail's entity id for the settings (there is one set of them).
SETTINGS_ENTITY_ID = 0
MAX_HOURLY_RATE = 1_000_000.0


@dataclass(frozen=True, slots=True)
class SiteSettings:
    site_name: str = ""
    currency: str = "EUR"
    default_hourly_rate: float = 30.0
    stale_after_days: int = 30
    ageing_after_days: int = 14
    # Control-chart rules for metrics without their own choice (issue 17).
    spc_rule_set: str = "western_electric"
    # Supervisors and admins are signed out after this many idle minutes on a shared PC
    # (issue 16); 0 keeps them signed in.
    idle_signout_minutes: int = 15
    # Savings are validated by a second person (issue 16); a one-person site may allow the one
    # who entered them to validate them too. Changing it is audited like every setting.
    savings_one_person: bool = False
    # The recognition section ("thank you") of the monthly report and its view (issue 22).
    recognition: bool = True
    # The language of the app, its reports and its messages (issue 22): a kaizen.i18n code.
    language: str = "en"
    # The sum of the settings rows' versions: grows with every change (see Setting.version).
    version: int = field(default=0, compare=False)


_DEFAULTS = SiteSettings()
_SETTING_TYPES: dict[str, type] = {
    "site_name": str,
    "currency": str,
    "default_hourly_rate": float,
    "stale_after_days": int,
    "ageing_after_days": int,
    "spc_rule_set": str,
    "idle_signout_minutes": int,
    "savings_one_person": bool,
    "recognition": bool,
    "language": str,
}


def _parse_setting(kind: type, raw: str) -> Any:
    """A stored text back to its type; bool("False") would be True, so booleans are spelled."""
    if kind is bool:
        if raw in ("True", "true", "1"):
            return True
        if raw in ("False", "false", "0"):
            return False
        raise ValueError(raw)
    return kind(raw)


# --- shared helpers (observations.py prices lost minutes with these) ---------------------------


def load_settings(session: Session) -> SiteSettings:
    """The site settings, with the default for any key missing or unreadable."""
    rows = list(session.scalars(select(Setting)))
    stored = {row.key: row.value for row in rows}
    values: dict[str, Any] = {"version": sum(row.version for row in rows)}
    for key, kind in _SETTING_TYPES.items():
        raw = stored.get(key)
        if raw is None:
            continue
        try:
            values[key] = _parse_setting(kind, raw)
        except ValueError:
            # A hand-edited or damaged value must not stop the app from starting.
            continue
    return SiteSettings(**values)


def _check_settings_version(session: Session, expected: int | None,
                            current: SiteSettings) -> None:
    if expected is not None and expected != current.version:
        raise Conflict(
            translate(
                "services.people",
                "Someone else changed the site settings while you were "
                "editing them ({changed_by}your copy is version {expected}, "
                "the saved one is version {version}). Reload them and make "
                "your change again.",
            ).format(
                changed_by=changed_by(session, "settings", SETTINGS_ENTITY_ID),
                expected=expected,
                version=current.version,
            )
        )


_CURRENCY = re.compile(r"[A-Z]{3}")


def _check_days(value: Any, field: str, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            translate("services.people", "{label} must be a whole number of days.").format(
                label=label
            ),
            field=field,
        )
    if not 1 <= value <= 3650:
        raise ValidationError(
            translate("services.people", "{label} must be between 1 and 3,650 days.").format(
                label=label
            ),
            field=field,
        )
    return value


MAX_IDLE_MINUTES = 720


def _check_idle_minutes(value: Any) -> int:
    """0 (never) or 1 to 720 minutes (a 12-hour shift)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            translate("services.people", "The idle time is a whole number of minutes."),
            field="idle_signout_minutes",
        )
    if not 0 <= value <= MAX_IDLE_MINUTES:
        raise ValidationError(
            translate(
                "services.people",
                "Sign out after 1 to {max_idle_minutes} idle minutes, or 0 for never.",
            ).format(max_idle_minutes=MAX_IDLE_MINUTES),
            field="idle_signout_minutes",
        )
    return value


def _check_settings(current: SiteSettings, fields: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "site_name":
            values[key] = clean_line(value, key, translate("services.people", "Site name"))
        elif key == "currency":
            code = (value or "").strip().upper() if isinstance(value, str) else ""
            if not _CURRENCY.fullmatch(code):
                raise ValidationError(
                    translate("services.people", "A currency is a three-letter code such as EUR."),
                    field=key,
                )
            values[key] = code
        elif key == "default_hourly_rate":
            values[key] = check_number(
                value,
                key,
                translate("services.people", "Default hourly rate"),
                maximum=MAX_HOURLY_RATE,
            )
        elif key == "stale_after_days":
            values[key] = _check_days(value, key, translate("services.people", "Stale after"))
        elif key == "ageing_after_days":
            values[key] = _check_days(value, key, translate("services.people", "Ageing after"))
        elif key == "idle_signout_minutes":
            values[key] = _check_idle_minutes(value)
        elif key == "spc_rule_set":
            from kaizen.domain.spc_rules import RULE_SETS

            if value not in RULE_SETS:
                raise ValidationError(
                    translate("services.people", "Pick Western Electric or Nelson rules."),
                    field=key,
                )
            values[key] = value
        elif key == "language":
            from kaizen.i18n import LANGUAGES

            if value not in LANGUAGES:
                raise ValidationError(
                    translate("services.people", "Pick one of the languages in the list."),
                    field=key,
                )
            values[key] = value
        elif key in ("savings_one_person", "recognition"):
            if not isinstance(value, bool):
                raise ValidationError(
                    translate("services.people", "Tick the box or leave it clear (yes or no)."),
                    field=key,
                )
            values[key] = value
        else:
            raise ValidationError(
                translate("services.people", "There is no setting called {key!r}.").format(key=key),
                field=key,
            )
    ageing = values.get("ageing_after_days", current.ageing_after_days)
    stale = values.get("stale_after_days", current.stale_after_days)
    if ageing > stale:
        field = "ageing_after_days" if "ageing_after_days" in values else "stale_after_days"
        raise ValidationError(
            translate(
                "services.people",
                "Work turns stale after {stale} days, so it must start ageing no later than that.",
            ).format(stale=stale),
            field=field,
        )
    return values
