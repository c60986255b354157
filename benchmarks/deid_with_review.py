"""How much of what the detector misses a reviewer would see on the review sheet.

    python benchmarks/deid_with_review.py [--split heldout17] [--list]

De-identification never removes everything (docs/privacy.md). ``rapport deidentify
--review FILE.csv`` lists the words left in place that may still identify someone, so that
a person reads a short list instead of every turn. For each labelled identifier of a test
split that the detector leaves (wholly or in part), this says whether the sheet lists any
of its words, and how long the sheet is. The default split is the last one scored unseen;
sealed splits are refused, so that no one scores one by accident.
"""

from __future__ import annotations

import argparse

from rapport.privacy.engine import common_words
from rapport.privacy.evaluation import covered, detected_turns
from rapport.privacy.review import residuals
from rapport.privacy.testset import SEALED, UNSEEN, load_test_set


def main() -> None:
    unsealed = [s for s in UNSEEN if s not in SEALED]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default=unsealed[0] if unsealed else "heldout")
    parser.add_argument("--list", action="store_true", help="print every miss and its fate")
    args = parser.parse_args()
    if args.split in SEALED:
        parser.error(f"{args.split} is sealed: it is scored once, at the end of its round")
    rows = load_test_set(args.split)
    vocabulary = common_words()
    labelled = missed = on_sheet = sheet = 0
    for row, findings in detected_turns(rows):
        listed = residuals(row.text, findings, vocabulary)
        sheet += len(listed)
        removed = [(f.start, f.end) for f in findings]
        for start, end, category in row.spans:
            labelled += 1
            if covered(start, end, row.text, removed):
                continue
            missed += 1
            seen = any(r.start < end and start < r.end for r in listed)
            on_sheet += seen
            if args.list:
                fate = "on the sheet" if seen else "not listed"
                print(f"{row.id:9} {category!s:13} {row.text[start:end]!r:40} {fate}")
    print(
        f"{args.split}: {labelled} identifiers in {len(rows)} turns; the detector leaves "
        f"{missed}; the review sheet lists {on_sheet} of them "
        f"({sheet} entries, {sheet / len(rows):.2f} a turn). With the review, "
        f"{labelled - missed + on_sheet} of {labelled} "
        f"({(labelled - missed + on_sheet) / labelled:.3f}) are removed or put before a person."
    )


if __name__ == "__main__":
    main()
