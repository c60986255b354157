"""SubRip (``.srt``) subtitles. Named ``srt_format`` so as not to shadow the ``srt`` library.

Speakers come from a ``Name: text`` or ``[Name] text`` prefix (``<v Name>`` also works);
a cue without one is an error. Merging of one speaker's consecutive cues follows the
WebVTT rule (``assemble.py``).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from rapport.errors import IngestError
from rapport.ingest.assemble import Draft, build_encounters
from rapport.ingest.cues import blocks, parse_cues
from rapport.ingest.decoding import decode_transcript
from rapport.ingest.options import ReadOptions
from rapport.ingest.timestamps import format_clock
from rapport.model import Encounter

_FIRST_CUE = re.compile(r"^\s*\d+\s*\n\s*\d+:\d\d:\d\d[,.]\d+\s+-->\s+")


def looks_like_srt(text: str) -> bool:
    return _FIRST_CUE.match(text.lstrip("\ufeff\n ")) is not None


def parse_srt(data: bytes, path: Path, options: ReadOptions) -> list[Draft]:
    text = decode_transcript(data, path, options.encoding)
    draft = parse_cues(blocks(text), path)
    if not draft.utterances:
        raise IngestError(path, None, "no turns found: the SRT file has no cues with text")
    return [draft]


def read_srt(data: bytes, path: Path, options: ReadOptions | None = None) -> list[Encounter]:
    """Encounters (always one) from the bytes of an SRT file."""
    options = options or ReadOptions()
    return build_encounters(parse_srt(data, path, options), [path], path.stem, options)


def write_srt(encounter: Encounter) -> str:
    """Numbered cues of ``Speaker: text``; every turn needs start and end."""
    parts = []
    for number, turn in enumerate(encounter.turns, start=1):
        if turn.start is None or turn.end is None:
            raise ValueError(f"turn {turn.index} has no start or end time; SRT needs both")
        timing = f"{format_clock(turn.start, ',')} --> {format_clock(turn.end, ',')}"
        # escaped as in VTT: the reader unescapes entities, so a literal "&LT" or "<b>" in a
        # turn must be written as "&amp;LT" and "&lt;b>" to read back as it was
        speaker = html.escape(" ".join(turn.speaker.split()), quote=False)
        text = html.escape(" ".join(turn.text.split()), quote=False)
        parts += [str(number), timing, f"{speaker}: {text}", ""]
    return "\n".join(parts)
