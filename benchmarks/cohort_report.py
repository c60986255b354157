"""How long the cohort report takes, and how much memory, for a large synthetic cohort.

Run: .venv/bin/python benchmarks/cohort_report.py [--encounters 10000] [--turns 100] [--pdf]
Builds N encounters of T turns (clinician and parent alternating, timed, four subtypes,
three settings, 40 clinicians, 2,000 patients with serial visits) and about one coding per
four clinician turns, in memory, then times the cohort report: the analysis tables, the
charts and the HTML page (with --pdf, also the PDF). Each phase's time and the process's
peak memory are printed as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import resource
import sys
import time

from rapport.analysis import Corpus
from rapport.codebooks import load_codebook
from rapport.model import Coding, Encounter, Origin, Role, Setting, Turn
from rapport.report import cohort_context, pdf_bytes, render_html

CLINICIAN_LINES = [
    "I'm afraid the scan shows the tumour has grown a little since last time.",
    "How did the trip to the lake go? Did Sam catch anything?",
    "If it were my child, I would want to try the trial.",
    "We are not going anywhere; we will figure this out together.",
    "Let's look at the picture of the scan together, this is the liver here.",
    "What questions do you have for me today?",
]
FAMILY_LINES = [
    "Okay.",
    "I'm so scared about what this means for her.",
    "We went camping last weekend, she loved it.",
    "What happens now?",
    "I just can't do this again.",
]
SUBTYPES = ["disease_reevaluation", "bad_news", "stable", "treatment_planning"]
SETTINGS = [Setting.CLINIC, Setting.INPATIENT, Setting.TELEPHONE]


def synthetic_cohort(
    n_encounters: int, n_turns: int, seed: int = 7
) -> tuple[list[Encounter], list[Coding]]:
    rng = random.Random(seed)
    codes = load_codebook("kaye2021").code_ids
    encounters, codings = [], []
    start = dt.date(2020, 1, 1)
    for number in range(n_encounters):
        clinician = f"Dr {number % 40:02d}"
        turns, clock = [], 0.0
        for index in range(n_turns):
            is_clinician = index % 2 == 0
            text = rng.choice(CLINICIAN_LINES if is_clinician else FAMILY_LINES)
            length = 2.0 + len(text) / 15
            turns.append(
                Turn(
                    index,
                    clinician if is_clinician else "Mother",
                    Role.CLINICIAN if is_clinician else Role.PARENT,
                    text,
                    clock,
                    clock + length,
                )
            )
            clock += length + rng.choice((0.3, 0.5, 1.0, 6.0))
            if is_clinician and rng.random() < 0.25:
                codings.append(
                    Coding(
                        f"e{number:06d}",
                        index,
                        rng.choice(codes),
                        Origin.AUTO,
                        score=0.8,
                        model_version="bench",
                    )
                )
        encounters.append(
            Encounter(
                f"e{number:06d}",
                turns,
                patient=f"p{number % 2000:04d}",
                date=start + dt.timedelta(days=number % 1500),
                setting=SETTINGS[number % 3],
                subtype=SUBTYPES[number % 4],
            )
        )
    return encounters, codings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--encounters", type=int, default=10_000)
    parser.add_argument("--turns", type=int, default=100)
    parser.add_argument("--pdf", action="store_true")
    args = parser.parse_args()
    encounters, codings = synthetic_cohort(args.encounters, args.turns)
    codebook = load_codebook("kaye2021")
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    corpus = Corpus(encounters, codings, codebook)
    _ = corpus.turns, corpus.coded, corpus.encounter_table
    timings["tables_s"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    context = cohort_context(corpus)
    timings["analysis_and_charts_s"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    html = render_html(context)
    timings["html_s"] = time.perf_counter() - t2
    timings["report_total_s"] = time.perf_counter() - t0
    if args.pdf:
        t3 = time.perf_counter()
        pdf = pdf_bytes(html)
        timings["pdf_s"] = time.perf_counter() - t3
        timings["pdf_kb"] = len(pdf) / 1024
    result = {
        "encounters": len(encounters),
        "turns": sum(len(e.turns) for e in encounters),
        "codings": len(codings),
        **{key: round(value, 2) for key, value in timings.items()},
        "html_kb": round(len(html.encode()) / 1024),
        "rss_before_report_mb": round(before_mb),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "machine": f"{platform.processor() or platform.machine()}, {sys.version.split()[0]}",
        "date": dt.date.today().isoformat(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
