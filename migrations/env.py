"""Alembic environment: runs on a connection handed in by kaizen.db.migrate, in batch mode."""

from __future__ import annotations

from alembic import context

from kaizen.config import resolve_paths
from kaizen.db.engine import make_engine
from kaizen.db.models import Base
from kaizen.db.search import is_unmapped_schema_name

config = context.config
target_metadata = Base.metadata


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    # The search tables and the dialect-specific indexes are made by hand in the migrations and
    # are not in Base.metadata; autogenerate must neither drop nor compare them.
    return not is_unmapped_schema_name(name, type_)


def _configure(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=include_name,
        render_as_batch=True,
        compare_type=True,
        transaction_per_migration=False,
    )


def run_migrations_offline() -> None:
    url = config.get_main_option("sqlalchemy.url") or resolve_paths().db_url
    context.configure(
        url=url,
        target_metadata=target_metadata,
        include_name=include_name,
        render_as_batch=True,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url") or resolve_paths().db_url
    engine = make_engine(url)
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
