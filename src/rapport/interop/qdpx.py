"""REFI-QDA project exchange (``.qdpx``): Rapport encounters, codebook and codings out to
MAXQDA, NVivo, ATLAS.ti and QualCoder, and their projects back in.

>>> export_qdpx("study.qdpx", encounters=encs, codings=cods, codebook=cb,
...             project_name="Study")                                    # doctest: +SKIP
>>> project = import_qdpx("from_maxqda.qdpx")                           # doctest: +SKIP
>>> project.unmapped                                   # what could not be brought over

The archive holds ``project.qde`` (Project.xsd) and ``sources/<guid>.txt``, one UTF-8,
LF-ended ``Speaker: text`` file per encounter, referenced as ``internal://<guid>.txt``.

Conventions for what REFI-QDA has no place for (see also ``docs/refi-qda.md``):

* Codebook: ``qdc.py`` (themes are non-codable codes, codes codable children).
* Coding: one ``PlainTextSelection`` per coding over its turn's text (code points, end
  exclusive), named with the selected text, with one ``Coding`` and one ``creatingUser``;
  ``creationDateTime`` is ``Coding.created_at``.
* Coders: every coder is a ``User``. Auto codings belong to the user
  ``rapport-auto:<model_version>`` (``rapport-auto`` without a version); importing gives
  them back as auto codings with that version.
* Provenance REFI-QDA lacks (origin ``consensus``, score, time span, an auto coder other
  than ``rapport``, a char span that covers the whole turn) is a ``rapport: {json}`` line
  as the selection's ``Description``, written only when there is something to say.
* ``Coding.memo`` is a ``Note`` linked by a ``NoteRef`` from the selection; the optional
  ``memos`` (encounter id -> text) are Notes linked from the encounter's source.
* Encounter metadata: source ``VariableValue``s for Patient, Date, Setting, Subtype and each
  scalar ``Encounter.metadata`` entry; one ``Case`` per speaker (name and ``Role``
  variable, ``SourceRef`` to the encounters they speak in).
* Turns: a per-encounter ``Note`` "Rapport turns: <id>" holds the turn table (speaker,
  role, text length, start and end seconds, source line), the participants with their
  ``role_source``, ``Encounter.metadata`` and ``source``, as a ``rapport:`` line. Other
  tools show it as a memo; Rapport uses it when it still fits the text.
* GUIDs are uuid5 of stable ids and dates come from the data, so re-exports diff cleanly.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from rapport.interop.conventions import (
    AUTO_USER,
    DATE,
    FIXED_VARIABLES,
    PATIENT,
    ROLE,
    SETTING,
    SUBTYPE,
    TURNS_NOTE_PREFIX,
    QdpxProject,
    user_name,
)
from rapport.interop.qdc import ORIGIN, code_guid, code_tree, codebook_set
from rapport.interop.qdpx_reader import read_project
from rapport.interop.refi_xml import (
    PROJECT_NS,
    Element,
    format_datetime,
    guid,
    to_xml,
    with_extras,
)
from rapport.interop.turns import SourceLayout, layout, turn_table
from rapport.model import Codebook, Coding, Encounter, Origin

__all__ = ["AUTO_USER", "QdpxProject", "export_qdpx", "import_qdpx", "user_name"]

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _aware(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def _check(
    encounters: Sequence[Encounter], codings: Iterable[Coding], codebook: Codebook
) -> dict[str, Encounter]:
    by_id: dict[str, Encounter] = {}
    for encounter in encounters:
        if encounter.id in by_id:
            raise ValueError(f"encounter id {encounter.id!r} is given twice")
        by_id[encounter.id] = encounter
    known = set(codebook.code_ids)
    for coding in codings:
        where = f"coding {coding.code!r} of {coding.encounter_id!r} turn {coding.turn_index}"
        found = by_id.get(coding.encounter_id)
        if found is None:
            raise ValueError(f"{where}: no such encounter among those exported")
        if coding.code not in known:
            raise ValueError(f"{where}: code not in codebook {codebook.id!r}")
        if not 0 <= coding.turn_index < len(found.turns):
            raise ValueError(f"{where}: the encounter has {len(found.turns)} turns")
        if coding.char_span is not None:
            start, end = coding.char_span
            if not 0 <= start <= end <= len(found.turns[coding.turn_index].text):
                raise ValueError(f"{where}: char_span {coding.char_span} is outside the turn")
    return by_id


def _variable_type(values: list[Any]) -> str | None:
    if all(isinstance(v, bool) for v in values):
        return "Boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "Integer"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values) and all(
        Decimal(repr(v)).is_finite() for v in values
    ):
        return "Float"
    if all(isinstance(v, str | int | float | bool) for v in values):
        return "Text"
    return None


def _value_text(value: Any, kind: str) -> str:
    if kind == "Boolean":
        return "true" if value else "false"
    if kind == "Float":
        return format(Decimal(repr(float(value))), "f")
    return str(value)


class _Exporter:
    def __init__(
        self,
        encounters: Sequence[Encounter],
        codings: Sequence[Coding],
        codebook: Codebook,
        memos: Mapping[str, str],
    ) -> None:
        self.encounters = list(encounters)
        self.codebook = codebook
        self.memos = memos
        self.by_id = _check(self.encounters, codings, codebook)
        self.layouts: dict[str, SourceLayout] = {e.id: layout(e) for e in self.encounters}
        order = {code_id: n for n, code_id in enumerate(codebook.code_ids)}
        self.codings: dict[str, list[Coding]] = defaultdict(list)
        for coding in sorted(
            codings,
            key=lambda c: (
                c.turn_index, *(c.char_span or (-1, -1)), order[c.code], user_name(c), c.coder,
                format_datetime(c.created_at),
            ),
        ):  # fmt: skip
            self.codings[coding.encounter_id].append(coding)
        stamps = [_aware(c.created_at) for c in codings]
        stamps += [_midnight(e.date) for e in self.encounters if e.date is not None]
        self.stamp = max(stamps) if stamps else None
        self.users = sorted({user_name(c) for c in codings})
        self.notes: list[Element] = []

    def stamp_text(self, value: dt.datetime | None = None) -> str:
        return format_datetime(value or self.stamp or _EPOCH)

    def project(self, name: str) -> Element:
        root = Element("Project", {"name": name, "origin": ORIGIN})
        if self.stamp is not None:
            root.attrs["creationDateTime"] = format_datetime(self.stamp)
        if self.users:
            users = root.add("Users")
            for user in self.users:
                users.add("User", {"guid": guid("user", user), "name": user})
        root.add("CodeBook").add("Codes").children.extend(code_tree(self.codebook))
        variables = self.variables()
        if variables:
            root.add("Variables").children.extend(
                Element("Variable", {"guid": guid("variable", n), "name": n, "typeOfVariable": k})
                for n, k in variables.items()
            )
        cases = self.cases()
        if cases:
            root.add("Cases").children.extend(cases)
        if self.encounters:
            sources = root.add("Sources")
            for encounter in self.encounters:
                sources.children.append(self.source(encounter, variables))
        if self.notes:
            root.add("Notes").children.extend(self.notes)
        root.add("Sets").children.append(codebook_set(self.codebook))
        return root

    def variables(self) -> dict[str, str]:
        kinds = dict(FIXED_VARIABLES)
        values: dict[str, list[Any]] = defaultdict(list)
        for encounter in self.encounters:
            for key, value in encounter.metadata.items():
                if key not in FIXED_VARIABLES and key != ROLE and value is not None:
                    values[str(key)].append(value)
        for key, seen in sorted(values.items()):
            kind = _variable_type(seen)
            if kind is not None:
                kinds[key] = kind
        kinds[ROLE] = "Text"
        return kinds

    def cases(self) -> list[Element]:
        speakers: dict[tuple[str, str], list[str]] = defaultdict(list)
        for encounter in self.encounters:
            for participant in encounter.participants:
                sources = speakers[(participant.name, participant.role.value)]
                if encounter.id not in sources:
                    sources.append(encounter.id)
        cases = []
        for (name, role), encounter_ids in sorted(speakers.items()):
            case = Element("Case", {"guid": guid("case", name, role), "name": name})
            value = case.add("VariableValue")
            value.add("VariableRef", {"targetGUID": guid("variable", ROLE)})
            value.add("TextValue", text=role)
            for encounter_id in encounter_ids:
                case.add("SourceRef", {"targetGUID": guid("source", encounter_id)})
            cases.append(case)
        return cases

    def note(self, key: tuple[str, ...], name: str, text: str, user: str | None, when: str) -> str:
        note_guid = guid("note", *key)
        attrs = {"guid": note_guid, "name": name, "creationDateTime": when}
        if user is not None:
            attrs["creatingUser"] = guid("user", user)
        element = Element("Note", attrs)
        element.add("PlainTextContent", text=text)
        self.notes.append(element)
        return note_guid

    def source(self, encounter: Encounter, variables: Mapping[str, str]) -> Element:
        source_guid = guid("source", encounter.id)
        when = self.stamp_text(_midnight(encounter.date) if encounter.date else None)
        element = Element(
            "TextSource",
            {
                "guid": source_guid,
                "name": encounter.id,
                "plainTextPath": f"internal://{source_guid}.txt",
                "creationDateTime": when,
            },
        )
        seen: Counter[tuple[Any, ...]] = Counter()
        for coding in self.codings.get(encounter.id, []):
            element.children.append(self.selection(encounter, coding, seen))
        table = with_extras(
            "Rapport keeps each turn's speaker, role and timings here; other tools may ignore it.",
            turn_table(encounter),
        )
        refs = [
            self.note(("turns", encounter.id), TURNS_NOTE_PREFIX + encounter.id, table, None, when)
        ]
        memo = self.memos.get(encounter.id)
        if memo is not None:
            refs.append(
                self.note(("encounter", encounter.id), f"Memo: {encounter.id}", memo, None, when)
            )
        for ref in refs:
            element.add("NoteRef", {"targetGUID": ref})
        for name, value in self.values(encounter, variables):
            kind = variables[name]
            holder = element.add("VariableValue")
            holder.add("VariableRef", {"targetGUID": guid("variable", name)})
            holder.add(f"{kind}Value", text=_value_text(value, kind))
        return element

    @staticmethod
    def values(encounter: Encounter, variables: Mapping[str, str]) -> list[tuple[str, Any]]:
        found: list[tuple[str, Any]] = [
            (PATIENT, encounter.patient),
            (DATE, encounter.date.isoformat() if encounter.date else None),
            (SETTING, encounter.setting.value),
            (SUBTYPE, encounter.subtype),
        ]
        found += sorted(
            (str(k), v) for k, v in encounter.metadata.items() if str(k) not in FIXED_VARIABLES
        )
        return [(n, v) for n, v in found if v is not None and n in variables and n != ROLE]

    def selection(
        self, encounter: Encounter, coding: Coding, seen: Counter[tuple[Any, ...]]
    ) -> Element:
        turn = encounter.turns[coding.turn_index]
        offset = self.layouts[encounter.id].text_starts[coding.turn_index]
        start, end = coding.char_span if coding.char_span is not None else (0, len(turn.text))
        user = user_name(coding)
        when = format_datetime(coding.created_at)
        key = (encounter.id, coding.turn_index, start, end, coding.code, user, coding.coder, when)
        seen[key] += 1
        selection_guid = guid("selection", *key, seen[key])
        element = Element(
            "PlainTextSelection",
            {
                "guid": selection_guid,
                "name": turn.text[start:end],
                "startPosition": str(offset + start),
                "endPosition": str(offset + end),
                "creatingUser": guid("user", user),
                "creationDateTime": when,
            },
        )
        extras = self.extras(coding, len(turn.text))
        if extras:
            element.add("Description", text=with_extras("", extras))
        code = self.codebook.code(coding.code)
        mark = element.add(
            "Coding",
            {
                "guid": guid("coding", selection_guid),
                "creatingUser": guid("user", user),
                "creationDateTime": when,
            },
        )
        mark.add("CodeRef", {"targetGUID": code_guid(self.codebook, code)})
        if coding.memo is not None:
            ref = self.note(("memo", selection_guid), f"Memo: {code.name}", coding.memo, user, when)
            element.add("NoteRef", {"targetGUID": ref})
        return element

    @staticmethod
    def extras(coding: Coding, turn_length: int) -> dict[str, Any]:
        extras: dict[str, Any] = {}
        if coding.origin == Origin.AUTO:
            if coding.coder != "rapport":
                extras["coder"] = coding.coder
        else:
            if coding.origin != Origin.HUMAN:
                extras["origin"] = coding.origin.value
            if coding.model_version is not None:
                extras["model_version"] = coding.model_version
        if coding.score is not None:
            extras["score"] = coding.score
        if coding.time_span is not None:
            extras["time_span"] = list(coding.time_span)
        if coding.char_span is not None and tuple(coding.char_span) == (0, turn_length):
            extras["char_span"] = list(coding.char_span)
        return extras


def export_qdpx(
    path: str | Path,
    *,
    encounters: Sequence[Encounter],
    codings: Sequence[Coding],
    codebook: Codebook,
    project_name: str,
    memos: Mapping[str, str] | None = None,
) -> Path:
    """Write a REFI-QDA project (``.qdpx``) and return its path.

    ``memos`` optionally maps encounter ids to a memo about the whole encounter. Every
    coding must name an exported encounter, an existing turn, a code of ``codebook`` and a
    ``char_span`` inside its turn, else ``ValueError``. The same input gives the same bytes.
    """
    exporter = _Exporter(encounters, codings, codebook, memos or {})
    document = to_xml(exporter.project(project_name), PROJECT_NS)
    target = Path(path)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        _write_member(archive, "project.qde", document)
        for encounter in exporter.encounters:
            name = f"sources/{guid('source', encounter.id)}.txt"
            _write_member(archive, name, exporter.layouts[encounter.id].text.encode("utf-8"))
    return target


def _write_member(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def import_qdpx(path: str | Path) -> QdpxProject:
    """Read a REFI-QDA project; malformed archives or XML raise ``IngestError``.

    Text sources become encounters, codes a codebook, text selections codings; everything
    else is listed in ``QdpxProject.unmapped`` (see ``qdpx_reader``).
    """
    return read_project(Path(path))
