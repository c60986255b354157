"""Backups of a live workspace are consistent snapshots, and restore brings them back."""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rapport import store
from rapport.cli import app
from rapport.codebooks import load_codebook
from rapport.errors import StoreError
from rapport.model import Coding, Origin
from rapport.store.backup import backup, restore

BATCH = 20


def _batches(path: Path) -> dict[str, int]:
    """Codings per batch (the writer puts one batch id in every memo of a transaction)."""
    with closing(sqlite3.connect(path)) as connection:
        return dict(connection.execute("SELECT memo, count(*) FROM codings GROUP BY memo"))


def test_backup_while_writing_holds_whole_transactions_and_restores(
    tmp_path: Path, make_encounter
) -> None:  # type: ignore[no-untyped-def]
    live = tmp_path / "live.db"
    engine = store.open_workspace(live)
    with store.transaction(engine) as connection:
        store.import_encounters(
            connection, [make_encounter("a", BATCH)], content_hash="a", path="a"
        )
        store.save_codebook(connection, load_codebook())
    committed: list[str] = []
    stop = threading.Event()

    def write() -> None:
        number = 0
        while not stop.is_set():
            batch = f"batch-{number}"
            with store.transaction(engine) as connection:
                store.add_codings(
                    connection,
                    [
                        Coding("a", turn, "naming", Origin.HUMAN, coder="w", memo=batch)
                        for turn in range(BATCH)
                    ],
                    "kaye2021",
                )
            committed.append(batch)
            number += 1

    writer = threading.Thread(target=write)
    writer.start()
    try:
        deadline = time.monotonic() + 30
        while len(committed) < 5:
            assert writer.is_alive() and time.monotonic() < deadline, "the writer stopped"
            time.sleep(0.01)
        before = list(committed)
        snapshot = backup(live, tmp_path / "snapshot.db")
        time.sleep(0.05)
    finally:
        stop.set()
        writer.join()
    engine.dispose()
    saved = _batches(snapshot.path)
    assert set(before) <= set(saved), "every transaction committed before the backup is in it"
    assert all(count == BATCH for count in saved.values()), "no half transaction"
    assert snapshot.revision == store.head_revision()
    assert len(committed) > len(before), "the writer kept writing around the backup"
    assert not list(tmp_path.glob(".*.partial"))

    fresh = tmp_path / "restored.db"
    restore(snapshot.path, fresh)
    assert _batches(fresh) == saved
    with pytest.raises(StoreError, match="already holds data"):
        restore(snapshot.path, live)
    restore(snapshot.path, live, force=True)
    assert _batches(live) == saved
    assert list(tmp_path.glob("live.db.before-restore-*")), "the replaced workspace is kept"


def test_backup_and_restore_errors_are_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    db = tmp_path / "w.db"
    store.open_workspace(db).dispose()
    result = runner.invoke(app, ["backup", str(tmp_path / "b.db"), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    again = runner.invoke(app, ["backup", str(tmp_path / "b.db"), "--db", str(db)])
    assert again.exit_code == 2 and "already exists" in again.stderr
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database")
    result = runner.invoke(app, ["restore", str(junk), "--db", str(tmp_path / "new.db")])
    assert result.exit_code == 2 and "not a Rapport" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
