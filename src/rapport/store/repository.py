"""Reading and writing encounters and imports, as functions of a ``Connection``.

None of these functions commits: the caller wraps them in ``transaction(engine)``, so an
import that fails half-way leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, Select, and_, func, select

from rapport.errors import NotFoundError, StoreError
from rapport.model import Encounter, Participant, Role, Setting, Turn
from rapport.store import schema as db
from rapport.store.rows import IN_BATCH, chunks, insert_rows, utc_now


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What ``import_encounters`` did with one file."""

    status: Literal["imported", "unchanged"]
    encounter_ids: tuple[str, ...]
    n_turns: int


@dataclass(frozen=True, slots=True)
class EncounterSummary:
    """One line of ``rapport list``: an encounter without its turns."""

    id: str
    patient: str | None
    date: dt.date | None
    setting: Setting
    subtype: str | None
    n_turns: int
    clinicians: tuple[str, ...]
    duration_s: float | None
    n_codings: int

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view (date as ISO text, setting as its value)."""
        return {
            "id": self.id,
            "patient": self.patient,
            "date": self.date.isoformat() if self.date else None,
            "setting": self.setting.value,
            "subtype": self.subtype,
            "n_turns": self.n_turns,
            "clinicians": list(self.clinicians),
            "duration_s": self.duration_s,
            "n_codings": self.n_codings,
        }


def content_hash(data: bytes) -> str:
    """The SHA-256 of a file's bytes, in hex: how a re-import of the same file is spotted."""
    return hashlib.sha256(data).hexdigest()


def import_encounters(
    conn: Connection, encounters: Sequence[Encounter], *, content_hash: str, path: str
) -> ImportResult:
    """Store the encounters read from one file, unless that exact file was imported before.

    Raises ``StoreError`` if an encounter id is already taken by different content; the
    caller's transaction then rolls back everything from this file.
    """
    previous = conn.execute(
        select(db.imports.c.n_turns).where(db.imports.c.content_hash == content_hash)
    ).first()
    if previous is not None:
        stored = conn.execute(
            select(db.encounters.c.id)
            .where(db.encounters.c.content_hash == content_hash)
            .order_by(db.encounters.c.id)
        ).scalars()
        # The stored ids, not the given ones: a newer reader might name them differently.
        return ImportResult("unchanged", tuple(stored), previous.n_turns)

    ids = [encounter.id for encounter in encounters]
    _check_unique(ids, path)
    # The same content can be here without its import row if one of its encounters was
    # removed: keep those, add the rest.
    already_here = _check_no_conflicts(conn, ids, content_hash)
    imported_at = utc_now()
    n_turns = sum(len(encounter.turns) for encounter in encounters)
    conn.execute(
        db.imports.insert(),
        {
            "content_hash": content_hash,
            "path": path,
            "imported_at": imported_at,
            "n_encounters": len(encounters),
            "n_turns": n_turns,
        },
    )
    new = [encounter for encounter in encounters if encounter.id not in already_here]
    insert_rows(
        conn,
        db.encounters,
        [
            {
                "id": encounter.id,
                "patient": encounter.patient,
                "date": encounter.date,
                "setting": Setting(encounter.setting).value,
                "subtype": encounter.subtype,
                "metadata": encounter.metadata,
                "source_path": encounter.source,
                "content_hash": content_hash,
                "imported_at": imported_at,
            }
            for encounter in new
        ],
    )
    insert_rows(conn, db.participants, _participant_rows(new))
    insert_rows(conn, db.turns, _turn_rows(new))
    return ImportResult("imported", tuple(ids), n_turns)


def _check_unique(ids: list[str], path: str) -> None:
    seen: set[str] = set()
    for encounter_id in ids:
        if encounter_id in seen:
            raise StoreError(f"{path} holds two encounters with id '{encounter_id}'")
        seen.add(encounter_id)


