"""Storing questionnaire responses, as functions of a ``Connection``.

Like transcript imports, a file is imported once: its content hash is recorded in
``survey_imports`` and a second import of the same bytes changes nothing. None of these
functions commits; wrap a file's import in ``transaction(engine)`` so that a failure
leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, select

from rapport.errors import StoreError
from rapport.store import schema as db
from rapport.store.rows import chunks, insert_rows, utc_now
from rapport.surveys.model import RespondentRole, Response, Source


@dataclass(frozen=True, slots=True)
class SurveyImportResult:
    """What ``import_responses`` did with one file."""

    status: Literal["imported", "unchanged"]
    response_ids: tuple[str, ...]


def _source_json(source: Source | None) -> dict[str, Any] | None:
    if source is None:
        return None
    return {"path": source.path, "line": source.line, "fields": dict(source.fields)}


def _source(value: Any) -> Source | None:
    if not value:
        return None
    return Source(value["path"], value.get("line"), tuple((value.get("fields") or {}).items()))


def import_responses(
    conn: Connection, responses: Sequence[Response], content_hash: str, path: str
) -> SurveyImportResult:
    """Store the responses read from one file, unless that exact file was imported before.

    Raises ``StoreError`` when a response id is already stored from a different file.
    """
    previous = conn.execute(
        select(db.survey_imports.c.content_hash).where(
            db.survey_imports.c.content_hash == content_hash
        )
    ).first()
    if previous is not None:
        stored = conn.execute(
            select(db.survey_responses.c.id)
            .where(db.survey_responses.c.content_hash == content_hash)
            .order_by(db.survey_responses.c.id)
        ).scalars()
        return SurveyImportResult("unchanged", tuple(stored))
    ids = [response.id for response in responses]
    if len(set(ids)) != len(ids):
        twice = next(i for i in ids if ids.count(i) > 1)
        raise StoreError(f"{path} holds two responses with id '{twice}'")
    for chunk in chunks(ids):
        clash = conn.execute(
            select(db.survey_responses.c.id).where(db.survey_responses.c.id.in_(chunk)).limit(1)
        ).scalar()
        if clash is not None:
            raise StoreError(
                f"response '{clash}' already exists from another file; rename it or "
                "remove the old one"
            )
    imported_at = utc_now()
    conn.execute(
        db.survey_imports.insert(),
        {
            "content_hash": content_hash,
            "path": path,
            "imported_at": imported_at,
            "n_responses": len(responses),
        },
    )
    insert_rows(
        conn,
        db.survey_responses,
        (
            {
                "id": r.id,
                "instrument_id": r.instrument_id,
                "instrument_version": r.instrument_version,
                "respondent": r.respondent,
                "role": RespondentRole(r.role).value,
                "relationship": r.relationship,
                "patient": r.patient,
                "clinician": r.clinician,
                "timepoint": r.timepoint,
                "date": r.date,
                "group": r.group,
                "answers": r.answers,
                "source": _source_json(r.source),
                "content_hash": content_hash,
                "imported_at": imported_at,
            }
            for r in responses
        ),
    )
    return SurveyImportResult("imported", tuple(ids))


def get_responses(
    conn: Connection,
    instrument: str | None = None,
    *,
    relationship: str | None = None,
    timepoint: str | None = None,
    role: str | None = None,
    group: str | None = None,
) -> list[Response]:
    """Stored responses, filtered, in (instrument, relationship, timepoint, id) order."""
    table = db.survey_responses
    query = select(table)
    for column, value in (
        (table.c.instrument_id, instrument),
        (table.c.relationship, relationship),
        (table.c.timepoint, timepoint),
        (table.c.role, role),
        (table.c.group, group),
    ):
        if value is not None:
            query = query.where(column == value)
    query = query.order_by(
        table.c.instrument_id, table.c.relationship, table.c.timepoint, table.c.id
    )
    return [
        Response(
            id=row.id,
            instrument_id=row.instrument_id,
            instrument_version=row.instrument_version,
            respondent=row.respondent,
            role=RespondentRole(row.role),
            relationship=row.relationship,
            answers={k: (None if v is None else float(v)) for k, v in row.answers.items()},
            patient=row.patient,
            clinician=row.clinician,
            timepoint=row.timepoint,
            date=row.date if isinstance(row.date, dt.date) or row.date is None else None,
            group=row.group,
            source=_source(row.source),
        )
        for row in conn.execute(query)
    ]
