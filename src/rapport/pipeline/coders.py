"""Use cases for human coders: assignments, importing their codings, and adjudication."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from rapport import store
from rapport.codebooks import load_codebook
from rapport.errors import IngestError, RapportError
from rapport.ingest.decoding import decode_transcript
from rapport.model import Codebook, Coding, Encounter, Origin
from rapport.store.rows import utc_now

CSV_REQUIRED = ("encounter", "turn", "code", "coder")
CSV_OPTIONAL = ("start", "end", "memo", "origin")
#: Written in an adjudication sheet to decide that a turn carries no code.
NO_CODE = "none"


@dataclass(slots=True)
class CodingImport:
    """What ``import_codings_csv`` did."""

    added: int
    unchanged: int
    coders: list[str]
    encounters: int


def _int(value: str, path: Path, line: int, column: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise IngestError(path, line, f"{column} {value!r} is not a whole number") from None


def read_codings_csv(
    path: Path, encounters: dict[str, Encounter], codebook: Codebook
) -> list[Coding]:
    """Human codings from a CSV of encounter, turn, code, coder[, start, end, memo, origin].

    Every row is checked against the stored encounters and the codebook before anything
    is stored; the first bad row raises ``IngestError`` naming its line.
    """
    try:
        text = decode_transcript(path.read_bytes(), path)
    except OSError as error:
        raise IngestError(path, None, f"cannot read the file ({error.strerror})") from None
    reader = csv.DictReader(io.StringIO(text))
    columns = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in CSV_REQUIRED if name not in columns]
    if missing:
        raise IngestError(path, 1, f"missing column(s): {', '.join(missing)}")
    reader.fieldnames = columns
    codes = set(codebook.code_ids)
    codings = []
    for line, row in enumerate(reader, start=2):
        values = {key: (value or "").strip() for key, value in row.items() if key}
        encounter = encounters.get(values["encounter"])
        if encounter is None:
            raise IngestError(path, line, f"no encounter '{values['encounter']}' in the workspace")
        index = _int(values["turn"], path, line, "turn")
        turn = next((t for t in encounter.turns if t.index == index), None)
        if turn is None:
            raise IngestError(
                path,
                line,
                f"encounter '{encounter.id}' has no turn {index} (0 to {len(encounter.turns) - 1})",
            )
        if values["code"] not in codes:
            raise IngestError(path, line, f"'{values['code']}' is not a code of {codebook.id}")
        if not values["coder"]:
            raise IngestError(path, line, "the coder is empty")
        origin = values.get("origin") or "human"
        if origin not in (Origin.HUMAN, Origin.CONSENSUS):
            raise IngestError(path, line, f"origin must be human or consensus, not {origin!r}")
        span = None
        if values.get("start") or values.get("end"):
            start = _int(values.get("start", ""), path, line, "start")
            end = _int(values.get("end", ""), path, line, "end")
            if not 0 <= start < end <= len(turn.text):
                raise IngestError(
                    path,
                    line,
                    f"span {start}-{end} is outside the turn's {len(turn.text)} characters",
                )
            span = (start, end)
        codings.append(
            Coding(
                encounter.id,
                index,
                values["code"],
                origin=Origin(origin),
                coder=values["coder"],
                memo=values.get("memo") or None,
                char_span=span,
            )
        )
    return codings


def _key(coding: Coding) -> tuple[object, ...]:
    return (
        coding.encounter_id,
        coding.turn_index,
        coding.code,
        str(coding.origin),
        coding.coder,
        coding.char_span,
        coding.memo,
    )


def import_codings_csv(engine: Engine, path: Path, codebook: str) -> CodingImport:
    """Import human codings, all or nothing; rows already stored are left alone, so
    importing the same file twice adds nothing."""
    book = load_codebook(codebook)
    with engine.connect() as connection:
        encounters = {e.id: e for e in store.load_encounters(connection)}
        stored = {_key(c) for c in store.get_codings(connection) if c.origin != Origin.AUTO}
    codings = read_codings_csv(path, encounters, book)
    fresh: list[Coding] = []
    seen = set(stored)
    for coding in codings:
        if _key(coding) not in seen:
            seen.add(_key(coding))
            fresh.append(coding)
    with store.transaction(engine) as connection:
        store.save_codebook(connection, book)
        store.add_codings(connection, fresh, book.id)
    return CodingImport(
        added=len(fresh),
        unchanged=len(codings) - len(fresh),
        coders=sorted({c.coder for c in codings}),
        encounters=len({c.encounter_id for c in codings}),
    )


def coded_by(
    codings: Sequence[Coding], assignments: Sequence[store.Assignment]
) -> dict[str, set[str]]:
    """For each human coder, the encounters they coded: those with a submitted assignment
    (even if they found nothing to code) and those where they have codings."""
    found: dict[str, set[str]] = defaultdict(set)
    for assignment in assignments:
        if assignment.submitted:
            found[assignment.coder].add(assignment.encounter_id)
    for coding in codings:
        if coding.origin == Origin.HUMAN:
            found[coding.coder].add(coding.encounter_id)
    return dict(found)


@dataclass(slots=True)
class Disagreement:
    """One turn on which human coders differ, with each coder's codes and its context."""

    encounter_id: str
    turn_index: int
    speaker: str
    role: str
    text: str
    before: list[tuple[str, str]]
    after: list[tuple[str, str]]
    codes: dict[str, list[str]]
    decision: store.Adjudication | None = None
    disputed: list[str] = field(default_factory=list)


