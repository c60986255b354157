"""Codebooks as data: the shipped YAML files and the loader that validates them.

A codebook file names its themes, and each theme its codes. The loader checks that ids
are unique snake_case, that every code sits in a theme, and that colours are hex, and
reports each problem with the line it is on.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from rapport.errors import CodebookError
from rapport.model import Code, Codebook, Role, Theme

DEFAULT_CODEBOOK = "kaye2021"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_LINE = "__line__"


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers, for every mapping, the line it starts on."""


def _construct_mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = {
        str(k): v for k, v in loader.construct_mapping(node, deep=True).items()
    }
    mapping[_LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping_with_line
)


def shipped_codebooks() -> list[str]:
    """Ids of the codebooks that ship with Rapport."""
    folder = resources.files(__package__)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_codebook(name_or_path: str | Path = DEFAULT_CODEBOOK) -> Codebook:
    """Load a shipped codebook by id (``kaye2021``) or any codebook file by path."""
    path = Path(name_or_path)
    if path.suffix.lower() in {".yaml", ".yml"} or path.exists():
        if not path.is_file():
            raise CodebookError(path, None, "codebook file not found")
        return parse_codebook(path.read_bytes(), str(path))
    name = str(name_or_path)
    if name not in shipped_codebooks():
        known = ", ".join(shipped_codebooks())
        raise CodebookError(name, None, f"no such codebook; shipped codebooks are: {known}")
    data = resources.files(__package__).joinpath(f"{name}.yaml").read_bytes()
    return parse_codebook(data, f"{name}.yaml")


def parse_codebook(data: bytes | str, source: str = "<codebook>") -> Codebook:
    """Parse and validate a codebook; every problem raises ``CodebookError`` with a line."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            bad_line = data[: exc.start].count(b"\n") + 1
            raise CodebookError(source, bad_line, "not UTF-8 text") from None
    else:
        text = data
    try:
        document = yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise CodebookError(source, line, f"invalid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise CodebookError(source, None, f"invalid YAML: {exc}") from None
    if not isinstance(document, dict):
        raise CodebookError(source, 1, "a codebook is a mapping with id, name and themes")
    return _build(document, source)


def _require(node: dict[str, Any], key: str, source: str, what: str) -> Any:
    value = node.get(key)
    if value is None or value == "" or value == []:
        raise CodebookError(source, node.get(_LINE), f"{what} has no '{key}'")
    return value


def _check_id(value: Any, line: int | None, source: str, what: str) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise CodebookError(
            source, line, f"{what} id {value!r} must be snake_case: lower-case letters, digits, _"
        )
    return value


def _roles(value: Any, line: int | None, source: str, code_id: str) -> frozenset[Role]:
    if value is None:
        return frozenset({Role.CLINICIAN})
    if isinstance(value, str):
        value = [value]
    try:
        return frozenset(Role(v) for v in value)
    except (ValueError, TypeError):
        allowed = ", ".join(r.value for r in Role)
        raise CodebookError(
            source, line, f"code '{code_id}' applies_to {value!r}; roles are: {allowed}"
        ) from None


def _build(document: dict[str, Any], source: str) -> Codebook:
    codebook_id = _check_id(_require(document, "id", source, "codebook"), 1, source, "codebook")
    themes_node = _require(document, "themes", source, "codebook")
    if not isinstance(themes_node, list):
        raise CodebookError(source, document.get(_LINE), "'themes' must be a list")
    seen: dict[str, int | None] = {}
    themes: list[Theme] = []
    for theme_node in themes_node:
        if not isinstance(theme_node, dict):
            raise CodebookError(source, None, f"theme {theme_node!r} must be a mapping")
        line = theme_node.get(_LINE)
        theme_id = _check_id(_require(theme_node, "id", source, "theme"), line, source, "theme")
        if theme_id in seen:
            raise CodebookError(
                source, line, f"id '{theme_id}' is used twice (first on line {seen[theme_id]})"
            )
        seen[theme_id] = line
        colour = str(_require(theme_node, "colour", source, f"theme '{theme_id}'"))
        if not _COLOUR.match(colour):
            raise CodebookError(
                source, line, f"theme '{theme_id}' colour {colour!r} is not #RRGGBB"
            )
        codes_node = _require(theme_node, "codes", source, f"theme '{theme_id}'")
        if not isinstance(codes_node, list):
            raise CodebookError(source, line, f"theme '{theme_id}' codes must be a list")
        codes: list[Code] = []
        for code_node in codes_node:
            if not isinstance(code_node, dict):
                raise CodebookError(source, line, f"code {code_node!r} must be a mapping")
            code_line = code_node.get(_LINE)
            code_id = _check_id(
                _require(code_node, "id", source, "code"), code_line, source, "code"
            )
            if code_id in seen:
                raise CodebookError(
                    source,
                    code_line,
                    f"id '{code_id}' is used twice (first on line {seen[code_id]})",
                )
            seen[code_id] = code_line
            codes.append(
                Code(
                    id=code_id,
                    name=str(code_node.get("name") or code_id.replace("_", " ").capitalize()),
                    theme=theme_id,
                    definition=str(_require(code_node, "definition", source, f"code '{code_id}'")),
                    applies_to=_roles(code_node.get("applies_to"), code_line, source, code_id),
                    requires_timings=bool(code_node.get("requires_timings", False)),
                )
            )
        themes.append(
            Theme(
                id=theme_id,
                name=str(theme_node.get("name") or theme_id.replace("_", " ").capitalize()),
                colour=colour,
                codes=codes,
                description=str(theme_node.get("description", "")),
            )
        )
    return Codebook(
        id=codebook_id,
        name=str(document.get("name") or codebook_id),
        version=str(document.get("version", "1")),
        themes=themes,
        citation=str(document.get("citation", "")),
        licence=str(document.get("licence", "")),
    )


def codebook_to_dict(codebook: Codebook) -> dict[str, Any]:
    """A JSON-ready view of a codebook, in the same shape as the YAML files."""
    return {
        "id": codebook.id,
        "name": codebook.name,
        "version": codebook.version,
        "citation": codebook.citation,
        "licence": codebook.licence,
        "themes": [
            {
                "id": theme.id,
                "name": theme.name,
                "colour": theme.colour,
                "codes": [
                    {
                        "id": code.id,
                        "name": code.name,
                        "definition": code.definition,
                        "applies_to": sorted(r.value for r in code.applies_to),
                        "requires_timings": code.requires_timings,
                    }
                    for code in theme.codes
                ],
            }
            for theme in codebook.themes
        ],
    }
