"""Typed errors the services raise; the UI turns each into a message next to the right field."""

from __future__ import annotations

from kaizen.i18n import QT_TRANSLATE_NOOP, translate


class KaizenError(Exception):
    """Base of every error a user may be shown."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(KaizenError):
    """Input was refused; ``field`` names the form field at fault (None for the whole form)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class PermissionDenied(KaizenError):
    """The person working may not do this, whatever the UI showed."""


class NotFound(KaizenError):
    """The record asked for does not exist (or no longer does)."""


class Conflict(KaizenError):
    """Someone else changed the record first, or the move breaks a rule of the workflow."""


class Unavailable(KaizenError):
    """The database server could not be reached (it went away, or refused the connection).

    Nothing of the unit of work was saved; trying again once the server is back is safe.
    """

    DEFAULT = QT_TRANSLATE_NOOP("domain.errors",
                                "Cannot reach the database server: nothing was saved.")
    # The server went away while the save was being committed: it may or may not have been kept.
    AT_COMMIT = QT_TRANSLATE_NOOP(
        "domain.errors",
        "The database server went away while saving: the change may or may not have "
        "been kept. Reload to check before saving again.")

    def __init__(self, message: str = DEFAULT, *, during_commit: bool = False) -> None:
        # The marked constants are translated here, when raised (the language is known by then).
        super().__init__(translate("domain.errors", text=message))
        self.during_commit = during_commit


class DiskFull(KaizenError):
    """The disk (or the user's quota, or the database server's disk) is full.

    Raised in place of the driver's "database or disk is full" and of OSError ENOSPC, so every
    screen and the command line say the same words; nothing of the unit of work was saved.
    """

    DEFAULT = QT_TRANSLATE_NOOP(
        "domain.errors", "The disk is full: nothing was saved. Free some space, then try again.")

    def __init__(self, message: str = DEFAULT) -> None:
        super().__init__(translate("domain.errors", text=message))
