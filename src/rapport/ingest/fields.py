"""Encounter-level fields (id, patient, date, setting, subtype, roles, metadata), validated.

The same fields come from three places: a transcript JSON, a sidecar metadata file and
``ReadOptions.metadata``. One validator keeps their rules and messages identical.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapport.errors import IngestError
from rapport.ingest.located import Located
from rapport.ingest.options import parse_role
from rapport.model import Role, Setting

FIELD_KEYS = ("id", "patient", "date", "setting", "subtype", "participants", "roles", "metadata")


@dataclass(slots=True)
class EncounterFields:
    """What a source says about an encounter as a whole; ``None`` means it did not say."""

    id: str | None = None
    patient: str | None = None
    date: dt.date | None = None
    setting: Setting | None = None
    subtype: str | None = None
    roles: dict[str, Role] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)

    def overridden_by(self, other: EncounterFields) -> EncounterFields:
        """These fields with every field ``other`` states taking precedence."""
        return EncounterFields(
            id=other.id if other.id is not None else self.id,
            patient=other.patient if other.patient is not None else self.patient,
            date=other.date if other.date is not None else self.date,
            setting=other.setting if other.setting is not None else self.setting,
            subtype=other.subtype if other.subtype is not None else self.subtype,
            roles={**self.roles, **other.roles},
            metadata={**self.metadata, **other.metadata},
        )


class FieldReader:
    """Validates one mapping of encounter fields, naming ``path`` and a line on error."""

    def __init__(self, path: str | Path, located: Located | None, what: str) -> None:
        self.path = path
        self.located = located
        self.what = what

    def fail(self, container: Any, key: str | None, reason: str) -> IngestError:
        line = self.located.line_of(container, key) if self.located is not None else None
        return IngestError(self.path, line, f"{self.what}: {reason}")

    def read(
        self, data: Any, *, ignore: frozenset[str] = frozenset(), extra_to_metadata: bool = False
    ) -> EncounterFields:
        """Read ``data``; keys in ``ignore`` are the caller's, other unknown keys are errors
        unless ``extra_to_metadata``, which files them under ``metadata`` instead."""
        if not isinstance(data, Mapping):
            raise self.fail(data, None, f"expected a mapping, found {type(data).__name__}")
        fields = EncounterFields()
        for key, value in data.items():
            key_text = str(key)
            if key_text in ignore:
                continue
            if key_text not in FIELD_KEYS:
                if extra_to_metadata:
                    fields.metadata[key_text] = value
                    continue
                allowed = ", ".join(sorted((*FIELD_KEYS, *ignore)))
                reason = (
                    f"unknown key {key_text!r}; allowed keys: {allowed} (put others under metadata)"
                )
                raise self.fail(data, key_text, reason)
            self._read_one(data, key_text, value, fields)
        return fields

    def _read_one(self, data: Any, key: str, value: Any, fields: EncounterFields) -> None:
        if value is None:
            return
        if key in ("id", "patient", "subtype"):
            text = self._text(data, key, value)
            setattr(fields, key, text)
        elif key == "date":
            fields.date = self._date(data, key, value)
        elif key == "setting":
            text = self._text(data, key, value)
            try:
                fields.setting = Setting(text.strip().lower())
            except ValueError:
                valid = ", ".join(setting.value for setting in Setting)
                raise self.fail(
                    data, key, f"unknown setting {text!r}; settings are: {valid}"
                ) from None
        elif key == "participants":
            fields.roles.update(self._participants(data, value))
        elif key == "roles":
            fields.roles.update(self._roles(data, value))
        elif key == "metadata":
            if not isinstance(value, Mapping):
                raise self.fail(data, key, "metadata must be a mapping")
            fields.metadata.update({str(k): v for k, v in value.items()})

    def _text(self, data: Any, key: str, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.fail(data, key, f"{key} must be text, found {type(value).__name__}")
        text = str(value).strip()
        if not text:
            raise self.fail(data, key, f"{key} is empty")
        return text

    def _date(self, data: Any, key: str, value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.fail(data, key, f"date {value!r} is not an ISO date (YYYY-MM-DD)")

    def _role(self, container: Any, key: str | None, value: Any) -> Role:
        try:
            return parse_role(value if isinstance(value, str) else repr(value))
        except ValueError as error:
            raise self.fail(container, key, str(error)) from None

    def _participants(self, data: Any, value: Any) -> dict[str, Role]:
        if not isinstance(value, list):
            raise self.fail(data, "participants", "participants must be a list of {name, role}")
        roles: dict[str, Role] = {}
        for item in value:
            if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
                raise self.fail(value, None, "each participant needs a name and a role")
            unknown = set(map(str, item)) - {"name", "role"}
            if unknown:
                raise self.fail(
                    item, None, f"participant has unknown keys: {', '.join(sorted(unknown))}"
                )
            if "role" not in item:
                raise self.fail(item, None, f"participant {item['name']!r} has no role")
            roles[item["name"]] = self._role(item, "role", item["role"])
        return roles

    def _roles(self, data: Any, value: Any) -> dict[str, Role]:
        if not isinstance(value, Mapping):
            raise self.fail(data, "roles", "roles must be a mapping of speaker name to role")
        return {str(name): self._role(value, str(name), role) for name, role in value.items()}
