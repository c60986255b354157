"""CSV (and TSV) transcripts, in two layouts.

* One row per turn: a speaker column and a text column, found by name (``speaker``,
  ``speaker_role``, ``utterance``, ... see the tuples below) or named by ``ReadOptions``;
  optional ``role``, ``start``/``end`` (seconds or clock times) and an encounter column
  (``encounter_id``, ``dialog_id``, ``dialog_file``, ...) that groups rows into encounters.
  A blank speaker cell continues the previous speaker, as in spreadsheets.
* One row per encounter (``ReadOptions.dialogue_column``, or auto-detected ``dialogue``/
  ``dialog``/``conversation`` when there is no speaker column): the cell holds a whole
  dialogue of ``[doctor] ...`` or ``Doctor: ...`` lines (``labels.py``), as in ACI-Bench and
  MTS-Dialog. The id comes from ``id_column`` (or ``encounter_id``/``id``); the other
  columns become the encounter's metadata.

Encounters of a CSV get the id ``STEM-VALUE``. Lines are physical lines of the file, also
inside multi-line cells.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapport.errors import IngestError
from rapport.ingest.assemble import Draft, Utterance, build_encounters
from rapport.ingest.decoding import decode_transcript
from rapport.ingest.fields import EncounterFields
from rapport.ingest.labels import utterances_from_lines
from rapport.ingest.options import ReadOptions, parse_role
from rapport.ingest.timestamps import parse_seconds
from rapport.model import Encounter, Role

SPEAKER_COLUMNS = ("speaker", "speaker_name", "name", "speaker_role", "speaker_label", "who")
TEXT_COLUMNS = ("text", "utterance", "transcript", "content", "message", "sentence")
DIALOGUE_COLUMNS = ("dialogue", "dialog", "conversation")
ROLE_COLUMNS = ("role",)
START_COLUMNS = ("start", "start_time", "begin", "start_seconds")
END_COLUMNS = ("end", "end_time", "stop", "end_seconds")
ENCOUNTER_COLUMNS = (
    "encounter", "encounter_id", "dialog_id", "dialogue_id", "conversation_id", "dialog_file",
    "session_id",
)  # fmt: skip
ID_COLUMNS = ("encounter_id", "id", "dialog_id", "dialogue_id", "conversation_id")
# A whole consultation in one cell can pass the csv module's default 128 KiB cell limit.
_CELL_LIMIT = 64 * 1024 * 1024


@dataclass(slots=True)
class _Row:
    line: int
    cells: list[str]


def _normalise(header: str) -> str:
    return "_".join(header.strip().lower().replace("-", " ").split())


class _Table:
    """The header and rows of a CSV file, with column lookup that explains its failures."""

    def __init__(self, text: str, path: Path) -> None:
        self.path = path
        first_line = text.split("\n", 1)[0]
        delimiter = "\t" if path.suffix.lower() == ".tsv" else max(",;\t", key=first_line.count)
        if csv.field_size_limit() < _CELL_LIMIT:
            csv.field_size_limit(_CELL_LIMIT)  # process-wide, but only ever raised
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        rows: list[_Row] = []
        previous_end = 0
        try:
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    rows.append(_Row(previous_end + 1, cells))
                previous_end = reader.line_num
        except csv.Error as error:
            raise IngestError(path, reader.line_num, f"malformed CSV: {error}") from None
        if not rows:
            raise IngestError(path, None, "empty file: no CSV rows")
        self.header = [cell.strip() for cell in rows[0].cells]
        self.header_line = rows[0].line
        self.rows = rows[1:]
        self.columns = {_normalise(name): index for index, name in enumerate(self.header)}

    def find(self, candidates: Sequence[str], *, exclude: int | None = None) -> int | None:
        for name in candidates:
            index = self.columns.get(name)
            if index is not None and index != exclude:
                return index
        return None

    def named(self, name: str | None, option: str) -> int | None:
        """The column ``name`` (given as ``option``), an error if the header lacks it."""
        if name is None:
            return None
        index = self.columns.get(_normalise(name))
        if index is None:
            raise self.missing(f"the {option} column {name!r} is not in the header")
        return index

    def missing(self, what: str) -> IngestError:
        reason = f"missing columns: {what}; the header has: {', '.join(self.header)}"
        return IngestError(self.path, self.header_line, reason)

    @staticmethod
    def cell(row: _Row, index: int | None) -> str:
        if index is None or index >= len(row.cells):
            return ""
        return row.cells[index]


def parse_csv(data: bytes, path: Path, options: ReadOptions) -> list[Draft]:
    table = _Table(decode_transcript(data, path, options.encoding), path)
    dialogue = table.named(options.dialogue_column, "dialogue")
    speaker = table.named(options.speaker_column, "speaker")
    text = table.named(options.text_column, "text")
    if dialogue is None:
        speaker = speaker if speaker is not None else table.find(SPEAKER_COLUMNS)
        text = text if text is not None else table.find(TEXT_COLUMNS, exclude=speaker)
        if speaker is None and text is None:
            dialogue = table.find(DIALOGUE_COLUMNS)
    if dialogue is not None:
        drafts = _dialogue_drafts(table, dialogue, options)
    elif speaker is None or text is None:
        need = "a speaker column" if speaker is None else "a text column"
        raise table.missing(
            f"need {need} (e.g. speaker, text, utterance) or a dialogue column "
            "(--speaker-column, --text-column or --dialogue-column name them)"
        )
    else:
        drafts = _turn_drafts(table, speaker, text, options)
    if not drafts:
        raise IngestError(path, None, "no turns found: every row of the CSV is empty")
    return drafts


def _turn_drafts(table: _Table, speaker: int, text: int, options: ReadOptions) -> list[Draft]:
    group = table.named(options.encounter_column or options.id_column, "encounter")
    if group is None:
        group = table.find(ENCOUNTER_COLUMNS)
    role = table.find(ROLE_COLUMNS, exclude=speaker)
    start = table.find(START_COLUMNS)
    end = table.find(END_COLUMNS)
    groups: dict[str, list[Utterance]] = {}
    for row in table.rows:
        utterance_text = " ".join(table.cell(row, text).split())
        key = table.cell(row, group).strip()
        if group is not None and not key:
            raise IngestError(table.path, row.line, f"row has no {table.header[group]!r} value")
        utterances = groups.setdefault(key, [])
        if not utterance_text:
            continue
        name = " ".join(table.cell(row, speaker).split())
        if not name:
            if not utterances:
                raise IngestError(table.path, row.line, "row has text but no speaker")
            name = utterances[-1].speaker
        utterances.append(
            Utterance(
                name, utterance_text, row.line,
                _seconds(table, row, start), _seconds(table, row, end), _role(table, row, role),
            )
        )  # fmt: skip
    return [
        Draft(table.path, utterances, id_suffix=key or None)
        for key, utterances in groups.items()
        if utterances
    ]


def _seconds(table: _Table, row: _Row, column: int | None) -> float | None:
    value = table.cell(row, column).strip()
    if not value:
        return None
    try:
        return parse_seconds(value)
    except ValueError as error:
        raise IngestError(table.path, row.line, str(error)) from None


def _role(table: _Table, row: _Row, column: int | None) -> Role | None:
    value = table.cell(row, column).strip()
    if not value:
        return None
    try:
        return parse_role(value)
    except ValueError as error:
        raise IngestError(table.path, row.line, f"role column: {error}") from None


def _dialogue_drafts(table: _Table, dialogue: int, options: ReadOptions) -> list[Draft]:
    identity = table.named(options.id_column or options.encounter_column, "id")
    if identity is None:
        identity = table.find(ID_COLUMNS, exclude=dialogue)
    drafts: list[Draft] = []
    first_seen: dict[str, int] = {}
    for number, row in enumerate(table.rows, start=1):
        cell = table.cell(row, dialogue)
        if not cell.strip():
            continue
        key = table.cell(row, identity).strip() or str(number)
        if key in first_seen:
            reason = f"duplicate encounter id {key!r} (first at line {first_seen[key]})"
            raise IngestError(table.path, row.line, reason)
        first_seen[key] = row.line
        # The cell starts below the newlines of the cells before it on this row.
        first = row.line + sum(c.count("\n") for c in row.cells[:dialogue])
        lines = enumerate(cell.split("\n"), start=first)
        utterances = utterances_from_lines(lines, table.path)
        metadata = {
            table.header[index]: value
            for index, value in enumerate(row.cells)
            if index not in (dialogue, identity) and index < len(table.header) and value
        }
        drafts.append(Draft(table.path, utterances, EncounterFields(metadata=metadata), key))
    return drafts


def read_csv(data: bytes, path: Path, options: ReadOptions | None = None) -> list[Encounter]:
    """Encounters from the bytes of a CSV or TSV file."""
    options = options or ReadOptions()
    return build_encounters(parse_csv(data, path, options), [path], path.stem, options)


def write_csv(encounter: Encounter) -> str:
    """One row per turn: speaker, role, text, start, end (seconds)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["speaker", "role", "text", "start", "end"])
    for turn in encounter.turns:
        start = "" if turn.start is None else repr(turn.start)
        end = "" if turn.end is None else repr(turn.end)
        writer.writerow([turn.speaker, turn.role.value, turn.text, start, end])
    return buffer.getvalue()
