"""Transcript readers: every supported format becomes ``Encounter`` objects.

>>> from rapport.ingest import find_sources, read_encounters
>>> for files in find_sources(["transcripts/"]):          # doctest: +SKIP
...     encounters = read_encounters(files)

The reader is chosen by extension; for ``.txt`` and files without an extension the content
decides (WebVTT, SRT, TextGrid, JSON, DOCX, else plain text). Malformed input raises
``IngestError(path, line, reason)`` and nothing else. Shared rules (timing checks, caption
merging, end times, field precedence) are described in ``assemble.py``; roles in
``roles.py``; sidecar metadata files in ``sidecar.py``.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Sequence
from pathlib import Path

from rapport.errors import IngestError
from rapport.ingest.assemble import Draft, build_encounters, combine_drafts
from rapport.ingest.csv_format import parse_csv, write_csv
from rapport.ingest.docx_format import parse_docx, write_docx
from rapport.ingest.json_format import looks_like_rapport_json, parse_json, write_json
from rapport.ingest.options import ReadOptions, parse_roles_option
from rapport.ingest.sidecar import group_stem, sidecar_for
from rapport.ingest.sources import SUPPORTED_SUFFIXES, find_sources
from rapport.ingest.srt_format import looks_like_srt, parse_srt, write_srt
from rapport.ingest.text import parse_text, write_text
from rapport.ingest.textgrid import parse_textgrid, write_textgrid
from rapport.ingest.vtt import looks_like_vtt, parse_vtt, write_vtt
from rapport.model import Encounter

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ReadOptions",
    "find_sources",
    "parse_roles_option",
    "read",
    "read_encounters",
    "sidecar_for",
    "write_csv",
    "write_docx",
    "write_json",
    "write_srt",
    "write_text",
    "write_textgrid",
    "write_vtt",
]

Parser = Callable[[bytes, Path, ReadOptions], list[Draft]]

_PARSERS_BY_SUFFIX: dict[str, Parser] = {
    ".csv": parse_csv,
    ".tsv": parse_csv,
    ".docx": parse_docx,
    ".json": parse_json,
    ".srt": parse_srt,
    ".textgrid": parse_textgrid,
    ".vtt": parse_vtt,
}
_SNIFFED_SUFFIXES = ("", ".txt")
_UNSUPPORTED_HINTS = {
    ".doc": "old Word .doc files cannot be read; save it as .docx",
    ".rtf": ".rtf files cannot be read; save it as .docx or .txt",
    ".pdf": ".pdf files cannot be read; export the transcript as .docx or .txt",
}


def _sniff_text(data: bytes, encoding: str | None) -> str:
    """The start of ``data`` as text, for recognising a format; empty if undecodable."""
    head = data[:4096]
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if encoding is None and head.startswith(bom):
            head, encoding = head[len(bom) : len(head) - len(head) % 2], codec
    try:
        return head.decode(encoding or "utf-8-sig", errors="ignore").replace("\r\n", "\n")
    except LookupError:
        return ""


def choose_parser(path: Path, data: bytes, options: ReadOptions) -> Parser:
    """The parser for ``path``: by extension, or by content for ``.txt`` and no extension."""
    suffix = path.suffix.lower()
    parser = _PARSERS_BY_SUFFIX.get(suffix)
    if parser is not None:
        return parser
    if suffix not in _SNIFFED_SUFFIXES:
        hint = _UNSUPPORTED_HINTS.get(suffix)
        supported = ", ".join(SUPPORTED_SUFFIXES)
        reason = hint or f"unknown file type {path.suffix!r}; supported: {supported}"
        raise IngestError(path, None, reason)
    if suffix == "" and data.startswith(b"PK\x03\x04"):
        return parse_docx
    head = _sniff_text(data, options.encoding)
    if looks_like_vtt(head):
        return parse_vtt
    if looks_like_srt(head):
        return parse_srt
    if head.lstrip("\ufeff \t\n").startswith('File type = "ooTextFile"'):
        return parse_textgrid
    if looks_like_rapport_json(head):
        return parse_json
    return parse_text


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise IngestError(path, None, "is a folder, not a file (find_sources expands folders)")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise IngestError(path, None, "no such file") from None
    except OSError as error:
        raise IngestError(path, None, f"cannot read file: {error.strerror or error}") from None


def _drafts_of(path: Path, options: ReadOptions) -> list[Draft]:
    data = _read_bytes(path)
    return choose_parser(path, data, options)(data, path, options)


def read_encounters(
    source: str | Path | Sequence[str | Path], options: ReadOptions | None = None
) -> list[Encounter]:
    """Every encounter in ``source``: one file, or the files of one conversation.

    Several files (one TextGrid per speaker, as grouped by ``find_sources``) are merged into
    one encounter ordered by start time; each must hold one encounter with timings.
    """
    options = options or ReadOptions()
    paths = [Path(source)] if isinstance(source, str | Path) else [Path(p) for p in source]
    if not paths:
        raise IngestError("-", None, "no files given")
    if len(paths) == 1:
        return build_encounters(_drafts_of(paths[0], options), paths, paths[0].stem, options)
    drafts: list[Draft] = []
    for path in paths:
        found = _drafts_of(path, options)
        if len(found) != 1:
            reason = f"holds {len(found)} encounters; only one-encounter files can be merged"
            raise IngestError(path, None, reason)
        drafts += found
    return build_encounters([combine_drafts(drafts)], paths, group_stem(paths), options)


def read(path: str | Path, options: ReadOptions | None = None) -> Encounter:
    """The one encounter in the file at ``path``; ``IngestError`` if it holds several."""
    encounters = read_encounters(path, options)
    if len(encounters) != 1:
        reason = f"holds {len(encounters)} encounters; use read_encounters to read them all"
        raise IngestError(path, None, reason)
    return encounters[0]
