"""Automatic coding of turns against a codebook.

``code_encounters`` is the one entry point the pipeline uses: it runs a fitted coder over
encounters and returns, per turn, the decided codes (with spans where a code has one, such
as ``silence``), a probability for every code of the codebook, and, on request, the
evidence and nearest training examples behind each decision.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from rapport.coding.context import TurnInContext, silence_span, turns_in_context
from rapport.model import Coding, Encounter, Origin, Turn

if TYPE_CHECKING:
    from rapport.coding.cues import CueCoder, Evidence
    from rapport.coding.learned import Coder, Neighbour


def __getattr__(name: str) -> Any:
    # The coders pull in scikit-learn and SciPy; commands that only import or list
    # encounters should not pay for that at start-up.
    if name == "Coder":
        from rapport.coding.learned import Coder

        return Coder
    if name == "CueCoder":
        from rapport.coding.cues import CueCoder

        return CueCoder
    raise AttributeError(name)


__all__ = [
    "CodedTurn",
    "Coder",
    "CueCoder",
    "code_encounters",
    "decision_thresholds",
    "default_coder",
    "to_codings",
]


@dataclass(slots=True)
class CodedTurn:
    """One turn with the coder's decisions, full score map and evidence."""

    encounter_id: str
    turn: Turn
    codes: list[tuple[str, float]]
    scores: dict[str, float]
    spans: dict[str, tuple[float, float]] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    neighbours: dict[str, list[Neighbour]] = field(default_factory=dict)


def default_coder(codebook: str = "kaye2021", notify: Callable[[str], None] | None = None) -> Any:
    """The learned coder that ships with Rapport (trained on first use, then cached)."""
    from rapport.coding.model_files import load_shipped_coder

    if codebook != "kaye2021":
        from rapport.errors import RapportError

        raise RapportError(
            f"no shipped model codes against codebook {codebook!r}; "
            "train one from your own codings with `rapport train`"
        )
    return load_shipped_coder(notify)


def decision_thresholds(coder: Any) -> np.ndarray:
    """One threshold per code in ``coder.classes_``, whether the coder has one or many."""
    return np.broadcast_to(np.asarray(coder.threshold, dtype=np.float64), (len(coder.classes_),))


def code_encounters(
    encounters: Iterable[Encounter],
    coder: Any,
    *,
    explain: bool = False,
    background: Iterable[Encounter] = (),
) -> list[CodedTurn]:
    """Code every turn of every encounter, in order.

    ``background`` holds other encounters of the same patients (from the workspace) whose
    family talk counts as history for remembering; they are not coded themselves.
    """
    samples: list[TurnInContext] = turns_in_context(encounters, background)
    if not samples:
        return []
    probabilities = coder.predict_proba(samples)
    classes = [str(code) for code in coder.classes_]
    limits = decision_thresholds(coder)
    results: list[CodedTurn] = []
    for sample, row in zip(samples, probabilities, strict=True):
        scores = {code: round(float(p), 4) for code, p in zip(classes, row, strict=True)}
        decided = [
            (code, scores[code])
            for code, p, limit in zip(classes, row, limits, strict=True)
            if p >= limit
        ]
        decided.sort(key=lambda item: -item[1])
        spans: dict[str, tuple[float, float]] = {}
        if any(code == "silence" for code, _ in decided):
            span = silence_span(sample)
            if span is not None:
                spans["silence"] = span
        item = CodedTurn(sample.encounter.id, sample.turn, decided, scores, spans)
        if explain and decided:
            if hasattr(coder, "neighbours"):
                item.evidence = coder.explain(sample, [code for code, _ in decided])
                item.neighbours = {
                    code: coder.neighbours(sample, code) for code, _ in decided if code != "silence"
                }
            else:
                item.evidence = coder.explain(sample)
        results.append(item)
    return results


def to_codings(coded: Iterable[CodedTurn], coder: Any) -> list[Coding]:
    """Auto codings with provenance, one per decided code."""
    return [
        Coding(
            encounter_id=item.encounter_id,
            turn_index=item.turn.index,
            code=code,
            origin=Origin.AUTO,
            coder="rapport",
            score=score,
            model_version=coder.model_version_,
            time_span=item.spans.get(code),
        )
        for item in coded
        for code, score in item.codes
    ]
