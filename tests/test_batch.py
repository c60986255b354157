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


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_batch_tasks_carry_the_patients_earlier_family_talk(tmp_path: Path) -> None:
    from rapport.batch.history import with_histories
    from rapport.ingest import read_encounters
    from rapport.pipeline import import_paths

    engine = store.open_workspace(f"sqlite:///{tmp_path / 'w.db'}")
    try:
        # The first visit is already in the workspace; the job brings the other three.
        first = EXAMPLES / "p01-2024-03-04.srt"
        import_paths(engine, [first])
        later = [t for t in find_tasks(EXAMPLES) if t.paths[0] != str(first)]
        tasks = {Path(t.paths[0]).stem: t for t in with_histories(later, None, engine)}
    finally:
        engine.dispose()
    background = {stem: [e.id for e in t.background] for stem, t in tasks.items()}
    assert background["p01-2024-06-10"] == ["p01-2024-03-04"]  # from the workspace
    assert sorted(background["p01-2024-12-09"]) == [
        "p01-2024-03-04",
        "p01-2024-06-10",  # from other files of the job
        "p01-2024-09-16",
    ]
    assert all(not background[stem] for stem in background if not stem.startswith("p01"))
    # Only the family's talk travels with a task.
    [stored_first] = read_encounters(first)
    sent = tasks["p01-2024-06-10"].background[0]
    assert {t.role for t in sent.turns} <= {"patient", "parent", "family"}
    assert [t.text for t in sent.turns] == [
        t.text for t in stored_first.turns if t.role != "clinician" and t.word_count >= 4
    ]


def test_batch_codes_remembering_as_analyze_does(tmp_path: Path) -> None:
    """The same turns get remembering whether the visits are coded together (analyze) or
    one file per worker task with the history the driver gathered (batch)."""
    from rapport.batch.history import with_histories
    from rapport.coding import code_encounters
    from rapport.ingest import read_encounters

    worker = FileWorker(WorkerSpec())
    tasks = [t for t in find_tasks(EXAMPLES) if Path(t.paths[0]).name.startswith("p01")]
    encounters = [e for t in tasks for e in read_encounters(Path(t.paths[0]))]
    together = {
        (c.encounter_id, c.turn.index)
        for c in code_encounters(encounters, worker.coder)
        if any(code == "remembering" for code, _ in c.codes)
    }
    engine = store.open_workspace(f"sqlite:///{tmp_path / 'w.db'}")
    try:
        with_history = with_histories(tasks, None, engine)
    finally:
        engine.dispose()
    in_batch = {
        (c.encounter_id, c.turn_index)
        for t in with_history
        for c in worker.process(t).codings
        if c.code == "remembering"
    }
    alone = {
        (c.encounter_id, c.turn_index)
        for t in tasks
        for c in worker.process(t).codings
        if c.code == "remembering"
    }
    assert together and in_batch == together
    assert alone < together  # without the history, the later visits lose remembering
