"""Questionnaire domain objects: instruments, responses and scores, as plain typed classes.

Nothing here knows about files or the database. An ``Instrument`` is built from shipped or
user data by ``rapport.surveys.instruments``; a ``Response`` comes from an importer
(REDCap, FHIR, CSV) or the synthetic generator; ``rapport.surveys.scoring`` turns the two
into ``Score`` rows, each saying which rule produced it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

TotalRule = Literal["sum", "mean", "sus"]


class RespondentRole(StrEnum):
    """Who filled in a questionnaire."""

    PATIENT = "patient"
    PARENT = "parent"
    CLINICIAN = "clinician"


@dataclass(slots=True, frozen=True)
class AnswerOption:
    """One answer of a choice item: the stored ``code``, what the form shows, and its score.

    ``score`` is the SDC ``itemWeight`` of the option in the FHIR Questionnaire.
    """

    code: str
    label: str
    score: float


@dataclass(slots=True)
class Item:
    """One question. ``text`` is ``None`` when the wording is not shipped (copyright)."""

    link_id: str
    text: str | None
    options: list[AnswerOption] = field(default_factory=list)
    reverse: bool = False

    def option_score(self, code: str) -> float | None:
        """The score of the option with this code, or ``None`` if no option has it."""
        for option in self.options:
            if option.code == code:
                return option.score
        return None


@dataclass(slots=True, frozen=True)
class MissingRule:
    """Prorate a scale when at most ``max_missing_percent`` of its items are missing.

    Above that, the scale's score is missing. ``0`` means every item must be answered.
    """

    max_missing_percent: float = 20.0


@dataclass(slots=True, frozen=True)
class ChallengeRule:
    """When a response marks the relationship as challenging (Mack et al. 2021).

    The relationship is challenging when any of ``items`` (all items when empty) scores at
    or below ``at_or_below`` (or at or above ``at_or_above``).
    """

    description: str
    items: tuple[str, ...] = ()
    at_or_below: float | None = None
    at_or_above: float | None = None

    def flags(self, value: float) -> bool:
        if self.at_or_below is not None and value <= self.at_or_below:
            return True
        return self.at_or_above is not None and value >= self.at_or_above


@dataclass(slots=True)
class Instrument:
    """A questionnaire and its scoring key.

    ``scale_min``/``scale_max`` bound every item's score. ``subscales`` maps a subscale
    name to item link ids. ``total`` is how the total is formed: ``sum``, ``mean``, or
    ``sus`` (System Usability Scale: odd items r−1, even items 5−r, sum × 2.5).
    ``reverse_items_verified`` is ``False`` when the reverse-keyed items could not be
    checked against the published key; scoring then refuses until they are configured.
    """

    id: str
    name: str
    version: str
    citation: str
    licence: str
    text_included: bool
    items: list[Item]
    scale_min: float
    scale_max: float
    subscales: dict[str, list[str]] = field(default_factory=dict)
    total: TotalRule = "sum"
    subscale_rule: Literal["sum", "mean"] = "sum"
    missing: MissingRule = field(default_factory=MissingRule)
    challenge: ChallengeRule | None = None
    default_role: RespondentRole | None = None
    reverse_items_verified: bool = True
    url: str = ""
    notes: str = ""

    def item(self, link_id: str) -> Item:
        for item in self.items:
            if item.link_id == link_id:
                return item
        raise KeyError(link_id)

    @property
    def link_ids(self) -> list[str]:
        return [item.link_id for item in self.items]

    @property
    def reverse_items(self) -> list[str]:
        return [item.link_id for item in self.items if item.reverse]


@dataclass(slots=True, frozen=True)
class Source:
    """Where a response was read: file, 1-based line (or row), and item → column names."""

    path: str
    line: int | None = None
    fields: tuple[tuple[str, str], ...] = ()

    def field_of(self, link_id: str) -> str:
        return dict(self.fields).get(link_id, link_id)

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(slots=True)
class Response:
    """One completed questionnaire.

    ``relationship`` is the dyad key: the same family–clinician relationship carries the
    same key in the patient's (or parent's) and the clinician's responses. ``answers``
    maps item link ids to scores (``None`` when missing). ``group`` is the trial arm.
    """

    id: str
    instrument_id: str
    respondent: str
    role: RespondentRole
    relationship: str
    answers: dict[str, float | None]
    patient: str | None = None
    clinician: str | None = None
    timepoint: str | None = None
    date: dt.date | None = None
    group: str | None = None
    source: Source | None = None
    instrument_version: str | None = None


@dataclass(slots=True, frozen=True)
class Score:
    """One scale score of one response; ``rule`` says exactly how it was obtained."""

    response_id: str
    instrument_id: str
    scale: str
    value: float | None
    rule: str
    n_answered: int
    n_items: int
    challenging: bool | None = None
