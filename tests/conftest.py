"""Fixtures shared by the test modules. Append new shared fixtures below, in sections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, select, text

from rapport.model import Encounter, Participant, Role, Setting, Turn
from rapport.store import open_workspace
from rapport.store.schema import metadata

# --- store ------------------------------------------------------------------------------

TableDump = dict[str, list[tuple[Any, ...]]]


@pytest.fixture
def fresh_engine() -> Iterator[Engine]:
    """An empty in-memory workspace at the newest schema."""
    engine = open_workspace("sqlite:///:memory:")
    yield engine
    engine.dispose()


def dump_tables(engine: Engine) -> TableDump:
    """Every row of every workspace table (and the schema revision), in key order."""
    with engine.connect() as conn:
        dump = {
            table.name: [
                tuple(row)
                for row in conn.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in metadata.sorted_tables
        }
        dump["alembic_version"] = [
            tuple(row) for row in conn.execute(text("SELECT version_num FROM alembic_version"))
        ]
    return dump


@pytest.fixture
def table_dump() -> Callable[[Engine], TableDump]:
    """``table_dump(engine)``: compare two of these to show a database did not change."""
    return dump_tables


def build_encounter(
    encounter_id: str = "p07-2021-03-04",
    n_turns: int = 4,
    *,
    timed: bool = True,
    patient: str | None = "p07",
    text_of: Callable[[int], str] = lambda i: f"Turn {i}: it’s été — 多谢 🙂",
) -> Encounter:
    """A clinic encounter alternating a clinician and a parent."""
    speakers = [("Dr Lee", Role.CLINICIAN), ("Mother", Role.PARENT)]
    turns = []
    for i in range(n_turns):
        speaker, role = speakers[i % 2]
        start, end = (i * 4.0, i * 4.0 + 3.5) if timed else (None, None)
        turns.append(Turn(i, speaker, role, text_of(i), start, end, line=i + 2))
    return Encounter(
        id=encounter_id,
        turns=turns,
        patient=patient,
        date=dt.date(2021, 3, 4),
        setting=Setting.CLINIC,
        subtype="disease_reevaluation",
        participants=[Participant(name, role) for name, role in speakers],
        metadata={"site": "Memphis", "consent": True, "ages": [7, 41]},
        source=f"transcripts/{encounter_id}.json",
    )


@pytest.fixture
def make_encounter() -> Callable[..., Encounter]:
    """``make_encounter(id, n_turns, timed=..., patient=...)`` builds a plausible encounter."""
    return build_encounter
