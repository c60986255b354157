"""Plain-text transcripts: one ``Speaker: text`` line per turn (see ``labels.py`` for the
accepted label and timestamp forms). Only start times can be written, so ``end`` is
``None`` unless another source provides it."""

from __future__ import annotations

from pathlib import Path

from rapport.ingest.assemble import Draft, build_encounters
from rapport.ingest.decoding import decode_transcript
from rapport.ingest.labels import format_line, utterances_from_lines
from rapport.ingest.options import ReadOptions
from rapport.model import Encounter


def parse_text(data: bytes, path: Path, options: ReadOptions) -> list[Draft]:
    text = decode_transcript(data, path, options.encoding)
    numbered = enumerate(text.split("\n"), start=1)
    return [Draft(path, utterances_from_lines(numbered, path))]


def read_text(data: bytes, path: Path, options: ReadOptions | None = None) -> list[Encounter]:
    """Encounters (always one) from the bytes of a plain-text transcript."""
    options = options or ReadOptions()
    return build_encounters(parse_text(data, path, options), [path], path.stem, options)


def write_text(encounter: Encounter) -> str:
    """``[hh:mm:ss.mmm] Speaker: text`` lines; end times and roles are not kept."""
    lines = [format_line(t.speaker, " ".join(t.text.split()), t.start) for t in encounter.turns]
    return "\n".join(lines) + "\n"
