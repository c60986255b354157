"""The workspace on PostgreSQL: migrations, explicit upgrades, pg_dump backups, the write
lock, and the pipeline end to end on every backend.

Tests taking ``postgres_url`` are skipped unless RAPPORT_TEST_DB names a PostgreSQL server
(``.ci/run`` starts one); those taking ``workspace_url`` run on SQLite always and on
PostgreSQL too when it is set.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from rapport import pipeline, store
from rapport.cli import app
from rapport.errors import StoreError
from rapport.model import Encounter
from rapport.store.engine import _alembic_config, _create_engine
from rapport.store.schema import metadata

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
runner = CliRunner()


def _store(engine: Engine, encounter: Encounter) -> None:
    with store.transaction(engine) as conn:
        store.import_encounters(
            conn, [encounter], content_hash=store.content_hash(encounter.id.encode()), path="x"
        )


def test_migrated_postgres_schema_matches_metadata(postgres_url: str) -> None:
    engine = store.open_workspace(postgres_url)
    try:
        with engine.connect() as conn:
            assert conn.dialect.name == "postgresql"
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
            assert store.current_revision(engine) == store.head_revision()
    finally:
        engine.dispose()


def test_shared_postgres_is_migrated_only_by_db_upgrade(
    postgres_url: str, make_encounter: Any, table_dump: Any, tmp_path: Path
) -> None:
    # A workspace written by an older Rapport (schema 0003) that holds data.
    raw = _create_engine(store.resolve_url(postgres_url))
    config = _alembic_config()
    with raw.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0003")
    with raw.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO imports VALUES ('h', 'old.json', now(), 1, 0); "
                "INSERT INTO encounters (id, setting, metadata, content_hash, imported_at) "
                "VALUES ('old', 'clinic', '{\"site\": \"Memphis\"}', 'h', now())"
            )
        )
    raw.dispose()
    with pytest.raises(StoreError, match=r"has schema 0003 .* run `rapport db upgrade`"):
        store.open_workspace(postgres_url)
    result = runner.invoke(app, ["db", "upgrade", "--db", postgres_url])
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stdout.split())  # rich wraps long lines
    assert f"migrated from 0003 to {store.head_revision()}" in said
    assert "backup" not in said, "no file copy for a server database"
    engine = store.open_workspace(postgres_url)
    try:
        with engine.connect() as conn:
            assert store.get_encounter(conn, "old").metadata == {"site": "Memphis"}
        _store(engine, make_encounter("new", 3))
        before = table_dump(engine)
    finally:
        engine.dispose()
    again = runner.invoke(app, ["db", "upgrade", "--db", postgres_url])
    assert again.exit_code == 0 and "up to date" in " ".join(again.stdout.split())
    engine = store.open_workspace(postgres_url)
    assert table_dump(engine) == before
    engine.dispose()


def test_pg_dump_backup_and_pg_restore(
    postgres_url: str, make_encounter: Any, table_dump: Any, tmp_path: Path
) -> None:
    engine = store.open_workspace(postgres_url)
    try:
        _store(engine, make_encounter("a", 5))
        snapshot = table_dump(engine)
        done = runner.invoke(app, ["backup", str(tmp_path / "w.dump"), "--db", postgres_url])
        assert done.exit_code == 0, done.stderr
        assert (tmp_path / "w.dump").stat().st_size > 0
        _store(engine, make_encounter("b", 2))
        assert table_dump(engine) != snapshot
    finally:
        engine.dispose()
    done = runner.invoke(app, ["restore", str(tmp_path / "w.dump"), "--db", postgres_url])
    assert done.exit_code == 0, done.stderr
    engine = store.open_workspace(postgres_url)
    try:
        assert table_dump(engine) == snapshot
        _store(engine, make_encounter("c", 2))  # the restored sequences and triggers work
        with pytest.raises(DBAPIError, match="append-only"), store.transaction(engine) as conn:
            store.audit.record(conn, actor="x", action="test")
            conn.execute(text("DELETE FROM audit_log"))
    finally:
        engine.dispose()


def test_postgres_writers_queue_like_sqlite(postgres_url: str, make_encounter: Any) -> None:
    """``transaction`` takes the workspace's write lock on PostgreSQL too: a second writer
    waits for the first to commit, so a read-then-write cannot lose an update."""
    engine = store.open_workspace(postgres_url)
    holding, release = threading.Event(), threading.Event()
    order: list[str] = []

    def first() -> None:
        with store.transaction(engine) as conn:
            store.import_encounters(conn, [make_encounter("a", 2)], content_hash="a", path="a")
            holding.set()
            release.wait(10)
            order.append("first commits")

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert holding.wait(10)
        timer = threading.Timer(0.5, release.set)
        timer.start()
        started = time.monotonic()
        with store.transaction(engine) as conn:
            order.append("second writes")
            # It sees what the first wrote: it ran after the first committed.
            assert [s.id for s in store.list_encounters(conn)] == ["a"]
        assert time.monotonic() - started >= 0.4
        # Readers never wait for the lock.
        release.clear()
    finally:
        release.set()
        thread.join()
        engine.dispose()
    assert order == ["first commits", "second writes"]


def test_pipeline_on_every_backend(workspace_url: str, tmp_path: Path, table_dump: Any) -> None:
    """The main job (import, code, store codings, report) on SQLite and PostgreSQL."""
    engine = store.open_workspace(workspace_url)
    try:
        first = pipeline.analyze(
            engine,
            [EXAMPLES],
            report_path=tmp_path / "report.html",
            codebook="kaye2021",
            model="cues",
            encounter_reports=False,
        )
        assert len(first.encounters) == 8 and first.new_codings > 0
        assert (tmp_path / "report.html").stat().st_size > 0
        with engine.connect() as conn:
            summaries = store.list_encounters(conn)
        assert len(summaries) == 8 and all(s.n_codings > 0 for s in summaries)
        before = table_dump(engine)
        again = pipeline.analyze(
            engine,
            [EXAMPLES],
            report_path=tmp_path / "again.html",
            codebook="kaye2021",
            model="cues",
            encounter_reports=False,
        )
        assert {o.status for o in again.imports} == {"unchanged"} and again.new_codings == 0
        assert table_dump(engine) == before
    finally:
        engine.dispose()
