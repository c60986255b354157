"""What the web views need beyond ``pipeline``: access rules over encounters, a paginated
encounter listing, the review actions, uploads and report downloads.

Views call these and format the result; nothing here knows about HTTP. Candidates for
``pipeline``/``store`` once the CLI needs them too: ``encounter_page`` (a paginated
``list_encounters``), ``review`` (accept/reject/change/add as one transaction) and
``import_uploads`` (per-file errors instead of stopping at the first).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Engine, and_, exists, func, not_, or_, select
from sqlalchemy.sql import ColumnElement

from rapport import pipeline, store
from rapport.analysis import Corpus
from rapport.codebooks import load_codebook
from rapport.errors import IngestError, NotFoundError, RapportError
from rapport.ingest import find_sources
from rapport.model import Codebook, Coding, Origin, Role, Setting
from rapport.report.encounter import encounter_page_context
from rapport.store import schema as db
from rapport.store.users import User

# --- who may see which encounter ------------------------------------------------------


def _clinician_clause(names: Sequence[str]) -> ColumnElement[bool]:
    """Encounters where one of ``names`` speaks as a clinician: by the participant list, or
    by the turns for an encounter stored without one (as ``store.list_encounters`` does)."""
    by_participant = exists().where(
        db.participants.c.encounter_id == db.encounters.c.id,
        db.participants.c.role == Role.CLINICIAN.value,
        db.participants.c.name.in_(list(names)),
    )
    no_participants = not_(exists().where(db.participants.c.encounter_id == db.encounters.c.id))
    by_turn = exists().where(
        db.turns.c.encounter_id == db.encounters.c.id,
        db.turns.c.role == Role.CLINICIAN.value,
        db.turns.c.speaker.in_(list(names)),
    )
    return or_(by_participant, and_(no_participants, by_turn))


def scope_clause(user: User) -> ColumnElement[bool] | None:
    """The encounters ``user`` may see, as a WHERE clause (None: all of them)."""
    if user.role == "researcher":
        return None
    if user.role == "coder":
        return db.encounters.c.id.in_(
            select(db.assignments.c.encounter_id).where(db.assignments.c.coder == user.username)
        )
    if user.role == "clinician" and user.clinician_names:
        return _clinician_clause(user.clinician_names)
    return db.encounters.c.id.is_(None)  # nothing


def can_view(conn: Connection, user: User, encounter_id: str) -> bool:
    query = select(db.encounters.c.id).where(db.encounters.c.id == encounter_id)
    clause = scope_clause(user)
    if clause is not None:
        query = query.where(clause)
    return conn.execute(query).first() is not None


def encounter_exists(conn: Connection, encounter_id: str) -> bool:
    query = select(db.encounters.c.id).where(db.encounters.c.id == encounter_id)
    return conn.execute(query).first() is not None


def can_code(conn: Connection, user: User, encounter_id: str) -> bool:
    """Researchers code any encounter; a coder codes an assigned one until submitting it."""
    if user.role == "researcher":
        return encounter_exists(conn, encounter_id)
    if user.role == "coder":
        found = store.get_assignments(conn, coder=user.username, encounter_id=encounter_id)
        return bool(found) and not found[0].submitted
    return False


def visible_codings(conn: Connection, user: User, encounter_id: str) -> list[Coding]:
    """What ``user`` may see of an encounter's codings (blind coders see only theirs)."""
    return store.visible_codings(conn, user.username, encounter_id)


# --- the encounter list ---------------------------------------------------------------

SORTS = ("id", "date", "patient", "setting", "subtype")


@dataclass(slots=True)
class EncounterFilters:
    patient: str | None = None
    clinician: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    setting: str | None = None
    subtype: str | None = None
    sort: str = "date"
    descending: bool = True

    def where(self) -> list[ColumnElement[bool]]:
        clauses: list[ColumnElement[bool]] = []
        if self.patient:
            clauses.append(db.encounters.c.patient == self.patient)
        if self.clinician:
            clauses.append(_clinician_clause([self.clinician]))
        if self.since:
            clauses.append(db.encounters.c.date >= self.since)
        if self.until:
            clauses.append(db.encounters.c.date <= self.until)
        if self.setting:
            clauses.append(db.encounters.c.setting == self.setting)
        if self.subtype:
            clauses.append(db.encounters.c.subtype == self.subtype)
        return clauses


