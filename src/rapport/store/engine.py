"""Opening a workspace: where it is, how SQLite is set up, migrations, and who commits.

``transaction`` is the one place in Rapport that commits. Repository functions take a
``Connection`` and never commit, so a caller decides what is all-or-nothing (a CLI import
is one transaction per file).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Connection, Engine, create_engine, event, inspect, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from rapport.errors import StoreError

DEFAULT_URL = "sqlite:///rapport.db"
ENV_VAR = "RAPPORT_DB"

_ALEMBIC_INI = Path(__file__).with_name("alembic.ini")
_SQLITE_HEADER = b"SQLite format 3\x00"
_VERSION_TABLE = "alembic_version"
# Execution option read by the ``begin`` listeners: writers take the workspace's write lock
# up front. On SQLite that is BEGIN IMMEDIATE, so busy_timeout applies (a deferred
# transaction that later tries to write can fail at once with "database is locked"
# instead of waiting). On PostgreSQL it is a transaction-scoped advisory lock per
# workspace (database and schema), so writers queue as they do on SQLite and a
# read-then-write inside ``transaction`` cannot lose an update to another process.
_BEGIN_OPTION = "rapport_sqlite_begin"
_POSTGRES_WRITE_LOCK = "SELECT pg_advisory_xact_lock(hashtext('rapport:' || current_schema()))"


@dataclass(frozen=True, slots=True)
class Migration:
    """What ``upgrade`` did: revisions before and after, and the backup it made, if any."""

    from_revision: str | None
    to_revision: str
    backup: Path | None


@dataclass(frozen=True, slots=True)
class _State:
    revision: str | None
    tables: frozenset[str]


def resolve_url(url: str | os.PathLike[str] | None = None) -> URL:
    """The workspace URL: ``url``, else ``$RAPPORT_DB``, else ``rapport.db`` in the cwd.

    A value without ``://`` is a path to an SQLite file. Relative SQLite paths are made
    absolute now, so a later change of directory cannot switch workspaces.
    """
    raw: str | os.PathLike[str] = (
        url if url is not None else (os.environ.get(ENV_VAR) or DEFAULT_URL)
    )
    if isinstance(raw, os.PathLike) or "://" not in raw:
        text = os.fspath(raw)
        if text in {"", ":memory:"}:
            return URL.create("sqlite", database=":memory:")
        return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))
    try:
        parsed = make_url(raw)
    except (ArgumentError, ValueError):
        raise StoreError(f"{raw!r} is not a database URL or a file path") from None
    if _sqlite_file(parsed) is not None and parsed.database is not None:
        parsed = parsed.set(database=str(Path(parsed.database).expanduser().resolve()))
    return parsed


def open_workspace(url: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> Engine:
    """Open (creating if needed) the workspace database and bring its schema to head.

    A local SQLite file at an older revision is copied to ``<file>.bak-<revision>`` first.
    Any other database is only migrated by an explicit ``upgrade`` (``rapport db
    upgrade``), because it may be shared. ``migrate=False`` opens without touching the
    schema, for that command.
    """
    resolved = resolve_url(url)
    path = _sqlite_file(resolved)
    if path is not None:
        _check_sqlite_file(path)
    engine = _create_engine(resolved)
    try:
        if migrate:
            _migrate_on_open(engine, path)
    except BaseException:
        engine.dispose()
        raise
    return engine


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """Run a block in one transaction: commit if it ends normally, roll back if it raises."""
    with engine.connect() as conn:
        conn.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        with conn.begin():
            yield conn


def upgrade(workspace: Engine | str | os.PathLike[str] | None = None) -> Migration:
    """Migrate a workspace (an engine, or a URL/path as for ``open_workspace``) to head.

    A local SQLite file is backed up first; this is what ``rapport db upgrade`` runs.
    """
    if not isinstance(workspace, Engine):
        engine = open_workspace(workspace, migrate=False)
        try:
            return upgrade(engine)
        finally:
            engine.dispose()
    engine = workspace
    state = _read_state(engine)
    _check_is_workspace(engine, state)
    head = head_revision()
    if state.revision == head:
        return Migration(state.revision, head, None)
    path = _sqlite_file(engine.url)
    backup = _backup(path, state.revision) if path is not None and state.tables else None
    _run_upgrade(engine)
    return Migration(state.revision, head, backup)


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at (``None`` for an empty database)."""
    return _read_state(engine).revision


@cache
def head_revision() -> str:
    """The schema revision this version of Rapport writes."""
    head = _script_directory().get_current_head()
    assert head is not None, "the migrations folder has no revisions"
    return head


def _alembic_config() -> Config:
    # Built from the packaged ini, never from the user's cwd.
    return Config(str(_ALEMBIC_INI))


@cache
def _script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(_alembic_config())


def _known_revisions() -> set[str]:
    return {script.revision for script in _script_directory().walk_revisions()}


def _sqlite_file(url: URL) -> Path | None:
    """The file behind an SQLite URL; ``None`` for memory, URI filenames or other backends."""
    if url.get_backend_name() != "sqlite" or url.query.get("uri"):
        return None
    if url.database in {None, "", ":memory:"}:
        return None
    return Path(str(url.database))


def _describe(url: URL) -> str:
    path = _sqlite_file(url)
    return str(path) if path is not None else url.render_as_string(hide_password=True)


