"""The workspace schema, in SQLAlchemy Core.

This module is the source of truth that the Alembic migrations must reproduce: a test
upgrades an empty database and checks that autogenerate finds no difference. Change a
table here only together with a new revision in ``migrations/versions``.

Constraint names come from a naming convention (as in Taguette) so that later
migrations can drop or alter constraints by name on every backend, SQLite included.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no zone, so without this an aware ``created_at`` would come back naive
    and compare unequal to what was written.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        return _as_utc(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        return _as_utc(value)


def _as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """Naive timestamps are taken to be UTC already (that is how they are written)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


# One row per imported file: its hash makes re-importing the same file a no-op.
imports = Table(
    "imports",
    metadata,
    Column("content_hash", Text, primary_key=True),
    Column("path", Text, nullable=False),
    Column("imported_at", UTCDateTime, nullable=False),
    Column("n_encounters", Integer, nullable=False),
    Column("n_turns", Integer, nullable=False),
)

encounters = Table(
    "encounters",
    metadata,
    Column("id", Text, primary_key=True),
    Column("patient", Text, nullable=True, index=True),
    Column("date", Date, nullable=True),
    Column("setting", Text, nullable=False),
    Column("subtype", Text, nullable=True),
    Column("metadata", JSON, nullable=False),
    Column("source_path", Text, nullable=True),
    # No foreign key to ``imports``: forgetting an import (when an encounter is removed)
    # must not require touching the encounters that came from the same file.
    Column("content_hash", Text, nullable=False, index=True),
    Column("imported_at", UTCDateTime, nullable=False),
    Index("ix_encounters_setting_subtype", "setting", "subtype"),
)

participants = Table(
    "participants",
    metadata,
    Column("encounter_id", Text, nullable=False),
    # Position keeps the participants in the order the transcript listed them.
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("role_source", Text, nullable=False),
    PrimaryKeyConstraint("encounter_id", "position"),
    ForeignKeyConstraint(["encounter_id"], ["encounters.id"], ondelete="CASCADE"),
)