@dataclass(slots=True)
class EncounterRow:
    id: str
    patient: str | None
    date: dt.date | None
    setting: str
    subtype: str | None
    n_turns: int = 0
    clinicians: list[str] = field(default_factory=list)
    n_auto: int = 0
    n_human: int = 0
    assignment: str | None = None  # for a coder: "to code" or "submitted"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "patient": self.patient,
            "date": self.date.isoformat() if self.date else None,
            "setting": self.setting,
            "subtype": self.subtype,
            "n_turns": self.n_turns,
            "clinicians": self.clinicians,
            "n_auto_codings": self.n_auto,
            "n_human_codings": self.n_human,
            "assignment": self.assignment,
        }


def encounter_page(
    conn: Connection, user: User, filters: EncounterFilters, *, page: int, page_size: int
) -> tuple[list[EncounterRow], int]:
    """One page of the encounters ``user`` may see that match ``filters``, and the total.

    Counts and names are looked up for the page's rows only, so a page costs the same in a
    workspace of ten encounters or ten thousand.
    """
    clauses = filters.where()
    scope = scope_clause(user)
    if scope is not None:
        clauses.append(scope)
    total = conn.execute(
        select(func.count()).select_from(db.encounters).where(*clauses)
    ).scalar_one()
    key = db.encounters.c[filters.sort if filters.sort in SORTS else "date"]
    order = [key.desc() if filters.descending else key.asc(), db.encounters.c.id.asc()]
    rows = conn.execute(
        select(
            db.encounters.c.id,
            db.encounters.c.patient,
            db.encounters.c.date,
            db.encounters.c.setting,
            db.encounters.c.subtype,
        )
        .where(*clauses)
        .order_by(*order)
        .limit(page_size)
        .offset(max(page - 1, 0) * page_size)
    ).all()
    found = [EncounterRow(r.id, r.patient, r.date, r.setting, r.subtype) for r in rows]
    ids = [row.id for row in found]
    if not ids:
        return found, int(total)
    by_id = {row.id: row for row in found}
    for encounter_id, n in conn.execute(
        select(db.turns.c.encounter_id, func.count())
        .where(db.turns.c.encounter_id.in_(ids))
        .group_by(db.turns.c.encounter_id)
    ):
        by_id[encounter_id].n_turns = n
    for encounter_id, name in conn.execute(
        select(db.participants.c.encounter_id, db.participants.c.name)
        .where(
            db.participants.c.encounter_id.in_(ids),
            db.participants.c.role == Role.CLINICIAN.value,
        )
        .order_by(db.participants.c.encounter_id, db.participants.c.position)
    ):
        by_id[encounter_id].clinicians.append(name)
    if user.role != "coder":  # a blind coder learns nothing of others' codings here
        for encounter_id, origin, n in conn.execute(
            select(db.codings.c.encounter_id, db.codings.c.origin, func.count())
            .where(db.codings.c.encounter_id.in_(ids))
            .group_by(db.codings.c.encounter_id, db.codings.c.origin)
        ):
            if origin == Origin.AUTO.value:
                by_id[encounter_id].n_auto += n
            else:
                by_id[encounter_id].n_human += n
    else:
        for assignment in store.get_assignments(conn, coder=user.username):
            if assignment.encounter_id in by_id:
                by_id[assignment.encounter_id].assignment = (
                    "submitted" if assignment.submitted else "to code"
                )
    return found, int(total)


