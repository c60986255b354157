"""Lines of the form ``Speaker: text``, ``[speaker] text`` and their timestamps.

Shared by the plain-text, DOCX, SRT/VTT-cue and CSV-dialogue readers, so that a transcript
pasted from one format into another reads the same. Accepted, per line:

* ``Dr Lee: text`` (a label of at most five words, then a colon and a space),
* ``[doctor] text`` (a bracketed label; ``[laughs]``, ``[inaudible]`` and the like are not
  speakers),
* an optional timestamp ``[hh:mm:ss]``, ``[mm:ss]``, ``(mm:ss)`` or ``(hh:mm:ss)`` (with an
  optional ``.mmm`` fraction) before the label, after the name (``Dr Lee (01:02): text``) or
  just after the colon (``Dr Lee: [01:02] text``).

A line without a label continues the turn before it; blank lines are ignored. A line with a
timestamp but no label starts a new turn by the same speaker, and a line holding only a
timestamp gives its time to the next turn. Only start times exist here, so ``end`` stays
``None``. Turns whose text stays empty are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rapport.errors import IngestError
from rapport.ingest.assemble import Utterance
from rapport.ingest.timestamps import format_clock, parse_clock

# Brackets whose content is digits, colons and a fraction are timestamps (maybe malformed).
_TIMESTAMP = r"[\[(]\s*(?P<{name}>\d[\d:.,]*)\s*[\])]"
_LEADING_TIMESTAMP = re.compile(r"^\s*" + _TIMESTAMP.format(name="time") + r"\s*(?P<rest>.*)$")
_COLON_LABEL = re.compile(
    r"^(?P<name>[^\W\d_][^:\[\]()?!,;\"“”]{0,47}?)\s*"
    r"(?:" + _TIMESTAMP.format(name="time") + r"\s*)?"
    r":(?:\s+|$)(?P<text>.*)$"
)
_BRACKET_LABEL = re.compile(r"^\[(?P<name>[^\W\d_][\w .'’-]{0,39}?)\]\s*(?P<text>.*)$")
_MAX_LABEL_WORDS = 5
# Transcribers' bracketed notes that are not speaker names.
_NOT_SPEAKERS = frozenset(
    {
        "laughter", "laughs", "laughing", "crosstalk", "inaudible", "unintelligible",
        "indiscernible", "silence", "pause", "music", "noise", "applause", "cough", "coughs",
        "coughing", "sigh", "sighs", "crying", "cries", "overlapping", "overtalk", "background",
        "phone", "rings", "break", "end",
    }
)  # fmt: skip


@dataclass(slots=True)
class LabelledLine:
    speaker: str | None
    text: str
    start: float | None


def _is_annotation(name: str) -> bool:
    return all(word in _NOT_SPEAKERS for word in name.lower().split())


def _clock_or_error(text: str) -> float:
    if ":" not in text:
        raise ValueError(f"malformed timestamp {text!r}: expected [hh:]mm:ss[.mmm]")
    return parse_clock(text)


def parse_line(line: str, *, timestamps: bool = True) -> LabelledLine:
    """Split one line into speaker, text and start; ``ValueError`` for a malformed timestamp.

    With ``timestamps=False`` bracketed times are left in the text (cue files have their own).
    """
    rest = line.strip()
    start: float | None = None
    leading = _LEADING_TIMESTAMP.match(rest) if timestamps else None
    if leading is not None:
        start = _clock_or_error(leading["time"])
        rest = leading["rest"]
    speaker: str | None = None
    colon = _COLON_LABEL.match(rest)
    bracket = _BRACKET_LABEL.match(rest)
    if colon is not None and len(colon["name"].split()) <= _MAX_LABEL_WORDS:
        speaker = colon["name"].strip()
        if colon["time"] is not None and timestamps:
            start = _clock_or_error(colon["time"])
        rest = colon["text"]
    elif bracket is not None and not _is_annotation(bracket["name"]):
        speaker = bracket["name"].strip()
        rest = bracket["text"]
    if speaker is not None and start is None and timestamps:
        after = _LEADING_TIMESTAMP.match(rest)
        if after is not None:
            start = _clock_or_error(after["time"])
            rest = after["rest"]
    return LabelledLine(speaker, " ".join(rest.split()), start)


def located_reason(unit: str, number: int, reason: str) -> str:
    """Prefix ``reason`` with "paragraph N: " where locations are not plain lines."""
    return reason if unit == "line" else f"{unit} {number}: {reason}"


def utterances_from_lines(
    lines: Iterable[tuple[int, str]], path: Path, unit: str = "line"
) -> list[Utterance]:
    """Utterances from numbered lines; ``unit`` names a location in messages ("paragraph")."""
    utterances: list[Utterance] = []
    pending_start: float | None = None
    for number, line in lines:
        if not line.strip():
            continue
        try:
            parsed = parse_line(line)
        except ValueError as error:
            raise IngestError(path, number, located_reason(unit, number, str(error))) from None
        if parsed.speaker is None and parsed.start is not None and not parsed.text:
            pending_start = parsed.start
            continue
        current = utterances[-1] if utterances else None
        if parsed.speaker is None and parsed.start is None:
            if current is None:
                reason = "text before the first speaker label; expected 'Speaker: text'"
                raise IngestError(path, number, located_reason(unit, number, reason))
            current.text = f"{current.text} {parsed.text}".strip()
            continue
        speaker = parsed.speaker
        if speaker is None:
            if current is None:
                reason = "timestamped text before the first speaker label"
                raise IngestError(path, number, located_reason(unit, number, reason))
            speaker = current.speaker
        start = parsed.start if parsed.start is not None else pending_start
        pending_start = None
        utterances.append(Utterance(speaker, parsed.text, number, start))
    return [utterance for utterance in utterances if utterance.text]


def format_line(speaker: str, text: str, start: float | None) -> str:
    """The line ``parse_line`` reads back as (speaker, text, start)."""
    stamp = f"[{format_clock(start)}] " if start is not None else ""
    return f"{stamp}{speaker}: {text}"
