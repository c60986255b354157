"""REDCap data dictionaries: read one (to validate an export) and write one per instrument.

A data dictionary is the CSV REDCap exports from Project Setup → Data Dictionary, with the
18 standard columns below. Writing one for an instrument lets a team start collecting with
it: item fields are ``<prefix><link_id>`` (default prefix ``<instrument>_``), radio buttons
for choice items (codes and labels from the Questionnaire), a number field with its range
otherwise, plus a ``<prefix>date`` field. Item labels are the item text where it is
included, else a placeholder asking for the licensed wording.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapport.errors import IngestError
from rapport.surveys.model import Instrument

DICTIONARY_COLUMNS = [
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
]
# What each column is called in files written by other tools or older REDCap versions.
_SHORT_NAMES = {
    "variable / field name": 0,
    "field name": 0,
    "form name": 1,
    "field type": 3,
    "field label": 4,
    "choices, calculations, or slider labels": 5,
    "choices calculations or slider labels": 5,
    "text validation type or show slider number": 7,
    "text validation min": 8,
    "text validation max": 9,
}


@dataclass(slots=True)
class DictionaryField:
    """One row of a data dictionary; ``line`` is where it was read."""

    name: str
    form: str
    field_type: str
    label: str = ""
    choices: dict[str, str] = field(default_factory=dict)
    validation: str = ""
    minimum: float | None = None
    maximum: float | None = None
    line: int | None = None


def parse_choices(text: str) -> dict[str, str]:
    """``"1, Never | 2, Rarely"`` → ``{"1": "Never", "2": "Rarely"}``."""
    choices: dict[str, str] = {}
    for part in text.split("|"):
        if not part.strip():
            continue
        code, _, label = part.partition(",")
        choices[code.strip()] = label.strip()
    return choices


def read_data_dictionary(path: str | Path) -> dict[str, DictionaryField]:
    """Fields by name; raise ``IngestError`` naming the line of a malformed row."""
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise IngestError(path, 1, "empty data dictionary")
    positions: dict[int, int] = {}
    for index, name in enumerate(header):
        key = " ".join(name.strip().lower().split())
        if key in _SHORT_NAMES:
            positions[_SHORT_NAMES[key]] = index
    for needed in (0, 1, 3):
        if needed not in positions:
            raise IngestError(path, 1, f"no '{DICTIONARY_COLUMNS[needed]}' column")
    fields: dict[str, DictionaryField] = {}
    previous = reader.line_num
    for row in reader:
        line, previous = previous + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue

        def cell(column: int, row: list[str] = row) -> str:
            index = positions.get(column)
            return row[index].strip() if index is not None and index < len(row) else ""

        name = cell(0)
        if not name:
            raise IngestError(path, line, "a field with no name")
        if name in fields:
            raise IngestError(path, line, f"field {name} is defined twice")
        entry = DictionaryField(name, cell(1), cell(3).lower(), cell(4), line=line)
        if entry.field_type in {"radio", "dropdown", "checkbox"}:
            entry.choices = parse_choices(cell(5))
            if not entry.choices:
                raise IngestError(path, line, f"field {name}: a {entry.field_type} needs choices")
        entry.validation = cell(7)
        for column, attribute in ((8, "minimum"), (9, "maximum")):
            if cell(column):
                try:
                    setattr(entry, attribute, float(cell(column)))
                except ValueError:
                    raise IngestError(
                        path, line, f"field {name}: '{cell(column)}' is not a number"
                    ) from None
        fields[name] = entry
    return fields


@dataclass(slots=True, frozen=True)
class FormSpec:
    """One REDCap form collecting ``instrument``; ``prefix`` names its fields."""

    instrument: Instrument
    form: str | None = None
    prefix: str | None = None

    @property
    def form_name(self) -> str:
        return self.form or self.instrument.id

    @property
    def field_prefix(self) -> str:
        return self.prefix if self.prefix is not None else f"{self.form_name}_"


def _number(value: float) -> str:
    return f"{value:g}"


def data_dictionary_rows(spec: FormSpec | Instrument) -> list[list[str]]:
    """The dictionary rows (18 cells each) of one form."""
    spec = spec if isinstance(spec, FormSpec) else FormSpec(spec)
    instrument, prefix = spec.instrument, spec.field_prefix
    rows: list[list[str]] = []
    date = [""] * 18
    date[:5] = [f"{prefix}date", spec.form_name, instrument.name, "text", "Date completed"]
    date[7] = "date_ymd"
    rows.append(date)
    for position, item in enumerate(instrument.items, start=1):
        row = [""] * 18
        label = item.text or (
            f"{instrument.name}, item {item.link_id} (wording: add from your licensed copy)"
        )
        row[0], row[1], row[4] = f"{prefix}{item.link_id}", spec.form_name, label
        if item.options:
            row[3] = "radio"
            row[5] = " | ".join(f"{option.code}, {option.label}" for option in item.options)
        else:
            row[3] = "text"
            row[7] = "number"
            row[8], row[9] = _number(instrument.scale_min), _number(instrument.scale_max)
        row[14] = str(position)
        row[17] = f"@RAPPORT-ITEM={instrument.id}:{item.link_id}"
        rows.append(row)
    return rows


def write_data_dictionary(
    path: str | Path,
    forms: Sequence[FormSpec | Instrument],
    *,
    record_id: str = "record_id",
    extra_fields: Sequence[tuple[str, str]] = (),
) -> Path:
    """A complete dictionary: the record id first (REDCap requires it), then each form.

    ``extra_fields`` are ``(name, label)`` text fields on the first form (e.g. the
    patient and clinician ids).
    """
    path = Path(path)
    specs = [form if isinstance(form, FormSpec) else FormSpec(form) for form in forms]
    first_form = specs[0].form_name if specs else "identifiers"
    rows = [[record_id, first_form, "", "text", "Record ID"] + [""] * 13]
    rows += [[name, first_form, "", "text", label] + [""] * 13 for name, label in extra_fields]
    for spec in specs:
        rows.extend(data_dictionary_rows(spec))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(DICTIONARY_COLUMNS)
        writer.writerows(rows)
    return path
