"""Reviewers' decisions on automatic codes (accept, reject, change), append-only.

Accepting or changing a code also writes a human coding (the caller does that, in the
same transaction); this table is what remembers rejections, and who decided what.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, select

from rapport.errors import StoreError
from rapport.store import schema as db
from rapport.store.rows import utc_now

DECISIONS = ("accept", "reject", "change")


@dataclass(frozen=True, slots=True)
class CodeReview:
    encounter_id: str
    turn_index: int
    code: str
    reviewer: str
    decision: str
    replacement: str | None
    memo: str | None
    decided_at: dt.datetime


def add_review(
    conn: Connection,
    encounter_id: str,
    turn_index: int,
    code: str,
    *,
    reviewer: str,
    decision: str,
    replacement: str | None = None,
    memo: str | None = None,
) -> CodeReview:
    if decision not in DECISIONS:
        raise StoreError(f"a review decision is one of {', '.join(DECISIONS)}, not {decision!r}")
    if decision == "change" and not replacement:
        raise StoreError("changing a code needs the code to change it to")
    now = utc_now()
    conn.execute(
        db.code_reviews.insert().values(
            encounter_id=encounter_id,
            turn_index=turn_index,
            code=code,
            reviewer=reviewer,
            decision=decision,
            replacement=replacement,
            memo=memo,
            decided_at=now,
        )
    )
    return CodeReview(encounter_id, turn_index, code, reviewer, decision, replacement, memo, now)


def latest_reviews(
    conn: Connection, encounter_id: str, reviewer: str | None = None
) -> dict[tuple[int, str], CodeReview]:
    """The newest decision per (turn, code) of an encounter, optionally of one reviewer."""
    query = select(db.code_reviews).where(db.code_reviews.c.encounter_id == encounter_id)
    if reviewer is not None:
        query = query.where(db.code_reviews.c.reviewer == reviewer)
    newest: dict[tuple[int, str], CodeReview] = {}
    for row in conn.execute(query.order_by(db.code_reviews.c.id)):
        newest[(row.turn_index, row.code)] = CodeReview(
            row.encounter_id,
            row.turn_index,
            row.code,
            row.reviewer,
            row.decision,
            row.replacement,
            row.memo,
            row.decided_at,
        )
    return newest
