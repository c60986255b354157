"""THEMES.yaml and memo files: reading, validating, writing a starter file, adding memos.

A themes file::

    title: Long-term care relationships (22 essays)
    codebook: chung2024
    count: any            # any | all | consensus: how a document counts for a theme
    coders: [mira, sol]   # optional: whose codings count (default: every human coder)
    memos: memos.yaml     # optional, relative to this file
    themes:
      - id: solidarity
        name: Conveying solidarity
        definition: Companionship between patient, family and team ...
        codes: [conveying_solidarity]
        extracts: [essay-05#1]   # optional: extracts to quote first
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from rapport.codebooks import load_codebook
from rapport.errors import IngestError
from rapport.ingest.located import load_yaml
from rapport.themes.model import COUNT_RULES, CandidateTheme, Memo, ThemeMap

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_EXTRACT = re.compile(r"^(?P<doc>.+)#(?P<para>\d+)$")


def _fail(path: Path, located: Any, container: Any, key: str | None, reason: str) -> IngestError:
    return IngestError(path, located.line_of(container, key), reason)


def read_theme_map(path: str | Path) -> ThemeMap:
    """A validated themes file; every problem is an ``IngestError`` naming a line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise IngestError(path, None, f"cannot read: {error.strerror or error}") from None
    located = load_yaml(text, path)
    data = located.value
    if not isinstance(data, dict):
        raise IngestError(path, 1, "a themes file is a mapping with codebook and themes")
    codebook_id = str(data.get("codebook") or "")
    if not codebook_id:
        raise _fail(path, located, data, None, "no 'codebook'")
    try:
        codebook = load_codebook(codebook_id)
    except Exception as error:
        raise _fail(path, located, data, "codebook", str(error)) from None
    count = str(data.get("count", "any"))
    if count not in COUNT_RULES:
        raise _fail(path, located, data, "count", f"count must be one of {', '.join(COUNT_RULES)}")
    themes_node = data.get("themes")
    if not isinstance(themes_node, list) or not themes_node:
        raise _fail(path, located, data, "themes", "'themes' must be a non-empty list")
    themes: list[CandidateTheme] = []
    seen: set[str] = set()
    for node in themes_node:
        if not isinstance(node, dict):
            raise _fail(path, located, themes_node, None, "each theme must be a mapping")
        theme_id = str(node.get("id", ""))
        if not _ID.match(theme_id):
            raise _fail(path, located, node, "id", f"theme id {theme_id!r} must be snake_case")
        if theme_id in seen:
            raise _fail(path, located, node, "id", f"theme id {theme_id!r} is used twice")
        seen.add(theme_id)
        codes = node.get("codes")
        if not isinstance(codes, list) or not codes:
            raise _fail(path, located, node, "codes", f"theme {theme_id!r} groups no codes")
        unknown = [c for c in codes if c not in codebook.code_ids]
        if unknown:
            raise _fail(
                path, located, node, "codes", f"{unknown[0]!r} is not a code of {codebook.id}"
            )
        pinned: list[tuple[str, int]] = []
        for item in node.get("extracts") or []:
            match = _EXTRACT.match(str(item))
            if not match:
                raise _fail(path, located, node, "extracts", f"extract {item!r} is not DOC#N")
            pinned.append((match["doc"], int(match["para"])))
        themes.append(
            CandidateTheme(
                id=theme_id,
                name=str(node.get("name") or theme_id.replace("_", " ").capitalize()),
                definition=str(node.get("definition") or ""),
                codes=[str(c) for c in codes],
                pinned=pinned,
            )
        )
    memos = data.get("memos")
    return ThemeMap(
        title=str(data.get("title") or "Thematic analysis"),
        codebook=codebook.id,
        themes=themes,
        count=count,
        coders=[str(c) for c in data.get("coders") or []],
        documents=[str(d) for d in data.get("documents") or []],
        memos=(path.parent / str(memos)) if memos else None,
        description=str(data.get("description") or ""),
        extracts_per_theme=int(data.get("extracts_per_theme", 3)),
        source=path,
    )


def starter_theme_map(codebook_id: str, title: str = "") -> str:
    """A THEMES.yaml to edit: one candidate theme per code of the codebook, as a start."""
    codebook = load_codebook(codebook_id)
    document: dict[str, Any] = {
        "title": title or f"Thematic analysis ({codebook.name})",
        "codebook": codebook.id,
        "count": "any",
        "memos": "memos.yaml",
        "themes": [
            {
                "id": code.id,
                "name": code.name,
                "definition": code.definition,
                "codes": [code.id],
            }
            for code in codebook.codes
        ],
    }
    header = (
        "# Candidate themes (Braun & Clarke phase 3): group codes into themes, rename and\n"
        "# define them (phases 4-5), then `rapport themes review` and `rapport themes report`.\n"
    )
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def read_memos(path: Path | None) -> list[Memo]:
    """Memos from a YAML list of {text, document, paragraph, author, date}; none if no file."""
    if path is None or not path.is_file():
        return []
    located = load_yaml(path.read_text(encoding="utf-8"), path)
    items = located.value or []
    if not isinstance(items, list):
        raise IngestError(path, 1, "a memo file is a list of memos")
    memos = []
    for item in items:
        if not isinstance(item, dict) or not item.get("text"):
            raise IngestError(path, located.line_of(items, None), "each memo needs a text")
        date = item.get("date")
        memos.append(
            Memo(
                text=str(item["text"]),
                document=str(item["document"]) if item.get("document") else None,
                paragraph=int(item["paragraph"]) if item.get("paragraph") is not None else None,
                author=str(item.get("author") or ""),
                date=date if isinstance(date, dt.date) else None,
            )
        )
    return memos


def add_memo(path: Path, memo: Memo) -> int:
    """Append ``memo`` to the memo file (created if missing); returns how many it holds."""
    items: list[dict[str, Any]] = []
    if path.is_file():
        items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    entry: dict[str, Any] = {"text": memo.text}
    if memo.document:
        entry["document"] = memo.document
    if memo.paragraph is not None:
        entry["paragraph"] = memo.paragraph
    if memo.author:
        entry["author"] = memo.author
    entry["date"] = memo.date or dt.date.today()
    items.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(items, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return len(items)