def disagreement_queue(
    engine: Engine, *, coders: Sequence[str] | None = None, include_decided: bool = False
) -> list[Disagreement]:
    """Every turn where the human coders of an encounter (at least two) chose different
    codes, in transcript order, with the turn before and the two after."""
    with engine.connect() as connection:
        codings = store.get_codings(connection)
        assignments = store.get_assignments(connection)
        decisions = {(d.encounter_id, d.turn_index): d for d in store.get_adjudications(connection)}
        by_coder = coded_by(codings, assignments)
        if coders:
            by_coder = {c: e for c, e in by_coder.items() if c in set(coders)}
        coders_of: dict[str, list[str]] = defaultdict(list)
        for coder, encounter_ids in sorted(by_coder.items()):
            for encounter_id in encounter_ids:
                coders_of[encounter_id].append(coder)
        shared = sorted(e for e, names in coders_of.items() if len(names) >= 2)
        encounters = store.load_encounters(connection, shared)
    chosen: dict[tuple[str, int, str], set[str]] = defaultdict(set)
    for coding in codings:
        if coding.origin == Origin.HUMAN:
            chosen[(coding.encounter_id, coding.turn_index, coding.coder)].add(coding.code)
    queue = []
    for encounter in encounters:
        names = coders_of[encounter.id]
        for position, turn in enumerate(encounter.turns):
            sets = {name: chosen.get((encounter.id, turn.index, name), set()) for name in names}
            if len({frozenset(codes) for codes in sets.values()}) <= 1:
                continue
            decision = decisions.get((encounter.id, turn.index))
            if decision is not None and not include_decided:
                continue
            union = set().union(*sets.values())
            common = set.intersection(*sets.values())
            queue.append(
                Disagreement(
                    encounter.id,
                    turn.index,
                    turn.speaker,
                    str(turn.role),
                    turn.text,
                    [(t.speaker, t.text) for t in encounter.turns[max(0, position - 1) : position]],
                    [(t.speaker, t.text) for t in encounter.turns[position + 1 : position + 3]],
                    {name: sorted(codes) for name, codes in sets.items()},
                    decision,
                    sorted(union - common),
                )
            )
    return queue


def disagreement_summary(queue: Sequence[Disagreement]) -> list[tuple[str, int, str]]:
    """Codes ranked by how many turns they were disputed on, with the codes most often
    chosen instead on those turns (what to sharpen in the codebook)."""
    disputed: dict[str, int] = defaultdict(int)
    instead: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for item in queue:
        for code in item.disputed:
            disputed[code] += 1
            for codes in item.codes.values():
                if code not in codes:
                    for other in codes:
                        instead[code][other] += 1
    ranked = sorted(disputed.items(), key=lambda pair: (-pair[1], pair[0]))
    return [
        (
            code,
            count,
            ", ".join(
                f"{other} ({n})"
                for other, n in sorted(instead[code].items(), key=lambda p: (-p[1], p[0]))[:3]
            ),
        )
        for code, count in ranked
    ]


