"""A process killed in the middle of an import leaves the workspace as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from rapport.store import content_hash, counts, import_encounters, open_workspace, transaction

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

BIG = 20_000  # turns in the encounter the child is importing when it dies

# The child imports a second file: a small encounter, then a big one. A patched
# ``insert_rows`` writes half of the file's turns (so it stops inside the big encounter),
# records how many turns its own uncommitted transaction can see, drops a marker and
# waits to be killed.
CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path

    from sqlalchemy import event, func, select

    from rapport.store import content_hash, import_encounters, open_workspace, repository
    from rapport.store import schema, transaction
    from conftest import build_encounter

    path, marker = sys.argv[1], Path(sys.argv[2])
    engine = open_workspace(path)


    @event.listens_for(engine, "connect")
    def tiny_cache(dbapi_connection, record):
        # A small page cache makes SQLite spill uncommitted pages to the WAL file, so the
        # kill lands on a file that really holds half an import.
        dbapi_connection.execute("PRAGMA cache_size = 16")


    engine.dispose()  # reconnect with the listener in place
    real_insert_rows = repository.insert_rows


    def insert_half_then_stall(conn, table, rows):
        if table.name != "turns":
            return real_insert_rows(conn, table, rows)
        rows = list(rows)
        real_insert_rows(conn, table, rows[: len(rows) // 2])
        seen = conn.execute(select(func.count()).select_from(schema.turns)).scalar_one()
        tmp = marker.with_suffix(".tmp")
        tmp.write_text(str(seen))
        tmp.rename(marker)  # atomic: the parent never reads a half-written marker
        time.sleep(300)
        raise SystemExit("was not killed")


    repository.insert_rows = insert_half_then_stall
    with transaction(engine) as conn:
        encounters = [build_encounter("second-small", 10), build_encounter("second-big", BIG)]
        import_encounters(conn, encounters, content_hash=content_hash(b"second"), path="second")
    """
).replace("BIG", str(BIG))


def wait_for(marker: Path, child: subprocess.Popen[bytes], timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if child.poll() is not None:
            _, err = child.communicate()
            pytest.fail(f"child exited early ({child.returncode}):\n{err.decode()}")
        if time.monotonic() > deadline:
            child.kill()
            pytest.fail("child never reached the middle of the import")
        time.sleep(0.02)
    return marker.read_text()


def test_kill_during_import_leaves_workspace_unchanged(
    tmp_path: Path, make_encounter: Any, table_dump: Any
) -> None:
    path = tmp_path / "rapport.db"
    engine = open_workspace(path)
    with transaction(engine) as conn:
        first = [make_encounter("first-a", 30), make_encounter("first-b", 40)]
        import_encounters(conn, first, content_hash=content_hash(b"first"), path="first")
    before = table_dump(engine)
    engine.dispose()

    marker = tmp_path / "midway"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(__file__).parent), *sys.path]))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(marker)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        seen_by_child = int(wait_for(marker, child))
        wal_size = (tmp_path / "rapport.db-wal").stat().st_size
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate()
    assert child.returncode == -signal.SIGKILL
    # The child really was half-way: its transaction held the small encounter and part
    # of the big one, and uncommitted pages had reached the WAL file on disk.
    assert seen_by_child == 70 + (10 + BIG) // 2
    assert wal_size > 0

    engine = open_workspace(path)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalars().all() == ["ok"]
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    assert table_dump(engine) == before

    # Nothing is left locked or half-recorded: the same file now imports normally.
    with transaction(engine) as conn:
        again = [make_encounter("second-small", 10), make_encounter("second-big", BIG)]
        result = import_encounters(conn, again, content_hash=content_hash(b"second"), path="s")
    assert result.status == "imported"
    with engine.connect() as conn:
        assert counts(conn)["turns"] == 70 + 10 + BIG
    engine.dispose()