def _check_no_conflicts(conn: Connection, ids: list[str], content_hash: str) -> set[str]:
    """Ids already stored from this same content; raise for any stored from other content."""
    same: set[str] = set()
    conflicts: dict[str, str] = {}
    for chunk in chunks(ids):
        rows = conn.execute(
            select(
                db.encounters.c.id,
                db.encounters.c.content_hash,
                db.encounters.c.source_path,
                db.encounters.c.imported_at,
                db.imports.c.path,
            )
            .select_from(
                db.encounters.outerjoin(
                    db.imports, db.imports.c.content_hash == db.encounters.c.content_hash
                )
            )
            .where(db.encounters.c.id.in_(chunk))
        ).all()
        for row in rows:
            if row.content_hash == content_hash:
                same.add(row.id)
            else:
                where = row.path or row.source_path or "an unknown file"
                conflicts[row.id] = f"{where} on {row.imported_at.date().isoformat()}"
    if conflicts:
        # Name the first clash in file order, so the message matches what the user sees.
        first = next(encounter_id for encounter_id in ids if encounter_id in conflicts)
        more = f" ({len(conflicts) - 1} more ids clash too)" if len(conflicts) > 1 else ""
        raise StoreError(
            f"encounter '{first}' already exists (imported from {conflicts[first]}); "
            f"rename it or remove the old one{more}"
        )
    return same


def _participant_rows(encounters: Iterable[Encounter]) -> Iterator[dict[str, Any]]:
    for encounter in encounters:
        for position, participant in enumerate(encounter.participants):
            yield {
                "encounter_id": encounter.id,
                "position": position,
                "name": participant.name,
                "role": Role(participant.role).value,
                "role_source": participant.role_source,
            }


def _turn_rows(encounters: Iterable[Encounter]) -> Iterator[dict[str, Any]]:
    for encounter in encounters:
        seen: set[int] = set()
        for turn in encounter.turns:
            if turn.index in seen:
                raise StoreError(f"encounter '{encounter.id}' has two turns numbered {turn.index}")
            seen.add(turn.index)
            yield {
                "encounter_id": encounter.id,
                "turn_index": turn.index,
                "speaker": turn.speaker,
                "role": Role(turn.role).value,
                "text": turn.text,
                "start_s": turn.start,
                "end_s": turn.end,
                "source_line": turn.line,
            }


def get_encounter(conn: Connection, encounter_id: str) -> Encounter:
    """The stored encounter with its participants and turns, in order."""
    row = conn.execute(select(db.encounters).where(db.encounters.c.id == encounter_id)).first()
    if row is None:
        raise NotFoundError(f"no encounter '{encounter_id}' in this workspace")
    people = conn.execute(
        select(db.participants)
        .where(db.participants.c.encounter_id == encounter_id)
        .order_by(db.participants.c.position)
    ).all()
    talk = conn.execute(
        select(db.turns)
        .where(db.turns.c.encounter_id == encounter_id)
        .order_by(db.turns.c.turn_index)
    ).all()
    return _encounter_from_rows(row, people, talk)


def _encounter_from_rows(row: Any, people: Sequence[Any], talk: Sequence[Any]) -> Encounter:
    return Encounter(
        id=row.id,
        turns=[
            Turn(
                index=t.turn_index,
                speaker=t.speaker,
                role=Role(t.role),
                text=t.text,
                start=t.start_s,
                end=t.end_s,
                line=t.source_line,
            )
            for t in talk
        ],
        patient=row.patient,
        date=row.date,
        setting=Setting(row.setting),
        subtype=row.subtype,
        participants=[Participant(p.name, Role(p.role), p.role_source) for p in people],
        metadata=dict(row.metadata),
        source=row.source_path,
    )


def select_encounter_ids(
    conn: Connection,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    patients: Sequence[str] = (),
    settings: Sequence[Setting | str] = (),
    subtypes: Sequence[str] = (),
) -> list[str]:
    """Ids of the encounters that match every given filter (a list matches any of its
    values; a date range leaves out undated encounters), ordered by id."""
    query = select(db.encounters.c.id)
    if since is not None:
        query = query.where(db.encounters.c.date >= since)
    if until is not None:
        query = query.where(db.encounters.c.date <= until)
    if patients:
        query = query.where(db.encounters.c.patient.in_(list(patients)))
    if settings:
        query = query.where(db.encounters.c.setting.in_([Setting(s).value for s in settings]))
    if subtypes:
        query = query.where(db.encounters.c.subtype.in_(list(subtypes)))
    return list(conn.execute(query.order_by(db.encounters.c.id)).scalars())


