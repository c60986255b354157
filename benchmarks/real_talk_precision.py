"""How many of the coder's codes on real talk unlike its training data are right.

    python benchmarks/real_talk_precision.py [--shared ../shared]

Two checks, both on real consultations (CC BY 4.0) that the shipped coder never trained on:

1. The 28 PriMock57 consultations kept unseen (every other one in sorted order; the other
   29 gave training turns). The coder codes them and each code is matched with an
   adjudicator's verdict on that turn and code (yes, arguable or no; judged against Table 2
   of Kaye et al. 2021 and the labelling guide, one rater, in
   ``coding/data/held_back/primock_unseen_audit.jsonl``). A code no one has judged yet is
   counted as unjudged: a changed coder needs its new codes judged before its precision
   can be compared.
2. ``coding/data/held_back/real_turns5.jsonl``: 359 real ACI-Bench, MTS-Dialog and PriMock57
   turns where an earlier coder coded something, labelled afterwards blind to its codes.
   The coder's precision against those labels (recall means nothing on turns chosen this
   way).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from rapport import pipeline
from rapport.codebooks import load_codebook
from rapport.coding import code_encounters
from rapport.coding.data import read_examples
from rapport.coding.evaluation import evaluate_examples
from rapport.coding.model_files import load_shipped_coder

HELD_BACK = Path(__file__).resolve().parents[1] / "src/rapport/coding/data/held_back"


def unseen_primock(shared: Path) -> list:
    """The PriMock57 consultations with an odd position in sorted order (never trained on)."""
    parsed = pipeline.parse_paths([shared / "datasets/primock57/transcripts"])
    encounters = sorted((e for s in parsed for e in s.encounters), key=lambda e: e.id)
    return encounters[1::2]


def main() -> None:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=here.parents[1] / "shared")
    args = parser.parse_args()

    coder = load_shipped_coder()
    print(f"coder {coder.model_version_}")

    verdicts = {}
    for line in (HELD_BACK / "primock_unseen_audit.jsonl").read_text().splitlines():
        row = json.loads(line)
        verdicts[(row["encounter"], row["turn"], row["code"])] = row["verdict"]
    encounters = unseen_primock(args.shared)
    clinician_turns = sum(t.role == "clinician" for e in encounters for t in e.turns)
    by_code: dict[str, Counter[str]] = {}
    for item in code_encounters(encounters, coder):
        for code, _ in item.codes:
            verdict = verdicts.get((item.encounter_id, item.turn.index, code), "unjudged")
            by_code.setdefault(code, Counter())[verdict] += 1
    total: Counter[str] = Counter()
    print(f"\n1. {len(encounters)} unseen PriMock57 consultations,", end=" ")
    print(f"{clinician_turns} clinician turns")
    print(f"{'code':28s} {'codes':>5s} {'yes':>4s} {'arg':>4s} {'no':>4s} {'unjudged':>8s}")
    for code, counts in sorted(by_code.items(), key=lambda kv: -sum(kv[1].values())):
        total.update(counts)
        print(
            f"{code:28s} {sum(counts.values()):5d} {counts['yes']:4d} {counts['arguable']:4d} "
            f"{counts['no']:4d} {counts['unjudged']:8d}"
        )
    judged = total["yes"] + total["arguable"] + total["no"]
    if judged:
        low, high = total["yes"] / judged, (total["yes"] + total["arguable"]) / judged
        print(
            f"all: {sum(total.values())} codes, {judged} judged: precision {low:.2f}–{high:.2f} "
            f"(yes, yes + arguable); {total['unjudged']} not judged yet"
        )

    codebook = load_codebook("kaye2021")
    mined = read_examples([HELD_BACK / "real_turns5.jsonl"], codebook.code_ids)
    result = evaluate_examples(coder, mined, n_bootstrap=2).as_dict()
    coded = sum(c["predicted"] for c in result["codes"])
    right = sum(round(c["precision"] * c["predicted"]) for c in result["codes"])
    print(f"\n2. {len(mined)} mined real turns, labelled blind to the coder's codes")
    print(f"{right} of {coded} codes agree with the labels: precision {right / coded:.2f}")


if __name__ == "__main__":
    main()
