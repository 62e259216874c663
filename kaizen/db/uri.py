"""SQLite file names inside URLs and URIs, escaped: the one place such strings are built.

A data folder may be called ``/srv/kaizen/Line #3`` or ``Plant ?B``. In a SQLite ``file:`` URI
``?`` starts the parameters and ``#`` the fragment, so an unescaped ``file:/srv/kaizen/Line
#3/kaizen.db`` opens (or creates) ``/srv/kaizen/Line `` instead (issue 14: backups were empty
stray files reported as verified). In a SQLAlchemy ``sqlite:///`` URL ``?`` starts the query and
``%XX`` is decoded. Every ``file:`` URI and every SQLite URL made from a path goes through
:func:`file_uri` and :func:`sqlite_url`; a path is read back from a URL with
:func:`sqlite_url_path`. No SQLAlchemy import here: the start-up file check uses this module.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote

SQLITE_URL_PREFIX = "sqlite:///"


def file_uri(path: Path | str, *, mode: str | None = None) -> str:
    """``file:`` URI of ``path`` for ``sqlite3.connect(..., uri=True)``; ``mode``: ro, rw, rwc.

    Everything but ``/`` is percent-escaped in the path (SQLite decodes ``%XX`` in the path
    part), so ``#``, ``?`` and ``%`` in a folder name mean themselves.
    """
    uri = f"file:{quote(str(path), safe='/')}"
    return f"{uri}?mode={mode}" if mode else uri


def sqlite_url(path: Path | str) -> str:
    """The SQLAlchemy URL of a SQLite file. ``%``, ``?`` and ``#`` are escaped (SQLAlchemy
    decodes ``%XX`` in the database part and would cut the path at ``?``); other characters stay
    as they are, so the URL stays readable in messages."""
    escaped = str(path).replace("%", "%25").replace("?", "%3F").replace("#", "%23")
    return f"{SQLITE_URL_PREFIX}{escaped}"


def sqlite_url_path(url: str) -> Path | None:
    """The file a ``sqlite:///`` URL names (decoded as SQLAlchemy decodes it), or None for
    another database, an in-memory one, or a ``file:`` URI given as the database."""
    if not url.startswith(SQLITE_URL_PREFIX):
        return None
    rest = unquote(url[len(SQLITE_URL_PREFIX):].split("?", 1)[0])
    if not rest or rest.startswith(":memory:") or rest.startswith("file:"):
        return None
    return Path(rest)
