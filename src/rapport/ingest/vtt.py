"""WebVTT captions (Zoom, Teams, Otter exports).

Speakers come from ``<v Name>`` voice spans (Teams) or ``Name: text`` cue text (Zoom);
a cue without a speaker is an error naming its line. Consecutive cues of one speaker at
most ``MERGE_GAP_SECONDS`` apart become one turn (start of the first, end of the last);
see ``assemble.py``.
"""

from __future__ import annotations

import html
from pathlib import Path

from rapport.errors import IngestError
from rapport.ingest.assemble import Draft, build_encounters
from rapport.ingest.cues import blocks, parse_cues
from rapport.ingest.decoding import decode_transcript
from rapport.ingest.options import ReadOptions
from rapport.ingest.timestamps import format_clock
from rapport.model import Encounter


def looks_like_vtt(text: str) -> bool:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return first.startswith("WEBVTT") and (len(first) == 6 or first[6] in " \t")


def parse_vtt(data: bytes, path: Path, options: ReadOptions) -> list[Draft]:
    text = decode_transcript(data, path, options.encoding)
    if not looks_like_vtt(text):
        raise IngestError(path, 1, "not a WebVTT file: the first line must be 'WEBVTT'")
    cue_blocks = blocks(text)[1:]  # the first block is the WEBVTT header
    draft = parse_cues(cue_blocks, path)
    if not draft.utterances:
        raise IngestError(path, None, "no turns found: the WebVTT file has no cues with text")
    return [draft]


def read_vtt(data: bytes, path: Path, options: ReadOptions | None = None) -> list[Encounter]:
    """Encounters (always one) from the bytes of a WebVTT file."""
    options = options or ReadOptions()
    return build_encounters(parse_vtt(data, path, options), [path], path.stem, options)


def write_vtt(encounter: Encounter) -> str:
    """One cue per turn with a ``<v Speaker>`` voice span; every turn needs start and end."""
    parts = ["WEBVTT", ""]
    for turn in encounter.turns:
        if turn.start is None or turn.end is None:
            raise ValueError(f"turn {turn.index} has no start or end time; WebVTT needs both")
        speaker = html.escape(" ".join(turn.speaker.split()), quote=False)
        text = html.escape(" ".join(turn.text.split()), quote=False)
        parts += [
            f"{format_clock(turn.start)} --> {format_clock(turn.end)}",
            f"<v {speaker}>{text}",
            "",
        ]
    return "\n".join(parts)
