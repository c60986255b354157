"""Recall and precision of PHI detection on the labelled test set.

Overlap rule (documented in docs/privacy.md):

- A labelled span counts as **found** when every word in it (each run of letters or
  digits) overlaps a detected span, of any category: it is the removal that protects, so a
  phone number removed as an ID still counts. Recall is reported per labelled category.
- A detected span is **correct** when it overlaps a labelled span of any category.
  Precision is reported per detected category, and overall.

Each scene of the test set is one encounter: its participants are known, as a transcript's
speakers are, and detection runs in its two passes over the scene.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rapport.model import Participant, Role
from rapport.privacy.categories import Category
from rapport.privacy.findings import Finding
from rapport.privacy.testset import Example, load_test_set

_WORDS = re.compile(r"\w+")


@dataclass(slots=True)
class CategoryScore:
    category: str
    labelled: int
    found: int
    detected: int
    correct: int

    @property
    def recall(self) -> float | None:
        return self.found / self.labelled if self.labelled else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.detected if self.detected else None

    def as_dict(self) -> dict[str, object]:
        return {
            "category": self.category,
            "labelled": self.labelled,
            "found": self.found,
            "recall": None if self.recall is None else round(self.recall, 3),
            "detected": self.detected,
            "correct": self.correct,
            "precision": None if self.precision is None else round(self.precision, 3),
        }


@dataclass(slots=True)
class Evaluation:
    """Scores per category plus ``ALL``; ``misses`` and ``false_alarms`` list the texts."""

    split: str
    sentences: int
    scores: list[CategoryScore]
    misses: list[tuple[str, str, str]]
    false_alarms: list[tuple[str, str, str]]

    def score(self, category: str) -> CategoryScore:
        return next(s for s in self.scores if s.category == category)

    def as_dict(self) -> dict[str, object]:
        return {
            "split": self.split,
            "sentences": self.sentences,
            "categories": [s.as_dict() for s in self.scores],
        }


def covered(start: int, end: int, text: str, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether every word of ``text[start:end]`` overlaps one of ``spans`` (the found rule)."""
    words = [(w.start(), w.end()) for w in _WORDS.finditer(text, start, end)] or [(start, end)]
    return all(any(s < we and ws < e for s, e in spans) for ws, we in words)


def detected_turns(rows: Sequence[Example]) -> Iterator[tuple[Example, list[Finding]]]:
    """Each turn of ``rows`` with the detector's findings in it: each scene is one
    encounter, detected in its two passes, turn by turn with the turn before."""
    from rapport.privacy.detect import PatientDetector

    by_scene: dict[str, list[Example]] = {}
    for row in rows:
        by_scene.setdefault(row.scene, []).append(row)
    for scene_rows in by_scene.values():
        participants = [Participant(n, Role(r)) for n, r in scene_rows[0].participants]
        detector = PatientDetector(participants)
        detector.learn(row.text for row in scene_rows)
        previous: str | None = None
        for row in scene_rows:
            yield row, detector.find(row.text, previous)
            previous = row.text


def evaluate(
    split: str | None = "heldout", examples: Sequence[Example] | None = None
) -> Evaluation:
    """Score detection on the test set: ``split`` is one of ``testset.ALL_SPLITS``, or None
    for every split but the sealed ones."""
    rows = list(examples) if examples is not None else load_test_set(split)
    labelled: Counter[str] = Counter()
    found: Counter[str] = Counter()
    detected: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    misses: list[tuple[str, str, str]] = []
    false_alarms: list[tuple[str, str, str]] = []
    for row, findings in detected_turns(rows):
        predicted = [(f.start, f.end) for f in findings]
        gold = [(s, e) for s, e, _ in row.spans]
        for start, end, category in row.spans:
            labelled[category] += 1
            if covered(start, end, row.text, predicted):
                found[category] += 1
            else:
                misses.append((row.id, str(category), row.text[start:end]))
        for finding in findings:
            detected[finding.category] += 1
            if any(s < finding.end and finding.start < e for s, e in gold):
                correct[finding.category] += 1
            else:
                false_alarms.append(
                    (row.id, str(finding.category), row.text[finding.start : finding.end])
                )
    scores = [
        CategoryScore(str(c), labelled[c], found[c], detected[c], correct[c])
        for c in Category
        if labelled[c] or detected[c]
    ]
    scores.append(
        CategoryScore(
            "ALL",
            sum(labelled.values()),
            sum(found.values()),
            sum(detected.values()),
            sum(correct.values()),
        )
    )
    return Evaluation(split or "all", len(rows), scores, misses, false_alarms)
