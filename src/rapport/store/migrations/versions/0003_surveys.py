"""Questionnaires: survey imports and responses.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "survey_imports",
        sa.Column("content_hash", sa.Text(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("n_responses", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("content_hash", name=op.f("pk_survey_imports")),
    )
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("instrument_id", sa.Text(), nullable=False),
        sa.Column("instrument_version", sa.Text(), nullable=True),
        sa.Column("respondent", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("relationship", sa.Text(), nullable=False),
        sa.Column("patient", sa.Text(), nullable=True),
        sa.Column("clinician", sa.Text(), nullable=True),
        sa.Column("timepoint", sa.Text(), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("group", sa.Text(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("source", sa.JSON(), nullable=True),
        sa.Column("content_hash", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
    )
    op.create_index("ix_survey_responses_content_hash", "survey_responses", ["content_hash"])
    op.create_index(
        "ix_survey_responses_instrument_id_timepoint",
        "survey_responses",
        ["instrument_id", "timepoint"],
    )
    op.create_index("ix_survey_responses_relationship", "survey_responses", ["relationship"])


def downgrade() -> None:
    op.drop_table("survey_responses")
    op.drop_table("survey_imports")
