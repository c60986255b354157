"""Time and peak memory of importing all 57 PriMock57 consultations into a fresh workspace.

Run: .venv/bin/python benchmarks/import_primock57.py [--shared ../shared]
Each measurement runs in a fresh process so that peak RSS belongs to that run alone.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from rapport import pipeline, store
folder, db = Path(sys.argv[1]), sys.argv[2]
t0 = time.perf_counter()
engine = store.open_workspace(db)
t1 = time.perf_counter()
sources = pipeline.parse_paths([folder])
t2 = time.perf_counter()
outcomes = pipeline.import_parsed(engine, sources)
t3 = time.perf_counter()
again = pipeline.import_paths(engine, [folder])
t4 = time.perf_counter()
print(json.dumps({
    "consultations": sum(len(o.encounter_ids) for o in outcomes),
    "turns": sum(o.n_turns for o in outcomes),
    "open_s": t1 - t0, "parse_s": t2 - t1, "store_s": t3 - t2, "total_s": t3 - t0,
    "reimport_s": t4 - t3, "reimport_unchanged": all(o.status == "unchanged" for o in again),
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    here = Path(__file__).resolve().parents[1]
    parser.add_argument("--shared", type=Path, default=here.parent / "shared")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = args.shared / "datasets" / "primock57" / "transcripts"
    runs = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            result = subprocess.run(
                [sys.executable, "-c", CHILD, str(folder), str(Path(tmp) / "bench.db")],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            runs.append(json.loads(result.stdout))
    best = min(runs, key=lambda r: r["total_s"])
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    print(json.dumps(best, indent=2))
    median = sorted(r["total_s"] for r in runs)[len(runs) // 2]
    print(f"median total over {len(runs)} runs: {median:.2f} s")


if __name__ == "__main__":
    main()