def write_consensus(engine: Engine, encounter_ids: Sequence[str], codebook: Codebook) -> int:
    """Write each encounter's whole consensus as one new round of consensus codings.

    A turn takes its newest adjudication decision if it has one, otherwise the codes on
    which all its coders agree; a turn still disputed and undecided gets none. Returns
    the number of consensus codings written.
    """
    with engine.connect() as connection:
        codings = store.get_codings(connection)
        assignments = store.get_assignments(connection)
        decisions = {(d.encounter_id, d.turn_index): d for d in store.get_adjudications(connection)}
        encounters = store.load_encounters(connection, list(encounter_ids))
    by_coder = coded_by(codings, assignments)
    chosen: dict[tuple[str, int, str], set[str]] = defaultdict(set)
    for coding in codings:
        if coding.origin == Origin.HUMAN:
            chosen[(coding.encounter_id, coding.turn_index, coding.coder)].add(coding.code)
    now = utc_now()
    written: list[Coding] = []
    for encounter in encounters:
        names = [c for c, ids in sorted(by_coder.items()) if encounter.id in ids]
        for turn in encounter.turns:
            decision = decisions.get((encounter.id, turn.index))
            if decision is not None:
                codes, coder, memo = set(decision.codes), decision.adjudicator, decision.reason
            else:
                sets = [chosen.get((encounter.id, turn.index, name), set()) for name in names]
                if not sets or len({frozenset(s) for s in sets}) > 1:
                    continue
                codes, coder, memo = sets[0], "agreement", None
            written.extend(
                Coding(
                    encounter.id,
                    turn.index,
                    code,
                    origin=Origin.CONSENSUS,
                    coder=coder,
                    memo=memo,
                    created_at=now,
                )
                for code in sorted(codes)
            )
    with store.transaction(engine) as connection:
        store.save_codebook(connection, codebook)
        store.add_codings(connection, written, codebook.id)
    return len(written)


def adjudicate(
    engine: Engine,
    decisions: Sequence[store.Adjudication],
    *,
    codebook: str,
) -> int:
    """Record decisions and rewrite the consensus of the encounters they touch."""
    book = load_codebook(codebook)
    unknown = sorted({code for d in decisions for code in d.codes} - set(book.code_ids))
    if unknown:
        raise RapportError(f"'{unknown[0]}' is not a code of {book.id}")
    with store.transaction(engine) as connection:
        store.add_adjudications(connection, decisions)
    return write_consensus(engine, sorted({d.encounter_id for d in decisions}), book)


ADJUDICATION_COLUMNS = [
    "encounter",
    "turn",
    "speaker",
    "before",
    "text",
    "after",
]


