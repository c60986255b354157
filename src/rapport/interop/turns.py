"""Encounters as REFI-QDA text sources, and text sources back as turns.

Writing: one ``Speaker: text`` line per turn, LF line ends, so turn ``i``'s text starts at a
known code point (``SourceLayout.text_starts``). Reading: the turn table Rapport writes
(speaker, role, text length, timings per turn) rebuilds turns exactly when it still fits
the text; otherwise, and for other tools' sources, turns come from ``Name:`` lines.

A parsed turn keeps the spans of the source it was read from (``pieces``: one per line),
so that a selection given in source code points maps onto the turns it covers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rapport.model import Encounter, Role

UNKNOWN_SPEAKER = "Unknown"
# A label: at most five words starting with a letter, a colon, then a space or the line end.
_LABEL = re.compile(r"^(?P<name>[^\W\d_][^:\[\]()?!,;\"“”]{0,47}?)\s*:(?:[ \t]+|$)")
_MAX_LABEL_WORDS = 5


@dataclass(slots=True)
class SourceLayout:
    """The plain text of an encounter and where each turn's text starts in it."""

    text: str
    text_starts: list[int]


def layout(encounter: Encounter) -> SourceLayout:
    parts: list[str] = []
    starts: list[int] = []
    position = 0
    for turn in encounter.turns:
        prefix = f"{turn.speaker}: "
        starts.append(position + len(prefix))
        line = f"{prefix}{turn.text}\n"
        parts.append(line)
        position += len(line)
    return SourceLayout("".join(parts), starts)


def turn_table(encounter: Encounter) -> dict[str, Any]:
    """What Rapport needs to rebuild the turns exactly (JSON-ready)."""
    return {
        "rapport": "turns",
        "encounter": encounter.id,
        "source": encounter.source,
        "metadata": encounter.metadata,
        "participants": [[p.name, p.role.value, p.role_source] for p in encounter.participants],
        "turns": [
            [t.speaker, t.role.value, len(t.text), t.start, t.end, t.line] for t in encounter.turns
        ],
    }


@dataclass(slots=True)
class ParsedTurn:
    """A turn read from a source: ``pieces`` are its ``[start, end)`` spans in the source."""

    speaker: str
    pieces: list[tuple[int, int]]
    text: str
    line: int | None
    role: Role | None = None
    start: float | None = None
    end: float | None = None


@dataclass(slots=True)
class ParsedSource:
    turns: list[ParsedTurn]
    notes: list[str] = field(default_factory=list)
    participants: list[tuple[str, Role, str]] | None = None


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def from_turn_table(text: str, table: dict[str, Any]) -> list[ParsedTurn] | None:
    """Turns from a Rapport turn table, or ``None`` if the table does not fit ``text``."""
    rows = table.get("turns")
    if not isinstance(rows, list):
        return None
    turns: list[ParsedTurn] = []
    position = 0
    try:
        for row in rows:
            speaker, role, length = str(row[0]), Role(row[1]), int(row[2])
            prefix = f"{speaker}: "
            if text[position : position + len(prefix)] != prefix:
                return None
            begin = position + len(prefix)
            end = begin + length
            if end >= len(text) + 1 or text[end : end + 1] != "\n":
                return None
            line = row[5] if isinstance(row[5], int) and not isinstance(row[5], bool) else None
            turn = ParsedTurn(speaker, [(begin, end)], text[begin:end], line, role)
            turn.start, turn.end = _float(row[3]), _float(row[4])
            turns.append(turn)
            position = end + 1
    except (TypeError, ValueError, IndexError):
        return None
    return turns if position == len(text) else None


def _label(line: str) -> re.Match[str] | None:
    match = _LABEL.match(line)
    if match is None or len(match.group("name").split()) > _MAX_LABEL_WORDS:
        return None
    return match


def from_lines(text: str, source_name: str) -> ParsedSource:
    """Turns from ``Name: text`` lines; a line without a label continues the turn before.

    A source without any label becomes one turn per non-blank line by ``Unknown``.
    """
    lines: list[tuple[int, int, int]] = []  # (line number, start, end) without "\r\n"
    position = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        content = raw[:-1] if raw.endswith("\r") else raw
        lines.append((number, position, position + len(content)))
        position += len(raw) + 1
    labelled = [(n, s, e, _label(text[s:e])) for n, s, e in lines if text[s:e].strip()]
    result = ParsedSource([])
    if not any(match for *_, match in labelled):
        for number, start, end, _ in labelled:
            result.turns.append(
                ParsedTurn(UNKNOWN_SPEAKER, [(start, end)], text[start:end], number)
            )
        if labelled:
            result.notes.append(
                f"text source '{source_name}' has no 'Name:' speaker labels; each of its "
                f"{len(labelled)} paragraph(s) became a turn by '{UNKNOWN_SPEAKER}' (role other)"
            )
        return result
    preamble = False
    for number, start, end, match in labelled:
        if match is not None:
            begin = start + match.end()
            name = match.group("name").strip()
            result.turns.append(ParsedTurn(name, [(begin, end)], text[begin:end], number))
        elif result.turns:
            turn = result.turns[-1]
            turn.pieces.append((start, end))
            turn.text += "\n" + text[start:end]
        else:
            preamble = True
            result.turns.append(
                ParsedTurn(UNKNOWN_SPEAKER, [(start, end)], text[start:end], number)
            )
    if preamble:
        result.notes.append(
            f"text source '{source_name}': text before the first speaker label became a turn by "
            f"'{UNKNOWN_SPEAKER}'"
        )
    return result


@dataclass(slots=True)
class TurnSpan:
    """Part of a selection that falls in one turn: ``[start, end)`` within the turn text."""

    turn_index: int
    start: int
    end: int


def map_selection(turns: Sequence[ParsedTurn], start: int, end: int) -> list[TurnSpan]:
    """The turns a ``[start, end)`` source selection covers, each with its own span."""
    spans: list[TurnSpan] = []
    for index, turn in enumerate(turns):
        base = 0
        first: int | None = None
        last: int | None = None
        for piece_start, piece_end in turn.pieces:
            if start == end:
                if piece_start <= start <= piece_end:
                    first = last = base + start - piece_start
            else:
                low, high = max(start, piece_start), min(end, piece_end)
                if low < high:
                    if first is None:
                        first = base + low - piece_start
                    last = base + high - piece_start
            base += piece_end - piece_start + 1  # pieces are joined by one "\n"
        if first is not None and last is not None:
            spans.append(TurnSpan(index, first, last))
            if start == end:
                break
    return spans
