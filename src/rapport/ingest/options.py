"""What a caller can tell the readers about a transcript that the file itself does not say."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rapport.errors import IngestError
from rapport.model import Role

ROLES_OPTION = "--roles"


@dataclass(slots=True)
class ReadOptions:
    """Choices that override what the readers would otherwise detect or guess.

    ``roles`` maps speaker names (matched case-insensitively) to role names, as given by
    ``--roles "Dr Lee=clinician,Mum=parent"``; once given, speakers missing from it are an
    error instead of a guess. ``encoding`` forces a text encoding. The ``*_column`` options
    name CSV columns when auto-detection picks the wrong ones; ``dialogue_column`` names a
    column whose cell holds a whole dialogue (one encounter per row). ``metadata`` overrides
    encounter fields (``id``, ``patient``, ``date``, ``setting``, ``subtype``); any other key
    lands in ``Encounter.metadata``.
    """

    roles: dict[str, str] | None = None
    encoding: str | None = None
    speaker_column: str | None = None
    text_column: str | None = None
    dialogue_column: str | None = None
    id_column: str | None = None
    encounter_column: str | None = None
    metadata: dict[str, Any] | None = None


def parse_role(text: str) -> Role:
    """The role named by ``text`` (case-insensitive); ``ValueError`` lists the valid ones."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        valid = ", ".join(role.value for role in Role)
        raise ValueError(f"unknown role {text.strip()!r}; roles are: {valid}") from None


def parse_roles_option(text: str) -> dict[str, str]:
    """Parse ``"Dr Lee=clinician,Mum=parent"`` into ``{"Dr Lee": "clinician", "Mum": "parent"}``.

    Raises ``IngestError`` (path ``--roles``) on an entry without ``=``, an empty name, an
    unknown role, or one name given two different roles.
    """
    mapping: dict[str, str] = {}
    seen: dict[str, str] = {}
    for entry in text.split(","):
        if not entry.strip():
            continue
        name, equals, role_text = entry.partition("=")
        name = " ".join(name.split())
        if not equals or not name:
            raise IngestError(
                ROLES_OPTION, None, f"bad entry {entry.strip()!r}: expected NAME=ROLE"
            )
        try:
            role = parse_role(role_text).value
        except ValueError as error:
            raise IngestError(ROLES_OPTION, None, f"{name}: {error}") from None
        key = name.casefold()
        if key in seen:
            earlier = mapping[seen[key]]
            if earlier != role:
                reason = f"speaker {name!r} is given two roles: {earlier} and {role}"
                raise IngestError(ROLES_OPTION, None, reason)
            continue
        seen[key] = name
        mapping[name] = role
    if not mapping:
        raise IngestError(ROLES_OPTION, None, "no NAME=ROLE entries given")
    return mapping