def adjudication_sheet(queue: Sequence[Disagreement]) -> bytes:
    """An XLSX sheet for an offline consensus meeting: one row per disputed turn, each
    coder's codes, and empty consensus, reason and adjudicator columns to fill in."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    coders = sorted({name for item in queue for name in item.codes})
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Disagreements"
    header = [
        *ADJUDICATION_COLUMNS,
        *[f"codes: {c}" for c in coders],
        "consensus",
        "reason",
        "adjudicator",
    ]
    sheet.append(header)
    for item in queue:
        sheet.append(
            [
                item.encounter_id,
                item.turn_index,
                item.speaker,
                "\n".join(f"{s}: {t}" for s, t in item.before),
                item.text,
                "\n".join(f"{s}: {t}" for s, t in item.after),
                *[", ".join(item.codes.get(c, [])) or "—" for c in coders],
                ", ".join(item.decision.codes) if item.decision else "",
                item.decision.reason if item.decision else "",
                item.decision.adjudicator if item.decision else "",
            ]
        )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7EE")
    widths = {"A": 18, "B": 6, "C": 14, "D": 40, "E": 60, "F": 40}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "G2"
    help_sheet = workbook.create_sheet("How to fill in")
    for line in (
        ["Write the consensus codes for each turn in the 'consensus' column, separated by commas."],
        [f"Write '{NO_CODE}' when the turn carries no code. Leave it empty to decide later."],
        ["Give a reason, and the adjudicator's name (or pass --adjudicator on import)."],
        ["Then: rapport adjudicate import THIS_FILE.xlsx"],
    ):
        help_sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_adjudication_sheet(
    path: Path, codebook: Codebook, adjudicator: str | None = None
) -> list[store.Adjudication]:
    """The decisions filled into an adjudication sheet; rows left empty are skipped."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a bad file
        raise IngestError(
            path, None, f"not an Excel workbook ({error.__class__.__name__})"
        ) from None
    sheet = workbook["Disagreements"] if "Disagreements" in workbook.sheetnames else workbook.active
    assert sheet is not None
    rows = sheet.iter_rows(values_only=True)
    header = [str(value or "").strip().lower() for value in next(rows, ())]
    for needed in ("encounter", "turn", "consensus"):
        if needed not in header:
            raise IngestError(path, 1, f"missing column '{needed}'")
    column = {name: position for position, name in enumerate(header)}
    codes = set(codebook.code_ids)
    decisions = []
    now = utc_now()
    for line, row in enumerate(rows, start=2):

        def cell(name: str, row: tuple[object, ...] = row) -> str:
            position = column.get(name)
            value = row[position] if position is not None and position < len(row) else None
            return "" if value is None else str(value).strip()

        consensus = cell("consensus")
        if not consensus:
            continue
        chosen = (
            []
            if consensus.lower() == NO_CODE
            else [c.strip() for c in consensus.split(",") if c.strip()]
        )
        bad = [c for c in chosen if c not in codes]
        if bad:
            raise IngestError(path, line, f"'{bad[0]}' is not a code of {codebook.id}")
        who = cell("adjudicator") or adjudicator
        if not who:
            raise IngestError(path, line, "no adjudicator: fill the column or pass --adjudicator")
        turn = cell("turn")
        if not turn.isdigit():
            raise IngestError(path, line, f"turn {turn!r} is not a whole number")
        decisions.append(
            store.Adjudication(
                cell("encounter"), int(turn), who, tuple(chosen), cell("reason") or None, now
            )
        )
    return decisions


def import_adjudications(
    engine: Engine, path: Path, *, codebook: str, adjudicator: str | None = None
) -> tuple[int, int]:
    """Bring decisions from a filled-in sheet back; returns (decisions, consensus codings)."""
    book = load_codebook(codebook)
    decisions = read_adjudication_sheet(path, book, adjudicator)
    with engine.connect() as connection:
        encounters = (
            {
                e.id: e
                for e in store.load_encounters(
                    connection, sorted({d.encounter_id for d in decisions})
                )
            }
            if decisions
            else {}
        )
    for position, decision in enumerate(decisions):
        encounter = encounters.get(decision.encounter_id)
        if encounter is None or not any(t.index == decision.turn_index for t in encounter.turns):
            raise IngestError(
                path,
                position + 2,
                f"no turn {decision.turn_index} in encounter '{decision.encounter_id}'",
            )
    return len(decisions), adjudicate(engine, decisions, codebook=codebook) if decisions else 0


def assign_encounters(
    engine: Engine,
    coder: str,
    encounter_ids: Sequence[str],
    *,
    see_auto: bool = False,
    assigned_by: str | None = None,
) -> int:
    with store.transaction(engine) as connection:
        return store.assign(
            connection, coder, encounter_ids, see_auto=see_auto, assigned_by=assigned_by
        )


def submit_encounters(
    engine: Engine, coder: str, encounter_ids: Sequence[str]
) -> list[store.Assignment]:
    with store.transaction(engine) as connection:
        return [store.submit(connection, coder, encounter_id) for encounter_id in encounter_ids]
