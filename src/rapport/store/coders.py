"""Human coders in the workspace: blind assignments, submission and adjudication.

A coder assigned to an encounter codes it blind: until they submit it, they see only their
own codings (and the automatic coder's, if the assignment allows). Adjudication decisions
are kept as rows of their own, and their codes are also written as consensus codings, so
the coders' originals are never touched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select

from rapport.errors import NotFoundError, StoreError
from rapport.model import Coding, Origin
from rapport.store import schema as db
from rapport.store.codings import get_codings
from rapport.store.rows import utc_now


@dataclass(frozen=True, slots=True)
class Assignment:
    encounter_id: str
    coder: str
    see_auto: bool
    assigned_by: str | None
    assigned_at: dt.datetime
    submitted_at: dt.datetime | None

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


@dataclass(frozen=True, slots=True)
class Adjudication:
    encounter_id: str
    turn_index: int
    adjudicator: str
    codes: tuple[str, ...]
    reason: str | None
    decided_at: dt.datetime


def _check_encounters(conn: Connection, encounter_ids: Sequence[str]) -> None:
    known = set(
        conn.execute(
            select(db.encounters.c.id).where(db.encounters.c.id.in_(list(encounter_ids)))
        ).scalars()
    )
    missing = [e for e in encounter_ids if e not in known]
    if missing:
        raise NotFoundError(f"no encounter '{missing[0]}' in this workspace")


def assign(
    conn: Connection,
    coder: str,
    encounter_ids: Sequence[str],
    *,
    see_auto: bool = False,
    assigned_by: str | None = None,
) -> int:
    """Give ``coder`` these encounters to code blind; returns how many were new.

    An encounter already assigned to the coder keeps its assignment (and its submission).
    """
    if not coder.strip():
        raise StoreError("a coder needs a name")
    _check_encounters(conn, encounter_ids)
    existing = set(
        conn.execute(
            select(db.assignments.c.encounter_id).where(db.assignments.c.coder == coder)
        ).scalars()
    )
    new = [e for e in dict.fromkeys(encounter_ids) if e not in existing]
    now = utc_now()
    if new:
        conn.execute(
            db.assignments.insert(),
            [
                {
                    "encounter_id": encounter_id,
                    "coder": coder,
                    "see_auto": see_auto,
                    "assigned_by": assigned_by,
                    "assigned_at": now,
                    "submitted_at": None,
                }
                for encounter_id in new
            ],
        )
    return len(new)


def submit(conn: Connection, coder: str, encounter_id: str) -> Assignment:
    """Mark the coder's work on an encounter as submitted (it unblinds them)."""
    found = get_assignments(conn, coder=coder, encounter_id=encounter_id)
    if not found:
        raise NotFoundError(f"{coder} has no assignment for encounter '{encounter_id}'")
    if found[0].submitted:
        return found[0]
    conn.execute(
        db.assignments.update()
        .where(db.assignments.c.coder == coder, db.assignments.c.encounter_id == encounter_id)
        .values(submitted_at=utc_now())
    )
    return get_assignments(conn, coder=coder, encounter_id=encounter_id)[0]


def get_assignments(
    conn: Connection, *, coder: str | None = None, encounter_id: str | None = None
) -> list[Assignment]:
    """Assignments, by coder then encounter."""
    query = select(db.assignments)
    if coder is not None:
        query = query.where(db.assignments.c.coder == coder)
    if encounter_id is not None:
        query = query.where(db.assignments.c.encounter_id == encounter_id)
    rows = conn.execute(query.order_by(db.assignments.c.coder, db.assignments.c.encounter_id))
    return [
        Assignment(
            row.encounter_id,
            row.coder,
            bool(row.see_auto),
            row.assigned_by,
            row.assigned_at,
            row.submitted_at,
        )
        for row in rows
    ]


def visible_codings(conn: Connection, viewer: str, encounter_id: str) -> list[Coding]:
    """The codings of an encounter that ``viewer`` may see now.

    A coder with an unsubmitted assignment sees only their own human codings, and the
    automatic coder's if the assignment allows; everyone else sees every coding.
    """
    codings = get_codings(conn, encounter_id=encounter_id)
    assignment = get_assignments(conn, coder=viewer, encounter_id=encounter_id)
    if not assignment or assignment[0].submitted:
        return codings
    return [
        c
        for c in codings
        if (c.origin == Origin.HUMAN and c.coder == viewer)
        or (c.origin == Origin.AUTO and assignment[0].see_auto)
    ]


def add_adjudications(conn: Connection, decisions: Iterable[Adjudication]) -> int:
    """Record adjudication decisions; returns how many. Earlier decisions on the same
    turns stay in the table; the newest one counts. The consensus codings that follow
    from them are written by the caller (see ``pipeline.adjudicate``)."""
    decisions = list(decisions)
    rows = [
        {
            "encounter_id": d.encounter_id,
            "turn_index": d.turn_index,
            "adjudicator": d.adjudicator,
            "codes": sorted(d.codes),
            "reason": d.reason,
            "decided_at": d.decided_at,
        }
        for d in decisions
    ]
    if rows:
        _check_encounters(conn, sorted({d.encounter_id for d in decisions}))
        conn.execute(db.adjudications.insert(), rows)
    return len(rows)


def get_adjudications(conn: Connection, encounter_id: str | None = None) -> list[Adjudication]:
    """The newest decision for each adjudicated turn, by encounter and turn."""
    query = select(db.adjudications)
    if encounter_id is not None:
        query = query.where(db.adjudications.c.encounter_id == encounter_id)
    newest: dict[tuple[str, int], Adjudication] = {}
    for row in conn.execute(query.order_by(db.adjudications.c.decided_at, db.adjudications.c.id)):
        newest[(row.encounter_id, row.turn_index)] = Adjudication(
            row.encounter_id,
            row.turn_index,
            row.adjudicator,
            tuple(row.codes),
            row.reason,
            row.decided_at,
        )
    return [newest[key] for key in sorted(newest)]
