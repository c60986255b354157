"""Batch jobs for a health system's volume: transcribe and code folders of files on Ray
(extra ``scale``; local by default, ``ray_address`` for a cluster) or on local processes,
writing to the workspace (SQLite or PostgreSQL) through one writer.

>>> from rapport.batch import BatchOptions, run_batch            # doctest: +SKIP
>>> result = run_batch("postgresql+psycopg://rapport@db/rapport", "visits/2026-05-01",
...                    options=BatchOptions(workers=8, ray_address="auto"))
>>> result.count("coded"), result.count("skipped"), result.failures

Ray is imported only when a Ray pool is opened.
"""

from __future__ import annotations

from rapport.batch.executors import ExecutorName, Pool, open_pool, ray_available
from rapport.batch.jobs import (
    BatchOptions,
    BatchProgress,
    BatchResult,
    FileOutcome,
    analyze_batch,
    coded_hashes,
    find_tasks,
    run_batch,
)
from rapport.batch.work import FileWorker, Task, TaskResult, WorkerSpec

__all__ = [
    "BatchOptions",
    "BatchProgress",
    "BatchResult",
    "ExecutorName",
    "FileOutcome",
    "FileWorker",
    "Pool",
    "Task",
    "TaskResult",
    "WorkerSpec",
    "analyze_batch",
    "coded_hashes",
    "find_tasks",
    "open_pool",
    "ray_available",
    "run_batch",
]