def _check_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"{path} is a folder; give a workspace file such as {path / 'rapport.db'}")
    if not path.parent.is_dir():
        raise StoreError(f"cannot create workspace {path}: folder {path.parent} does not exist")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"cannot read workspace {path}: {exc.strerror}") from None
    # An empty file is what some tools leave behind when "creating" a database: fine.
    if header and header != _SQLITE_HEADER:
        raise StoreError(f"{path} is not a Rapport workspace: it is not an SQLite database")


def _create_engine(url: URL) -> Engine:
    kwargs: dict[str, Any] = {}
    is_sqlite = url.get_backend_name() == "sqlite"
    memory = is_sqlite and _sqlite_file(url) is None and not url.query.get("uri")
    if memory:
        # One shared connection, or every new connection would see an empty database.
        kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    elif not is_sqlite:
        kwargs = {"pool_pre_ping": True}
    try:
        engine = create_engine(url, **kwargs)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        hint = " (install rapport[postgres])" if url.get_backend_name() == "postgresql" else ""
        raise StoreError(f"cannot use database {_describe(url)}: {exc}{hint}") from None
    if is_sqlite:
        wal = not memory

        def on_connect(dbapi_connection: Any, _record: Any) -> None:
            _configure_sqlite(dbapi_connection, wal=wal)

        event.listen(engine, "connect", on_connect)
        event.listen(engine, "begin", _begin_sqlite)
    elif url.get_backend_name() == "postgresql":
        event.listen(engine, "begin", _begin_postgres)
    return engine


def _configure_sqlite(dbapi_connection: Any, *, wal: bool) -> None:
    # Take transaction control away from the sqlite3 module (SQLAlchemy's documented
    # recipe): it would otherwise start transactions only before INSERT/UPDATE, so reads
    # and DDL would run outside them. ``_begin_sqlite`` emits BEGIN instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA busy_timeout = 30000")
        if wal:
            cursor.execute("PRAGMA journal_mode = WAL")
        # NORMAL is durable across application crashes in WAL mode; only a power cut can
        # lose the last commits, never corrupt the file.
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        # Workspaces are files people pass around: don't let a crafted schema run
        # functions with side effects from views or triggers.
        cursor.execute("PRAGMA trusted_schema = OFF")
    finally:
        cursor.close()


def _begin_sqlite(conn: Connection) -> None:
    mode = conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
    if mode not in {"DEFERRED", "IMMEDIATE"}:
        raise ValueError(f"unknown SQLite transaction mode {mode!r}")
    conn.exec_driver_sql(f"BEGIN {mode}")


def _begin_postgres(conn: Connection) -> None:
    if conn.get_execution_options().get(_BEGIN_OPTION) == "IMMEDIATE":
        conn.exec_driver_sql(_POSTGRES_WRITE_LOCK)


def _read_state(engine: Engine) -> _State:
    try:
        with engine.connect() as conn:
            tables = frozenset(inspect(conn).get_table_names())
            revision = MigrationContext.configure(conn).get_current_revision()
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise StoreError(f"cannot open workspace {_describe(engine.url)}: {reason}") from None
    return _State(revision, tables)


def _check_is_workspace(engine: Engine, state: _State) -> None:
    where = _describe(engine.url)
    if state.revision is None and state.tables and _VERSION_TABLE not in state.tables:
        # Someone else's database: adding our tables to it would be a surprise.
        raise StoreError(f"{where} is a database but not a Rapport workspace")
    if state.revision is not None and state.revision not in _known_revisions():
        raise StoreError(
            f"workspace {where} was written by a newer Rapport (schema {state.revision}); "
            "upgrade Rapport to open it"
        )


def _migrate_on_open(engine: Engine, path: Path | None) -> None:
    state = _read_state(engine)
    _check_is_workspace(engine, state)
    if state.revision == head_revision():
        return
    if not state.tables or path is not None:
        # An empty database (any backend) is created at head; a local file is backed up.
        upgrade(engine)
        return
    raise StoreError(
        f"workspace {_describe(engine.url)} has schema {state.revision or 'base'} but this "
        f"Rapport needs {head_revision()}; back it up, then run `rapport db upgrade`"
    )


def _run_upgrade(engine: Engine) -> None:
    config = _alembic_config()
    with engine.connect() as conn:
        is_sqlite = conn.dialect.name == "sqlite"
        if is_sqlite:
            # SQLite's procedure for schema changes: with foreign keys on, the table
            # rebuilds of batch migrations would cascade-delete child rows. The pragma is
            # a no-op inside a transaction, so it goes to the driver before BEGIN.
            conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            conn.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                if is_sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise StoreError(
                            f"migration left {len(broken)} rows with broken references; "
                            "the workspace was not changed"
                        )
        finally:
            if is_sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]


def _backup(path: Path, revision: str | None) -> Path:
    """Copy the database with SQLite's backup API, which includes what is still in the WAL."""
    stem = f"{path.name}.bak-{revision or 'base'}"
    target = path.with_name(stem)
    counter = 2
    while target.exists():  # never overwrite an earlier backup
        target = path.with_name(f"{stem}-{counter}")
        counter += 1
    try:
        with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot back up {path} to {target}: {exc}") from None
    return target
