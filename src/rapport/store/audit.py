"""The audit log: who viewed which transcript, exported what and changed what, and when.

Append-only. This module has no function that updates or deletes a row, and the
migration adds triggers that make SQLite and PostgreSQL refuse to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, func, select

from rapport.store import schema as db
from rapport.store.rows import utc_now

COLUMNS = ("id", "at", "actor", "action", "object_type", "object_id", "detail", "client")


@dataclass(frozen=True, slots=True)
class AuditEvent:
    id: int
    at: dt.datetime
    actor: str | None
    action: str
    object_type: str | None
    object_id: str | None
    detail: dict[str, Any] | None
    client: str | None


def record(
    conn: Connection,
    action: str,
    *,
    actor: str | None,
    object_type: str | None = None,
    object_id: str | None = None,
    detail: Mapping[str, Any] | None = None,
    client: str | None = None,
) -> None:
    """Append one event. ``detail`` never holds transcript text, only ids and counts."""
    conn.execute(
        db.audit_log.insert().values(
            at=utc_now(),
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            detail=dict(detail) if detail else None,
            client=client,
        )
    )


def _filtered(actor: str | None, action: str | None) -> Select[Any]:
    query = select(db.audit_log)
    if actor:
        query = query.where(db.audit_log.c.actor == actor)
    if action:
        query = query.where(db.audit_log.c.action == action)
    return query


def _event(row: Any) -> AuditEvent:
    return AuditEvent(
        row.id,
        row.at,
        row.actor,
        row.action,
        row.object_type,
        row.object_id,
        row.detail,
        row.client,
    )


def count_events(conn: Connection, *, actor: str | None = None, action: str | None = None) -> int:
    query = _filtered(actor, action).subquery()
    return int(conn.execute(select(func.count()).select_from(query)).scalar_one())


def list_events(
    conn: Connection,
    *,
    actor: str | None = None,
    action: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[AuditEvent]:
    """Events, newest first."""
    query = _filtered(actor, action).order_by(db.audit_log.c.id.desc()).limit(limit).offset(offset)
    return [_event(row) for row in conn.execute(query)]


def iter_events(
    conn: Connection, *, actor: str | None = None, action: str | None = None
) -> Iterator[AuditEvent]:
    """Every matching event, oldest first, for an export."""
    for row in conn.execute(_filtered(actor, action).order_by(db.audit_log.c.id)):
        yield _event(row)


def actions(conn: Connection) -> list[str]:
    return list(
        conn.execute(
            select(db.audit_log.c.action).distinct().order_by(db.audit_log.c.action)
        ).scalars()
    )
