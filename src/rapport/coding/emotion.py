"""Detect emotion shown in a patient's or family member's turn.

Kaye 2021's naming, understanding and silence codes respond to emotion, and the
empathic-opportunity analysis counts the moments that show it. Both reuse this
detector so that they agree on what an emotional moment is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

EMOTION_KINDS = ("fear", "sadness", "anger", "worry", "overwhelm")


@dataclass(slots=True, frozen=True)
class EmotionCue:
    kind: str
    phrase: str
    start: int
    end: int


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    raw = yaml.safe_load(resources.files(__package__).joinpath("emotion.yaml").read_text("utf-8"))
    return {
        kind: re.compile(r"\b(" + "|".join(raw[kind]) + r")\b", re.IGNORECASE)
        for kind in EMOTION_KINDS
    }


def emotion_cues(text: str) -> list[EmotionCue]:
    """Every emotion phrase in ``text``, with its kind and character span."""
    found = [
        EmotionCue(kind, match.group(0), match.start(), match.end())
        for kind, pattern in _patterns().items()
        for match in pattern.finditer(text)
    ]
    return sorted(found, key=lambda cue: cue.start)


@cache
def _any_emotion() -> re.Pattern[str]:
    """All kinds in one pattern: one scan per turn instead of five, for large cohorts."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in _patterns().values()), re.IGNORECASE)


def shows_emotion(text: str) -> bool:
    return _any_emotion().search(text) is not None
