"""Praat TextGrid files, long ("ooTextFile" with labels) and short (values only) text forms.

Parsed here rather than with praatio so that every error names a line. Praat's text
format is a sequence of numbers, quoted strings (``""`` escapes a quote) and flags such as
``<exists>``; labels like ``xmin =`` and indexes like ``[3]`` are decoration, which is why
one tokenizer reads both forms.

Rules: every interval tier is one speaker, named by the tier. A single-tier file whose tier
has a generic name ("Speaker", "Transcription", ...) takes its speaker from the file name's
last ``_part`` (``day1_consultation01_doctor.TextGrid`` -> "Doctor"), which is how
per-speaker files such as PriMock57's are told apart; such files are merged by start time
(``assemble.combine_drafts``). Empty intervals are gaps, not turns. Transcriber tags are
cleaned the PriMock57 way: ``<UNSURE>x</UNSURE>`` keeps ``x``; ``<UNIN/>`` and other
``<TAG/>`` marks are dropped. An interval that held only such marks is still a turn (someone
spoke, unintelligibly) with empty text, so that pauses are not overstated.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from rapport.errors import IngestError
from rapport.ingest.assemble import Draft, Utterance, build_encounters
from rapport.ingest.decoding import decode_transcript, normalise_newlines
from rapport.ingest.options import ReadOptions
from rapport.model import Encounter

_TOKEN = re.compile(
    r"""(?P<string>"(?:[^"]|"")*")
      | (?P<unterminated>"[^"]*\Z)
      | (?P<flag><[A-Za-z]+>)
      | =[ \t]*(?P<word_value>[A-Za-z_]\w*)
      | (?P<skip>\[[^\]\n]*\] | ![^\n]* | [A-Za-z_][\w?]* | [^\s"<\d.+-])
      | (?P<number>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
      | (?P<other>\S)""",
    re.VERBOSE,
)
_UNSURE = re.compile(r"</?UNSURE>", re.IGNORECASE)
_MARK = re.compile(r"<[A-Za-z_]+\s*/>")
GENERIC_TIER_NAMES = frozenset(
    {"", "speaker", "speakers", "tier", "tier1", "tier 1", "transcription", "transcript",
     "utterance", "utterances", "text", "default", "sentences", "turns"}
)  # fmt: skip
UNINTELLIGIBLE_MARK = "<UNIN/>"


@dataclass(slots=True)
class _Token:
    kind: str
    value: str
    line: int


def _tokens(text: str, path: Path) -> list[_Token]:
    found: list[_Token] = []
    line = 1
    position = 0
    for match in _TOKEN.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        kind = match.lastgroup or "other"
        if kind == "unterminated":
            raise IngestError(path, line, "unterminated string: a '\"' is never closed")
        if kind == "word_value":  # "xmax = four": a value that is not a number
            found.append(_Token("other", match["word_value"], line))
        elif kind in ("string", "flag", "number", "other"):
            found.append(_Token(kind, match.group(), line))
    return found


class _Reader:
    """Reads values off the token list, raising errors that name the line and the field."""

    def __init__(self, tokens: list[_Token], path: Path) -> None:
        self.tokens = tokens
        self.position = 0
        self.path = path

    @property
    def remaining(self) -> int:
        return len(self.tokens) - self.position

    def _next(self, what: str) -> _Token:
        if self.position >= len(self.tokens):
            last = self.tokens[-1].line if self.tokens else None
            raise IngestError(self.path, last, f"file ends early: expected {what}")
        token = self.tokens[self.position]
        self.position += 1
        return token

    def string(self, what: str) -> tuple[str, int]:
        token = self._next(what)
        if token.kind != "string":
            raise IngestError(
                self.path, token.line, f"expected {what} (a quoted string), found {token.value!r}"
            )
        return token.value[1:-1].replace('""', '"'), token.line

    def number(self, what: str) -> tuple[float, int]:
        token = self._next(what)
        if token.kind != "number":
            raise IngestError(
                self.path, token.line, f"expected {what} (a number), found {token.value!r}"
            )
        value = float(token.value)
        if not math.isfinite(value):
            raise IngestError(
                self.path, token.line, f"malformed timestamp: {what} is {token.value!r}"
            )
        return value, token.line

    def count(self, what: str, per_item: int) -> int:
        value, line = self.number(what)
        if value < 0 or value != int(value):
            raise IngestError(self.path, line, f"bad {what}: {value:g}")
        if value * per_item > self.remaining:
            last = self.tokens[-1].line
            reason = f"file ends early: {what} is {value:g} (line {line}) but fewer follow"
            raise IngestError(self.path, last, reason)
        return int(value)

    def flag(self, what: str) -> str:
        token = self._next(what)
        if token.kind != "flag":
            raise IngestError(
                self.path, token.line, f"expected {what} (<exists>), found {token.value!r}"
            )
        return token.value


def clean_text(raw: str) -> str:
    return " ".join(_MARK.sub(" ", _UNSURE.sub("", raw)).split())


def _speaker_from_file(path: Path) -> str | None:
    stem, underscore, part = path.stem.rpartition("_")
    return part.replace("-", " ").title() if underscore and stem and part else None


def parse_textgrid(data: bytes, path: Path, options: ReadOptions) -> list[Draft]:
    text = decode_transcript(data, path, options.encoding)
    reader = _Reader(_tokens(text, path), path)
    file_type, line = reader.string("the file type")
    if file_type != "ooTextFile":
        raise IngestError(path, line, f"not a Praat text file (file type {file_type!r})")
    object_class, line = reader.string("the object class")
    if object_class != "TextGrid":
        raise IngestError(path, line, f"not a TextGrid (object class {object_class!r})")
    reader.number("the TextGrid xmin")
    reader.number("the TextGrid xmax")
    tiers: list[tuple[str, list[Utterance]]] = []
    if reader.flag("the tiers flag") == "<exists>":
        for _ in range(reader.count("number of tiers", 5)):
            tiers.append(_read_tier(reader))
    if len(tiers) == 1 and tiers[0][0].strip().lower() in GENERIC_TIER_NAMES:
        speaker = _speaker_from_file(path)
        if speaker is not None:
            for utterance in tiers[0][1]:
                utterance.speaker = speaker
    keyed = [
        ((u.start or 0.0, tier_order, order), u)
        for tier_order, (_, utterances) in enumerate(tiers)
        for order, u in enumerate(utterances)
    ]
    keyed.sort(key=lambda pair: pair[0])
    utterances = [u for _, u in keyed]
    if not utterances:
        raise IngestError(path, None, "no turns found: every interval of the TextGrid is empty")
    return [Draft(path, utterances, single_stream=False)]


def _read_tier(reader: _Reader) -> tuple[str, list[Utterance]]:
    tier_class, line = reader.string("the tier class")
    name, _ = reader.string("the tier name")
    reader.number("the tier xmin")
    reader.number("the tier xmax")
    speaker = " ".join(name.split()) or "Speaker"
    utterances: list[Utterance] = []
    if tier_class == "IntervalTier":
        for _ in range(reader.count("number of intervals", 3)):
            start, line = reader.number("an interval xmin")
            end, _ = reader.number("an interval xmax")
            raw, _ = reader.string("an interval text")
            if raw.strip():
                utterances.append(Utterance(speaker, clean_text(raw), line, start, end))
    elif tier_class == "TextTier":  # point tiers mark moments, not talk
        for _ in range(reader.count("number of points", 2)):
            reader.number("a point time")
            reader.string("a point mark")
    else:
        raise IngestError(reader.path, line, f"unknown tier class {tier_class!r}")
    return name, utterances


def tier_count(data: bytes) -> int | None:
    """How many tiers a TextGrid holds, from its header; ``None`` if that cannot be told."""
    try:
        text = data[:4096].decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    # The header fits in the first lines; a cut-off string further down must not matter.
    head = "\n".join(normalise_newlines(text).split("\n")[:12])
    tokens = [t for t in _tokens_lenient(head) if t.kind in ("flag", "number")]
    if len(tokens) >= 4 and tokens[2].value == "<exists>" and tokens[3].kind == "number":
        try:
            return int(float(tokens[3].value))
        except (ValueError, OverflowError):
            return None
    return None


def _tokens_lenient(text: str) -> list[_Token]:
    try:
        return _tokens(text, Path("-"))
    except IngestError:
        return []


def read_textgrid(data: bytes, path: Path, options: ReadOptions | None = None) -> list[Encounter]:
    """Encounters (always one) from the bytes of one TextGrid."""
    options = options or ReadOptions()
    return build_encounters(parse_textgrid(data, path, options), [path], path.stem, options)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _intervals_with_gaps(
    speaker: str, spans: list[tuple[float, float, str]], total: float
) -> list[tuple[float, float, str]]:
    intervals: list[tuple[float, float, str]] = []
    cursor = 0.0
    for start, end, text in sorted(spans):
        if start < cursor:
            raise ValueError(f"{speaker!r} has overlapping turns; a tier cannot hold them")
        if start > cursor:
            intervals.append((cursor, start, ""))
        intervals.append((start, end, text))
        cursor = end
    if cursor < total:
        intervals.append((cursor, total, ""))
    return intervals


def write_textgrid(encounter: Encounter) -> str:
    """A long-form TextGrid with one interval tier per speaker; gaps become empty intervals.

    Every turn needs start and end, and one speaker's turns may not overlap. Turns with
    empty text are written as ``<UNIN/>`` so that they read back as turns.
    """
    by_speaker: dict[str, list[tuple[float, float, str]]] = {}
    for turn in encounter.turns:
        if turn.start is None or turn.end is None:
            raise ValueError(f"turn {turn.index} has no start or end time; TextGrid needs both")
        text = " ".join(turn.text.split()) or UNINTELLIGIBLE_MARK
        by_speaker.setdefault(turn.speaker, []).append((turn.start, turn.end, text))
    total = max((end for spans in by_speaker.values() for _, end, _ in spans), default=0.0)
    lines = ['File type = "ooTextFile"', 'Object class = "TextGrid"', ""]
    lines += ["xmin = 0", f"xmax = {total!r}", "tiers? <exists>", f"size = {len(by_speaker)}"]
    lines.append("item []:")
    for tier_number, (speaker, spans) in enumerate(by_speaker.items(), start=1):
        intervals = _intervals_with_gaps(speaker, spans, total)
        lines += [f"    item [{tier_number}]:", '        class = "IntervalTier"']
        lines += [f"        name = {_quote(speaker)}", "        xmin = 0"]
        lines += [f"        xmax = {total!r}", f"        intervals: size = {len(intervals)}"]
        for number, (start, end, text) in enumerate(intervals, start=1):
            lines += [f"        intervals [{number}]:", f"            xmin = {start!r}"]
            lines += [f"            xmax = {end!r}", f"            text = {_quote(text)}"]
    return "\n".join(lines) + "\n"
