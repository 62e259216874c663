"""Stored file references: the one place that turns a database's ``sha256`` into a path.

A photo's bytes live at ``<attachments>/<sha[:2]>/<sha>.<ext>``. The ``sha256`` comes from a
database row, and a database can be crafted (``kaizen db copy --from`` takes any file), so a
reference is used only when it is exactly 64 lowercase hex digits and the extension a short
run of lowercase letters and digits; the resolved path must also stay inside the folder (a
symlink swapped in cannot lead out). Every reader, copier and deleter of attachment files goes
through :func:`stored_path`.
"""

from __future__ import annotations

import re
from pathlib import Path

from kaizen.domain.errors import NotFound
from kaizen.i18n import translate

_FILE_REF = re.compile(r"[0-9a-f]{64}")
_EXTENSION = re.compile(r"[a-z0-9]{1,8}")


class BadFileReference(NotFound):
    """A stored file reference that must not touch the disk (not a SHA-256, or leads out)."""


def is_file_ref(value: object) -> bool:
    """True for exactly 64 lowercase hexadecimal digits (a SHA-256 as Kaizen stores it)."""
    return isinstance(value, str) and _FILE_REF.fullmatch(value) is not None


def shown(value: object) -> str:
    """A reference for a message: its repr, cut short (it may be anything)."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def stored_path(root: Path, sha256: object, extension: object) -> Path:
    """Where the file of ``sha256`` with ``extension`` lives under ``root``; BadFileReference
    for a reference that is not a SHA-256 or a path that would leave ``root``."""
    if not is_file_ref(sha256):
        raise BadFileReference(
            translate(
                "domain.file_refs",
                "The stored file reference {shown} is damaged (not 64 lowercase hex digits); no "
                "file was read for it.").format(shown=shown(sha256)))
    if not isinstance(extension, str) or _EXTENSION.fullmatch(extension) is None:
        raise BadFileReference(translate(
            "domain.file_refs",
            "The stored file type {shown} is damaged; no file was read for it.").format(
                shown=shown(extension)))
    assert isinstance(sha256, str)
    try:
        base = root.resolve()
        path = (base / sha256[:2] / f"{sha256}.{extension}").resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop (RuntimeError before Python 3.13)
        raise BadFileReference(translate(
            "domain.file_refs", "The file of {sha256}... cannot be looked up ({exc}).").format(
                sha256=sha256[:12], exc=exc)) \
            from None
    if not path.is_relative_to(base):
        raise BadFileReference(translate(
            "domain.file_refs",
            "The file of {sha256}... leads outside the attachments folder; it was not "
            "used.").format(sha256=sha256[:12]))
    return path
