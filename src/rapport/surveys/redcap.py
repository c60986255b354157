"""REDCap: read a CSV export (raw values) with its data dictionary into responses.

Which fields hold which instrument's items comes from a mapping: by default each shipped
or given instrument whose fields ``<instrument>_<link_id>`` appear in the dictionary is one
form; a YAML mapping (``load_mapping``) names forms, field prefixes or single fields, the
respondent's role, and the trial arms::

    relationship_field: record_id        # the dyad key (default: the first column)
    patient_field: patient_id            # default patient_id / clinician_id, if present
    clinician_field: clinician_id
    group_field: arm                     # optional; else the event's arm
    arms: {"1": digital, "2": usual_care}
    forms:
      - {instrument: wai_sr, form: wai_sr_parent, role: parent, prefix: wai_sr_parent_}
      - {instrument: vas_satisfaction, fields: {"1": satisfaction}, role_field: who}

Longitudinal projects: ``redcap_event_name`` ``month_3_arm_2`` becomes timepoint
``month_3`` and group ``arms["2"]`` (or ``arm_2``). Repeating instruments
(``redcap_repeat_instrument``/``redcap_repeat_instance``) become one response per
instance, timepoint ``<event timepoint>_<instance>``. A checkbox item (``field___1`` …)
takes the one ticked code. Reading is all-or-nothing: the first bad value raises
``IngestError`` with the export's line and the field's name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rapport.errors import IngestError
from rapport.surveys.model import Instrument, RespondentRole, Response, Source
from rapport.surveys.redcap_dictionary import DictionaryField, read_data_dictionary
from rapport.surveys.scoring import DEFAULT_MISSING_CODES, is_missing

EVENT_PATTERN = re.compile(r"^(?P<timepoint>.+?)_arm_(?P<arm>\d+)$")


@dataclass(slots=True)
class FormMapping:
    """Where one instrument's answers are in the export."""

    instrument: str
    fields: dict[str, str]
    form: str | None = None
    role: RespondentRole | None = None
    role_field: str | None = None
    respondent_field: str | None = None
    date_field: str | None = None

    @property
    def name(self) -> str:
        return self.form or self.instrument


@dataclass(slots=True)
class RedcapMapping:
    forms: list[FormMapping]
    relationship_field: str | None = None
    patient_field: str | None = "patient_id"
    clinician_field: str | None = "clinician_id"
    group_field: str | None = None
    arms: dict[str, str] = field(default_factory=dict)


def _form(
    raw: Mapping[str, Any], instruments: Mapping[str, Instrument], where: tuple[Path, int | None]
) -> FormMapping:
    instrument = instruments.get(str(raw.get("instrument")))
    if instrument is None:
        raise IngestError(*where, f"unknown instrument '{raw.get('instrument')}'")
    form = raw.get("form")
    prefix = raw.get("prefix", f"{form or instrument.id}_")
    fields = {link_id: f"{prefix}{link_id}" for link_id in instrument.link_ids}
    for link_id, name in (raw.get("fields") or {}).items():
        if str(link_id) not in fields:
            raise IngestError(*where, f"{instrument.id} has no item '{link_id}'")
        fields[str(link_id)] = str(name)
    role = raw.get("role")
    if role is not None and role not in {r.value for r in RespondentRole}:
        raise IngestError(*where, f"role '{role}': expected patient, parent or clinician")
    return FormMapping(
        instrument=instrument.id,
        fields=fields,
        form=form,
        role=RespondentRole(role) if role else None,
        role_field=raw.get("role_field"),
        respondent_field=raw.get("respondent_field"),
        date_field=raw.get("date_field", f"{prefix}date"),
    )


