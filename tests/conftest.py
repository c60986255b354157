"""Fixtures shared by the test modules. Append new shared fixtures below, in sections."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import Engine, create_engine, make_url, select, text
from sqlalchemy.pool import NullPool

from rapport.model import Encounter, Participant, Role, Setting, Turn
from rapport.store import open_workspace
from rapport.store.schema import metadata

if TYPE_CHECKING:
    from rapport.privacy.detect import PatientDetector

# --- store ------------------------------------------------------------------------------

TableDump = dict[str, list[tuple[Any, ...]]]


# The store and pipeline tests run once per backend: SQLite always, and PostgreSQL too when
# RAPPORT_TEST_DB holds a server URL whose user may create databases (``.ci/run`` starts
# one), e.g. postgresql+psycopg://postgres@127.0.0.1:54329/rapport_test. Each test gets a
# database of its own, created empty and dropped afterwards.
TEST_DB_VAR = "RAPPORT_TEST_DB"
BACKENDS = ["sqlite", *(["postgresql"] if os.environ.get(TEST_DB_VAR) else [])]


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database on the RAPPORT_TEST_DB server; its URL."""
    server = make_url(os.environ[TEST_DB_VAR])
    name = f"rapport_t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A new, empty schema in the RAPPORT_TEST_DB database, as a URL whose connections
    work in it (``search_path``): much cheaper than a database per test (0.7 s here)."""
    server = make_url(os.environ[TEST_DB_VAR])
    name = f"rapport_t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
        try:
            url = server.update_query_dict({"options": f"-csearch_path={name}"})
            yield url.render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    finally:
        admin.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database of its own (skipped unless RAPPORT_TEST_DB is set), for
    tests that work on whole databases: migrations, pg_dump and pg_restore."""
    if not os.environ.get(TEST_DB_VAR):
        # .ci/run starts a PostgreSQL server and sets this, so CI always runs these tests
        pytest.skip(f"set {TEST_DB_VAR} to a PostgreSQL server URL to run this test (.ci/run does)")
    with postgres_database() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def workspace_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a new workspace lives: an SQLite file, then (with RAPPORT_TEST_DB) PostgreSQL."""
    if request.param == "sqlite":
        yield str(tmp_path / "rapport.db")
        return
    with postgres_schema() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def fresh_engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An empty workspace at the newest schema: in memory, then (with RAPPORT_TEST_DB) on
    PostgreSQL."""
    if request.param == "sqlite":
        engine = open_workspace("sqlite:///:memory:")
        yield engine
        engine.dispose()
        return
    with postgres_schema() as url:
        engine = open_workspace(url)
        try:
            yield engine
        finally:
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


# ---- de-identification -------------------------------------------------------------------


@pytest.fixture
def detector() -> PatientDetector:
    """A fresh ``PatientDetector`` with one clinician participant (``privacy_support``), for
    the round-by-round de-identification rule tests."""
    from privacy_support import new_detector

    return new_detector()