def filter_choices(conn: Connection) -> dict[str, list[str]]:
    """Values for the list's filter menus (clinician names from participant lists)."""
    settings = conn.execute(select(db.encounters.c.setting).distinct()).scalars()
    subtypes = conn.execute(
        select(db.encounters.c.subtype).where(db.encounters.c.subtype.is_not(None)).distinct()
    ).scalars()
    clinicians = conn.execute(
        select(db.participants.c.name)
        .where(db.participants.c.role == Role.CLINICIAN.value)
        .distinct()
    ).scalars()
    return {
        "settings": sorted({str(s) for s in settings} | {s.value for s in Setting}),
        "subtypes": sorted(str(s) for s in subtypes),
        "clinicians": sorted(str(c) for c in clinicians),
    }


# --- one encounter --------------------------------------------------------------------


@cache
def codebook_named(codebook: str) -> Codebook:
    return load_codebook(codebook)


def encounter_view(
    engine: Engine,
    user: User,
    encounter_id: str,
    codebook: str,
    *,
    codings: Sequence[Coding] | None = None,
) -> dict[str, Any]:
    """What the encounter page shows, over the codings ``user`` may see (``codings``, when
    the caller has just read them for ``view_key``). Plain Python, no report tables."""
    with engine.connect() as conn:
        encounter = store.get_encounter(conn, encounter_id)
        if codings is None:
            codings = visible_codings(conn, user, encounter_id)
    corpus = Corpus([encounter], codings, codebook_named(codebook))
    return encounter_page_context(corpus, encounter_id)


