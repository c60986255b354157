"""Batch jobs: coding folders on a local Ray cluster (2 workers) or local processes, a run
killed half-way and resumed, a bad file recorded while the job goes on, the CLI."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rapport import store
from rapport.batch import BatchOptions, FileWorker, WorkerSpec, find_tasks, run_batch
from rapport.batch.synthetic import write_synthetic_transcripts
from rapport.model import Origin

N_FILES = 24
TURNS = 12
BAD = "zz-broken.json"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SYNTHETIC transcripts and one file that is not valid JSON."""
    root = tmp_path_factory.mktemp("batch-input")
    write_synthetic_transcripts(root, N_FILES, TURNS, seed=3)
    (root / BAD).write_text('{"id": "broken", "turns": [', encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def expected(folder: Path) -> dict[str, Any]:
    """What coding every good file in one process gives: the reference for the workers."""
    worker = FileWorker(WorkerSpec(model="cues"))
    codings: Counter[tuple[str, int, str]] = Counter()
    for task in find_tasks(folder):
        result = worker.process(task)
        if result.error is None:
            codings.update((c.encounter_id, c.turn_index, c.code) for c in result.codings)
    version, _ = worker.describe()
    return {"codings": codings, "model_version": version}


def stored_codings(url: str, model_version: str) -> Counter[tuple[str, int, str]]:
    engine = store.open_workspace(url)
    try:
        with engine.connect() as conn:
            codings = store.get_codings(conn, origin=Origin.AUTO)
            assert store.counts(conn)["imports"] == N_FILES
    finally:
        engine.dispose()
    assert {c.model_version for c in codings} == {model_version}
    return Counter((c.encounter_id, c.turn_index, c.code) for c in codings)


def check_bad_file(result: Any) -> None:
    [failure] = result.failures
    assert failure.path.endswith(BAD)
    assert BAD in (failure.error or "")  # the reader's one-line error, naming the file


def test_batch_on_processes_on_every_backend(
    workspace_url: str, folder: Path, expected: dict[str, Any], tmp_path: Path
) -> None:
    options = BatchOptions(
        model="cues", executor="processes", workers=2, commit_every=5, manifest=tmp_path / "m.json"
    )
    seen: list[Any] = []
    result = run_batch(workspace_url, folder, options=options, progress=seen.append)
    assert result.count("coded") == N_FILES and result.count("skipped") == 0
    check_bad_file(result)
    assert result.n_turns == N_FILES * TURNS
    assert seen[-1].done == N_FILES + 1 and seen[-1].turns == N_FILES * TURNS
    assert stored_codings(workspace_url, expected["model_version"]) == expected["codings"]
    manifest = json.loads((tmp_path / "m.json").read_text())
    assert manifest["state"] == "finished" and manifest["model_version"] == result.model_version
    assert manifest["totals"] == {"coded": N_FILES, "skipped": 0, "failed": 1, "pending": 0}
    assert manifest["codebook"] == {"id": "kaye2021", "version": "1.0"}
    # Run again: everything is skipped by content hash; the bad file fails again.
    again = run_batch(workspace_url, folder, options=options)
    assert (again.count("coded"), again.count("skipped")) == (0, N_FILES)
    check_bad_file(again)
    assert stored_codings(workspace_url, expected["model_version"]) == expected["codings"]


# The killed run: after the second batch is committed, the job kills its whole process
# group (driver, Ray's head processes and workers) with SIGKILL.
KILLED_JOB = textwrap.dedent(
    """
    import os, signal, sys
    from rapport.batch import BatchOptions, run_batch

    url, folder, stop_after = sys.argv[1], sys.argv[2], int(sys.argv[3])

    def on_commit(files):
        if files >= stop_after:
            os.killpg(0, signal.SIGKILL)

    options = BatchOptions(model="cues", executor="ray", workers=2, commit_every=2)
    run_batch(url, folder, options=options, on_commit=on_commit)
    raise SystemExit("the job was not killed")
    """
)


def test_batch_on_local_ray_killed_then_resumed(
    folder: Path, expected: dict[str, Any], tmp_path: Path
) -> None:
    pytest.importorskip("ray")
    db = tmp_path / "rapport.db"
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_JOB, str(db), str(folder), "4"],
        start_new_session=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    engine = store.open_workspace(db)
    with engine.connect() as conn:
        committed = store.counts(conn)["imports"]
    engine.dispose()
    assert 4 <= committed < N_FILES, "killed after some batches, before the end"
    [manifest] = tmp_path.glob("rapport.db.batch-*.json")
    assert json.loads(manifest.read_text())["state"] == "running"

    result = run_batch(
        db, folder, options=BatchOptions(model="cues", executor="ray", workers=2, commit_every=4)
    )
    assert result.pool == "2 Ray workers (local Ray)"
    assert result.count("skipped") == committed
    assert result.count("coded") == N_FILES - committed
    check_bad_file(result)
    # Every file is stored once, with exactly the codings one process gives.
    assert stored_codings(str(db), expected["model_version"]) == expected["codings"]


def test_batch_command_line(folder: Path, tmp_path: Path) -> None:
    # Imported here, not at the top: importing registers `rapport batch` on the app, which
    # the docs tests must not see before rapport.cli imports it itself.
    from rapport.cli.batch import batch_app as app

    runner = CliRunner()
    db = tmp_path / "w.db"
    arguments = ["--db", str(db), "--executor", "processes", "--model", "cues"]
    result = runner.invoke(app, ["code", str(folder), *arguments])
    assert result.exit_code == 1, result.stderr  # the bad file
    said = " ".join(result.stdout.split())
    assert f"{N_FILES} files coded ({N_FILES * TURNS} turns" in said and "turns/s" in said
    assert f"failed: {folder / BAD}" in " ".join(result.stderr.split())
    report = tmp_path / "cohort.html"
    result = runner.invoke(app, ["analyze", str(folder), *arguments, "--out", str(report)])
    said = " ".join(result.stdout.split())
    assert f"{N_FILES} already done, skipped" in said and f"Report: {report}" in said
    assert report.stat().st_size > 0
    result = runner.invoke(app, ["code", str(folder), "--db", str(db), "--workers", "0"])
    assert result.exit_code == 2 and "--workers must be at least 1" in result.stderr