def load_encounters(conn: Connection, ids: Sequence[str] | None = None) -> list[Encounter]:
    """Many encounters at once, in three queries per batch rather than three per encounter
    (``get_encounter`` in a loop takes minutes for a workspace of 10,000). ``None`` loads
    every encounter; the result is ordered by id."""
    wanted = sorted(ids) if ids is not None else None
    batches: Iterable[Sequence[str] | None] = [None] if wanted is None else chunks(wanted, IN_BATCH)
    encounters: list[Encounter] = []
    for batch in batches:
        rows = select(db.encounters)
        people = select(db.participants)
        talk = select(db.turns)
        if batch is not None:
            rows = rows.where(db.encounters.c.id.in_(list(batch)))
            people = people.where(db.participants.c.encounter_id.in_(list(batch)))
            talk = talk.where(db.turns.c.encounter_id.in_(list(batch)))
        by_people: dict[str, list[Any]] = defaultdict(list)
        for person in conn.execute(
            people.order_by(db.participants.c.encounter_id, db.participants.c.position)
        ):
            by_people[person.encounter_id].append(person)
        by_talk: dict[str, list[Any]] = defaultdict(list)
        for turn in conn.execute(talk.order_by(db.turns.c.encounter_id, db.turns.c.turn_index)):
            by_talk[turn.encounter_id].append(turn)
        for row in conn.execute(rows.order_by(db.encounters.c.id)):
            encounters.append(
                _encounter_from_rows(row, by_people.get(row.id, []), by_talk.get(row.id, []))
            )
    if wanted is not None and len(encounters) < len(set(wanted)):
        found = {encounter.id for encounter in encounters}
        missing = next(i for i in wanted if i not in found)
        raise NotFoundError(f"no encounter '{missing}' in this workspace")
    return encounters


def _filtered_ids(
    patient: str | None, setting: Setting | str | None, subtype: str | None
) -> Select[Any]:
    query = select(db.encounters.c.id)
    if patient is not None:
        query = query.where(db.encounters.c.patient == patient)
    if setting is not None:
        query = query.where(db.encounters.c.setting == Setting(setting).value)
    if subtype is not None:
        query = query.where(db.encounters.c.subtype == subtype)
    return query


def iter_encounters(
    conn: Connection,
    *,
    patient: str | None = None,
    setting: Setting | str | None = None,
    subtype: str | None = None,
) -> Iterator[Encounter]:
    """Every stored encounter (or those matching the filters), one at a time, by id.

    Only the ids are held in memory, so a workspace of thousands of encounters can be
    walked without loading all their turns at once.
    """
    ids = conn.execute(_filtered_ids(patient, setting, subtype).order_by(db.encounters.c.id))
    for encounter_id in ids.scalars().all():
        yield get_encounter(conn, encounter_id)


def list_encounters(
    conn: Connection,
    *,
    patient: str | None = None,
    setting: Setting | str | None = None,
    subtype: str | None = None,
) -> list[EncounterSummary]:
    """Summaries of the stored encounters matching the filters, ordered by id."""
    wanted = _filtered_ids(patient, setting, subtype).subquery()
    turn_stats = (
        select(
            db.turns.c.encounter_id,
            func.count().label("n_turns"),
            func.count(db.turns.c.start_s).label("n_starts"),
            func.count(db.turns.c.end_s).label("n_ends"),
            func.min(db.turns.c.start_s).label("first_start"),
            func.max(db.turns.c.end_s).label("last_end"),
        )
        .group_by(db.turns.c.encounter_id)
        .subquery()
    )
    coding_counts = (
        select(db.codings.c.encounter_id, func.count().label("n_codings"))
        .group_by(db.codings.c.encounter_id)
        .subquery()
    )
    rows = conn.execute(
        select(
            db.encounters,
            func.coalesce(turn_stats.c.n_turns, 0).label("n_turns"),
            turn_stats.c.n_starts,
            turn_stats.c.n_ends,
            turn_stats.c.first_start,
            turn_stats.c.last_end,
            func.coalesce(coding_counts.c.n_codings, 0).label("n_codings"),
        )
        .select_from(
            db.encounters.join(wanted, wanted.c.id == db.encounters.c.id)
            .outerjoin(turn_stats, turn_stats.c.encounter_id == db.encounters.c.id)
            .outerjoin(coding_counts, coding_counts.c.encounter_id == db.encounters.c.id)
        )
        .order_by(db.encounters.c.id)
    ).all()
    clinicians = _clinicians(conn, wanted)
    summaries = []
    for row in rows:
        # Same rule as Encounter.duration_seconds: only when every turn is timed.
        timed = row.n_turns > 0 and row.n_starts == row.n_turns == row.n_ends
        summaries.append(
            EncounterSummary(
                id=row.id,
                patient=row.patient,
                date=row.date,
                setting=Setting(row.setting),
                subtype=row.subtype,
                n_turns=row.n_turns,
                clinicians=tuple(clinicians.get(row.id, ())),
                duration_s=row.last_end - row.first_start if timed else None,
                n_codings=row.n_codings,
            )
        )
    return summaries


