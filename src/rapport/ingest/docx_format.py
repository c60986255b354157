"""Word ``.docx`` transcripts (python-docx).

Two layouts: paragraphs of ``Speaker: text`` (with the timestamps ``labels.py`` accepts),
or tables of two or three columns (speaker, text and optionally a time column, found by
its content; a header row is skipped). When a document holds such a table, its turns come
from the tables and other paragraphs (titles, notes) are ignored. In a table a blank
speaker cell continues the previous speaker.

A location in a .docx is a paragraph number, counting each table row as one paragraph;
it is stored as ``Turn.line`` and messages say "paragraph N".
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.table import Table

from rapport.errors import IngestError
from rapport.ingest.assemble import Draft, Utterance, build_encounters
from rapport.ingest.labels import format_line, located_reason, utterances_from_lines
from rapport.ingest.options import ReadOptions
from rapport.ingest.timestamps import parse_clock
from rapport.model import Encounter

UNIT = "paragraph"
_HEADER_WORDS = frozenset(
    {"speaker", "name", "who", "text", "utterance", "transcript", "time", "start", "timestamp"}
)


def _as_time(cell: str) -> float | None:
    """Seconds if ``cell`` is a (possibly bracketed) clock time, else ``None``."""
    stripped = cell.strip().strip("[]()").strip()
    try:
        return parse_clock(stripped) if ":" in stripped else None
    except ValueError:
        return None


def _table_rows(table: Table) -> list[list[str]]:
    return [[" ".join(cell.text.split()) for cell in row.cells] for row in table.rows]


def _is_transcript_table(rows: list[list[str]]) -> bool:
    return bool(rows) and all(len(row) in (2, 3) for row in rows)


def _table_utterances(rows: list[tuple[int, list[str]]], path: Path) -> list[Utterance]:
    if rows and all(cell.lower() in _HEADER_WORDS or not cell for cell in rows[0][1]):
        rows = rows[1:]
    width = max((len(cells) for _, cells in rows), default=0)
    time_column: int | None = None
    if width == 3:
        for column in range(3):
            filled = [cells[column] for _, cells in rows if len(cells) == 3 and cells[column]]
            if filled and all(_as_time(cell) is not None for cell in filled):
                time_column = column
                break
    utterances: list[Utterance] = []
    for number, cells in rows:
        start = None
        if time_column is not None and len(cells) == 3:
            time_text = cells[time_column]
            start = _as_time(time_text) if time_text else None
            cells = [cell for column, cell in enumerate(cells) if column != time_column]
        speaker, text = cells[0], " ".join(cells[1:])
        if not text:
            continue
        if not speaker:
            if not utterances:
                reason = located_reason(UNIT, number, "table row has text but no speaker")
                raise IngestError(path, number, reason)
            speaker = utterances[-1].speaker
        utterances.append(Utterance(speaker, text, number, start))
    return utterances


def parse_docx(data: bytes, path: Path, options: ReadOptions) -> list[Draft]:
    if not data.strip():
        raise IngestError(path, None, "empty file: no text to read")
    if not data.startswith(b"PK"):
        raise IngestError(path, None, "not a Word .docx file (a .docx is a zip archive)")
    paragraphs: list[tuple[int, str]] = []
    table_rows: list[tuple[int, list[str]]] = []
    try:
        number = 0
        for item in docx.Document(io.BytesIO(data)).iter_inner_content():
            if isinstance(item, Table):
                rows = _table_rows(item)
                if _is_transcript_table(rows):
                    table_rows += [(number + offset, row) for offset, row in enumerate(rows, 1)]
                number += len(rows)
            else:
                number += 1
                paragraphs += [(number, line) for line in item.text.split("\n")]
    except Exception as error:
        # python-docx and the zip and XML layers under it raise many unrelated exception
        # types for damaged files; all of them mean the same thing to the user.
        reason = f"corrupt or unreadable .docx file ({type(error).__name__})"
        raise IngestError(path, None, reason) from None
    if table_rows:
        utterances = _table_utterances(table_rows, path)
    else:
        utterances = utterances_from_lines(paragraphs, path, UNIT)
    if not utterances:
        raise IngestError(
            path, None, "no turns found: the document has no 'Speaker: text' paragraphs"
        )
    return [Draft(path, utterances, unit=UNIT)]


def read_docx(data: bytes, path: Path, options: ReadOptions | None = None) -> list[Encounter]:
    """Encounters (always one) from the bytes of a .docx file."""
    options = options or ReadOptions()
    return build_encounters(parse_docx(data, path, options), [path], path.stem, options)


def write_docx(encounter: Encounter) -> bytes:
    """A .docx with one ``[hh:mm:ss.mmm] Speaker: text`` paragraph per turn."""
    document = docx.Document()
    for turn in encounter.turns:
        document.add_paragraph(format_line(turn.speaker, " ".join(turn.text.split()), turn.start))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
