"""Automatic coding of turns against a codebook.

``code_encounters`` is the one entry point the pipeline uses: it runs a fitted coder
over encounters and returns, per turn, the decided codes (with spans where a code has
one, such as ``silence``) and a score for every code of the codebook.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rapport.coding.context import TurnInContext, silence_span, turns_in_context
from rapport.coding.cues import CueCoder, Evidence
from rapport.model import Coding, Encounter, Origin, Turn

__all__ = ["CodedTurn", "CueCoder", "code_encounters", "default_coder", "to_codings"]


@dataclass(slots=True)
class CodedTurn:
    """One turn with the coder's decisions, full score map and evidence."""

    encounter_id: str
    turn: Turn
    codes: list[tuple[str, float]]
    scores: dict[str, float]
    spans: dict[str, tuple[float, float]] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)


def default_coder(codebook: str = "kaye2021") -> CueCoder:
    return CueCoder(codebook=codebook).fit()


def code_encounters(
    encounters: Iterable[Encounter], coder: CueCoder, *, explain: bool = False
) -> list[CodedTurn]:
    """Code every turn of every encounter, in order."""
    samples: list[TurnInContext] = turns_in_context(encounters)
    if not samples:
        return []
    probabilities = coder.predict_proba(samples)
    classes = [str(code) for code in coder.classes_]
    results: list[CodedTurn] = []
    for sample, row in zip(samples, probabilities, strict=True):
        scores = {code: round(float(p), 4) for code, p in zip(classes, row, strict=True)}
        decided = [(code, p) for code, p in scores.items() if p >= coder.threshold]
        decided.sort(key=lambda item: -item[1])
        spans: dict[str, tuple[float, float]] = {}
        if any(code == "silence" for code, _ in decided):
            span = silence_span(sample)
            if span is not None:
                spans["silence"] = span
        results.append(
            CodedTurn(
                encounter_id=sample.encounter.id,
                turn=sample.turn,
                codes=decided,
                scores=scores,
                spans=spans,
                evidence=coder.explain(sample) if explain else [],
            )
        )
    return results


def to_codings(coded: Iterable[CodedTurn], coder: CueCoder) -> list[Coding]:
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
