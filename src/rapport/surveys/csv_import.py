"""Generic CSV: one row per response.

Columns: ``respondent``, ``role`` (patient, parent or clinician), ``relationship``, and
optionally ``response_id``, ``instrument`` (else the ``instrument`` argument),
``patient``, ``clinician``, ``timepoint``, ``date`` (YYYY-MM-DD) and ``group``; then one
column per item, named by its link id (``1``, ``2`` …) or ``<instrument>_<link id>``.
Blank cells and missing-data codes are missing answers. All-or-nothing: the first bad
row raises ``IngestError`` with its line and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from rapport.errors import IngestError
from rapport.surveys.model import Instrument, RespondentRole, Response, Source
from rapport.surveys.scoring import DEFAULT_MISSING_CODES, ScoringError, check_answers, is_missing

REQUIRED = ("respondent", "role", "relationship")


def read_csv_responses(
    path: str | Path,
    instruments: Mapping[str, Instrument] | Sequence[Instrument],
    *,
    instrument: str | None = None,
    missing_codes: Sequence[str] | frozenset[str] = DEFAULT_MISSING_CODES,
) -> list[Response]:
    path = Path(path)
    by_id = (
        dict(instruments)
        if isinstance(instruments, Mapping)
        else {each.id: each for each in instruments}
    )
    codes = frozenset(missing_codes)
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    header = [name.strip() for name in next(reader, [])]
    for name in REQUIRED:
        if name not in header:
            raise IngestError(path, 1, f"no '{name}' column")
    if instrument is None and "instrument" not in header:
        raise IngestError(path, 1, "no 'instrument' column and no instrument given")
    responses: list[Response] = []
    seen: set[str] = set()
    previous = reader.line_num
    for row in reader:
        line, previous = previous + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise IngestError(path, line, f"{len(row)} cells where the header has {len(header)}")
        cells = {name: value.strip() for name, value in zip(header, row, strict=True)}
        response = _response(path, line, cells, by_id, instrument, codes)
        if response.id in seen:
            raise IngestError(path, line, f"column response_id: '{response.id}' is used twice")
        seen.add(response.id)
        responses.append(response)
    return responses


def _response(
    path: Path,
    line: int,
    cells: Mapping[str, str],
    instruments: Mapping[str, Instrument],
    default: str | None,
    codes: frozenset[str],
) -> Response:
    name = cells.get("instrument") or default or ""
    instrument = instruments.get(name)
    if instrument is None:
        raise IngestError(path, line, f"column instrument: unknown instrument '{name}'")
    for column in REQUIRED:
        if not cells.get(column):
            raise IngestError(path, line, f"column {column}: empty")
    role = cells["role"].lower()
    if role not in {r.value for r in RespondentRole}:
        raise IngestError(path, line, f"column role: '{role}' is not patient, parent or clinician")
    fields: dict[str, str] = {}
    answers: dict[str, object] = {}
    for link_id in instrument.link_ids:
        for column in (f"{instrument.id}_{link_id}", link_id):
            if column in cells:
                fields[link_id] = column
                value = cells[column]
                answers[link_id] = None if is_missing(value, codes) else value
                break
    if not fields:
        raise IngestError(path, line, f"no item columns for {instrument.id}")
    date = None
    if cells.get("date") and not is_missing(cells["date"], codes):
        try:
            date = dt.date.fromisoformat(cells["date"])
        except ValueError:
            raise IngestError(
                path, line, f"column date: '{cells['date']}' is not YYYY-MM-DD"
            ) from None
    timepoint = cells.get("timepoint") or None
    response = Response(
        id=cells.get("response_id")
        or ":".join(p for p in (cells["relationship"], timepoint, instrument.id, role) if p),
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        respondent=cells["respondent"],
        role=RespondentRole(role),
        relationship=cells["relationship"],
        answers=answers,  # type: ignore[arg-type]  # checked just below
        patient=cells.get("patient") or None,
        clinician=cells.get("clinician") or None,
        timepoint=timepoint,
        date=date,
        group=cells.get("group") or None,
        source=Source(str(path), line, tuple(fields.items())),
    )
    try:
        response.answers = check_answers(instrument, response, codes)
    except ScoringError as error:
        raise IngestError(path, line, error.reason) from None
    return response
