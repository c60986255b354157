"""What a batch worker does with one source: read (or transcribe) it and code it.

A ``FileWorker`` builds its coder once and keeps it for every file it is given; a Ray
actor or a pool process holds one. Workers never touch the database: they return the
encounters and codings, and the driver writes them (one writer per job).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from rapport.errors import RapportError
from rapport.ingest import ReadOptions, read_encounters
from rapport.model import Codebook, Coding, Encounter

Kind = Literal["transcript", "audio"]


@dataclass(frozen=True, slots=True)
class Task:
    """One source to process: a transcript (one file, or the per-speaker files of one
    conversation) or a recording, named by path and by its content hash.

    ``background`` holds the family talk of the same patients' earlier encounters (other
    files of the job, the workspace), for the remembering code (``batch.history``).
    """

    key: int
    paths: tuple[str, ...]
    content_hash: str
    kind: Kind = "transcript"
    background: tuple[Encounter, ...] = ()

    @property
    def label(self) -> str:
        more = f" (+{len(self.paths) - 1})" if len(self.paths) > 1 else ""
        return f"{self.paths[0]}{more}"


@dataclass(slots=True)
class TaskResult:
    """What a worker made of one task; ``error`` (one line) when it failed."""

    key: int
    content_hash: str
    encounters: list[Encounter] = field(default_factory=list)
    codings: list[Coding] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None

    @property
    def n_turns(self) -> int:
        return sum(len(encounter.turns) for encounter in self.encounters)


@dataclass(frozen=True, slots=True)
class WorkerSpec:
    """How to build a worker: which coder, and how to read files. Sent to every worker."""

    codebook: str = "kaye2021"
    model: str | None = None
    read_options: ReadOptions | None = None
    transcribe_options: dict[str, Any] = field(default_factory=dict)


def describe_error(error: BaseException) -> str:
    """One line for the manifest: the user-facing line of a ``RapportError``, else the
    exception type and message (never a traceback: it could hold transcript text)."""
    if isinstance(error, RapportError):
        return error.one_line()
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


class FileWorker:
    """Holds one fitted coder and codes one source at a time."""

    def __init__(self, spec: WorkerSpec) -> None:
        from rapport.pipeline.coding import build_coder

        self.spec = spec
        self.coder = build_coder(spec.codebook, spec.model)

    def describe(self) -> tuple[str, Codebook]:
        """The coder's model version and codebook, for the driver's manifest and store."""
        return str(self.coder.model_version_), self.coder.codebook_

    def process(self, task: Task) -> TaskResult:
        """Read and code one source; any failure is caught and returned as ``error``."""
        from rapport.coding import code_encounters, to_codings

        started = time.perf_counter()
        try:
            encounters = self._read(task)
            coded = code_encounters(encounters, self.coder, background=task.background)
            codings = to_codings(coded, self.coder)
        except Exception as error:  # one bad file must not stop the job
            return TaskResult(
                task.key,
                task.content_hash,
                seconds=time.perf_counter() - started,
                error=describe_error(error),
            )
        return TaskResult(
            task.key, task.content_hash, encounters, codings, time.perf_counter() - started
        )

    def _read(self, task: Task) -> list[Encounter]:
        if task.kind == "audio":
            from rapport.audio import transcribe

            return [transcribe(task.paths[0], **self.spec.transcribe_options)]
        return read_transcript(task, self.spec.read_options)


def read_transcript(task: Task, options: ReadOptions | None) -> list[Encounter]:
    """The encounters of a transcript task: one file, or the per-speaker files of one
    conversation."""
    paths = [Path(p) for p in task.paths]
    return read_encounters(paths if len(paths) > 1 else paths[0], options)


# --- for process pools: one worker per process, built by the pool's initializer ----------

_process_worker: FileWorker | None = None


def init_process_worker(spec: WorkerSpec) -> None:
    global _process_worker
    _process_worker = FileWorker(spec)


def process_in_worker(task: Task) -> TaskResult:
    assert _process_worker is not None, "init_process_worker was not run in this process"
    return _process_worker.process(task)


def describe_in_worker() -> tuple[str, Codebook]:
    assert _process_worker is not None, "init_process_worker was not run in this process"
    return _process_worker.describe()
