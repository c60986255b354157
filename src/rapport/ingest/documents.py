"""Documents as sources: essays, open answers and reflection notes (TXT, Markdown, DOCX).

A document becomes an ``Encounter`` whose turns are its paragraphs, all spoken by its
author, so that coding, reliability, REFI-QDA export and reports work on documents as
they do on conversations. ``Encounter.metadata["kind"]`` is ``"document"``.

What a document cannot say comes from its sidecar (``NAME.meta.yaml`` beside
``NAME.md``), for example::

    id: essay-07
    date: 2024-05-02
    author: Nurse 07            # a pseudonym: the speaker of every paragraph
    author_role: nurse          # nurse, physician, ... make the role clinician
    program: pediatric oncology
    role: clinician             # optional: overrides what author_role implies

Any other key is kept in ``metadata``. A Markdown file may instead start with a YAML
front matter block (``---`` lines) holding the same keys; the sidecar wins where both say.

Paragraphs are separated by blank lines (TXT, Markdown) or are Word paragraphs (DOCX).
Headings (Markdown ``#`` lines, Word Heading/Title styles) are not paragraphs: the first
is kept as ``metadata["title"]``. ``Turn.line`` is the line (TXT, Markdown) or paragraph
number (DOCX) a paragraph starts on.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rapport.errors import IngestError
from rapport.ingest.decoding import decode_transcript
from rapport.ingest.fields import EncounterFields, FieldReader
from rapport.ingest.located import load_yaml
from rapport.ingest.sidecar import find_sidecar, is_sidecar
from rapport.model import Encounter, Participant, Role, Setting, Turn

DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".docx")
KIND = "document"
CLINICAL_ROLES = frozenset(
    {
        "clinician",
        "nurse",
        "physician",
        "doctor",
        "oncologist",
        "nurse practitioner",
        "np",
        "physician assistant",
        "pa",
        "fellow",
        "resident",
        "pharmacist",
        "psychologist",
        "social worker",
        "child life specialist",
        "chaplain",
        "dietitian",
        "therapist",
        "physiotherapist",
    }
)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_FRONT_MATTER = "---"


def is_document(path: Path) -> bool:
    """A document file, not a sidecar; a folder's README is its description, not data."""
    return (
        path.suffix.lower() in DOCUMENT_SUFFIXES
        and not is_sidecar(path)
        and not path.stem.lower().startswith("readme")
        and not path.name.startswith((".", "~$"))
    )


def find_documents(paths: Iterable[str | Path]) -> list[Path]:
    """The document files under ``paths`` (files as given, folders searched recursively,
    leaving out READMEs, hidden files and Word lock files)."""
    found: list[Path] = []
    for item in map(Path, paths):
        if item.is_dir():
            found += sorted(p for p in item.rglob("*") if p.is_file() and is_document(p))
        elif item.is_file():
            if item.suffix.lower() not in DOCUMENT_SUFFIXES or is_sidecar(item):
                supported = ", ".join(DOCUMENT_SUFFIXES)
                raise IngestError(item, None, f"not a document; supported: {supported}")
            found.append(item)
        else:
            raise IngestError(item, None, "no such file or folder")
    return found


def role_for(author_role: str | None, explicit: str | None = None) -> Role:
    """The role of a document's author: ``explicit`` if given, else clinician for clinical
    professions and other for anyone else (a patient's open answer says ``role: patient``)."""
    if explicit:
        try:
            return Role(explicit.strip().lower())
        except ValueError:
            allowed = ", ".join(r.value for r in Role)
            raise ValueError(f"role {explicit!r} is not one of: {allowed}") from None
    if author_role and author_role.strip().lower() in CLINICAL_ROLES:
        return Role.CLINICIAN
    return Role.OTHER


def _paragraphs_of_text(text: str) -> tuple[list[tuple[int, str]], str | None]:
    """Paragraphs with their first line (1-based), and the first heading if any."""
    paragraphs: list[tuple[int, str]] = []
    title: str | None = None
    current: list[str] = []
    start = 0

    def flush() -> None:
        if current:
            paragraphs.append((start, " ".join(current)))
            current.clear()

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        heading = _HEADING.match(raw)
        if heading:
            flush()
            title = title or heading.group(1).strip()
            continue
        if not line:
            flush()
            continue
        if _LIST_MARK.match(raw):
            flush()  # each list item is a paragraph of its own
            line = _LIST_MARK.sub("", raw).strip()
        if not current:
            start = number
        current.append(line)
    flush()
    return paragraphs, title


