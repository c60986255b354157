"""One table of settings drives CLI options, ``RAPPORT_*`` environment variables and docs.

Reading a setting never writes a file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SettingSpec:
    name: str
    default: str
    help: str

    @property
    def env(self) -> str:
        return f"RAPPORT_{self.name.upper()}"


SETTINGS: dict[str, SettingSpec] = {
    spec.name: spec
    for spec in (
        SettingSpec(
            "db",
            "rapport.db",
            "Workspace database: a file path (SQLite) or an SQLAlchemy URL such as "
            "postgresql+psycopg://user@host/rapport.",
        ),
        SettingSpec(
            "codebook",
            "kaye2021",
            "Codebook to code against: a shipped codebook id or a path to a codebook YAML file.",
        ),
        SettingSpec("report", "report.html", "Where `rapport analyze` writes its HTML report."),
    )
}


def setting(name: str) -> str:
    """The value in force: the environment variable if set, else the default."""
    spec = SETTINGS[name]
    return os.environ.get(spec.env, spec.default)
