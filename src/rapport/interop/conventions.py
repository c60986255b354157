"""Names shared by the ``.qdpx`` writer and reader: the conventions, in one place."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapport.model import Codebook, Coding, Encounter, Origin

AUTO_USER = "rapport-auto"
PATIENT, DATE, SETTING, SUBTYPE, ROLE = "Patient", "Date", "Setting", "Subtype", "Role"
FIXED_VARIABLES = {PATIENT: "Text", DATE: "Date", SETTING: "Text", SUBTYPE: "Text"}
TURNS_NOTE_PREFIX = "Rapport turns: "


@dataclass(slots=True)
class QdpxProject:
    """What ``import_qdpx`` found, in Rapport's terms.

    ``unmapped`` lists, one message each, what could not be brought over or was changed on
    the way (media and PDF sources, graphic selections, sets, links, flattened codes...).
    ``memos`` maps encounter ids to notes attached to the whole source; ``code_ids`` maps
    REFI-QDA code GUIDs (lower case) to Rapport code ids.
    """

    encounters: list[Encounter]
    codebook: Codebook
    codings: list[Coding]
    unmapped: list[str] = field(default_factory=list)
    name: str = ""
    memos: dict[str, str] = field(default_factory=dict)
    code_ids: dict[str, str] = field(default_factory=dict)


def user_name(coding: Coding) -> str:
    """The REFI-QDA user a coding is exported under."""
    if coding.origin == Origin.AUTO:
        version = coding.model_version
        return AUTO_USER if version is None else f"{AUTO_USER}:{version}"
    return coding.coder
