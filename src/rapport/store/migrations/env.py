"""Alembic environment for the Rapport workspace.

Rapport itself calls ``rapport.store.engine.upgrade``, which hands over an open connection
in ``config.attributes["connection"]``; the migration then runs inside the caller's
transaction and nothing here reads the current directory or configures logging. The
branch without a connection serves developers running the ``alembic`` command.
"""

from __future__ import annotations

import os
from logging.config import fileConfig
from typing import Any, Literal

from alembic import context
from sqlalchemy import Connection, create_engine

from rapport.store.schema import UTCDateTime, metadata

config = context.config


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    # Keep revisions free of imports from rapport: a revision must describe the schema as
    # it was, even after the code it came from has changed.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=True,
        compare_type=True,
        render_item=_render_item,
    )


def run_with_connection(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()


def run_from_command_line() -> None:
    if config.config_file_name is not None:
        fileConfig(config.config_file_name)
    url = config.get_main_option("sqlalchemy.url") or os.environ.get("RAPPORT_DB")
    if not url:
        raise SystemExit("set RAPPORT_DB to the workspace URL, e.g. sqlite:///dev.db")
    if context.is_offline_mode():
        # ``alembic upgrade head --sql`` writes the DDL for a DBA to review and run.
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            run_with_connection(connection)
    finally:
        engine.dispose()


_connection = config.attributes.get("connection")
if _connection is not None:
    run_with_connection(_connection)
else:
    run_from_command_line()
