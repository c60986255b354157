"""The batch driver: find the sources, skip those already done, fan the rest out to the
workers, and write what comes back to the workspace.

The driver is the job's only writer: results are stored in batches, one transaction per
batch (each file in a savepoint of its own, so a file the store refuses fails alone).
A file is done once its import row (keyed by content hash) and its codings by this
model version are committed together, so a killed job loses at most the batch in flight
and a rerun skips everything already committed. A JSON manifest records the inputs, the
model versions and every file's outcome.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Engine, select

from rapport import __version__, store
from rapport.batch.executors import ExecutorName, Pool, open_pool
from rapport.batch.history import with_histories
from rapport.batch.work import Kind, Task, TaskResult, WorkerSpec
from rapport.errors import RapportError
from rapport.ingest import ReadOptions, find_sources
from rapport.model import Codebook, Origin
from rapport.pipeline.transcripts import source_hash
from rapport.store import schema as db
from rapport.store.engine import _describe as describe_url
from rapport.store.engine import _sqlite_file
from rapport.store.rows import chunks

Status = Literal["pending", "coded", "skipped", "failed"]


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How to run a batch job. ``executor`` ``auto`` takes Ray when it is installed."""

    codebook: str = "kaye2021"
    model: str | None = None
    executor: ExecutorName = "auto"
    workers: int = 2
    ray_address: str | None = None
    commit_every: int = 50
    commit_seconds: float = 5.0
    manifest: Path | None = None
    read_options: ReadOptions | None = None
    transcribe_options: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class FileOutcome:
    """One source of the job and what became of it."""

    path: str
    content_hash: str
    status: Status = "pending"
    encounters: list[str] = field(default_factory=list)
    n_turns: int = 0
    n_codings: int = 0
    seconds: float = 0.0
    error: str | None = None


