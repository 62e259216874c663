"""Typed errors the services raise; the UI turns each into a message next to the right field."""

from __future__ import annotations


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
