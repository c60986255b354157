"""Turns in context: what a coder sees besides the turn's own words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from rapport.coding.emotion import shows_emotion
from rapport.model import FAMILY_ROLES, Encounter, Turn

SILENCE_SECONDS = 5.0


@dataclass(slots=True, frozen=True)
class TurnInContext:
    """One sample for a coder: a turn, the encounter it belongs to, and what came before.

    ``history`` holds what the family said in the same patient's earlier encounters, so that
    a coder can tell when a clinician brings a personal detail back unprompted (remembering).
    """

    encounter: Encounter
    index: int
    history: tuple[str, ...] = ()

    @property
    def turn(self) -> Turn:
        return self.encounter.turns[self.index]

    @property
    def previous(self) -> Turn | None:
        return self.encounter.turns[self.index - 1] if self.index > 0 else None


HISTORY_MIN_WORDS = 4


def family_history(earlier: Iterable[Encounter]) -> tuple[str, ...]:
    """What patients and families said in earlier encounters, in order."""
    return tuple(
        turn.text
        for encounter in earlier
        for turn in encounter.turns
        if turn.role in FAMILY_ROLES and turn.word_count >= HISTORY_MIN_WORDS
    )


def turns_in_context(
    encounters: Iterable[Encounter], background: Iterable[Encounter] = ()
) -> list[TurnInContext]:
    """Every turn of every encounter, each with its patient's earlier family talk.

    Earlier means an encounter of the same patient with an earlier date, among those given
    and those in ``background`` (stored encounters that give history but are not coded now);
    encounters without a patient or a date have no history.
    """
    encounters = list(encounters)
    ids = {encounter.id for encounter in encounters}
    pool = encounters + [e for e in background if e.id not in ids]
    by_patient: dict[str, list[Encounter]] = {}
    for encounter in pool:
        if encounter.patient and encounter.date:
            by_patient.setdefault(encounter.patient, []).append(encounter)
    samples: list[TurnInContext] = []
    for encounter in encounters:
        earlier = [
            other
            for other in by_patient.get(encounter.patient or "", [])
            if other.date and encounter.date and other.date < encounter.date
        ]
        history = family_history(sorted(earlier, key=lambda e: e.date or dt.date.min))
        samples.extend(TurnInContext(encounter, i, history) for i in range(len(encounter.turns)))
    return samples


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
