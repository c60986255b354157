"""Pauses between turns, measured from word timings.

A transcribed turn starts at its first word and ends at its last, so the gap between two
turns is the silence between the last word of one and the first word of the next. That
is what ``coding.context.silence_span`` reads (``turn.start - previous.end``) when it codes
``silence`` (a pause of 5 s or more after a patient's or parent's emotion).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from rapport.model import Encounter


@dataclass(slots=True, frozen=True)
class Pause:
    """The silence between turn ``after_turn`` and the next turn, in seconds."""

    after_turn: int
    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


def measure_pauses(encounter: Encounter, minimum: float = 0.0) -> list[Pause]:
    """Every gap of at least ``minimum`` seconds between consecutive turns (by index).

    Overlapping turns (cross-talk) and turns without timings have no pause.
    """
    pauses = []
    for before, after in itertools.pairwise(encounter.turns):
        if before.end is None or after.start is None:
            continue
        gap = after.start - before.end
        if gap > 0 and gap >= minimum:
            pauses.append(Pause(before.index, before.end, after.start))
    return pauses
