"""Benchmark local transcription on synthetic clinical conversations with known answers.

    .venv/bin/python benchmarks/transcription.py [--device cpu|cuda] [--compute-type int8]
        [--beam-size 5] [--out FOLDER] [--json]

Needs the ``audio`` extra and Debian's ``espeak-ng`` and ``sox`` (installed with apt-get when
running as root, else it stops and says so). Three scripted conversations (clinician and
parent; clinician, parent and child), each with pauses of 6 s after an emotional line, are
spoken by different espeak-ng voices and written as one channel per speaker and as a mono
mix, with a WebVTT caption file (padded, times jittered by up to 0.25 s) for alignment.

For each way of finding speakers it reports:

* WER: word error rate of the whole transcript against the script (lower case, no
  punctuation, "Dr"/"Doctor" equal), by word-level Levenshtein distance;
* RTF: wall-clock seconds per second of audio transcribed (model loading excluded, one warm-up
  run first; multi-channel recordings transcribe every channel, so "per recording" is higher);
* pause error: |measured - true| seconds for every scripted pause of 1 s or more, where the
  measured pause is the gap between the transcribed turns around it (what ``silence`` reads);
  "missed" counts pauses that no turn boundary spans;
* silence found: of the 6 s pauses after emotional lines, how many show as a gap of ≥ 5 s;
* speaker-attributed word accuracy: words whose speaker (mapped one-to-one to the script's
  speakers for the best match) is the script's speaker at that word's midpoint;
* DER: diarisation error rate over 10 ms frames, no collar, with the same mapping.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from rapport.audio import transcribe
from rapport.audio.synthetic import EMOTIONAL_PAUSE, SCRIPTS, Reference, make_conversation
from rapport.audio.whisper_model import ensure_model, load_whisper
from rapport.model import Encounter

FRAME = 0.01
METHODS = ("channels", "align", "diarise-known-count", "diarise-estimated-count")


def normalise(text: str) -> list[str]:
    text = text.lower().replace("dr.", "doctor").replace("dr ", "doctor ")
    return re.sub(r"[^a-z0-9' ]+", " ", text).split()


def edit_distance(reference: list[str], hypothesis: list[str]) -> int:
    previous = list(range(len(hypothesis) + 1))
    for i, ref_word in enumerate(reference, 1):
        current = [i]
        for j, hyp_word in enumerate(hypothesis, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref_word != hyp_word))
            )
        previous = current
    return previous[-1]


def speaker_at(reference: Reference, moment: float) -> str:
    """The script's speaker at ``moment``, or the nearest turn's speaker."""
    return min(reference.turns, key=lambda t: max(t.start - moment, moment - t.end, 0.0)).speaker


def best_mapping(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Hypothesis speaker -> reference speaker, one-to-one, maximising agreement."""
    hyps = sorted({h for h, _ in pairs})
    refs = sorted({r for _, r in pairs})
    counts = np.zeros((len(hyps), len(refs)))
    for hyp, ref in pairs:
        counts[hyps.index(hyp), refs.index(ref)] += 1
    rows, cols = linear_sum_assignment(-counts)
    return {hyps[r]: refs[c] for r, c in zip(rows, cols, strict=True)}


def word_accuracy(encounter: Encounter, reference: Reference) -> float:
    words = encounter.metadata["words"]
    pairs = [
        (encounter.turns[w["turn"]].speaker, speaker_at(reference, (w["start"] + w["end"]) / 2))
        for w in words
    ]
    mapping = best_mapping(pairs)
    return sum(mapping.get(h) == r for h, r in pairs) / len(pairs) if pairs else 0.0


def der(encounter: Encounter, reference: Reference) -> float:
    frames = int(reference.duration / FRAME) + 1
    ref = [""] * frames
    hyp = [""] * frames
    for turn in reference.turns:
        for k in range(int(turn.start / FRAME), min(frames, int(turn.end / FRAME))):
            ref[k] = turn.speaker
    for t in encounter.turns:
        if t.start is None or t.end is None:
            continue
        for k in range(int(t.start / FRAME), min(frames, int(t.end / FRAME))):
            hyp[k] = t.speaker
    mapping = best_mapping([(h, r) for h, r in zip(hyp, ref, strict=True) if h and r])
    speech = sum(1 for r in ref if r)
    missed = sum(1 for h, r in zip(hyp, ref, strict=True) if r and not h)
    false_alarm = sum(1 for h, r in zip(hyp, ref, strict=True) if h and not r)
    confusion = sum(1 for h, r in zip(hyp, ref, strict=True) if h and r and mapping.get(h) != r)
    return (missed + false_alarm + confusion) / speech


def pause_errors(encounter: Encounter, reference: Reference) -> dict[str, Any]:
    """Errors for scripted pauses of ≥ 1 s, read as gaps between transcribed turns."""
    gaps = [
        (before.end, after.start)
        for before, after in zip(encounter.turns, encounter.turns[1:], strict=False)
        if before.end is not None and after.start is not None and after.start > before.end
    ]
    errors, missed, silences, found = [], 0, 0, 0
    for index, seconds in reference.pauses:
        if seconds < 1.0:
            continue
        start, end = reference.turns[index].end, reference.turns[index + 1].start
        overlapping = [(min(end, b) - max(start, a), (a, b)) for a, b in gaps]
        overlapping = [pair for pair in overlapping if pair[0] > 0]
        if seconds >= EMOTIONAL_PAUSE:
            silences += 1
        if not overlapping:
            missed += 1
            continue
        a, b = max(overlapping)[1]
        errors.append(abs((b - a) - seconds))
        if seconds >= EMOTIONAL_PAUSE and b - a >= 5.0:
            found += 1
    return {"errors": errors, "missed": missed, "silences": silences, "silences_found": found}


