"""What de-identification removes from real transcripts, and how long it takes.

    python benchmarks/deid_real_transcripts.py [--shared ../shared] [--list]

The shared real transcripts hold almost no PHI (PriMock57 is role-played, MTS-Dialog and
ACI-Bench are de-identified already), so nearly every detection here is a false alarm: a
drug, a condition or an everyday word removed. The counts are a precision check on text
nobody here wrote: 20 PriMock57 consultations, 100 MTS-Dialog validation dialogues and 20
ACI-Bench validation encounters (lowercase speech-recognition style), each detected as one
patient's encounter, turn by turn with the turn before. Prints detections per dataset, the
time (models loading included) and peak memory; ``--list`` prints every detection.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from rapport.ingest import find_sources, read_encounters
from rapport.privacy.detect import PatientDetector

SAMPLES = (
    ("PriMock57", Path("primock57") / "transcripts", 20),
    ("MTS-Dialog", Path("mts-dialog") / "MTS-Dialog-ValidationSet.csv", 100),
    ("ACI-Bench", Path("aci-bench") / "valid.csv", 20),
)


def main() -> None:
    here = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=here.parent / "shared")
    parser.add_argument("--list", action="store_true", help="print every detection")
    args = parser.parse_args()
    started = time.perf_counter()
    total_turns = 0
    for name, relative, limit in SAMPLES:
        encounters = []
        for source in find_sources([args.shared / "datasets" / relative]):
            encounters.extend(read_encounters(source))
            if len(encounters) >= limit:
                break
        turns = found = 0
        for encounter in encounters[:limit]:
            detector = PatientDetector(encounter.participants)
            texts = [turn.text for turn in encounter.turns]
            detector.learn(texts)
            previous = None
            for text in texts:
                for finding in detector.find(text, previous):
                    found += 1
                    if args.list:
                        print(f"  {name}: {text[finding.start : finding.end]!r} {finding.category}")
                previous = text
                turns += 1
        total_turns += turns
        print(f"{name}: {turns} turns, {found} detections ({1000 * found / turns:.1f} per 1,000)")
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(f"{total_turns} turns in {elapsed:.1f} s, models loading included; peak {peak:.2f} GB")


if __name__ == "__main__":
    main()
