"""Speakers from an existing diarised transcript (a Zoom or Teams WebVTT file).

Video platforms know who spoke when (each participant has a microphone), but their
captions are often poor and padded. Each recognised word takes the speaker of the caption
cue it overlaps most; a word that overlaps no cue takes the nearest cue's speaker. The
words keep their own timings, so pauses are measured from the audio, not the captions.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapport.audio.words import Word
from rapport.errors import IngestError
from rapport.ingest.options import ReadOptions
from rapport.ingest.vtt import parse_vtt


@dataclass(slots=True, frozen=True)
class Cue:
    """One caption cue: who spoke between ``start`` and ``end``."""

    speaker: str
    start: float
    end: float


def read_cues(path: str | Path) -> list[Cue]:
    """The timed cues of a WebVTT file, in order of start (not merged into turns)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(path, None, "no such file") from None
    except OSError as error:
        raise IngestError(path, None, f"cannot read file: {error.strerror or error}") from None
    cues = [
        Cue(u.speaker, u.start, u.end)
        for draft in parse_vtt(data, path, ReadOptions())
        for u in draft.utterances
        if u.start is not None and u.end is not None
    ]
    if not cues:
        raise IngestError(path, None, "no timed cues to align speakers with")
    return sorted(cues, key=lambda cue: cue.start)


def align_words(words: Sequence[Word], cues: Sequence[Cue]) -> list[Word]:
    """``words`` (new objects), each with the speaker of the cue it overlaps most."""
    if not cues:
        raise ValueError("no cues to align with")
    cues = sorted(cues, key=lambda cue: cue.start)
    starts = [cue.start for cue in cues]
    longest = max(cue.end - cue.start for cue in cues)
    aligned = []
    for word in words:
        best: Cue | None = None
        best_overlap = 0.0
        # Cues starting before the word ends, back to the longest cue's reach.
        index = bisect.bisect_left(starts, word.end)
        reach = max(0, bisect.bisect_left(starts, word.start - longest) - 1)
        for cue in cues[reach:index]:
            overlap = min(word.end, cue.end) - max(word.start, cue.start)
            if overlap > best_overlap:
                best, best_overlap = cue, overlap
        if best is None:
            middle = (word.start + word.end) / 2
            best = min(
                cues[reach : index + 1],
                key=lambda cue: max(cue.start - middle, middle - cue.end, 0.0),
            )
        aligned.append(word.with_speaker(best.speaker))
    return aligned
