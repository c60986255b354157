"""The coder's labelled examples: loading, validation and the fixed development split.

See ``data/README.md`` for the line format and ``data/GUIDE.md`` for the labelling rules.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from rapport.coding.context import TurnInContext
from rapport.errors import IngestError
from rapport.model import Encounter, Role, Turn

DEV_FRACTION_DENOMINATOR = 5
"""One example in five goes to the development split, chosen by a hash of its id."""


@dataclass(slots=True, frozen=True)
class Example:
    """One labelled turn with the turns before it and, for remembering, earlier family talk."""

    id: str
    text: str
    role: Role
    codes: frozenset[str]
    context: tuple[tuple[Role, str], ...] = ()
    history: tuple[str, ...] = ()
    source: str = "team"

    @property
    def split(self) -> str:
        return split_of(self.id)

    def as_sample(self) -> TurnInContext:
        """The example as a coder sees a turn: a tiny encounter of its context and itself."""
        turns = [Turn(i, str(role), role, text) for i, (role, text) in enumerate(self.context)]
        turns.append(Turn(len(turns), str(self.role), self.role, self.text))
        return TurnInContext(Encounter(self.id, turns), len(turns) - 1, self.history)


def split_of(example_id: str) -> str:
    """'dev' or 'train', fixed by the id so that nobody chooses which examples test the coder."""
    digest = int(hashlib.sha256(example_id.encode("utf-8")).hexdigest(), 16)
    return "dev" if digest % DEV_FRACTION_DENOMINATOR == 0 else "train"


def _parse_line(line: str, source: str, number: int, known_codes: set[str]) -> Example:
    try:
        record = json.loads(line)
        codes = frozenset(record.get("codes", []))
        unknown = codes - known_codes
        if unknown:
            raise ValueError(f"unknown code(s) {sorted(unknown)}")
        context = tuple(
            (Role(turn["role"]), str(turn["text"])) for turn in record.get("context", [])
        )
        return Example(
            id=str(record["id"]),
            text=str(record["text"]),
            role=Role(record["role"]),
            codes=codes,
            context=context,
            history=tuple(str(h) for h in record.get("history", [])),
            source=str(record.get("source", "team")),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise IngestError(source, number, f"not a valid example: {exc}") from None


def read_examples(paths: Iterable[Path | str], known_codes: Sequence[str]) -> list[Example]:
    """Examples from JSONL files; a bad line raises ``IngestError`` with its line number."""
    known = set(known_codes)
    examples: list[Example] = []
    seen: dict[str, str] = {}
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            example = _parse_line(line, str(path), number, known)
            if example.id in seen:
                raise IngestError(path, number, f"id {example.id!r} is also in {seen[example.id]}")
            seen[example.id] = f"{path}:{number}"
            examples.append(example)
    return examples


DECOY_SHARE = 2
"""One example in this many, of those without a history, is given someone else's."""


def with_decoy_histories(examples: Sequence[Example]) -> list[Example]:
    """Give examples without a history the history of an unrelated remembering example.

    Only remembering examples were written with earlier-encounter history, so a model could
    learn "has a history, so remembering". In real use every turn of a returning patient has
    one. Decoys make the coder learn from what the turn shares with the history instead.
    The choice is fixed by a hash of the id, so training and evaluation are reproducible.
    """
    histories = [e.history for e in examples if e.history]
    if not histories:
        return list(examples)
    family_talk = tuple(
        text for e in examples for role, text in e.context if role != Role.CLINICIAN
    )
    result: list[Example] = []
    for example in examples:
        digest = int(hashlib.sha256(example.id.encode("utf-8")).hexdigest(), 16)
        if example.history or digest % DECOY_SHARE:
            result.append(example)
            continue
        start = (digest // DECOY_SHARE) % max(len(family_talk) - 8, 1)
        decoy = histories[digest % len(histories)] + family_talk[start : start + 8]
        result.append(replace(example, history=decoy))
    return result


def shipped_data_files() -> list[Path]:
    folder = resources.files(__package__).joinpath("data")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".jsonl"))


def shipped_examples(known_codes: Sequence[str]) -> list[Example]:
    """Every example that ships with Rapport, in a stable order."""
    return read_examples(shipped_data_files(), known_codes)


def data_fingerprint(examples: Sequence[Example]) -> str:
    """A short hash of the examples, so a model names the data it learned from."""
    digest = hashlib.sha256()
    for example in examples:
        digest.update(json.dumps([example.id, example.text, sorted(example.codes)]).encode("utf-8"))
    return digest.hexdigest()[:12]
