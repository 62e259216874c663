"""Counting the transactions a service read opens (issue 15: one read per screen is one
transaction, so everything a screen shows is from the same moment)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from kaizen.db.engine import Database


@contextmanager
def transactions(db: Database) -> Iterator[list[int]]:
    """A list that gains a 1 for each transaction begun on ``db`` inside the block."""
    begun: list[int] = []

    def on_begin(_connection: Any) -> None:
        begun.append(1)

    event.listen(db.engine, "begin", on_begin)
    try:
        yield begun
    finally:
        event.remove(db.engine, "begin", on_begin)
