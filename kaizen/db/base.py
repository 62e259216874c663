"""Declarative base with a naming convention, so Alembic batch mode can name every constraint;
portable enum columns and partial indexes."""

from __future__ import annotations

import enum
import sys
import threading

from sqlalchemy import Enum, Index, MetaData, text
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def str_enum(enum_type: type[enum.Enum], name: str) -> Enum:
    """A portable enum column: stored as its string value, guarded by a CHECK constraint."""
    return Enum(
        enum_type,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(str(m.value)) for m in enum_type),
        values_callable=lambda members: [str(m.value) for m in members],
        validate_strings=True,
    )


# Partial indexes and their condition. SQLite's condition is given where the index is declared
# (SQLAlchemy's SQLite dialect is loaded by every SQLite start anyway); PostgreSQL's is added
# when a PostgreSQL database is opened (or at once, when that dialect is already loaded): naming
# ``postgresql_where`` in the declaration made SQLAlchemy import its whole PostgreSQL dialect to
# check the keyword, about 50 ms of CPU on every SQLite start (issue 21). The migrations create
# the real indexes; the models carry the conditions for Alembic and ``create_all``.
_PARTIAL_INDEXES: list[tuple[Index, str]] = []
_PARTIAL_LOCK = threading.Lock()
_POSTGRESQL_DIALECT = "sqlalchemy.dialects.postgresql"


def partial_index(name: str, *columns: str, where: str, unique: bool = False) -> Index:
    """An index over the rows matching ``where`` (SQL text), on SQLite and on PostgreSQL."""
    index = Index(name, *columns, unique=unique, sqlite_where=text(where))
    with _PARTIAL_LOCK:
        _PARTIAL_INDEXES.append((index, where))
    if _POSTGRESQL_DIALECT in sys.modules:
        add_postgresql_conditions()
    return index


def add_postgresql_conditions() -> None:
    """Give every partial index its PostgreSQL condition (``postgresql_where``); called when a
    PostgreSQL database is opened. Idempotent."""
    with _PARTIAL_LOCK:
        for index, where in _PARTIAL_INDEXES:
            if index.dialect_options["postgresql"]["where"] is None:
                index.dialect_kwargs["postgresql_where"] = text(where)
