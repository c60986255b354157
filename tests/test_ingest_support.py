"""Shared helpers for the ingest tests: Hypothesis strategies and small builders.

Named ``test_ingest_*`` to live with the ingest tests; it holds no tests itself.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from hypothesis import strategies as st

from rapport.model import Encounter, Role, Turn


def _shared_folder() -> Path:
    """The team's shared/ folder: $RAPPORT_SHARED, beside this checkout (as in CI), or beside
    the repository this checkout was cloned from (a scratch clone in /tmp)."""
    repo = Path(__file__).resolve().parents[1]
    candidates = [repo.parent / "shared"]
    if os.environ.get("RAPPORT_SHARED"):
        candidates.insert(0, Path(os.environ["RAPPORT_SHARED"]))
    origin = subprocess.run(
        ["git", "-C", str(repo), "config", "--get", "remote.origin.url"],
        capture_output=True, text=True, check=False,
    ).stdout.strip()  # fmt: skip
    if origin and Path(origin).is_dir():
        candidates.append(Path(origin).resolve().parent / "shared")
    return next((c for c in candidates if c.is_dir()), candidates[0])


SHARED = _shared_folder()
DATASETS = SHARED / "datasets"

SPEAKER_NAMES = ["Dr Lee", "Mum", "Patient", "Nurse Kim", "Grandma", "Alex", "Dr. O'Brien"]
speaker_names = st.one_of(
    st.sampled_from(SPEAKER_NAMES),
    st.from_regex(r"[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8})?", fullmatch=True),
)
words = st.from_regex(r"[A-Za-zé0-9',.?!&-]{1,10}", fullmatch=True).filter(
    lambda word: word[0].isalpha()
)
texts = st.lists(words, min_size=1, max_size=12).map(" ".join)


@st.composite
def speaker_sequences(draw: st.DrawFn, min_size: int = 1, max_size: int = 12) -> list[str]:
    """Speakers of consecutive turns, never the same one twice in a row."""
    cast = draw(st.lists(speaker_names, min_size=2, max_size=4, unique_by=str.casefold))
    count = draw(st.integers(min_size, max_size))
    sequence: list[str] = []
    for _ in range(count):
        choices = [name for name in cast if not sequence or name != sequence[-1]]
        sequence.append(draw(st.sampled_from(choices)))
    return sequence


@st.composite
def encounters(draw: st.DrawFn, timed: bool = True, max_turns: int = 12) -> Encounter:
    """Encounters with alternating speakers and, if ``timed``, sequential millisecond times."""
    speakers = draw(speaker_sequences(max_size=max_turns))
    turns = []
    clock = draw(st.integers(0, 5_000))
    for index, speaker in enumerate(speakers):
        start = end = None
        if timed:
            duration = draw(st.integers(1, 20_000))
            start, end = clock / 1000, (clock + duration) / 1000
            clock += duration + draw(st.integers(0, 8_000))
        turns.append(Turn(index, speaker, Role.OTHER, draw(texts), start, end))
    return Encounter(id="roundtrip", turns=turns)


def shape(encounter: Encounter) -> list[tuple[str, str, float | None, float | None]]:
    """What a round trip must keep: speaker, text and times (to the millisecond)."""
    return [
        (
            turn.speaker,
            turn.text,
            None if turn.start is None else round(turn.start, 3),
            None if turn.end is None else round(turn.end, 3),
        )
        for turn in encounter.turns
    ]
