"""Rapport's transparent first coder: cue phrases per code, kept as data.

This coder exists so that everything downstream (store, reports, reliability, the web
app) can be built against the final ``rapport code --json`` contract before the learned
coder lands. It follows the scikit-learn estimator contract so the two are swappable.
Its scores are cue weights, not calibrated probabilities.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import yaml
from sklearn.base import BaseEstimator

from rapport.codebooks import load_codebook
from rapport.coding.context import TurnInContext, silence_span
from rapport.model import Codebook

BASE_SCORE = 0.02
"""The score of a code that no cue supports: a small prior, since most talk carries no code."""


@dataclass(slots=True, frozen=True)
class Cue:
    code: str
    pattern: re.Pattern[str]
    weight: float
    unless: re.Pattern[str] | None = None

    def match(self, text: str) -> re.Match[str] | None:
        """Where the cue fires in ``text``; None when it does not, or a look-alike vetoes it."""
        found = self.pattern.search(text)
        if found is None or (self.unless is not None and self.unless.search(text)):
            return None
        return found


@dataclass(slots=True, frozen=True)
class Evidence:
    """Why a code scored what it did on one turn: the cue and the words it matched."""

    code: str
    cue: str
    matched: str
    span: tuple[int, int] | None
    weight: float


def silence_evidence(sample: TurnInContext, weight: float) -> Evidence | None:
    """The pause before this turn as evidence for silence, when the timing rule holds."""
    span = silence_span(sample)
    if span is None:
        return None
    return Evidence(
        "silence", "pause ≥ 5 s after emotion", f"{span[1] - span[0]:.1f} s pause", None, weight
    )


def load_cues(data: str | None = None) -> tuple[str, list[Cue]]:
    """Parse cue data (the shipped ``cues.yaml`` by default); returns (version, cues)."""
    if data is None:
        return _shipped_cues()
    return _parse_cues(data)


@cache
def _shipped_cues() -> tuple[str, list[Cue]]:
    return _parse_cues(resources.files(__package__).joinpath("cues.yaml").read_text("utf-8"))


@cache
def codebook_cues(codebook_id: str) -> tuple[str, list[Cue]]:
    """The shipped cues plus a codebook's own ``cues_<id>.yaml``, when it ships one."""
    version, cues = _shipped_cues()
    extra = resources.files(__package__).joinpath(f"cues_{codebook_id}.yaml")
    if not extra.is_file():
        return version, cues
    extra_version, extra_cues = _parse_cues(extra.read_text("utf-8"))
    return f"{version}+{codebook_id}-{extra_version}", [*cues, *extra_cues]


def _parse_cues(data: str) -> tuple[str, list[Cue]]:
    document = yaml.safe_load(data)
    cues = [
        Cue(
            code=code,
            pattern=re.compile(entry["pattern"], re.IGNORECASE),
            weight=float(entry.get("weight", 0.7)),
            unless=re.compile(entry["unless"], re.IGNORECASE) if entry.get("unless") else None,
        )
        for code, entries in document["codes"].items()
        for entry in entries
    ]
    return str(document.get("version", "0")), cues


class CueCoder(BaseEstimator):
    """Codes each turn by the strongest cue phrase that matches it.

    Parameters
    ----------
    codebook:
        A shipped codebook id or a path to a codebook YAML file.
    threshold:
        A code is decided when its score reaches this value.
    """

    def __init__(self, codebook: str = "kaye2021", threshold: float = 0.5) -> None:
        self.codebook = codebook
        self.threshold = threshold

    def fit(self, X: Sequence[TurnInContext] | None = None, y: Any = None) -> CueCoder:
        """Load the codebook and cues; the cue coder learns nothing from ``X`` and ``y``."""
        self.codebook_: Codebook = load_codebook(self.codebook)
        version, cues = codebook_cues(self.codebook_.id)
        known = set(self.codebook_.code_ids)
        self.cues_ = [cue for cue in cues if cue.code in known]
        self.classes_ = np.array(self.codebook_.code_ids)
        self.model_version_ = f"cues-{version}+{self.codebook_.id}-{self.codebook_.version}"
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "codebook_"):
            raise RuntimeError("call fit() before predicting")

    def explain(self, sample: TurnInContext) -> list[Evidence]:
        """Every piece of evidence for every code on this turn, strongest first."""
        self._check_fitted()
        turn = sample.turn
        evidence: list[Evidence] = []
        for cue in self.cues_:
            if turn.role not in self.codebook_.code(cue.code).applies_to:
                continue
            match = cue.match(turn.text)
            if match is None:
                continue
            evidence.append(
                Evidence(cue.code, cue.pattern.pattern, match.group(0), match.span(), cue.weight)
            )
        if (
            "silence" in self.codebook_.code_ids
            and turn.role in self.codebook_.code("silence").applies_to
        ):
            found = silence_evidence(sample, weight=0.95)
            if found is not None:
                evidence.append(found)
        return sorted(evidence, key=lambda e: -e.weight)

    def predict_proba(self, X: Sequence[TurnInContext]) -> np.ndarray:
        """Scores in [0, 1], one row per turn and one column per code in ``classes_``."""
        self._check_fitted()
        column = {code: i for i, code in enumerate(self.classes_)}
        scores = np.full((len(X), len(self.classes_)), BASE_SCORE)
        for row, sample in enumerate(X):
            for item in self.explain(sample):
                col = column[item.code]
                scores[row, col] = max(scores[row, col], item.weight)
        return scores

    def predict(self, X: Sequence[TurnInContext]) -> np.ndarray:
        """A 0/1 indicator matrix: which codes each turn carries."""
        return (self.predict_proba(X) >= self.threshold).astype(int)
