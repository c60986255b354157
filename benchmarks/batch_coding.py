"""Batch coding throughput: one process, local Ray with 2 workers, SQLite vs PostgreSQL writes.

    python benchmarks/batch_coding.py                      # 2,000 encounters x 50 turns
    python benchmarks/batch_coding.py --postgres postgresql+psycopg://postgres@127.0.0.1:54329/postgres

The encounters are SYNTHETIC (``rapport.batch.synthetic``). Coding uses the shipped learned
coder. Three measurements:

1. single process: read and code every file in this process, one file at a time (as a
   batch worker does), no database;
2. writes: store those results through the batch driver's writer (50 files per
   transaction) into a new SQLite workspace, and into a new PostgreSQL database when a
   server URL is given (``--postgres`` or ``$RAPPORT_TEST_DB``; the user must be allowed
   to create databases);
3. Ray: the whole ``run_batch`` job on local Ray with 2 workers into a new SQLite
   workspace; rates from the moment the workers had their coders loaded.

Results go to stdout and, as JSON, to ``--out``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, make_url
from sqlalchemy.pool import NullPool

from rapport import store
from rapport.batch import BatchOptions, FileWorker, WorkerSpec, find_tasks, run_batch
from rapport.batch.jobs import FileOutcome, _Writer
from rapport.batch.synthetic import write_synthetic_transcripts


def single_process(folder: Path) -> tuple[dict[str, Any], list[Any], FileWorker, list[Any]]:
    started = time.perf_counter()
    worker = FileWorker(WorkerSpec())
    load = time.perf_counter() - started
    tasks = find_tasks(folder)
    started = time.perf_counter()
    results = [worker.process(task) for task in tasks]
    seconds = time.perf_counter() - started
    turns = sum(r.n_turns for r in results)
    codings = sum(len(r.codings) for r in results)
    failed = [r for r in results if r.error]
    assert not failed, failed[0].error
    return (
        {
            "files": len(results),
            "turns": turns,
            "codings": codings,
            "coder_load_s": round(load, 2),
            "seconds": round(seconds, 2),
            "files_per_s": round(len(results) / seconds, 1),
            "turns_per_s": round(turns / seconds),
        },
        results,
        worker,
        tasks,
    )


def write_throughput(url: str, results: list[Any], worker: FileWorker, tasks: list[Any]) -> dict:
    engine = store.open_workspace(url)
    try:
        version, codebook = worker.describe()
        outcomes = [FileOutcome(t.label, t.content_hash) for t in tasks]
        writer = _Writer(engine, codebook, version, outcomes, tasks)
        started = time.perf_counter()
        for start in range(0, len(results), 50):
            assert writer.write(results[start : start + 50]) == 0
        seconds = time.perf_counter() - started
        with engine.connect() as conn:
            tally = store.counts(conn)
    finally:
        engine.dispose()
    return {
        "backend": make_url(url).get_backend_name() if "://" in url else "sqlite",
        "files": tally["imports"],
        "turns": tally["turns"],
        "codings": tally["codings"],
        "seconds": round(seconds, 2),
        "files_per_s": round(tally["imports"] / seconds, 1),
        "turns_per_s": round(tally["turns"] / seconds),
        "rows_per_s": round((tally["turns"] + tally["codings"]) / seconds),
    }


def on_ray(folder: Path, db: Path, workers: int) -> dict[str, Any]:
    options = BatchOptions(executor="ray", workers=workers, commit_every=50)
    result = run_batch(db, folder, options=options)
    assert not result.failures, result.failures[0].error
    return {
        "workers": workers,
        "files": result.count("coded"),
        "turns": result.n_turns,
        "codings": result.n_codings,
        "total_s": round(result.seconds, 2),
        "startup_s": round(result.seconds - result.coding_seconds, 2),
        "seconds": round(result.coding_seconds, 2),
        "files_per_s": round(result.files_per_second, 1),
        "turns_per_s": round(result.turns_per_second),
    }


def postgres_database(server: str) -> tuple[str, Any]:
    url = make_url(server)
    name = f"rapport_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encounters", type=int, default=2000)
    parser.add_argument("--turns", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgres", default=os.environ.get("RAPPORT_TEST_DB"))
    parser.add_argument("--no-ray", action="store_true")
    parser.add_argument("--out", type=Path, default=Path("out/batch_coding.json"))
    args = parser.parse_args()

    report: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}",
        "python": sys.version.split()[0],
        "encounters": args.encounters,
        "turns_per_encounter": args.turns,
    }
    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as tmp:
        folder = Path(tmp) / "transcripts"
        write_synthetic_transcripts(folder, args.encounters, args.turns, seed=1)
        single, results, worker, tasks = single_process(folder)
        report["single_process"] = single
        print(f"single process: {single}", flush=True)
        writes = [write_throughput(str(Path(tmp) / "writes.db"), results, worker, tasks)]
        if args.postgres:
            url, drop = postgres_database(args.postgres)
            try:
                writes.append(write_throughput(url, results, worker, tasks))
            finally:
                drop()
        report["writes"] = writes
        for line in writes:
            print(f"writes: {line}", flush=True)
        if not args.no_ray:
            ray = on_ray(folder, Path(tmp) / "ray.db", args.workers)
            report["ray"] = ray
            print(f"local Ray: {ray}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
