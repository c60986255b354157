"""Opening workspaces: URLs, SQLite settings, migrations, backups and bad files."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, text

from rapport.errors import StoreError
from rapport.store import (
    current_revision,
    head_revision,
    open_workspace,
    resolve_url,
    transaction,
    upgrade,
)
from rapport.store.engine import _alembic_config
from rapport.store.schema import metadata


def downgrade_to_base(engine: Engine) -> None:
    """Stand-in for a workspace written before the first revision's tables existed."""
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")


def sqlite_rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


def test_migrated_schema_matches_metadata(tmp_path: Path) -> None:
    for url in ("sqlite:///:memory:", str(tmp_path / "rapport.db")):
        engine = open_workspace(url)
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
        assert current_revision(engine) == head_revision() == "0004"
        engine.dispose()


def test_sqlite_settings_on_every_connection(tmp_path: Path) -> None:
    engine = open_workspace(tmp_path / "rapport.db")
    with engine.connect() as first, engine.connect() as second:
        for conn in (first, second):
            pragmas = {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "busy_timeout", "foreign_keys", "synchronous")
            }
            assert pragmas == {
                "journal_mode": "wal",
                "busy_timeout": 30000,
                "foreign_keys": 1,
                "synchronous": 1,  # NORMAL
            }
    engine.dispose()


def test_url_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RAPPORT_DB", raising=False)
    assert resolve_url().database == str(tmp_path / "rapport.db")
    assert resolve_url("sub/w.db").database == str(tmp_path / "sub" / "w.db")
    assert resolve_url("sqlite:///rel.db").database == str(tmp_path / "rel.db")
    monkeypatch.setenv("RAPPORT_DB", "sqlite:///from-env.db")
    assert resolve_url().database == str(tmp_path / "from-env.db")
    assert resolve_url("explicit.db").database == str(tmp_path / "explicit.db")
    url = resolve_url("postgresql+psycopg://rapport:secret@db.example/rapport")
    assert (url.get_backend_name(), url.database) == ("postgresql", "rapport")
    assert resolve_url(":memory:").database == ":memory:"


def test_default_workspace_is_created_in_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RAPPORT_DB", raising=False)
    open_workspace().dispose()
    assert sqlite_rows(tmp_path / "rapport.db", "SELECT version_num FROM alembic_version") == [
        ("0004",)
    ]


def test_reopening_a_current_workspace_changes_nothing(
    tmp_path: Path, make_encounter: Any, table_dump: Any
) -> None:
    path = tmp_path / "rapport.db"
    engine = open_workspace(path)
    from rapport.store import content_hash, import_encounters

    with transaction(engine) as conn:
        import_encounters(conn, [make_encounter("a")], content_hash=content_hash(b"a"), path="a")
    before = table_dump(engine)
    engine.dispose()  # checkpoints the WAL into the file
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    engine = open_workspace(path)
    assert table_dump(engine) == before
    engine.dispose()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.db"]


def test_older_local_workspace_is_backed_up_then_migrated(tmp_path: Path) -> None:
    path = tmp_path / "rapport.db"
    engine = open_workspace(path)
    downgrade_to_base(engine)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE notes (body TEXT)"))
        conn.execute(text("INSERT INTO notes VALUES ('written by an older Rapport')"))
    engine.dispose()
    (tmp_path / "rapport.db.bak-base").write_bytes(b"an earlier backup, kept as it is")

    engine = open_workspace(path)
    assert current_revision(engine) == head_revision()
    engine.dispose()

    assert (tmp_path / "rapport.db.bak-base").read_bytes() == b"an earlier backup, kept as it is"
    backup = tmp_path / "rapport.db.bak-base-2"
    assert sqlite_rows(backup, "SELECT body FROM notes") == [("written by an older Rapport",)]
    tables = {row[0] for row in sqlite_rows(backup, "SELECT name FROM sqlite_master")}
    assert "encounters" not in tables
    assert sqlite_rows(path, "SELECT body FROM notes") == [("written by an older Rapport",)]
    # Now current: opening again makes no new backup.
    open_workspace(path).dispose()
    assert len(list(tmp_path.glob("rapport.db.bak-*"))) == 2


def test_shared_database_is_not_migrated_automatically(tmp_path: Path) -> None:
    # A URI filename stands in for a server database here: Rapport cannot back it up, so
    # it must refuse to migrate it on open, and ``upgrade`` must do it when asked.
    url = f"sqlite:///file:{tmp_path / 'shared.db'}?uri=true"
    engine = open_workspace(url)
    downgrade_to_base(engine)
    engine.dispose()
    with pytest.raises(StoreError, match="run `rapport db upgrade`"):
        open_workspace(url)
    engine = open_workspace(url, migrate=False)
    assert current_revision(engine) is None
    engine.dispose()
    migration = upgrade(url)  # what `rapport db upgrade` runs
    assert (migration.from_revision, migration.to_revision, migration.backup) == (
        None,
        "0004",
        None,
    )
    engine = open_workspace(url)
    assert current_revision(engine) == "0004"
    assert upgrade(engine).backup is None  # already current: nothing to do
    engine.dispose()


def test_newer_workspace_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rapport.db"
    open_workspace(path).dispose()
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="newer Rapport"):
        open_workspace(path)
    assert not list(tmp_path.glob("*.bak-*"))


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("Dr Lee: hello\n")
    with pytest.raises(StoreError) as caught:
        open_workspace(path)
    assert str(caught.value) == f"{path} is not a Rapport workspace: it is not an SQLite database"
    assert path.read_text() == "Dr Lee: hello\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_someone_elses_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER)")
    with pytest.raises(StoreError, match="not a Rapport workspace"):
        open_workspace(path)
    tables = {row[0] for row in sqlite_rows(path, "SELECT name FROM sqlite_master")}
    assert tables == {"photos"}


def test_bad_locations(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_workspace(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        open_workspace(tmp_path / "missing" / "rapport.db")
    with pytest.raises(StoreError, match="not a database URL"):
        open_workspace("sqlite://:bad:url::")
    with pytest.raises(StoreError, match="cannot use database nosuch://"):
        open_workspace("nosuch://host/db")


def test_empty_file_becomes_a_workspace(tmp_path: Path) -> None:
    path = tmp_path / "rapport.db"
    path.touch()
    engine = open_workspace(path)
    assert current_revision(engine) == head_revision()
    engine.dispose()
    assert not list(tmp_path.glob("*.bak-*"))