turns = Table(
    "turns",
    metadata,
    Column("encounter_id", Text, nullable=False),
    Column("turn_index", Integer, nullable=False),
    Column("speaker", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("start_s", Float, nullable=True),
    Column("end_s", Float, nullable=True),
    Column("source_line", Integer, nullable=True),
    # The primary key is the (encounter, index) pair: it is both the uniqueness rule and
    # the index that per-encounter reads walk in order.
    PrimaryKeyConstraint("encounter_id", "turn_index"),
    ForeignKeyConstraint(["encounter_id"], ["encounters.id"], ondelete="CASCADE"),
)

codebooks = Table(
    "codebooks",
    metadata,
    Column("id", Text, nullable=False),
    Column("version", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("document", JSON, nullable=False),
    Column("saved_at", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("id", "version"),
)

# Append-only: a correction is a new row, so there is no UPDATE anywhere in the store.
codings = Table(
    "codings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("encounter_id", Text, nullable=False),
    Column("turn_index", Integer, nullable=False),
    Column("code", Text, nullable=False, index=True),
    Column("codebook_id", Text, nullable=False),
    Column("origin", Text, nullable=False),
    Column("coder", Text, nullable=False),
    Column("score", Float, nullable=True),
    Column("model_version", Text, nullable=True),
    Column("memo", Text, nullable=True),
    Column("char_start", Integer, nullable=True),
    Column("char_end", Integer, nullable=True),
    Column("time_start", Float, nullable=True),
    Column("time_end", Float, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    # No ON DELETE CASCADE: codings outlive nothing by accident; removing an encounter
    # deletes its codings explicitly.
    ForeignKeyConstraint(
        ["encounter_id", "turn_index"], ["turns.encounter_id", "turns.turn_index"]
    ),
    Index("ix_codings_encounter_id_turn_index", "encounter_id", "turn_index"),
    Index("ix_codings_origin_coder", "origin", "coder"),
)

# Who codes which encounter, blind to others until they submit. Unlike codings, an
# assignment changes state (submitted_at is set once), so this table is updated.
assignments = Table(
    "assignments",
    metadata,
    Column("encounter_id", Text, nullable=False),
    Column("coder", Text, nullable=False),
    # Whether the coder may see the automatic coder's suggestions before submitting.
    Column("see_auto", Boolean, nullable=False),
    Column("assigned_by", Text, nullable=True),
    Column("assigned_at", UTCDateTime, nullable=False),
    Column("submitted_at", UTCDateTime, nullable=True),
    PrimaryKeyConstraint("encounter_id", "coder"),
    ForeignKeyConstraint(["encounter_id"], ["encounters.id"], ondelete="CASCADE"),
    Index("ix_assignments_coder", "coder"),
)

# An adjudicator's decision on one turn where coders disagreed: the consensus codes (maybe
# none) and why. The consensus codes are also written as codings of origin "consensus";
# this row keeps decisions that chose no code, and the reason. Append-only: a later
# decision on the same turn supersedes an earlier one.
adjudications = Table(
    "adjudications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("encounter_id", Text, nullable=False),
    Column("turn_index", Integer, nullable=False),
    Column("adjudicator", Text, nullable=False),
    Column("codes", JSON, nullable=False),
    Column("reason", Text, nullable=True),
    Column("decided_at", UTCDateTime, nullable=False),
    ForeignKeyConstraint(
        ["encounter_id", "turn_index"], ["turns.encounter_id", "turns.turn_index"]
    ),
    Index("ix_adjudications_encounter_id_turn_index", "encounter_id", "turn_index"),
)

# One row per imported questionnaire file (REDCap export, FHIR bundle, CSV): its hash makes
# re-importing the same file a no-op, as ``imports`` does for transcripts.
survey_imports = Table(
    "survey_imports",
    metadata,
    Column("content_hash", Text, primary_key=True),
    Column("path", Text, nullable=False),
    Column("imported_at", UTCDateTime, nullable=False),
    Column("n_responses", Integer, nullable=False),
)

# One completed questionnaire. Append-only like codings: answers are stored as read
# (missing answers as null), and scores are computed from them, never stored.
survey_responses = Table(
    "survey_responses",
    metadata,
    Column("id", Text, primary_key=True),
    Column("instrument_id", Text, nullable=False),
    Column("instrument_version", Text, nullable=True),
    Column("respondent", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("relationship", Text, nullable=False),
    Column("patient", Text, nullable=True),
    Column("clinician", Text, nullable=True),
    Column("timepoint", Text, nullable=True),
    Column("date", Date, nullable=True),
    Column("group", Text, nullable=True),
    Column("answers", JSON, nullable=False),
    Column("source", JSON, nullable=True),
    Column("content_hash", Text, nullable=False, index=True),
    Column("imported_at", UTCDateTime, nullable=False),
    Index("ix_survey_responses_instrument_id_timepoint", "instrument_id", "timepoint"),
    Index("ix_survey_responses_relationship", "relationship"),
)

# --- The web app (migration 0004): accounts, sessions, API tokens, membership, audit ------

# People who sign in to ``rapport serve``. Passwords are argon2 hashes, never plain text.
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", Text, nullable=False),
    Column("display_name", Text, nullable=True),
    # admin, researcher, coder or clinician
    Column("role", Text, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("disabled", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("password_changed_at", UTCDateTime, nullable=False),
    UniqueConstraint("username"),
)

# The speaker names under which a clinician user appears in transcripts: they see the
# encounters where one of these names speaks as a clinician.
user_clinicians = Table(
    "user_clinicians",
    metadata,
    Column("user_id", Integer, nullable=False),
    Column("name", Text, nullable=False, index=True),
    PrimaryKeyConstraint("user_id", "name"),
    ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
)

# Which projects a user belongs to. For now a workspace is one project ("default").
project_members = Table(
    "project_members",
    metadata,
    Column("project", Text, nullable=False),
    Column("user_id", Integer, nullable=False),
    PrimaryKeyConstraint("project", "user_id"),
    ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
)

# Signed-in browser sessions. The cookie holds a random token; only its SHA-256 is kept.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("token_hash", Text, primary_key=True),
    Column("user_id", Integer, nullable=False, index=True),
    Column("csrf_token", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
)

# Tokens for scripts (``Authorization: Bearer ...``); only their SHA-256 is kept.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("token_hash", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime, nullable=True),
    Column("revoked_at", UTCDateTime, nullable=True),
    UniqueConstraint("token_hash"),
    ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
)

# Append-only: who viewed which transcript, exported what, changed what, and when.
# Nothing in Rapport updates or deletes a row; on SQLite and PostgreSQL triggers refuse it.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False, index=True),
    Column("actor", Text, nullable=True, index=True),
    Column("action", Text, nullable=False),
    Column("object_type", Text, nullable=True),
    Column("object_id", Text, nullable=True),
    Column("detail", JSON, nullable=True),
    Column("client", Text, nullable=True),
)

# A reviewer's decision on one automatic code: accept, reject or change (to another code).
# Accepting or changing also writes a human coding; this row keeps rejections too, and who
# decided. Append-only: a later decision on the same code supersedes an earlier one.
code_reviews = Table(
    "code_reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("encounter_id", Text, nullable=False),
    Column("turn_index", Integer, nullable=False),
    Column("code", Text, nullable=False),
    Column("reviewer", Text, nullable=False),
    Column("decision", Text, nullable=False),
    Column("replacement", Text, nullable=True),
    Column("memo", Text, nullable=True),
    Column("decided_at", UTCDateTime, nullable=False),
    # Removing an encounter takes its reviews with it.
    ForeignKeyConstraint(
        ["encounter_id", "turn_index"],
        ["turns.encounter_id", "turns.turn_index"],
        ondelete="CASCADE",
    ),
    Index("ix_code_reviews_encounter_id_turn_index", "encounter_id", "turn_index"),
)