@dataclass(slots=True)
class BatchProgress:
    """Where a running job is: files finished (of this run's pending ones), turns coded."""

    done: int
    total: int
    failed: int
    turns: int
    committed: int
    elapsed: float
    label: str = ""

    @property
    def files_per_second(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def turns_per_second(self) -> float:
        return self.turns / self.elapsed if self.elapsed > 0 else 0.0


@dataclass(slots=True)
class BatchResult:
    job_id: str
    manifest: Path
    outcomes: list[FileOutcome]
    model_version: str | None
    codebook: str | None
    pool: str
    seconds: float
    # From the moment every worker had its coder loaded: what the rates are measured on.
    coding_seconds: float = 0.0

    @property
    def files_per_second(self) -> float:
        return self.count("coded") / self.coding_seconds if self.coding_seconds > 0 else 0.0

    @property
    def turns_per_second(self) -> float:
        return self.n_turns / self.coding_seconds if self.coding_seconds > 0 else 0.0

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def failures(self) -> list[FileOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]

    @property
    def n_turns(self) -> int:
        return sum(o.n_turns for o in self.outcomes if o.status == "coded")

    @property
    def n_codings(self) -> int:
        return sum(o.n_codings for o in self.outcomes if o.status == "coded")


ProgressCallback = Callable[[BatchProgress], None]


def _no_progress(progress: BatchProgress) -> None:
    return None


def find_tasks(input_dir: str | Path, kind: Kind = "transcript") -> list[Task]:
    """The sources under ``input_dir`` (transcripts grouped as ``rapport import`` groups
    them, or recordings), each with the content hash the store keys imports by."""
    root = Path(input_dir)
    if not root.exists():
        raise RapportError(f"{root}: no such file or folder")
    if kind == "audio":
        from rapport.audio import AUDIO_SUFFIXES

        files = [root] if root.is_file() else sorted(root.rglob("*"))
        groups = [
            [path]
            for path in files
            if path.is_file()
            and path.suffix.lower() in AUDIO_SUFFIXES
            and not path.name.startswith(".")
        ]
    else:
        groups = find_sources([root])
    return [
        Task(key, tuple(str(p) for p in group), source_hash(group), kind)
        for key, group in enumerate(groups)
    ]


def default_manifest_path(url: Any, job_id: str) -> Path:
    """Beside an SQLite workspace (``rapport.db.batch-<job>.json``), else in the cwd."""
    path = _sqlite_file(url)
    if path is not None:
        return path.with_name(f"{path.name}.batch-{job_id}.json")
    return Path.cwd() / f"rapport-batch-{job_id}.json"


def coded_hashes(conn: Connection, hashes: Sequence[str], model_version: str) -> set[str]:
    """Which of these content hashes are done: imported, and coded by ``model_version``
    (or holding no turns, so there was nothing to code)."""
    done: set[str] = set()
    for chunk in chunks(list(hashes)):
        coded = conn.execute(
            select(db.encounters.c.content_hash)
            .distinct()
            .join(db.codings, db.codings.c.encounter_id == db.encounters.c.id)
            .where(
                db.encounters.c.content_hash.in_(chunk),
                db.codings.c.origin == Origin.AUTO.value,
                db.codings.c.model_version == model_version,
            )
        ).scalars()
        done.update(coded)
        empty = conn.execute(
            select(db.imports.c.content_hash).where(
                db.imports.c.content_hash.in_(chunk), db.imports.c.n_turns == 0
            )
        ).scalars()
        done.update(empty)
    return done


def run_batch(
    workspace: str | os.PathLike[str] | None,
    input_dir: str | Path,
    *,
    kind: Kind = "transcript",
    options: BatchOptions | None = None,
    progress: ProgressCallback = _no_progress,
    on_commit: Callable[[int], None] | None = None,
) -> BatchResult:
    """Code (or transcribe, then code) every source under ``input_dir`` into the workspace.

    Sources already done are skipped; a source that fails is recorded with its error and
    the job goes on. ``on_commit(files_committed_so_far)`` is called after each batch.
    """
    options = options or BatchOptions()
    started = time.perf_counter()
    job_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + os.urandom(3).hex()
    engine = store.open_workspace(workspace)
    try:
        tasks = find_tasks(input_dir, kind)
        outcomes = [FileOutcome(task.label, task.content_hash) for task in tasks]
        manifest = options.manifest or default_manifest_path(engine.url, job_id)
        document = _manifest_document(job_id, engine, input_dir, kind, options)
        spec = WorkerSpec(
            options.codebook, options.model, options.read_options, options.transcribe_options
        )
        pool = open_pool(
            spec,
            executor=options.executor,
            workers=options.workers,
            ray_address=options.ray_address,
        )
        model_version: str | None = None
        codebook: Codebook | None = None
        ready = time.perf_counter()
        try:
            model_version, codebook = pool.describe()
            ready = time.perf_counter()
            document["pool"] = pool.description
            document["model_version"] = model_version
            document["codebook"] = {"id": codebook.id, "version": codebook.version}
            with engine.connect() as conn:
                done = coded_hashes(conn, [t.content_hash for t in tasks], model_version)
            pending = with_histories(
                [task for task in tasks if task.content_hash not in done],
                options.read_options,
                engine,
            )
            for task in tasks:
                if task.content_hash in done:
                    outcomes[task.key].status = "skipped"

            def committed(files: int) -> None:
                _write_manifest(manifest, document, outcomes, "running")
                if on_commit is not None:
                    on_commit(files)

            committed(0)
            writer = _Writer(engine, codebook, model_version, outcomes, tasks)
            _run(pool, pending, writer, options, progress, committed, ready)
        finally:
            pool.close()
        _write_manifest(manifest, document, outcomes, "finished")
        return BatchResult(
            job_id,
            manifest,
            outcomes,
            model_version,
            f"{codebook.id} {codebook.version}" if codebook else None,
            pool.description,
            time.perf_counter() - started,
            time.perf_counter() - ready,
        )
    finally:
        engine.dispose()


def _run(
    pool: Pool,
    pending: Sequence[Task],
    writer: _Writer,
    options: BatchOptions,
    progress: ProgressCallback,
    on_commit: Callable[[int], None],
    started: float,
) -> None:
    buffer: list[TaskResult] = []
    last_commit = time.monotonic()
    failed = turns = committed = 0

    def flush() -> None:
        nonlocal committed, last_commit, failed
        if not buffer:
            return
        committed += len(buffer)
        failed += writer.write(buffer)
        buffer.clear()
        last_commit = time.monotonic()
        on_commit(committed)

    for done, result in enumerate(pool.map_unordered(pending), start=1):
        if result.error is not None:
            failed += 1
        turns += result.n_turns
        buffer.append(result)
        if (
            len(buffer) >= options.commit_every
            or time.monotonic() - last_commit >= options.commit_seconds
        ):
            flush()
        progress(
            BatchProgress(
                done,
                len(pending),
                failed,
                turns,
                committed,
                time.perf_counter() - started,
                writer.label(result.key),
            )
        )
    flush()


class _Writer:
    """The job's one writer: stores results, one transaction per batch."""

    def __init__(
        self,
        engine: Engine,
        codebook: Codebook,
        model_version: str,
        outcomes: list[FileOutcome],
        tasks: Sequence[Task],
    ) -> None:
        self.engine = engine
        self.codebook = codebook
        self.model_version = model_version
        self.outcomes = outcomes
        self.tasks = {task.key: task for task in tasks}
        self.codebook_saved = False

    def label(self, key: int) -> str:
        return self.tasks[key].label

    def write(self, results: Iterable[TaskResult]) -> int:
        """Store a batch; returns how many files the store refused."""
        refused = 0
        with store.transaction(self.engine) as conn:
            if not self.codebook_saved:
                store.save_codebook(conn, self.codebook)
                self.codebook_saved = True
            for result in results:
                outcome = self.outcomes[result.key]
                outcome.seconds = round(result.seconds, 4)
                if result.error is not None:
                    outcome.status, outcome.error = "failed", result.error
                    continue
                try:
                    with conn.begin_nested():
                        outcome.encounters, outcome.n_codings = self._store(conn, result)
                except RapportError as error:
                    outcome.status, outcome.error = "failed", error.one_line()
                    refused += 1
                    continue
                outcome.status, outcome.n_turns = "coded", result.n_turns
        return refused

    def _store(self, conn: Connection, result: TaskResult) -> tuple[list[str], int]:
        imported = store.import_encounters(
            conn,
            result.encounters,
            content_hash=result.content_hash,
            path=self.label(result.key),
        )
        codings = result.codings
        if imported.status == "unchanged":
            # Imported before (by `rapport import`, say): code only what this model has
            # not coded yet.
            coded = set(
                conn.execute(
                    select(db.codings.c.encounter_id)
                    .distinct()
                    .where(
                        db.codings.c.encounter_id.in_(list(imported.encounter_ids)),
                        db.codings.c.origin == Origin.AUTO.value,
                        db.codings.c.model_version == self.model_version,
                    )
                ).scalars()
            )
            codings = [c for c in codings if c.encounter_id not in coded]
        added = store.add_codings(conn, codings, self.codebook.id)
        return list(imported.encounter_ids), added


def _manifest_document(
    job_id: str, engine: Engine, input_dir: str | Path, kind: Kind, options: BatchOptions
) -> dict[str, Any]:
    return {
        "job": job_id,
        "kind": kind,
        "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "host": socket.gethostname(),
        "rapport_version": __version__,
        "workspace": describe_url(engine.url),
        "input": str(Path(input_dir).resolve()),
        "executor": options.executor,
        "workers": options.workers,
        "ray_address": options.ray_address,
        "model": options.model or "shipped",
        "commit_every": options.commit_every,
    }


def _write_manifest(
    path: Path, document: dict[str, Any], outcomes: Sequence[FileOutcome], state: str
) -> None:
    """Write atomically (a temporary file renamed into place)."""
    body = dict(document)
    body["state"] = state
    body["updated_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    body["totals"] = {
        status: sum(1 for o in outcomes if o.status == status)
        for status in ("coded", "skipped", "failed", "pending")
    }
    body["files"] = [asdict(outcome) for outcome in outcomes]
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(path)


def analyze_batch(
    workspace: str | os.PathLike[str] | None,
    input_dir: str | Path,
    *,
    report_path: str | Path,
    options: BatchOptions | None = None,
    progress: ProgressCallback = _no_progress,
) -> tuple[BatchResult, list[Path]]:
    """``run_batch``, then the cohort report over the whole workspace."""
    from rapport.pipeline.reports import report_cohort

    options = options or BatchOptions()
    result = run_batch(workspace, input_dir, options=options, progress=progress)
    engine = store.open_workspace(workspace)
    try:
        written = report_cohort(engine, Path(report_path), codebook=options.codebook)
    finally:
        engine.dispose()
    return result, written
