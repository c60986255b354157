"""Reading ``.qdpx`` projects, Rapport's own and other tools', into Rapport objects.

Text sources become encounters (turns from Rapport's turn table when present and still
fitting, else from ``Name:`` lines), codes a codebook (``qdc.read_code_tree``), and each
coded ``PlainTextSelection`` one coding per turn it covers. Everything else (PDF, picture,
audio and video sources, their graphic and time selections, uncoded selections, whole-source
codings, links, graphs, sets, free notes, cases that are not speakers) is reported in
``QdpxProject.unmapped``, one message per kind and source, never silently dropped.
Malformed archives and XML raise ``IngestError(path, line, reason)``.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

from rapport.errors import IngestError
from rapport.interop.conventions import (
    AUTO_USER,
    DATE,
    PATIENT,
    ROLE,
    SETTING,
    SUBTYPE,
    QdpxProject,
)
from rapport.interop.qdc import guid_key, read_code_tree
from rapport.interop.refi_xml import Node, XmlProblem, parse_datetime, parse_xml, split_extras
from rapport.interop.turns import ParsedTurn, from_lines, from_turn_table, map_selection
from rapport.model import Coding, Encounter, Origin, Participant, Role, Setting, Turn

_MEDIA = {
    "PDFSource": "PDF source",
    "PictureSource": "picture source",
    "AudioSource": "audio source",
    "VideoSource": "video source",
}
_SELECTIONS = ("PDFSelection", "PictureSelection", "AudioSelection", "VideoSelection")
_VALUE_TAGS = (
    "TextValue",
    "BooleanValue",
    "IntegerValue",
    "FloatValue",
    "DateValue",
    "DateTimeValue",
)
_CASE_ROLE_SOURCE = "REFI-QDA case variable"


def _open(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise IngestError(path, None, "no such file") from None
    except IsADirectoryError:
        raise IngestError(path, None, "is a folder, not a .qdpx file") from None
    except zipfile.BadZipFile:
        raise IngestError(
            path, None, "not a .qdpx project: the file is not a zip archive"
        ) from None
    except OSError as error:
        raise IngestError(path, None, f"cannot read file: {error.strerror or error}") from None


def read_project(path: Path) -> QdpxProject:
    with _open(path) as archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        qde = "project.qde" if "project.qde" in names else None
        qde = qde or next((n for n in names if n.lower().endswith(".qde")), None)
        if qde is None:
            raise IngestError(path, None, "not a .qdpx project: no project.qde in the archive")
        try:
            root = parse_xml(archive.read(qde))
        except XmlProblem as problem:
            raise IngestError(path, problem.line, f"{qde}: {problem.reason}") from None
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise IngestError(path, None, f"cannot read {qde} from the archive: {error}") from None
        if root.tag != "Project":
            reason = f"{qde}: root element is <{root.tag}>, not <Project>"
            raise IngestError(path, root.line, reason)
        return _Reader(path, archive, names, qde, root).read()


class _Reader:
    def __init__(
        self, path: Path, archive: zipfile.ZipFile, names: list[str], qde: str, root: Node
    ) -> None:
        self.path = path
        self.archive = archive
        self.members = {n.lower().lstrip("/"): n for n in names}
        self.qde = qde
        self.root = root
        self.unmapped: list[str] = []
        self.stamp = parse_datetime(root.get("modifiedDateTime") or root.get("creationDateTime"))
        self.users = {
            guid_key(u.get("guid")): u.get("name") or u.get("id") or guid_key(u.get("guid"))
            for u in self._children("Users", "User")
        }
        self.variables = {
            guid_key(v.get("guid")): v.get("name") or ""
            for v in self._children("Variables", "Variable")
        }
        self.notes = {guid_key(n.get("guid")): n for n in self._children("Notes", "Note")}
        self.used_notes: set[str] = set()
        self.case_roles: dict[tuple[str, str], Role] = {}
        self.encounter_ids: set[str] = set()

    def _children(self, container: str, tag: str) -> list[Node]:
        node = self.root.first(container)
        return node.all(tag) if node is not None else []

    def fail(self, node: Node, reason: str) -> IngestError:
        return IngestError(self.path, node.line, f"{self.qde}: <{node.tag}> {reason}")

    def read(self) -> QdpxProject:
        name = self.root.get("name") or self.path.stem
        codebook_node = self.root.first("CodeBook")
        codes = codebook_node.first("Codes") if codebook_node is not None else None
        mapped = read_code_tree(codes, self.root.first("Sets"), name, name)
        self.unmapped += mapped.unmapped
        self.code_ids, self.theme_ids = mapped.code_ids, mapped.theme_ids
        self.code_names = {
            guid_key(n.get("guid")): n.get("name") or "" for n in (codes.walk() if codes else [])
        }
        self.read_cases()
        project = QdpxProject([], mapped.codebook, [], self.unmapped, name, code_ids=self.code_ids)
        for source in self._children("Sources", "TextSource"):
            self.text_source(source, project)
        sources = self.root.first("Sources")
        for node in sources.children if sources is not None else []:
            if node.tag in _MEDIA:
                self.media_source(node)
        self.report_leftovers()
        return project

    # --- parts that are not sources -------------------------------------------------------

    def read_cases(self) -> None:
        for case in self._children("Cases", "Case"):
            role_text = None
            for value in case.all("VariableValue"):
                ref = value.first("VariableRef")
                if ref is not None and self.variables.get(guid_key(ref.get("targetGUID"))) == ROLE:
                    role_text = self.value_text(value)
            role = _role(role_text)
            sources = [guid_key(s.get("targetGUID")) for s in case.all("SourceRef")]
            if role is None or case.get("name") is None or not sources:
                self.unmapped.append(
                    f"case '{case.get('name') or guid_key(case.get('guid'))}' was not imported: "
                    "Rapport reads cases only as speakers with a 'Role' variable"
                )
                continue
            for source in sources:
                self.case_roles[(source, str(case.get("name")))] = role

    def report_leftovers(self) -> None:
        for container, what in (("Links", "link"), ("Graphs", "graph")):
            node = self.root.first(container)
            if node is not None and node.children:
                self.unmapped.append(f"{len(node.children)} {what}(s) were not imported")
        if self.root.child_text("Description").strip():
            self.unmapped.append("the project description was not imported")
        project_notes = {guid_key(r.get("targetGUID")) for r in self.root.all("NoteRef")}
        for key, note in self.notes.items():
            if key not in self.used_notes:
                where = "project" if key in project_notes else "nothing Rapport imports"
                self.unmapped.append(
                    f"note '{note.get('name') or key}' (attached to {where}) was not imported"
                )

    def media_source(self, node: Node) -> None:
        selections = sum(1 for n in node.walk() if n.tag in (*_SELECTIONS, "PlainTextSelection"))
        selections += sum(1 for n in node.walk() if n.tag == "TranscriptSelection")
        name = node.get("name") or guid_key(node.get("guid"))
        self.unmapped.append(
            f"{_MEDIA[node.tag]} '{name}' was not imported: Rapport reads text transcripts only "
            f"({selections} selection(s) on it dropped)"
        )
        for ref in node.walk():
            if ref.tag == "NoteRef":
                self.used_notes.add(guid_key(ref.get("targetGUID")))

    # --- values -------------------------------------------------------------------------

    def member_text(self, uri: str | None, what: str) -> str | None:
        if not uri or not uri.startswith("internal://"):
            kind = "no file" if not uri else f"an external file ({uri.split('://')[0]})"
            self.unmapped.append(f"{what} was not imported: it refers to {kind}")
            return None
        file_name = uri[len("internal://") :].lstrip("/")
        member = self.members.get(f"sources/{file_name}".lower()) or self.members.get(
            file_name.lower()
        )
        if member is None:
            self.unmapped.append(f"{what} was not imported: sources/{file_name} is missing")
            return None
        try:
            data = self.archive.read(member)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise IngestError(
                self.path, None, f"cannot read {member} from the archive: {error}"
            ) from None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.unmapped.append(f"{what} is not UTF-8; undecodable bytes were replaced")
            return data.decode("utf-8-sig", errors="replace")

    def note_text(self, note: Node) -> str:
        content = note.first("PlainTextContent")
        if content is not None:
            return content.text
        if note.get("plainTextPath"):
            what = f"note '{note.get('name') or guid_key(note.get('guid'))}'"
            return self.member_text(note.get("plainTextPath"), what) or ""
        return ""

    @staticmethod
    def value_text(value: Node) -> str | None:
        for child in value.children:
            if child.tag in _VALUE_TAGS:
                return child.text if child.tag == "TextValue" else child.text.strip()
        return None

    def int_attr(self, node: Node, name: str) -> int:
        text = node.get(name)
        try:
            return int(str(text).strip())
        except ValueError:
            raise self.fail(node, f"{name} {text!r} is not a whole number") from None

    # --- text sources -------------------------------------------------------------------

    def text_source(self, node: Node, project: QdpxProject) -> None:
        name = node.get("name") or guid_key(node.get("guid"))
        if node.first("PlainTextContent") is not None and not node.get("plainTextPath"):
            text: str | None = node.child_text("PlainTextContent")
        else:
            text = self.member_text(node.get("plainTextPath"), f"text source '{name}'")
        if text is None:
            return
        source_key = guid_key(node.get("guid"))
        table, memos = self.source_notes(node)
        turns = from_turn_table(text, table) if table else None
        if table and turns is None:
            self.unmapped.append(
                f"text source '{name}': Rapport's turn table no longer fits the text (edited in "
                "another tool?); turns were read again from 'Name:' lines"
            )
            table = None
        if turns is None:
            parsed = from_lines(text, name)
            self.unmapped += parsed.notes
            turns = parsed.turns
        encounter = self.encounter(node, name, source_key, table, turns)
        project.encounters.append(encounter)
        if memos:
            project.memos[encounter.id] = "\n\n".join(memos)
        self.codings(node, encounter, turns, text, project)

    def source_notes(self, node: Node) -> tuple[dict[str, Any] | None, list[str]]:
        table: dict[str, Any] | None = None
        memos: list[str] = []
        description, _ = split_extras(node.child_text("Description"))
        if description.strip():
            memos.append(description)
        for ref in node.all("NoteRef"):
            key = guid_key(ref.get("targetGUID"))
            note = self.notes.get(key)
            if note is None:
                continue
            self.used_notes.add(key)
            body = self.note_text(note)
            extras = split_extras(body)[1]
            if extras.get("rapport") == "turns":
                table = extras
            else:
                memos.append(body)
        return table, memos

    def encounter(
        self,
        node: Node,
        name: str,
        source_key: str,
        table: dict[str, Any] | None,
        turns: list[ParsedTurn],
    ) -> Encounter:
        wanted = str(table.get("encounter") or name) if table else name
        encounter_id, number = wanted, 1
        while encounter_id in self.encounter_ids:
            number += 1
            encounter_id = f"{wanted}-{number}"
        if encounter_id != wanted:
            self.unmapped.append(f"text source '{name}' was renamed '{encounter_id}' (name taken)")
        self.encounter_ids.add(encounter_id)
        encounter = Encounter(id=encounter_id, turns=[], source=str(self.path))
        self.variable_values(node, encounter, name)
        unknown: list[str] = []
        participants: list[Participant] = []
        seen: set[str] = set()
        for index, parsed in enumerate(turns):
            role = parsed.role
            if role is None:
                role = self.case_roles.get((source_key, parsed.speaker))
                if parsed.speaker not in seen:
                    seen.add(parsed.speaker)
                    source = _CASE_ROLE_SOURCE if role is not None else "unknown"
                    participants.append(Participant(parsed.speaker, role or Role.OTHER, source))
                    if role is None and parsed.speaker != "Unknown":
                        unknown.append(parsed.speaker)
            turn = Turn(index, parsed.speaker, role or Role.OTHER, parsed.text, line=parsed.line)
            turn.start, turn.end = parsed.start, parsed.end
            encounter.turns.append(turn)
        encounter.participants = participants
        if unknown:
            self.unmapped.append(
                f"text source '{name}': no role given for {', '.join(repr(s) for s in unknown)} "
                "(set to 'other')"
            )
        if table:
            _apply_table(encounter, table)
        return encounter

    def variable_values(self, node: Node, encounter: Encounter, name: str) -> None:
        for value_node in node.all("VariableValue"):
            ref = value_node.first("VariableRef")
            variable = self.variables.get(
                guid_key(ref.get("targetGUID") if ref is not None else None)
            )
            value = self.value_text(value_node)
            if not variable or value is None:
                continue
            kind = next((c.tag for c in value_node.children if c.tag in _VALUE_TAGS), "TextValue")
            if variable == PATIENT:
                encounter.patient = value
            elif variable == SUBTYPE:
                encounter.subtype = value
            elif variable == SETTING and value.lower() in set(Setting):
                encounter.setting = Setting(value.lower())
            elif variable == DATE and _date(value) is not None:
                encounter.date = _date(value)
            else:
                encounter.metadata[variable] = _typed(value, kind)
                if variable in (SETTING, DATE):
                    self.unmapped.append(
                        f"text source '{name}': {variable} {value!r} is not understood; kept in "
                        "metadata"
                    )

    def codings(
        self,
        node: Node,
        encounter: Encounter,
        turns: list[ParsedTurn],
        text: str,
        project: QdpxProject,
    ) -> None:
        counts: Counter[str] = Counter()
        for selection in node.all("PlainTextSelection"):
            self.selection(selection, encounter, turns, text, project, counts)
        counts["whole-source coding(s) were not imported"] += len(node.all("Coding"))
        for message, count in sorted(counts.items()):
            if count:
                self.unmapped.append(f"text source '{encounter.id}': {count} {message}")

    def selection(
        self,
        node: Node,
        encounter: Encounter,
        turns: list[ParsedTurn],
        text: str,
        project: QdpxProject,
        counts: Counter[str],
    ) -> None:
        start, end = self.int_attr(node, "startPosition"), self.int_attr(node, "endPosition")
        marks = node.all("Coding")
        if not marks:
            counts["selection(s) without a code (comments) were not imported"] += 1
            return
        if not 0 <= start <= end <= len(text):
            counts["selection(s) outside the text were not imported"] += 1
            return
        spans = map_selection(turns, start, end)
        if not spans:
            counts["selection(s) covering no turn text (only labels) were not imported"] += 1
            return
        if len(spans) > 1:
            counts["selection(s) spanning several turns became one coding per turn"] += 1
        description, extras = split_extras(node.child_text("Description"))
        memos = [description] if description.strip() else []
        for ref in node.all("NoteRef"):
            key = guid_key(ref.get("targetGUID"))
            if key in self.notes:
                self.used_notes.add(key)
                memos.append(self.note_text(self.notes[key]))
        for mark in marks:
            code_ref = mark.first("CodeRef")
            target = guid_key(code_ref.get("targetGUID") if code_ref is not None else None)
            code = self.code_ids.get(target)
            if code is None:
                what = "a category" if target in self.theme_ids else "an unknown code"
                counts[f"coding(s) with {what} were not imported"] += 1
                continue
            user = mark.get("creatingUser") or node.get("creatingUser")
            when = (
                parse_datetime(mark.get("creationDateTime"))
                or parse_datetime(node.get("creationDateTime"))
                or parse_datetime(node.get("modifiedDateTime"))
                or self.stamp
                or dt.datetime.now(dt.UTC)
            )
            if user is None or guid_key(user) not in self.users:
                counts["coding(s) without a known user were given coder 'unknown'"] += 1
            coder = self.users.get(guid_key(user), "unknown")
            for span in spans:
                whole = (span.start, span.end) == (0, len(turns[span.turn_index].text))
                char_span = None if whole and "char_span" not in extras else (span.start, span.end)
                coding = Coding(
                    encounter.id, span.turn_index, code, char_span=char_span, created_at=when,
                    memo="\n\n".join(memos) if memos else None,
                )  # fmt: skip
                _provenance(coding, coder, extras)
                project.codings.append(coding)


def _provenance(coding: Coding, user: str, extras: dict[str, Any]) -> None:
    prefix, colon, version = user.partition(":")
    if prefix == AUTO_USER:
        coding.origin = Origin.AUTO
        coding.coder = str(extras.get("coder", "rapport"))
        coding.model_version = version if colon else None
    else:
        coding.coder = user
        origin = extras.get("origin")
        valid = isinstance(origin, str) and origin in set(Origin)
        coding.origin = Origin(str(origin)) if valid else Origin.HUMAN
        given = extras.get("model_version")
        coding.model_version = str(given) if given is not None else None
    score = extras.get("score")
    if isinstance(score, int | float) and not isinstance(score, bool):
        coding.score = float(score)
    span = extras.get("time_span")
    if isinstance(span, list) and len(span) == 2 and all(isinstance(v, int | float) for v in span):
        coding.time_span = (float(span[0]), float(span[1]))


def _apply_table(encounter: Encounter, table: dict[str, Any]) -> None:
    metadata = table.get("metadata")
    if isinstance(metadata, dict):
        encounter.metadata = metadata
    source = table.get("source")
    encounter.source = source if isinstance(source, str) else None
    people = table.get("participants")
    if isinstance(people, list):
        participants = []
        for row in people:
            try:
                participants.append(Participant(str(row[0]), Role(row[1]), str(row[2])))
            except (TypeError, ValueError, IndexError):
                continue
        encounter.participants = participants


def _role(text: str | None) -> Role | None:
    value = (text or "").strip().lower()
    return Role(value) if value in set(Role) else None


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _typed(text: str, kind: str) -> Any:
    try:
        if kind == "BooleanValue":
            return text.lower() in {"true", "1"}
        if kind == "IntegerValue":
            return int(text)
        if kind == "FloatValue":
            return float(text)
    except ValueError:
        return text
    return text
