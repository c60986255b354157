"""Speed, load time and memory of the shipped coder, and how they grow with study size.

Run: .venv/bin/python benchmarks/coder_speed.py [--sizes 1000,10000,40000,100000]
Turns are the real PriMock57 consultations (7,108 turns, doctor and patient), repeated as
whole encounters until the size is reached; each copy changes the case of its turns' first
letters, so that the coder cannot embed a repeated turn once for all its copies. Each size
runs in a fresh process so that its peak memory is its own; the model is built and cached
before timing starts.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from rapport.coding import code_encounters, default_coder
coder = default_coder()
load_s = time.perf_counter() - t0
from dataclasses import replace
from rapport import pipeline
folder, size = sys.argv[1], int(sys.argv[2])
base = [e for s in pipeline.parse_paths([folder]) for e in s.encounters]
encounters, n, copy = [], 0, 0
while n < size:
    for e in base:
        if n >= size:
            break
        # Each copy's turns differ in the case of their first letters (the same tokens to
        # every encoder, which lowercase), so that no turn is embedded once for many copies.
        turns = [
            replace(t, text=t.text[:copy].swapcase() + t.text[copy:]) for t in e.turns[: size - n]
        ]
        encounters.append(replace(e, id=f"{e.id}-{copy}", turns=turns))
        n += len(turns)
    copy += 1
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t1 = time.perf_counter()
coded = code_encounters(encounters, coder)
code_s = time.perf_counter() - t1
print(json.dumps({
    "turns": n, "load_s": round(load_s, 2), "code_s": round(code_s, 2),
    "turns_per_s": round(n / code_s), "codes": sum(len(c.codes) for c in coded),
    "rss_after_load_mb": round(rss_before),
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    here = Path(__file__).resolve().parents[1]
    parser.add_argument("--shared", type=Path, default=here.parent / "shared")
    parser.add_argument("--sizes", default="1000,10000,40000,100000")
    args = parser.parse_args()
    folder = args.shared / "datasets" / "primock57" / "transcripts"
    subprocess.run(
        [sys.executable, "-c", "from rapport.coding import default_coder; default_coder()"],
        check=True,
    )
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    for size in (int(s) for s in args.sizes.split(",")):
        result = subprocess.run(
            [sys.executable, "-c", CHILD, str(folder), str(size)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        print(result.stdout.strip(), flush=True)


if __name__ == "__main__":
    main()