class RenderedCache:
    """A small LRU of rendered encounter bodies, keyed by what they show: the encounter and
    the exact set of codings visible (a new coding changes the key, so nothing goes stale).
    The page around the body (user, CSRF token, buttons) is rendered per request."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._items: dict[tuple[Any, ...], str] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> str | None:
        with self._lock:
            value = self._items.pop(key, None)
            if value is not None:
                self._items[key] = value
            return value

    def put(self, key: tuple[Any, ...], value: str) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.pop(next(iter(self._items)))


def view_key(
    conn: Connection,
    user: User,
    encounter_id: str,
    codebook: str,
    *,
    visible: Sequence[Coding] | None = None,
) -> tuple[Any, ...]:
    """What an encounter page shows depends on the encounter (its import) and the codings
    the user may see (``visible``, when the caller has read them): codings are append-only,
    so their count and newest time identify them. A coder's view is their own (blind), so
    it is keyed by the coder too."""
    imported = conn.execute(
        select(db.encounters.c.content_hash, db.encounters.c.imported_at).where(
            db.encounters.c.id == encounter_id
        )
    ).first()
    if visible is None:
        visible = visible_codings(conn, user, encounter_id)
    newest = max((c.created_at for c in visible), default=None)
    viewer = user.username if user.role == "coder" else ""
    return (encounter_id, codebook, tuple(imported or ()), len(visible), newest, viewer)


@dataclass(slots=True)
class ReviewRow:
    """One turn on the review page: its codes as the reviewer should see them."""

    turn: Any
    auto: list[tuple[Coding, str]]  # (auto coding, state: pending/accepted/rejected/changed)
    mine: list[Coding]
    others: list[Coding]
    segments: list[Any]


def review_rows(
    engine: Engine,
    user: User,
    encounter_id: str,
    codebook: str,
    turn_index: int | None = None,
) -> tuple[Any, list[ReviewRow]]:
    """The encounter and, per turn (or for one turn), the codes a reviewer works on."""
    from rapport.report.common import segments

    with engine.connect() as conn:
        encounter = store.get_encounter(conn, encounter_id)
        codings = visible_codings(conn, user, encounter_id)
        reviews = store.reviews.latest_reviews(conn, encounter_id, reviewer=user.username)
    newest_model = (
        max((c.created_at, c.model_version or "") for c in codings if c.origin == Origin.AUTO)[1]
        if any(c.origin == Origin.AUTO for c in codings)
        else None
    )
    by_turn: dict[int, list[Coding]] = defaultdict(list)
    for coding in codings:
        by_turn[coding.turn_index].append(coding)
    rows = []
    for turn in encounter.turns:
        if turn_index is not None and turn.index != turn_index:
            continue
        here = by_turn.get(turn.index, [])
        mine = [c for c in here if c.origin == Origin.HUMAN and c.coder == user.username]
        my_codes = {c.code for c in mine}
        auto = []
        for coding in sorted(
            (
                c
                for c in here
                if c.origin == Origin.AUTO and (c.model_version or "") == newest_model
            ),
            key=lambda c: -(c.score or 0.0),
        ):
            decision = reviews.get((turn.index, coding.code))
            if decision is not None:
                state = {"accept": "accepted", "reject": "rejected", "change": "changed"}[
                    decision.decision
                ]
                if decision.decision == "change":
                    state = f"changed to {decision.replacement}"
            elif coding.code in my_codes:
                state = "accepted"
            else:
                state = "pending"
            auto.append((coding, state))
        others = [c for c in here if c.origin != Origin.AUTO and c not in mine]
        spans = [(c.char_span[0], c.char_span[1], c.code) for c in mine + others if c.char_span]
        rows.append(ReviewRow(turn, auto, mine, others, segments(turn.text, spans)))
    return encounter, rows


Action = Literal["accept", "reject", "change", "add"]


def review(
    engine: Engine,
    user: User,
    encounter_id: str,
    turn_index: int,
    action: Action,
    *,
    code: str,
    codebook: str,
    replacement: str | None = None,
    memo: str | None = None,
    span: tuple[int, int] | None = None,
    client: str | None = None,
) -> None:
    """One reviewer decision, in one transaction, audited. Accept, change and add write a
    new human coding by ``user``; reject and change also keep a review row. Nothing that
    was stored is changed."""
    book = codebook_named(codebook)
    for wanted in (code, replacement):
        if wanted is not None and wanted not in book.code_ids:
            raise RapportError(f"'{wanted}' is not a code of {book.id}")
    memo = (memo or "").strip() or None
    with store.transaction(engine) as conn:
        encounter = store.get_encounter(conn, encounter_id)
        turn = next((t for t in encounter.turns if t.index == turn_index), None)
        if turn is None:
            raise NotFoundError(f"no turn {turn_index} in encounter '{encounter_id}'")
        if span is not None and not 0 <= span[0] < span[1] <= len(turn.text):
            raise RapportError(f"the span {span[0]}-{span[1]} is outside the turn's text")
        new_code = {"accept": code, "add": code, "change": replacement, "reject": None}[action]
        if action in ("accept", "reject", "change"):
            store.reviews.add_review(
                conn,
                encounter_id,
                turn_index,
                code,
                reviewer=user.username,
                decision=action,
                replacement=replacement,
                memo=memo,
            )
        if new_code is not None:
            store.save_codebook(conn, book)
            store.add_codings(
                conn,
                [
                    Coding(
                        encounter_id,
                        turn_index,
                        new_code,
                        origin=Origin.HUMAN,
                        coder=user.username,
                        memo=memo,
                        char_span=span,
                    )
                ],
                book.id,
            )
        store.audit.record(
            conn,
            f"coding_{action}",
            actor=user.username,
            object_type="encounter",
            object_id=encounter_id,
            detail={
                "turn": turn_index,
                "code": code,
                "replacement": replacement,
                "span": list(span) if span else None,
                "memo": bool(memo),
            },
            client=client,
        )


# --- imports --------------------------------------------------------------------------

ALLOWED_SUFFIXES = (".vtt", ".srt", ".txt", ".textgrid", ".docx", ".json", ".csv", ".yaml", ".yml")


@dataclass(slots=True)
class FileOutcome:
    name: str
    status: str  # imported, unchanged, error, skipped
    message: str
    encounter_ids: list[str] = field(default_factory=list)


def safe_filename(name: str) -> str | None:
    """The upload's base name if it is a plain, allowed file name; None otherwise."""
    base = Path(name.replace("\\", "/")).name
    if not base or base.startswith(".") or len(base) > 200:
        return None
    if not all(c.isalnum() or c in "-_. ()" for c in base):
        return None
    if not base.lower().endswith(ALLOWED_SUFFIXES):
        return None
    return base


