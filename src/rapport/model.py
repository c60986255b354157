"""Rapport's domain objects: plain typed classes that know nothing of storage.

The vocabulary follows ConvoKit (an encounter is a conversation of turns by
speakers) and the Kaye et al. 2021 framework (a codebook of themes and codes).
Annotators never edit these in place; they return new ``Coding`` objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    """Who a speaker is in the conversation."""

    CLINICIAN = "clinician"
    PATIENT = "patient"
    PARENT = "parent"
    FAMILY = "family"
    OTHER = "other"


class Setting(StrEnum):
    """Where the conversation took place (Kaye 2021 recorded clinic, ward and telephone talks)."""

    CLINIC = "clinic"
    INPATIENT = "inpatient"
    TELEPHONE = "telephone"
    VIDEO = "video"
    OTHER = "other"


class Origin(StrEnum):
    """Where a coding came from."""

    AUTO = "auto"
    HUMAN = "human"
    CONSENSUS = "consensus"


FAMILY_ROLES = frozenset({Role.PATIENT, Role.PARENT, Role.FAMILY})


@dataclass(slots=True)
class Participant:
    """A speaker and the role they hold; ``role_source`` says what decided the role."""

    name: str
    role: Role
    role_source: str = "given"


@dataclass(slots=True)
class Turn:
    """One uninterrupted stretch of talk by one speaker.

    ``start`` and ``end`` are seconds from the start of the recording, when known.
    ``line`` is the 1-based line of the source file where the turn began, kept so that
    later checks can point the user at the right place.
    """

    index: int
    speaker: str
    role: Role
    text: str
    start: float | None = None
    end: float | None = None
    line: int | None = None

    @property
    def duration(self) -> float | None:
        if self.start is None or self.end is None:
            return None
        return self.end - self.start

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(slots=True)
class Encounter:
    """One recorded conversation between clinicians and a patient or family."""

    id: str
    turns: list[Turn]
    patient: str | None = None
    date: dt.date | None = None
    setting: Setting = Setting.OTHER
    subtype: str | None = None
    participants: list[Participant] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    source: str | None = None

    @property
    def has_timings(self) -> bool:
        """True when every turn carries a start and an end time."""
        return bool(self.turns) and all(
            t.start is not None and t.end is not None for t in self.turns
        )

    @property
    def duration_seconds(self) -> float | None:
        if not self.has_timings:
            return None
        starts = [t.start for t in self.turns if t.start is not None]
        ends = [t.end for t in self.turns if t.end is not None]
        return max(ends) - min(starts)

    def role_of(self, speaker: str) -> Role:
        for participant in self.participants:
            if participant.name == speaker:
                return participant.role
        return Role.OTHER


@dataclass(slots=True, frozen=True)
class Code:
    """One code of a codebook, e.g. ``warning_shot`` in the honesty theme."""

    id: str
    name: str
    theme: str
    definition: str
    applies_to: frozenset[Role] = frozenset({Role.CLINICIAN})
    requires_timings: bool = False


@dataclass(slots=True)
class Theme:
    id: str
    name: str
    colour: str
    codes: list[Code] = field(default_factory=list)
    description: str = ""


@dataclass(slots=True)
class Codebook:
    """A named set of themes, each holding codes; ids are unique across the codebook."""

    id: str
    name: str
    version: str
    themes: list[Theme]
    citation: str = ""
    licence: str = ""

    @property
    def codes(self) -> list[Code]:
        return [code for theme in self.themes for code in theme.codes]

    @property
    def code_ids(self) -> list[str]:
        return [code.id for code in self.codes]

    def code(self, code_id: str) -> Code:
        for code in self.codes:
            if code.id == code_id:
                return code
        raise KeyError(code_id)

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    def theme_of(self, code_id: str) -> Theme:
        return self.theme(self.code(code_id).theme)


@dataclass(slots=True)
class Coding:
    """One code applied to one turn (or part of it), with its provenance.

    ``char_span`` is a half-open ``[start, end)`` character range within the turn text;
    ``time_span`` is ``(start, end)`` in seconds, used for example by ``silence`` to mark
    the pause itself. Corrections are new codings, never edits of old ones.
    """

    encounter_id: str
    turn_index: int
    code: str
    origin: Origin = Origin.AUTO
    coder: str = "rapport"
    score: float | None = None
    model_version: str | None = None
    memo: str | None = None
    char_span: tuple[int, int] | None = None
    time_span: tuple[float, float] | None = None
    created_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
