"""The PHI test set: parse its marked-up source and load the JSON Lines built from it.

``data/phi_test.txt`` is written by hand: scenes of conversation, each ``## id split
setting``, its participants ``@ Name = role``, then one turn per line ``Speaker: text``
with PHI marked ``[[CATEGORY:text]]``. ``data/phi_test.jsonl`` holds one row per turn with
the plain text and character spans; ``python -m rapport.privacy.testset`` rebuilds it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from rapport.privacy.categories import Category

_MARK = re.compile(r"\[\[([A-Z_]+):(.+?)\]\]")
SPLITS = (
    "dev",
    "heldout",
    "heldout2",
    "heldout3",
    "heldout4",
    "heldout5",
    "heldout6",
    "heldout7",
    "heldout8",
    "heldout9",
    "heldout10",
    "heldout11",
    "heldout12",
    "heldout13",
    "heldout14",
    "heldout15",
    "heldout16",
    "heldout17",
    "heldout18",
    "heldout19",
    "heldout20",
    "heldout21",
    "heldout22",
    "heldout23",
    "heldout24",
    "heldout25",
    "heldout26",
    "heldout27",
    "heldout28",
    "heldout29",
    "heldout30",
    "heldout31",
    "heldout32",
    "heldout33",
    "heldout34",
    "heldout35",
    "heldout36",
    "heldout37",
    "heldout38",
    "heldout39",
    "heldout40",
    "heldout41",
    "heldout42",
    "heldout43",
    "heldout44",
    "heldout45",
)
"""The splits the detector has been tuned on (each was unseen once, and scored once then)."""
UNSEEN: tuple[str, ...] = ("heldout46", "heldout47", "heldout48")
"""Written and committed before any detector ran on them; each is scored once, at the end of
the round it was written for, and then joins ``SPLITS``."""
ALL_SPLITS = SPLITS + UNSEEN
SEALED: tuple[str, ...] = ("heldout47", "heldout48")
"""Unseen splits not scored yet: left out of "every split" unless named, so that no loop
over the whole test set scores one by accident (heldout7 was)."""


@dataclass(slots=True)
class Example:
    """One turn of the test set with its labelled PHI spans (half-open character ranges)."""

    id: str
    scene: str
    split: str
    setting: str
    speaker: str
    role: str
    participants: list[tuple[str, str]]
    text: str
    spans: list[tuple[int, int, Category]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "scene": self.scene,
            "split": self.split,
            "setting": self.setting,
            "speaker": self.speaker,
            "role": self.role,
            "participants": [{"name": n, "role": r} for n, r in self.participants],
            "text": self.text,
            "spans": [
                {"start": s, "end": e, "category": str(c), "text": self.text[s:e]}
                for s, e, c in self.spans
            ],
        }

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> Example:
        return cls(
            id=row["id"],
            scene=row["scene"],
            split=row["split"],
            setting=row["setting"],
            speaker=row["speaker"],
            role=row["role"],
            participants=[(p["name"], p["role"]) for p in row["participants"]],
            text=row["text"],
            spans=[(s["start"], s["end"], Category(s["category"])) for s in row["spans"]],
        )


def unmark(marked: str) -> tuple[str, list[tuple[int, int, Category]]]:
    """Plain text and spans from a line with ``[[CATEGORY:text]]`` marks."""
    parts: list[str] = []
    spans: list[tuple[int, int, Category]] = []
    position = 0
    length = 0
    for match in _MARK.finditer(marked):
        before = marked[position : match.start()]
        parts.append(before)
        length += len(before)
        value = match.group(2)
        spans.append((length, length + len(value), Category(match.group(1))))
        parts.append(value)
        length += len(value)
        position = match.end()
    parts.append(marked[position:])
    text = "".join(parts)
    if "[[" in text or "]]" in text:
        raise ValueError(f"unbalanced mark in: {marked}")
    return text, spans


def parse_source(text: str) -> list[Example]:
    """Every turn of the marked-up source, in order."""
    examples: list[Example] = []
    scene = split = setting = ""
    participants: list[tuple[str, str]] = []
    count = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or (line.startswith("#") and not line.startswith("## ")):
            continue
        if line.startswith("## "):
            scene, split, setting = line[3:].split()
            if split not in ALL_SPLITS:
                raise ValueError(f"line {number}: split must be one of {ALL_SPLITS}")
            participants, count = [], 0
            continue
        if line.startswith("@ "):
            name, role = (part.strip() for part in line[2:].split("="))
            participants.append((name, role))
            continue
        speaker, _, said = line.partition(": ")
        roles = dict(participants)
        if speaker not in roles:
            raise ValueError(f"line {number}: {speaker!r} is not a participant of {scene}")
        plain, spans = unmark(said)
        count += 1
        examples.append(
            Example(
                f"{scene}-{count:02d}",
                scene,
                split,
                setting,
                speaker,
                roles[speaker],
                list(participants),
                plain,
                spans,
            )
        )
    return examples


def _data(name: str) -> Path:
    return Path(str(resources.files("rapport.privacy") / "data" / name))


def load_test_set(split: str | None = None, *, include_sealed: bool = False) -> list[Example]:
    """The labelled turns of ``data/phi_test.jsonl``; ``split`` is one of ``ALL_SPLITS``
    or None (every split but the ``SEALED`` ones, unless ``include_sealed``)."""
    rows = _data("phi_test.jsonl").read_text(encoding="utf-8").splitlines()
    examples = [Example.from_json(json.loads(row)) for row in rows if row.strip()]
    if split is None:
        return [e for e in examples if include_sealed or e.split not in SEALED]
    return [e for e in examples if e.split == split]


def build_jsonl(source: Path | None = None, target: Path | None = None) -> Path:
    """Write ``phi_test.jsonl`` from the marked-up source; returns its path."""
    examples = parse_source((source or _data("phi_test.txt")).read_text(encoding="utf-8"))
    out = target or _data("phi_test.jsonl")
    out.write_text(
        "".join(json.dumps(e.to_json(), ensure_ascii=False) + "\n" for e in examples),
        encoding="utf-8",
    )
    return out


if __name__ == "__main__":  # pragma: no cover
    print(build_jsonl())
