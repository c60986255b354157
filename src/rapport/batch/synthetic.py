"""SYNTHETIC transcripts in bulk, for batch tests and throughput benchmarks.

Every encounter is made up from a small bank of lines (no real patient, clinician or
conversation); the lines carry the cues the coders respond to (apologies, naming
feelings, warning shots, humour, plans), so coding them does realistic work.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

CLINICIAN_LINES = (
    "Hi, come on in. How have you been since we last saw you?",
    "I remember you said the nights were the hardest part. How is sleep now?",
    "I'm afraid I don't have the news we were hoping for today.",
    "The scan shows the tumour has grown a little since last time.",
    "I'm so sorry. This is really hard to hear.",
    "It sounds like you're feeling scared, and that makes complete sense.",
    "We're in this together, and we will keep going as a team.",
    "Let me draw this for you, it's a bit like a garden with weeds coming back.",
    "What questions do you have for me? There's no rush.",
    "So to sum up: we'll start the new medicine on Monday and check in next week.",
    "Honestly, if it were my child I would choose the same plan.",
    "That hat is amazing, are you going to lend it to me?",
    "We will not leave you alone with this, whatever happens.",
    "Tell me more about what worries you most.",
    "The tiredness you mentioned is probably from the anaemia, which we can treat.",
)
FAMILY_LINES = (
    "Okay.",
    "We were hoping it was nothing.",
    "I can't believe it's back.",
    "What happens now?",
    "She's been so tired lately.",
    "Thank you for explaining it like that.",
    "Will it hurt?",
    "I just want her to be able to go back to school.",
    "Yeah, I think that makes sense.",
    "Can we still go to the beach in July?",
)
SETTINGS = ("clinic", "inpatient", "telephone", "video")
SUBTYPES = ("disease_reevaluation", "bad_news", "treatment_planning", "follow_up")


def synthetic_transcript(number: int, n_turns: int, rng: random.Random) -> dict[str, object]:
    """One encounter in Rapport transcript JSON, timed, alternating clinician and family."""
    patient = f"syn{number // 4:05d}"
    day = dt.date(2025, 1, 6) + dt.timedelta(days=number % 365)
    clock = 2.0
    turns = []
    for index in range(n_turns):
        clinician = index % 2 == 0
        text = rng.choice(CLINICIAN_LINES if clinician else FAMILY_LINES)
        length = 1.5 + len(text) / 15
        turns.append(
            {
                "speaker": "Dr Rowan" if clinician else "Parent",
                "role": "clinician" if clinician else "parent",
                "text": text,
                "start": round(clock, 2),
                "end": round(clock + length, 2),
            }
        )
        clock += length + rng.uniform(0.3, 2.0)
    return {
        "id": f"{patient}-{day.isoformat()}-{number:05d}",
        "patient": patient,
        "date": day.isoformat(),
        "setting": SETTINGS[number % len(SETTINGS)],
        "subtype": SUBTYPES[number % len(SUBTYPES)],
        "metadata": {"synthetic": True, "notice": "SYNTHETIC encounter; no real patient."},
        "turns": turns,
    }


def write_synthetic_transcripts(
    folder: str | Path, n_encounters: int, n_turns: int = 50, *, seed: int = 0
) -> list[Path]:
    """Write ``n_encounters`` SYNTHETIC transcripts of ``n_turns`` turns as JSON files."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for number in range(n_encounters):
        document = synthetic_transcript(number, n_turns, rng)
        path = root / f"encounter-{number:05d}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        paths.append(path)
    return paths
