"""Where batch work runs: Ray actors (local or a cluster) or local processes.

Both keep one ``FileWorker`` (so one loaded coder) per worker and hand results back in
the order they finish. A worker that dies loses only the file it was on: that file is
reported as failed and a new worker takes its place.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any, Literal, Protocol

from rapport.batch.work import (
    FileWorker,
    Task,
    TaskResult,
    WorkerSpec,
    describe_error,
    describe_in_worker,
    init_process_worker,
    process_in_worker,
)
from rapport.errors import RapportError
from rapport.model import Codebook

ExecutorName = Literal["auto", "ray", "processes"]
# Tasks queued per worker, so a worker never waits for the driver between two files.
QUEUE_PER_WORKER = 2


class Pool(Protocol):
    description: str

    def describe(self) -> tuple[str, Codebook]:
        """The workers' model version and codebook."""
        ...

    def map_unordered(self, tasks: Sequence[Task]) -> Iterator[TaskResult]:
        """Process every task; yield each result as it is ready."""
        ...

    def close(self) -> None: ...


def ray_available() -> bool:
    try:
        import ray  # noqa: F401
    except ImportError:
        return False
    return True


def open_pool(
    spec: WorkerSpec,
    *,
    executor: ExecutorName = "auto",
    workers: int = 2,
    ray_address: str | None = None,
) -> Pool:
    """A pool of ``workers`` workers: Ray when asked for (or ``auto`` and installed),
    else local processes. ``ray_address`` is ``auto`` or ``HOST:PORT`` of a running
    cluster; without it Ray starts on this machine for the job."""
    if workers < 1:
        raise RapportError("--workers must be at least 1")
    if executor == "auto":
        executor = "ray" if ray_available() or ray_address else "processes"
    if executor == "ray":
        if not ray_available():
            raise RapportError(
                "Ray is not installed: pip install 'rapport[scale]', "
                "or run with --executor processes"
            )
        return RayPool(spec, workers=workers, address=ray_address)
    if ray_address:
        raise RapportError("--ray-address needs the ray executor")
    return ProcessPool(spec, workers=workers)


class ProcessPool:
    """Local worker processes (``concurrent.futures``), each holding one coder."""

    def __init__(self, spec: WorkerSpec, *, workers: int) -> None:
        self.spec = spec
        self.workers = workers
        self.description = f"{workers} local processes"
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        # spawn, not fork: the driver may hold database connections and threads.
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=init_process_worker,
            initargs=(self.spec,),
        )

    def describe(self) -> tuple[str, Codebook]:
        return self._executor.submit(describe_in_worker).result()

    def map_unordered(self, tasks: Sequence[Task]) -> Iterator[TaskResult]:
        from concurrent.futures.process import BrokenProcessPool

        running: dict[Future[TaskResult], Task] = {
            self._executor.submit(process_in_worker, task): task for task in tasks
        }
        broken = False
        for future in as_completed(running):
            task = running[future]
            try:
                yield future.result()
            except BrokenProcessPool as error:
                # Which file killed the process is unknown: every file it had not finished
                # is reported failed, and a rerun of the job retries them.
                broken = True
                yield _failed(task, f"a worker process died ({describe_error(error)})")
            except Exception as error:
                yield _failed(task, describe_error(error))
        if broken:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = self._start()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


class RayPool:
    """Ray actors, each holding one coder: on this machine, or on the cluster at
    ``address``. Workers must see the input files at the same paths (a shared folder)."""

    def __init__(self, spec: WorkerSpec, *, workers: int, address: str | None) -> None:
        import ray

        self._ray: Any = ray  # typed loosely: Ray's stubs do not know actor handles
        self._started = not ray.is_initialized()
        if self._started:
            options: dict[str, Any] = {
                "include_dashboard": False,
                "log_to_driver": False,
                "configure_logging": False,
            }
            if address:
                options["address"] = address
            else:
                # Local Ray: as many CPUs as workers, so the actors are all placed at once.
                options["num_cpus"] = max(workers, 1)
                os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
            ray.init(**options)
        self.workers = workers
        self.spec = spec
        self._actor_class: Any = ray.remote(num_cpus=1, max_restarts=0)(FileWorker)
        self._actors: list[Any] = [self._actor_class.remote(spec) for _ in range(workers)]
        where = address or "local Ray"
        self.description = f"{workers} Ray workers ({where})"

    def describe(self) -> tuple[str, Codebook]:
        result: tuple[str, Codebook] = self._ray.get(self._actors[0].describe.remote())
        return result

    def map_unordered(self, tasks: Sequence[Task]) -> Iterator[TaskResult]:
        from ray.exceptions import RayActorError

        ray = self._ray
        waiting = deque(tasks)
        # Each actor appears once per free queue slot.
        free = [actor for actor in self._actors for _ in range(QUEUE_PER_WORKER)]
        running: dict[Any, tuple[Task, Any]] = {}
        while waiting or running:
            while free and waiting:
                actor = free.pop()
                task = waiting.popleft()
                running[actor.process.remote(task)] = (task, actor)
            ready, _ = ray.wait(list(running), num_returns=1)
            for ref in ready:
                task, actor = running.pop(ref)
                try:
                    result: TaskResult = ray.get(ref)
                except RayActorError as error:
                    # The actor is gone: replace it once, and fail only the files it held.
                    if any(a is actor for a in self._actors):
                        replacement = self._actor_class.remote(self.spec)
                        self._actors = [replacement if a is actor else a for a in self._actors]
                        free = [a for a in free if a is not actor]
                        free += [replacement] * QUEUE_PER_WORKER
                    yield _failed(task, f"the Ray worker died ({describe_error(error)})")
                    continue
                except Exception as error:
                    free.append(actor)
                    yield _failed(task, describe_error(error))
                    continue
                free.append(actor)
                yield result

    def close(self) -> None:
        for actor in self._actors:
            self._ray.kill(actor)
        if self._started:
            self._ray.shutdown()


def _failed(task: Task, error: str) -> TaskResult:
    return TaskResult(task.key, task.content_hash, error=error)