def import_uploads(
    engine: Engine,
    files: Sequence[tuple[str, bytes]],
    *,
    code_with: Any | None = None,
) -> list[FileOutcome]:
    """Import uploaded transcripts (with their ``.meta.yaml`` sidecars), each file on its
    own: a bad file gets its error in plain words and the others are still imported.
    ``code_with`` (a fitted coder) codes the newly imported encounters."""
    outcomes: list[FileOutcome] = []
    imported_ids: list[str] = []
    with tempfile.TemporaryDirectory(prefix="rapport-upload-") as folder:
        root = Path(folder)
        for name, data in files:
            base = safe_filename(name)
            if base is None:
                outcomes.append(FileOutcome(name, "error", "not a transcript type Rapport reads"))
                continue
            (root / base).write_bytes(data)
        for group in find_sources([root]):
            label = ", ".join(p.name for p in group)
            try:
                parsed = pipeline.parse_paths(list(group))
                for source in parsed:
                    source.paths = [Path(p.name) for p in source.paths]
                result = pipeline.import_parsed(engine, parsed)
            except IngestError as error:
                where = f"line {error.line}: " if error.line else ""
                outcomes.append(FileOutcome(label, "error", where + error.reason))
                continue
            except RapportError as error:
                outcomes.append(FileOutcome(label, "error", error.one_line()))
                continue
            for outcome in result:
                ids = list(outcome.encounter_ids)
                if outcome.status == "imported":
                    imported_ids.extend(ids)
                outcomes.append(
                    FileOutcome(
                        label,
                        outcome.status,
                        f"{len(ids)} encounter(s), {outcome.n_turns} turns",
                        ids,
                    )
                )
    if code_with is not None and imported_ids:
        from rapport.coding import code_encounters

        with engine.connect() as conn:
            encounters = store.load_encounters(conn, imported_ids)
        coded = code_encounters(
            encounters, code_with, background=pipeline.stored_history(engine, encounters)
        )
        pipeline.store_auto_codings(engine, coded, code_with)
    return outcomes


# --- reports --------------------------------------------------------------------------

REPORT_FORMATS = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def report_file(
    engine: Engine,
    kind: str,
    *,
    codebook: str,
    fmt: str,
    target: str | None = None,
    table: str | None = None,
    selection: pipeline.Selection | None = None,
) -> tuple[bytes, str]:
    """A report (HTML or PDF) or its tables (XLSX, or one table as CSV), made by the same
    ``pipeline.report_*`` as the CLI, as bytes and a file name."""
    if fmt not in REPORT_FORMATS:
        raise RapportError(f"unknown format {fmt!r}")
    with tempfile.TemporaryDirectory(prefix="rapport-report-") as folder:
        out = Path(folder) / f"report.{'pdf' if fmt == 'pdf' else 'html'}"
        tables = fmt in ("csv", "xlsx")
        if kind == "encounter" and target:
            written = pipeline.report_encounter(
                engine, target, out, codebook=codebook, tables=tables
            )
        elif kind == "clinician" and target:
            written = pipeline.report_clinician(
                engine, target, out, codebook=codebook, tables=tables
            )
        elif kind == "cohort":
            written = pipeline.report_cohort(
                engine, out, codebook=codebook, selection=selection, tables=tables
            )
        else:
            raise NotFoundError(f"no {kind} report")
        stem = _file_safe(f"{kind}-{target}" if target else kind)
        if fmt in ("html", "pdf"):
            return written[0].read_bytes(), f"{stem}.{fmt}"
        if fmt == "xlsx":
            return written[-1].read_bytes(), f"{stem}-tables.xlsx"
        wanted = [p for p in written if p.suffix == ".csv" and p.stem == f"report-{table}"]
        if not wanted:
            names = ", ".join(p.stem.removeprefix("report-") for p in written if p.suffix == ".csv")
            raise NotFoundError(f"no table {table!r} in this report (tables: {names})")
        return wanted[0].read_bytes(), f"{stem}-{table}.csv"


def report_tables(kind: str) -> list[str]:
    return {
        "encounter": ["codes"],
    }.get(kind, [])


def _file_safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:120] or "report"
