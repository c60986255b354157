"""Turns in context: what a coder sees besides the turn's own words."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapport.coding.emotion import shows_emotion
from rapport.model import FAMILY_ROLES, Encounter, Turn

SILENCE_SECONDS = 5.0


@dataclass(slots=True, frozen=True)
class TurnInContext:
    """One sample for a coder: a turn and the encounter it belongs to."""

    encounter: Encounter
    index: int

    @property
    def turn(self) -> Turn:
        return self.encounter.turns[self.index]

    @property
    def previous(self) -> Turn | None:
        return self.encounter.turns[self.index - 1] if self.index > 0 else None


def turns_in_context(encounters: Iterable[Encounter]) -> list[TurnInContext]:
    return [TurnInContext(enc, i) for enc in encounters for i in range(len(enc.turns))]


def silence_span(
    sample: TurnInContext, minimum: float = SILENCE_SECONDS
) -> tuple[float, float] | None:
    """The pause before this turn when it is ≥ ``minimum`` s and follows family emotion.

    Kaye 2021 codes silence as "any uninterrupted pause, in response to an emotion, that
    is 5 s or longer". Without timestamps nothing is guessed: the answer is None.
    """
    previous = sample.previous
    turn = sample.turn
    if previous is None or previous.end is None or turn.start is None:
        return None
    if previous.role not in FAMILY_ROLES or not shows_emotion(previous.text):
        return None
    gap = turn.start - previous.end
    if gap < minimum:
        return None
    return (previous.end, turn.start)
