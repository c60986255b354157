"""Cross-check the shipped coder on data nobody here wrote or labelled.

The physical-activity counseling dialogs (Liang et al., SIGDIAL 2021; Apache-2.0) are
labelled with a RIAS-like scheme. Three labels map onto Kaye codes:
Approve/Encourage -> respecting, Give-Opinion -> giving_opinion, Off-task ->
friendly_conversation. Only coach turns are scored; they are health coaching, not oncology,
so this measures transfer, not in-domain accuracy.

Run: .venv/bin/python benchmarks/cross_check_counseling.py
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.metrics import cohen_kappa_score, precision_recall_fscore_support

from rapport.coding import code_encounters, default_coder
from rapport.model import Encounter, Participant, Role, Turn

MAPPING = {
    "respecting": ("social_exchange", "Approve/Encourage"),
    "giving_opinion": ("task_focused", "Give-Opinion"),
    "friendly_conversation": ("social_exchange", "Off-task"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    here = Path(__file__).resolve().parents[1]
    parser.add_argument("--shared", type=Path, default=here.parent / "shared")
    args = parser.parse_args()
    path = args.shared / "datasets" / "physical-activity-counseling" / "all_dialogs_flat.csv"
    rows_by_dialog: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["speaker_role"] in {"coach", "participant"}:
                rows_by_dialog[row["dialog_file"]].append(row)
    encounters, gold_rows = [], []
    for dialog, rows in sorted(rows_by_dialog.items()):
        role = {"coach": Role.CLINICIAN, "participant": Role.PATIENT}
        turns = [
            Turn(i, r["speaker_role"], role[r["speaker_role"]], r["utterance"])
            for i, r in enumerate(rows)
        ]
        participants = [
            Participant("coach", Role.CLINICIAN),
            Participant("participant", Role.PATIENT),
        ]
        encounters.append(Encounter(dialog, turns, participants=participants))
        gold_rows.extend(rows)
    coder = default_coder()
    coded = code_encounters(encounters, coder)
    coach = [i for i, item in enumerate(coded) if item.turn.role == Role.CLINICIAN]
    print(f"{len(coach)} coach turns in {len(encounters)} dialogs; coder {coder.model_version_}")
    print(f"{'code':24s} {'gold':>5s} {'coded':>6s} {'P':>5s} {'R':>5s} {'F1':>5s} {'kappa':>6s}")
    for code, (column, label) in MAPPING.items():
        gold = np.array([gold_rows[i][column] == label for i in coach], dtype=int)
        decided = np.array([code in dict(coded[i].codes) for i in coach], dtype=int)
        p, r, f, _ = precision_recall_fscore_support(
            gold, decided, average="binary", zero_division=0
        )
        kappa = cohen_kappa_score(gold, decided)
        print(
            f"{code:24s} {gold.sum():5d} {decided.sum():6d} {p:5.2f} {r:5.2f} {f:5.2f} {kappa:6.2f}"
        )


if __name__ == "__main__":
    main()
