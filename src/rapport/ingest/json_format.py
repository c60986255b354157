"""Rapport transcript JSON, as specified in ARCHITECTURE.md: one encounter per file.

``{"id", "patient", "date", "setting", "subtype", "participants", "metadata", "turns": [
{"speaker", "role", "text", "start", "end"}]}``; only ``turns`` and each turn's ``speaker``
and ``text`` are required. A top-level list of such objects holds several encounters.
Errors name the line of the offending turn or key.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from rapport.errors import IngestError
from rapport.ingest.assemble import Draft, Utterance, build_encounters
from rapport.ingest.decoding import decode_transcript
from rapport.ingest.fields import FieldReader
from rapport.ingest.located import Located, load_json
from rapport.ingest.options import ReadOptions, parse_role
from rapport.model import Encounter

_JSON_START = re.compile(r"\{|\[\s*[{\]]")
TURN_KEYS = frozenset({"speaker", "role", "text", "start", "end"})


def looks_like_rapport_json(text: str) -> bool:
    """An object, or a list of objects; ``[doctor] hi`` in a .txt file is not JSON."""
    return _JSON_START.match(text.lstrip("\ufeff \t\n")) is not None


def parse_json(data: bytes, path: Path, options: ReadOptions) -> list[Draft]:
    text = decode_transcript(data, path, options.encoding)
    located = load_json(text, path)
    documents = located.value if isinstance(located.value, list) else [located.value]
    if not documents:
        raise IngestError(path, 1, "no turns found: the JSON list is empty")
    several = len(documents) > 1
    return [
        _draft(document, located, path, number if several else None)
        for number, document in enumerate(documents, start=1)
    ]


def _draft(document: Any, located: Located, path: Path, number: int | None) -> Draft:
    if not isinstance(document, dict):
        reason = "not a Rapport transcript: expected an object with 'turns'"
        raise IngestError(path, located.line_of(document), reason)
    if "turns" not in document:
        reason = "not a Rapport transcript: the object has no 'turns' list"
        raise IngestError(path, located.line_of(document), reason)
    fields = FieldReader(path, located, "transcript").read(document, ignore=frozenset({"turns"}))
    turns = document["turns"]
    if not isinstance(turns, list):
        raise IngestError(path, located.line_of(document, "turns"), "'turns' must be a list")
    if not turns:
        raise IngestError(path, located.line_of(turns), "no turns found: 'turns' is empty")
    utterances = [_utterance(turn, index, located, path) for index, turn in enumerate(turns)]
    # In a list, an object without an id is named by the file stem and its position.
    suffix = str(number) if number is not None and fields.id is None else None
    return Draft(path, utterances, fields, id_suffix=suffix)


def _utterance(turn: Any, index: int, located: Located, path: Path) -> Utterance:
    def fail(key: str | None, reason: str) -> IngestError:
        line = located.line_of(turn, key) if isinstance(turn, dict) else None
        return IngestError(path, line, f"turn {index}: {reason}")

    if not isinstance(turn, dict):
        raise IngestError(
            path, None, f"turn {index}: expected an object, found {type(turn).__name__}"
        )
    unknown = set(turn) - TURN_KEYS
    if unknown:
        allowed = ", ".join(sorted(TURN_KEYS))
        raise fail(
            sorted(unknown)[0], f"unknown key(s) {', '.join(sorted(unknown))}; allowed: {allowed}"
        )
    speaker = turn.get("speaker")
    if not isinstance(speaker, str) or not speaker.strip():
        raise fail("speaker", "'speaker' must be a non-empty string")
    text = turn.get("text")
    if not isinstance(text, str):
        raise fail("text", "'text' must be a string")
    role = None
    if turn.get("role") is not None:
        try:
            role = parse_role(turn["role"] if isinstance(turn["role"], str) else repr(turn["role"]))
        except ValueError as error:
            raise fail("role", str(error)) from None
    times: dict[str, float | None] = {}
    for key in ("start", "end"):
        value = turn.get(key)
        if value is not None and (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value < 0
        ):
            raise fail(key, f"malformed timestamp: '{key}' must be seconds >= 0, found {value!r}")
        times[key] = float(value) if value is not None else None
    line = located.line_of(turn)
    return Utterance(" ".join(speaker.split()), text, line, times["start"], times["end"], role)


def read_json(data: bytes, path: Path, options: ReadOptions | None = None) -> list[Encounter]:
    """Encounters from the bytes of a Rapport transcript JSON file."""
    options = options or ReadOptions()
    return build_encounters(parse_json(data, path, options), [path], path.stem, options)


def encounter_to_dict(encounter: Encounter) -> dict[str, Any]:
    """The ARCHITECTURE.md JSON object for ``encounter`` (fields left out when unknown)."""
    document: dict[str, Any] = {"id": encounter.id}
    if encounter.patient is not None:
        document["patient"] = encounter.patient
    if encounter.date is not None:
        document["date"] = encounter.date.isoformat()
    document["setting"] = encounter.setting.value
    if encounter.subtype is not None:
        document["subtype"] = encounter.subtype
    if encounter.participants:
        document["participants"] = [
            {"name": p.name, "role": p.role.value} for p in encounter.participants
        ]
    if encounter.metadata:
        document["metadata"] = encounter.metadata
    turns = []
    for turn in encounter.turns:
        item: dict[str, Any] = {"speaker": turn.speaker, "role": turn.role.value, "text": turn.text}
        if turn.start is not None:
            item["start"] = turn.start
        if turn.end is not None:
            item["end"] = turn.end
        turns.append(item)
    document["turns"] = turns
    return document


def write_json(encounter: Encounter) -> str:
    """Rapport transcript JSON, one turn per line so that error lines are useful."""
    document = encounter_to_dict(encounter)
    turns = document.pop("turns")
    head = json.dumps(document, ensure_ascii=False, default=str)[:-1]
    body = ",\n".join("    " + json.dumps(turn, ensure_ascii=False) for turn in turns)
    separator = ", " if len(document) else ""
    return f'{head}{separator}"turns": [\n{body}\n]}}\n'
