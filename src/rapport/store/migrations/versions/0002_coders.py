"""Human coders: blind assignments and adjudication decisions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "assignments",
        sa.Column("encounter_id", sa.Text(), nullable=False),
        sa.Column("coder", sa.Text(), nullable=False),
        sa.Column("see_auto", sa.Boolean(), nullable=False),
        sa.Column("assigned_by", sa.Text(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["encounter_id"],
            ["encounters.id"],
            name=op.f("fk_assignments_encounter_id_encounters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("encounter_id", "coder", name=op.f("pk_assignments")),
    )
    op.create_index("ix_assignments_coder", "assignments", ["coder"])
    op.create_table(
        "adjudications",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("encounter_id", sa.Text(), nullable=False),
        sa.Column("turn_index", sa.Integer(), nullable=False),
        sa.Column("adjudicator", sa.Text(), nullable=False),
        sa.Column("codes", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["encounter_id", "turn_index"],
            ["turns.encounter_id", "turns.turn_index"],
            name=op.f("fk_adjudications_encounter_id_turns"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adjudications")),
    )
    op.create_index(
        "ix_adjudications_encounter_id_turn_index",
        "adjudications",
        ["encounter_id", "turn_index"],
    )


def downgrade() -> None:
    op.drop_table("adjudications")
    op.drop_table("assignments")