def _split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """A Markdown file's leading YAML block, the text after it, and how many lines it took."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != _FRONT_MATTER:
        return {}, text, 0
    for end in range(1, len(lines)):
        if lines[end].strip() == _FRONT_MATTER:
            located = load_yaml("\n".join(lines[1:end]), path)
            if not isinstance(located.value, dict):
                raise IngestError(path, 1, "front matter must be a mapping of keys")
            # Blank lines keep the line numbers of the body right.
            return dict(located.value), "\n" * (end + 1) + "\n".join(lines[end + 1 :]), end + 1
    raise IngestError(path, 1, "front matter starts with --- but never ends")


def _paragraphs_of_docx(data: bytes, path: Path) -> tuple[list[tuple[int, str]], str | None]:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several kinds for a broken file
        raise IngestError(path, None, f"not a readable .docx file ({error})") from None
    paragraphs: list[tuple[int, str]] = []
    title: str | None = None
    for number, paragraph in enumerate(document.paragraphs, start=1):
        text = " ".join(paragraph.text.split())
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style.startswith(("Heading", "Title")):
            title = title or text
            continue
        paragraphs.append((number, text))
    return paragraphs, title


def _fields(path: Path, front_matter: dict[str, Any]) -> EncounterFields:
    fields = EncounterFields()
    if front_matter:
        fields = FieldReader(path, None, "front matter").read(front_matter, extra_to_metadata=True)
    sidecar = find_sidecar(path.parent, path.stem)
    if sidecar is not None:
        text = decode_transcript(sidecar.read_bytes(), sidecar)
        located = load_yaml(text, sidecar)
        fields = fields.overridden_by(
            FieldReader(sidecar, located, "sidecar").read(located.value, extra_to_metadata=True)
        )
    return fields


def read_document(path: str | Path) -> Encounter:
    """One document as an encounter of paragraphs by its author (see the module docstring)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        raise IngestError(path, None, f"not a document; supported: {', '.join(DOCUMENT_SUFFIXES)}")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(path, None, f"cannot read file: {error.strerror or error}") from None
    front_matter: dict[str, Any] = {}
    if suffix == ".docx":
        paragraphs, title = _paragraphs_of_docx(data, path)
    else:
        text = decode_transcript(data, path)
        if suffix in (".md", ".markdown"):
            front_matter, text, _ = _split_front_matter(text, path)
        paragraphs, title = _paragraphs_of_text(text)
    if not paragraphs:
        raise IngestError(path, None, "the document has no paragraphs of text")
    fields = _fields(path, front_matter)
    metadata = dict(fields.metadata)
    author = str(metadata.get("author") or "author")
    try:
        role = role_for(
            str(metadata["author_role"]) if metadata.get("author_role") else None,
            str(metadata.pop("role")) if metadata.get("role") else None,
        )
    except ValueError as error:
        raise IngestError(path, None, str(error)) from None
    metadata.update({"kind": KIND, "format": suffix.lstrip("."), "author": author})
    if title and "title" not in metadata:
        metadata["title"] = title
    turns = [
        Turn(index, author, role, text, line=line) for index, (line, text) in enumerate(paragraphs)
    ]
    return Encounter(
        id=fields.id or path.stem,
        turns=turns,
        patient=fields.patient,
        date=fields.date,
        setting=fields.setting or Setting.OTHER,
        subtype=fields.subtype or "document",
        participants=[Participant(author, role, "document author")],
        metadata=metadata,
        source=str(path),
    )


def read_documents(paths: Sequence[str | Path]) -> list[Encounter]:
    """Every document under ``paths``, read before anything is stored; ids must be unique."""
    encounters = [read_document(p) for p in find_documents(paths)]
    seen: dict[str, str] = {}
    for encounter in encounters:
        if encounter.id in seen:
            raise IngestError(
                encounter.source or encounter.id,
                None,
                f"id {encounter.id!r} is also the id of {seen[encounter.id]}",
            )
        seen[encounter.id] = encounter.source or ""
    return encounters


def is_document_encounter(encounter: Encounter) -> bool:
    return encounter.metadata.get("kind") == KIND
