"""Codebooks and codings in the workspace, as functions of a ``Connection``.

Codings are append-only: a correction or a second coder's view is a new row with its own
origin, coder and time, and nothing here updates or deletes one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, select

from rapport.codebooks import codebook_to_dict, parse_codebook
from rapport.errors import NotFoundError, StoreError
from rapport.model import Codebook, Coding, Origin
from rapport.store import schema as db
from rapport.store.rows import chunks, insert_rows, utc_now


def _document(codebook: Codebook) -> dict[str, Any]:
    document = codebook_to_dict(codebook)
    # codebook_to_dict leaves out theme descriptions; keep them so nothing is lost.
    for theme_node, theme in zip(document["themes"], codebook.themes, strict=True):
        if theme.description:
            theme_node["description"] = theme.description
    return document


def save_codebook(conn: Connection, codebook: Codebook) -> bool:
    """Store a codebook under its id and version; returns False if it was already there.

    Saving the same version again is a no-op. A different codebook under a stored id and
    version raises ``StoreError``: it would silently change what old codings mean.
    """
    document = _document(codebook)
    stored = conn.execute(
        select(db.codebooks.c.document).where(
            db.codebooks.c.id == codebook.id, db.codebooks.c.version == codebook.version
        )
    ).first()
    if stored is not None:
        if stored.document == document:
            return False
        raise StoreError(
            f"codebook '{codebook.id}' version {codebook.version} is already stored with "
            "different content; give the changed codebook a new version"
        )
    conn.execute(
        db.codebooks.insert(),
        {
            "id": codebook.id,
            "version": codebook.version,
            "name": codebook.name,
            "document": document,
            "saved_at": utc_now(),
        },
    )
    return True


def get_codebook(conn: Connection, codebook_id: str, version: str | None = None) -> Codebook:
    """A stored codebook; without ``version``, the one saved most recently."""
    query = select(db.codebooks.c.document, db.codebooks.c.version).where(
        db.codebooks.c.id == codebook_id
    )
    if version is not None:
        query = query.where(db.codebooks.c.version == version)
    row = conn.execute(
        query.order_by(db.codebooks.c.saved_at.desc(), db.codebooks.c.version.desc())
    ).first()
    if row is None:
        which = f"'{codebook_id}'" if version is None else f"'{codebook_id}' version {version}"
        raise NotFoundError(f"no codebook {which} in this workspace")
    # JSON is YAML, so the codebook goes through the same validating parser as files.
    return parse_codebook(json.dumps(row.document), f"workspace codebook {codebook_id}")


def _stored_code_ids(conn: Connection, codebook_id: str) -> set[str]:
    documents = conn.execute(
        select(db.codebooks.c.document).where(db.codebooks.c.id == codebook_id)
    ).scalars()
    codes = {
        code["id"]
        for document in documents
        for theme in document["themes"]
        for code in theme["codes"]
    }
    if not codes:
        raise NotFoundError(f"no codebook '{codebook_id}' in this workspace; save it first")
    return codes


def _check_turns_exist(conn: Connection, wanted: set[tuple[str, int]]) -> None:
    stored: set[tuple[str, int]] = set()
    encounter_ids = sorted({encounter_id for encounter_id, _ in wanted})
    for chunk in chunks(encounter_ids):
        rows = conn.execute(
            select(db.turns.c.encounter_id, db.turns.c.turn_index).where(
                db.turns.c.encounter_id.in_(chunk)
            )
        )
        stored.update((row.encounter_id, row.turn_index) for row in rows)
    missing = sorted(wanted - stored)
    if missing:
        encounter_id, turn_index = missing[0]
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise NotFoundError(f"no turn {turn_index} in encounter '{encounter_id}'{more}")


def _coding_row(coding: Coding, codebook_id: str) -> dict[str, Any]:
    for name, span in (("character", coding.char_span), ("time", coding.time_span)):
        if span is not None and span[0] > span[1]:
            raise StoreError(
                f"coding '{coding.code}' on turn {coding.turn_index} of "
                f"'{coding.encounter_id}' has a {name} span that ends before it starts"
            )
    char_start, char_end = coding.char_span or (None, None)
    time_start, time_end = coding.time_span or (None, None)
    return {
        "encounter_id": coding.encounter_id,
        "turn_index": coding.turn_index,
        "code": coding.code,
        "codebook_id": codebook_id,
        "origin": Origin(coding.origin).value,
        "coder": coding.coder,
        "score": coding.score,
        "model_version": coding.model_version,
        "memo": coding.memo,
        "char_start": char_start,
        "char_end": char_end,
        "time_start": time_start,
        "time_end": time_end,
        "created_at": coding.created_at,
    }


def add_codings(conn: Connection, codings: Iterable[Coding], codebook_id: str) -> int:
    """Append codings made with a stored codebook; returns how many were added.

    Every code must belong to that codebook and every turn must be stored, otherwise
    ``NotFoundError`` is raised and nothing is added (by the caller's rollback).
    """
    items = list(codings)
    if not items:
        return 0
    known = _stored_code_ids(conn, codebook_id)
    unknown = sorted({coding.code for coding in items} - known)
    if unknown:
        raise NotFoundError(f"codebook '{codebook_id}' has no code {', '.join(unknown)}")
    _check_turns_exist(conn, {(coding.encounter_id, coding.turn_index) for coding in items})
    rows = [_coding_row(coding, codebook_id) for coding in items]
    insert_rows(conn, db.codings, rows)
    return len(rows)


def get_codings(
    conn: Connection,
    *,
    encounter_id: str | None = None,
    origin: Origin | str | None = None,
    coder: str | None = None,
) -> list[Coding]:
    """Stored codings matching the filters, by encounter, turn, then the order they were added."""
    query = select(db.codings)
    if encounter_id is not None:
        query = query.where(db.codings.c.encounter_id == encounter_id)
    if origin is not None:
        query = query.where(db.codings.c.origin == Origin(origin).value)
    if coder is not None:
        query = query.where(db.codings.c.coder == coder)
    rows = conn.execute(
        query.order_by(db.codings.c.encounter_id, db.codings.c.turn_index, db.codings.c.id)
    )
    return [
        Coding(
            encounter_id=row.encounter_id,
            turn_index=row.turn_index,
            code=row.code,
            origin=Origin(row.origin),
            coder=row.coder,
            score=row.score,
            model_version=row.model_version,
            memo=row.memo,
            char_span=None if row.char_start is None else (row.char_start, row.char_end),
            time_span=None if row.time_start is None else (row.time_start, row.time_end),
            created_at=row.created_at,
        )
        for row in rows
    ]