def load_mapping(path: str | Path, instruments: Mapping[str, Instrument]) -> RedcapMapping:
    """A mapping YAML (see the module docstring); errors name the line."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise IngestError(
            path, mark.line + 1 if mark else None, f"not valid YAML: {error}"
        ) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("forms"), list):
        raise IngestError(path, 1, "expected a mapping with a 'forms' list")
    form_nodes = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "forms" and isinstance(value, yaml.SequenceNode):
                form_nodes = [entry.start_mark.line + 1 for entry in value.value]
    forms = []
    for index, entry in enumerate(raw["forms"]):
        line = form_nodes[index] if index < len(form_nodes) else None
        if not isinstance(entry, dict):
            raise IngestError(path, line, "each form is a mapping with an 'instrument'")
        forms.append(_form(entry, instruments, (path, line)))
    return RedcapMapping(
        forms=forms,
        relationship_field=raw.get("relationship_field"),
        patient_field=raw.get("patient_field", "patient_id"),
        clinician_field=raw.get("clinician_field", "clinician_id"),
        group_field=raw.get("group_field"),
        arms={str(k): str(v) for k, v in (raw.get("arms") or {}).items()},
    )


def default_mapping(
    dictionary: Mapping[str, DictionaryField], instruments: Mapping[str, Instrument]
) -> RedcapMapping:
    """One form per instrument whose first item field ``<id>_<link_id>`` is defined."""
    forms = []
    for instrument in instruments.values():
        first = f"{instrument.id}_{instrument.link_ids[0]}"
        if first in dictionary:
            form = _form({"instrument": instrument.id}, instruments, (Path("mapping"), None))
            form.form = dictionary[first].form or instrument.id
            form.role_field = f"{instrument.id}_role"
            form.respondent_field = f"{instrument.id}_respondent"
            forms.append(form)
    return RedcapMapping(forms=forms)


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise IngestError(path, 1, "empty export")
    header = [name.strip() for name in header]
    rows = []
    previous = reader.line_num
    for row in reader:
        line, previous = previous + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise IngestError(path, line, f"{len(row)} cells where the header has {len(header)}")
        rows.append((line, dict(zip(header, row, strict=True))))
    return header, rows


def read_redcap(
    export: str | Path,
    dictionary: str | Path,
    instruments: Mapping[str, Instrument] | Sequence[Instrument],
    *,
    mapping: RedcapMapping | str | Path | None = None,
    missing_codes: Sequence[str] | frozenset[str] = DEFAULT_MISSING_CODES,
) -> list[Response]:
    """Every instrument response in a REDCap export, validated against its dictionary."""
    export = Path(export)
    by_id = (
        dict(instruments)
        if isinstance(instruments, Mapping)
        else {instrument.id: instrument for instrument in instruments}
    )
    fields = read_data_dictionary(dictionary)
    header, rows = _read_rows(export)
    columns = set(header)
    if mapping is None:
        mapping = default_mapping(fields, by_id)
        # An export of selected forms: a form none of whose fields were exported is skipped.
        mapping.forms = [
            form
            for form in mapping.forms
            if any(
                name in columns or f"{name}___" in " ".join(columns)
                for name in form.fields.values()
            )
        ]
    elif not isinstance(mapping, RedcapMapping):
        mapping = load_mapping(mapping, by_id)
    if not mapping.forms:
        raise IngestError(dictionary, None, "no instrument fields found; give a mapping")
    for form in mapping.forms:
        for link_id, name in form.fields.items():
            entry = fields.get(name)
            if entry is None:
                raise IngestError(
                    dictionary,
                    None,
                    f"field {name} ({form.instrument} item {link_id}) "
                    "is not in the data dictionary",
                )
            wanted = (
                [f"{name}___{code}" for code in entry.choices]
                if entry.field_type == "checkbox"
                else [name]
            )
            for column in wanted:
                if column not in columns:
                    raise IngestError(export, 1, f"no column {column} in the export")
    reader = _Reader(export, header, rows, fields, by_id, mapping, frozenset(missing_codes))
    return reader.responses()


class _Reader:
    def __init__(
        self,
        path: Path,
        header: list[str],
        rows: list[tuple[int, dict[str, str]]],
        fields: Mapping[str, DictionaryField],
        instruments: Mapping[str, Instrument],
        mapping: RedcapMapping,
        missing_codes: frozenset[str],
    ) -> None:
        self.path, self.rows, self.fields = path, rows, fields
        self.instruments, self.mapping, self.codes = instruments, mapping, missing_codes
        self.record_field = mapping.relationship_field or header[0]
        if self.record_field not in header:
            raise IngestError(path, 1, f"no column {self.record_field} in the export")
        # Identifiers are usually filled in on the first event only: look them up per record.
        self.per_record: dict[str, dict[str, str]] = {}
        wanted = [mapping.patient_field, mapping.clinician_field, mapping.group_field]
        for _, row in rows:
            known = self.per_record.setdefault(row[self.record_field].strip(), {})
            for name in wanted:
                if name and row.get(name, "").strip() and name not in known:
                    known[name] = row[name].strip()

    def responses(self) -> list[Response]:
        responses: list[Response] = []
        seen: dict[str, int] = {}
        for line, row in self.rows:
            for form in self.mapping.forms:
                response = self._response(line, row, form)
                if response is None:
                    continue
                if response.id in seen:
                    raise IngestError(
                        self.path, line, f"response {response.id} also on line {seen[response.id]}"
                    )
                seen[response.id] = line
                responses.append(response)
        return responses

    def _value(self, line: int, row: Mapping[str, str], name: str) -> str | None:
        entry = self.fields[name]
        if entry.field_type != "checkbox":
            value = row.get(name, "").strip()
            return None if value == "" else value
        ticked = [code for code in entry.choices if row.get(f"{name}___{code}", "").strip() == "1"]
        if len(ticked) > 1:
            raise IngestError(
                self.path, line, f"field {name}: {len(ticked)} boxes ticked; an item takes one"
            )
        return ticked[0] if ticked else None

    def _score(self, line: int, name: str, raw: str, instrument: Instrument, link_id: str) -> float:
        entry = self.fields[name]
        if entry.choices and raw not in entry.choices:
            allowed = ", ".join(entry.choices)
            raise IngestError(self.path, line, f"field {name}: '{raw}' is not a choice ({allowed})")
        option = instrument.item(link_id).option_score(raw)
        try:
            value = option if option is not None else float(raw)
        except ValueError:
            raise IngestError(self.path, line, f"field {name}: '{raw}' is not a number") from None
        low = entry.minimum if entry.minimum is not None else instrument.scale_min
        high = entry.maximum if entry.maximum is not None else instrument.scale_max
        if not (max(low, instrument.scale_min) <= value <= min(high, instrument.scale_max)):
            raise IngestError(
                self.path,
                line,
                f"field {name}: {value:g} is outside {instrument.id}'s range "
                f"{instrument.scale_min:g}–{instrument.scale_max:g}",
            )
        return value

    def _response(self, line: int, row: Mapping[str, str], form: FormMapping) -> Response | None:
        repeat = row.get("redcap_repeat_instrument", "").strip()
        if repeat and repeat != form.name:
            return None
        instrument = self.instruments[form.instrument]
        raw = {link_id: self._value(line, row, name) for link_id, name in form.fields.items()}
        if all(value is None for value in raw.values()):
            return None
        answers: dict[str, float | None] = {}
        for link_id, value in raw.items():
            name = form.fields[link_id]
            if value is None or is_missing(value, self.codes):
                answers[link_id] = None
            else:
                answers[link_id] = self._score(line, name, value, instrument, link_id)
        record = row[self.record_field].strip()
        if not record:
            raise IngestError(self.path, line, f"field {self.record_field}: empty record id")
        known = self.per_record.get(record, {})
        event = row.get("redcap_event_name", "").strip()
        instance = row.get("redcap_repeat_instance", "").strip()
        timepoint, arm = event or None, None
        matched = EVENT_PATTERN.match(event)
        if matched:
            timepoint, arm = matched["timepoint"], matched["arm"]
        if instance:
            timepoint = f"{timepoint}_{instance}" if timepoint else f"instance_{instance}"
        group = known.get(self.mapping.group_field or "") or (
            self.mapping.arms.get(arm, f"arm_{arm}") if arm else None
        )
        role = form.role
        if role is None and form.role_field and row.get(form.role_field, "").strip():
            text = row[form.role_field].strip().lower()
            if text not in {r.value for r in RespondentRole}:
                raise IngestError(
                    self.path, line, f"field {form.role_field}: unknown role '{text}'"
                )
            role = RespondentRole(text)
        role = role or instrument.default_role
        if role is None:
            raise IngestError(self.path, line, f"form {form.name}: no role for the respondent")
        clinician = known.get(self.mapping.clinician_field or "")
        respondent = (row.get(form.respondent_field or "", "") or "").strip() or (
            clinician if role is RespondentRole.CLINICIAN and clinician else f"{record}:{role}"
        )
        parts = [record, event, form.name, instance]
        return Response(
            id=":".join(part for part in parts if part),
            instrument_id=instrument.id,
            instrument_version=instrument.version,
            respondent=respondent,
            role=role,
            relationship=record,
            answers=answers,
            patient=known.get(self.mapping.patient_field or ""),
            clinician=clinician,
            timepoint=timepoint,
            date=self._date(line, row, form),
            group=group,
            source=Source(str(self.path), line, tuple(form.fields.items())),
        )

    def _date(self, line: int, row: Mapping[str, str], form: FormMapping) -> dt.date | None:
        for name in (form.date_field, f"{form.name}_timestamp"):
            value = (row.get(name or "", "") or "").strip()
            if value and not is_missing(value, self.codes):
                try:
                    return dt.date.fromisoformat(value[:10])
                except ValueError:
                    raise IngestError(
                        self.path, line, f"field {name}: '{value}' is not a date (YYYY-MM-DD)"
                    ) from None
        return None
