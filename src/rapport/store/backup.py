"""Consistent backups of a live workspace, and restoring them.

SQLite is copied with its online backup API: a snapshot of committed transactions only,
taken while other connections keep writing (WAL included). PostgreSQL is dumped with
``pg_dump`` in its custom format and restored with ``pg_restore``. A restore over an
existing SQLite workspace first keeps a copy of it, so a mistaken restore can be undone.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from rapport.errors import StoreError
from rapport.store.engine import _known_revisions, _sqlite_file, resolve_url


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    revision: str | None
    rows: dict[str, int]
    bytes: int


def _counts(connection: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names
    }


def _revision(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def backup(workspace: str | os.PathLike[str] | None, out: str | os.PathLike[str]) -> BackupResult:
    """Write a consistent snapshot of the workspace to ``out`` (never half-written: the copy
    is checked and then renamed into place)."""
    url = resolve_url(workspace)
    target = Path(out).expanduser().resolve()
    if target.exists():
        raise StoreError(f"{target} already exists; choose a new name for the backup")
    target.parent.mkdir(parents=True, exist_ok=True)
    source_path = _sqlite_file(url)
    if source_path is None:
        return _pg_dump(url, target)
    if not source_path.exists():
        raise StoreError(f"no workspace at {source_path}")
    partial = target.with_name(f".{target.name}.partial")
    try:
        with (
            closing(sqlite3.connect(source_path)) as source,
            closing(sqlite3.connect(partial)) as copy,
        ):
            source.backup(copy)
            check = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise StoreError(f"the backup of {source_path} failed its integrity check: {check}")
            rows, revision = _counts(copy), _revision(copy)
        partial.replace(target)
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise StoreError(f"cannot back up {source_path}: {error}") from None
    return BackupResult(target, revision, rows, target.stat().st_size)


def restore(
    backup_file: str | os.PathLike[str],
    workspace: str | os.PathLike[str] | None,
    *,
    force: bool = False,
) -> BackupResult:
    """Restore a backup into the workspace.

    An existing SQLite workspace holding data is only replaced with ``force``, and is then
    first copied to ``<file>.before-restore-<time>``.
    """
    source = Path(backup_file).expanduser().resolve()
    if not source.exists():
        raise StoreError(f"no backup at {source}")
    url = resolve_url(workspace)
    target = _sqlite_file(url)
    if target is None:
        return _pg_restore(source, url)
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as check:
            revision, rows = _revision(check), _counts(check)
    except sqlite3.Error as error:
        raise StoreError(f"{source} is not a Rapport backup ({error})") from None
    if revision is None or revision not in _known_revisions():
        raise StoreError(f"{source} is not a Rapport workspace backup this version can read")
    if target.exists() and target.stat().st_size > 0:
        with closing(sqlite3.connect(target)) as current:
            if any(current_rows for current_rows in _counts(current).values()) and not force:
                raise StoreError(
                    f"{target} already holds data; pass --force to replace it "
                    "(a copy of it is kept first)"
                )
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        keep = target.with_name(f"{target.name}.before-restore-{stamp}")
        with closing(sqlite3.connect(target)) as current, closing(sqlite3.connect(keep)) as copy:
            current.backup(copy)
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as snapshot, closing(sqlite3.connect(target)) as live:
        snapshot.backup(live)
    return BackupResult(target, revision, rows, target.stat().st_size)


def _pg_arguments(url: URL) -> tuple[list[str], dict[str, str]]:
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    arguments = ["--dbname", url.database or ""]
    if url.host:
        arguments += ["--host", url.host]
    if url.port:
        arguments += ["--port", str(url.port)]
    if url.username:
        arguments += ["--username", url.username]
    return arguments, environment


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise StoreError(
            f"{name} is needed to back up or restore PostgreSQL; install postgresql-client"
        )
    return found


def _pg_dump(url: URL, target: Path) -> BackupResult:
    arguments, environment = _pg_arguments(url)
    partial = target.with_name(f".{target.name}.partial")
    done = subprocess.run(
        [_tool("pg_dump"), "--format=custom", "--file", str(partial), *arguments],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        raise StoreError(f"pg_dump failed: {done.stderr.strip().splitlines()[-1:]}")
    partial.replace(target)
    return BackupResult(target, None, {}, target.stat().st_size)


def _pg_restore(source: Path, url: URL) -> BackupResult:
    arguments, environment = _pg_arguments(url)
    done = subprocess.run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--single-transaction",
            *arguments,
            str(source),
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise StoreError(f"pg_restore failed: {done.stderr.strip().splitlines()[-1:]}")
    return BackupResult(source, None, {}, source.stat().st_size)
