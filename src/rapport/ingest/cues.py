"""Cue-based subtitle files (WebVTT and SRT): blocks of a timing line and some text.

Both formats are read by one parser because real files mix their habits: SRT files with
``<v>`` tags, VTT files with ``Name: text``, commas or points before milliseconds.
The speaker of a cue comes from ``<v Name>`` voice spans or from a ``Name:``/``[Name]``
label (``labels.py``); a cue without a speaker is an error. A cue with several voices or
labelled lines gives one utterance per speaker, all with the cue's times.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from rapport.errors import IngestError
from rapport.ingest.assemble import Draft, Utterance
from rapport.ingest.labels import parse_line
from rapport.ingest.timestamps import parse_clock

_TIMING = re.compile(r"^\s*(?P<start>\S+)\s+-->\s+(?P<end>\S+)(?:\s.*)?$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+(?P<name>[^>]*))?>", re.IGNORECASE)
_TAG = re.compile(r"</?[^>]*>")


@dataclass(slots=True)
class Block:
    """Consecutive non-blank lines; ``first_line`` is the 1-based number of the first."""

    first_line: int
    lines: list[str]


def blocks(text: str) -> list[Block]:
    found: list[Block] = []
    current: Block | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            current = None
            continue
        if current is None:
            current = Block(number, [])
            found.append(current)
        current.lines.append(line)
    return found


def _parse_timing(line: str, path: Path, number: int) -> tuple[float, float]:
    match = _TIMING.match(line)
    if match is None:
        raise IngestError(
            path, number, f"malformed cue timing {line.strip()!r}: expected 'start --> end'"
        )
    try:
        return parse_clock(match["start"]), parse_clock(match["end"])
    except ValueError as error:
        raise IngestError(path, number, str(error)) from None


def _clean(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def _voice_segments(payload: str) -> list[tuple[str | None, str]]:
    """(speaker, text) pieces of a cue split at ``<v Name>`` tags; speaker None before any."""
    segments: list[tuple[str | None, str]] = []
    position = 0
    speaker: str | None = None
    for match in _VOICE.finditer(payload):
        segments.append((speaker, payload[position : match.start()]))
        speaker = " ".join(html.unescape(match["name"] or "").split()) or None
        position = match.end()
    segments.append((speaker, payload[position:]))
    return [(who, _clean(text)) for who, text in segments if _clean(text)]


def _cue_utterances(
    lines: list[str], timing_line: int, start: float, end: float, path: Path
) -> list[Utterance]:
    """The utterances of one cue, each located at the cue's timing line."""
    first_line = timing_line + 1
    payload = "\n".join(lines)
    found: list[Utterance] = []
    if _VOICE.search(payload):
        for speaker, text in _voice_segments(payload):
            if speaker is None:
                raise IngestError(
                    path, first_line, f"cue text {text[:40]!r} is outside any <v Name> voice"
                )
            found.append(Utterance(speaker, text, timing_line, start, end))
    else:
        for offset, line in enumerate(lines):
            # A bracketed time inside cue text is just text: the cue has its own times.
            parsed = parse_line(_clean(line), timestamps=False)
            if parsed.speaker is not None:
                found.append(Utterance(parsed.speaker, parsed.text, timing_line, start, end))
            elif found:
                found[-1].text = f"{found[-1].text} {parsed.text}".strip()
            elif parsed.text:
                reason = "cue has no speaker: expected '<v Name>text' or 'Name: text'"
                raise IngestError(path, first_line + offset, reason)
    merged: list[Utterance] = []
    for utterance in found:
        if merged and merged[-1].speaker == utterance.speaker:
            merged[-1].text = f"{merged[-1].text} {utterance.text}".strip()
        elif utterance.text:
            merged.append(utterance)
    return merged


def parse_cues(text_blocks: list[Block], path: Path) -> Draft:
    """A draft from the cue blocks of a subtitle file (header blocks already removed).

    A block without a timing line continues the previous cue's text (a blank line inside a
    cue); before any cue it is an error.
    """
    utterances: list[Utterance] = []
    for block in text_blocks:
        head = block.lines[0].strip()
        if head.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in head:
            continue
        timing_index = next((i for i, line in enumerate(block.lines[:2]) if "-->" in line), None)
        if timing_index is None:
            if not utterances:
                reason = "expected a cue: an optional number, then 'start --> end'"
                raise IngestError(path, block.first_line, reason)
            extra = _clean(" ".join(block.lines))
            utterances[-1].text = f"{utterances[-1].text} {extra}".strip()
            continue
        timing_line = block.first_line + timing_index
        start, end = _parse_timing(block.lines[timing_index], path, timing_line)
        payload = block.lines[timing_index + 1 :]
        utterances.extend(_cue_utterances(payload, timing_line, start, end, path))
    return Draft(path, utterances, merge_cues=True)
