"""Decide each speaker's role, and record in words what decided it.

Sources, strongest first: ``--roles`` (``ReadOptions.roles``), the sidecar metadata file,
a role stated in the transcript itself (JSON ``role``, a CSV ``role`` column), and last a
guess from words in the speaker's name. Giving an explicit mapping (``--roles`` or a
sidecar) switches guessing off: a speaker it does not name, and whose role the file does
not state either, is an error, because a typo in a name should not silently become
``other``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapport.errors import IngestError
from rapport.ingest.options import ROLES_OPTION, parse_role
from rapport.model import Participant, Role

FILE_SOURCE = "file"
DEFAULT_SOURCE = "no rule matched; defaulted to other"

# Checked in this order, so "Patient's mother" is a parent and "patient_guest" is family.
# Words are matched whole; words of five letters or more also inside longer words
# ("Stepmother", "Oncologists"). CamelCase splits: "DrLee" has the word "Dr".
_NAME_RULES: tuple[tuple[Role, tuple[str, ...]], ...] = (
    (
        Role.CLINICIAN,
        (
            "dr", "doctor", "oncologist", "np", "nurse", "clinician", "physician",
            "surgeon", "gp", "md", "rn", "consultant", "registrar",
        ),
    ),
    (
        Role.PARENT,
        ("mom", "mum", "mommy", "mummy", "dad", "daddy", "mother", "father", "parent", "guardian"),
    ),
    (
        Role.FAMILY,
        (
            "grandma", "grandmother", "grandpa", "grandfather", "granny", "aunt", "uncle",
            "sister", "brother", "sibling", "family", "guest", "wife", "husband", "spouse",
            "partner", "son", "daughter", "caregiver", "carer", "relative",
        ),
    ),
    (Role.PATIENT, ("patient", "pt")),
)  # fmt: skip
_SUBSTRING_MIN_LENGTH = 5
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def name_key(name: str) -> str:
    """How speaker names are compared: case and spacing do not matter."""
    return " ".join(name.split()).casefold()


def guess_role(name: str) -> tuple[Role, str]:
    """The role a speaker's name suggests, and the ``role_source`` sentence that explains it."""
    words = _WORD.findall(name)
    for role, keywords in _NAME_RULES:
        for word in words:
            if word.casefold() in keywords:
                return role, f"heuristic: {word!r} in name"
    for role, keywords in _NAME_RULES:
        for word in words:
            for keyword in keywords:
                if len(keyword) >= _SUBSTRING_MIN_LENGTH and keyword in word.casefold():
                    return role, f"heuristic: {keyword!r} in {word!r}"
    return Role.OTHER, DEFAULT_SOURCE


@dataclass(slots=True)
class RoleMapping:
    """An explicit name -> role table from one source (``--roles`` or a sidecar)."""

    source: str
    roles: dict[str, Role]
    names: list[str]

    @classmethod
    def build(cls, source: str, given: Mapping[str, Role]) -> RoleMapping:
        return cls(source, {name_key(n): r for n, r in given.items()}, list(given))


def mapping_from_option(roles: Mapping[str, str]) -> RoleMapping:
    """``ReadOptions.roles`` as a mapping; a bad role there is an ``IngestError``."""
    parsed: dict[str, Role] = {}
    for name, role_text in roles.items():
        try:
            parsed[name] = parse_role(str(role_text))
        except ValueError as error:
            raise IngestError(ROLES_OPTION, None, f"{name}: {error}") from None
    return RoleMapping.build(ROLES_OPTION, parsed)


@dataclass(slots=True)
class SpeakerSeen:
    """A speaker as first met in a transcript, with the role the file states, if any."""

    name: str
    path: Path
    line: int | None
    file_role: Role | None = None


def assign_roles(
    speakers: Sequence[SpeakerSeen], mappings: Sequence[RoleMapping], unit: str = "line"
) -> list[Participant]:
    """One ``Participant`` per speaker, in the order given.

    ``unit`` is the word for a location in this file ("line", "paragraph") used in the
    unknown-speaker message.
    """
    participants = []
    for speaker in speakers:
        key = name_key(speaker.name)
        decided = next((m for m in mappings if key in m.roles), None)
        if decided is not None:
            participants.append(Participant(speaker.name, decided.roles[key], decided.source))
        elif speaker.file_role is not None:
            participants.append(Participant(speaker.name, speaker.file_role, FILE_SOURCE))
        elif mappings:
            known = sorted({name for mapping in mappings for name in mapping.names})
            where = f" at {unit} {speaker.line}" if speaker.line is not None else ""
            sources = " or ".join(m.source for m in mappings)
            reason = (
                f"unknown speaker {speaker.name!r}{where}; known speakers: {', '.join(known)} "
                f"(add it to {sources})"
            )
            raise IngestError(speaker.path, speaker.line, reason)
        else:
            role, why = guess_role(speaker.name)
            participants.append(Participant(speaker.name, role, why))
    return participants