def run(args: argparse.Namespace) -> dict[str, Any]:
    folder = Path(args.out or tempfile.mkdtemp(prefix="rapport-transcription-benchmark-"))
    folder.mkdir(parents=True, exist_ok=True)
    load_whisper(str(ensure_model()), args.device, args.compute_type)
    made = {}
    for name in SCRIPTS:
        multi, mono, reference = make_conversation(name, folder)
        vtt = folder / f"{name}.vtt"
        vtt.write_text(reference.to_vtt(), encoding="utf-8")
        made[name] = (multi, mono, vtt, reference)
    # Warm-up: the first run pays for loading the models (and torch, for diarisation).
    first = next(iter(made.values()))
    transcribe(first[1], device=args.device, compute_type=args.compute_type, speakers=2)
    rows = []
    for name, (multi, mono, vtt, reference) in made.items():
        for method in METHODS:
            options: dict[str, Any] = {}
            audio = mono
            if method == "channels":
                audio = multi
                options["speakers"] = reference.speakers
            elif method == "align":
                options["align"] = vtt
            elif method == "diarise-known-count":
                options["speakers"] = len(reference.speakers)
            began = time.perf_counter()
            encounter = transcribe(
                audio,
                device=args.device,
                compute_type=args.compute_type,
                beam_size=args.beam_size,
                channels="split" if method == "channels" else "mix",
                **options,
            )
            elapsed = time.perf_counter() - began
            passes = len(reference.speakers) if method == "channels" else 1
            ref_words = normalise(" ".join(t.text for t in reference.turns))
            hyp_words = normalise(" ".join(t.text for t in encounter.turns))
            pauses = pause_errors(encounter, reference)
            rows.append(
                {
                    "conversation": name,
                    "method": method,
                    "seconds": round(reference.duration, 1),
                    "speakers": len(reference.speakers),
                    "speakers_found": len({t.speaker for t in encounter.turns}),
                    "wer": edit_distance(ref_words, hyp_words) / len(ref_words),
                    "ref_words": len(ref_words),
                    "rtf_per_recording": elapsed / reference.duration,
                    "rtf_per_audio_second": elapsed / (reference.duration * passes),
                    "pause_errors": pauses["errors"],
                    "pauses_missed": pauses["missed"],
                    "silences": pauses["silences"],
                    "silences_found": pauses["silences_found"],
                    "word_accuracy": word_accuracy(encounter, reference),
                    "der": der(encounter, reference),
                }
            )
            print(f"{name:13} {method:24} done in {elapsed:.1f}s", file=sys.stderr)
    return {
        "machine": f"{platform.machine()}, {_cores()} cores, {platform.python_version()}",
        "device": args.device,
        "compute_type": args.compute_type,
        "beam_size": args.beam_size,
        "model": "whisper-base-ct2-v1",
        "rows": rows,
    }


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


def summary(result: dict[str, Any]) -> str:
    lines = [
        f"machine: {result['machine']}; device {result['device']}, {result['compute_type']}, "
        f"beam {result['beam_size']}, {result['model']}",
        "",
        "| method | WER | RTF per audio s | RTF per recording | pause error mean / max (s) "
        "| pauses missed | silences ≥5 s found | speaker word accuracy | DER |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for method in METHODS:
        rows = [r for r in result["rows"] if r["method"] == method]
        words = sum(r["ref_words"] for r in rows)
        wer = sum(r["wer"] * r["ref_words"] for r in rows) / words
        seconds = sum(r["seconds"] for r in rows)
        rtf_audio = sum(r["rtf_per_audio_second"] * r["seconds"] for r in rows) / seconds
        rtf_recording = sum(r["rtf_per_recording"] * r["seconds"] for r in rows) / seconds
        errors = [e for r in rows for e in r["pause_errors"]]
        mean = sum(errors) / len(errors) if errors else float("nan")
        worst = max(errors) if errors else float("nan")
        missed = sum(r["pauses_missed"] for r in rows)
        silences = sum(r["silences"] for r in rows)
        found = sum(r["silences_found"] for r in rows)
        accuracy = sum(r["word_accuracy"] * r["ref_words"] for r in rows) / words
        der_ = sum(r["der"] * r["seconds"] for r in rows) / seconds
        lines.append(
            f"| {method} | {wer:.1%} | {rtf_audio:.3f} | {rtf_recording:.3f} | "
            f"{mean:.2f} / {worst:.2f} | {missed} | {found}/{silences} | {accuracy:.1%} | "
            f"{der_:.1%} |"
        )
    lines += [
        "",
        "| conversation | method | s | speakers (found) | WER | speaker word acc. | DER |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in result["rows"]:
        lines.append(
            f"| {r['conversation']} | {r['method']} | {r['seconds']} | "
            f"{r['speakers']} ({r['speakers_found']}) | {r['wer']:.1%} | "
            f"{r['word_accuracy']:.1%} | {r['der']:.1%} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--compute-type", default="int8")
    parser.add_argument("--beam-size", type=int, default=5)
    parser.add_argument(
        "--out",
        default=None,
        help="folder for the generated recordings (default: a new temporary folder)",
    )
    parser.add_argument("--json", action="store_true", help="print the raw results as JSON")
    args = parser.parse_args()
    result = run(args)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(summary(result))


if __name__ == "__main__":
    main()