def _clinicians(conn: Connection, wanted: Any) -> dict[str, list[str]]:
    """Clinician names per encounter: its participants, or its turns' speakers if it has none."""
    names: dict[str, list[str]] = defaultdict(list)
    listed = conn.execute(
        select(db.participants.c.encounter_id, db.participants.c.name)
        .join(wanted, wanted.c.id == db.participants.c.encounter_id)
        .where(db.participants.c.role == Role.CLINICIAN.value)
        .order_by(db.participants.c.encounter_id, db.participants.c.position)
    )
    for encounter_id, name in listed:
        names[encounter_id].append(name)
    with_participants = select(db.participants.c.encounter_id).where(
        db.participants.c.encounter_id == db.turns.c.encounter_id
    )
    speakers = conn.execute(
        select(db.turns.c.encounter_id, db.turns.c.speaker)
        .join(wanted, wanted.c.id == db.turns.c.encounter_id)
        .where(and_(db.turns.c.role == Role.CLINICIAN.value, ~with_participants.exists()))
        .group_by(db.turns.c.encounter_id, db.turns.c.speaker)
        .order_by(db.turns.c.encounter_id, func.min(db.turns.c.turn_index))
    )
    for encounter_id, speaker in speakers:
        names[encounter_id].append(speaker)
    return names


def remove_encounter(conn: Connection, encounter_id: str) -> int:
    """Delete an encounter with its turns and codings; returns how many codings went.

    The import record of its file is forgotten too, so that file can be imported again
    (encounters of the same file that are still stored are then kept as they are).
    """
    row = conn.execute(
        select(db.encounters.c.content_hash).where(db.encounters.c.id == encounter_id)
    ).first()
    if row is None:
        raise NotFoundError(f"no encounter '{encounter_id}' in this workspace")
    # Explicit deletes, child tables first, so this does not depend on ON DELETE support.
    removed = conn.execute(db.codings.delete().where(db.codings.c.encounter_id == encounter_id))
    conn.execute(db.adjudications.delete().where(db.adjudications.c.encounter_id == encounter_id))
    conn.execute(db.assignments.delete().where(db.assignments.c.encounter_id == encounter_id))
    conn.execute(db.code_reviews.delete().where(db.code_reviews.c.encounter_id == encounter_id))
    conn.execute(db.turns.delete().where(db.turns.c.encounter_id == encounter_id))
    conn.execute(db.participants.delete().where(db.participants.c.encounter_id == encounter_id))
    conn.execute(db.encounters.delete().where(db.encounters.c.id == encounter_id))
    conn.execute(db.imports.delete().where(db.imports.c.content_hash == row.content_hash))
    return removed.rowcount


def counts(conn: Connection) -> dict[str, int]:
    """Number of rows in each workspace table, e.g. for ``rapport status``."""
    return {
        table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
        for table in db.metadata.sorted_tables
    }


# Codebook and coding functions live in their own module to keep this one short; they are
# re-exported so that every repository function can be imported from here.
from rapport.store.codings import (  # noqa: E402
    add_codings,
    get_codebook,
    get_codings,
    save_codebook,
)

__all__ = [
    "EncounterSummary",
    "ImportResult",
    "add_codings",
    "content_hash",
    "counts",
    "get_codebook",
    "get_codings",
    "get_encounter",
    "import_encounters",
    "iter_encounters",
    "list_encounters",
    "remove_encounter",
    "save_codebook",
]
